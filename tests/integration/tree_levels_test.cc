// The reporting tree three levels deep (issue 16, item 6): two counties
// (清水县 qingshui, 白石县 baishi) under a city (江州市 jiangzhou) under a
// province (岭南省 lingnan), four real broker processes on loopback with
// CURVE, each child's broker key registered at its parent with role
// broker. Both counties take urgent reports from units with the same ids
// and the same idempotency keys — ids are local to a broker; the origin
// broker tells them apart — while the city is killed (-9) and restarted
// from its data directory and the province stops answering (SIGSTOP) for a
// while. At the top every report acknowledged at the bottom is there once,
// in its county's order, with its origin and both hops.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "storage/report_store.h"
#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/reporting_tree.h"
#include "tests/integration/test_keys.h"
#include "tests/support/caibian_requests.h"
#include "tests/support/duban_requests.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"
#include "tests/support/web/screenshots.h"

namespace xinbao {
namespace {

using testing::BrokerProcess;
using testing::PeerAs;
using testing::TempDir;

// One broker of the tree: its id and name, its data and config, its
// process once started.
struct Level {
  Level() = default;
  Level(std::string id_, std::string name_, std::filesystem::path data_)
      : id(std::move(id_)), name(std::move(name_)), data(std::move(data_)) {}

  std::string id;
  std::string name;
  std::filesystem::path data;
  std::filesystem::path config;
  std::string endpoint = "tcp://127.0.0.1:*";  // fixed once first started
  std::unique_ptr<BrokerProcess> process;

  void Start() {
    process = std::make_unique<BrokerProcess>(
        data, endpoint, std::vector<std::string>{"--config", config.string()});
    endpoint = process->endpoint();
  }
  // After a kill -9: again from its data directory, on the same endpoint.
  void Restart() {
    process.reset();
    Start();
  }
};

// Registers `child`'s broker key at `parent` as role broker for the unit
// `child.id`.
void RegisterChild(const Level& parent, const Level& child) {
  Result<CurveKeyPair> key = ReadKeyFile(testing::KeysDir(child.data) / "broker.pub");
  if (!key.ok()) throw std::runtime_error(key.status().ToString());
  std::ofstream(testing::KeysDir(parent.data) / "users.toml", std::ios::app)
      << "\n[[user]]\nname = \"" << child.id << "-broker\"\nunit = \"" << child.id
      << "\"\nrole = \"broker\"\npublic_key = \"" << key->public_key << "\"\n";
}

// County → city → province, with two counties; started top down.
struct ThreeLevels {
  // `down`: each child also pulls its parent's 下发 ([upstream]
  // query_endpoint; the parent's query endpoint is then fixed by its first
  // start only, so a restarted parent is not pulled from).
  explicit ThreeLevels(const TempDir& dir, bool down = false) {
    province = {"lingnan", "岭南省", dir / "province"};
    city = {"jiangzhou", "江州市", dir / "city"};
    counties[0] = {"qingshui", "清水县", dir / "qingshui"};
    counties[1] = {"baishi", "白石县", dir / "baishi"};
    for (Level* level : {&province, &city, &counties[0], &counties[1]}) {
      testing::MakeTestKeys(level->data);
    }
    RegisterChild(province, city);
    RegisterChild(city, counties[0]);
    RegisterChild(city, counties[1]);
    auto configure = [&](Level& level, const std::string& units, const Level* parent) {
      std::filesystem::create_directories(dir / (level.id + "-etc"));
      const char* office = parent == nullptr                ? "province"
                           : &level == &city                ? "city"
                                                            : "county";
      std::string sections = "[tree]\nid = \"" + level.id + "\"\nname = \"" +
                             level.name + "\"\n" + units + "[caibian]\nlevel = \"" +
                             office + "\"\n";
      if (parent != nullptr) {
        if (down) {
          sections += "[upstream]\nquery_endpoint = \"" +
                      parent->process->query_endpoint() + "\"\n";
        } else {
          sections += "[upstream]\n";
        }
        sections += "endpoint = \"" + parent->endpoint +
                    "\"\nunit = \"" + level.id + "\"\nserver_key_file = \"" +
                    (testing::KeysDir(parent->data) / "broker.pub").string() +
                    "\"\nreply_timeout = \"500ms\"\n";
      }
      level.config = testing::CurveConfig(dir / (level.id + "-etc"), level.data, sections);
    };
    // CurveConfig makes the demo key set again only where it is missing:
    // the registrations above stay.
    configure(province, testing::UnitsWithChildren({{city.id, city.name}}, "city"),
              nullptr);
    province.Start();
    configure(city,
              testing::UnitsWithChildren(
                  {{counties[0].id, counties[0].name}, {counties[1].id, counties[1].name}}),
              &province);
    city.Start();
    for (Level& county : counties) {
      configure(county, testing::UnitsWithChildren({}), &city);
      county.Start();
    }
  }

