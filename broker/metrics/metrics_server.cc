#include "broker/metrics/metrics_server.h"

#include <httplib.h>

#include <chrono>

#include "broker/metrics/broker_metrics.h"
#include "broker/metrics/exposition.h"
#include "broker/query/broker_reading.h"
#include "broker/query/whoami_answer.h"

namespace xinbao::broker {
namespace {

constexpr char kPlainText[] = "text/plain; charset=utf-8";

// The problems in one line: "；" between them.
std::string OneLine(const std::vector<std::string>& problems) {
  std::string line;
  for (const std::string& problem : problems) {
    if (!line.empty()) line += "；";
    line += problem;
  }
  return line;
}

}  // namespace

MetricsServer::MetricsServer(const Vitals& vitals,
                             const storage::ReportStore& store,
                             const BrokerConfig& config, Clock clock,
                             const UpstreamLink* upstream)
    : vitals_(vitals),
      store_(store),
      config_(config),
      clock_(std::move(clock)),
      upstream_(upstream),
      server_(std::make_unique<httplib::Server>()) {
  // A scrape at a time is the usual load; two threads leave room for a
  // health check beside it.
  server_->new_task_queue = [] { return new httplib::ThreadPool(2); };
  server_->set_payload_max_length(4096);  // GET only: nothing to read
  server_->set_read_timeout(5, 0);
  server_->set_write_timeout(5, 0);
  server_->Get("/metrics", [this](const httplib::Request&,
                                  httplib::Response& response) {
    const BrokerReading reading = ReadBroker(vitals_, store_, config_, clock_());
    std::optional<v1::UpstreamLink> upstream;
    if (upstream_ != nullptr) upstream = upstream_->Reading(clock_());
    response.set_content(
        BrokerMetrics(reading, store_.Pressure(), store_.Memory(),
                      BrokerVersion(), upstream),
        kExpositionContentType);
  });
  server_->Get("/healthz", [this](const httplib::Request&,
                                  httplib::Response& response) {
    const BrokerReading reading = ReadBroker(vitals_, store_, config_, clock_());
    response.status = reading.healthy() ? 200 : 503;
    response.set_content(
        (reading.healthy() ? std::string("正常") : OneLine(reading.problems)) +
            "\n",
        kPlainText);
  });
  server_->set_exception_handler([](const httplib::Request&,
                                    httplib::Response& response,
                                    std::exception_ptr) {
    response.status = 500;
    response.set_content("服务内部错误\n", kPlainText);
  });
}

MetricsServer::~MetricsServer() { Stop(); }

Status MetricsServer::Bind(const HostPort& address) {
  const int port = address.port == 0
                       ? server_->bind_to_any_port(address.host)
                       : (server_->bind_to_port(address.host, address.port)
                              ? address.port
                              : -1);
  const std::string host = address.host.find(':') != std::string::npos
                                ? "[" + address.host + "]"
                                : address.host;
  if (port <= 0) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "无法在 " + host + ":" + std::to_string(address.port) +
                      " 上提供指标（端口被占用或地址不属于本机？）",
                  "metrics.listen");
  }
  url_ = "http://" + host + ":" + std::to_string(port);
  return Status::Ok();
}

void MetricsServer::Serve() {
  thread_ = std::thread([server = server_.get()] { server->listen_after_bind(); });
}

void MetricsServer::Stop() {
  if (!thread_.joinable()) return;
  // httplib's stop() does nothing before the serving thread has begun to
  // listen, which would then never end: wait for that first.
  while (!server_->is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  server_->stop();
  thread_.join();
}

}  // namespace xinbao::broker
