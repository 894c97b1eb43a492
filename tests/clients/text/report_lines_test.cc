#include "clients/text/report_lines.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

namespace xinbao::client {
namespace {

const TimeZone kShanghai;  // the default: Asia/Shanghai

class ReportLines : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "UTC", 1);  // the machine's zone does not matter
    tzset();
    delivery_.report.set_idempotency_key("k-1");
    delivery_.report.set_unit_id("chengguan");
    delivery_.report.set_title("道路\"事故\"");
    delivery_.ack.set_sequence(42);
    delivery_.ack.set_stored_at_ms(1795314665000);
    delivery_.ack.set_unit_id("chengguan");
  }
  Delivery delivery_;
};

TEST_F(ReportLines, TheZoneTheBrokerNamedWins) {
  delivery_.acknowledged = true;
  delivery_.time_zone = "UTC";
  EXPECT_EQ(DeliveryText(delivery_, kShanghai),
            "已送达 序号 42 存储时间 2026-11-22 02:31:05 单位 chengguan "
            "《道路\"事故\"》");
}

TEST_F(ReportLines, AnAnswerToACommissionEndsWithTheBrokersNote) {
  delivery_.acknowledged = true;
  v1::CommissionNote* note = delivery_.ack.mutable_commission();
  note->set_commission_id("yg-1");
  note->set_linked(true);
  note->set_late(true);
  EXPECT_EQ(DeliveryText(delivery_, kShanghai),
            "已送达 序号 42 存储时间 2026-11-22 10:31:05 单位 chengguan "
            "《道路\"事故\"》 约稿 yg-1：已作为本单位的回复登记（逾期）");
  // The broker's words, when it gave them, alone.
  note->set_message("已作为约稿“秋粮收购进展”的报送，晚于时限 12月9日 17:30（迟报）");
  EXPECT_EQ(CommissionNoteText(*note),
            "约稿 yg-1：已作为约稿“秋粮收购进展”的报送，晚于时限 12月9日 17:30（迟报）");
  note->set_linked(false);
  note->set_late(false);
  note->set_message("该约稿已取消");
  EXPECT_EQ(CommissionNoteText(*note), "约稿 yg-1：未登记为回复，该约稿已取消");
}

TEST_F(ReportLines, Acknowledged) {
  delivery_.acknowledged = true;
  EXPECT_EQ(DeliveryText(delivery_, kShanghai),
            "已送达 序号 42 存储时间 2026-11-22 10:31:05 单位 chengguan "
            "《道路\"事故\"》");
  delivery_.ack.set_duplicate(true);
  EXPECT_EQ(DeliveryText(delivery_, kShanghai).rfind("重复提交，按原确认返回: 序号 42", 0),
            0u);
  const std::string json = DeliveryJson(delivery_);
  EXPECT_EQ(json.rfind(R"({"key":"k-1","title":"道路\"事故\"","ack":{)", 0), 0u)
      << json;
  EXPECT_NE(json.find(R"("duplicate":true)"), std::string::npos) << json;
}

TEST_F(ReportLines, AcknowledgedWithTheEventNote) {
  delivery_.acknowledged = true;
  delivery_.report.set_stage(v1::STAGE_QING);
  v1::EventNote* note = delivery_.ack.mutable_event();
  note->set_event_id("ev-1");
  note->set_followup(2);
  EXPECT_EQ(DeliveryText(delivery_, kShanghai),
            "已送达 序号 42 存储时间 2026-11-22 10:31:05 单位 chengguan "
            "《道路\"事故\"》 事件 ev-1 续报二（情）");
  note->add_anomalies(v1::ANOMALY_AFTER_CLOSE);
  EXPECT_EQ(DeliveryText(delivery_, kShanghai),
            "已送达 序号 42 存储时间 2026-11-22 10:31:05 单位 chengguan "
            "《道路\"事故\"》 事件 ev-1 续报二（情） "
            "注意：该事件已终报，本报告已登记但属于结案后来报");
  EXPECT_NE(
      DeliveryJson(delivery_).find(R"("event":{"event_id":"ev-1","followup":2,)"
                                   R"("anomalies":["ANOMALY_AFTER_CLOSE"]})"),
      std::string::npos)
      << DeliveryJson(delivery_);
}

TEST_F(ReportLines, Refused) {
  Status(v1::ERROR_CODE_UNKNOWN_UNIT, "报送单位未登记", "report.unit_id")
      .ToWire(&delivery_.error);
  EXPECT_EQ(DeliveryText(delivery_, kShanghai),
            "被拒绝 [ERROR_CODE_UNKNOWN_UNIT] 报送单位未登记 "
            "(字段 report.unit_id) 《道路\"事故\"》");
  const std::string json = DeliveryJson(delivery_);
  EXPECT_NE(json.find(R"("error":{"code":"ERROR_CODE_UNKNOWN_UNIT")"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("报送单位未登记"), std::string::npos) << json;
}

TEST_F(ReportLines, OutboxEntries) {
  OutboxEntry entry{7, delivery_.report, {}};
  entry.report.set_kind(v1::KIND_URGENT);
  entry.report.set_stage(v1::STAGE_SHI);
  entry.report.set_written_at_ms(1795314665000);
  EXPECT_EQ(PendingText(entry, kShanghai),
            "待发 发件箱第 7 份 键 k-1 单位 chengguan 紧急信息 阶段 事 "
            "《道路\"事故\"》 成文 2026-11-22 10:31:05");
  EXPECT_EQ(PendingJson(entry, kShanghai),
            R"({"state":"pending","ordinal":"7","key":"k-1",)"
            R"("unit_id":"chengguan","kind":"KIND_URGENT","stage":"STAGE_SHI",)"
            R"("title":"道路\"事故\"","written_at_ms":"1795314665000",)"
            R"("written_at":"2026-11-22 10:31:05"})");
  RejectedEntry rejected{8, entry.report, {}};
  rejected.error.set_code(v1::ERROR_CODE_NOT_URGENT);
  rejected.error.set_message("不是紧急信息");
  EXPECT_EQ(RejectedText(rejected),
            "已拒绝 发件箱第 8 份 键 k-1 单位 chengguan 《道路\"事故\"》 "
            "[ERROR_CODE_NOT_URGENT] 不是紧急信息");
  EXPECT_NE(RejectedJson(rejected, kShanghai).find(R"("state":"rejected")"),
            std::string::npos);
  // 64-bit integers are JSON strings, as protobuf's JSON mapping (and so
  // every other --json line) writes them.
  EXPECT_NE(RejectedJson(rejected, kShanghai).find(R"("ordinal":"8")"), std::string::npos)
      << RejectedJson(rejected, kShanghai);
}

TEST(JsonQuote, EscapesControlsAndKeepsUtf8) {
  EXPECT_EQ(JsonQuote("a\"b\\c\n\x01中"), "\"a\\\"b\\\\c\\n\\u0001中\"");
}

}  // namespace
}  // namespace xinbao::client
