// FeedAudience: from the subscription messages an XPUB passes up, whether
// anyone can receive single items or bundles — so the publisher builds
// each kind only for someone.
#include "broker/feed/feed_audience.h"

#include <gtest/gtest.h>

#include <string>

namespace xinbao::broker {
namespace {

std::string Subscribe(const std::string& prefix) {
  return std::string(1, '\1') + prefix;
}
std::string Unsubscribe(const std::string& prefix) {
  return std::string(1, '\0') + prefix;
}

TEST(FeedAudience, NobodyWantsAnythingAtFirst) {
  FeedAudience audience;
  EXPECT_FALSE(audience.WantsItems());
  EXPECT_FALSE(audience.WantsBundles());
}

TEST(FeedAudience, EachPrefixCountsForWhatItCanReceive) {
  struct Case {
    std::string prefix;
    bool items, bundles;
  } cases[] = {
      {"", true, true},          {"r.", true, false},
      {"r.urgent.", true, false}, {"e.evt-1.", true, false},
      {"a.", true, false},        {"d.item-1.", true, false},
      {"b.", false, true},        {"b", false, true},
      {"h.", false, false},       {"b.x", false, false},
      {"x.", false, false},
  };
  for (const Case& c : cases) {
    FeedAudience audience;
    EXPECT_EQ(audience.Apply(Subscribe(c.prefix)), 1) << c.prefix;
    EXPECT_EQ(audience.WantsItems(), c.items) << "'" << c.prefix << "'";
    EXPECT_EQ(audience.WantsBundles(), c.bundles) << "'" << c.prefix << "'";
    EXPECT_EQ(audience.Apply(Unsubscribe(c.prefix)), -1) << c.prefix;
    EXPECT_FALSE(audience.WantsItems()) << c.prefix;
    EXPECT_FALSE(audience.WantsBundles()) << c.prefix;
  }
}

TEST(FeedAudience, ASubscriptionHeldTwiceLastsUntilBothAreDropped) {
  FeedAudience audience;
  audience.Apply(Subscribe("b."));
  audience.Apply(Subscribe("b."));  // two monitors
  audience.Apply(Subscribe("h."));
  audience.Apply(Subscribe("r.urgent."));
  EXPECT_TRUE(audience.WantsBundles());
  EXPECT_TRUE(audience.WantsItems());

  audience.Apply(Unsubscribe("r.urgent."));
  EXPECT_FALSE(audience.WantsItems());
  audience.Apply(Unsubscribe("b."));
  EXPECT_TRUE(audience.WantsBundles()) << "one monitor still holds it";
  audience.Apply(Unsubscribe("b."));
  EXPECT_FALSE(audience.WantsBundles());
}

TEST(FeedAudience, ADropOfWhatWasNeverHeldOrAnythingElseChangesNothing) {
  FeedAudience audience;
  audience.Apply(Subscribe("b."));
  EXPECT_EQ(audience.Apply(Unsubscribe("r.")), 0);
  EXPECT_EQ(audience.Apply(Unsubscribe("")), 0);
  EXPECT_EQ(audience.Apply(""), 0);
  EXPECT_EQ(audience.Apply(std::string("\x02r.", 3)), 0);
  EXPECT_EQ(audience.Apply("hello"), 0);
  EXPECT_TRUE(audience.WantsBundles());
  EXPECT_FALSE(audience.WantsItems());
}

}  // namespace
}  // namespace xinbao::broker
