// Replay for analysts end to end: the real broker process streaming stored
// reports to the real ReplayClient and `xinbao replay` — ranges, filters,
// a replay far longer than the credit window, a broker that stalls
// mid-replay, the CSV export, and the handoff to the live feed while
// clients keep submitting (every sequence once, in order).
// The broker runs CURVE: the replays are the analyst's, every report is
// submitted with the key of the unit it names, and the merge is the
// monitor's (county-office).
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "clients/lib/replay_client.h"
#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using namespace std::chrono_literals;
using client::ReplayClient;
using client::ReplayOptions;
using client::ReplayOutcome;
using client::ReplaySink;
using testing::BrokerProcess;
using testing::CliAs;
using testing::PeerAs;
using testing::TempDir;
using testing::WirePeer;

using Sequences = std::vector<uint64_t>;

// Who replays, and who merges events.
constexpr char kAnalyst[] = "analyst";
constexpr char kMonitor[] = "county-office";

// Replay options for `broker`'s query and feed endpoints, as the analyst.
ReplayOptions AnalystOptions(const BrokerProcess& broker) {
  ReplayOptions options;
  options.query_endpoint = broker.query_endpoint();
  options.feed_endpoint = broker.feed_endpoint();
  options.curve = testing::ClientKeysOf(broker, kAnalyst);
  return options;
}

v1::Report OfKind(v1::Report report, v1::Kind kind) {
  report.set_kind(kind);
  return report;
}

v1::Report Urgent(const std::string& key, const std::string& event_id,
                  const std::string& unit, v1::Stage stage) {
  v1::Report report = testing::UrgentShiReport(key, event_id, unit);
  report.set_stage(stage);
  return report;
}

// What the broker acknowledged for one report of the dataset.
struct Stored {
  v1::Report report;
  uint64_t sequence = 0;
  int64_t stored_at_ms = 0;
};

// Submits `reports` to `broker` pipelined, each with the key of the unit it
// names, and returns their acks in sequence order. At most kPipelined are
// in flight at once: under each unit's fair share ([fairness]
// unit_in_flight, 256 by default), so none is refused RATE_LIMITED.
std::vector<Stored> SubmitAll(const BrokerProcess& broker,
                              const std::vector<v1::Report>& reports) {
  constexpr std::size_t kPipelined = 200;
  testing::UnitSubmitters submitters(broker);
  std::map<std::string, const v1::Report*> by_key;
  for (const v1::Report& report : reports) {
    by_key[report.idempotency_key()] = &report;
  }
  std::vector<Stored> stored;
  for (std::size_t first = 0; first < reports.size(); first += kPipelined) {
    std::map<std::string, std::size_t> sent;  // by unit
    const std::size_t last = std::min(first + kPipelined, reports.size());
    for (std::size_t i = first; i < last; ++i) {
      submitters.For(reports[i].unit_id()).SendSubmit(reports[i]);
      ++sent[reports[i].unit_id()];
    }
    for (const auto& [unit, count] : sent) {
      for (std::size_t i = 0; i < count; ++i) {
        std::optional<v1::Reply> reply = submitters.For(unit).Receive();
        if (!reply || !reply->has_ack()) {
          ADD_FAILURE() << unit << ": "
                        << (reply ? reply->ShortDebugString() : "no reply");
          return stored;
        }
        stored.push_back(Stored{*by_key.at(reply->ack().idempotency_key()),
                                reply->ack().sequence(),
                                reply->ack().stored_at_ms()});
      }
    }
  }
  std::sort(stored.begin(), stored.end(),
            [](const Stored& a, const Stored& b) {
              return a.sequence < b.sequence;
            });
  return stored;
}

// One at a time, so that sequences follow the list's order.
std::vector<Stored> SubmitInOrder(const BrokerProcess& broker,
                                  const std::vector<v1::Report>& reports) {
  std::vector<Stored> stored;
  for (const v1::Report& report : reports) {
    std::vector<Stored> one = SubmitAll(broker, {report});
    if (one.size() != 1) return stored;
    stored.push_back(one[0]);
  }
  return stored;
}

