// The client's config file with named profiles, so that an officer need
// not give the broker's endpoints and the key files on every call:
//
//   # ~/.config/xinbao/config.toml ($XDG_CONFIG_HOME/xinbao/config.toml)
//   default_profile = "chengguan"
//   [profiles.chengguan]
//   endpoint = "tcp://county.example:7601"         # submit socket
//   query_endpoint = "tcp://county.example:7602"
//   feed_endpoint = "tcp://county.example:7603"
//   key_file = "~/.config/xinbao/chengguan.key"
//   server_key = "~/.config/xinbao/broker.pub"    # or the key's Z85 text
//   unit = "chengguan"                              # submit's default --unit
//   outbox = "~/xinbao-outbox"
//   skip_level = "jiangzhou"     # 越级上报: urgent reports of grade
//   skip_level_from = "III"      # Ⅲ or graver go to that profile's broker
//                                # too, in the same submit (same key)
//   [profiles.jiangzhou]         # the upper level's broker
//   endpoint = "tcp://city.example:7601"
//   server_key = "~/.config/xinbao/city-broker.pub"
//   outbox = "~/xinbao-outbox-jiangzhou"   # default: <outbox>.jiangzhou
//
// Every key is optional; every value is a string. Paths (key_file,
// server_key, outbox) may start with "~/" (the home folder); a relative
// path is taken relative to the config file's folder. A server_key that
// is a key's Z85 text is kept as it is (--server-key takes either). `--config PATH`
// names another file; `--profile NAME` (XINBAO_PROFILE) picks a profile,
// else `default_profile`, else none.
//
// Precedence, for each setting: a flag, then its environment variable
// (XINBAO_ENDPOINT …), then the profile, then the built-in default.
//
// A key the file should not have, a value that is not a string, a profile
// the file does not have, a file that does not parse — or, when --config
// or --profile asked for it, a file that is not there — is a local error
// (ERROR_CODE_INVALID_FIELD, the file and the key named in plain Chinese).
// No file at the default place is no profile.
//
// Threads: pure functions, apart from reading the file.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "clients/cli/global_options.h"
#include "proto/status.h"

namespace xinbao::client::cli {

struct ClientProfile {
  std::string name;
  std::filesystem::path file;  // where it was read from
  std::optional<std::string> endpoint;
  std::optional<std::string> query_endpoint;
  std::optional<std::string> feed_endpoint;
  std::optional<std::string> key_file;    // paths resolved (see above)
  std::optional<std::string> server_key;
  std::optional<std::string> unit;
  std::optional<std::string> outbox;
  std::optional<std::string> time_zone;  // IANA name, as --time-zone
  // 越级上报: the profile of the upper broker a grave urgent report also
  // goes to, and from which grade ("III": Ⅰ–Ⅲ). The other profile's key
  // file and unit default to this one's.
  std::optional<std::string> skip_level;
  std::optional<std::string> skip_level_from;
};

// The default config file: $XDG_CONFIG_HOME/xinbao/config.toml when that
// variable is set to an absolute path, else $HOME/.config/xinbao/config.toml;
// nullopt when neither is set. The arguments are the variables' values
// (null: unset).
std::optional<std::filesystem::path> DefaultConfigPath(
    const char* xdg_config_home, const char* home);

// Reads profile `name` from `file` (empty name: the file's default_profile;
// none: nullopt). `required`: the file must exist (it was named by
// --config, or a profile was asked for); otherwise a missing file is
// nullopt. `home` expands "~/" (null: a "~/" path is an error).
Result<std::optional<ClientProfile>> LoadClientProfile(
    const std::filesystem::path& file, std::string_view name, bool required,
    const char* home);

// Sets each of `options`' settings that the profile has and that
// `given(flag)` says no flag or environment variable gave ("--endpoint",
// "--query-endpoint", "--feed-endpoint", "--key-file", "--server-key",
// "--outbox"); the unit always (only submit reads it, where a --unit flag
// or the report file wins).
void ApplyClientProfile(const ClientProfile& profile,
                        const std::function<bool(std::string_view)>& given,
                        GlobalOptions& options);

// --config and --profile (XINBAO_PROFILE) on `app`, and after parsing,
// the profile they choose applied to `options` (flags and environment
// variables first) — and, when it names a skip_level profile, that
// profile's settings as options.skip_level (the flags do not apply to it).
// Both must outlive this object.
class ProfileOptions {
 public:
  ProfileOptions(CLI::App& app, GlobalOptions& options);

  // Loads and applies the chosen profile, if any; reads the environment
  // (XDG_CONFIG_HOME, HOME). Call once, after app.parse().
  Status Apply() const;

 private:
  // The skip_level profile `profile` names, into options_.skip_level.
  Status ApplySkipLevel(const ClientProfile& profile, const char* home) const;

  CLI::App& app_;
  GlobalOptions& options_;
  std::string config_;
  std::string profile_;
};

}  // namespace xinbao::client::cli
