// FeedAudience: the subscriptions the live feed's subscribers hold, so that
// the publisher builds only the messages someone will receive.
//
// libzmq filters by prefix; it does not say whether a message it is given
// matches anyone, so without this the publisher would serialize and send
// every item to no one. The XPUB passes every subscription up (it is
// ZMQ_XPUB_VERBOSER): byte 1 then the prefix when one is made, byte 0 then
// the prefix when one is dropped, and one such message for each
// subscription of a subscriber that goes away.
//
// Two kinds of message depend on it (docs/PROTOCOL.md, "The live feed"):
//   items    one message per item, topics r. e. a. d.;
//   bundles  topic "b.": the items of one durable write, several to a
//            message (FeedItems).
// A prefix is counted for what it can match: "" both, "b" and "b." the
// bundles, "r…", "e…", "a…", "d…" the items; heartbeats ("h.") are always
// sent. A prefix that matches nothing the feed sends counts for neither.
//
// Threads: the publisher's thread alone.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace xinbao::broker {

class FeedAudience {
 public:
  // One message read off the XPUB. Returns +1 for a subscription, -1 for
  // one dropped, 0 for anything else (or a drop of one never made).
  int Apply(std::string_view message);

  bool WantsItems() const { return item_holders_ > 0; }
  bool WantsBundles() const { return bundle_holders_ > 0; }

 private:
  std::map<std::string, int64_t, std::less<>> held_;  // prefix -> count
  int64_t item_holders_ = 0;
  int64_t bundle_holders_ = 0;
};

}  // namespace xinbao::broker