// Stores `count` general reports from two units, keys `prefix`-n; false if
// any was not acknowledged.
bool StoreGenerals(const BrokerProcess& broker, const std::string& prefix,
                   int count) {
  std::vector<v1::Report> reports;
  for (int n = 0; n < count; ++n) {
    reports.push_back(testing::GeneralReport(prefix + std::to_string(n),
                                             n % 2 ? "donghu" : "chengguan"));
  }
  return SubmitAll(broker, reports).size() ==
         static_cast<std::size_t>(count);
}

// 1..n.
Sequences Dense(uint64_t n) {
  Sequences all(n);
  std::iota(all.begin(), all.end(), 1);
  return all;
}

// What a replay handed over, and how it ended.
struct Replayed {
  Sequences sequences;
  std::vector<v1::Report> reports;
  std::vector<client::ReplayProgress> progress;
  Result<ReplayOutcome> outcome = Status(v1::ERROR_CODE_MALFORMED, "not run");
};

// Replays `request` with `options` (endpoints and keys included).
Replayed RunReplay(const v1::ReplayRequest& request,
                   const ReplayOptions& options) {
  Replayed replayed;
  auto client = ReplayClient::Open(options);
  if (!client.ok()) {
    replayed.outcome = client.status();
    return replayed;
  }
  ReplaySink sink;
  sink.on_report = [&](const client::ReplayedReport& got) {
    replayed.sequences.push_back(got.report.sequence());
    replayed.reports.push_back(got.report);
    return true;
  };
  sink.on_progress = [&](const client::ReplayProgress& progress) {
    replayed.progress.push_back(progress);
  };
  replayed.outcome = (*client)->Replay(request, sink);
  return replayed;
}

// A known dataset from several units and kinds, with an urgent event
// (evt-r) that another event (evt-m) is merged into.
class ReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    broker_ = std::make_unique<BrokerProcess>(dir_ / "data");
    stored_ = SubmitInOrder(
        *broker_,
        {testing::GeneralReport("d-01", "chengguan"),                     // 1
         testing::GeneralReport("d-02", "donghu"),                        // 2
         Urgent("d-03", "evt-r", "hekou", v1::STAGE_SHI),                 // 3
         OfKind(testing::GeneralReport("d-04", "yingji"),
                v1::KIND_IMPORTANT_DYNAMIC),                              // 4
         Urgent("d-05", "evt-r", "hekou", v1::STAGE_QING),                // 5
         testing::GeneralReport("d-06", "chengguan"),                     // 6
         Urgent("d-07", "evt-r", "gongan", v1::STAGE_QING),               // 7
         OfKind(testing::GeneralReport("d-08", "donghu"),
                v1::KIND_RESEARCH),                                       // 8
         Urgent("d-09", "evt-r", "yingji", v1::STAGE_YIN),                // 9
         testing::GeneralReport("d-10", "hekou"),                         // 10
         Urgent("d-11", "evt-m", "gongan", v1::STAGE_SHI),                // 11
         Urgent("d-12", "evt-other", "donghu", v1::STAGE_SHI),            // 12
         Urgent("d-13", "evt-r", "hekou", v1::STAGE_GUO)});               // 13
    ASSERT_EQ(stored_.size(), 13u);
    ASSERT_EQ(stored_.back().sequence, 13u);

    v1::Envelope merge;
    merge.mutable_merge_events()->set_unit_id("county-office");
    merge.mutable_merge_events()->set_officer("赵敏");
    merge.mutable_merge_events()->set_from_event_id("evt-m");
    merge.mutable_merge_events()->set_into_event_id("evt-r");
    std::optional<v1::Reply> merged =
        PeerAs(*broker_, broker_->endpoint(), kMonitor)->Ask(merge);
    ASSERT_TRUE(merged && merged->has_event_changed())
        << (merged ? merged->ShortDebugString() : "no reply");
  }

  Sequences Replay(const v1::ReplayRequest& request) {
    Replayed replayed = RunReplay(request, AnalystOptions(*broker_));
    EXPECT_TRUE(replayed.outcome.ok())
        << replayed.outcome.status().ToString();
    return replayed.sequences;
  }

  TempDir dir_;
  std::unique_ptr<BrokerProcess> broker_;
  std::vector<Stored> stored_;
};

