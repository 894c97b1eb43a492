// What every `xinbao` subcommand shares: the global options (given before
// or after the subcommand) and the exit codes.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "clients/lib/curve_client.h"
#include "clients/text/event_text.h"
#include "clients/text/local_time.h"
#include "proto/status.h"
#include "xinbao/v1/report.pb.h"

namespace xinbao::client::cli {

// The same four codes for every subcommand; "--help" prints kExitCodeHelp.
enum ExitCode {
  kSettled = 0,       // done: all acknowledged, or the question answered
  kLocalError = 2,    // a mistake on this side: flag, file, address
  kStillPending = 3,  // not done yet, try again: reports still in the
                      // outbox, or the broker did not answer in time
  kRefused = 4,       // the broker said no: a report refused, an unknown
                      // event, an action not permitted
};

inline constexpr const char* kExitCodeHelp =
    "退出码: 0 完成（报告均已确认，或查询已答复）；2 "
    "本地错误（参数、文件、地址）；"
    "3 尚未完成，可稍后再试（报告仍在发件箱，或服务器未及时回复）；"
    "4 服务器拒绝（报告被拒绝、事件不存在、无权操作等）。";

inline constexpr double kSubmitTimeoutSeconds = 30;
inline constexpr double kQueryTimeoutSeconds = 5;

// Each setting comes from a flag, else its environment variable, else the
// profile of the client's config file (client_profile.h), else the
// default here.
struct GlobalOptions {
  std::string endpoint = "tcp://127.0.0.1:7601";
  std::string query_endpoint = "tcp://127.0.0.1:7602";
  std::string feed_endpoint = "tcp://127.0.0.1:7603";
  std::string outbox;
  // The profile's `unit`: submit's unit when neither --unit nor the report
  // file names one. Empty: none.
  std::string unit;
  // The profile in use and its file, for `xinbao status`; empty: none.
  std::string profile;
  std::string config_file;
  // --timeout; when not given, kSubmitTimeoutSeconds for sending reports
  // and kQueryTimeoutSeconds for each attempt of a query.
  std::optional<double> timeout_seconds;
  double reply_timeout_seconds = 3;
  bool json = false;
  // --key-file (XINBAO_KEY_FILE): the user's .key file; --server-key
  // (XINBAO_SERVER_KEY): the broker's .pub file. Both or neither; main()
  // loads them once into `curve` after parsing, before any command runs
  // (keygen, outbox and new-event-id, which talk to no broker, skip it),
  // and every client a command opens takes `curve`. Neither: no CURVE.
  std::string key_file;
  std::string server_key_file;
  std::optional<CurveClientKeys> curve;
  // --time-zone (XINBAO_TIME_ZONE): the zone local times are read and shown
  // in until a reply names the broker's own (Reply.time_zone); main() loads
  // `zone` from the name after parsing.
  std::string time_zone_name = std::string(kDefaultTimeZone);
  TimeZone zone;
  // --acting-user (XINBAO_ACTING_USER), --person (XINBAO_PERSON): with a
  // gateway's key (a web program's), the registered user every request is
  // made for and the person who makes it (Envelope.acting_user, .person;
  // docs/PROTOCOL.md, "Web programs and the broker"). Empty: none.
  std::string acting_user;
  std::string person;
  // 越级上报 (the profile's skip_level, client_profile.h): the upper
  // broker's settings and from which grade an urgent report also goes
  // there; null: none. main() loads its keys as it does this one's.
  struct SkipLevel;
  std::shared_ptr<SkipLevel> skip_level;
};

struct GlobalOptions::SkipLevel {
  std::string profile;  // its name in the config file
  v1::Severity from = v1::SEVERITY_III;
  GlobalOptions options;
};

// Prints "错误: <message>" on stderr and returns kLocalError.
inline int Fail(const Status& status) {
  std::cerr << "错误: " << status.message() << std::endl;
  return kLocalError;
}

// Prints "错误: <flag> 的值 "<value>" 不对，应为 <accepted>" on stderr and
// returns kLocalError.
inline int BadFlag(const std::string& flag, const std::string& value,
                   const std::string& accepted) {
  std::cerr << "错误: " << flag << " 的值 \"" << value << "\" 不对，应为 "
            << accepted << std::endl;
  return kLocalError;
}

inline std::chrono::milliseconds Millis(double seconds) {
  // Bounded so that a silly value cannot overflow the clock.
  return std::chrono::milliseconds(
      static_cast<int64_t>(std::min(seconds, 1e8) * 1000));
}

// The wall clock and `zone`, as the views see them.
inline ViewClock NowIn(const TimeZone& zone) {
  return ViewClock{std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count(),
                   zone};
}

// The wall clock and the zone `reply` names (else the options' zone).
inline ViewClock Now(const GlobalOptions& options, const v1::Reply& reply) {
  return NowIn(ZoneOf(reply, options.zone));
}

}  // namespace xinbao::client::cli
