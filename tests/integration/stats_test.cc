// `xinbao stats` end to end: reports submitted to the real broker, the
// month's accountability table asked for with the real CLI, as CSV, as
// JSON and as a file, and a bad month refused. The 事 is backdated so that
// it is late on arrival (no test waits for a deadline). The broker runs
// CURVE: each unit submits with its own key, and the analyst asks; a
// reporter asking sees only its own unit's row; the office's monitor, the
// assessor, every row.
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"
#include "xinbao/v1/history.pb.h"

namespace xinbao {
namespace {

using testing::BrokerProcess;
using testing::CliAs;
using testing::PeerAs;
using testing::RunCommand;
using testing::TempDir;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;

// The current month at the broker's default offset (UTC+8): "2026-11".
std::string CurrentMonth() {
  const std::time_t t = testing::NowMs() / 1000 + 8 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m", &tm);
  return text;
}

class StatsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // 城关镇: two 一般动态. 河口镇: one 调研信息, and the 事 of a Ⅲ-grade
    // incident 3 hours after it happened (due within 2h: late by ~1h).
    v1::Report research = testing::GeneralReport("s-research", "hekou");
    research.set_kind(v1::KIND_RESEARCH);
    v1::Report shi = testing::UrgentShiReport("s-shi", "evt-stats");
    shi.set_occurred_at_ms(testing::NowMs() - 3 * kHour);
    shi.set_written_at_ms(testing::NowMs() - kMinute);
    // Each unit submits with its own key.
    testing::UnitSubmitters units(broker_);
    for (const v1::Report& report :
         {testing::GeneralReport("s-g1"), testing::GeneralReport("s-g2"),
          research, shi}) {
      const std::optional<v1::Reply> reply = units.Submit(report);
      ASSERT_TRUE(reply && reply->has_ack())
          << (reply ? reply->ShortDebugString() : "no reply");
    }
  }

  // `working_dir`: where the CLI runs (empty: the test's own).
  testing::CommandResult Stats(std::vector<std::string> more,
                               const std::filesystem::path& working_dir = {}) {
    std::vector<std::string> args = {
        "stats", "--query-endpoint", broker_.query_endpoint(), "--timeout",
        "10"};
    args.insert(args.end(), more.begin(), more.end());
    return RunCommand(CliAs(broker_, "analyst", args), working_dir);
  }

  TempDir dir_;
  BrokerProcess broker_{dir_ / "data"};
  const std::string month_ = CurrentMonth();
};

TEST_F(StatsTest, CsvRanksTheUnitsOfTheMonth) {
  const testing::CommandResult csv = Stats({"--month", month_, "--csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.output;
  std::istringstream lines(csv.output);
  std::vector<std::string> rows;
  for (std::string line; std::getline(lines, line);) rows.push_back(line);
  // The header and the ten units of the demo registry other than the office.
  ASSERT_EQ(rows.size(), 11u) << csv.output;
  EXPECT_EQ(rows[0].rfind("名次,单位编号,单位,报送,紧急信息,", 0), 0u);
  // 河口镇: 紧急 3 + 调研 3 = 6; 2 short of 4 (2) and one 迟报 (2): 2.
  EXPECT_EQ(rows[1].rfind("1,hekou,河口镇,2,1,0,0,1,0,1,1,", 0), 0u) << rows[1];
  EXPECT_TRUE(rows[1].ends_with(",0,0,0,4,2,6,4,2\r")) << rows[1];
  // 城关镇: 2 一般动态 = 2; 2 short: 0. No 督办 item: seven zeros before
  // the quota.
  EXPECT_EQ(rows[2],
            "2,chengguan,城关镇,2,0,0,2,0,0,0,0,0,0,0,0,0,0,0,0,"
            "0,0,0,0,0,0,0,4,2,2,2,0\r");
  // Nothing filed: 4 short, -4, all sharing rank 3.
  for (std::size_t i = 3; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].rfind("3,", 0), 0u) << rows[i];
    EXPECT_TRUE(rows[i].ends_with(",4,4,0,4,-4\r")) << rows[i];
  }
}