  // Waits until every level's upward queue is empty.
  void Drained() {
    for (Level* level : {&counties[0], &counties[1], &city}) {
      auto analyst = PeerAs(*level->process, level->process->query_endpoint(), "analyst");
      testing::DrainedLink(*analyst, 0, std::chrono::seconds(60));
    }
  }

  Level province, city;
  Level counties[2];
};

// What a broker stored, in its order (the process stopped first).
std::vector<v1::Report> StoredAt(Level& level) {
  EXPECT_EQ(level.process->Terminate(), 0) << level.id;
  return testing::StoredReports(level.data / "reports");
}

constexpr int kPerCounty = 60;

// Report i of a county: the same keys at both counties, events of its own.
v1::Report Urgent(const std::string& county, int i) {
  v1::Report report = testing::UrgentShiReport(
      "up-" + std::to_string(i), "EV-" + county + "-" + std::to_string(i / 10));
  report.set_unit_id(i % 2 == 0 ? "hekou" : "donghu");
  if (i % 10 != 0) report.set_stage(v1::STAGE_QING);
  return report;
}

TEST(TreeLevels, TwoCountiesThroughACityThatDiesAndAProvinceThatStopsLoseNothing) {
  TempDir dir;
  ThreeLevels tree(dir);

  // Both counties take reports the whole time, a few a second each.
  std::atomic<int> acked[2] = {0, 0};
  std::vector<std::thread> senders;
  for (int c = 0; c < 2; ++c) {
    senders.emplace_back([&, c] {
      testing::UnitSubmitters units(*tree.counties[c].process);
      for (int i = 0; i < kPerCounty; ++i) {
        const std::optional<v1::Reply> ack = units.Submit(Urgent(tree.counties[c].id, i));
        if (!ack || !ack->has_ack()) {
          ADD_FAILURE() << tree.counties[c].id << " " << i << ": "
                        << (ack ? ack->DebugString() : "no reply");
          return;
        }
        ++acked[c];
        std::this_thread::sleep_for(std::chrono::milliseconds(40));
      }
    });
  }
  auto when = [&](int reports) {
    while (acked[0] + acked[1] < reports) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  };
  when(20);
  tree.city.process->Kill9();  // with reports from both counties in flight
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  tree.city.Restart();
  when(50);
  tree.province.process->Pause();  // the city's queue grows
  when(90);
  {
    auto analyst = PeerAs(*tree.city.process, tree.city.process->query_endpoint(), "analyst");
    const std::optional<v1::BrokerStatus> status = testing::StatusOf(*analyst);
    ASSERT_TRUE(status.has_value());
    EXPECT_GT(status->upstream_link().queued(), 0u) << status->DebugString();
    EXPECT_FALSE(status->upstream_link().connected());
    EXPECT_EQ(status->children_size(), 2) << status->DebugString();
    // The middle level's screen, kept for a person to read.
    const auto said = testing::RunCommand(testing::CliAs(
        *tree.city.process, "analyst",
        {"--query-endpoint", tree.city.process->query_endpoint(), "status"}));
    std::ofstream(testing::ScreenshotDir() / "tree-city-status-province-stopped.txt")
        << said.output;
    EXPECT_NE(said.output.find("本级: 江州市（jiangzhou）"), std::string::npos) << said.output;
    EXPECT_NE(said.output.find("下级"), std::string::npos) << said.output;
  }
  tree.province.process->Resume();
  for (std::thread& sender : senders) sender.join();
  ASSERT_EQ(acked[0], kPerCounty);
  ASSERT_EQ(acked[1], kPerCounty);
  tree.Drained();

  // The city holds both counties' reports once each.
  for (Level& county : tree.counties) county.process->Terminate();
  const std::vector<v1::Report> at_city = StoredAt(tree.city);
  EXPECT_EQ(at_city.size(), 2u * kPerCounty);

  // At the top: every report once, per origin in its county's order, with
  // its origin and both hops.
  const std::vector<v1::Report> at_top = StoredAt(tree.province);
  ASSERT_EQ(at_top.size(), 2u * kPerCounty);
  std::map<std::string, int> next;             // origin broker → next key
  std::map<std::string, uint64_t> last_below;  // origin broker → its sequence
  for (const v1::Report& report : at_top) {
    const v1::Forwarding& way = report.forwarded();
    const std::string& origin = way.origin_broker();
    ASSERT_TRUE(origin == "qingshui" || origin == "baishi") << origin;
    EXPECT_EQ(report.unit_id(), "jiangzhou");  // the city stands for both
    EXPECT_EQ(report.idempotency_key(), "up-" + std::to_string(next[origin]))
        << origin;
    EXPECT_EQ(way.origin_unit_id(), next[origin] % 2 == 0 ? "hekou" : "donghu");
    ++next[origin];
    ASSERT_EQ(way.hops_size(), 2) << way.DebugString();
    EXPECT_EQ(way.hops(0).broker_id(), origin);
    EXPECT_EQ(way.hops(1).broker_id(), "jiangzhou");
    ASSERT_EQ(way.hop_names_size(), 2);
    EXPECT_EQ(way.hop_names(1), "江州市");
    EXPECT_GT(way.hops(0).sequence(), last_below[origin]) << "out of its county's order";
    last_below[origin] = way.hops(0).sequence();
    EXPECT_EQ(report.event_id().rfind("EV-" + origin + "-", 0), 0u) << report.event_id();
  }
  EXPECT_EQ(next["qingshui"], kPerCounty);
  EXPECT_EQ(next["baishi"], kPerCounty);
}

// The adoptions `unit`'s feedback at `level` lists for its first report
// with any, once there is one (bounded wait: each level pulls each second).
std::vector<v1::Adoption> AdoptionsShown(Level& level, const std::string& unit) {
  auto office = PeerAs(*level.process, level.process->query_endpoint(), "county-office");
  v1::Envelope request;
  request.mutable_feedback()->set_unit_id(unit);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::optional<v1::Reply> reply = office->Ask(request);
    if (reply && reply->has_feedback()) {
      for (const v1::ReportFeedback& report : reply->feedback().reports()) {
        if (report.adoptions().empty()) continue;
        return {report.adoptions().begin(), report.adoptions().end()};
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << level.id << ": no adoption shown for " << unit;
  return {};
}

TEST(TreeLevels, AProvincesAdoptionReachesTheCountyThroughTheCity) {
  TempDir dir;
  ThreeLevels tree(dir, /*down=*/true);
  testing::UnitSubmitters units(*tree.counties[0].process);
  const std::optional<v1::Reply> ack = units.Submit(Urgent("qingshui", 0));
  ASSERT_TRUE(ack && ack->has_ack());
  tree.Drained();

  // The province's office adopts it (its first report) in a bulletin.
  auto office = PeerAs(*tree.province.process, tree.province.process->endpoint(),
                       "county-office");
  v1::Envelope put;
  *put.mutable_caibian() = testing::PutItemAction("ln-item", "全省汛期险情处置有力", {1});
  std::optional<v1::Reply> reply = office->Ask(put);
  ASSERT_TRUE(reply && reply->has_caibian_changed()) << reply->ShortDebugString();
  v1::Envelope draft;
  *draft.mutable_caibian() = testing::PutIssueAction("ln-issue", "zwxx", {"ln-item"});
  reply = office->Ask(draft);
  ASSERT_TRUE(reply && reply->has_caibian_changed()) << reply->ShortDebugString();
  v1::Envelope sign;
  *sign.mutable_caibian() =
      testing::SignAction("ln-issue", reply->caibian_changed().issue().revision());
  reply = office->Ask(sign);
  ASSERT_TRUE(reply && reply->has_caibian_changed()) << reply->ShortDebugString();
  ASSERT_EQ(reply->caibian_changed().adoptions_size(), 1);
  const v1::Adoption& made = reply->caibian_changed().adoptions(0);
  EXPECT_EQ(made.unit_id(), "jiangzhou");

  // Down two levels: at the city for the county's report, at the county
  // for 河口镇's — one adoption, one id, naming the province.
  for (auto [level, unit] : {std::pair{&tree.city, "qingshui"},
                             std::pair{&tree.counties[0], "hekou"}}) {
    const std::vector<v1::Adoption> shown = AdoptionsShown(*level, unit);
    ASSERT_EQ(shown.size(), 1u) << level->id;
    EXPECT_EQ(shown[0].origin(), v1::ADOPTION_ORIGIN_UPSTREAM) << level->id;
    EXPECT_EQ(shown[0].upstream_broker(), "lingnan") << level->id;
    EXPECT_EQ(shown[0].level(), v1::LEADER_LEVEL_PROVINCE) << level->id;
    EXPECT_EQ(shown[0].reference(), made.reference()) << level->id;
    EXPECT_EQ(shown[0].adoption_id(), "up:lingnan:" + made.adoption_id()) << level->id;
    EXPECT_EQ(shown[0].unit_id(), unit) << level->id;
  }
  // The other county has nothing to record.
  auto baishi = PeerAs(*tree.counties[1].process,
                       tree.counties[1].process->query_endpoint(), "analyst");
  const std::optional<v1::BrokerStatus> status = testing::StatusOf(*baishi);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->upstream_link().adoptions_new(), 0u);
  EXPECT_EQ(status->upstream_link().down_received(), 0u);
}

// Asks `level`'s query socket as its office until `done` holds (bounded:
// each level pulls and answers up about once a second).
v1::Reply OfficeAsksUntil(Level& level, const v1::Envelope& request,
                          const std::function<bool(const v1::Reply&)>& done,
                          const std::string& waiting_for) {
  auto office = PeerAs(*level.process, level.process->query_endpoint(), "county-office");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  std::optional<v1::Reply> reply;
  while (std::chrono::steady_clock::now() < deadline) {
    reply = office->Ask(request);
    if (reply && done(*reply)) return *reply;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << level.id << ": waited in vain for " << waiting_for << ": "
                << (reply ? reply->ShortDebugString() : "no reply");
  return reply.value_or(v1::Reply());
}

// Whether the list holds 上级交办 `id`.
bool Holds(const v1::Reply& reply, const std::string& id) {
  for (const v1::UpstreamDuban& kept : reply.duban_list().upstream()) {
    if (kept.item().item().item_id() == id) return true;
  }
  return false;
}

// Whether `unit`'s part of the item in the detail is in `phase`.
bool PartIn(const v1::Reply& reply, const std::string& unit, v1::UnitPhase phase) {
  for (const v1::DubanUnit& part : reply.duban_detail().item().units()) {
    if (part.unit_id() == unit) return part.phase() == phase;
  }
  return false;
}

// 逐级: the province's instruction to the city is carried on by the city
// to the county and by the county to 河口镇; 河口镇's answer goes up as the
// county's 办结报告 and, once the city has 销号 it, as the city's.
TEST(TreeLevels, AProvincesInstructionIsCarriedOnLevelByLevelAndAnsweredBackUp) {
  TempDir dir;
  ThreeLevels tree(dir, /*down=*/true);
  Level& county = tree.counties[0];
  auto ask = [](Level& level, const v1::Envelope& request) {
    auto office = PeerAs(*level.process, level.process->endpoint(),
                         std::string(testing::kOffice));
    const std::optional<v1::Reply> reply = office->Ask(request);
    EXPECT_TRUE(reply && reply->has_duban_changed())
        << level.id << ": " << (reply ? reply->ShortDebugString() : "no reply");
  };
  auto carry_on = [](const std::string& id, const std::string& lead, const std::string& from) {
    v1::Envelope issue = testing::IssueRequest(id, lead);
    issue.mutable_issue_duban()->mutable_item()->mutable_upstream()->set_item_id(from);
    return issue;
  };
  v1::Envelope list;
  list.mutable_list_duban();

  v1::Envelope issued = testing::IssueRequest("ln-db-1", "jiangzhou");
  issued.mutable_issue_duban()->mutable_item()->set_leader_level(v1::LEADER_LEVEL_PROVINCE);
  ask(tree.province, issued);
  OfficeAsksUntil(tree.city, list, [](const v1::Reply& r) { return Holds(r, "ln-db-1"); },
                  "the province's item at the city");
  ask(tree.city, carry_on("jz-db-1", "qingshui", "ln-db-1"));
  OfficeAsksUntil(county, list, [](const v1::Reply& r) { return Holds(r, "jz-db-1"); },
                  "the city's item at the county");
  ask(county, carry_on("qs-db-1", "hekou", "jz-db-1"));

  // Signed at each level above by the level below's 转办.
  v1::Envelope at_province;
  at_province.mutable_get_duban()->set_item_id("ln-db-1");
  OfficeAsksUntil(tree.province, at_province,
                  [](const v1::Reply& r) { return PartIn(r, "jiangzhou", v1::UNIT_PHASE_SIGNED); },
                  "the city's 签收 at the province");

  // 河口镇 answers; the county 销号 it; the city 销号 the county's answer.
  auto hekou = PeerAs(*county.process, county.process->endpoint(), "hekou");
  for (const v1::Envelope& step :
       {testing::StepRequest("qs-db-1", "hk-sign", v1::STEP_KIND_SIGN, "hekou"),
        testing::StepRequest("qs-db-1", "hk-answer", v1::STEP_KIND_RESULT, "hekou",
                             "防汛物资已补齐：编织袋 3000 条、救生衣 200 件。")}) {
    const std::optional<v1::Reply> reply = hekou->Ask(step);
    ASSERT_TRUE(reply && reply->has_duban_changed()) << (reply ? reply->ShortDebugString() : "");
  }
  ask(county, testing::StepRequest("qs-db-1", "qs-accept", v1::STEP_KIND_ACCEPT,
                                   testing::kOffice, "", "hekou"));
  v1::Envelope at_city;
  at_city.mutable_get_duban()->set_item_id("jz-db-1");
  OfficeAsksUntil(tree.city, at_city,
                  [](const v1::Reply& r) { return PartIn(r, "qingshui", v1::UNIT_PHASE_ANSWERED); },
                  "the county's 办结报告 at the city");
  ask(tree.city, testing::StepRequest("jz-db-1", "jz-accept", v1::STEP_KIND_ACCEPT,
                                      testing::kOffice, "", "qingshui"));

  // At the province: the city's 办结报告, with the county's in it.
  const v1::Reply answered = OfficeAsksUntil(
      tree.province, at_province,
      [](const v1::Reply& r) { return PartIn(r, "jiangzhou", v1::UNIT_PHASE_ANSWERED); },
      "the city's 办结报告 at the province");
  std::string text;
  for (const v1::DubanStep& step : answered.duban_detail().item().steps()) {
    if (step.kind() == v1::STEP_KIND_RESULT) text = step.text();
  }
  EXPECT_NE(text.find("清水县（主办）：清水县转办办理完毕"), std::string::npos) << text;
  EXPECT_NE(text.find("河口镇（主办）：防汛物资已补齐"), std::string::npos) << text;
}

}  // namespace
}  // namespace xinbao
