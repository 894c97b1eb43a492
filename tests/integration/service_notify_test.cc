// The broker under systemd (Type=notify, broker/service_notify.h), seen
// from systemd's side: the test is the service manager, a unix datagram
// socket named in NOTIFY_SOCKET, and WATCHDOG_USEC asks for a watchdog.
// The real process tells it READY=1 once it serves, feeds the watchdog
// while its committer turns (and stops when the committer thread is frozen
// with ptrace), RELOADING=1 / READY=1 around SIGHUP, STOPPING=1 on SIGTERM.
#include <gtest/gtest.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/integration/broker_process.h"
#include "tests/integration/test_keys.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

namespace fs = std::filesystem;
using testing::BrokerProcess;
using testing::GeneralReport;
using testing::SpawnSetup;
using testing::TempDir;
using testing::UnitSubmitters;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// systemd's end of sd_notify: a bound unix datagram socket.
class NotifySocket {
 public:
  explicit NotifySocket(const fs::path& path) : path_(path) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path.c_str(), sizeof(address.sun_path) - 1);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address),
                          sizeof(address)) != 0) {
      throw std::runtime_error("cannot bind " + path.string());
    }
  }
  ~NotifySocket() { ::close(fd_); }
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  std::string environment() const { return "NOTIFY_SOCKET=" + path_.string(); }

  // The next datagram, or nullopt when none came within `timeout`.
  std::optional<std::string> Next(std::chrono::milliseconds timeout) {
    timeval wait{static_cast<time_t>(timeout.count() / 1000),
                 static_cast<suseconds_t>(timeout.count() % 1000) * 1000};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait));
    char buffer[4096];
    const ssize_t got = ::recv(fd_, buffer, sizeof(buffer), 0);
    if (got < 0) return std::nullopt;
    return std::string(buffer, static_cast<size_t>(got));
  }

  // Reads datagrams until one holds `part`; nullopt if none did within
  // `limit` (whatever came meanwhile is consumed).
  std::optional<std::string> WaitFor(
      const std::string& part,
      std::chrono::seconds limit = std::chrono::seconds(20)) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
      std::optional<std::string> message = Next(std::chrono::milliseconds(500));
      if (message && Has(*message, part)) return message;
    }
    return std::nullopt;
  }

 private:
  fs::path path_;
  int fd_ = -1;
};

// The broker's thread named `name` (pthread_setname_np), by /proc.
pid_t ThreadOf(pid_t pid, const std::string& name) {
  const fs::path tasks = fs::path("/proc") / std::to_string(pid) / "task";
  for (const auto& task : fs::directory_iterator(tasks)) {
    std::ifstream comm(task.path() / "comm");
    std::string line;
    std::getline(comm, line);
    if (line == name) return std::stoi(task.path().filename().string());
  }
  return -1;
}

// One thread of another process stopped (ptrace: only that thread, the
// others run on), as a thread hung in a write would be; let go when this
// ends.
// Throws std::runtime_error when ptrace is not allowed here.
class FrozenThread {
 public:
  explicit FrozenThread(pid_t tid) : tid_(tid) {
    if (::ptrace(PTRACE_SEIZE, tid_, nullptr, nullptr) != 0) {
      throw std::runtime_error(std::string("ptrace: ") + std::strerror(errno));
    }
    ::ptrace(PTRACE_INTERRUPT, tid_, nullptr, nullptr);
    int status = 0;
    ::waitpid(tid_, &status, __WALL);
  }
  ~FrozenThread() { ::ptrace(PTRACE_DETACH, tid_, nullptr, nullptr); }
  FrozenThread(const FrozenThread&) = delete;
  FrozenThread& operator=(const FrozenThread&) = delete;

 private:
  pid_t tid_;
};

// Plays systemd for one broker: the broker on its embedded defaults (CURVE,
// demo keys) in a temporary folder, NOTIFY_SOCKET naming `systemd_`.
class ServiceNotify : public ::testing::Test {
 protected:
  // Starts the broker; `watchdog_usec` (when not empty) asks for the
  // watchdog. The first thing it must say is READY=1 with its status line.
  void Start(const std::string& watchdog_usec) {
    std::vector<std::string> environment = {systemd_.environment()};
    if (!watchdog_usec.empty()) {
      environment.push_back("WATCHDOG_USEC=" + watchdog_usec);
    }
    broker_ = std::make_unique<BrokerProcess>(
        dir_ / "data", "tcp://127.0.0.1:*", std::vector<std::string>{},
        std::chrono::seconds(20),
        SpawnSetup{.environment = std::move(environment), .stderr_file = {}});
    std::optional<std::string> first = systemd_.Next(std::chrono::seconds(10));
    ASSERT_TRUE(first.has_value());
    EXPECT_TRUE(Has(*first, "READY=1")) << *first;
    EXPECT_TRUE(Has(*first, "STATUS=服务中")) << *first;
  }