TEST_F(ReplayTest, EverythingInOrderWhenNoRangeIsGiven) {
  Replayed all = RunReplay({}, AnalystOptions(*broker_));
  ASSERT_TRUE(all.outcome.ok()) << all.outcome.status().ToString();
  EXPECT_EQ(all.sequences, Dense(13));
  EXPECT_FALSE(all.outcome->stopped);
  ASSERT_FALSE(all.progress.empty());
  EXPECT_TRUE(all.progress.back().done);
  EXPECT_EQ(all.progress.back().scanned_to_sequence, 13u);
  EXPECT_EQ(all.progress.back().last_sequence, 13u);
  EXPECT_EQ(all.reports[0].body(), stored_[0].report.body());  // whole reports
}

TEST_F(ReplayTest, BySequenceRange) {
  v1::ReplayRequest request;
  request.set_first_sequence(3);
  request.set_last_sequence(8);
  EXPECT_EQ(Replay(request), (Sequences{3, 4, 5, 6, 7, 8}));
}

TEST_F(ReplayTest, ByStoredTimeRange) {
  const int64_t from = stored_[3].stored_at_ms;  // sequence 4
  const int64_t to = stored_[9].stored_at_ms;    // sequence 10
  Sequences expected;
  for (const Stored& s : stored_) {
    if (s.stored_at_ms >= from && s.stored_at_ms < to) {
      expected.push_back(s.sequence);
    }
  }
  v1::ReplayRequest request;
  request.set_from_ms(from);
  request.set_to_ms(to);
  EXPECT_EQ(Replay(request), expected);
}

TEST_F(ReplayTest, EachFilterReturnsExactlyItsReports) {
  struct Case {
    const char* name;
    std::function<void(v1::ReplayRequest*)> filter;
    Sequences expected;
  };
  const Case cases[] = {
      {"unit hekou", [](v1::ReplayRequest* r) { r->add_unit_ids("hekou"); },
       {3, 5, 10, 13}},
      {"units gongan or yingji",
       [](v1::ReplayRequest* r) {
         r->add_unit_ids("gongan");
         r->add_unit_ids("yingji");
       },
       {4, 7, 9, 11}},
      {"kind urgent", [](v1::ReplayRequest* r) { r->add_kinds(v1::KIND_URGENT); },
       {3, 5, 7, 9, 11, 12, 13}},
      {"kinds important or research",
       [](v1::ReplayRequest* r) {
         r->add_kinds(v1::KIND_IMPORTANT_DYNAMIC);
         r->add_kinds(v1::KIND_RESEARCH);
       },
       {4, 8}},
      {"event evt-r with evt-m merged into it",
       [](v1::ReplayRequest* r) { r->set_event_id("evt-r"); },
       {3, 5, 7, 9, 11, 13}},
      {"stage 情", [](v1::ReplayRequest* r) { r->add_stages(v1::STAGE_QING); },
       {5, 7}},
      {"stages 事 or 果",
       [](v1::ReplayRequest* r) {
         r->add_stages(v1::STAGE_SHI);
         r->add_stages(v1::STAGE_GUO);
       },
       {3, 11, 12, 13}},
      {"unit hekou and stage 情",
       [](v1::ReplayRequest* r) {
         r->add_unit_ids("hekou");
         r->add_stages(v1::STAGE_QING);
       },
       {5}},
      {"event evt-r from sequence 6",
       [](v1::ReplayRequest* r) {
         r->set_event_id("evt-r");
         r->set_first_sequence(6);
       },
       {7, 9, 11, 13}},
  };
  for (const Case& c : cases) {
    v1::ReplayRequest request;
    c.filter(&request);
    EXPECT_EQ(Replay(request), c.expected) << c.name;
  }
}

TEST_F(ReplayTest, ARefusedRequestIsTheBrokersStatus) {
  v1::ReplayRequest request;
  request.set_event_id("no-such-event");
  Replayed refused = RunReplay(request, AnalystOptions(*broker_));
  ASSERT_FALSE(refused.outcome.ok());
  EXPECT_EQ(refused.outcome.status().code(), v1::ERROR_CODE_UNKNOWN_EVENT);
  EXPECT_FALSE(refused.outcome.status().retryable());
  EXPECT_TRUE(refused.sequences.empty());
}

