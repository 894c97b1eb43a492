// History on the real broker process, frame by frame: a replay sends no
// more chunks than its credit allows and ends with a done chunk; credit for
// a replay that is over is refused; bad replay requests are refused while
// the broker keeps serving; and the as-of question rebuilds a scripted
// incident exactly as the centre knew it at several instants. The broker
// runs CURVE: each unit submits with its own key, and the questions come
// from the analyst (replay and as-of are the analyst's).
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/broker_process.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using testing::BrokerProcess;
using testing::PeerAs;
using testing::TempDir;
using testing::UnitSubmitters;
using testing::WirePeer;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;

class HistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    broker_ = std::make_unique<BrokerProcess>(dir_.path() / "data");
    submitters_ = std::make_unique<UnitSubmitters>(*broker_);
    asker_ = PeerAs(*broker_, broker_->query_endpoint(), "analyst");
  }

  // Submits `report` with the key of the unit it names.
  v1::Ack Acked(const v1::Report& report) {
    std::optional<v1::Reply> reply = submitters_->Submit(report);
    EXPECT_TRUE(reply && reply->has_ack())
        << (reply ? reply->ShortDebugString() : "no reply");
    return reply ? reply->ack() : v1::Ack();
  }

  void SubmitGeneral(int count) {
    for (int i = 0; i < count; ++i) {
      Acked(testing::GeneralReport("g-" + std::to_string(i)));
    }
  }

  void SendCredit(const std::string& replay_id, uint32_t credit,
                  bool cancel = false) {
    v1::Envelope envelope;
    envelope.set_protocol_version(1);
    envelope.set_request_id("credit-" + std::to_string(++credits_));
    envelope.mutable_replay_credit()->set_replay_id(replay_id);
    envelope.mutable_replay_credit()->set_credit(credit);
    envelope.mutable_replay_credit()->set_cancel(cancel);
    asker_->SendPayload(envelope.SerializeAsString());
  }

  void StartReplay(const std::string& id, v1::ReplayRequest request) {
    v1::Envelope envelope;
    envelope.set_protocol_version(1);
    envelope.set_request_id(id);
    *envelope.mutable_replay() = std::move(request);
    asker_->SendPayload(envelope.SerializeAsString());
  }

  v1::AsOfState AsOf(int64_t at_ms, const std::string& event_id = "") {
    v1::Envelope envelope;
    envelope.mutable_as_of()->set_at_ms(at_ms);
    envelope.mutable_as_of()->set_event_id(event_id);
    std::optional<v1::Reply> reply = asker_->Ask(envelope);
    EXPECT_TRUE(reply && reply->has_as_of())
        << (reply ? reply->ShortDebugString() : "no reply");
    return reply ? reply->as_of() : v1::AsOfState();
  }

  TempDir dir_;
  std::unique_ptr<BrokerProcess> broker_;
  std::unique_ptr<UnitSubmitters> submitters_;
  std::unique_ptr<WirePeer> asker_;  // the analyst, on the query socket
  int credits_ = 0;
};

TEST_F(HistoryTest, ReplaySendsNoMoreChunksThanItsCredit) {
  SubmitGeneral(50);
  v1::ReplayRequest request;
  request.set_chunk_reports(5);
  request.set_credit(2);
  StartReplay("rp", request);

  std::vector<uint64_t> sequences;
  uint64_t chunks = 0;
  bool last_done = false;
  auto take = [&](int count) {
    for (int i = 0; i < count; ++i) {
      std::optional<v1::Reply> reply = asker_->Receive();
      ASSERT_TRUE(reply && reply->has_replay_chunk());
      EXPECT_EQ(reply->request_id(), "rp");
      const v1::ReplayChunk& chunk = reply->replay_chunk();
      EXPECT_EQ(chunk.chunk(), ++chunks);
      EXPECT_EQ(chunk.first_sequence(), 1u);
      EXPECT_EQ(chunk.last_sequence(), 50u);
      for (const v1::Report& r : chunk.reports()) {
        sequences.push_back(r.sequence());
      }
      EXPECT_EQ(chunk.scanned_to_sequence(), sequences.back());
      last_done = chunk.done();
    }
  };
  take(2);
  // Out of credit: nothing more comes.
  EXPECT_FALSE(asker_->Receive(std::chrono::milliseconds(300)).has_value());
  SendCredit("rp", 3);
  take(3);
  EXPECT_FALSE(asker_->Receive(std::chrono::milliseconds(300)).has_value());
  SendCredit("rp", 100);
  take(5);
  std::vector<uint64_t> expected;
  for (uint64_t s = 1; s <= 50; ++s) expected.push_back(s);
  EXPECT_EQ(sequences, expected);
  // Ten full chunks cover the range; the tenth says so, and nothing
  // follows it.
  EXPECT_TRUE(last_done);
  EXPECT_FALSE(asker_->Receive(std::chrono::milliseconds(300)).has_value());
}

