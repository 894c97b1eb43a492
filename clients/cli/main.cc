// xinbao: the command line for township and department information officers
// and for the central office.
//
//   xinbao submit [--file report.json] [--unit …] [--title …] …   (报送)
//   xinbao flush                                                  (重发)
//   xinbao outbox                                                 (发件箱)
//   xinbao new-event-id                                           (新事件编号)
//   xinbao events | event ID | overdue | merge-events | reopen-event
//       (clients/cli/event_commands.h)
//   xinbao watch [--once]                                         (值班监看)
//       (clients/cli/watch_command.h)
//   xinbao replay [--from-seq N] [--since T] [--unit U]… [--format csv] [--follow]
//                                          (回放) (clients/cli/replay_command.h)
//   xinbao as-of TIME [--event ID]         (回看) (clients/cli/as_of_command.h)
//   xinbao stats [--month YYYY-MM] [--csv] (考核统计) (clients/cli/stats_command.h)
//   xinbao keygen --out PREFIX [--force]   (生成密钥) (clients/cli/keygen_command.h)
//   xinbao audit / reload-registry         (管理员) (clients/cli/admin_commands.h)
//   xinbao status                          (状态) (clients/cli/status_command.h)
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

#include "clients/cli/as_of_command.h"
#include "clients/cli/client_profile.h"
#include "clients/cli/event_commands.h"
#include "clients/cli/global_options.h"
#include "clients/cli/keygen_command.h"
#include "clients/cli/replay_command.h"
#include "clients/cli/stats_command.h"
#include "clients/cli/status_command.h"
#include "clients/cli/watch_command.h"
#include "clients/cli/admin_commands.h"
#include "clients/lib/curve_client.h"
#include "clients/lib/outbox.h"
#include "clients/text/report_flags.h"
#include "clients/text/report_lines.h"
#include "clients/lib/submit_client.h"

namespace {

using namespace xinbao::client;
using namespace xinbao::client::cli;
namespace v1 = xinbao::v1;

// Fills in the outbox folder from $HOME when neither --outbox nor
// XINBAO_OUTBOX gave one.
xinbao::Status ResolveOutbox(GlobalOptions& options) {
  if (!options.outbox.empty()) return xinbao::Status::Ok();
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') {
    return xinbao::Status(
        v1::ERROR_CODE_MISSING_FIELD,
        "未设置 HOME：请用 --outbox 或 XINBAO_OUTBOX 指定发件箱目录",
        "--outbox");
  }
  options.outbox = std::string(home) + "/.local/share/xinbao/outbox";
  return xinbao::Status::Ok();
}

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

void WarnUnreadable(const Outbox& outbox) {
  for (const std::string& line : outbox.Unreadable()) {
    std::cerr << "警告: 发件箱中有无法读取的文件（不会发送，也未删除）: "
              << line << std::endl;
  }
}

xinbao::Result<std::unique_ptr<SubmitClient>> OpenClient(
    const GlobalOptions& options) {
  ClientOptions client;
  client.endpoint = options.endpoint;
  client.outbox_dir = options.outbox;
  client.reply_timeout = Millis(options.reply_timeout_seconds);
  client.curve = options.curve;
  return SubmitClient::Open(std::move(client));
}

// Sends everything pending and prints one line per settled report.
int FlushAndReport(SubmitClient& client, const GlobalOptions& options) {
  const auto deadline =
      std::chrono::steady_clock::now() +
      Millis(options.timeout_seconds.value_or(kSubmitTimeoutSeconds));
  const FlushSummary summary =
      client.Flush(deadline, [&options](const Delivery& delivery) {
        std::cout << (options.json ? DeliveryJson(delivery)
                                   : DeliveryText(delivery))
                  << std::endl;
      });
  WarnUnreadable(client.outbox());
  if (!summary.outbox_status.ok()) {
    std::cerr << "警告: 发件箱读写失败: " << summary.outbox_status.message()
              << std::endl;
  }
  if (summary.still_pending > 0) {
    (options.json ? std::cerr : std::cout)
        << StillPendingText(summary.still_pending, client.outbox().dir())
        << CurveSilenceHint(options.curve) << std::endl;
  }
  if (summary.rejected > 0) return kRefused;
  if (summary.still_pending > 0) return kStillPending;
  if (!summary.outbox_status.ok()) return kLocalError;
  if (summary.acknowledged == 0 && !options.json) {
    std::cout << "发件箱中没有待发的报告" << std::endl;
  }
  return kSettled;
}

