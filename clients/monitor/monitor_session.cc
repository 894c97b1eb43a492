#include "clients/monitor/monitor_session.h"

#include <chrono>
#include <memory>
#include <utility>
#include <vector>

#include "clients/monitor/monitor_keys.h"
#include "clients/monitor/monitor_screen.h"
#include "clients/monitor/terminal.h"
#include "clients/text/text_table.h"

namespace xinbao::client {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr auto kMinRedraw = 200ms;  // at most five frames a second
constexpr auto kMaxRedraw = 1s;     // ages on the screen move on
// A lone ESC is the Escape key once nothing followed it for this long.
constexpr auto kEscapeWait = 50ms;

// The event's detail as `xinbao event ID` prints it, or why not.
Result<std::vector<std::string>> FetchDetail(const QueryOptions& options,
                                             const std::string& event_id,
                                             const ViewClock& clock) {
  auto client = QueryClient::Open(options);
  if (!client.ok()) return client.status();
  v1::Envelope request;
  request.mutable_get_event()->set_event_id(event_id);
  Result<v1::Reply> reply =
      (*client)->Call(std::move(request), v1::Reply::kEventDetail);
  if (!reply.ok()) return reply.status();
  if (reply->has_error()) {
    return Status(v1::ERROR_CODE_UNKNOWN_EVENT, reply->error().message());
  }
  return SplitLines(EventDetailText(reply->event_detail(), clock));
}

}  // namespace

Status RunMonitorSession(MonitorSession session) {
  std::unique_ptr<Terminal> terminal = Terminal::Open();
  MonitorKeys keys;
  KeyDecoder decoder;
  const MonitorFilter& flags = session.filter;
  MonitorFilter filter = flags;
  bool dirty = true;
  Clock::time_point drawn{};
  while (!Terminal::Interrupted()) {
    const auto now = Clock::now();
    const ViewClock clock = session.now();
    const ScreenSize size = terminal->Size();
    if ((dirty && now - drawn >= kMinRedraw) || now - drawn >= kMaxRedraw) {
      terminal->Draw(
          keys.mode() == MonitorMode::kDetail
              ? RenderDetailScreen(keys.detail(), keys.detail_top(), size,
                                   KeyBarText(keys))
              : RenderMonitorScreen(*session.state, filter, size, clock,
                                    ScreenKeys{keys.selected(),
                                               KeyBarText(keys)}));
      drawn = now;
      dirty = false;
    }
    auto wake = drawn + (dirty ? kMinRedraw : kMaxRedraw);
    if (decoder.pending()) wake = std::min(wake, now + kEscapeWait);
    Result<bool> polled = session.follower->Poll(wake, terminal->input_fd());
    if (!polled.ok()) return polled.status();  // terminal restored on return
    dirty = dirty || *polled;

    const std::string input = terminal->ReadInput();
    std::vector<KeyPress> pressed = decoder.Feed(input);
    if (input.empty() && decoder.pending() &&
        Clock::now() - now >= kEscapeWait) {
      pressed = decoder.Flush();
    }
    for (const KeyPress& key : pressed) {
      dirty = true;
      const std::size_t page = size.height > 4 ? size.height / 2 : 1;
      switch (keys.Handle(key, EventRowIds(*session.state, filter, clock),
                          page)) {
        case KeyAction::kQuit:
          return Status::Ok();
        case KeyAction::kApplyFilter:
          filter = flags;
          filter.SetText(keys.filter_text(), session.state->unit_names());
          break;
        case KeyAction::kOpenEvent: {
          Result<std::vector<std::string>> detail =
              FetchDetail(session.query, keys.opening(), clock);
          if (detail.ok()) {
            keys.ShowDetail(std::move(detail).value());
          } else {
            keys.DetailFailed("无法打开事件: " + detail.status().message());
          }
          break;
        }
        case KeyAction::kNone:
          break;
      }
    }
  }
  return Status::Ok();
}

}  // namespace xinbao::client
