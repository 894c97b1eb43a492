// The classification ceiling (密级) end to end: the real broker refuses a
// report above security.max_classification, stores nothing, keeps serving,
// and the officer's client keeps the report aside with the reason. CURVE
// is on; each report comes from the key of the unit it names.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "clients/lib/submit_client.h"
#include "storage/report_store.h"
#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using testing::BrokerProcess;
using testing::ClientKeysOf;
using testing::PeerAs;
using testing::TempDir;

constexpr char kConfidentialRefusal[] =
    "该报告密级为机密，高于本系统允许的最高密级（内部）。"
    "涉密信息请通过涉密渠道（机要交通或涉密网络）报送，不要在本系统提交。";

v1::Report Classified(const std::string& key, v1::Classification level) {
  v1::Report report = testing::GeneralReport(key);
  report.set_classification(level);
  return report;
}

TEST(Classification, ReportAboveTheCeilingIsRefusedAndNotStored) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  // Classified() reports come from 城关镇.
  auto client = client::SubmitClient::Open(
      {.endpoint = broker.endpoint(),
       .outbox_dir = dir / "outbox",
       .curve = ClientKeysOf(broker, "chengguan")});
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  auto queued = (*client)->Enqueue(
      Classified("classified-1", v1::CLASSIFICATION_CONFIDENTIAL));
  ASSERT_TRUE(queued.ok()) << queued.status().ToString();

  std::vector<client::Delivery> deliveries;
  client::FlushSummary summary = (*client)->Flush(
      std::chrono::steady_clock::now() + std::chrono::seconds(15),
      [&](const client::Delivery& d) { deliveries.push_back(d); });
  ASSERT_EQ(summary.rejected, 1u);
  ASSERT_EQ(deliveries.size(), 1u);
  const v1::Error& error = deliveries[0].error;
  EXPECT_EQ(v1::ErrorCode_Name(error.code()),
            "ERROR_CODE_CLASSIFICATION_TOO_HIGH");
  EXPECT_EQ(error.field(), "report.classification");
  EXPECT_EQ(error.message(), kConfidentialRefusal);
  EXPECT_FALSE(error.retryable());

  // The officer's copy is kept aside with the reason, not resent.
  EXPECT_TRUE((*client)->outbox().Pending()->empty());
  auto rejected = (*client)->outbox().Rejected();
  ASSERT_TRUE(rejected.ok()) << rejected.status().ToString();
  ASSERT_EQ(rejected->size(), 1u);
  EXPECT_EQ((*rejected)[0].report.idempotency_key(), "classified-1");
  EXPECT_EQ((*rejected)[0].error.code(),
            v1::ERROR_CODE_CLASSIFICATION_TOO_HIGH);

  // Nothing was stored under that key and no sequence was spent: the same
  // key at 内部 is a new report, the broker's first.
  auto peer = PeerAs(broker, broker.endpoint(), "chengguan");
  peer->SendSubmit(Classified("classified-1", v1::CLASSIFICATION_INTERNAL));
  auto accepted = peer->Receive();
  ASSERT_TRUE(accepted && accepted->has_ack());
  EXPECT_EQ(accepted->ack().sequence(), 1u);
  EXPECT_FALSE(accepted->ack().duplicate());

  ASSERT_EQ(broker.Terminate(), 0);
  auto store = storage::ReportStore::Open(dir / "data" / "reports");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->next_sequence(), 2u);  // the 内部 report alone
  auto stored = (*store)->Get(1);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->classification(), v1::CLASSIFICATION_INTERNAL);
}

TEST(Classification, CliExplainsTheRefusalAndKeepsTheReport) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  const std::string outbox = (dir / "outbox").string();
  auto submitted = testing::RunCommand(testing::CliAs(
      broker, "gongan",
      {"submit", "--endpoint", broker.endpoint(), "--outbox", outbox, "--unit",
       "gongan", "--kind", "重要动态", "--classification", "绝密", "--title",
       "某专项行动部署情况", "--body", "（正文略）"}));
  EXPECT_EQ(submitted.exit_code, 4) << submitted.output;
  EXPECT_NE(submitted.output.find("ERROR_CODE_CLASSIFICATION_TOO_HIGH"),
            std::string::npos)
      << submitted.output;
  EXPECT_NE(submitted.output.find("涉密渠道"), std::string::npos)
      << submitted.output;

  auto listed = testing::RunCommand(testing::CliAs(
      broker, "gongan",
      {"outbox", "--endpoint", broker.endpoint(), "--outbox", outbox}));
  EXPECT_NE(listed.output.find("ERROR_CODE_CLASSIFICATION_TOO_HIGH"),
            std::string::npos)
      << listed.output;
}

TEST(Classification, RaisedCeilingAcceptsSecretAndRefusesAboveIt) {
  TempDir dir;
  const std::filesystem::path data = dir / "data";
  const std::filesystem::path config = testing::CurveConfig(
      dir.path(), data, "", "max_classification = \"秘密\"\n");
  BrokerProcess broker(data, "tcp://127.0.0.1:*",
                       {"--config", config.string()});
  auto peer = PeerAs(broker, broker.endpoint(), "chengguan");

  peer->SendSubmit(Classified("secret-1", v1::CLASSIFICATION_SECRET));
  auto accepted = peer->Receive();
  ASSERT_TRUE(accepted && accepted->has_ack());
  EXPECT_EQ(accepted->ack().sequence(), 1u);

  peer->SendSubmit(
      Classified("confidential-1", v1::CLASSIFICATION_CONFIDENTIAL));
  auto refused = peer->Receive();
  ASSERT_TRUE(refused && refused->has_error());
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_CLASSIFICATION_TOO_HIGH);
  EXPECT_NE(refused->error().message().find("最高密级（秘密）"),
            std::string::npos)
      << refused->error().message();
}

}  // namespace
}  // namespace xinbao