TEST_F(ReplayTest, TheSinkCanStopItEarly) {
  auto client = ReplayClient::Open(AnalystOptions(*broker_));
  ASSERT_TRUE(client.ok());
  Sequences got;
  ReplaySink sink;
  sink.on_report = [&](const client::ReplayedReport& replayed) {
    got.push_back(replayed.report.sequence());
    return got.size() < 5;
  };
  Result<ReplayOutcome> outcome = (*client)->Replay({}, sink);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->stopped);
  EXPECT_EQ(got, Dense(5));
  EXPECT_EQ(outcome->progress.scanned_to_sequence, 5u);
  // The same client replays again afterwards.
  Sequences again;
  sink.on_report = [&](const client::ReplayedReport& replayed) {
    again.push_back(replayed.report.sequence());
    return true;
  };
  v1::ReplayRequest rest;
  rest.set_first_sequence(6);
  ASSERT_TRUE((*client)->Replay(rest, sink).ok());
  EXPECT_EQ(again, (Sequences{6, 7, 8, 9, 10, 11, 12, 13}));
}

TEST_F(ReplayTest, CliWritesCsvWithBomAndEveryRow) {
  const std::string file = (dir_ / "reports.csv").string();
  testing::CommandResult result = testing::RunCommand(
      CliAs(*broker_, kAnalyst,
            {"--query-endpoint", broker_->query_endpoint(), "replay",
             "--format", "csv", "--bom", "--output", file}));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("已导出 13 份"), std::string::npos)
      << result.output;
  std::ifstream in(file, std::ios::binary);
  const std::string csv((std::istreambuf_iterator<char>(in)),
                        std::istreambuf_iterator<char>());
  ASSERT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(csv.substr(3, 19), "序号,存储时间");
  std::istringstream lines(csv);
  std::vector<std::string> rows;
  for (std::string line; std::getline(lines, line);) rows.push_back(line);
  ASSERT_EQ(rows.size(), 14u) << csv;  // the header and 13 reports
  for (uint64_t n = 1; n <= 13; ++n) {
    EXPECT_EQ(rows[n].substr(0, rows[n].find(',')), std::to_string(n));
    EXPECT_EQ(rows[n].back(), '\r');
  }
  EXPECT_NE(rows[3].find("河口镇,紧急信息,首报（事）"), std::string::npos)
      << rows[3];
}

TEST_F(ReplayTest, CliFiltersInChineseAndPrintsATable) {
  testing::CommandResult result = testing::RunCommand(
      CliAs(*broker_, kAnalyst,
            {"--query-endpoint", broker_->query_endpoint(), "replay",
             "--kind", "紧急信息", "--stage", "情", "--unit", "gongan"}));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("序号"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("县公安局"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("共 1 份"), std::string::npos) << result.output;

  testing::CommandResult refused = testing::RunCommand(
      CliAs(*broker_, kAnalyst,
            {"--query-endpoint", broker_->query_endpoint(), "replay",
             "--follow", "--until", "2026-11-22 09:00"}));
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("--follow"), std::string::npos)
      << refused.output;
}

TEST_F(ReplayTest, CliReplaysAnEventsTimelineAtSpeed) {
  testing::CommandResult result = testing::RunCommand(
      CliAs(*broker_, kAnalyst,
            {"--json", "--query-endpoint", broker_->query_endpoint(),
             "replay", "--event", "evt-r", "--speed", "1000"}));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(std::count(result.output.begin(), result.output.end(), '\n'), 6)
      << result.output;
  EXPECT_NE(result.output.find("\"idempotency_key\":\"d-11\""),
            std::string::npos)
      << result.output;  // filed under evt-m, merged into evt-r
}

TEST_F(ReplayTest, AsOfNowListsTheOpenEvents) {
  testing::CommandResult result = testing::RunCommand(
      CliAs(*broker_, kAnalyst,
            {"--query-endpoint", broker_->query_endpoint(), "as-of",
             std::to_string(testing::NowMs())}));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("截至"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("evt-other"), std::string::npos)
      << result.output;

  testing::CommandResult one = testing::RunCommand(
      CliAs(*broker_, kAnalyst,
            {"--json", "--query-endpoint", broker_->query_endpoint(), "as-of",
             std::to_string(testing::NowMs()), "--event", "evt-r"}));
  ASSERT_EQ(one.exit_code, 0) << one.output;
  EXPECT_NE(one.output.find("\"event_id\":\"evt-r\""), std::string::npos)
      << one.output;

  testing::CommandResult before = testing::RunCommand(
      CliAs(*broker_, kAnalyst,
            {"--query-endpoint", broker_->query_endpoint(), "as-of",
             std::to_string(stored_[0].stored_at_ms), "--event", "evt-r"}));
  EXPECT_EQ(before.exit_code, 4) << before.output;  // not opened yet
  EXPECT_NE(before.output.find("ERROR_CODE_UNKNOWN_EVENT"), std::string::npos)
      << before.output;
}

