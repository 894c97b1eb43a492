#include "clients/cli/replay_command.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>
#include <utility>

#include "clients/text/local_time.h"
#include "clients/lib/replay_client.h"
#include "clients/text/replay_output.h"
#include "clients/monitor/terminal.h"
#include "proto/names.h"

namespace xinbao::client::cli {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr double kReplayTimeoutSeconds = 10;
constexpr auto kProgressEvery = 200ms;  // at most five refreshes a second
constexpr int64_t kMaxPaceGapMs = 10'000;
constexpr auto kPaceSlice = 100ms;

volatile std::sig_atomic_t interrupted = 0;

void OnInterrupt(int) { interrupted = 1; }

// SIGINT and SIGTERM set `interrupted` (waits are cut short, not
// restarted); a second one ends the process as usual. A reader that goes
// away (`| head`) makes writes fail instead of killing the process, so the
// replay is still cancelled at the broker.
void CatchInterrupts() {
  std::signal(SIGPIPE, SIG_IGN);
  struct sigaction action {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

// --speed: sleeps between reports for their stored-time gap over `speed`.
class Pacer {
 public:
  explicit Pacer(double speed) : speed_(speed) {}

  // Waits for `stored_at_ms` to come round; false if interrupted.
  bool WaitFor(int64_t stored_at_ms) {
    if (speed_ <= 0) return true;
    const int64_t gap =
        previous_ms_ == 0 ? 0 : std::max<int64_t>(0, stored_at_ms - previous_ms_);
    previous_ms_ = stored_at_ms;
    const auto until =
        Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(
                           std::min<double>(gap / speed_, kMaxPaceGapMs)));
    while (Clock::now() < until) {
      if (interrupted) return false;
      std::this_thread::sleep_for(
          std::min<Clock::duration>(kPaceSlice, until - Clock::now()));
    }
    return !interrupted;
  }

 private:
  const double speed_;
  int64_t previous_ms_ = 0;
};

// "序号 67890 / 1000000, 6%": how far the scan got within the range;
// "序号 67890" before the range is known.
std::string Scanned(const ReplayProgress& progress) {
  const uint64_t first = std::max<uint64_t>(progress.first_sequence, 1);
  const uint64_t last = progress.last_sequence;
  if (last == 0 && !progress.done) {
    return "序号 " + std::to_string(progress.scanned_to_sequence);
  }
  uint64_t percent = 100;
  if (!progress.done && last >= first) {
    const uint64_t scanned =
        progress.scanned_to_sequence >= first
            ? progress.scanned_to_sequence - first + 1
            : 0;
    percent = std::min<uint64_t>(100, scanned * 100 / (last - first + 1));
  }
  return "序号 " + std::to_string(progress.scanned_to_sequence) + " / " +
         std::to_string(last) + ", " + std::to_string(percent) + "%";
}

// The progress line on standard error while exporting to a file.
class ProgressLine {
 public:
  explicit ProgressLine(bool shown) : shown_(shown) {}

  // After each chunk.
  void Update(const ReplayProgress& progress) {
    last_ = progress;
    Draw();
  }

  // After each report written: one more, and how far it got.
  void Count(uint64_t sequence) {
    ++last_.reports;
    last_.scanned_to_sequence = std::max(last_.scanned_to_sequence, sequence);
    Draw();
  }

  // Clears the line, for the summary to take its place.
  void Clear() {
    if (drawn_any_) std::cerr << "\r\x1b[K";
  }

 private:
  void Draw() {
    if (!shown_ || Clock::now() - drawn_ < kProgressEvery) return;
    drawn_ = Clock::now();
    std::cerr << "\r已导出 " << last_.reports << " 份 (" << Scanned(last_)
              << ")\x1b[K" << std::flush;
    drawn_any_ = true;
  }

  const bool shown_;
  ReplayProgress last_;
  bool drawn_any_ = false;
  Clock::time_point drawn_{};
};

// The exit code for a failed replay, after printing why.
int Failed(const Status& status, bool before_asking) {
  std::cerr << "错误: " << status.message() << std::endl;
  if (status.retryable()) return kStillPending;
  return before_asking ? kLocalError : kRefused;
}

template <class Enum>
Status ParseAll(const std::vector<std::string>& texts,
                std::optional<Enum> (*parse)(std::string_view),
                const char* what, const char* flag,
                google::protobuf::RepeatedField<int>* values) {
  for (const std::string& text : texts) {
    const std::optional<Enum> value = parse(text);
    if (!value) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    std::string("不认识的") + what + ": " + text, flag);
    }
    values->Add(*value);
  }
  return Status::Ok();
}

}  // namespace

