// EditingDesk (采编台) on a store kept in maps, driven by explicit times in
// China: items from reports, drafts and 签发 with 第N期 per year and 总第N期
// per series, the frozen issue, corrections, entered adoptions and 批示,
// and the answers to retries and to edits on an older revision.
#include "broker/caibian/editing_desk.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "broker/config/config.h"

namespace xinbao::broker {
namespace {

class EditingDeskTest : public ::testing::Test {
 protected:
  EditingDeskTest()
      : config_(DefaultConfig()),
        policy_(DefaultCaibianPolicy()),
        desk_(EditingDesk::Terms{policy_, config_.units, config_.zone()}, Loaders()) {
    Store(1, "hekou", "河口镇春耕备耕进展顺利", v1::CLASSIFICATION_UNSPECIFIED);
    Store(2, "qingshan", "青山乡春耕物资到位", v1::CLASSIFICATION_INTERNAL);
    Store(3, "chengguan", "城关镇老旧小区改造完工", v1::CLASSIFICATION_UNSPECIFIED);
  }

  // Beijing time.
  int64_t At(int year, int month, int day, int hour, int minute = 0) const {
    return config_.zone().UnixMsOf({year, month, day, hour, minute, 0});
  }

  void Store(uint64_t sequence, const std::string& unit, const std::string& title,
             v1::Classification classification) {
    v1::Report& report = reports_[sequence];
    report.set_sequence(sequence);
    report.set_unit_id(unit);
    report.set_title(title);
    report.set_kind(v1::KIND_GENERAL_DYNAMIC);
    report.set_classification(classification);
    report.set_stored_at_ms(At(2026, 11, 2, 9));
  }

  EditingDesk::Loaders Loaders() {
    EditingDesk::Loaders load;
    load.item = [this](std::string_view id) -> Result<std::optional<v1::BulletinItem>> {
      auto it = items_.find(std::string(id));
      if (it == items_.end()) return std::optional<v1::BulletinItem>();
      return std::optional<v1::BulletinItem>(it->second);
    };
    load.issue = [this](std::string_view id) -> Result<std::optional<v1::BulletinIssue>> {
      auto it = issues_.find(std::string(id));
      if (it == issues_.end()) return std::optional<v1::BulletinIssue>();
      return std::optional<v1::BulletinIssue>(it->second);
    };
    load.report = [this](uint64_t sequence) -> Result<std::optional<v1::Report>> {
      auto it = reports_.find(sequence);
      if (it == reports_.end()) return std::optional<v1::Report>();
      return std::optional<v1::Report>(it->second);
    };
    load.adoptions = [this](uint64_t sequence) -> Result<std::vector<v1::Adoption>> {
      std::vector<v1::Adoption> of;
      for (const v1::Adoption& adoption : adoptions_) {
        if (adoption.report_sequence() == sequence) of.push_back(adoption);
      }
      return of;
    };
    return load;
  }

  // Writes what changed, as the committer does after an action.
  void Write() {
    for (const v1::BulletinItem* item : desk_.ChangedItems()) items_[item->item_id()] = *item;
    for (const v1::BulletinIssue* issue : desk_.ChangedIssues()) {
      issues_[issue->issue_id()] = *issue;
    }
    for (const v1::Adoption* adoption : desk_.NewAdoptions()) adoptions_.push_back(*adoption);
    desk_.Settle();
  }

  // Runs `action` and writes what it changed; the refusal is returned as is.
  template <class Action>
  Result<EditingDesk::Change> Apply(Action action) {
    Result<EditingDesk::Change> change = action();
    if (change.ok()) {
      // Copy what the pointers show before Settle() frees them.
      answered_item_ = change->item ? *change->item : v1::BulletinItem();
      answered_issue_ = change->issue ? *change->issue : v1::BulletinIssue();
      answered_adoptions_.clear();
      for (const v1::Adoption* adoption : change->adoptions) {
        answered_adoptions_.push_back(*adoption);
      }
    }
    Write();
    return change;
  }

