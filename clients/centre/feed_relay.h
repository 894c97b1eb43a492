// FeedRelay: the dashboard program's one subscription to the broker's live
// feed, passed on to every open dashboard page as Server-Sent Events.
//
// It follows the feed exactly as `xinbao watch` does (client::FeedFollower:
// snapshot, then every item in order, a new snapshot after a gap, reopen
// after silence) into a MonitorState, and publishes on `stream`:
//   "board"  the whole picture (api::Board) after every snapshot;
//   "batch"  what the items since the last batch changed (api::BoardBatch),
//            at most one every kBatchInterval (many pages and a busy feed
//            would otherwise wake every page hundreds of times a second);
//   "link"   when the link changes (api::Link);
//   "duban"  the open 督办 items, whole (v1::DubanList, redacted as the
//            feed carries them), after every snapshot;
//   "duban_batch"  the items the feed changed since the last batch
//            (v1::DubanList: each replaces the page's copy; a closed one
//            leaves the board), with "batch" and at the same pace.
// A page that attaches first gets Board() as "board" and DubanBoard() as
// "duban". A page that falls
// behind is cut off by the EventStream and reconnects: it starts again
// from a fresh board, so a page never shows a state with holes.
//
// Threads: the relay runs on its own thread; Board() is safe from any.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

#include "clients/monitor/feed_follower.h"
#include "clients/monitor/monitor_state.h"
#include "clients/web/event_stream.h"
#include "xinbao/v1/wire.pb.h"
#include "xinbao/web/api.pb.h"

namespace xinbao::centre {

class FeedRelay {
 public:
  FeedRelay(client::FeedFollowerOptions options, TimeZone zone,
            web::EventStream& stream);
  ~FeedRelay();

  // The picture now, as a page that attaches gets it.
  web::api::Board Board();
  // The open 督办 items now, with their units' names.
  v1::DubanList DubanBoard();
  // Attaches a page with the board as its first event, under the relay's
  // lock, so no batch published before is missing from the board and no
  // batch after it is missed by the page (EventStream::Opening).
  void Attach(const web::EventStream::Attach& attach);
  web::api::Link Link();

 private:
  void Run();
  web::api::Board BoardLocked() const;
  v1::DubanList DubanBoardLocked() const;
  web::api::Link LinkLocked() const;

  const client::FeedFollowerOptions options_;
  web::EventStream& stream_;
  mutable std::mutex mutex_;
  client::MonitorState state_;
  web::api::BoardBatch pending_;  // items of the current poll
  v1::DubanList pending_items_;   // 督办 items of the current poll
  bool reset_ = false;            // a snapshot arrived in the current poll
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace xinbao::centre
