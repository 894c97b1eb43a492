#include "bench/nats_peer.h"

#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#ifdef XINBAO_WITH_NATS
#include <nats/nats.h>
#endif

#include "tests/support/temp_dir.h"

extern char** environ;

namespace xinbao::bench {

#ifndef XINBAO_WITH_NATS

bool NatsAvailable() { return false; }
NatsRun RunNatsJetStream(const LoadOptions&) {
  return {0, 0, 0, "built without libnats-dev"};
}

#else

namespace {

// A free loopback TCP port (bound and released: a tiny race, fine here).
int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

std::string ServerBinary() {
  for (const char* dir : {"/usr/bin", "/usr/sbin", "/usr/local/bin"}) {
    const std::string path = std::string(dir) + "/nats-server";
    if (::access(path.c_str(), X_OK) == 0) return path;
  }
  return "";
}

// The nats-server process of one run, stopped (SIGTERM) at the end.
class NatsServer {
 public:
  explicit NatsServer(const std::filesystem::path& store) : port_(FreePort()) {
    const std::string binary = ServerBinary();
    const std::string port = std::to_string(port_);
    const std::string dir = store.string();
    // Its log goes to a file in its store, not into the bench's table.
    std::error_code error;
    std::filesystem::create_directories(store, error);
    const std::string log = (store / "nats-server.log").string();
    std::vector<const char*> argv = {binary.c_str(), "-a",  "127.0.0.1",  "-p",
                                     port.c_str(),   "-js", "-sd",        dir.c_str(),
                                     "-l",           log.c_str(), nullptr};
    if (::posix_spawn(&pid_, binary.c_str(), nullptr, nullptr,
                      const_cast<char* const*>(argv.data()), environ) != 0) {
      pid_ = 0;
    }
  }
  ~NatsServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }
  bool started() const { return pid_ > 0; }
  std::string url() const { return "nats://127.0.0.1:" + std::to_string(port_); }

 private:
  int port_;
  pid_t pid_ = 0;
};

struct Publisher {
  std::atomic<int64_t> acked{0};
  std::atomic<int64_t> failed{0};
  std::chrono::steady_clock::time_point stop;
};

void OnAck(jsCtx*, natsMsg* msg, jsPubAck* ack, jsPubAckErr* error, void* closure) {
  auto* publisher = static_cast<Publisher*>(closure);
  if (ack != nullptr && std::chrono::steady_clock::now() <= publisher->stop) {
    publisher->acked.fetch_add(1, std::memory_order_relaxed);
  } else if (error != nullptr) {
    publisher->failed.fetch_add(1, std::memory_order_relaxed);
  }
  natsMsg_Destroy(msg);
}

// Connects (retrying while the server starts, at most 10 s).
natsConnection* Connect(const std::string& url) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    natsConnection* connection = nullptr;
    if (natsConnection_ConnectTo(&connection, url.c_str()) == NATS_OK) return connection;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return nullptr;
}

}  // namespace

bool NatsAvailable() { return !ServerBinary().empty(); }

NatsRun RunNatsJetStream(const LoadOptions& o) {
  NatsRun run;
  testing::TempDir dir;
  NatsServer server(dir / "nats");
  if (!server.started()) return {0, 0, 0, "nats-server did not start"};
  natsConnection* admin = Connect(server.url());
  if (admin == nullptr) return {0, 0, 0, "nats-server did not answer"};
  jsCtx* admin_js = nullptr;
  natsConnection_JetStream(&admin_js, admin, nullptr);
  jsStreamConfig stream;
  jsStreamConfig_Init(&stream);
  stream.Name = "BENCH";
  const char* subjects[] = {"bench.>"};
  stream.Subjects = subjects;
  stream.SubjectsLen = 1;
  stream.Storage = js_FileStorage;
  stream.Replicas = 1;
  jsErrCode code = static_cast<jsErrCode>(0);
  if (js_AddStream(nullptr, admin_js, &stream, nullptr, &code) != NATS_OK) {
    jsCtx_Destroy(admin_js);
    natsConnection_Destroy(admin);
    return {0, 0, 0, "JetStream stream not made"};
  }
  const std::string payload(o.report_bytes, 'x');
  std::vector<std::unique_ptr<Publisher>> publishers;
  std::vector<std::thread> threads;
  const auto start = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  const auto stop = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                std::chrono::duration<double>(o.seconds));
  for (int c = 0; c < o.clients; ++c) {
    publishers.push_back(std::make_unique<Publisher>());
    Publisher* publisher = publishers.back().get();
    publisher->stop = stop;
    threads.emplace_back([&, publisher, c] {
      natsConnection* connection = Connect(server.url());
      if (connection == nullptr) return;
      jsOptions options;
      jsOptions_Init(&options);
      options.PublishAsync.MaxPending = o.window;
      options.PublishAsync.AckHandler = OnAck;
      options.PublishAsync.AckHandlerClosure = publisher;
      jsCtx* js = nullptr;
      natsConnection_JetStream(&js, connection, &options);
      const std::string subject = "bench." + std::to_string(c);
      std::this_thread::sleep_until(start);
      while (std::chrono::steady_clock::now() < stop) {
        js_PublishAsync(js, subject.c_str(), payload.data(), static_cast<int>(payload.size()),
                        nullptr);
      }
      jsPubOptions wait;
      jsPubOptions_Init(&wait);
      wait.MaxWait = 10000;
      js_PublishAsyncComplete(js, &wait);
      jsCtx_Destroy(js);
      natsConnection_Destroy(connection);
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const auto& publisher : publishers) {
    run.acked += publisher->acked.load();
    run.failed += publisher->failed.load();
  }
  run.rate = run.acked / o.seconds;
  jsCtx_Destroy(admin_js);
  natsConnection_Destroy(admin);
  return run;
}

#endif

}  // namespace xinbao::bench