  Result<EditingDesk::Change> Put(const std::string& id, const std::string& title,
                                  std::initializer_list<uint64_t> sources,
                                  uint32_t base_revision = 0, int64_t at = 0) {
    v1::PutItem request;
    request.set_item_id(id);
    request.set_title(title);
    request.set_body("正文：" + title);
    request.set_base_revision(base_revision);
    for (uint64_t sequence : sources) request.add_source_sequences(sequence);
    return Apply([&] { return desk_.PutItem(request, kActor, at ? at : kNov3); });
  }

  Result<EditingDesk::Change> Draft(const std::string& id, const std::string& series,
                                    std::initializer_list<std::string> items,
                                    uint32_t base_revision = 0) {
    v1::PutIssue request;
    request.set_issue_id(id);
    request.set_series_id(series);
    request.set_base_revision(base_revision);
    for (const std::string& item : items) request.add_item_ids(item);
    return Apply([&] { return desk_.PutIssue(request, kActor, kNov3); });
  }

  Result<EditingDesk::Change> Sign(const std::string& id, uint32_t base_revision,
                                   int64_t at) {
    v1::IssueBulletin request;
    request.set_issue_id(id);
    request.set_base_revision(base_revision);
    return Apply([&] { return desk_.Issue(request, kActor, at); });
  }

  // A draft of `items` in `series`, signed at `at`; the issued issue.
  v1::BulletinIssue Issued(const std::string& id, const std::string& series,
                           std::initializer_list<std::string> items, int64_t at) {
    EXPECT_TRUE(Draft(id, series, items).ok());
    EXPECT_TRUE(Sign(id, issues_[id].revision(), at).ok());
    return issues_[id];
  }

  BrokerConfig config_;
  const EditingDesk::Actor kActor{"county-office", "张敏", "county-office", ""};
  const int64_t kNov3 = At(2026, 11, 3, 10);
  CaibianPolicy policy_;
  std::map<uint64_t, v1::Report> reports_;
  std::map<std::string, v1::BulletinItem> items_;
  std::map<std::string, v1::BulletinIssue> issues_;
  std::vector<v1::Adoption> adoptions_;
  EditingDesk desk_;
  v1::BulletinItem answered_item_;
  v1::BulletinIssue answered_issue_;
  std::vector<v1::Adoption> answered_adoptions_;
};

TEST_F(EditingDeskTest, AMergedItemNamesEverySourceReportAndUnit) {
  ASSERT_TRUE(Put("I1", "我县春耕备耕有序推进", {1, 2}).ok());
  const v1::BulletinItem& item = items_.at("I1");
  EXPECT_EQ(item.phase(), v1::ITEM_PHASE_CANDIDATE);
  EXPECT_EQ(item.revision(), 1u);
  EXPECT_EQ(item.editor(), "张敏");
  ASSERT_EQ(item.sources_size(), 2);
  EXPECT_EQ(item.sources(0).title(), "河口镇春耕备耕进展顺利");
  EXPECT_EQ(item.sources(1).unit_id(), "qingshan");
  EXPECT_EQ(item.source_unit_ids_size(), 2);
  // The reports themselves are not touched: only read.
  EXPECT_EQ(reports_.at(1).title(), "河口镇春耕备耕进展顺利");

  const Result<EditingDesk::Change> missing = Put("I2", "无源稿件", {99});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_EQ(missing.status().message(), "第 99 号报告不存在");
  EXPECT_EQ(items_.count("I2"), 0u);
}

TEST_F(EditingDeskTest, AnEditOnAnOlderRevisionIsStaleAndARetryChangesNothing) {
  ASSERT_TRUE(Put("I1", "初稿", {1}).ok());
  ASSERT_TRUE(Put("I1", "二稿", {1}, 1).ok());
  EXPECT_EQ(items_.at("I1").revision(), 2u);
  // The same edit again (the answer was lost): nothing new.
  const Result<EditingDesk::Change> retry = Put("I1", "二稿", {1}, 1);
  ASSERT_TRUE(retry.ok());
  EXPECT_FALSE(retry->changed);
  EXPECT_EQ(items_.at("I1").revision(), 2u);
  // Another editor, still on revision 1, is told who saved first.
  const Result<EditingDesk::Change> stale = Put("I1", "另一版", {1}, 1);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), v1::ERROR_CODE_STALE_REVISION);
  EXPECT_NE(stale.status().message().find("张敏"), std::string::npos)
      << stale.status().message();
  EXPECT_EQ(items_.at("I1").title(), "二稿");
  // The id used again for other content at creation.
  const Result<EditingDesk::Change> reused = Put("I1", "另一篇稿件", {3});
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.status().code(), v1::ERROR_CODE_IDEMPOTENCY_KEY_REUSED);
}

