// xinbao: the command line for township and department information officers
// and for the central office.
//
//   xinbao submit | flush | outbox [--rejected] | resend ID | discard ID
//       (报送 重发 发件箱 改正重发 丢弃) (clients/cli/outbox_commands.h)
//   xinbao new-event-id                                           (新事件编号)
//   xinbao --version
//   xinbao events | event ID | overdue | merge-events | reopen-event
//       (clients/cli/event_commands.h)
//   xinbao watch [--once]                                         (值班监看)
//       (clients/cli/watch_command.h)
//   xinbao replay [--from-seq N] [--since T] [--unit U]… [--format csv]
//   [--follow]
//                                          (回放)
//                                          (clients/cli/replay_command.h)
//   xinbao as-of TIME [--event ID]         (回看) (clients/cli/as_of_command.h)
//   xinbao stats [--month YYYY-MM] [--csv] (考核统计) (clients/cli/stats_command.h)
//   xinbao keygen --out PREFIX [--force]   (生成密钥) (clients/cli/keygen_command.h)
//   xinbao audit / reload-registry         (管理员) (clients/cli/admin_commands.h)
//   xinbao status                          (状态) (clients/cli/status_command.h)
//   xinbao health                          (健康) (clients/cli/health_command.h)
//   xinbao backup [--note TEXT]            (备份) (clients/cli/backup_command.h)
//   xinbao verify / export / verify-export (校验存证, 导出存证, 核对导出)
//                                          (clients/cli/archive_commands.h)
//   xinbao policy                          (报送规则) (clients/cli/policy_command.h)
//   xinbao desk / centre / web-login       (报送台, 值班台, 网页登录) (clients/cli/web_commands.h)
//   xinbao bulletin series|list|show|pdf|item|drop|draft|sign|adopt|instruct
//                                          (刊物编辑) (clients/cli/bulletin_commands.h)
//   xinbao commission ask|list|cancel      (约稿) (clients/cli/commission_commands.h)
//   xinbao feedback [--unit U] [--month M] (采用反馈) (clients/cli/feedback_command.h)
//   xinbao score [--month M] [--explain] [--pdf F|--xlsx F|--csv]
//                                          (考核通报) (clients/cli/score_command.h)
//
// Settings: flag > environment variable > the profile of the config file
// (--config, --profile; clients/cli/client_profile.h) > built-in default.
//
// Keys (clients/curve_client.h): with --key-file FILE (XINBAO_KEY_FILE) and
// --server-key FILE (XINBAO_SERVER_KEY), every socket to the broker is a
// CURVE client; one without the other, or a file that cannot be used, is a
// local error (2) before anything is sent. Without them: no CURVE. (`submit
// --key` is the report's idempotency key, not a key file.)
//
// A web program's gateway key speaks for a registered user: --acting-user
// NAME (XINBAO_ACTING_USER) puts that user in every request, --person TEXT
// (XINBAO_PERSON) the person who makes it (docs/PROTOCOL.md, "Web programs
// and the broker"). `watch` does not take them (its feed follower asks for
// snapshots as the key itself).
//
// A command line that cannot be parsed (a mistyped command, an unknown
// option, a missing or bad value) is answered in Chinese naming the bad
// token (clients/cli/usage_error.h), with exit code 2; help columns are
// aligned by display width (clients/cli/help_formatter.h).
//
// Exit codes (global_options.h): 0 every report settled and acknowledged,
// or the question answered; 2 a usage or local error; 3 something is still
// pending in the outbox, or the broker did not answer in time; 4 the broker
// refused something for good (4 wins over 3).
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "clients/cli/admin_commands.h"
#include "clients/cli/as_of_command.h"
#include "clients/cli/archive_commands.h"
#include "clients/cli/backup_command.h"
#include "clients/cli/bulletin_commands.h"
#include "clients/cli/client_profile.h"
#include "clients/cli/commission_commands.h"
#include "clients/cli/duban_commands.h"
#include "clients/cli/event_commands.h"
#include "clients/cli/feedback_command.h"
#include "clients/cli/global_options.h"
#include "clients/cli/help_formatter.h"
#include "clients/cli/keygen_command.h"
#include "clients/cli/outbox_commands.h"
#include "clients/cli/policy_command.h"
#include "clients/cli/replay_command.h"
#include "clients/cli/score_command.h"
#include "clients/cli/stats_command.h"
#include "clients/cli/health_command.h"
#include "clients/cli/status_command.h"
#include "clients/cli/usage_error.h"
#include "clients/cli/web_commands.h"
#include "clients/cli/watch_command.h"
#include "clients/lib/curve_client.h"
#include "clients/lib/submit_client.h"

