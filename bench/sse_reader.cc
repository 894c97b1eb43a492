#include "bench/sse_reader.h"

#include <httplib.h>

namespace xinbao::bench {

std::optional<std::string> SignInToWebFace(int port, const std::string& login,
                                           const std::string& password,
                                           std::string* error) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(60, 0);
  // Logins and passwords of the demo are plain letters and digits.
  const std::string body =
      "{\"name\":\"" + login + "\",\"password\":\"" + password + "\"}";
  httplib::Result result = client.Post("/api/session", body, "application/json");
  if (!result) {
    *error = "sign-in: " + httplib::to_string(result.error());
    return std::nullopt;
  }
  if (result->status != 200) {
    *error = "sign-in: HTTP " + std::to_string(result->status) + " " + result->body;
    return std::nullopt;
  }
  std::string cookie = result->get_header_value("Set-Cookie");
  cookie = cookie.substr(0, cookie.find(';'));
  if (cookie.find('=') == std::string::npos) {
    *error = "sign-in: no session cookie";
    return std::nullopt;
  }
  return cookie;
}

bool StreamOpens(int port, const std::string& cookie,
                 std::chrono::milliseconds timeout) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  bool got = false;
  (void)client.Get("/api/stream",
                   {{"Cookie", cookie}, {"Accept-Encoding", "identity"}},
                   [&](const char*, std::size_t) {
                     got = true;
                     return false;  // enough: it answers
                   });
  return got;
}

SseReader::SseReader(int port, std::string cookie, const SentTimes* sent)
    : port_(port), cookie_(std::move(cookie)), sent_(sent) {
  client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
  // The stream sends a heartbeat every 10 s when quiet.
  client_->set_read_timeout(60, 0);
  thread_ = std::thread([this] { Run(); });
}

SseReader::~SseReader() { Stop(); }

void SseReader::Stop() {
  stop_ = true;
  client_->stop();  // shuts the socket a Get is blocked on
  if (thread_.joinable()) thread_.join();
}

void SseReader::Run() {
  // The library would ask for gzip and brotli by default; the stream is
  // never compressed ("text/event-stream"), so ask for nothing.
  const httplib::Headers headers = {{"Cookie", cookie_},
                                    {"Accept", "text/event-stream"},
                                    {"Accept-Encoding", "identity"}};
  while (!stop_) {
    buffer_.clear();
    scanned_ = 0;
    httplib::Result result = client_->Get(
        "/api/stream", headers, [this](const char* data, std::size_t size) {
          tally_.bytes += static_cast<int64_t>(size);
          buffer_.append(data, size);
          Consume();
          return !stop_.load();
        });
    if (stop_) break;
    // The server ended a stream that had opened: a cut; reconnect (as an
    // EventSource does). One that never opened: try again shortly.
    if (opened_) {
      ++tally_.cuts;
    } else {
      ++tally_.failed_connects;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    opened_ = false;
  }
}

void SseReader::Consume() {
  std::size_t begin = 0;
  while (true) {
    // An event spans many reads: look for its end only in what is new.
    const std::size_t end = buffer_.find("\n\n", std::max(begin, scanned_));
    if (end == std::string::npos) {
      scanned_ = buffer_.size() > 0 ? buffer_.size() - 1 : 0;
      break;
    }
    const std::string_view block(buffer_.data() + begin, end - begin);
    begin = end + 2;
    std::string_view event;
    std::string_view data;  // one data line: the JSON is compact
    std::size_t line = 0;
    while (line < block.size()) {
      std::size_t stop = block.find('\n', line);
      if (stop == std::string_view::npos) stop = block.size();
      const std::string_view text = block.substr(line, stop - line);
      if (text.starts_with("event: ")) event = text.substr(7);
      if (text.starts_with("data: ")) data = text.substr(6);
      line = stop + 1;
    }
    if (event == "board") {
      ++tally_.boards;
      opened_ = true;
      attached_ = true;
    } else if (event == "batch") {
      ++tally_.batches;
      const int64_t now = Nanos(Clock::now());
      tally_.reports += ForEachBenchReport(data, [&](int client, int64_t n) {
        if (sent_ == nullptr || sampled_++ % kSampleEvery != 0) return;
        if (client < 0 || static_cast<std::size_t>(client) >= sent_->size()) return;
        const int64_t sent = (*sent_)[client][n].load(std::memory_order_relaxed);
        if (sent != 0) tally_.latencies_ms.push_back((now - sent) / 1e6);
      });
      reports_ = tally_.reports;
    }
  }
  buffer_.erase(0, begin);
  scanned_ = scanned_ > begin ? scanned_ - begin : 0;
}

}  // namespace xinbao::bench
