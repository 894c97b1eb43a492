// Replay with the 督办 steps (ReplayRequest.include_duban), end to end:
// on an in-process broker whose clock the test sets, every step of the
// window comes once, between the reports by time, whatever the chunk size
// — also with a unit filter, and a replay without a time window is
// refused; on the real broker process with CURVE, a reader outside an
// item gets its steps without their text while the office and the
// assigned unit read them whole, and `xinbao replay --duban` prints them
// as a table, JSON lines and CSV.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "broker/broker.h"
#include "clients/lib/replay_client.h"
#include "tests/integration/broker_process.h"
#include "tests/integration/clocked_broker.h"
#include "tests/integration/command.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/duban_requests.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using client::ReplayClient;
using client::ReplayOptions;
using client::ReplaySink;
using testing::BrokerProcess;
using testing::IssueRequest;
using testing::kOffice;
using testing::StepRequest;
using testing::TempDir;
using testing::WirePeer;

using testing::Shown;

// What a replay handed over, reports and steps in the order they came:
// "r:<idempotency key>" and "s:<item id>#<step number>".
struct Merged {
  std::vector<std::string> order;
  std::vector<v1::DubanRecord> records;
  Result<client::ReplayOutcome> outcome =
      Status(v1::ERROR_CODE_MALFORMED, "not run");
};

Merged RunReplay(const v1::ReplayRequest& request,
                 const ReplayOptions& options) {
  Merged merged;
  auto client = ReplayClient::Open(options);
  if (!client.ok()) {
    merged.outcome = client.status();
    return merged;
  }
  ReplaySink sink;
  sink.on_report = [&](const client::ReplayedReport& got) {
    merged.order.push_back("r:" + got.report.idempotency_key());
    return true;
  };
  sink.on_duban = [&](const client::ReplayedDubanRecord& got) {
    merged.order.push_back("s:" + got.record.item_id() + "#" +
                           std::to_string(got.record.step().number()));
    merged.records.push_back(got.record);
    return true;
  };
  merged.outcome = (*client)->Replay(request, sink);
  return merged;
}

// A broker in this process on a clock the test sets before each report
// and step, so that every stored time is known to the millisecond.
class ReplayDubanClockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    now_ = base_;
    Result<std::unique_ptr<broker::Broker>> started =
        testing::StartClockedBroker(dir_ / "data", now_);
    ASSERT_TRUE(started.ok()) << started.status().ToString();
    broker_ = std::move(started).value();
    submitter_ = std::make_unique<WirePeer>(broker_->submit_endpoint());

    // Seconds after base_ (the window is [0.5 s, 9 s)):
    Report(0, "r1", "chengguan");  // before the window
    Step(1, IssueRequest("db-1", "hekou", {"shuili"}));  // db-1#1
    Report(2, "r2", "chengguan");
    Step(3, StepRequest("db-1", "sign-h", v1::STEP_KIND_SIGN, "hekou"));
    Report(3, "r3", "chengguan");  // the same instant as db-1#2
    Report(4, "r4", "donghu");
    Step(5, IssueRequest("db-2", "donghu"));  // db-2#1
    Step(5, StepRequest("db-2", "sign-d", v1::STEP_KIND_SIGN, "donghu"));
    Step(6, StepRequest("db-1", "p-h", v1::STEP_KIND_PROGRESS, "hekou",
                        "已清点库存，缺编织袋 2000 条。"));  // db-1#3
    Report(7, "r5", "chengguan");
    Step(8, StepRequest("db-1", "sign-s", v1::STEP_KIND_SIGN, "shuili"));
    Report(9, "r6", "chengguan");  // at the window's end: outside
    Step(9, StepRequest("db-2", "p-d", v1::STEP_KIND_PROGRESS, "donghu",
                        "已部署。"));
  }

  void Report(int second, const std::string& key, const std::string& unit) {
    now_ = base_ + second * 1000;
    v1::Envelope envelope;
    *envelope.mutable_submit()->mutable_report() =
        testing::GeneralReport(key, unit);
    std::optional<v1::Reply> reply = submitter_->Ask(envelope);
    ASSERT_TRUE(reply && reply->has_ack()) << Shown(reply);
    ASSERT_EQ(reply->ack().stored_at_ms(), now_.load());
  }

  void Step(int second, const v1::Envelope& request) {
    now_ = base_ + second * 1000;
    std::optional<v1::Reply> reply = submitter_->Ask(request);
    ASSERT_TRUE(reply && reply->has_duban_changed()) << Shown(reply);
  }

  v1::ReplayRequest Window() const {
    v1::ReplayRequest request;
    request.set_from_ms(base_ + 500);
    request.set_to_ms(base_ + 9000);
    request.set_include_duban(true);
    return request;
  }

  ReplayOptions Options(uint32_t chunk_reports) const {
    ReplayOptions options;
    options.query_endpoint = broker_->query_endpoint();
    options.chunk_reports = chunk_reports;
    options.window = 2;
    return options;
  }

  TempDir dir_;
  const int64_t base_ = testing::NowMs() / 1000 * 1000;
  std::atomic<int64_t> now_{0};
  std::unique_ptr<broker::Broker> broker_;
  std::unique_ptr<WirePeer> submitter_;
};

