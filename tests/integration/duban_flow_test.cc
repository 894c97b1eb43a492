// The life of a 督办 item on the real broker process with CURVE: the office
// issues it to a lead unit and two co-units, each signs, reports and
// answers, the office sends one answer back and accepts the rest, and the
// item closes; a unit acting on another unit's item is refused and
// audited; a step out of order is refused with what is owed instead;
// retries never apply a step twice, also after kill -9; the feed carries
// the item redacted; the CLI does the same through `xinbao duban`.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/feed_peer.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/duban_requests.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using testing::BrokerProcess;
using testing::IssueRequest;
using testing::kOffice;
using testing::PeerAs;
using testing::StepRequest;
using testing::TempDir;

using testing::Shown;

class DubanFlowTest : public ::testing::Test {
 protected:
  // Sends `request` on the submit socket as `user`.
  std::optional<v1::Reply> As(const std::string& user,
                              const v1::Envelope& request) {
    return PeerAs(*broker_, broker_->endpoint(), user)->Ask(request);
  }

  v1::DubanChanged Done(const std::string& user, const v1::Envelope& request) {
    std::optional<v1::Reply> reply = As(user, request);
    EXPECT_TRUE(reply && reply->has_duban_changed()) << Shown(reply);
    return reply ? reply->duban_changed() : v1::DubanChanged();
  }

  v1::Error Refused(const std::string& user, const v1::Envelope& request) {
    std::optional<v1::Reply> reply = As(user, request);
    EXPECT_TRUE(reply && reply->has_error()) << Shown(reply);
    return reply ? reply->error() : v1::Error();
  }

  std::optional<v1::Reply> Query(const std::string& user,
                                 const v1::Envelope& request) {
    return PeerAs(*broker_, broker_->query_endpoint(), user)->Ask(request);
  }

  v1::DubanDetail Detail(const std::string& user, const std::string& id) {
    v1::Envelope request;
    request.mutable_get_duban()->set_item_id(id);
    std::optional<v1::Reply> reply = Query(user, request);
    EXPECT_TRUE(reply && reply->has_duban_detail()) << Shown(reply);
    return reply ? reply->duban_detail() : v1::DubanDetail();
  }

  const v1::DubanUnit& Unit(const v1::DubanState& item, const std::string& id) {
    for (const v1::DubanUnit& unit : item.units()) {
      if (unit.unit_id() == id) return unit;
    }
    static const v1::DubanUnit kNone;
    ADD_FAILURE() << "no unit " << id;
    return kNone;
  }

  TempDir dir_;
  std::unique_ptr<BrokerProcess> broker_ =
      std::make_unique<BrokerProcess>(dir_ / "data");
};