TEST_F(StatsTest, JsonCarriesEveryFigure) {
  const testing::CommandResult json = Stats({"--month", month_, "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  v1::StatsTable table;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(json.output, &table).ok())
      << json.output;
  ASSERT_EQ(table.units_size(), 10);
  const v1::UnitStats& hekou = table.units(0);
  EXPECT_EQ(hekou.unit_id(), "hekou");
  EXPECT_EQ(hekou.rank(), 1u);
  EXPECT_EQ(hekou.urgent_events(), 1u);
  EXPECT_EQ(hekou.shi_delays(), 1u);
  // Stored about 3 hours after it happened; due within 2 hours.
  EXPECT_NEAR(hekou.shi_delay_median_ms(), 3 * kHour, kMinute);
  EXPECT_EQ(hekou.shi_delay_p90_ms(), hekou.shi_delay_median_ms());
  EXPECT_EQ(hekou.late(), 1u);
  EXPECT_NEAR(hekou.late_total_ms(), kHour, kMinute);
  EXPECT_EQ(hekou.late_max_ms(), hekou.late_total_ms());
  EXPECT_DOUBLE_EQ(hekou.score(), 2);
  EXPECT_EQ(table.unit_names().at("hekou"), "河口镇");
  EXPECT_EQ(table.weights().monthly_quota(), 4u);
  EXPECT_GT(table.computed_at_ms(), 0);
}

TEST_F(StatsTest, TableAndFileWithByteOrderMark) {
  const testing::CommandResult text = Stats({});  // the current month
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("考核期间"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("河口镇"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("迟报合计 1小时"), std::string::npos)
      << text.output;

  const std::string path = (dir_ / "stats.csv").string();
  const testing::CommandResult saved =
      Stats({"--month", month_, "--csv", "--bom", "--output", path});
  ASSERT_EQ(saved.exit_code, 0) << saved.output;
  std::ifstream file(path, std::ios::binary);
  const std::string content((std::istreambuf_iterator<char>(file)),
                            std::istreambuf_iterator<char>());
  EXPECT_EQ(content.rfind("\xEF\xBB\xBF名次,", 0), 0u) << content;
}

TEST_F(StatsTest, ABareOutputFileNameIsWrittenInTheWorkingDirectory) {
  // An analyst in their own folder: `--output 2026-12考核.csv`, no folder.
  const TempDir working;
  const std::string name = month_ + "考核.csv";
  const testing::CommandResult saved = Stats(
      {"--month", month_, "--csv", "--bom", "--output", name}, working.path());
  ASSERT_EQ(saved.exit_code, 0) << saved.output;
  EXPECT_NE(saved.output.find("已写入 " + name), std::string::npos)
      << saved.output;
  std::ifstream file(working / name, std::ios::binary);
  const std::string content((std::istreambuf_iterator<char>(file)),
                            std::istreambuf_iterator<char>());
  EXPECT_EQ(content.rfind("\xEF\xBB\xBF名次,", 0), 0u) << content;
}

TEST_F(StatsTest, AReporterOrAMonitorSeesOnlyItsOwnStanding) {
  auto ask = [&](const std::string& user) {
    v1::Envelope request;
    request.mutable_stats()->set_month(month_);
    const std::optional<v1::Reply> reply =
        PeerAs(broker_, broker_.query_endpoint(), user)->Ask(request);
    EXPECT_TRUE(reply && reply->has_stats())
        << user << ": " << (reply ? reply->ShortDebugString() : "no reply");
    return reply && reply->has_stats() ? reply->stats() : v1::StatsTable();
  };
  const v1::StatsTable table = ask("analyst");
  ASSERT_EQ(table.units_size(), 10);
  EXPECT_EQ(table.ranked_units(), 10u);
  EXPECT_EQ(table.units(1).unit_id(), "chengguan");

  // 城关镇's reporter: its row, second of ten; nobody else's row or name.
  const v1::StatsTable own = ask("chengguan");
  ASSERT_EQ(own.units_size(), 1);
  EXPECT_EQ(own.units(0).unit_id(), "chengguan");
  EXPECT_EQ(own.units(0).rank(), 2u);
  EXPECT_EQ(own.units(0).reports(), 2u);
  EXPECT_EQ(own.ranked_units(), 10u);
  ASSERT_EQ(own.unit_names_size(), 1);
  EXPECT_EQ(own.unit_names().at("chengguan"), "城关镇");
  EXPECT_EQ(own.weights().monthly_quota(), 4u);

  // The office is the assessor, not ranked; its monitor compiles the
  // monthly 通报 and gets every unit's row.
  const v1::StatsTable office = ask("county-office");
  ASSERT_EQ(office.units_size(), 10);
  EXPECT_EQ(office.units(1).unit_id(), "chengguan");
  EXPECT_EQ(office.unit_names_size(), table.unit_names_size());
  EXPECT_EQ(office.ranked_units(), 10u);

  // The command line shows 河口镇's reporter its one row.
  const testing::CommandResult csv =
      RunCommand(CliAs(broker_, "hekou",
                       {"stats", "--query-endpoint", broker_.query_endpoint(),
                        "--month", month_, "--csv"}));
  ASSERT_EQ(csv.exit_code, 0) << csv.output;
  EXPECT_NE(csv.output.find("1,hekou,河口镇,"), std::string::npos)
      << csv.output;
  EXPECT_EQ(csv.output.find("chengguan"), std::string::npos) << csv.output;
}

TEST_F(StatsTest, ABadMonthIsRefused) {
  const testing::CommandResult refused = Stats({"--month", "2026-13"});
  EXPECT_EQ(refused.exit_code, 4) << refused.output;
  EXPECT_NE(refused.output.find("stats.month"), std::string::npos)
      << refused.output;
  const testing::CommandResult local =
      Stats({"--from", "2026-11-31 00:00", "--to", "2026-12-01 00:00"});
  EXPECT_EQ(local.exit_code, 2) << local.output;
}

}  // namespace
}  // namespace xinbao