TEST_F(EditingDeskTest, ADroppedItemLeavesItsDraftAndComesBackWhenEdited) {
  ASSERT_TRUE(Put("I1", "甲", {1}).ok());
  ASSERT_TRUE(Put("I2", "乙", {3}).ok());
  ASSERT_TRUE(Draft("D1", "zwxx", {"I1", "I2"}).ok());
  EXPECT_EQ(items_.at("I1").phase(), v1::ITEM_PHASE_PLACED);
  EXPECT_EQ(items_.at("I1").issue_id(), "D1");
  v1::DropItem drop;
  drop.set_item_id("I1");
  drop.set_base_revision(items_.at("I1").revision());
  drop.set_reason("内容与上期重复");
  ASSERT_TRUE(Apply([&] { return desk_.DropItem(drop, kActor, kNov3); }).ok());
  EXPECT_EQ(items_.at("I1").phase(), v1::ITEM_PHASE_DROPPED);
  EXPECT_EQ(items_.at("I1").dropped_reason(), "内容与上期重复");
  ASSERT_EQ(issues_.at("D1").item_ids_size(), 1);
  EXPECT_EQ(issues_.at("D1").item_ids(0), "I2");
  // A dropped item cannot be placed until it is edited again.
  const Result<EditingDesk::Change> placed =
      Draft("D1", "zwxx", {"I2", "I1"}, issues_.at("D1").revision());
  ASSERT_FALSE(placed.ok());
  EXPECT_EQ(placed.status().code(), v1::ERROR_CODE_WRONG_STATE);
  ASSERT_TRUE(Put("I1", "甲（改）", {1}, items_.at("I1").revision()).ok());
  EXPECT_EQ(items_.at("I1").phase(), v1::ITEM_PHASE_CANDIDATE);
  EXPECT_TRUE(items_.at("I1").dropped_reason().empty());
}

TEST_F(EditingDeskTest, AnItemIsInOneDraftAtATimeAndLeavingADraftMakesItACandidate) {
  ASSERT_TRUE(Put("I1", "甲", {1}).ok());
  ASSERT_TRUE(Put("I2", "乙", {3}).ok());
  ASSERT_TRUE(Draft("D1", "zwxx", {"I1"}).ok());
  const Result<EditingDesk::Change> twice = Draft("D2", "kuaibao", {"I1"});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().code(), v1::ERROR_CODE_WRONG_STATE);
  EXPECT_NE(twice.status().message().find("D1"), std::string::npos);
  // Re-listing the draft without I1 sends it back to the candidates.
  ASSERT_TRUE(Draft("D1", "zwxx", {"I2"}, issues_.at("D1").revision()).ok());
  EXPECT_EQ(items_.at("I1").phase(), v1::ITEM_PHASE_CANDIDATE);
  EXPECT_TRUE(items_.at("I1").issue_id().empty());
  EXPECT_EQ(items_.at("I2").phase(), v1::ITEM_PHASE_PLACED);
  const Result<EditingDesk::Change> doubled =
      Draft("D1", "zwxx", {"I2", "I2"}, issues_.at("D1").revision());
  ASSERT_FALSE(doubled.ok());
  EXPECT_EQ(doubled.status().code(), v1::ERROR_CODE_INVALID_FIELD);
  const Result<EditingDesk::Change> unknown_series = Draft("D3", "nosuch", {"I1"});
  ASSERT_FALSE(unknown_series.ok());
  EXPECT_EQ(unknown_series.status().field(), "caibian.put_issue.series_id");
}

