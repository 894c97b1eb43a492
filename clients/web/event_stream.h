// EventStream: Server-Sent Events from a web program to its open pages.
//
// Publish() hands one event (a name and a JSON payload) to every page
// attached; each page has its own bounded queue, so a slow page never
// holds up the others or the program: a page whose queue overflows is cut
// off (its EventSource reconnects and starts again from a fresh snapshot,
// the rule `xinbao watch` follows). Every event carries an increasing id.
// A comment line is sent every `heartbeat` so proxies keep the connection
// and a dead page is noticed; `still_allowed` is asked then too (a session
// that expired ends the stream).
//
// Threads: Publish from any thread; Serve is called from an HTTP handler
// and streams on that server thread until the page goes or Close().
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>

namespace xinbao::web {

class EventStream {
 public:
  explicit EventStream(std::size_t queue_limit = 1024,
                       std::chrono::milliseconds heartbeat = std::chrono::seconds(10));
  ~EventStream();

  void Publish(const std::string& event, const std::string& json);

  // Answers `response` as an event stream. A page attaches through
  // `opening` (may be empty): it is called once, without any lock of the
  // stream's, and must call the `attach` it is given exactly once with the
  // events to send first (a snapshot). Whatever lock makes that snapshot
  // consistent with later Publish calls may be held while calling attach:
  // attach takes the stream's lock, and Publish callers take theirs first
  // too, so the order is always theirs → the stream's (no deadlock).
  using Events = std::vector<std::pair<std::string, std::string>>;
  using Attach = std::function<void(const Events&)>;
  using Opening = std::function<void(const Attach& attach)>;
  void Serve(httplib::Response& response, std::function<bool()> still_allowed,
             const Opening& opening = {});

  // Ends every stream (on shutdown).
  void Close();
  std::size_t attached();
  // How many pages were cut off for falling behind.
  std::uint64_t dropped();

 private:
  struct Page;
  const std::size_t queue_limit_;
  const std::chrono::milliseconds heartbeat_;
  std::mutex mutex_;
  std::list<std::shared_ptr<Page>> pages_;
  std::uint64_t next_id_ = 1;
  std::uint64_t dropped_ = 0;
  bool closed_ = false;
};

}  // namespace xinbao::web