TEST_F(HistoryTest, TheLastChunkIsDoneAndCreditAfterItIsRefused) {
  SubmitGeneral(12);
  v1::ReplayRequest request;
  request.set_chunk_reports(5);
  request.set_credit(10);
  StartReplay("all", request);
  std::vector<bool> done;
  for (int i = 0; i < 3; ++i) {
    std::optional<v1::Reply> reply = asker_->Receive();
    ASSERT_TRUE(reply && reply->has_replay_chunk());
    done.push_back(reply->replay_chunk().done());
  }
  EXPECT_EQ(done, (std::vector<bool>{false, false, true}));
  EXPECT_FALSE(asker_->Receive(std::chrono::milliseconds(200)).has_value());

  SendCredit("all", 1);
  std::optional<v1::Reply> refused = asker_->Receive();
  ASSERT_TRUE(refused && refused->has_error());
  EXPECT_EQ(refused->request_id(), "all");
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_UNKNOWN_REPLAY);

  // A cancelled replay is forgotten too.
  request.set_credit(1);
  StartReplay("cancelled", request);
  ASSERT_TRUE(asker_->Receive().has_value());
  SendCredit("cancelled", 0, /*cancel=*/true);
  SendCredit("cancelled", 1);
  refused = asker_->Receive();
  ASSERT_TRUE(refused && refused->has_error());
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_UNKNOWN_REPLAY);
}

TEST_F(HistoryTest, BadReplaysAreRefusedAndOtherQuestionsGoOn) {
  SubmitGeneral(3);
  struct Case {
    std::string id;
    v1::ReplayRequest request;
    v1::ErrorCode code;
  };
  std::vector<Case> cases(4);
  cases[0] = {"upside-down", {}, v1::ERROR_CODE_INVALID_FIELD};
  cases[0].request.set_first_sequence(9);
  cases[0].request.set_last_sequence(2);
  cases[1] = {"bad-stage", {}, v1::ERROR_CODE_UNKNOWN_ENUM_VALUE};
  cases[1].request.add_stages(static_cast<v1::Stage>(99));
  cases[2] = {"no-event", {}, v1::ERROR_CODE_UNKNOWN_EVENT};
  cases[2].request.set_event_id("nope");
  cases[3] = {"bad-time", {}, v1::ERROR_CODE_INVALID_FIELD};
  cases[3].request.set_from_ms(5000);
  cases[3].request.set_to_ms(4000);
  for (const Case& c : cases) {
    StartReplay(c.id, c.request);
    std::optional<v1::Reply> reply = asker_->Receive();
    ASSERT_TRUE(reply && reply->has_error()) << c.id;
    EXPECT_EQ(reply->request_id(), c.id);
    EXPECT_EQ(reply->error().code(), c.code) << c.id;
    EXPECT_FALSE(reply->error().message().empty());
  }

  // A replay left without credit holds up nobody.
  v1::ReplayRequest stalled;
  stalled.set_chunk_reports(1);
  StartReplay("stalled", stalled);
  std::optional<v1::Reply> first = asker_->Receive();
  ASSERT_TRUE(first && first->has_replay_chunk());
  v1::Envelope list;
  list.mutable_list_events();
  std::optional<v1::Reply> answered = asker_->Ask(list);
  ASSERT_TRUE(answered && answered->has_event_list());
}

v1::Report StageReport(const std::string& key, const std::string& event_id,
                       v1::Stage stage, int64_t ago_ms) {
  return testing::UrgentStageReport(key, event_id, stage, "hekou", ago_ms);
}

TEST_F(HistoryTest, ReplayedFollowUpsCarryTheirNumbers) {
  Acked(StageReport("f-shi", "evt-f", v1::STAGE_SHI, 10 * kMinute));
  Acked(StageReport("f-q1", "evt-f", v1::STAGE_QING, 10 * kMinute));
  Acked(StageReport("f-q2", "evt-f", v1::STAGE_QING, 10 * kMinute));
  v1::Report police = StageReport("f-g1", "evt-f", v1::STAGE_QING, 10 * kMinute);
  police.set_unit_id("gongan");
  Acked(police);
  v1::ReplayRequest request;
  request.set_event_id("evt-f");
  StartReplay("numbers", request);
  std::optional<v1::Reply> reply = asker_->Receive();
  ASSERT_TRUE(reply && reply->has_replay_chunk());
  const v1::ReplayChunk& chunk = reply->replay_chunk();
  ASSERT_EQ(chunk.reports_size(), 4);
  // 续报一 and 续报二 of 河口镇, and the police's own 续报一; the 事 has none.
  EXPECT_EQ(chunk.followups().size(), 3u);
  EXPECT_EQ(chunk.followups().at(2), 1u);
  EXPECT_EQ(chunk.followups().at(3), 2u);
  EXPECT_EQ(chunk.followups().at(4), 1u);
}