int RunSubmit(GlobalOptions options, const std::string& file,
              const ReportFlags& flags) {
  if (xinbao::Status s = ResolveOutbox(options); !s.ok()) return Fail(s);
  v1::Report base;
  if (!file.empty()) {
    xinbao::Result<v1::Report> loaded = LoadReportFile(file);
    if (!loaded.ok()) return Fail(loaded.status());
    base = std::move(loaded).value();
  }
  xinbao::Result<v1::Report> report = ApplyReportFlags(std::move(base), flags);
  if (!report.ok()) return Fail(report.status());
  if (report->unit_id().empty() && !options.unit.empty()) {
    report->set_unit_id(options.unit);  // the profile's unit
  }
  if (report->unit_id().empty()) {
    return Fail(xinbao::Status(
        v1::ERROR_CODE_MISSING_FIELD,
        "缺少报送单位：请用 --unit 或在报告文件中填写 unitId", "--unit"));
  }
  auto client = OpenClient(options);
  if (!client.ok()) return Fail(client.status());
  xinbao::Result<v1::Report> queued =
      (*client)->Enqueue(std::move(report).value());
  if (!queued.ok()) return Fail(queued.status());
  if (flags.event_id && queued->event_id() != *flags.event_id) {
    // "--event-id new" minted this id; later stages must quote it.
    if (options.json) {
      std::cout << "{\"event_id\":" << JsonQuote(queued->event_id()) << "}"
                << std::endl;
    } else {
      std::cout << "事件编号 " << queued->event_id() << "（续报请用 --event-id "
                << queued->event_id() << "）" << std::endl;
    }
  }
  return FlushAndReport(**client, options);
}

int RunFlush(GlobalOptions options) {
  if (xinbao::Status s = ResolveOutbox(options); !s.ok()) return Fail(s);
  auto client = OpenClient(options);
  if (!client.ok()) return Fail(client.status());
  return FlushAndReport(**client, options);
}

int RunListOutbox(GlobalOptions options) {
  if (xinbao::Status s = ResolveOutbox(options); !s.ok()) return Fail(s);
  auto outbox = Outbox::Open(options.outbox);
  if (!outbox.ok()) return Fail(outbox.status());
  auto pending = (*outbox)->Pending();
  if (!pending.ok()) return Fail(pending.status());
  auto rejected = (*outbox)->Rejected();
  if (!rejected.ok()) return Fail(rejected.status());
  for (const OutboxEntry& entry : *pending) {
    std::cout << (options.json ? PendingJson(entry) : PendingText(entry))
              << '\n';
  }
  for (const RejectedEntry& entry : *rejected) {
    std::cout << (options.json ? RejectedJson(entry) : RejectedText(entry))
              << '\n';
  }
  if (pending->empty() && rejected->empty() && !options.json) {
    std::cout << "发件箱为空: " << options.outbox << '\n';
  }
  std::cout.flush();
  WarnUnreadable(**outbox);
  return kSettled;
}

template <class T>
void AddOptional(CLI::App* app, const std::string& name,
                 std::optional<T>& target, const std::string& help) {
  app->add_option_function<T>(
      name, [&target](const T& value) { target = value; }, help);
}

// The report flags of `xinbao submit`, one row each.
template <class T>
struct FlagRow {
  const char* name;
  std::optional<T> ReportFlags::*member;
  const char* help;
};

constexpr FlagRow<std::string> kTextFlags[] = {
    {"--unit", &ReportFlags::unit, "报送单位编号"},
    {"--kind", &ReportFlags::kind,
     "信息类别: urgent important general research experience"},
    {"--event-id", &ReportFlags::event_id,
     "事件编号；写 new 生成新的编号（首报）"},
    {"--stage", &ReportFlags::stage, "阶段: shi qing yin guo (事情因果)"},
    {"--severity", &ReportFlags::severity, "等级: I II III IV"},
    {"--title", &ReportFlags::title, "标题"},
    {"--body", &ReportFlags::body, "正文"},
    {"--place", &ReportFlags::place, "地点"},
    {"--occurred", &ReportFlags::occurred,
     "发生时间: \"YYYY-MM-DD HH:MM[:SS]\"、ISO-8601 或 Unix 毫秒"},
    {"--measures", &ReportFlags::measures, "已采取的措施"},
    {"--approver", &ReportFlags::approver, "签发人"},
    {"--contact", &ReportFlags::contact, "联系人"},
    {"--phone", &ReportFlags::phone, "联系电话"},
    {"--classification", &ReportFlags::classification,
     "密级: public internal secret confidential top-secret（默认 internal）"},
    {"--source", &ReportFlags::source, "信息来源"},
    {"--losses", &ReportFlags::losses, "损失情况"},
    {"--scope", &ReportFlags::scope, "影响范围"},
    {"--trend", &ReportFlags::trend, "发展趋势"},
    {"--key", &ReportFlags::key, "幂等键（默认自动生成）"},
    {"--responsible-unit", &ReportFlags::responsible_unit,
     "属地单位编号（事发地，不是报送单位时填写）"},
    {"--corrects", &ReportFlags::corrects,
     "更正：本单位先前那份报告的幂等键（两份都保留）"},
    {"--phone-caller-unit", &ReportFlags::phone_caller_unit,
     "电话报告登记（中心值班员）：来电单位编号"},
    {"--phone-caller", &ReportFlags::phone_caller,
     "电话报告登记：来电人（姓名、职务、电话）"},
    {"--called-at", &ReportFlags::called_at,
     "电话报告登记：来电时间，写法同 --occurred"},
    {"--taken-by", &ReportFlags::taken_by, "电话报告登记：接电话的值班员"},
};