  TempDir dir_;
  NotifySocket systemd_{dir_ / "notify"};
  std::unique_ptr<BrokerProcess> broker_;
};

TEST_F(ServiceNotify,
       ReadyOnceServingThenWatchdogWhileTheCommitterTurnsAndStopping) {
  ASSERT_NO_FATAL_FAILURE(Start("400000"));
  BrokerProcess& broker = *broker_;
  NotifySocket& systemd = systemd_;
  // Ready means serving: a report is stored and acknowledged.
  UnitSubmitters units(broker);
  const std::optional<v1::Reply> reply =
      units.Submit(GeneralReport("notify-1"));
  ASSERT_TRUE(reply && reply->has_ack());

  // Pings at half of WATCHDOG_USEC, each with the status line.
  for (int ping = 0; ping < 3; ++ping) {
    std::optional<std::string> beat = systemd.WaitFor("WATCHDOG=1");
    ASSERT_TRUE(beat.has_value()) << "ping " << ping;
    EXPECT_TRUE(Has(*beat, "STATUS=服务中")) << *beat;
  }
  EXPECT_TRUE(systemd.WaitFor("本次启动以来存入 1 份报告").has_value());

  // SIGHUP: RELOADING=1, the registry read again, READY=1.
  ::kill(broker.pid(), SIGHUP);
  ASSERT_TRUE(systemd.WaitFor("RELOADING=1").has_value());
  ASSERT_TRUE(systemd.WaitFor("READY=1").has_value());

  // SIGTERM: STOPPING=1 before it drains and exits cleanly.
  EXPECT_EQ(broker.Terminate(), 0);
  std::optional<std::string> stopping = systemd.WaitFor("STOPPING=1");
  ASSERT_TRUE(stopping.has_value());
}

TEST_F(ServiceNotify, AFrozenCommitterStopsTheWatchdogPingsUntilItTurnsAgain) {
  ASSERT_NO_FATAL_FAILURE(Start("400000"));
  BrokerProcess& broker = *broker_;
  NotifySocket& systemd = systemd_;
  ASSERT_TRUE(systemd.WaitFor("WATCHDOG=1").has_value());
  const pid_t committer = ThreadOf(broker.pid(), "xb-committer");
  ASSERT_GT(committer, 0);

  {
    std::optional<FrozenThread> frozen;
    try {
      frozen.emplace(committer);
    } catch (const std::runtime_error& error) {
      GTEST_SKIP() << "cannot freeze the committer thread here: "
                   << error.what();
    }
    // The beats go on (the main thread is not frozen) but say the write
    // path stands still, and carry no WATCHDOG=1: systemd would kill and
    // restart the broker.
    std::optional<std::string> still = systemd.WaitFor("写入线程已");
    ASSERT_TRUE(still.has_value());
    EXPECT_FALSE(Has(*still, "WATCHDOG=1")) << *still;
    for (int beat = 0; beat < 3; ++beat) {
      std::optional<std::string> next = systemd.Next(std::chrono::seconds(5));
      ASSERT_TRUE(next.has_value());
      EXPECT_FALSE(Has(*next, "WATCHDOG=1")) << *next;
    }
  }
  // Let go, the committer turns, and the pings come back.
  ASSERT_TRUE(systemd.WaitFor("WATCHDOG=1").has_value());
  EXPECT_EQ(broker.Terminate(), 0);
}

TEST_F(ServiceNotify, WithoutAWatchdogOnlyReadinessAndStatusAreSent) {
  ASSERT_NO_FATAL_FAILURE(Start(""));
  NotifySocket& systemd = systemd_;
  EXPECT_EQ(broker_->Terminate(), 0);
  for (;;) {
    std::optional<std::string> next = systemd.Next(std::chrono::seconds(10));
    ASSERT_TRUE(next.has_value());
    EXPECT_FALSE(Has(*next, "WATCHDOG=1")) << *next;
    if (Has(*next, "STOPPING=1")) break;
  }
}

}  // namespace
}  // namespace xinbao
