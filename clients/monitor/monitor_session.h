// The interactive `xinbao watch`: one thread serving the live feed and the
// keys (monitor_keys.h) — it polls standard input alongside the feed's
// socket — and drawing the screen (at most five frames a second, at least
// one a second). Enter fetches the selected event's detail on the query
// socket (as `xinbao event ID` shows it) and shows it over the screen.
//
// Threads: runs on the caller's thread until it returns.
#pragma once

#include <functional>

#include "clients/lib/query_client.h"
#include "clients/monitor/feed_follower.h"
#include "clients/monitor/monitor_filter.h"
#include "clients/text/event_text.h"
#include "proto/status.h"

namespace xinbao::client {

struct MonitorSession {
  FeedFollower* follower = nullptr;
  const MonitorState* state = nullptr;
  MonitorFilter filter;       // from the flags; the typed text is added
  QueryOptions query;         // for an event's detail
  std::function<ViewClock()> now;
};

// Runs until q, SIGINT or SIGTERM (OK), or the follower's refusal. The
// terminal is restored before it returns.
Status RunMonitorSession(MonitorSession session);

}  // namespace xinbao::client
