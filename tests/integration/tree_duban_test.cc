// 督办 back down the tree (issue 16, item 4): the city's office issues an
// instruction to the county; the county's broker fetches it (上级交办), its
// office carries it on to a township (转办, `xinbao duban transfer`), the
// county's 签收 and — once the township's answer is 销号 at the county —
// its 办结报告 go back up as the county's steps at the city, where the
// office closes the item; the county sees that too. A real county and city
// with CURVE; the county is killed (-9) on the way.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/reporting_tree.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/duban_requests.h"
#include "tests/support/temp_dir.h"
#include "tests/support/web/screenshots.h"

namespace xinbao {
namespace {

using testing::CountyAndCity;
using testing::kOffice;
using testing::PeerAs;
using testing::StepRequest;
using testing::TempDir;

using testing::Shown;

// Asks `request` until `done` holds for the reply (bounded: the county
// pulls and answers up about once a second).
v1::Reply AskUntil(testing::WirePeer& peer, const v1::Envelope& request,
                   const std::function<bool(const v1::Reply&)>& done,
                   const std::string& waiting_for) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  std::optional<v1::Reply> reply;
  while (std::chrono::steady_clock::now() < deadline) {
    reply = peer.Ask(request);
    if (reply && done(*reply)) return *reply;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << "waited in vain for " << waiting_for << ": " << Shown(reply);
  return reply.value_or(v1::Reply());
}

const v1::DubanUnit* PartOf(const v1::DubanState& item, const std::string& unit) {
  for (const v1::DubanUnit& part : item.units()) {
    if (part.unit_id() == unit) return &part;
  }
  return nullptr;
}

bool PhaseIs(const v1::Reply& reply, v1::UnitPhase phase) {
  if (!reply.has_duban_detail()) return false;
  const v1::DubanUnit* part = PartOf(reply.duban_detail().item(), "qingshui");
  return part != nullptr && part->phase() == phase;
}

const v1::UpstreamDuban* Upstream(const v1::Reply& reply, const std::string& id) {
  if (!reply.has_duban_list()) return nullptr;
  for (const v1::UpstreamDuban& kept : reply.duban_list().upstream()) {
    if (kept.item().item().item_id() == id) return &kept;
  }
  return nullptr;
}

TEST(TreeDuban, AnInstructionFromTheCityIsCarriedOnAtTheCountyAndAnsweredBack) {
  TempDir dir;
  CountyAndCity tree(dir);
  auto city_office = PeerAs(*tree.city, tree.city->endpoint(), kOffice);
  auto city_reader = PeerAs(*tree.city, tree.city->query_endpoint(), kOffice);

  // The city's office issues an instruction of the mayor's to the county.
  v1::Envelope issue = testing::IssueRequest("jz-db-1", "qingshui");
  v1::DubanItem& item = *issue.mutable_issue_duban()->mutable_item();
  item.set_title("清水县汛期地质灾害隐患排查");
  item.set_instruction("请清水县十日内完成全县地质灾害隐患点排查，逐点落实责任人。");
  item.set_leader("刘市长");
  item.set_leader_level(v1::LEADER_LEVEL_CITY);
  std::optional<v1::Reply> issued = city_office->Ask(issue);
  ASSERT_TRUE(issued && issued->has_duban_changed()) << Shown(issued);

  // The county holds it as 上级交办, whole for its office.
  auto county_reader = PeerAs(*tree.county, tree.county->query_endpoint(), kOffice);
  v1::Envelope list;
  list.mutable_list_duban();
  v1::Reply listed = AskUntil(
      *county_reader, list, [](const v1::Reply& r) { return Upstream(r, "jz-db-1") != nullptr; },
      "the county to hold jz-db-1");
  const v1::UpstreamDuban* held = Upstream(listed, "jz-db-1");
  ASSERT_NE(held, nullptr);
  EXPECT_EQ(held->broker_id(), "jiangzhou");
  EXPECT_EQ(held->unit_id(), "qingshui");
  EXPECT_EQ(held->item().item().instruction(), item.instruction());
  EXPECT_TRUE(held->carried_by().empty());
  const int64_t due_there = PartOf(held->item(), "qingshui")->answer_due_at_ms();
  ASSERT_GT(due_there, 0);

  // A 转办 of something the city never sent is refused in plain words.
  auto county_office = PeerAs(*tree.county, tree.county->endpoint(), kOffice);
  v1::Envelope stray = testing::IssueRequest("qs-db-0", "hekou");
  stray.mutable_issue_duban()->mutable_item()->mutable_upstream()->set_item_id("jz-db-9");
  std::optional<v1::Reply> refused = county_office->Ask(stray);
  ASSERT_TRUE(refused && refused->has_error()) << Shown(refused);
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_UNKNOWN_ITEM);
  EXPECT_NE(refused->error().message().find("上级交办"), std::string::npos);

  // The county's office carries it on to 河口镇 from the command line.
  const testing::CommandResult transferred = testing::RunCommand(testing::CliAs(
      *tree.county, kOffice,
      {"--endpoint", tree.county->endpoint(), "--query-endpoint",
       tree.county->query_endpoint(), "duban", "transfer", "jz-db-1", "--id", "qs-db-1",
       "--lead", "hekou", "--unit", kOffice, "--officer", "县督查室 陈静"}));
  ASSERT_EQ(transferred.exit_code, 0) << transferred.output;
  EXPECT_NE(transferred.output.find("已交办 督办事项 qs-db-1"), std::string::npos)
      << transferred.output;
  // Killed at once: the 签收 queued with the 转办 goes up after the restart.
  tree.county->Kill9();
  tree.RestartCounty();
  county_reader = PeerAs(*tree.county, tree.county->query_endpoint(), kOffice);
  county_office = PeerAs(*tree.county, tree.county->endpoint(), kOffice);
  auto hekou = PeerAs(*tree.county, tree.county->endpoint(), "hekou");