namespace {

using namespace xinbao::client;
using namespace xinbao::client::cli;
namespace v1 = xinbao::v1;

// Loads --key-file and --server-key (both or neither) into options.curve.
// INVALID_FIELD when only one is given; otherwise as LoadCurveClientKeys.
xinbao::Status LoadCurve(GlobalOptions& options) {
  const bool own = !options.key_file.empty();
  const bool server = !options.server_key_file.empty();
  if (!own && !server) return xinbao::Status::Ok();
  if (own != server) {
    return xinbao::Status(
        v1::ERROR_CODE_INVALID_FIELD,
        std::string(
            "--key-file 与 --server-key 须同时给出（或都不给）：--key-file "
            "是本用户的密钥文件（xinbao keygen 生成的 .key），"
            "--server-key 是服务器的公钥文件（.pub，向中心索取）；现在缺少 ") +
            (own ? "--server-key（或 XINBAO_SERVER_KEY）"
                 : "--key-file（或 XINBAO_KEY_FILE）"),
        own ? "--server-key" : "--key-file");
  }
  xinbao::Result<CurveClientKeys> keys =
      LoadCurveClientKeys(options.key_file, options.server_key_file);
  if (!keys.ok()) return keys.status();
  options.curve = std::move(keys).value();
  return xinbao::Status::Ok();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"xinbao: 信息报送客户端"};
  app.require_subcommand(1, 1);
  app.fallthrough();
  app.footer(kExitCodeHelp);
  app.set_help_flag("-h,--help", "显示帮助并退出");
  app.set_version_flag("--version", "xinbao " XINBAO_VERSION, "显示版本号并退出");
  app.failure_message(UsageErrorText);
  GlobalOptions options;
  app.add_option("--endpoint", options.endpoint,
                 "报送服务器地址（报告、合并事件、重开事件）")
      ->envname("XINBAO_ENDPOINT")
      ->capture_default_str();
  app.add_option("--query-endpoint", options.query_endpoint,
                 "查询服务器地址（events、event、overdue、watch）")
      ->envname("XINBAO_QUERY_ENDPOINT")
      ->capture_default_str();
  app.add_option("--feed-endpoint", options.feed_endpoint,
                 "实时推送地址（watch、replay --follow）")
      ->envname("XINBAO_FEED_ENDPOINT")
      ->capture_default_str();
  app.add_option("--outbox", options.outbox,
                 "发件箱目录（默认 $HOME/.local/share/xinbao/outbox）")
      ->envname("XINBAO_OUTBOX");
  app.add_option_function<double>(
         "--timeout",
         [&options](double seconds) { options.timeout_seconds = seconds; },
         "时限（秒）：发送报告的总时限，默认 30；查询每次等回复的时限，默认 5"
         "（无回复时重连再问一次）")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--reply-timeout", options.reply_timeout_seconds,
                 "多久收不到回复就重连重发（秒）")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_flag("--json", options.json, "每行输出一个 JSON 对象");
  app.add_option("--time-zone", options.time_zone_name,
                 "读写本地时间所用的时区（IANA 名），须与服务器一致；"
                 "服务器的回复会带上它自己的时区")
      ->envname("XINBAO_TIME_ZONE")
      ->capture_default_str();
  app.add_option("--key-file", options.key_file,
                 "本用户的密钥文件（xinbao keygen 生成的 .key），服务器启用 "
                 "CURVE 加密时需要，须与 --server-key 同给")
      ->envname("XINBAO_KEY_FILE");
  app.add_option("--server-key", options.server_key_file,
                 "服务器的公钥文件（.pub），须与 --key-file 同给")
      ->envname("XINBAO_SERVER_KEY");
  app.add_option("--acting-user", options.acting_user,
                 "网关密钥（网页程序）代哪位登记用户提出请求；服务器按该用户的"
                 "角色和单位审核")
      ->envname("XINBAO_ACTING_USER");
  app.add_option("--person", options.person,
                 "经办人姓名（网页上点按钮的人，最多 64 个字），记入审计日志，"
                 "不授予任何权限")
      ->envname("XINBAO_PERSON");

  const OutboxCommands outbox_commands(app, options);
  CLI::App* new_event_id =
      app.add_subcommand("new-event-id", "生成一个新的事件编号");
  new_event_id->alias("新事件编号");
  const EventCommands event_commands(app, options);
  const DubanCommands duban_commands(app, options);
  const WatchCommand watch_command(app, options);
  const AdminCommands admin_commands(app, options);
  const KeygenCommand keygen_command(app, options);
  const ReplayCommand replay_command(app, options);
  const AsOfCommand as_of_command(app, options);
  const StatsCommand stats_command(app, options);
  const PolicyCommand policy_command(app, options);
  const BulletinCommands bulletin_commands(app, options);
  const CommissionCommands commission_commands(app, options);
  const FeedbackCommand feedback_command(app, options);
  const ScoreCommand score_command(app, options);
  const StatusCommand status_command(app, options);
  const HealthCommand health_command(app, options);
  const BackupCommand backup_command(app, options);
  const ArchiveCommands archive_commands(app, options);
  const WebCommands web_commands(app, options);
  const ProfileOptions profile_options(app, options);
  UseChineseHelp(app);  // after every option and subcommand

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help and --version print on stdout (0); a usage error, in Chinese
    // (UsageErrorText), on stderr (2).
    return app.exit(e) == 0 ? kSettled : kLocalError;
  }
  if (xinbao::Status s = profile_options.Apply(); !s.ok()) return Fail(s);
  xinbao::Result<TimeZone> zone =
      TimeZone::Load(options.time_zone_name, "--time-zone");
  if (!zone.ok()) return Fail(zone.status());
  options.zone = std::move(zone).value();
  // Keys only for the commands that talk to the broker: keygen may be
  // writing the very file XINBAO_KEY_FILE names.
  if (!outbox_commands.ParsedIsLocal() && !new_event_id->parsed() &&
      !web_commands.ParsedIsLocal() &&
      !app.got_subcommand("keygen")) {
    if (xinbao::Status s = LoadCurve(options); !s.ok()) return Fail(s);
    if (options.skip_level) {  // the upper broker's keys, for 越级
      GlobalOptions& up = options.skip_level->options;
      up.zone = options.zone;
      if (xinbao::Status s = LoadCurve(up); !s.ok()) return Fail(s);
    }
  }
  if (const std::optional<int> code = outbox_commands.RunParsed()) return *code;
  if (new_event_id->parsed()) {
    std::cout << NewUuid() << std::endl;
    return kSettled;
  }
  if (const std::optional<int> code = event_commands.RunParsed()) return *code;
  if (const std::optional<int> code = duban_commands.RunParsed()) return *code;
  if (const std::optional<int> code = watch_command.RunParsed()) return *code;
  if (const std::optional<int> code = admin_commands.RunParsed()) return *code;
  if (const std::optional<int> code = keygen_command.RunParsed()) return *code;
  if (const std::optional<int> code = replay_command.RunParsed()) return *code;
  if (const std::optional<int> code = as_of_command.RunParsed()) return *code;
  if (const std::optional<int> code = stats_command.RunParsed()) return *code;
  if (const std::optional<int> code = status_command.RunParsed()) return *code;
  if (const std::optional<int> code = health_command.RunParsed()) return *code;
  if (const std::optional<int> code = backup_command.RunParsed()) return *code;
  if (const std::optional<int> code = archive_commands.RunParsed()) return *code;
  if (const std::optional<int> code = policy_command.RunParsed()) return *code;
  if (const std::optional<int> code = bulletin_commands.RunParsed()) return *code;
  if (const std::optional<int> code = commission_commands.RunParsed()) return *code;
  if (const std::optional<int> code = feedback_command.RunParsed()) return *code;
  if (const std::optional<int> code = score_command.RunParsed()) return *code;
  if (const std::optional<int> code = web_commands.RunParsed()) return *code;
  return kLocalError;
}
