#include "broker/feed/feed_audience.h"

namespace xinbao::broker {
namespace {

// Whether a subscription to `prefix` can receive single items (topics
// r. e. a. d.) or bundles (topic "b.").
bool MatchesItems(std::string_view prefix) {
  return prefix.empty() || prefix[0] == 'r' || prefix[0] == 'e' ||
         prefix[0] == 'a' || prefix[0] == 'd';
}
bool MatchesBundles(std::string_view prefix) {
  return std::string_view("b.").starts_with(prefix);
}

}  // namespace

int FeedAudience::Apply(std::string_view message) {
  if (message.empty() || (message[0] != 0 && message[0] != 1)) return 0;
  const std::string_view prefix = message.substr(1);
  const int change = message[0] == 1 ? 1 : -1;
  auto it = held_.find(prefix);
  if (change < 0) {
    if (it == held_.end()) return 0;
    if (--it->second == 0) held_.erase(it);
  } else if (it == held_.end()) {
    held_.emplace(std::string(prefix), 1);
  } else {
    ++it->second;
  }
  if (MatchesItems(prefix)) item_holders_ += change;
  if (MatchesBundles(prefix)) bundle_holders_ += change;
  return change;
}

}  // namespace xinbao::broker