  // At the county: its own item, for the city's deadline, naming the
  // city's item; and 上级交办 shows it carried on.
  v1::Envelope get_local;
  get_local.mutable_get_duban()->set_item_id("qs-db-1");
  std::optional<v1::Reply> local = county_reader->Ask(get_local);
  ASSERT_TRUE(local && local->has_duban_detail()) << Shown(local);
  EXPECT_EQ(local->duban_detail().item().item().upstream().item_id(), "jz-db-1");
  EXPECT_EQ(local->duban_detail().item().item().upstream().broker_id(), "jiangzhou");
  EXPECT_EQ(local->duban_detail().item().item().instruction(), item.instruction());
  EXPECT_EQ(local->duban_detail().item().item().due_at_ms(), due_there);

  // At the city: the county has signed, by the county's officer.
  v1::Envelope get_city;
  get_city.mutable_get_duban()->set_item_id("jz-db-1");
  v1::Reply at_city = AskUntil(
      *city_reader, get_city, [](const v1::Reply& r) { return PhaseIs(r, v1::UNIT_PHASE_SIGNED); },
      "the county's 签收 at the city");
  EXPECT_EQ(PartOf(at_city.duban_detail().item(), "qingshui")->signed_by(),
            "县督查室 陈静（清水县）");

  // 河口镇 signs and answers at the county; the county's office 销号.
  for (const v1::Envelope& step :
       {StepRequest("qs-db-1", "hk-sign", v1::STEP_KIND_SIGN, "hekou"),
        StepRequest("qs-db-1", "hk-answer", v1::STEP_KIND_RESULT, "hekou",
                    "已排查隐患点 46 处，整改 12 处，责任人全部落实。")}) {
    std::optional<v1::Reply> done = hekou->Ask(step);
    ASSERT_TRUE(done && done->has_duban_changed()) << Shown(done);
  }
  std::optional<v1::Reply> closed = county_office->Ask(
      StepRequest("qs-db-1", "qs-accept", v1::STEP_KIND_ACCEPT, kOffice, "", "hekou"));
  ASSERT_TRUE(closed && closed->has_duban_changed()) << Shown(closed);
  ASSERT_TRUE(closed->duban_changed().item().closed());

  // At the city: the county's 办结报告, made from 河口镇's answer.
  at_city = AskUntil(
      *city_reader, get_city,
      [](const v1::Reply& r) { return PhaseIs(r, v1::UNIT_PHASE_ANSWERED); },
      "the county's 办结报告 at the city");
  std::string answer;
  for (const v1::DubanStep& step : at_city.duban_detail().item().steps()) {
    if (step.kind() == v1::STEP_KIND_RESULT) answer = step.text();
  }
  EXPECT_NE(answer.find("河口镇（主办）：已排查隐患点 46 处"), std::string::npos) << answer;
  EXPECT_NE(answer.find("清水县督办事项 qs-db-1"), std::string::npos) << answer;

  // The city's office closes it; the county sees its part 办结 there.
  std::optional<v1::Reply> accepted = city_office->Ask(
      StepRequest("jz-db-1", "jz-accept", v1::STEP_KIND_ACCEPT, kOffice, "", "qingshui"));
  ASSERT_TRUE(accepted && accepted->has_duban_changed()) << Shown(accepted);
  v1::Envelope all = list;
  all.mutable_list_duban()->set_include_closed(true);
  listed = AskUntil(
      *county_reader, all,
      [](const v1::Reply& r) {
        const v1::UpstreamDuban* kept = Upstream(r, "jz-db-1");
        return kept != nullptr && kept->item().closed();
      },
      "the city's 销号 at the county");
  EXPECT_EQ(Upstream(listed, "jz-db-1")->carried_by_size(), 1);
  std::optional<v1::Reply> open_only = county_reader->Ask(list);
  ASSERT_TRUE(open_only && open_only->has_duban_list());
  EXPECT_EQ(Upstream(*open_only, "jz-db-1"), nullptr);  // done: not listed

  // The county's status: two steps queued up, both answered, none refused.
  auto analyst = PeerAs(*tree.county, tree.county->query_endpoint(), "analyst");
  const std::optional<v1::BrokerStatus> status = testing::StatusOf(*analyst);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->upstream_link().steps_queued(), 2u);
  EXPECT_EQ(status->upstream_link().steps_answered(), 2u);
  EXPECT_EQ(status->upstream_link().steps_refused(), 0u);

  // What the county's office reads, kept for a person to read.
  const testing::CommandResult shown = testing::RunCommand(testing::CliAs(
      *tree.county, kOffice,
      {"--query-endpoint", tree.county->query_endpoint(), "duban", "list", "--all"}));
  ASSERT_EQ(shown.exit_code, 0) << shown.output;
  EXPECT_NE(shown.output.find("上级交办（1 项）"), std::string::npos) << shown.output;
  EXPECT_NE(shown.output.find("清水县汛期地质灾害隐患排查"), std::string::npos) << shown.output;
  std::ofstream(testing::ScreenshotDir() / "tree-county-duban-list.txt") << shown.output;
}

}  // namespace
}  // namespace xinbao