TEST_F(DubanFlowTest, LeadAndTwoCoUnitsFromIssueToClosed) {
  v1::DubanChanged issued =
      Done(kOffice, IssueRequest("db-flow", "hekou", {"shuili", "yingji"}));
  ASSERT_TRUE(issued.changed());
  ASSERT_EQ(issued.item().units_size(), 3);
  EXPECT_TRUE(issued.item().units(0).lead());
  EXPECT_EQ(issued.item().units(0).unit_id(), "hekou");
  EXPECT_EQ(issued.item().steps(0).kind(), v1::STEP_KIND_ISSUE);
  EXPECT_EQ(issued.item().steps(0).user(), kOffice);  // the key's user

  for (const char* unit : {"hekou", "shuili", "yingji"}) {
    v1::DubanChanged signed_for = Done(
        unit, StepRequest("db-flow", std::string("sign-") + unit,
                          v1::STEP_KIND_SIGN, unit));
    EXPECT_EQ(Unit(signed_for.item(), unit).phase(), v1::UNIT_PHASE_SIGNED);
    EXPECT_EQ(Unit(signed_for.item(), unit).signed_by(), "李文书");
  }
  Done("hekou", StepRequest("db-flow", "p1", v1::STEP_KIND_PROGRESS, "hekou",
                            "已清点库存，缺编织袋 2000 条。"));
  Done("shuili", StepRequest("db-flow", "a-shuili", v1::STEP_KIND_RESULT,
                             "shuili", "水利局已调拨编织袋 2000 条。"));
  Done("yingji", StepRequest("db-flow", "a-yingji", v1::STEP_KIND_RESULT,
                             "yingji", "应急局已调拨冲锋舟 2 艘。"));
  // The co-units' answers reach the lead unit: it reads them in the history.
  const v1::DubanDetail seen_by_lead = Detail("hekou", "db-flow");
  bool lead_sees_co_answer = false;
  for (const v1::DubanStep& step : seen_by_lead.item().steps()) {
    if (step.unit_id() == "shuili" && step.kind() == v1::STEP_KIND_RESULT) {
      lead_sees_co_answer = step.text() == "水利局已调拨编织袋 2000 条。";
    }
  }
  EXPECT_TRUE(lead_sees_co_answer);

  Done("hekou", StepRequest("db-flow", "a-hekou-1", v1::STEP_KIND_RESULT,
                            "hekou", "物资已补齐。"));
  v1::DubanChanged returned =
      Done(kOffice, StepRequest("db-flow", "back-1", v1::STEP_KIND_RETURN,
                                kOffice, "未列明数量，请逐项列明。", "hekou"));
  EXPECT_EQ(Unit(returned.item(), "hekou").phase(), v1::UNIT_PHASE_SIGNED);
  EXPECT_EQ(Unit(returned.item(), "hekou").round(), 2u);
  Done("hekou", StepRequest("db-flow", "a-hekou-2", v1::STEP_KIND_RESULT,
                            "hekou", "编织袋 2000 条、冲锋舟 2 艘已入库。"));
  for (const char* unit : {"shuili", "yingji"}) {
    v1::DubanChanged accepted = Done(
        kOffice, StepRequest("db-flow", std::string("ok-") + unit,
                             v1::STEP_KIND_ACCEPT, kOffice, "", unit));
    EXPECT_FALSE(accepted.item().closed());
  }
  v1::DubanChanged closed = Done(
      kOffice,
      StepRequest("db-flow", "ok-hekou", v1::STEP_KIND_ACCEPT, kOffice, "", "hekou"));
  EXPECT_TRUE(closed.item().closed());
  EXPECT_TRUE(closed.item().deadlines().empty());
  for (const v1::DubanUnit& unit : closed.item().units()) {
    EXPECT_EQ(unit.phase(), v1::UNIT_PHASE_DONE);
    EXPECT_EQ(unit.light(), v1::LIGHT_UNSPECIFIED);
  }
  // The whole history: 交办, 3 签收, 1 进展, 4 办结, 退回, 3 销号.
  const v1::DubanDetail detail = Detail(kOffice, "db-flow");
  EXPECT_EQ(detail.item().steps_size(), 13);
  ASSERT_GE(detail.timeline_size(), 13);
  EXPECT_EQ(detail.timeline(0).text(),
            "清河县委办公室（张主任）交办：主办 河口镇，协办 县水利局、县应急管理局");
  // A step on a closed item is refused.
  const v1::Error late = Refused(
      "hekou", StepRequest("db-flow", "p9", v1::STEP_KIND_PROGRESS, "hekou", "再报"));
  EXPECT_EQ(late.code(), v1::ERROR_CODE_WRONG_STATE);
  EXPECT_NE(late.message().find("已于"), std::string::npos) << late.message();
}

