// UpstreamItems: 上级交办 as the county keeps them, and what its 转办
// items owe the city.
#include "broker/duban/upstream_items.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "broker/config/config.h"

namespace xinbao::broker {
namespace {

class UpstreamItemsTest : public ::testing::Test {
 protected:
  UpstreamItems Items() {
    return UpstreamItems(
        {"qingshui", "清水县", "qingshui", config_.units},
        [this](std::string_view id) -> Result<std::optional<v1::UpstreamDuban>> {
          auto found = stored_.find(std::string(id));
          if (found == stored_.end()) return std::optional<v1::UpstreamDuban>();
          return std::optional<v1::UpstreamDuban>(found->second);
        });
  }

  // As the committer writes what changed.
  void Write(UpstreamItems& items) {
    for (const v1::UpstreamDuban* kept : items.Changed()) {
      stored_[kept->item().item().item_id()] = *kept;
    }
    for (const v1::DubanStepRequest& step : items.Steps()) sent_.push_back(step);
    items.Settle();
  }

  // The city's item: qingshui the lead, in `phase`, as of `updated`.
  static v1::DubanState CityItem(v1::UnitPhase phase, int64_t updated) {
    v1::DubanState state;
    state.mutable_item()->set_item_id("jz-db-1");
    state.mutable_item()->set_title("汛期地质灾害隐患排查");
    v1::DubanUnit& unit = *state.add_units();
    unit.set_unit_id("qingshui");
    unit.set_lead(true);
    unit.set_phase(phase);
    state.set_updated_at_ms(updated);
    return state;
  }

  // The county's 转办 item, closed when `closed`, with 河口镇's answer.
  static v1::DubanState Local(bool closed) {
    v1::DubanState state;
    v1::DubanItem& item = *state.mutable_item();
    item.set_item_id("qs-db-1");
    item.set_lead_unit_id("hekou");
    item.add_co_unit_ids("qingshan");
    item.set_officer("陈静");
    item.mutable_upstream()->set_item_id("jz-db-1");
    v1::DubanUnit& lead = *state.add_units();
    lead.set_unit_id("hekou");
    lead.set_lead(true);
    state.add_units()->set_unit_id("qingshan");
    v1::DubanStep& answer = *state.add_steps();
    answer.set_kind(v1::STEP_KIND_RESULT);
    answer.set_unit_id("hekou");
    answer.set_text("已排查 46 处");
    v1::DubanStep& accept = *state.add_steps();
    accept.set_kind(v1::STEP_KIND_ACCEPT);
    accept.set_person("李主任");
    state.set_closed(closed);
    return state;
  }