TEST_F(ReplayDubanClockTest, EveryStepOnceBetweenTheReportsByTime) {
  // A step and a report of the same instant: the report first. The steps
  // after the last report come with the done chunk.
  const std::vector<std::string> expected = {
      "s:db-1#1", "r:r2",     "r:r3",     "s:db-1#2", "r:r4",
      "s:db-2#1", "s:db-2#2", "s:db-1#3", "r:r5",     "s:db-1#4"};
  for (uint32_t chunk : {1u, 2u, 0u}) {
    Merged merged = RunReplay(Window(), Options(chunk));
    ASSERT_TRUE(merged.outcome.ok()) << merged.outcome.status().ToString();
    EXPECT_EQ(merged.order, expected) << "chunks of " << chunk;
    EXPECT_EQ(merged.outcome->progress.duban_records, 6u);
  }
  // Without CURVE the steps are whole.
  Merged whole = RunReplay(Window(), Options(0));
  ASSERT_EQ(whole.records.size(), 6u);
  EXPECT_EQ(whole.records[5].step().kind(), v1::STEP_KIND_SIGN);
  EXPECT_EQ(whole.records[4].step().text(), "已清点库存，缺编织袋 2000 条。");
  EXPECT_FALSE(whole.records[4].redacted());
  EXPECT_EQ(whole.records[0].title(), "河口镇防汛物资储备不足问题");
}

TEST_F(ReplayDubanClockTest, AUnitFilterKeepsTheUnitsItems) {
  v1::ReplayRequest request = Window();
  request.add_unit_ids("donghu");
  Merged merged = RunReplay(request, Options(1));
  ASSERT_TRUE(merged.outcome.ok()) << merged.outcome.status().ToString();
  EXPECT_EQ(merged.order,
            (std::vector<std::string>{"r:r4", "s:db-2#1", "s:db-2#2"}));
}

TEST_F(ReplayDubanClockTest, WithoutStepsAsked) {
  v1::ReplayRequest request = Window();
  request.set_include_duban(false);
  Merged merged = RunReplay(request, Options(0));
  ASSERT_TRUE(merged.outcome.ok()) << merged.outcome.status().ToString();
  EXPECT_EQ(merged.order,
            (std::vector<std::string>{"r:r2", "r:r3", "r:r4", "r:r5"}));
}

