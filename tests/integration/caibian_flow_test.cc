// 采编 on the real broker process with CURVE, across kill -9: what the office
// was told is stored (an item merged from two units' reports, an issue and
// its 签发 with 第1期, the adoptions it made) is there after the crash; the
// same requests sent again — the client never heard the answers — change
// nothing and answer with what is stored; the numbering goes on from the
// store (the next issue of the series is 第2期); an issued issue stays
// frozen.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "proto/time_zone.h"
#include "tests/integration/broker_process.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/caibian_requests.h"
#include "tests/support/duban_requests.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using testing::BrokerProcess;
using testing::kOffice;
using testing::PeerAs;
using testing::TempDir;

using testing::Shown;

v1::Envelope Caibian(v1::CaibianRequest action) {
  v1::Envelope request;
  *request.mutable_caibian() = std::move(action);
  return request;
}

v1::Envelope PutItem(const std::string& id, const std::string& title,
                     std::initializer_list<uint64_t> sources) {
  return Caibian(testing::PutItemAction(id, title, sources));
}

v1::Envelope PutIssue(const std::string& id, const std::string& series,
                      std::initializer_list<std::string> items) {
  return Caibian(testing::PutIssueAction(id, series, items));
}

v1::Envelope Sign(const std::string& id, uint32_t base_revision) {
  return Caibian(testing::SignAction(id, base_revision));
}

class CaibianFlowTest : public ::testing::Test {
 protected:
  std::optional<v1::Reply> Send(const std::string& user, const v1::Envelope& request) {
    return PeerAs(*broker_, broker_->endpoint(), user)->Ask(request);
  }

  v1::CaibianChanged Done(const v1::Envelope& request) {
    std::optional<v1::Reply> reply = Send(kOffice, request);
    EXPECT_TRUE(reply && reply->has_caibian_changed()) << Shown(reply);
    return reply ? reply->caibian_changed() : v1::CaibianChanged();
  }

  v1::Error Refused(const v1::Envelope& request) {
    std::optional<v1::Reply> reply = Send(kOffice, request);
    EXPECT_TRUE(reply && reply->has_error()) << Shown(reply);
    return reply ? reply->error() : v1::Error();
  }

  uint64_t File(const std::string& key, const std::string& unit, const std::string& title) {
    v1::Envelope request;
    *request.mutable_submit()->mutable_report() = testing::GeneralReport(key, unit);
    request.mutable_submit()->mutable_report()->set_title(title);
    std::optional<v1::Reply> reply = Send(unit, request);
    EXPECT_TRUE(reply && reply->has_ack()) << Shown(reply);
    return reply && reply->has_ack() ? reply->ack().sequence() : 0;
  }

  std::optional<v1::Reply> Query(const v1::Envelope& request) {
    return PeerAs(*broker_, broker_->query_endpoint(), kOffice)->Ask(request);
  }

  v1::BulletinDetail Detail(const std::string& issue_id) {
    v1::Envelope request;
    request.mutable_get_bulletin()->set_issue_id(issue_id);
    std::optional<v1::Reply> reply = Query(request);
    EXPECT_TRUE(reply && reply->has_bulletin_detail()) << Shown(reply);
    return reply ? reply->bulletin_detail() : v1::BulletinDetail();
  }

  v1::Feedback FeedbackOf(const std::string& unit) {
    v1::Envelope request;
    request.mutable_feedback()->set_unit_id(unit);
    std::optional<v1::Reply> reply = Query(request);
    EXPECT_TRUE(reply && reply->has_feedback()) << Shown(reply);
    return reply ? reply->feedback() : v1::Feedback();
  }

  TempDir dir_;
  std::unique_ptr<BrokerProcess> broker_ = std::make_unique<BrokerProcess>(dir_ / "data");
};