TEST_F(DubanFlowTest, AUnitCannotActOnAnotherUnitsItemAndTheAttemptIsAudited) {
  Done(kOffice, IssueRequest("db-mine", "hekou", {"shuili"}));
  const v1::Error refused = Refused(
      "qingshan", StepRequest("db-mine", "x", v1::STEP_KIND_SIGN, "qingshan"));
  EXPECT_EQ(refused.code(), v1::ERROR_CODE_NOT_PERMITTED);
  EXPECT_EQ(refused.message(), "青山乡不是督办事项“河口镇防汛物资储备不足问题”的承办单位");
  // Naming another unit than its own is an impersonation, refused at once.
  const v1::Error impersonation = Refused(
      "qingshan", StepRequest("db-mine", "y", v1::STEP_KIND_SIGN, "hekou"));
  EXPECT_EQ(impersonation.code(), v1::ERROR_CODE_NOT_PERMITTED);
  // A unit cannot take the office's steps.
  const v1::Error office_only = Refused(
      "hekou", StepRequest("db-mine", "z", v1::STEP_KIND_ACCEPT, "hekou", "", "hekou"));
  EXPECT_EQ(office_only.code(), v1::ERROR_CODE_NOT_PERMITTED);

  // Nor read it: another unit's item is unknown to it, and the asking is
  // audited too; the lead and the co-unit read it whole.
  v1::Envelope get;
  get.mutable_get_duban()->set_item_id("db-mine");
  std::optional<v1::Reply> hidden = Query("qingshan", get);
  ASSERT_TRUE(hidden && hidden->has_error()) << Shown(hidden);
  EXPECT_EQ(hidden->error().code(), v1::ERROR_CODE_UNKNOWN_ITEM);
  EXPECT_FALSE(Detail("shuili", "db-mine").item().redacted());
  v1::Envelope list;
  list.mutable_list_duban();
  std::optional<v1::Reply> listed = Query("qingshan", list);
  ASSERT_TRUE(listed && listed->has_duban_list()) << Shown(listed);
  EXPECT_EQ(listed->duban_list().items_size(), 0);

  v1::Envelope audit;
  audit.mutable_list_audit();
  std::optional<v1::Reply> log = Query("admin", audit);
  ASSERT_TRUE(log && log->has_audit_list()) << Shown(log);
  std::vector<std::string> details;
  for (const v1::AuditRecord& record : log->audit_list().records()) {
    if (record.user() == "qingshan" &&
        record.kind() == v1::AuditRecord::KIND_ROLE_VIOLATION) {
      details.push_back(record.socket() + ": " + record.detail());
    }
  }
  // The sign on the item (submit), the read of it (query).
  ASSERT_EQ(details.size(), 2u);
  EXPECT_EQ(details[0], "submit: 青山乡不是督办事项“河口镇防汛物资储备不足问题”的承办单位");
  EXPECT_NE(details[1].find("db-mine"), std::string::npos) << details[1];
}

TEST_F(DubanFlowTest, AStepOutOfOrderIsRefusedWithWhatIsOwed) {
  Done(kOffice, IssueRequest("db-order", "hekou"));
  const v1::Error early = Refused(
      "hekou", StepRequest("db-order", "a", v1::STEP_KIND_RESULT, "hekou", "办完了"));
  EXPECT_EQ(early.code(), v1::ERROR_CODE_WRONG_STATE);
  EXPECT_EQ(early.message(), "现在不能报送办结报告：该单位尚未签收，请先签收");
  const v1::Error review = Refused(
      kOffice, StepRequest("db-order", "ok", v1::STEP_KIND_ACCEPT, kOffice, "", "hekou"));
  EXPECT_EQ(review.code(), v1::ERROR_CODE_WRONG_STATE);
  const v1::Error no_text = Refused(
      "hekou", StepRequest("db-order", "p", v1::STEP_KIND_PROGRESS, "hekou"));
  EXPECT_EQ(no_text.code(), v1::ERROR_CODE_MISSING_FIELD);
  EXPECT_EQ(no_text.field(), "duban_step.text");
  const v1::Error unknown = Refused(
      "hekou", StepRequest("db-none", "s", v1::STEP_KIND_SIGN, "hekou"));
  EXPECT_EQ(unknown.code(), v1::ERROR_CODE_UNKNOWN_ITEM);
  // Nothing of that was stored: only the 交办.
  EXPECT_EQ(Detail(kOffice, "db-order").item().steps_size(), 1);
}