TEST_F(EditingDeskTest, ADraftTakesTheSeriesDefaultsAndItsHighestSourceClassification) {
  ASSERT_TRUE(Put("I1", "甲", {1, 2}).ok());
  ASSERT_TRUE(Draft("D1", "zwxx", {"I1"}).ok());
  const v1::BulletinIssue& draft = issues_.at("D1");
  const v1::BulletinSeries* series = policy_.FindSeries("zwxx");
  ASSERT_NE(series, nullptr);
  EXPECT_EQ(draft.series_name(), series->name());
  EXPECT_EQ(draft.approver(), series->approver());
  EXPECT_EQ(draft.compiled_by(), series->compiled_by());
  EXPECT_EQ(draft.phase(), v1::ISSUE_PHASE_DRAFT);
  EXPECT_EQ(draft.number(), 0u);  // numbered only at 签发
  // 青山乡's report is 内部: so is the issue.
  EXPECT_EQ(draft.classification(), v1::CLASSIFICATION_INTERNAL);
  ASSERT_EQ(draft.log_size(), 1);
  EXPECT_EQ(draft.log(0).action(), v1::IssueLogEntry::ACTION_CREATED);
}

TEST_F(EditingDeskTest, SigningNumbersPerYearAndSeriesAndRecordsOneAdoptionPerSource) {
  ASSERT_TRUE(Put("I1", "我县春耕备耕有序推进", {1, 2}).ok());
  ASSERT_TRUE(Put("I2", "城关镇老旧小区改造完工", {3}).ok());
  ASSERT_TRUE(Put("I3", "快讯", {3}).ok());
  ASSERT_TRUE(Put("I4", "新年第一期", {1}).ok());
  const v1::BulletinIssue first = Issued("A", "zwxx", {"I1"}, At(2026, 12, 30, 16));
  EXPECT_EQ(first.phase(), v1::ISSUE_PHASE_ISSUED);
  EXPECT_EQ(first.year(), 2026);
  EXPECT_EQ(first.number(), 1u);
  EXPECT_EQ(first.total_number(), 1u);
  ASSERT_EQ(answered_adoptions_.size(), 2u);
  for (const v1::Adoption& adoption : answered_adoptions_) {
    EXPECT_EQ(adoption.adoption_id(), "issue:A:I1");
    EXPECT_EQ(adoption.reference(), "2026年第1期");
    EXPECT_EQ(adoption.level(), v1::LEADER_LEVEL_COUNTY);
    EXPECT_EQ(adoption.kind(), v1::SERIES_KIND_ROUTINE);
    EXPECT_EQ(adoption.merged_units(), 2u);
    EXPECT_EQ(adoption.origin(), v1::ADOPTION_ORIGIN_LOCAL_ISSUE);
  }
  EXPECT_EQ(answered_adoptions_[0].unit_id(), "hekou");
  EXPECT_EQ(answered_adoptions_[1].unit_id(), "qingshan");
  EXPECT_EQ(items_.at("I1").phase(), v1::ITEM_PHASE_ISSUED);
  // Another series counts on its own.
  EXPECT_EQ(Issued("B", "kuaibao", {"I3"}, At(2026, 12, 31, 9)).number(), 1u);
  EXPECT_EQ(Issued("C", "zwxx", {"I2"}, At(2026, 12, 31, 23, 50)).number(), 2u);
  // In Beijing it is 2027 already at 16:10 UTC on 31 December: 第1期 of the
  // new year, 总第3期 of the series.
  const v1::BulletinIssue next = Issued("D", "zwxx", {"I4"}, At(2027, 1, 1, 0, 10));
  EXPECT_EQ(next.year(), 2027);
  EXPECT_EQ(next.number(), 1u);
  EXPECT_EQ(next.total_number(), 3u);
}