TEST_F(ReplayDubanClockTest, ASequenceRangeAloneIsRefused) {
  v1::ReplayRequest request;
  request.set_first_sequence(1);
  request.set_last_sequence(4);
  request.set_include_duban(true);
  Merged refused = RunReplay(request, Options(0));
  ASSERT_FALSE(refused.outcome.ok());
  EXPECT_EQ(refused.outcome.status().code(), v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_EQ(refused.outcome.status().field(), "replay.include_duban");
  EXPECT_NE(refused.outcome.status().message().find("时间范围"),
            std::string::npos)
      << refused.outcome.status().message();
  EXPECT_TRUE(refused.order.empty());
}

// The real broker with CURVE, its demo keys changed so that the
// administrator belongs to 东湖街道: a reader outside the item (neither the
// office nor an assigned unit) that may replay everything.
class ReplayDubanAccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::filesystem::path data = dir_ / "data";
    testing::MakeTestKeys(data);
    const std::filesystem::path users = testing::KeysDir(data) / "users.toml";
    std::ifstream in(users);
    std::string registry((std::istreambuf_iterator<char>(in)),
                         std::istreambuf_iterator<char>());
    const std::string admin =
        "name = \"admin\"\nunit = \"" + std::string(kOffice) + "\"";
    const std::size_t at = registry.find(admin);
    ASSERT_NE(at, std::string::npos) << registry;
    registry.replace(at, admin.size(), "name = \"admin\"\nunit = \"donghu\"");
    std::ofstream(users) << registry;
    broker_ = std::make_unique<BrokerProcess>(data);

    since_ = testing::NowMs() - 1000;
    Done(kOffice, IssueRequest("db-r", "hekou"));
    testing::UnitSubmitters units(*broker_);
    std::optional<v1::Reply> stored =
        units.Submit(testing::GeneralReport("g-1", "hekou"));
    ASSERT_TRUE(stored && stored->has_ack()) << Shown(stored);
    Done("hekou", StepRequest("db-r", "sign", v1::STEP_KIND_SIGN, "hekou"));
    Done("hekou", StepRequest("db-r", "p1", v1::STEP_KIND_PROGRESS, "hekou",
                              "已清点库存，缺编织袋 2000 条。"));
  }

  void Done(const std::string& user, const v1::Envelope& request) {
    std::optional<v1::Reply> reply =
        testing::PeerAs(*broker_, broker_->endpoint(), user)->Ask(request);
    ASSERT_TRUE(reply && reply->has_duban_changed()) << Shown(reply);
  }

  Merged ReplayAs(const std::string& user, const std::string& unit = "") {
    v1::ReplayRequest request;
    request.set_from_ms(since_);
    request.set_include_duban(true);
    if (!unit.empty()) request.add_unit_ids(unit);
    ReplayOptions options;
    options.query_endpoint = broker_->query_endpoint();
    options.curve = testing::ClientKeysOf(*broker_, user);
    Merged merged = RunReplay(request, options);
    EXPECT_TRUE(merged.outcome.ok()) << merged.outcome.status().ToString();
    return merged;
  }

  testing::CommandResult Cli(const std::vector<std::string>& args) {
    std::vector<std::string> line = {"--query-endpoint",
                                     broker_->query_endpoint(), "replay"};
    line.insert(line.end(), args.begin(), args.end());
    return testing::RunCommand(testing::CliAs(*broker_, "analyst", line));
  }

  TempDir dir_;
  std::unique_ptr<BrokerProcess> broker_;
  int64_t since_ = 0;
};

// The progress report of db-r as `merged` carries it.
const v1::DubanRecord* Progress(const Merged& merged) {
  for (const v1::DubanRecord& record : merged.records) {
    if (record.step().kind() == v1::STEP_KIND_PROGRESS) return &record;
  }
  return nullptr;
}

