#include "clients/web/event_stream.h"

namespace xinbao::web {

struct EventStream::Page {
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<std::string> queue;  // framed events
  bool cut = false;               // fell behind, or the stream closed
};

namespace {

std::string Frame(std::uint64_t id, const std::string& event,
                  const std::string& json) {
  std::string frame = "id: " + std::to_string(id) + "\nevent: " + event + "\n";
  std::size_t at = 0;
  while (at <= json.size()) {
    std::size_t end = json.find('\n', at);
    if (end == std::string::npos) end = json.size();
    frame += "data: " + json.substr(at, end - at) + "\n";
    at = end + 1;
  }
  return frame + "\n";
}

}  // namespace

EventStream::EventStream(std::size_t queue_limit,
                         std::chrono::milliseconds heartbeat)
    : queue_limit_(queue_limit), heartbeat_(heartbeat) {}

EventStream::~EventStream() { Close(); }

void EventStream::Publish(const std::string& event, const std::string& json) {
  std::lock_guard lock(mutex_);
  std::string frame = Frame(next_id_++, event, json);
  for (auto it = pages_.begin(); it != pages_.end();) {
    std::shared_ptr<Page> page = *it;
    {
      std::lock_guard page_lock(page->mutex);
      if (page->queue.size() >= queue_limit_) {
        page->cut = true;
        ++dropped_;
      } else {
        page->queue.push_back(frame);
      }
    }
    page->wake.notify_one();
    it = page->cut ? pages_.erase(it) : std::next(it);
  }
}

void EventStream::Serve(httplib::Response& response,
                        std::function<bool()> still_allowed,
                        const Opening& opening) {
  auto page = std::make_shared<Page>();
  const Attach attach = [this, &page](const Events& first) {
    std::lock_guard lock(mutex_);
    for (const auto& [event, json] : first) {
      page->queue.push_back(Frame(next_id_++, event, json));
    }
    if (!closed_) {
      pages_.push_back(page);
    } else {
      page->cut = true;
    }
  };
  if (opening) {
    opening(attach);
  } else {
    attach({});
  }
  response.set_header("Cache-Control", "no-store");
  response.set_header("X-Accel-Buffering", "no");
  auto heartbeat = heartbeat_;
  response.set_chunked_content_provider(
      // Exactly this: cpp-httplib compresses every other text/* answer, and
      // a compressed stream would hold events back in the compressor.
      "text/event-stream",
      [page, still_allowed, heartbeat](std::size_t, httplib::DataSink& sink) {
        std::unique_lock lock(page->mutex);
        if (page->queue.empty() && !page->cut) {
          page->wake.wait_for(lock, heartbeat);
        }
        if (!page->queue.empty()) {
          std::string out;
          while (!page->queue.empty()) {
            out += page->queue.front();
            page->queue.pop_front();
          }
          lock.unlock();
          return sink.write(out.data(), out.size());
        }
        if (page->cut) {
          lock.unlock();
          sink.done();
          return true;
        }
        lock.unlock();
        if (still_allowed && !still_allowed()) {
          static const std::string kEnded = "event: ended\ndata: {}\n\n";
          (void)sink.write(kEnded.data(), kEnded.size());
          sink.done();
          return true;
        }
        static const std::string kBeat = ": heartbeat\n\n";
        return sink.write(kBeat.data(), kBeat.size());
      },
      [this, page](bool) {
        std::lock_guard lock(mutex_);
        pages_.remove(page);
      });
}

void EventStream::Close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  for (auto& page : pages_) {
    {
      std::lock_guard page_lock(page->mutex);
      page->cut = true;
    }
    page->wake.notify_one();
  }
  pages_.clear();
}

std::size_t EventStream::attached() {
  std::lock_guard lock(mutex_);
  return pages_.size();
}

std::uint64_t EventStream::dropped() {
  std::lock_guard lock(mutex_);
  return dropped_;
}

}  // namespace xinbao::web