TEST_F(EditingDeskTest, NumberingGoesOnFromTheIssuesCountedAtStart) {
  ASSERT_TRUE(Put("I1", "甲", {1}).ok());
  ASSERT_TRUE(Put("I2", "乙", {3}).ok());
  Issued("A", "zwxx", {"I1"}, kNov3);
  // A new desk (a restart) counts the stored issues.
  EditingDesk restarted(EditingDesk::Terms{policy_, config_.units, config_.zone()},
                        Loaders());
  restarted.CountIssued(issues_.at("A"));
  v1::PutIssue draft;
  draft.set_issue_id("B");
  draft.set_series_id("zwxx");
  draft.add_item_ids("I2");
  ASSERT_TRUE(restarted.PutIssue(draft, kActor, kNov3).ok());
  v1::IssueBulletin sign;
  sign.set_issue_id("B");
  sign.set_base_revision(1);
  const Result<EditingDesk::Change> issued = restarted.Issue(sign, kActor, kNov3);
  ASSERT_TRUE(issued.ok()) << issued.status().ToString();
  EXPECT_EQ(issued->issue->number(), 2u);
}

TEST_F(EditingDeskTest, AnIssuedIssueIsFrozenAndARetryOfItsSigningAnswersIt) {
  ASSERT_TRUE(Put("I1", "甲", {1}).ok());
  ASSERT_TRUE(Put("I2", "乙", {3}).ok());
  ASSERT_TRUE(Draft("A", "zwxx", {"I1"}).ok());
  const uint32_t drafted = issues_.at("A").revision();
  ASSERT_TRUE(Sign("A", drafted, kNov3).ok());
  const v1::BulletinIssue issued = issues_.at("A");

  const Result<EditingDesk::Change> retry = Sign("A", drafted, kNov3 + 60'000);
  ASSERT_TRUE(retry.ok());
  EXPECT_FALSE(retry->changed);
  EXPECT_EQ(answered_issue_.number(), 1u);
  EXPECT_EQ(answered_issue_.issued_at_ms(), issued.issued_at_ms());
  EXPECT_EQ(adoptions_.size(), 1u);  // none more

  const Result<EditingDesk::Change> again = Sign("A", issued.revision(), kNov3);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), v1::ERROR_CODE_WRONG_STATE);
  const Result<EditingDesk::Change> relisted =
      Draft("A", "zwxx", {"I1", "I2"}, issued.revision());
  ASSERT_FALSE(relisted.ok());
  EXPECT_EQ(relisted.status().code(), v1::ERROR_CODE_WRONG_STATE);
  const Result<EditingDesk::Change> edited =
      Put("I1", "改过", {1}, items_.at("I1").revision());
  ASSERT_FALSE(edited.ok());
  EXPECT_EQ(edited.status().code(), v1::ERROR_CODE_WRONG_STATE);
  v1::DropItem drop;
  drop.set_item_id("I1");
  drop.set_base_revision(items_.at("I1").revision());
  drop.set_reason("撤稿");
  EXPECT_EQ(Apply([&] { return desk_.DropItem(drop, kActor, kNov3); }).status().code(),
            v1::ERROR_CODE_WRONG_STATE);
  EXPECT_EQ(issues_.at("A").item_ids_size(), 1);
  EXPECT_EQ(items_.at("I1").title(), "甲");
}

TEST_F(EditingDeskTest, AnEmptyDraftIsNotSigned) {
  ASSERT_TRUE(Draft("E", "zwxx", {}).ok());
  const Result<EditingDesk::Change> empty = Sign("E", 1, kNov3);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), v1::ERROR_CODE_WRONG_STATE);
  EXPECT_NE(empty.status().message().find("还没有编入稿件"), std::string::npos);
  EXPECT_EQ(issues_.at("E").phase(), v1::ISSUE_PHASE_DRAFT);
}

