// A light dashboard client for web_bench: signs in to `xinbao centre` as a
// person (POST /api/session, JSON, as the sign-in page does) and reads the
// live stream /api/stream with cpp-httplib's client on a thread of its
// own, counting the bench's reports in every "batch" event and, for one
// report in kSampleEvery, the time from its submit to here. A stream the
// server ends while the reader runs is a cut (the EventStream drops a page
// whose queue overflows): the reader counts it and reconnects, as a
// browser's EventSource does.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench/submit_load.h"

namespace httplib {
class Client;
}

namespace xinbao::bench {

// Signs in `login` at http://127.0.0.1:`port`; the session cookie as
// "name=value", or nullopt with *error saying why.
std::optional<std::string> SignInToWebFace(int port, const std::string& login,
                                           const std::string& password,
                                           std::string* error);

// Whether a new stream at http://127.0.0.1:`port` answers (its first
// event arrives) within `timeout`: a centre that stopped serving does not.
bool StreamOpens(int port, const std::string& cookie,
                 std::chrono::milliseconds timeout);

struct StreamTally {
  int64_t reports = 0;  // bench reports seen in "batch" events
  int64_t batches = 0;  // "batch" events
  int64_t boards = 0;   // "board" events: 1 + one per reconnect
  int64_t cuts = 0;     // streams the server ended after they opened
  int64_t failed_connects = 0;  // attempts that never got their board
  int64_t bytes = 0;    // stream bytes read
  std::vector<double> latencies_ms;  // submit to here, sampled
};

// Counts the bench reports (titles ending "#<client>-<n>") in the
// "reports" of one "batch" event's JSON; for each, `each(client, n)`.
template <typename Each>
int64_t ForEachBenchReport(std::string_view json, Each each);

class SseReader {
 public:
  static constexpr int kSampleEvery = 4;

  // `sent`: the submit times the latencies are taken from (may be null).
  SseReader(int port, std::string cookie, const SentTimes* sent);
  ~SseReader();
  SseReader(const SseReader&) = delete;
  SseReader& operator=(const SseReader&) = delete;

  // Whether the first "board" arrived (the page is attached).
  bool attached() const { return attached_.load(); }
  int64_t reports() const { return reports_.load(); }
  // Stops reading (closes the connection) and joins the thread.
  void Stop();
  // After Stop().
  const StreamTally& tally() const { return tally_; }

 private:
  void Run();
  // Takes the complete events out of buffer_.
  void Consume();

  const int port_;
  const std::string cookie_;
  const SentTimes* sent_;
  std::unique_ptr<httplib::Client> client_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> attached_{false};
  std::atomic<int64_t> reports_{0};
  std::string buffer_;
  std::size_t scanned_ = 0;  // buffer_ holds no event end before this
  std::size_t sampled_ = 0;
  bool opened_ = false;  // the current stream's board arrived
  StreamTally tally_;
  std::thread thread_;
};

// --- implementation of the template ---

template <typename Each>
int64_t ForEachBenchReport(std::string_view json, Each each) {
  // BoardBatch's JSON (protobuf's mapping, field order, empty lists
  // printed): "reports" first, then "events"… An event's own reports carry
  // titles too: count only up to "events".
  const std::size_t limit = std::min(json.size(), json.find("\"events\":["));
  constexpr std::string_view kTitle = "\"title\":\"";
  int64_t count = 0;
  std::size_t at = 0;
  while ((at = json.find(kTitle, at)) < limit) {
    at += kTitle.size();
    const std::size_t end = json.find('"', at);
    if (end == std::string_view::npos) break;
    int client = 0;
    int64_t n = 0;
    if (TitleTag(json.substr(at, end - at), &client, &n)) {
      ++count;
      each(client, n);
    }
    at = end + 1;
  }
  return count;
}

}  // namespace xinbao::bench
