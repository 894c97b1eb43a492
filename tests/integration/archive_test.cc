// The archive chain through the real programs (CURVE): `xinbao verify`
// (admin only) finds the chain whole and prints its head, `xinbao status`
// shows the head, `xinbao export` writes a month that `xinbao
// verify-export` checks offline — and finds an edited line or a line taken
// out — and a report edited in the store on disk is found both by
// `xinbao-broker verify` (read-only, the broker stopped) and, once the
// broker runs on that store again, by `xinbao verify`.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <vector>

#include "clients/lib/archive_export.h"
#include "clients/lib/submit_client.h"
#include "proto/time_zone.h"
#include "storage/layout.h"
#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/test_keys.h"
#include "tests/storage/raw_store.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"
#include "tests/support/web/screenshots.h"

namespace xinbao {
namespace {

using namespace std::chrono_literals;
using testing::BrokerProcess;
using testing::CliAs;
using testing::RunCommand;
using testing::TempDir;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

// Keeps what a command printed under <build>/screenshots/<test>/ for a
// person to read.
void Keep(const std::string& name, const std::string& output) {
  WriteFile(testing::ScreenshotDir() / name, output);
}

// "第 N 个链节（…） HEX" in a command's output, as the anchor "N:HEX".
std::string AnchorIn(const std::string& output) {
  std::smatch match;
  static const std::regex kHead("第 ([0-9]+) 个链节（[^）]*） ([0-9a-f]{64})");
  if (!std::regex_search(output, match, kHead)) return {};
  return match[1].str() + ":" + match[2].str();
}

// Submits `count` general reports for `unit` and waits for their acks.
void SubmitReports(const BrokerProcess& broker, const std::filesystem::path& outbox,
                   const std::string& unit, int count) {
  auto client = client::SubmitClient::Open(
      {.endpoint = broker.endpoint(),
       .outbox_dir = outbox,
       .reply_timeout = 5s,
       .curve = testing::ClientKeysOf(broker, unit)});
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  for (int n = 0; n < count; ++n) {
    ASSERT_TRUE((*client)
                    ->Enqueue(testing::GeneralReport(
                        unit + "-chain-" + std::to_string(n), unit))
                    .ok());
  }
  int acked = 0;
  (*client)->Flush(std::chrono::steady_clock::now() + 30s,
                   [&](const client::Delivery& d) { acked += d.acknowledged; });
  ASSERT_EQ(acked, count);
}

TEST(Archive, VerifiedExportedCheckedOfflineAndEditsFound) {
  TempDir dir;
  const std::filesystem::path data = dir / "data";
  const std::filesystem::path config =
      testing::CurveConfig(dir.path(), data, "");
  auto broker = std::make_unique<BrokerProcess>(
      data, "tcp://127.0.0.1:*",
      std::vector<std::string>{"--config", config.string()});
  SubmitReports(*broker, dir / "outbox-a", "chengguan", 20);
  SubmitReports(*broker, dir / "outbox-b", "hekou", 10);
  auto as = [&](const std::string& user, std::vector<std::string> args) {
    args.insert(args.begin(), {"--query-endpoint", broker->query_endpoint()});
    return RunCommand(CliAs(*broker, user, args));
  };

  // Only an admin may check or export (the refusal is audited, and that
  // audit record is linked too).
  EXPECT_EQ(as("chengguan", {"verify"}).exit_code, 4);
  EXPECT_EQ(as("analyst", {"export", "--out", (dir / "x").string()}).exit_code, 4);
  const auto verified = as("admin", {"verify"});
  ASSERT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_TRUE(Has(verified.output, "存证链完好")) << verified.output;
  const std::string anchor = AnchorIn(verified.output);
  ASSERT_FALSE(anchor.empty()) << verified.output;
  EXPECT_GE(std::stoul(anchor.substr(0, anchor.find(':'))), 30u);
  Keep("verify.txt", verified.output);
  const auto status = as("admin", {"status"});
  EXPECT_TRUE(Has(status.output, "存证链头: 第 ")) << status.output;

  // This month, exported and checked offline against the head above.
  const TimeZone zone = TimeZone::Load("Asia/Shanghai").value();
  const std::string month = zone.Format(
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count(),
      "%Y-%m");
  const std::filesystem::path out = dir / "export";
  const auto exported =
      as("admin", {"export", "--month", month, "--out", out.string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  EXPECT_TRUE(Has(exported.output, "已导出 " + month)) << exported.output;
  const auto offline = RunCommand(
      {testing::CliBinary(), "verify-export", out.string(), "--expect", anchor});
  ASSERT_EQ(offline.exit_code, 0) << offline.output;
  EXPECT_TRUE(Has(offline.output, "完好")) << offline.output;
  EXPECT_TRUE(Has(offline.output, "与别处记下的链头一致")) << offline.output;
  Keep("export-and-verify-export.txt", exported.output + offline.output);
  const std::string records = ReadFile(out / client::kExportRecordsFile);
  EXPECT_TRUE(Has(records, "\"content\":{")) << records.substr(0, 400);

  // An edited line: the readable content changed.
  const std::filesystem::path edited = dir / "edited";
  std::filesystem::copy(out, edited);
  std::string text = records;
  const std::size_t title = text.find("\"title\":\"");
  ASSERT_NE(title, std::string::npos);
  text.insert(title + 9, "改");
  WriteFile(edited / client::kExportRecordsFile, text);
  const auto caught = RunCommand({testing::CliBinary(), "verify-export",
                                  edited.string()});
  EXPECT_EQ(caught.exit_code, 1) << caught.output;
  EXPECT_TRUE(Has(caught.output, "未通过核对")) << caught.output;

  // A line taken out, and the manifest's digest made to match: the chain
  // itself shows the gap.
  const std::filesystem::path cut = dir / "cut";
  std::filesystem::copy(out, cut);
  const std::size_t second_line = records.find('\n') + 1;
  const std::size_t third_line = records.find('\n', second_line) + 1;
  const std::string shorter =
      records.substr(0, second_line) + records.substr(third_line);
  WriteFile(cut / client::kExportRecordsFile, shorter);
  std::string manifest = ReadFile(cut / client::kExportManifestFile);
  manifest = std::regex_replace(
      manifest, std::regex("\"records_blake2b\": \"[0-9a-f]{64}\""),
      "\"records_blake2b\": \"" + ChainHex(ChainBytes(ChainDigest(shorter))) +
          "\"");
  WriteFile(cut / client::kExportManifestFile, manifest);
  const auto gap = RunCommand({testing::CliBinary(), "verify-export", cut.string()});
  EXPECT_EQ(gap.exit_code, 1) << gap.output;
  EXPECT_TRUE(Has(gap.output, "链节缺失")) << gap.output;

  // A report edited in the store while the broker is stopped.
  ASSERT_EQ(broker->Terminate(), 0);
  broker.reset();
  std::string key;
  storage::layout::AppendSequenceKey(&key, 7);
  v1::Report report;
  ASSERT_TRUE(report.ParseFromString(storage::ReadUnderTheStore(
      data / "reports", storage::layout::kReportsFamily, key)));
  report.set_body("事后改写：此事不曾发生");
  storage::PutUnderTheStore(data / "reports", storage::layout::kReportsFamily,
                            key, report.SerializeAsString());
  const auto offline_store = RunCommand(
      {testing::BrokerBinary(), "--config", config.string(), "--data-dir",
       data.string(), "verify"});
  EXPECT_EQ(offline_store.exit_code, 1) << offline_store.output;
  EXPECT_TRUE(Has(offline_store.output, "存证链已断")) << offline_store.output;
  EXPECT_TRUE(Has(offline_store.output, "报告记录")) << offline_store.output;
  EXPECT_TRUE(Has(offline_store.output, "记录被改动")) << offline_store.output;
  Keep("broker-verify-broken.txt", offline_store.output);

  // Running again on that store, the broker's own check says the same.
  broker = std::make_unique<BrokerProcess>(
      data, "tcp://127.0.0.1:*",
      std::vector<std::string>{"--config", config.string()});
  const auto online = as("admin", {"verify"});
  EXPECT_EQ(online.exit_code, 1) << online.output;
  EXPECT_TRUE(Has(online.output, "记录被改动")) << online.output;
}

}  // namespace
}  // namespace xinbao