TEST_F(EditingDeskTest, ACorrectionIsANewIssueBesideTheIssuedOne) {
  ASSERT_TRUE(Put("I1", "甲", {1}).ok());
  ASSERT_TRUE(Put("I2", "更正：甲", {1}).ok());
  Issued("A", "zwxx", {"I1"}, kNov3);
  // Only an issued issue of the same series can be corrected.
  v1::PutIssue wrong;
  wrong.set_issue_id("K");
  wrong.set_series_id("kuaibao");
  wrong.set_corrects_issue_id("A");
  wrong.add_item_ids("I2");
  const Result<EditingDesk::Change> refused =
      Apply([&] { return desk_.PutIssue(wrong, kActor, kNov3); });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().field(), "caibian.put_issue.corrects_issue_id");

  v1::PutIssue correction = wrong;
  correction.set_series_id("zwxx");
  ASSERT_TRUE(Apply([&] { return desk_.PutIssue(correction, kActor, kNov3); }).ok());
  const v1::BulletinIssue made = issues_.at("K");
  ASSERT_TRUE(Sign("K", made.revision(), kNov3 + 3'600'000).ok());
  EXPECT_EQ(issues_.at("K").number(), 2u);
  EXPECT_EQ(issues_.at("K").corrects_issue_id(), "A");
  ASSERT_EQ(issues_.at("A").corrected_by_size(), 1);
  EXPECT_EQ(issues_.at("A").corrected_by(0), "K");
  EXPECT_EQ(issues_.at("A").log().rbegin()->action(),
            v1::IssueLogEntry::ACTION_CORRECTED);
  // The corrected issue is otherwise untouched.
  EXPECT_EQ(issues_.at("A").number(), 1u);
  EXPECT_EQ(issues_.at("A").item_ids(0), "I1");
}

TEST_F(EditingDeskTest, AnEnteredAdoptionIsAboveThisLevelAndEnteredOnce) {
  ASSERT_TRUE(Put("I1", "我县春耕备耕有序推进", {1, 2}).ok());
  Issued("A", "zwxx", {"I1"}, kNov3);
  v1::RecordAdoption city;
  city.set_adoption_id("city-1");
  city.set_item_id("I1");
  city.set_level(v1::LEADER_LEVEL_CITY);
  city.set_kind(v1::SERIES_KIND_EXPRESS);
  city.set_series_name("市委信息快报");
  city.set_reference("2026年第45期");
  auto record = [&](const v1::RecordAdoption& request) {
    return Apply([&] { return desk_.RecordAdoption(request, kActor, kNov3 + 86'400'000); });
  };
  const Result<EditingDesk::Change> entered = record(city);
  ASSERT_TRUE(entered.ok()) << entered.status().ToString();
  ASSERT_EQ(answered_adoptions_.size(), 2u);
  EXPECT_EQ(answered_adoptions_[0].origin(), v1::ADOPTION_ORIGIN_ENTERED);
  EXPECT_EQ(answered_adoptions_[0].merged_units(), 2u);
  EXPECT_EQ(answered_adoptions_[1].unit_id(), "qingshan");
  EXPECT_EQ(adoptions_.size(), 4u);  // two from 签发, two entered

  const Result<EditingDesk::Change> retry = record(city);
  ASSERT_TRUE(retry.ok());
  EXPECT_FALSE(retry->changed);
  EXPECT_EQ(adoptions_.size(), 4u);
  v1::RecordAdoption twice = city;
  twice.set_adoption_id("city-2");
  const Result<EditingDesk::Change> doubled = record(twice);
  ASSERT_FALSE(doubled.ok());
  EXPECT_EQ(doubled.status().code(), v1::ERROR_CODE_WRONG_STATE);
  v1::RecordAdoption reused = city;
  reused.set_reference("2026年第46期");
  EXPECT_EQ(record(reused).status().code(), v1::ERROR_CODE_IDEMPOTENCY_KEY_REUSED);
  v1::RecordAdoption own_level = city;
  own_level.set_adoption_id("county-1");
  own_level.set_level(v1::LEADER_LEVEL_COUNTY);
  EXPECT_EQ(record(own_level).status().field(), "caibian.record_adoption.level");
  // One report alone, not through an item.
  v1::RecordAdoption single;
  single.set_adoption_id("prov-1");
  single.set_report_sequence(3);
  single.set_level(v1::LEADER_LEVEL_PROVINCE);
  single.set_kind(v1::SERIES_KIND_ROUTINE);
  single.set_series_name("省委办公厅信息");
  single.set_reference("2026年第7期");
  ASSERT_TRUE(record(single).ok());
  ASSERT_EQ(answered_adoptions_.size(), 1u);
  EXPECT_EQ(answered_adoptions_[0].unit_id(), "chengguan");
  EXPECT_EQ(answered_adoptions_[0].merged_units(), 1u);
}

