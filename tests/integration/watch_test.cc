// `xinbao watch`, the duty officer's monitor, against the real broker
// process: one screen from a snapshot, and the JSON stream that starts
// from the snapshot and follows the live feed. The broker runs CURVE: the
// monitor watches as county-office, each unit submits with its own key.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <thread>
#include <vector>
#include <zmq.hpp>
#include <optional>
#include <string>

#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using testing::BrokerProcess;
using testing::CliAs;
using testing::PeerAs;
using testing::TempDir;
using testing::WirePeer;

// The duty officer who runs `xinbao watch`.
constexpr char kMonitor[] = "county-office";

void AckOrFail(WirePeer& peer, const v1::Report& report) {
  peer.SendSubmit(report);
  std::optional<v1::Reply> reply = peer.Receive();
  ASSERT_TRUE(reply && reply->has_ack())
      << (reply ? reply->ShortDebugString() : "no reply");
}

// Reads lines from a child's stdout, each within a deadline.
class LineReader {
 public:
  explicit LineReader(int fd) : fd_(fd) {}

  std::optional<std::string> Next(std::chrono::milliseconds timeout) {
    const auto give_up = std::chrono::steady_clock::now() + timeout;
    while (true) {
      if (auto end = buffer_.find('\n'); end != std::string::npos) {
        std::string line = buffer_.substr(0, end);
        buffer_.erase(0, end + 1);
        return line;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          give_up - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd item{fd_, POLLIN, 0};
      if (::poll(&item, 1, static_cast<int>(left.count())) <= 0) {
        return std::nullopt;
      }
      char chunk[4096];
      const ssize_t got = ::read(fd_, chunk, sizeof chunk);
      if (got <= 0) return std::nullopt;
      buffer_.append(chunk, static_cast<std::size_t>(got));
    }
  }

  // The first line containing `text`, skipping others.
  std::optional<std::string> Find(const std::string& text,
                                  std::chrono::milliseconds timeout) {
    const auto give_up = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < give_up) {
      std::optional<std::string> line =
          Next(std::chrono::duration_cast<std::chrono::milliseconds>(
              give_up - std::chrono::steady_clock::now()));
      if (!line) return std::nullopt;
      if (line->find(text) != std::string::npos) return line;
    }
    return std::nullopt;
  }

 private:
  int fd_;
  std::string buffer_;
};

TEST(Watch, OnceShowsTheAlarmsAndTheEventOfTheRealBroker) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  std::unique_ptr<WirePeer> hekou = PeerAs(broker, broker.endpoint(), "hekou");
  v1::Report late = testing::UrgentShiReport("watch-shi", "evt-watch");
  late.set_occurred_at_ms(testing::NowMs() - 5 * 60 * 60'000);  // 事 late
  AckOrFail(*hekou, late);

  const testing::CommandResult screen = testing::RunCommand(
      CliAs(broker, kMonitor,
            {"--query-endpoint", broker.query_endpoint(), "watch",
             "--feed-endpoint", broker.feed_endpoint(), "--once"}));
  ASSERT_EQ(screen.exit_code, 0) << screen.output;
  EXPECT_NE(screen.output.find("超时未报"), std::string::npos) << screen.output;
  EXPECT_NE(screen.output.find("河口镇"), std::string::npos) << screen.output;
  EXPECT_NE(screen.output.find("三车相撞"), std::string::npos) << screen.output;
}

TEST(Watch, JsonStartsFromTheSnapshotAndFollowsTheFeed) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  std::unique_ptr<WirePeer> chengguan =
      PeerAs(broker, broker.endpoint(), "chengguan");
  AckOrFail(*chengguan, testing::GeneralReport("watch-before"));

  testing::Spawned watch = testing::Spawn(
      CliAs(broker, kMonitor,
            {"--json", "--query-endpoint", broker.query_endpoint(), "watch",
             "--feed-endpoint", broker.feed_endpoint()}),
      /*capture_stderr=*/false);
  LineReader lines(watch.output_fd);
  std::optional<std::string> snapshot =
      lines.Find("\"snapshot\"", std::chrono::seconds(10));
  ASSERT_TRUE(snapshot.has_value());
  EXPECT_NE(snapshot->find("城关镇开展冬季消防安全大检查"), std::string::npos)
      << *snapshot;  // the report stored before the monitor started

  v1::Report after = testing::GeneralReport("watch-after", "donghu");
  after.set_title("东湖街道完成老旧小区改造");
  AckOrFail(*PeerAs(broker, broker.endpoint(), "donghu"), after);
  EXPECT_TRUE(lines.Find("东湖街道完成老旧小区改造", std::chrono::seconds(10)))
      << "the report submitted after the snapshot never showed";

  ::kill(watch.pid, SIGTERM);
  int status = 0;
  ::waitpid(watch.pid, &status, 0);
  ::close(watch.output_fd);
}

