#include "clients/web/event_stream.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <memory>
#include <thread>
#include <vector>

namespace xinbao::web {
namespace {

// The centre's relay publishes under its own lock and attaches pages under
// it too (so a page's first board and the batches after it fit together).
// Found by the web benchmark: Serve used to hold the stream's lock while
// asking for the board, the relay the other way round — a page attaching
// while reports flowed froze the centre for good.
TEST(EventStreamTest, PagesAttachWhileAPublisherHoldsItsOwnLock) {
  EventStream stream(/*queue_limit=*/1 << 20);
  std::mutex relay;
  std::atomic<bool> stop{false};
  std::thread publisher([&] {
    while (!stop) {
      std::lock_guard lock(relay);
      stream.Publish("batch", "{}");
    }
  });
  std::vector<std::unique_ptr<httplib::Response>> pages;  // open pages
  for (int i = 0; i < 200; ++i) {
    httplib::Response& response = *pages.emplace_back(std::make_unique<httplib::Response>());
    stream.Serve(response, {}, [&](const EventStream::Attach& attach) {
      std::lock_guard lock(relay);
      attach({{"board", "{}"}});
    });
  }
  stop = true;
  publisher.join();
  EXPECT_EQ(stream.attached(), 200u);
}

TEST(EventStreamTest, APageThatFallsBehindIsCutOffAndCounted) {
  EventStream stream(/*queue_limit=*/3);
  httplib::Response response;
  stream.Serve(response, {}, {});
  ASSERT_EQ(stream.attached(), 1u);
  for (int i = 0; i < 4; ++i) stream.Publish("batch", "{}");
  EXPECT_EQ(stream.attached(), 0u);
  EXPECT_EQ(stream.dropped(), 1u);
}

}  // namespace
}  // namespace xinbao::web