TEST_F(EditingDeskTest, AnAdoptionReportedDownIsRecordedOnceHoweverOftenItComes) {
  // As the city's broker reports it down: adopted in a bulletin it issued.
  v1::Adoption city;
  city.set_adoption_id("issue:jz-12:item-3");
  city.set_report_sequence(88);  // the city's sequence, not this broker's
  city.set_unit_id("qingshui");
  city.set_level(v1::LEADER_LEVEL_CITY);
  city.set_kind(v1::SERIES_KIND_EXPRESS);
  city.set_series_name("市委信息快报");
  city.set_reference("2026年第12期");
  city.set_issue_id("jz-12");
  city.set_item_id("item-3");
  city.set_merged_units(2);
  city.set_adopted_at_ms(kNov3);
  city.set_origin(v1::ADOPTION_ORIGIN_LOCAL_ISSUE);
  city.set_recorded_by("市委办 刘洋");
  city.set_upstream_broker("jiangzhou");
  city.set_item_title("全市春耕备耕有序推进");
  auto take = [&](const v1::Adoption& upstream, uint64_t sequence, const std::string& unit) {
    return Apply([&] {
      return desk_.TakeUpstreamAdoption(upstream, sequence, unit, kNov3 + 3'600'000);
    });
  };
  const Result<EditingDesk::Change> taken = take(city, 1, "hekou");
  ASSERT_TRUE(taken.ok()) << taken.status().ToString();
  EXPECT_TRUE(taken->changed);
  ASSERT_EQ(adoptions_.size(), 1u);
  const v1::Adoption& here = adoptions_[0];
  EXPECT_EQ(here.adoption_id(), "up:jiangzhou:issue:jz-12:item-3");
  EXPECT_EQ(here.report_sequence(), 1u);
  EXPECT_EQ(here.unit_id(), "hekou");
  EXPECT_EQ(here.origin(), v1::ADOPTION_ORIGIN_UPSTREAM);
  EXPECT_EQ(here.upstream_broker(), "jiangzhou");
  EXPECT_EQ(here.level(), v1::LEADER_LEVEL_CITY);
  EXPECT_EQ(here.merged_units(), 2u);  // its points shared as up there
  EXPECT_EQ(here.adopted_at_ms(), kNov3);
  EXPECT_EQ(here.recorded_at_ms(), kNov3 + 3'600'000);
  EXPECT_TRUE(here.issue_id().empty());  // the city's issue, not one here
  EXPECT_TRUE(here.item_id().empty());

  // Fetched again (the pull's cursor lost in a crash): nothing new.
  const Result<EditingDesk::Change> again = take(city, 1, "hekou");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->changed);
  EXPECT_EQ(adoptions_.size(), 1u);
  ASSERT_EQ(answered_adoptions_.size(), 1u);
  EXPECT_EQ(answered_adoptions_[0].adoption_id(), "up:jiangzhou:issue:jz-12:item-3");

  // The office had entered the same publication by hand first: it counts
  // once, under the office's entry.
  v1::RecordAdoption entered;
  entered.set_adoption_id("typed-1");
  entered.set_report_sequence(2);
  entered.set_level(v1::LEADER_LEVEL_CITY);
  entered.set_kind(v1::SERIES_KIND_EXPRESS);
  entered.set_series_name("市委信息快报");
  entered.set_reference("2026年第12期");
  ASSERT_TRUE(Apply([&] { return desk_.RecordAdoption(entered, kActor, kNov3); }).ok());
  const Result<EditingDesk::Change> typed_first = take(city, 2, "qingshan");
  ASSERT_TRUE(typed_first.ok());
  EXPECT_FALSE(typed_first->changed);
  EXPECT_EQ(adoptions_.size(), 2u);
  EXPECT_EQ(answered_adoptions_[0].adoption_id(), "typed-1");

  // One the city had in turn from the province keeps its id all the way.
  v1::Adoption province = city;
  province.set_adoption_id("up:sheng:issue:p-7:item-1");
  province.set_origin(v1::ADOPTION_ORIGIN_UPSTREAM);
  province.set_upstream_broker("sheng");
  province.set_level(v1::LEADER_LEVEL_PROVINCE);
  province.set_series_name("省委信息");
  ASSERT_TRUE(take(province, 1, "hekou").ok());
  ASSERT_EQ(adoptions_.size(), 3u);
  EXPECT_EQ(adoptions_[2].adoption_id(), "up:sheng:issue:p-7:item-1");
  EXPECT_EQ(adoptions_[2].upstream_broker(), "sheng");
}