ReplayCommand::ReplayCommand(CLI::App& app, const GlobalOptions& options)
    : options_(options) {
  replay_ = app.add_subcommand(
      "replay", "回放：按存储顺序导出或重放历史报告，可接续实时推送（分析）");
  replay_->alias("回放");
  replay_->add_option("--from-seq", from_seq_, "从此序号起");
  replay_->add_option("--to-seq", to_seq_, "到此序号止（含）");
  replay_->add_option("--since", since_,
                      "存储时间不早于: \"YYYY-MM-DD HH:MM[:SS]\"（本地时间）、"
                      "ISO-8601 或 Unix 毫秒");
  replay_->add_option("--until", until_, "存储时间早于（写法同 --since）");
  replay_->add_option("--unit", units_, "只要此单位（编号，可重复）");
  replay_->add_option("--kind", kinds_,
                      "只要此类信息（可重复）: urgent important general "
                      "research experience 或 紧急信息 等");
  replay_->add_option("--event", event_, "只要此事件的报告（含并入它的事件）");
  replay_->add_option("--stage", stages_,
                      "只要此阶段（可重复）: shi qing yin guo 或 事 情 因 果");
  replay_->add_option("--format", format_, "输出格式: table json csv")
      ->capture_default_str();
  replay_->add_flag("--bom", bom_, "CSV 以 UTF-8 BOM 开头（Excel 正确显示中文）");
  replay_->add_option("--output", output_, "写入此文件（标准错误上显示进度）");
  replay_->add_option("--speed", speed_,
                      "按存储时间的 N 倍速重放（每个间隔最多等 10 秒）")
      ->check(CLI::PositiveNumber);
  replay_->add_flag("--follow", follow_,
                    "回放到最新后接续实时推送，直到 Ctrl-C");
  replay_->add_flag("--attachments", attachments_, "包含附件内容");
  replay_->add_flag("--duban", duban_,
                    "同时按时间穿插回放督办步骤（需 --since 或 --until）");
  replay_->add_option("--window", window_, "同时在途的块数（1–32）")
      ->check(CLI::Range(1, 32))
      ->capture_default_str();
  replay_->add_option("--chunk", chunk_,
                      "每块报告数（默认由服务器定，最多 1000）")
      ->check(CLI::Range(0, 1000));
}

std::optional<int> ReplayCommand::RunParsed() const {
  if (!replay_->parsed()) return std::nullopt;
  return Run();
}

Result<v1::ReplayRequest> ReplayCommand::Request() const {
  v1::ReplayRequest request;
  if (to_seq_ != 0 && to_seq_ < from_seq_) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "--to-seq 不能小于 --from-seq", "--to-seq");
  }
  request.set_first_sequence(from_seq_);
  request.set_last_sequence(to_seq_);
  if (!since_.empty()) {
    Result<int64_t> since = ParseTime(since_, "--since", options_.zone);
    if (!since.ok()) return since.status();
    request.set_from_ms(*since);
  }
  if (!until_.empty()) {
    Result<int64_t> until = ParseTime(until_, "--until", options_.zone);
    if (!until.ok()) return until.status();
    if (*until <= request.from_ms()) {
      return Status(v1::ERROR_CODE_INVALID_FIELD, "--until 须晚于 --since",
                    "--until");
    }
    request.set_to_ms(*until);
  }
  for (const std::string& unit : units_) request.add_unit_ids(unit);
  XINBAO_RETURN_IF_ERROR(ParseAll<v1::Kind>(kinds_, ParseKind, "信息类别",
                                            "--kind", request.mutable_kinds()));
  XINBAO_RETURN_IF_ERROR(ParseAll<v1::Stage>(
      stages_, ParseStage, "阶段", "--stage", request.mutable_stages()));
  request.set_event_id(event_);
  request.set_include_attachments(attachments_);
  if (duban_ && since_.empty() && until_.empty()) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "--duban 需要时间范围：请加上 --since 或 --until（督办步骤没有"
                  "序号，只能按时间回放）",
                  "--duban");
  }
  request.set_include_duban(duban_);
  return request;
}