TEST_F(DubanFlowTest, RetriesNeverApplyAStepTwiceAlsoAcrossKill9) {
  const v1::Envelope issue = IssueRequest("db-retry", "hekou");
  ASSERT_TRUE(Done(kOffice, issue).changed());
  EXPECT_FALSE(Done(kOffice, issue).changed());
  v1::Envelope other = issue;
  other.mutable_issue_duban()->mutable_item()->set_title("另一件事");
  EXPECT_EQ(Refused(kOffice, other).code(),
            v1::ERROR_CODE_IDEMPOTENCY_KEY_REUSED);

  const v1::Envelope sign = StepRequest("db-retry", "sign-1", v1::STEP_KIND_SIGN, "hekou");
  const v1::DubanChanged first = Done("hekou", sign);
  ASSERT_TRUE(first.changed());
  const v1::Envelope progress = StepRequest(
      "db-retry", "prog-1", v1::STEP_KIND_PROGRESS, "hekou", "正在核实。");
  const v1::DubanChanged acked = Done("hekou", progress);
  ASSERT_TRUE(acked.changed());

  broker_->Kill9();
  broker_ = std::make_unique<BrokerProcess>(dir_ / "data");
  // Everything acknowledged is there.
  const v1::DubanDetail after = Detail(kOffice, "db-retry");
  ASSERT_EQ(after.item().steps_size(), 3);
  EXPECT_EQ(after.item().steps(2).text(), "正在核实。");
  // The client did not hear the answers and sends both again: nothing new.
  const v1::DubanChanged again = Done("hekou", sign);
  EXPECT_FALSE(again.changed());
  EXPECT_EQ(again.step_number(), first.step_number());
  EXPECT_FALSE(Done("hekou", progress).changed());
  v1::Envelope changed_text = progress;
  changed_text.mutable_duban_step()->set_text("另说一遍。");
  EXPECT_EQ(Refused("hekou", changed_text).code(),
            v1::ERROR_CODE_IDEMPOTENCY_KEY_REUSED);
  EXPECT_EQ(Detail(kOffice, "db-retry").item().steps_size(), 3);
}

TEST_F(DubanFlowTest, TheFeedCarriesItemsRedacted) {
  testing::FeedPeer feed(broker_->feed_endpoint(), "d.", 1000,
                         testing::ClientKeysOf(*broker_, kOffice));
  ASSERT_TRUE(feed.AwaitHeartbeat());
  Done(kOffice, IssueRequest("db-feed", "hekou"));
  std::optional<testing::FeedMessage> message = feed.ReceiveItem();
  ASSERT_TRUE(message);
  EXPECT_EQ(message->topic, "d.db-feed.");
  ASSERT_TRUE(message->item.has_duban());
  EXPECT_TRUE(message->item.duban().redacted());
  EXPECT_TRUE(message->item.duban().item().instruction().empty());
  EXPECT_EQ(message->item.duban().item().title(), "河口镇防汛物资储备不足问题");
}

TEST_F(DubanFlowTest, TheCommandLineIssuesSignsListsAndShows) {
  auto run = [&](const std::string& user, std::vector<std::string> args) {
    args.insert(args.end(), {"--endpoint", broker_->endpoint(),
                             "--query-endpoint", broker_->query_endpoint()});
    return testing::RunCommand(testing::CliAs(*broker_, user, std::move(args)));
  };
  const auto issued = run(kOffice, {"duban", "issue", "--id", "db-cli", "--title",
                                    "城关镇路灯维修", "--instruction", "请尽快修复。",
                                    "--leader", "王明", "--level", "县级", "--lead",
                                    "chengguan", "--urgency", "急件", "--unit",
                                    kOffice, "--officer", "张主任"});
  ASSERT_EQ(issued.exit_code, 0) << issued.output;
  EXPECT_NE(issued.output.find("已交办 督办事项 db-cli"), std::string::npos);
  const auto signed_for = run("chengguan", {"duban", "sign", "db-cli", "--unit",
                                            "chengguan", "--by", "赵六"});
  ASSERT_EQ(signed_for.exit_code, 0) << signed_for.output;
  EXPECT_NE(signed_for.output.find("已签收"), std::string::npos) << signed_for.output;
  const auto early = run("chengguan", {"duban", "accept", "db-cli", "--unit",
                                       "chengguan", "--target", "chengguan", "--by", "赵六"});
  EXPECT_EQ(early.exit_code, 4);
  const auto listed = run("chengguan", {"duban", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_NE(listed.output.find("db-cli"), std::string::npos) << listed.output;
  EXPECT_NE(listed.output.find("城关镇[主]办理中"), std::string::npos) << listed.output;
  const auto shown = run(kOffice, {"duban", "show", "db-cli"});
  ASSERT_EQ(shown.exit_code, 0) << shown.output;
  EXPECT_NE(shown.output.find("批示内容：请尽快修复。"), std::string::npos) << shown.output;
  EXPECT_NE(shown.output.find("城关镇（赵六）签收"), std::string::npos) << shown.output;
}

}  // namespace
}  // namespace xinbao