// A monitor started on an empty broker names the units of reports that
// come later (河口镇, not hekou), as one started after them does: the
// snapshot carries every unit's name, feed items only ids.
TEST(Watch, NamesUnitsThatFirstAppearAfterTheSnapshot) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  // Output to a pipe: the screen comes as plain lines, frame after frame.
  testing::Spawned watch = testing::Spawn(
      CliAs(broker, kMonitor,
            {"--query-endpoint", broker.query_endpoint(), "watch",
             "--feed-endpoint", broker.feed_endpoint()}),
      /*capture_stderr=*/false);
  LineReader lines(watch.output_fd);
  ASSERT_TRUE(lines.Find("已连接", std::chrono::seconds(10)))
      << "no snapshot taken";

  v1::Report later = testing::GeneralReport("watch-named", "hekou");
  later.set_title("汛前安全检查部署会");
  AckOrFail(*PeerAs(broker, broker.endpoint(), "hekou"), later);
  std::optional<std::string> row =
      lines.Find("汛前安全检查部署会", std::chrono::seconds(10));
  ASSERT_TRUE(row.has_value()) << "the report never showed";
  EXPECT_NE(row->find("河口镇"), std::string::npos) << *row;
  EXPECT_EQ(row->find("hekou"), std::string::npos) << *row;

  ::kill(watch.pid, SIGTERM);
  int status = 0;
  ::waitpid(watch.pid, &status, 0);
  ::close(watch.output_fd);
}

// A TCP port on 127.0.0.1 that was free a moment ago (for a broker that
// must come back on the same endpoints).
int FreePort() {
  zmq::context_t context(1);
  zmq::socket_t probe(context, zmq::socket_type::rep);
  probe.bind("tcp://127.0.0.1:*");
  const std::string endpoint = probe.get(zmq::sockopt::last_endpoint);
  return std::stoi(endpoint.substr(endpoint.rfind(':') + 1));
}

TEST(Watch, SurvivesTheBrokerRestartingAndResyncs) {
  TempDir dir;
  const std::string submit = "tcp://127.0.0.1:" + std::to_string(FreePort());
  const std::string query = "tcp://127.0.0.1:" + std::to_string(FreePort());
  const std::string feed = "tcp://127.0.0.1:" + std::to_string(FreePort());
  const std::vector<std::string> ports = {"--query-endpoint", query,
                                          "--feed-endpoint", feed};
  auto broker = std::make_unique<BrokerProcess>(dir / "data", submit, ports);

  // The restarted broker keeps the keys in its data directory, so the
  // monitor's keys (read now) stay good across the restart.
  testing::Spawned watch = testing::Spawn(
      CliAs(*broker, kMonitor,
            {"--json", "--query-endpoint", query, "watch", "--feed-endpoint",
             feed}),
      /*capture_stderr=*/false);
  LineReader lines(watch.output_fd);
  ASSERT_TRUE(lines.Find("\"snapshot\"", std::chrono::seconds(10)));

  ASSERT_EQ(broker->Terminate(), 0);
  broker.reset();
  // Down for longer than the monitor's 3 s of patience.
  std::this_thread::sleep_for(std::chrono::seconds(4));
  broker = std::make_unique<BrokerProcess>(dir / "data", submit, ports);

  // Back: a fresh snapshot, then what is submitted now.
  EXPECT_TRUE(lines.Find("\"snapshot\"", std::chrono::seconds(15)))
      << "no resync after the restart";
  v1::Report after = testing::GeneralReport("watch-restart", "qingshan");
  after.set_title("青山乡恢复供电");
  AckOrFail(*PeerAs(*broker, broker->endpoint(), "qingshan"), after);
  EXPECT_TRUE(lines.Find("青山乡恢复供电", std::chrono::seconds(10)));

  ::kill(watch.pid, SIGTERM);
  int status = 0;
  ::waitpid(watch.pid, &status, 0);
  ::close(watch.output_fd);
}

}  // namespace
}  // namespace xinbao