TEST(Replay, LongerThanTheCreditWindowArrivesCompleteAndInOrder) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  constexpr int kReports = 3000;
  ASSERT_TRUE(StoreGenerals(broker, "many-", kReports));

  ReplayOptions options = AnalystOptions(broker);
  options.chunk_reports = 100;
  options.window = 4;
  Replayed all = RunReplay({}, options);
  ASSERT_TRUE(all.outcome.ok()) << all.outcome.status().ToString();
  EXPECT_EQ(all.sequences, Dense(kReports));
  ASSERT_EQ(all.progress.size(), 30u);
  for (std::size_t i = 0; i + 1 < all.progress.size(); ++i) {
    EXPECT_EQ(all.progress[i].scanned_to_sequence, (i + 1) * 100) << i;
  }
  EXPECT_EQ(all.outcome->resumes, 0);
}

TEST(Replay, ResumesWhereItGotToWhenTheBrokerStalls) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  constexpr int kReports = 600;
  ASSERT_TRUE(StoreGenerals(broker, "stall-", kReports));

  ReplayOptions options = AnalystOptions(broker);
  options.window = 2;
  options.chunk_reports = 50;
  options.chunk_timeout = 1000ms;
  options.max_resumes = 3;
  auto client = ReplayClient::Open(options);
  ASSERT_TRUE(client.ok());
  Sequences got;
  bool paused = false;
  std::chrono::steady_clock::time_point last_report_at;
  ReplaySink sink;
  sink.on_report = [&](const client::ReplayedReport& replayed) {
    got.push_back(replayed.report.sequence());
    last_report_at = std::chrono::steady_clock::now();
    if (got.size() == 120) {  // mid-replay: the broker stops answering
      broker.Pause();
      paused = true;
    }
    return true;
  };
  // Wakes the broker once the client has certainly given up on it: no
  // report for longer than a chunk's timeout. (Counted from the pause, as
  // it once was, a slow machine could still be handing over the chunks
  // already sent when the broker woke, and the replay never stalled.)
  sink.stop_requested = [&] {
    if (paused && std::chrono::steady_clock::now() - last_report_at >
                      options.chunk_timeout + 300ms) {
      broker.Resume();
      paused = false;
    }
    return false;
  };
  Result<ReplayOutcome> outcome = (*client)->Replay({}, sink);
  if (paused) broker.Resume();
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_GE(outcome->resumes, 1);
  EXPECT_EQ(got, Dense(kReports));  // every one once, in order
}

TEST(Replay, FailsRetryablyWhenNoBrokerAnswers) {
  TempDir dir;
  ReplayOptions options;
  {
    // A port that was free a moment ago, and keys the client could have
    // had for the broker that was on it.
    BrokerProcess probe(dir / "probe");
    options = AnalystOptions(probe);
  }
  options.chunk_timeout = 200ms;
  options.max_resumes = 1;
  Replayed none = RunReplay({}, options);
  ASSERT_FALSE(none.outcome.ok());
  EXPECT_TRUE(none.outcome.status().retryable());
  EXPECT_NE(none.outcome.status().message().find("--from-seq 1"),
            std::string::npos)
      << none.outcome.status().message();
}

// What a Follow() handed over while reports were being submitted.
struct Followed {
  Sequences sequences;
  std::vector<v1::Report> reports;
  int live = 0;  // how many came from the live feed
  Result<ReplayOutcome> outcome = Status(v1::ERROR_CODE_MALFORMED, "not run");
};

