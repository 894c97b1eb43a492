// The web faces from the command line:
//   xinbao desk       (报送台) the office's report desk: serves its pages on
//                     --listen (127.0.0.1:7680), sends as --unit (else the
//                     profile's unit), through <state>/outbox, with
//                     the global --key-file/--server-key; runs until
//                     SIGINT or SIGTERM (clients/desk/desk.h).
//   xinbao centre     (值班台) the central office's dashboard: serves its
//                     pages on --listen (127.0.0.1:7690) and speaks to the
//                     broker with the global --key-file, a key of role
//                     gateway, for each signed-in person as their login's
//                     registry user; follows the feed as --feed-user
//                     (clients/centre/centre.h).
//   xinbao web-login  (网页登录) adds a login to a web face's logins file or
//                     sets its password (read from stdin, twice when it is
//                     a terminal), or disables it.
// Exit codes as in global_options.h: 2 for a local mistake (flags, files,
// an address that needs TLS).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "clients/cli/global_options.h"
#include "clients/web/listen_rule.h"

namespace xinbao::client::cli {

class WebCommands {
 public:
  WebCommands(CLI::App& app, const GlobalOptions& options);
  std::optional<int> RunParsed() const;
  // web-login touches no broker: no keys needed.
  bool ParsedIsLocal() const;

 private:
  // --listen ADDRESS with the TLS flags.
  Status Listen(const std::string& address, web::ListenOptions* listen) const;
  int RunDesk() const;
  int RunCentre() const;
  int RunWebLogin() const;

  const GlobalOptions& options_;
  CLI::App* desk_;
  CLI::App* centre_;
  CLI::App* web_login_;
  struct Flags {
    std::string listen = "127.0.0.1:7680";
    std::string state_dir = "xinbao-desk";
    std::string unit;
    std::string centre_listen = "127.0.0.1:7690";
    std::string centre_state_dir = "xinbao-centre";
    std::string feed_user = "county-office";
    std::string logins;
    std::string tls_cert;
    std::string tls_key;
    bool insecure_plain_http = false;
    // web-login
    std::string file;
    std::string name;
    std::string display;
    std::string user;
    bool disable = false;
  };
  Flags flags_;
};

}  // namespace xinbao::client::cli
