// Desk (报送台): the office's web face, run at the township or department
// (`xinbao desk`). It holds the unit's key, serves its pages on 127.0.0.1
// by default, and sends through the unit's on-disk outbox (Courier), so a
// report written while the link to the county is down waits and goes by
// itself. Persons of the office sign in with their own logins; whatever
// they do is journaled under their name, and the broker's audit log names
// them too (Envelope.person).
//
// Its state folder holds: outbox/ (the client library's), sent.jsonl
// (delivered reports), journal.jsonl (what persons did), logins.toml and
// demo-logins.txt (when started without --logins), policy.pb (the broker's
// last policy, so the form knows each stage's required elements offline)
// and unit-name.txt (the unit's name as the broker last gave it).
//
// Threads: Start serves on threads of its own until Stop or destruction.
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>

#include "clients/lib/query_client.h"
#include "clients/lib/submit_client.h"
#include "clients/web/listen_rule.h"
#include "proto/status.h"

namespace xinbao::desk {

struct DeskOptions {
  web::ListenOptions listen;  // 127.0.0.1:7680 by default (set by the CLI)
  std::filesystem::path state_dir;
  // Empty: <state_dir>/logins.toml, made with a demo login if missing.
  std::filesystem::path logins_file;
  std::string unit_id;  // the unit this desk reports for (required)
  client::ClientOptions submit;  // endpoint, curve; outbox_dir is set here
  client::QueryOptions query;
  // The zone to show times in until the broker names its own.
  std::string time_zone = "Asia/Shanghai";
};

class Desk {
 public:
  // Opens the state folder, the outbox and the logins, and starts serving.
  // Prints the address (and demo logins when it made them) to `out`.
  static Result<std::unique_ptr<Desk>> Start(DeskOptions options,
                                             std::ostream& out);
  ~Desk();
  std::string url() const;
  void Stop();

 private:
  struct Impl;
  explicit Desk(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace xinbao::desk