// Follows `request` while another thread stores `live` general reports in
// batches of 10 (from chengguan and donghu in turn), starting when the
// first report is handed over; stops after `wanted` reports. When `pause_at`
// reports are in, the sink waits until half the live ones are stored, so
// that the feed holds items past the replay's end at the handoff. Small
// chunks and a narrow window keep the replay running meanwhile.
Followed FollowWhileSubmitting(const BrokerProcess& broker,
                               const v1::ReplayRequest& request, int live,
                               std::size_t pause_at, std::size_t wanted) {
  std::mutex mutex;
  std::condition_variable changed;
  bool started = false;  // GUARDED_BY(mutex)
  int submitted = 0;     // GUARDED_BY(mutex)
  std::thread submitting([&] {
    {
      std::unique_lock<std::mutex> lock(mutex);
      changed.wait(lock, [&] { return started; });
    }
    for (int batch = 0; batch < live / 10; ++batch) {
      EXPECT_TRUE(
          StoreGenerals(broker, "live-" + std::to_string(batch) + "-", 10));
      std::lock_guard<std::mutex> lock(mutex);
      submitted += 10;
      changed.notify_all();
    }
  });
  const auto start = [&] {
    std::lock_guard<std::mutex> lock(mutex);
    started = true;
    changed.notify_all();
  };

  ReplayOptions options = AnalystOptions(broker);
  options.chunk_reports = 10;
  options.window = 2;
  Followed followed;
  auto client = ReplayClient::Open(options);
  const auto give_up = std::chrono::steady_clock::now() + 60s;
  ReplaySink sink;
  sink.on_report = [&](const client::ReplayedReport& replayed) {
    followed.sequences.push_back(replayed.report.sequence());
    followed.reports.push_back(replayed.report);
    followed.live += replayed.live ? 1 : 0;
    if (followed.sequences.size() == 1) start();
    if (followed.sequences.size() == pause_at) {
      std::unique_lock<std::mutex> lock(mutex);
      changed.wait_for(lock, 30s, [&] { return submitted >= live / 2; });
    }
    return followed.sequences.size() < wanted;
  };
  sink.stop_requested = [&] {
    return std::chrono::steady_clock::now() > give_up;
  };
  followed.outcome = client.ok() ? (*client)->Follow(request, sink)
                                 : Result<ReplayOutcome>(client.status());
  start();
  submitting.join();
  return followed;
}

TEST(Replay, FollowHandsOverToTheLiveFeedWithoutGapOrDuplicate) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  ASSERT_TRUE(StoreGenerals(broker, "before-", 500));
  v1::ReplayRequest request;
  request.set_first_sequence(1);
  const Followed followed =
      FollowWhileSubmitting(broker, request, 500, 250, 1000);
  ASSERT_TRUE(followed.outcome.ok()) << followed.outcome.status().ToString();
  EXPECT_TRUE(followed.outcome->stopped);
  EXPECT_EQ(followed.sequences, Dense(1000));
  EXPECT_GT(followed.live, 0) << "nothing came from the live feed";
}

TEST(Replay, FollowFiltersLiveReportsAsTheBrokerFiltersStoredOnes) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  ASSERT_TRUE(StoreGenerals(broker, "before-", 200));
  v1::ReplayRequest request;
  request.add_unit_ids("donghu");
  request.add_kinds(v1::KIND_GENERAL_DYNAMIC);
  const Followed followed = FollowWhileSubmitting(broker, request, 200, 50, 200);
  ASSERT_TRUE(followed.outcome.ok()) << followed.outcome.status().ToString();
  EXPECT_GT(followed.live, 0) << "nothing came from the live feed";
  // The same as a replay of everything now stored, with the same filters.
  Replayed replayed = RunReplay(request, AnalystOptions(broker));
  ASSERT_TRUE(replayed.outcome.ok());
  ASSERT_EQ(followed.sequences, replayed.sequences);
  for (std::size_t i = 0; i < followed.reports.size(); ++i) {
    const v1::Report& live = followed.reports[i];
    EXPECT_EQ(live.unit_id(), "donghu");
    EXPECT_EQ(live.title(), replayed.reports[i].title());
    EXPECT_EQ(live.stored_at_ms(), replayed.reports[i].stored_at_ms());
  }
}