constexpr FlagRow<uint32_t> kCountFlags[] = {
    {"--dead", &ReportFlags::dead, "死亡人数"},
    {"--injured", &ReportFlags::injured, "受伤人数"},
    {"--missing", &ReportFlags::missing, "失踪人数"},
};

void AddReportFlags(CLI::App* submit, ReportFlags& flags,
                    std::vector<std::string>& attachments) {
  for (const auto& row : kTextFlags) {
    AddOptional(submit, row.name, flags.*row.member, row.help);
  }
  for (const auto& row : kCountFlags) {
    AddOptional(submit, row.name, flags.*row.member, row.help);
  }
  submit->add_option("--attach", attachments, "附件文件（可重复）")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"xinbao: 信息报送客户端"};
  app.require_subcommand(1, 1);
  app.fallthrough();
  app.footer(kExitCodeHelp);
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
  app.add_option("--key-file", options.key_file,
                 "本用户的密钥文件（xinbao keygen 生成的 .key），服务器启用 "
                 "CURVE 加密时需要，须与 --server-key 同给")
      ->envname("XINBAO_KEY_FILE");
  app.add_option("--server-key", options.server_key_file,
                 "服务器的公钥文件（.pub），须与 --key-file 同给")
      ->envname("XINBAO_SERVER_KEY");

  CLI::App* submit = app.add_subcommand("submit", "保存并报送一份报告");
  submit->alias("报送");
  std::string file;
  ReportFlags flags;
  std::vector<std::string> attachments;
  submit->add_option("--file", file,
                     "报告 JSON 文件（xinbao.v1.Report 的 protobuf JSON）");
  AddReportFlags(submit, flags, attachments);
  CLI::App* flush = app.add_subcommand("flush", "重发发件箱中待发的报告");
  flush->alias("重发");
  CLI::App* outbox = app.add_subcommand("outbox", "列出待发和被拒绝的报告");
  outbox->alias("发件箱");
  CLI::App* new_event_id =
      app.add_subcommand("new-event-id", "生成一个新的事件编号");
  new_event_id->alias("新事件编号");
  const EventCommands event_commands(app, options);
  const WatchCommand watch_command(app, options);
  const AdminCommands admin_commands(app, options);
  const KeygenCommand keygen_command(app, options);
  const ReplayCommand replay_command(app, options);
  const AsOfCommand as_of_command(app, options);
  const StatsCommand stats_command(app, options);
  const StatusCommand status_command(app, options);
  const ProfileOptions profile_options(app, options);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kSettled : kLocalError;
  }
  if (xinbao::Status s = profile_options.Apply(); !s.ok()) return Fail(s);
  // Keys only for the commands that talk to the broker: keygen may be
  // writing the very file XINBAO_KEY_FILE names.
  if (!outbox->parsed() && !new_event_id->parsed() &&
      !app.got_subcommand("keygen")) {
    if (xinbao::Status s = LoadCurve(options); !s.ok()) return Fail(s);
  }
  if (submit->parsed()) {
    flags.attachments.assign(attachments.begin(), attachments.end());
    return RunSubmit(options, file, flags);
  }
  if (flush->parsed()) return RunFlush(options);
  if (outbox->parsed()) return RunListOutbox(options);
  if (new_event_id->parsed()) {
    std::cout << NewUuid() << std::endl;
    return kSettled;
  }
  if (const std::optional<int> code = event_commands.RunParsed()) return *code;
  if (const std::optional<int> code = watch_command.RunParsed()) return *code;
  if (const std::optional<int> code = admin_commands.RunParsed()) return *code;
  if (const std::optional<int> code = keygen_command.RunParsed()) return *code;
  if (const std::optional<int> code = replay_command.RunParsed()) return *code;
  if (const std::optional<int> code = as_of_command.RunParsed()) return *code;
  if (const std::optional<int> code = stats_command.RunParsed()) return *code;
  if (const std::optional<int> code = status_command.RunParsed()) return *code;
  return kLocalError;
}
