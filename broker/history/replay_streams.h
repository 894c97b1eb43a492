// ReplayStreams: the replays the query thread is running, each a cursor
// over the store that sends ReplayChunks only while its client has
// credit (the zguide's credit-based file transfer). A replay of millions
// of reports therefore holds one chunk in the broker's memory and at most
// `credit` chunks in flight, and a replay without credit costs nothing.
//
//   Start()  a ReplayRequest from a peer: plans it (broker/replay_plan.h)
//            and keeps the cursor with the request's first credit; with
//            include_duban it gathers the window's 督办 steps then
//            (replay_duban_records.h), as the reader may see them, and
//            each chunk carries those up to its last report's stored time
//            (the done chunk the rest).
//   Credit() a ReplayCredit from the same peer: adds credit, or cancels.
//   Step()   sends at most one chunk per replay that has credit, reading
//            a bounded number of index entries per replay, so that one
//            sparse filtered replay cannot hold up the others or the
//            questions waiting on the socket. A chunk is sent when full,
//            when the range is done (the done chunk ends the replay), or
//            after kStepsPerChunk steps without one (then it may hold few
//            reports or none, and tells how far the replay got).
//   Expire() forgets replays that waited kIdleLimitMs without credit (their
//            client went away).
//
// A peer controls only its own replays: a credit naming a replay of
// another peer is answered as unknown. So does each user a gateway acts
// for on one connection (the replay's `owner`: the acting user's name, or
// empty for a key's own requests).
//
// Threads: the query thread only.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "broker/history/replay_plan.h"
#include "broker/units/unit_registry.h"
#include "proto/status.h"
#include "storage/report_store.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

class ReplayStreams {
 public:
  // Sends a serialized Reply to the peer with `routing_id`.
  using Send = std::function<void(const std::string& routing_id,
                                  std::string_view reply)>;

  static constexpr std::size_t kMaxReplays = 64;
  static constexpr int64_t kIdleLimitMs = 60'000;
  // Index entries (or reports) one replay may read per Step().
  static constexpr std::size_t kKeysPerStep = 4096;
  // A chunk is sent after this many steps even if it is not full (it may
  // be empty): about 65,000 entries read, well under a second.
  static constexpr std::size_t kStepsPerChunk = 16;
  // A chunk is sent once its reports take this many bytes, however few.
  static constexpr std::size_t kMaxChunkBytes = std::size_t{4} << 20;

  // `store` and `units` must outlive this object.
  ReplayStreams(const storage::ReportStore& store, const UnitRegistry& units,
                Send send);

  // `reader_unit`: the asking user's unit, for what it may read of 督办
  // items (empty without CURVE: everything whole).
  // Refusals: PlanReplay's, a store failure reading the items, and
  // ERROR_CODE_BUSY when kMaxReplays are running or this peer and owner
  // already run a replay with this request id.
  Status Start(const std::string& routing_id, const std::string& owner,
               const std::string& replay_id, const v1::ReplayRequest& request,
               std::string_view reader_unit, int64_t now_ms);
  // ERROR_CODE_UNKNOWN_REPLAY when this peer and owner run no such replay.
  Status Credit(const std::string& routing_id, const std::string& owner,
                const v1::ReplayCredit& credit, int64_t now_ms);

  // Whether some replay has credit (Step() would send).
  bool HasWork() const { return with_credit_ > 0; }
  void Step(int64_t now_ms);
  void Expire(int64_t now_ms);

  std::size_t size() const { return replays_.size(); }

 private:
  struct Replay {
    ReplayPlan plan;
    uint64_t next = 1;       // the first sequence not yet considered
    uint64_t chunk = 0;      // chunks sent
    uint32_t credit = 0;
    int64_t active_ms = 0;   // last start, credit or chunk
    // The chunk being filled: its reports as they are stored, each already
    // framed as a ReplayChunk.reports field (so that they are neither
    // copied nor serialized again), and the names of their units.
    std::string reports;
    std::size_t report_count = 0;
    std::size_t steps_since_chunk = 0;
    v1::ReplayChunk names;  // also the 续报 numbers
    // The stored time of the last report put into the chunk being filled
    // (0: none yet).
    int64_t last_stored_ms = 0;
    // The window's 督办 steps in replay order, and the first not yet sent.
    std::vector<v1::DubanRecord> duban;
    std::size_t next_duban = 0;
    // 续报 numbers by sequence, per event id the replay's 情 named.
    std::unordered_map<std::string, std::unordered_map<uint64_t, uint32_t>>
        followups;
  };
  struct Key {
    std::string routing_id;  // the peer's connection
    std::string owner;       // the acting user, or empty
    std::string replay_id;   // the replay's request id
    auto operator<=>(const Key&) const = default;
  };

  // Reads for one replay; sends its chunk when full or done. Returns false
  // when the replay is over (done or failed) and must be forgotten.
  bool Advance(const Key& key, Replay& replay, int64_t now_ms);
  void SendChunk(const Key& key, Replay& replay, bool done, int64_t now_ms);
  void SetCredit(Replay& replay, uint32_t credit);
  // Moves the 督办 steps due with the chunk being filled into it.
  void AddDubanRecords(Replay& replay, bool done);
  // Puts the 续报 number of `report`, a 情, into the chunk being filled.
  void AddFollowup(Replay& replay, const v1::Report& report);

  const storage::ReportStore& store_;
  const UnitRegistry& units_;
  Send send_;
  std::map<Key, Replay> replays_;
  std::size_t with_credit_ = 0;
};

}  // namespace xinbao::broker