TEST_F(CaibianFlowTest, AnIssuedIssueSurvivesKill9AndRetriesChangeNothing) {
  const uint64_t hekou = File("cf-1", "hekou", "河口镇春耕备耕进展顺利");
  const uint64_t qingshan = File("cf-2", "qingshan", "青山乡春耕物资到位");
  ASSERT_GT(hekou, 0u);
  ASSERT_GT(qingshan, 0u);
  const v1::Envelope item = PutItem("cf-item", "我县春耕备耕有序推进", {hekou, qingshan});
  ASSERT_TRUE(Done(item).changed());
  const v1::Envelope draft = PutIssue("cf-issue", "zwxx", {"cf-item"});
  const v1::CaibianChanged drafted = Done(draft);
  ASSERT_TRUE(drafted.changed());
  const v1::Envelope sign = Sign("cf-issue", drafted.issue().revision());
  const v1::CaibianChanged issued = Done(sign);
  ASSERT_TRUE(issued.changed());
  ASSERT_EQ(issued.issue().number(), 1u);
  ASSERT_EQ(issued.adoptions_size(), 2);
  const int32_t year = issued.issue().year();

  broker_->Kill9();
  broker_ = std::make_unique<BrokerProcess>(dir_ / "data");

  // Everything acknowledged is there.
  const v1::BulletinDetail after = Detail("cf-issue");
  EXPECT_EQ(after.issue().phase(), v1::ISSUE_PHASE_ISSUED);
  EXPECT_EQ(after.issue().number(), 1u);
  EXPECT_EQ(after.issue().year(), year);
  ASSERT_EQ(after.items_size(), 1);
  EXPECT_EQ(after.items(0).phase(), v1::ITEM_PHASE_ISSUED);
  EXPECT_EQ(after.items(0).source_unit_ids_size(), 2);
  const std::string reference = std::to_string(year) + "年第1期";
  for (const char* unit : {"hekou", "qingshan"}) {
    const v1::Feedback feedback = FeedbackOf(unit);
    ASSERT_EQ(feedback.reports_size(), 1) << unit;
    ASSERT_EQ(feedback.reports(0).adoptions_size(), 1) << unit;
    EXPECT_EQ(feedback.reports(0).adoptions(0).reference(), reference) << unit;
    EXPECT_EQ(feedback.reports(0).adoptions(0).merged_units(), 2u) << unit;
  }

  // The office did not hear the answers and sends all three again.
  EXPECT_FALSE(Done(item).changed());
  EXPECT_FALSE(Done(draft).changed());
  const v1::CaibianChanged again = Done(sign);
  EXPECT_FALSE(again.changed());
  EXPECT_EQ(again.issue().number(), 1u);
  EXPECT_EQ(FeedbackOf("hekou").reports(0).adoptions_size(), 1);

  // Frozen: the issued item cannot be edited, the issue not signed anew.
  v1::Envelope edit = PutItem("cf-item", "改过的标题", {hekou, qingshan});
  edit.mutable_caibian()->mutable_put_item()->set_base_revision(
      after.items(0).revision());
  EXPECT_EQ(Refused(edit).code(), v1::ERROR_CODE_WRONG_STATE);
  EXPECT_EQ(Refused(Sign("cf-issue", after.issue().revision())).code(),
            v1::ERROR_CODE_WRONG_STATE);

  // The numbering goes on from the store.
  const uint64_t chengguan = File("cf-3", "chengguan", "城关镇完成老旧小区改造");
  ASSERT_TRUE(Done(PutItem("cf-item-2", "城关镇老旧小区改造完工", {chengguan})).changed());
  const v1::CaibianChanged second = Done(PutIssue("cf-issue-2", "zwxx", {"cf-item-2"}));
  const v1::CaibianChanged numbered = Done(Sign("cf-issue-2", second.issue().revision()));
  ASSERT_TRUE(numbered.changed());
  EXPECT_EQ(numbered.issue().number(), 2u);
  EXPECT_EQ(numbered.issue().total_number(), 2u);
}

TEST_F(CaibianFlowTest, TheOfficeReadsAnyUnitsReportsInFullAUnitOnlyItsOwn) {
  const uint64_t hekou = File("gr-1", "hekou", "河口镇春耕备耕进展顺利");
  const uint64_t qingshan = File("gr-2", "qingshan", "青山乡春耕物资到位");
  auto ask = [&](const std::string& user, std::initializer_list<uint64_t> sequences) {
    v1::Envelope request;
    request.mutable_get_reports();
    for (uint64_t sequence : sequences) request.mutable_get_reports()->add_sequences(sequence);
    return PeerAs(*broker_, broker_->query_endpoint(), user)->Ask(request);
  };
  // The office's editor: both units' reports, body and all, in the order
  // asked; one never stored is listed as missing.
  const std::optional<v1::Reply> office = ask(kOffice, {qingshan, hekou, 999, hekou});
  ASSERT_TRUE(office && office->has_report_list()) << Shown(office);
  const v1::ReportList& all = office->report_list();
  ASSERT_EQ(all.reports_size(), 2);
  EXPECT_EQ(all.reports(0).unit_id(), "qingshan");
  EXPECT_EQ(all.reports(0).title(), "青山乡春耕物资到位");
  EXPECT_FALSE(all.reports(0).body().empty());
  EXPECT_EQ(all.reports(1).sequence(), hekou);
  ASSERT_EQ(all.missing_size(), 1);
  EXPECT_EQ(all.missing(0), 999u);
  EXPECT_EQ(all.unit_names().at("qingshan"), "青山乡");

  // 河口镇's reporter: its own; 青山乡's is as good as not there.
  const std::optional<v1::Reply> own = ask("hekou", {hekou, qingshan});
  ASSERT_TRUE(own && own->has_report_list()) << Shown(own);
  ASSERT_EQ(own->report_list().reports_size(), 1);
  EXPECT_EQ(own->report_list().reports(0).unit_id(), "hekou");
  ASSERT_EQ(own->report_list().missing_size(), 1);
  EXPECT_EQ(own->report_list().missing(0), qingshan);
  EXPECT_EQ(own->report_list().unit_names().count("qingshan"), 0u);

  // Nothing asked, or too much, is refused with the field.
  const std::optional<v1::Reply> none = ask(kOffice, {});
  ASSERT_TRUE(none && none->has_error()) << Shown(none);
  EXPECT_EQ(none->error().code(), v1::ERROR_CODE_MISSING_FIELD);
  v1::Envelope many;
  for (uint64_t s = 1; s <= 51; ++s) many.mutable_get_reports()->add_sequences(s);
  const std::optional<v1::Reply> too_many =
      PeerAs(*broker_, broker_->query_endpoint(), kOffice)->Ask(many);
  ASSERT_TRUE(too_many && too_many->has_error()) << Shown(too_many);
  EXPECT_EQ(too_many->error().field(), "get_reports.sequences");
}

}  // namespace
}  // namespace xinbao
