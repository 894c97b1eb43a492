#include "clients/cli/outbox_commands.h"

#include "proto/report_origin.h"

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "clients/lib/outbox.h"
#include "clients/lib/submit_client.h"
#include "clients/text/report_lines.h"
#include "proto/report_rules.h"

namespace xinbao::client::cli {
namespace {

// Fills in the outbox folder from $HOME when neither --outbox nor
// XINBAO_OUTBOX gave one.
Status ResolveOutbox(GlobalOptions& options) {
  if (!options.outbox.empty()) return Status::Ok();
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') {
    return Status(v1::ERROR_CODE_MISSING_FIELD,
                  "未设置 HOME：请用 --outbox 或 XINBAO_OUTBOX 指定发件箱目录",
                  "--outbox");
  }
  options.outbox = std::string(home) + "/.local/share/xinbao/outbox";
  return Status::Ok();
}

void WarnUnreadable(const Outbox& outbox) {
  for (const std::string& line : outbox.Unreadable()) {
    std::cerr << "警告: 发件箱中有无法读取的文件（不会发送，也未删除）: "
              << line << std::endl;
  }
}

Result<std::unique_ptr<SubmitClient>> OpenClient(const GlobalOptions& options) {
  ClientOptions client;
  client.endpoint = options.endpoint;
  client.outbox_dir = options.outbox;
  client.reply_timeout = Millis(options.reply_timeout_seconds);
  client.curve = options.curve;
  client.acting_user = options.acting_user;
  client.person = options.person;
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
                                   : DeliveryText(delivery, options.zone))
                  << std::endl;
      });
  WarnUnreadable(client.outbox());
  if (!summary.outbox_status.ok()) {
    std::cerr << "警告: 发件箱读写失败: " << summary.outbox_status.message()
              << std::endl;
  }
  if (summary.still_pending > 0) {
    std::ostream& out = options.json ? std::cerr : std::cout;
    if (!summary.last_retry_message.empty()) {
      out << "服务器要求稍后重发: " << summary.last_retry_message << std::endl;
    }
    out << StillPendingText(summary.still_pending, client.outbox().dir())
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

// The 越级 outbox (the skip_level profile's, else <outbox>.<profile>):
// `report` (if any) queued there, then flushed to the upper broker, with a
// heading line. Returns `code` (this level's result) unless that is
// settled, else the upper broker's.
int SendSkipLevel(GlobalOptions& options, const v1::Report* report, int code) {
  GlobalOptions::SkipLevel& skip = *options.skip_level;
  GlobalOptions& up = skip.options;
  if (up.outbox.empty()) up.outbox = options.outbox + "." + skip.profile;
  if (!options.json) {
    std::cout << "越级报送（" << skip.profile << "，" << up.endpoint << "）：" << std::endl;
  }
  auto upper = OpenClient(up);
  if (!upper.ok()) return Fail(upper.status());
  if (report != nullptr) {
    Result<v1::Report> also = (*upper)->Enqueue(*report);
    if (!also.ok()) return Fail(also.status());
  }
  const int upper_code = FlushAndReport(**upper, up);
  return code != kSettled ? code : upper_code;
}


template <class T>
void AddOptional(CLI::App* app, const std::string& name,
                 std::optional<T>& target, const std::string& help) {
  app->add_option_function<T>(
      name, [&target](const T& value) { target = value; }, help);
}

// The report flags of `xinbao submit` and `resend`, one row each, with the
// field of the report each fills (as proto/report_rules.h names it).
template <class T>
struct FlagRow {
  const char* name;
  std::optional<T> ReportFlags::*member;
  const char* help;
  const char* field;
};

constexpr FlagRow<std::string> kTextFlags[] = {
    {"--unit", &ReportFlags::unit, "报送单位编号", "report.unit_id"},
    {"--kind", &ReportFlags::kind,
     "信息类别: urgent important general research experience "
     "(紧急信息 重要动态 一般动态 调研信息 经验做法)",
     "report.kind"},
    {"--event-id", &ReportFlags::event_id,
     "事件编号；写 new 生成新的编号（首报）", "report.event_id"},
    {"--stage", &ReportFlags::stage, "阶段: shi qing yin guo (事情因果)",
     "report.stage"},
    {"--severity", &ReportFlags::severity, "等级: I II III IV (Ⅰ-Ⅳ)",
     "report.severity"},
    {"--title", &ReportFlags::title, "标题", "report.title"},
    {"--body", &ReportFlags::body, "正文", "report.body"},
    {"--place", &ReportFlags::place, "地点", "report.place"},
    {"--occurred", &ReportFlags::occurred,
     "发生时间: \"YYYY-MM-DD HH:MM[:SS]\"、ISO-8601 或 Unix 毫秒",
     "report.occurred_at_ms"},
    {"--measures", &ReportFlags::measures, "已采取的措施", "report.measures"},
    {"--approver", &ReportFlags::approver, "签发人", "report.approver"},
    {"--contact", &ReportFlags::contact, "联系人", "report.contact_name"},
    {"--phone", &ReportFlags::phone, "联系电话", "report.contact_phone"},
    {"--classification", &ReportFlags::classification,
     "密级: public internal secret confidential top-secret（默认 internal）",
     "report.classification"},
    {"--source", &ReportFlags::source, "信息来源", "report.source"},
    {"--losses", &ReportFlags::losses, "损失情况", "report.losses"},
    {"--scope", &ReportFlags::scope, "影响范围", "report.scope"},
    {"--trend", &ReportFlags::trend, "发展趋势", "report.trend"},
    {"--key", &ReportFlags::key, "幂等键（默认自动生成）",
     "report.idempotency_key"},
    {"--responsible-unit", &ReportFlags::responsible_unit,
     "属地单位编号（事发地，不是报送单位时填写）",
     "report.responsible_unit_id"},
    {"--corrects", &ReportFlags::corrects,
     "更正：本单位先前那份报告的幂等键（两份都保留）", "report.corrects_key"},
    {"--commission", &ReportFlags::commission,
     "约稿编号：本报告是对该约稿的回复（xinbao commission list 可查）",
     "report.commission_id"},
    {"--phone-caller-unit", &ReportFlags::phone_caller_unit,
     "电话报告登记（中心值班员）：来电单位编号",
     "report.phone_call.caller_unit_id"},
    {"--phone-caller", &ReportFlags::phone_caller,
     "电话报告登记：来电人（姓名、职务、电话）", "report.phone_call.caller"},
    {"--called-at", &ReportFlags::called_at,
     "电话报告登记：来电时间，写法同 --occurred",
     "report.phone_call.called_at_ms"},
    {"--taken-by", &ReportFlags::taken_by, "电话报告登记：接电话的值班员",
     "report.phone_call.taken_by"},
};

constexpr FlagRow<uint32_t> kCountFlags[] = {
    {"--dead", &ReportFlags::dead, "死亡人数", "report.casualties.dead"},
    {"--injured", &ReportFlags::injured, "受伤人数",
     "report.casualties.injured"},
    {"--missing", &ReportFlags::missing, "失踪人数",
     "report.casualties.missing"},
};

void AddReportFlags(CLI::App* command, std::string& file, ReportFlags& flags,
                    std::vector<std::string>& attachments) {
  command->add_option("--file", file,
                      "报告 JSON 文件（xinbao.v1.Report 的 protobuf JSON）");
  for (const auto& row : kTextFlags) {
    AddOptional(command, row.name, flags.*row.member, row.help);
  }
  for (const auto& row : kCountFlags) {
    AddOptional(command, row.name, flags.*row.member, row.help);
  }
  command->add_option("--attach", attachments, "附件文件（可重复）")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

// "（--title）": the flag that fills `field`, or "" when none does.
std::string FlagFor(const std::string& field) {
  for (const auto& row : kTextFlags) {
    if (field == row.field) return std::string("（") + row.name + "）";
  }
  return "";
}

// `report` stamped as the outbox keeps it, or nullopt after printing every
// rule of proto/report_rules.h it breaks (the report is then not saved).
std::optional<v1::Report> CheckedForOutbox(v1::Report report) {
  report = Stamped(std::move(report));
  const int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count();
  const Problems problems =
      ReportProblems(report, RuleClock{now_ms, kDefaultMaxClockSkewMs, "本机"});
  if (problems.empty()) return report;
  for (const Status& problem : problems) {
    std::cerr << "错误: " << problem.message() << FlagFor(problem.field())
              << std::endl;
  }
  std::cerr << "报告未保存到发件箱：请改正以上 " << problems.size()
            << " 处后重新提交" << std::endl;
  return std::nullopt;
}

// The refused report `id` names (its number in the outbox listing, or its
// idempotency key).
Result<RejectedEntry> FindRejected(const Outbox& outbox,
                                   const std::string& id) {
  Result<std::vector<RejectedEntry>> rejected = outbox.Rejected();
  if (!rejected.ok()) return rejected.status();
  for (RejectedEntry& entry : *rejected) {
    if (std::to_string(entry.ordinal) == id ||
        entry.report.idempotency_key() == id) {
      return std::move(entry);
    }
  }
  return Status(v1::ERROR_CODE_INVALID_FIELD,
                "发件箱中没有被拒绝的报告 \"" + id +
                    "\"（xinbao outbox --rejected 列出它们和编号）",
                "ID");
}

}  // namespace

OutboxCommands::OutboxCommands(CLI::App& app, const GlobalOptions& options)
    : options_(options) {
  submit_ = app.add_subcommand("submit", "保存并报送一份报告");
  submit_->alias("报送");
  AddReportFlags(submit_, file_, flags_, attachments_);
  flush_ = app.add_subcommand("flush", "重发发件箱中待发的报告");
  flush_->alias("重发");
  outbox_ = app.add_subcommand("outbox", "列出待发和被拒绝的报告");
  outbox_->alias("发件箱");
  outbox_->add_flag("--rejected", rejected_only_,
                    "只列被拒绝的报告（和拒绝的理由）");
  resend_ = app.add_subcommand(
      "resend", "改正一份被拒绝的报告并重新报送（新的幂等键）");
  resend_->alias("改正重发");
  resend_->add_option("ID", id_, "发件箱中的编号（outbox 列出的“第 N 份”）或幂等键")
      ->required();
  AddReportFlags(resend_, file_, flags_, attachments_);
  discard_ = app.add_subcommand("discard", "丢弃一份被拒绝的报告");
  discard_->alias("丢弃");
  discard_->add_option("ID", id_, "发件箱中的编号或幂等键")->required();
}

bool OutboxCommands::ParsedIsLocal() const {
  return outbox_->parsed() || discard_->parsed();
}

std::optional<int> OutboxCommands::RunParsed() const {
  if (submit_->parsed()) return RunSubmit(options_);
  if (flush_->parsed()) return RunFlush(options_);
  if (outbox_->parsed()) return RunList(options_);
  if (resend_->parsed()) return RunResend(options_);
  if (discard_->parsed()) return RunDiscard(options_);
  return std::nullopt;
}

ReportFlags OutboxCommands::Flags() const {
  ReportFlags flags = flags_;
  flags.attachments.assign(attachments_.begin(), attachments_.end());
  flags.zone = options_.zone;
  return flags;
}

int OutboxCommands::RunSubmit(GlobalOptions options) const {
  if (Status s = ResolveOutbox(options); !s.ok()) return Fail(s);
  v1::Report base;
  if (!file_.empty()) {
    Result<v1::Report> loaded = LoadReportFile(file_);
    if (!loaded.ok()) return Fail(loaded.status());
    base = std::move(loaded).value();
  }
  const ReportFlags flags = Flags();
  Result<v1::Report> report = ApplyReportFlags(std::move(base), flags);
  if (!report.ok()) return Fail(report.status());
  if (report->unit_id().empty() && !options.unit.empty()) {
    report->set_unit_id(options.unit);  // the profile's unit
  }
  std::optional<v1::Report> checked =
      CheckedForOutbox(std::move(report).value());
  if (!checked) return kLocalError;
  auto client = OpenClient(options);
  if (!client.ok()) return Fail(client.status());
  Result<v1::Report> queued = (*client)->Enqueue(std::move(*checked));
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
  const int code = FlushAndReport(**client, options);
  if (!options.skip_level || !MaySkipLevel(*queued, options.skip_level->from)) {
    return code;
  }
  // 越级上报: the same report (the same key and event id) to the upper
  // broker as well, through its own outbox.
  return SendSkipLevel(options, &*queued, code);
}

int OutboxCommands::RunFlush(GlobalOptions options) const {
  if (Status s = ResolveOutbox(options); !s.ok()) return Fail(s);
  auto client = OpenClient(options);
  if (!client.ok()) return Fail(client.status());
  const int code = FlushAndReport(**client, options);
  // What waits to go 越级 is flushed too.
  return options.skip_level ? SendSkipLevel(options, nullptr, code) : code;
}

int OutboxCommands::RunList(GlobalOptions options) const {
  if (Status s = ResolveOutbox(options); !s.ok()) return Fail(s);
  auto outbox = Outbox::Open(options.outbox);
  if (!outbox.ok()) return Fail(outbox.status());
  std::vector<OutboxEntry> pending;
  if (!rejected_only_) {
    auto listed = (*outbox)->Pending();
    if (!listed.ok()) return Fail(listed.status());
    pending = std::move(listed).value();
  }
  auto rejected = (*outbox)->Rejected();
  if (!rejected.ok()) return Fail(rejected.status());
  for (const OutboxEntry& entry : pending) {
    std::cout << (options.json ? PendingJson(entry, options.zone)
                               : PendingText(entry, options.zone))
              << '\n';
  }
  for (const RejectedEntry& entry : *rejected) {
    std::cout << (options.json ? RejectedJson(entry, options.zone)
                               : RejectedText(entry))
              << '\n';
  }
  if (pending.empty() && rejected->empty() && !options.json) {
    std::cout << (rejected_only_ ? "发件箱中没有被拒绝的报告: "
                                 : "发件箱为空: ")
              << options.outbox << '\n';
  }
  std::cout.flush();
  WarnUnreadable(**outbox);
  return kSettled;
}

int OutboxCommands::RunResend(GlobalOptions options) const {
  if (Status s = ResolveOutbox(options); !s.ok()) return Fail(s);
  auto client = OpenClient(options);
  if (!client.ok()) return Fail(client.status());
  Outbox& outbox = (*client)->outbox();
  Result<RejectedEntry> refused = FindRejected(outbox, id_);
  if (!refused.ok()) return Fail(refused.status());
  const uint64_t ordinal = refused->ordinal;
  v1::Report base = refused->report;
  if (!file_.empty()) {
    Result<v1::Report> loaded = LoadReportFile(file_);
    if (!loaded.ok()) return Fail(loaded.status());
    base = std::move(loaded).value();
  }
  // A new key: the content changed, and the broker refused the old one.
  base.clear_idempotency_key();
  Result<v1::Report> report = ApplyReportFlags(std::move(base), Flags());
  if (!report.ok()) return Fail(report.status());
  std::optional<v1::Report> checked =
      CheckedForOutbox(std::move(report).value());
  if (!checked) return kLocalError;
  Result<OutboxEntry> resent = outbox.Resend(ordinal, *checked);
  if (!resent.ok()) return Fail(resent.status());
  if (!options.json) {
    std::cout << "已移回待发: 原发件箱第 " << ordinal << " 份，现为第 "
              << resent->ordinal << " 份，新幂等键 "
              << resent->report.idempotency_key() << std::endl;
  }
  return FlushAndReport(**client, options);
}

int OutboxCommands::RunDiscard(GlobalOptions options) const {
  if (Status s = ResolveOutbox(options); !s.ok()) return Fail(s);
  auto outbox = Outbox::Open(options.outbox);
  if (!outbox.ok()) return Fail(outbox.status());
  Result<RejectedEntry> refused = FindRejected(**outbox, id_);
  if (!refused.ok()) return Fail(refused.status());
  Result<RejectedEntry> discarded = (*outbox)->Discard(refused->ordinal);
  if (!discarded.ok()) return Fail(discarded.status());
  if (options.json) {
    std::cout << "{\"discarded\":" << RejectedJson(*discarded, options.zone) << "}"
              << std::endl;
  } else {
    std::cout << "已丢弃 " << RejectedText(*discarded) << std::endl;
  }
  return kSettled;
}

}  // namespace xinbao::client::cli