std::vector<std::string> Ids(const v1::AsOfState& state) {
  std::vector<std::string> ids;
  for (const v1::EventState& e : state.events()) ids.push_back(e.event_id());
  return ids;
}

TEST_F(HistoryTest, AsOfRebuildsAnIncidentAtEachInstant) {
  const int64_t before = testing::NowMs();
  auto tick = [] { std::this_thread::sleep_for(std::chrono::milliseconds(5)); };
  tick();
  // Incident A happened 5 h ago: its 事 is late (迟报) and its first 情
  // (due 4 h after occurrence for Ⅲ) is overdue at once.
  const int64_t shi = Acked(StageReport("a-shi", "evt-a", v1::STAGE_SHI, 5 * kHour))
                          .stored_at_ms();
  tick();
  const int64_t qing =
      Acked(StageReport("a-q1", "evt-a", v1::STAGE_QING, 5 * kHour)).stored_at_ms();
  tick();
  const int64_t other =
      Acked(StageReport("b-shi", "evt-b", v1::STAGE_SHI, 10 * kMinute))
          .stored_at_ms();
  tick();
  Acked(StageReport("a-yin", "evt-a", v1::STAGE_YIN, 5 * kHour));
  tick();
  const int64_t guo =
      Acked(StageReport("a-guo", "evt-a", v1::STAGE_GUO, 5 * kHour)).stored_at_ms();
  ASSERT_LT(shi, qing);
  ASSERT_LT(qing, other);

  // Before anything: nothing known, and evt-a is unknown.
  EXPECT_TRUE(Ids(AsOf(before)).empty());
  v1::Envelope unknown;
  unknown.mutable_as_of()->set_at_ms(before);
  unknown.mutable_as_of()->set_event_id("evt-a");
  std::optional<v1::Reply> refused = asker_->Ask(unknown);
  ASSERT_TRUE(refused && refused->has_error());
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_UNKNOWN_EVENT);

  // Right after the late 事 (and until the 情): one open event, its 情
  // overdue for an hour and so escalated (升级); the 迟报 is a record, not
  // open.
  for (const int64_t at : {shi, qing - 1}) {
    const v1::AsOfState state = AsOf(at);
    ASSERT_EQ(Ids(state), (std::vector<std::string>{"evt-a"}));
    EXPECT_EQ(state.events(0).reports_size(), 1);
    ASSERT_EQ(state.open_alarms_size(), 2);
    EXPECT_EQ(state.open_alarms(0).kind(), v1::ALARM_KIND_OVERDUE);
    EXPECT_EQ(state.open_alarms(0).stage(), v1::STAGE_QING);
    EXPECT_EQ(state.open_alarms(0).event_id(), "evt-a");
    EXPECT_EQ(state.open_alarms(1).kind(), v1::ALARM_KIND_ESCALATED);
  }
  // The 情 cleared it.
  v1::AsOfState at_qing = AsOf(qing);
  EXPECT_EQ(at_qing.events(0).reports_size(), 2);
  EXPECT_EQ(at_qing.open_alarms_size(), 0);
  // With B: most recently opened first.
  EXPECT_EQ(Ids(AsOf(other)), (std::vector<std::string>{"evt-b", "evt-a"}));
  // A closed on its 果: no longer among the open ones, closed when asked.
  EXPECT_EQ(Ids(AsOf(guo)), (std::vector<std::string>{"evt-b"}));
  const v1::AsOfState a_at_guo = AsOf(guo, "evt-a");
  ASSERT_EQ(a_at_guo.events_size(), 1);
  EXPECT_TRUE(a_at_guo.events(0).closed());
  EXPECT_EQ(a_at_guo.events(0).reports_size(), 4);
  // And one instant earlier it was open with three reports.
  const v1::AsOfState a_before_guo = AsOf(guo - 1, "evt-a");
  EXPECT_FALSE(a_before_guo.events(0).closed());
  EXPECT_EQ(a_before_guo.events(0).reports_size(), 3);
  EXPECT_EQ(a_before_guo.unit_names().at("hekou"), "河口镇");
}

}  // namespace
}  // namespace xinbao