int ReplayCommand::Run() const {
  if (follow_ && (to_seq_ != 0 || !until_.empty() || speed_ > 0)) {
    return Fail(Status(v1::ERROR_CODE_INVALID_FIELD,
                       "--follow 会一直接续实时推送，不能与 --to-seq、--until "
                       "或 --speed 同用",
                       "--follow"));
  }
  Result<v1::ReplayRequest> request = Request();
  if (!request.ok()) return Fail(request.status());
  const std::optional<ReplayFormat> format =
      options_.json ? ReplayFormat::kJson : ParseReplayFormat(format_);
  if (!format) {
    return Fail(Status(v1::ERROR_CODE_INVALID_FIELD,
                       "不认识的输出格式: " + format_ + "（table、json 或 csv）",
                       "--format"));
  }
  std::ofstream file;
  if (!output_.empty()) {
    file.open(output_, std::ios::binary | std::ios::trunc);
    if (!file) {
      return Fail(Status(v1::ERROR_CODE_INVALID_FIELD,
                         "无法写入文件 " + output_, "--output"));
    }
  }
  std::ostream& out = output_.empty() ? std::cout : file;
  ReplayOutputOptions shown;
  shown.bom = bom_;
  shown.zone = options_.zone;
  shown.duban = duban_;
  if (output_.empty() && isatty(STDOUT_FILENO)) {
    shown.line_width = TerminalSize().width;
  }
  const std::unique_ptr<ReportWriter> writer =
      MakeReportWriter(*format, shown);

  ReplayOptions replay;
  replay.query_endpoint = options_.query_endpoint;
  replay.feed_endpoint = options_.feed_endpoint;  // global --feed-endpoint
  replay.window = window_;
  replay.chunk_reports = chunk_;
  replay.chunk_timeout =
      Millis(options_.timeout_seconds.value_or(kReplayTimeoutSeconds));
  replay.curve = options_.curve;
  replay.acting_user = options_.acting_user;
  replay.person = options_.person;
  auto client = ReplayClient::Open(std::move(replay));
  if (!client.ok()) return Failed(client.status(), /*before_asking=*/true);

  CatchInterrupts();
  Pacer pacer(speed_);
  ProgressLine progress_line(!output_.empty() && isatty(STDERR_FILENO));
  ReplaySink sink;
  sink.on_report = [&](const ReplayedReport& replayed) {
    const bool paced = pacer.WaitFor(replayed.report.stored_at_ms());
    out << writer->Row(replayed.report, replayed.followup, replayed.unit_names);
    if (replayed.live || speed_ > 0) out.flush();
    progress_line.Count(replayed.report.sequence());
    return paced && static_cast<bool>(out);
  };
  sink.on_duban = [&](const ReplayedDubanRecord& replayed) {
    const bool paced = pacer.WaitFor(replayed.record.step().at_ms());
    out << writer->DubanRow(replayed.record, replayed.unit_names);
    if (speed_ > 0) out.flush();
    return paced && static_cast<bool>(out);
  };
  sink.on_progress = [&](const ReplayProgress& progress) {
    out.flush();
    progress_line.Update(progress);
  };
  sink.stop_requested = [] { return interrupted != 0; };

  out << writer->Header() << std::flush;
  Result<ReplayOutcome> outcome =
      follow_ ? (*client)->Follow(std::move(request).value(), sink)
              : (*client)->Replay(std::move(request).value(), sink);
  out.flush();
  progress_line.Clear();
  if (!out) {
    return Fail(Status(v1::ERROR_CODE_STORAGE_FAILURE,
                       output_.empty() ? "写入标准输出失败（读取方已关闭？）"
                                       : "写入失败: " + output_,
                       "--output"));
  }
  if (!outcome.ok()) return Failed(outcome.status(), /*before_asking=*/false);
  const ReplayProgress& progress = outcome->progress;
  std::string count = std::to_string(progress.reports) + " 份";
  if (duban_) {
    count += "（另有督办步骤 " + std::to_string(progress.duban_records) +
             " 条）";
  }
  if (!output_.empty()) {
    std::cerr << "已导出 " << count << "到 " << output_ << " ("
            << Scanned(progress) << ")" << std::endl;
  } else if (*format == ReplayFormat::kTable) {
    std::cout << "共 " << count << std::endl;
  }
  if (outcome->stopped && !follow_) {
    std::cerr << "已中断：可用 --from-seq "
              << std::max<uint64_t>(progress.scanned_to_sequence + 1, from_seq_)
              << " 接着回放" << std::endl;
    return kStillPending;
  }
  return kSettled;
}

}  // namespace xinbao::client::cli