// The broker restarts on the same endpoints while the client follows live,
// and reports are stored at once: what the feed lost shows as a gap (or a
// silence), and the client replays it before going on.
TEST(Replay, FollowRecoversWhatTheFeedLostAcrossABrokerRestart) {
  TempDir dir;
  std::string submit, query, feed;
  {
    BrokerProcess probe(dir / "probe");  // ports that were free a moment ago
    submit = probe.endpoint();
    query = probe.query_endpoint();
    feed = probe.feed_endpoint();
  }
  const std::vector<std::string> ports = {"--query-endpoint", query,
                                          "--feed-endpoint", feed};
  auto broker = std::make_unique<BrokerProcess>(dir / "data", submit, ports);
  ASSERT_TRUE(StoreGenerals(*broker, "first-", 50));
  // The restarted broker keeps its data directory's keys: the analyst's
  // stay good across the restart.
  const ReplayOptions options = AnalystOptions(*broker);

  std::mutex mutex;
  std::condition_variable changed;
  Sequences got;  // GUARDED_BY(mutex)
  Result<ReplayOutcome> outcome = Status(v1::ERROR_CODE_MALFORMED, "not run");
  std::thread following([&] {
    auto client = ReplayClient::Open(options);
    if (!client.ok()) {
      outcome = client.status();
      return;
    }
    const auto give_up = std::chrono::steady_clock::now() + 60s;
    ReplaySink sink;
    sink.on_report = [&](const client::ReplayedReport& replayed) {
      std::lock_guard<std::mutex> lock(mutex);
      got.push_back(replayed.report.sequence());
      changed.notify_all();
      return got.size() < 150;
    };
    sink.stop_requested = [&] {
      return std::chrono::steady_clock::now() > give_up;
    };
    outcome = (*client)->Follow({}, sink);
  });
  {
    std::unique_lock<std::mutex> lock(mutex);
    ASSERT_TRUE(changed.wait_for(lock, 20s, [&] { return got.size() >= 50; }));
  }
  ASSERT_EQ(broker->Terminate(), 0);
  broker = std::make_unique<BrokerProcess>(dir / "data", submit, ports);
  EXPECT_TRUE(StoreGenerals(*broker, "second-", 100));
  following.join();
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(got, Dense(150));
}

// `xinbao replay --follow --format json`: lines for the stored reports,
// then the live ones; Ctrl-C ends it with 0.
TEST(Replay, CliFollowPrintsStoredThenLiveReportsAndStopsOnCtrlC) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  ASSERT_EQ(SubmitAll(broker, {testing::GeneralReport("cli-1")}).size(), 1u);
  testing::Spawned follow = testing::Spawn(
      CliAs(broker, kAnalyst,
            {"--query-endpoint", broker.query_endpoint(), "replay",
             "--follow", "--format", "json", "--feed-endpoint",
             broker.feed_endpoint()}),
      /*capture_stderr=*/false);
  // Reads whole lines from the child until `count` have come.
  std::string output;
  const auto lines_by = [&](std::size_t count, std::chrono::seconds timeout) {
    const auto give_up = std::chrono::steady_clock::now() + timeout;
    while (static_cast<std::size_t>(
               std::count(output.begin(), output.end(), '\n')) < count &&
           std::chrono::steady_clock::now() < give_up) {
      pollfd ready{follow.output_fd, POLLIN, 0};
      if (::poll(&ready, 1, 100) <= 0) continue;
      char buffer[4096];
      const ssize_t n = ::read(follow.output_fd, buffer, sizeof buffer);
      if (n <= 0) break;
      output.append(buffer, static_cast<std::size_t>(n));
    }
    return static_cast<std::size_t>(
        std::count(output.begin(), output.end(), '\n'));
  };
  ASSERT_EQ(lines_by(1, 10s), 1u) << output;
  v1::Report later = testing::GeneralReport("cli-2", "donghu");
  later.set_title("东湖街道完成老旧小区改造");
  ASSERT_EQ(SubmitAll(broker, {later}).size(), 1u);
  EXPECT_EQ(lines_by(2, 10s), 2u) << output;
  ::kill(follow.pid, SIGINT);
  int status = 0;
  ::waitpid(follow.pid, &status, 0);
  ::close(follow.output_fd);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_NE(output.find("\"sequence\":\"1\""), std::string::npos) << output;
  EXPECT_NE(output.find("\"sequence\":\"2\""), std::string::npos) << output;
  EXPECT_NE(output.find("东湖街道完成老旧小区改造"), std::string::npos)
      << output;
}

}  // namespace
}  // namespace xinbao