TEST_F(EditingDeskTest, InstructionsAreRecordedOnIssuedItemsOnly) {
  ASSERT_TRUE(Put("I1", "甲", {1}).ok());
  v1::RecordInstruction request;
  request.set_item_id("I1");
  request.mutable_instruction()->set_instruction_id("p1");
  request.mutable_instruction()->set_leader("李书记");
  request.mutable_instruction()->set_leader_level(v1::LEADER_LEVEL_COUNTY);
  request.mutable_instruction()->set_text("经验做法值得推广。");
  auto record = [&] {
    return Apply([&] { return desk_.RecordInstruction(request, kActor, kNov3 + 7'200'000); });
  };
  const Result<EditingDesk::Change> early = record();
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.status().code(), v1::ERROR_CODE_WRONG_STATE);
  Issued("A", "zwxx", {"I1"}, kNov3);
  const uint32_t revision = items_.at("I1").revision();
  ASSERT_TRUE(record().ok());
  ASSERT_EQ(items_.at("I1").instructions_size(), 1);
  const v1::Instruction& kept = items_.at("I1").instructions(0);
  EXPECT_EQ(kept.instructed_at_ms(), kNov3 + 7'200'000);  // 0: when recorded
  EXPECT_EQ(kept.recorded_by(), "张敏");
  EXPECT_EQ(items_.at("I1").revision(), revision);  // the text is unchanged
  const Result<EditingDesk::Change> retry = record();
  ASSERT_TRUE(retry.ok());
  EXPECT_FALSE(retry->changed);
  EXPECT_EQ(items_.at("I1").instructions_size(), 1);
  request.mutable_instruction()->set_text("另一条批示");
  EXPECT_EQ(record().status().code(), v1::ERROR_CODE_IDEMPOTENCY_KEY_REUSED);
}

TEST_F(EditingDeskTest, ARetryOfTheCreationAfterTheRecordMovedOnChangesNothing) {
  ASSERT_TRUE(Put("I1", "甲", {1}).ok());
  ASSERT_TRUE(Draft("A", "zwxx", {"I1"}).ok());
  ASSERT_TRUE(Sign("A", issues_.at("A").revision(), kNov3).ok());
  // The first answers were lost; the office sends the same requests again.
  const Result<EditingDesk::Change> item = Put("I1", "甲", {1});
  ASSERT_TRUE(item.ok()) << item.status().ToString();
  EXPECT_FALSE(item->changed);
  EXPECT_EQ(answered_item_.phase(), v1::ITEM_PHASE_ISSUED);
  const Result<EditingDesk::Change> draft = Draft("A", "zwxx", {"I1"});
  ASSERT_TRUE(draft.ok()) << draft.status().ToString();
  EXPECT_FALSE(draft->changed);
  EXPECT_EQ(answered_issue_.number(), 1u);
}

}  // namespace
}  // namespace xinbao::broker