  BrokerConfig config_ = DefaultConfig();
  std::map<std::string, v1::UpstreamDuban> stored_;
  std::vector<v1::DubanStepRequest> sent_;
};

TEST_F(UpstreamItemsTest, TheLatestFetchIsKeptAndAnOlderOneChangesNothing) {
  UpstreamItems items = Items();
  ASSERT_TRUE(items.Take(CityItem(v1::UNIT_PHASE_ISSUED, 100), "jiangzhou", 1000).value());
  Write(items);
  ASSERT_EQ(stored_.count("jz-db-1"), 1u);
  EXPECT_EQ(stored_["jz-db-1"].broker_id(), "jiangzhou");
  EXPECT_EQ(stored_["jz-db-1"].unit_id(), "qingshui");
  EXPECT_EQ(stored_["jz-db-1"].received_at_ms(), 1000);
  // Fetched again after a crash, and an older state: nothing changes.
  EXPECT_FALSE(items.Take(CityItem(v1::UNIT_PHASE_ISSUED, 100), "jiangzhou", 2000).value());
  EXPECT_TRUE(items.Changed().empty());
  ASSERT_TRUE(items.Take(CityItem(v1::UNIT_PHASE_SIGNED, 200), "jiangzhou", 3000).value());
  Write(items);
  EXPECT_FALSE(items.Take(CityItem(v1::UNIT_PHASE_ISSUED, 150), "jiangzhou", 4000).value());
  EXPECT_EQ(stored_["jz-db-1"].item().units(0).phase(), v1::UNIT_PHASE_SIGNED);
  EXPECT_EQ(stored_["jz-db-1"].received_at_ms(), 1000);
}

TEST_F(UpstreamItemsTest, ATransferSignsUpThereAndItsClosingAnswers) {
  UpstreamItems items = Items();
  v1::DubanItem stray;
  stray.mutable_upstream()->set_item_id("jz-db-9");
  EXPECT_EQ(items.Check(&stray).code(), v1::ERROR_CODE_UNKNOWN_ITEM);
  ASSERT_TRUE(items.Take(CityItem(v1::UNIT_PHASE_ISSUED, 100), "jiangzhou", 1000).ok());
  Write(items);

  v1::DubanItem transfer = Local(false).item();
  ASSERT_TRUE(items.Check(&transfer).ok());
  EXPECT_EQ(transfer.upstream().broker_id(), "jiangzhou");
  ASSERT_TRUE(items.Carried(Local(false), 2000).ok());
  Write(items);
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_EQ(sent_[0].kind(), v1::STEP_KIND_SIGN);
  EXPECT_EQ(sent_[0].item_id(), "jz-db-1");
  EXPECT_EQ(sent_[0].unit_id(), "qingshui");
  EXPECT_EQ(sent_[0].step_id(), "qingshui:sign:qs-db-1");
  EXPECT_EQ(sent_[0].person(), "陈静（清水县）");
  EXPECT_EQ(stored_["jz-db-1"].carried_by(0), "qs-db-1");

  // A step that does not close it owes nothing up.
  ASSERT_TRUE(items.Stepped(Local(false), 2500).ok());
  EXPECT_TRUE(items.Steps().empty());
  ASSERT_TRUE(items.Stepped(Local(true), 3000).ok());
  Write(items);
  ASSERT_EQ(sent_.size(), 2u);
  EXPECT_EQ(sent_[1].kind(), v1::STEP_KIND_RESULT);
  EXPECT_EQ(sent_[1].step_id(), "qingshui:result:qs-db-1");
  EXPECT_EQ(sent_[1].person(), "李主任（清水县）");
  EXPECT_NE(sent_[1].text().find("河口镇（主办）：已排查 46 处"), std::string::npos)
      << sent_[1].text();
  EXPECT_NE(sent_[1].text().find("青山乡（协办）：（无办结报告）"), std::string::npos)
      << sent_[1].text();
  EXPECT_EQ(stored_["jz-db-1"].steps_queued(), 2u);

  // Once signed up there, a second 转办 (after 退回重办) is a progress note.
  ASSERT_TRUE(items.Take(CityItem(v1::UNIT_PHASE_SIGNED, 300), "jiangzhou", 4000).ok());
  v1::DubanState again = Local(false);
  again.mutable_item()->set_item_id("qs-db-2");
  ASSERT_TRUE(items.Carried(again, 5000).ok());
  Write(items);
  ASSERT_EQ(sent_.size(), 3u);
  EXPECT_EQ(sent_[2].kind(), v1::STEP_KIND_PROGRESS);
  EXPECT_NE(sent_[2].text().find("已转办河口镇（主办）、青山乡（协办）办理"), std::string::npos)
      << sent_[2].text();

  // Done up there: no more 转办.
  ASSERT_TRUE(items.Take(CityItem(v1::UNIT_PHASE_DONE, 400), "jiangzhou", 6000).ok());
  Write(items);
  EXPECT_EQ(items.Check(&transfer).code(), v1::ERROR_CODE_WRONG_STATE);
}

TEST(UpStepId, LongIdsAreHashedToStayWellFormed) {
  EXPECT_EQ(UpStepId("qingshui", "sign", "qs-1"), "qingshui:sign:qs-1");
  const std::string long_id(64, 'a');
  const std::string id = UpStepId("qingshui", "result", long_id);
  EXPECT_LE(id.size(), 64u);
  EXPECT_EQ(id.rfind("qingshui:result:", 0), 0u);
  EXPECT_NE(id, UpStepId("qingshui", "result", std::string(64, 'b')));
}

}  // namespace
}  // namespace xinbao::broker