TEST_F(ReplayDubanAccessTest, RedactedForAReaderOutsideTheItem) {
  const Merged outside = ReplayAs("admin");
  ASSERT_EQ(outside.records.size(), 3u);
  EXPECT_EQ(outside.order,
            (std::vector<std::string>{"s:db-r#1", "r:g-1", "s:db-r#2",
                                      "s:db-r#3"}));
  for (const v1::DubanRecord& record : outside.records) {
    EXPECT_TRUE(record.redacted());
    EXPECT_TRUE(record.step().text().empty());
    EXPECT_EQ(record.title(), "河口镇防汛物资储备不足问题");  // the title stays
  }

  const Merged office = ReplayAs("analyst");
  ASSERT_NE(Progress(office), nullptr);
  EXPECT_FALSE(Progress(office)->redacted());
  EXPECT_EQ(Progress(office)->step().text(), "已清点库存，缺编织袋 2000 条。");

  const Merged assigned = ReplayAs("hekou", "hekou");  // a reporter: its own
  ASSERT_EQ(assigned.records.size(), 3u);
  ASSERT_NE(Progress(assigned), nullptr);
  EXPECT_EQ(Progress(assigned)->step().text(),
            "已清点库存，缺编织袋 2000 条。");
  EXPECT_TRUE(ReplayAs("shuili", "shuili").records.empty());  // not its item
}

TEST_F(ReplayDubanAccessTest, CliPrintsStepsAsTableJsonAndCsv) {
  const std::string since = std::to_string(since_);
  testing::CommandResult table = Cli({"--since", since, "--duban"});
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_NE(table.output.find("督办"), std::string::npos) << table.output;
  EXPECT_NE(table.output.find("第2步"), std::string::npos) << table.output;
  EXPECT_NE(table.output.find("签收"), std::string::npos) << table.output;
  EXPECT_NE(table.output.find("db-r"), std::string::npos) << table.output;
  EXPECT_NE(table.output.find("缺编织袋 2000 条"), std::string::npos)
      << table.output;
  EXPECT_NE(table.output.find("共 1 份（另有督办步骤 3 条）"),
            std::string::npos)
      << table.output;
  // The report (sequence 1) between the issue and the signature.
  const std::size_t report = table.output.find("\n      1 ");
  ASSERT_NE(report, std::string::npos) << table.output;
  EXPECT_LT(table.output.find("第1步"), report) << table.output;
  EXPECT_GT(table.output.find("第2步"), report) << table.output;

  testing::CommandResult json =
      Cli({"--since", since, "--duban", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  std::istringstream json_lines(json.output);
  std::vector<std::string> lines;
  for (std::string line; std::getline(json_lines, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 4u) << json.output;
  EXPECT_EQ(lines[0].rfind("{\"duban\":{\"item_id\":\"db-r\"", 0), 0u)
      << lines[0];
  EXPECT_NE(lines[1].find("\"idempotency_key\":\"g-1\""), std::string::npos)
      << lines[1];
  EXPECT_EQ(lines[2].rfind("{\"duban\":", 0), 0u) << lines[2];

  const std::string file = (dir_ / "out.csv").string();
  testing::CommandResult csv =
      Cli({"--since", since, "--duban", "--format", "csv", "--output", file});
  ASSERT_EQ(csv.exit_code, 0) << csv.output;
  std::ifstream in(file, std::ios::binary);
  std::vector<std::string> rows;
  for (std::string row; std::getline(in, row);) rows.push_back(row);
  ASSERT_EQ(rows.size(), 5u);  // the header, the report and three steps
  EXPECT_EQ(rows[0].rfind("序号,存储时间,单位编号", 0), 0u) << rows[0];
  EXPECT_NE(rows[0].find(",正文,记录,督办事项,步骤号,步骤,经办人,对象单位"),
            std::string::npos)
      << rows[0];
  EXPECT_NE(rows[2].find(",报告,,,,,"), std::string::npos) << rows[2];
  EXPECT_NE(rows[3].find(",督办,db-r,2,签收,李文书,"), std::string::npos)
      << rows[3];

  testing::CommandResult refused = Cli({"--duban"});
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("--since"), std::string::npos)
      << refused.output;
}

}  // namespace
}  // namespace xinbao
