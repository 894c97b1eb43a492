// QueryServer: the thread that owns the query ROUTER socket.
//
// It answers the duty officer's read-only questions about urgent events
// (list_events, get_event, list_alarms, snapshot) and the analysts' (replay,
// as_of, stats; docs/PROTOCOL.md), whoami, policy and the broker's status, straight from the
// ReportStore, which the committer keeps up to date. Answers are narrowed
// for the user the Gatekeeper admitted (a gateway's acting user): a
// reporter's events to those concerning its unit, a reporter's or
// monitor's stats to its own unit's row. Replays stream in chunks under the
// client's credit (broker/replay_streams.h), interleaved with the other
// questions. Queries never pass through the committer, so a slow query never
// delays a submission, and a submission never waits on a query. Requests that
// belong on the submit socket (submit, merge_events, reopen_event) are refused
// with ERROR_CODE_UNKNOWN_REQUEST.
//
// Threads: Run() is the thread body; the server owns the ROUTER from then
// on. RequestStop() may be called from any thread. The store's const
// methods are safe concurrently with the committer's writes.
#pragma once

#include <atomic>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "broker/backup/backup_keeper.h"
#include "broker/tree/downward_queue.h"
#include "broker/tree/upstream_link.h"
#include "broker/base/clock.h"
#include "broker/base/vitals.h"
#include "broker/config/config.h"
#include "broker/query/duban_answers.h"
#include "broker/security/gatekeeper.h"
#include "broker/security/registry_keeper.h"
#include "broker/history/replay_streams.h"
#include "proto/status.h"
#include "storage/report_store.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

class QueryServer {
 public:
  // `store` and `config` must outlive Run(). `router` is bound already.
  // `gate` checks who sent each request (broker/gatekeeper.h); a reporter
  // sees only the events and alarms that concern its unit. `vitals`
  // (may be null: status is then refused as unknown) must outlive Run():
  // the server answers status from it and writes the active replays to it.
  // `backups` (may be null: backup is then refused as unknown) must
  // outlive Run(): an admin's backup is ordered from it and answered when
  // it is done. `upstream` (may be null: no parent) must outlive Run():
  // the status answer shows the link to the parent from it. `downward`
  // (may be null: downward is then refused as unknown) must outlive Run():
  // a child broker's pull (下发) is answered from it, and the status shows
  // each child's queue.
  QueryServer(zmq::socket_t router, const storage::ReportStore& store,
              const BrokerConfig& config, Clock clock,
              Gatekeeper gate = Gatekeeper(nullptr, nullptr, "query"),
              RegistryKeeper* registry = nullptr, Vitals* vitals = nullptr,
              BackupKeeper* backups = nullptr,
              const UpstreamLink* upstream = nullptr,
              DownwardQueue* downward = nullptr);

  // Serves until RequestStop(), then returns (within about 100 ms).
  // Requests still queued are dropped; their clients time out and resend.
  void Run();

  // Asks Run() to return. Thread-safe; returns at once.
  void RequestStop() { stop_requested_.store(true); }

  // list_events without include_closed, when the request gives no limit,
  // and the most it may ask for.
  static constexpr uint32_t kDefaultListLimit = 200;
  static constexpr uint32_t kMaxListLimit = 1000;

 private:
  // How answers are narrowed for the user whose rights a request was
  // admitted with (the acting user, for a gateway's). Empty: not narrowed.
  struct Viewer {
    std::string events_unit;  // a reporter's: only events that concern it
    std::string stats_unit;   // a reporter's or a unit monitor's: its own
                              // row only (an office's monitor: every row)
    DubanReader duban;        // which 督办 items, and how much of them
  };
  static Viewer ViewerOf(const User* user, const UnitRegistry& units);
  // Each child's 下发 queue into the status's children.
  void FillDownward(v1::BrokerStatus* status) const;

  void ReadRequests();
  // Answers one multipart request.
  void HandleRequest(std::vector<zmq::message_t>& frames);
  // Fills reply's body for a decoded envelope, or returns why not. Sets
  // `*withheld` to the id of an event `viewer` asked for that exists but
  // does not concern its unit (answered as unknown; the caller audits it).
  Status Answer(const v1::Envelope& envelope, const Viewer& viewer,
                v1::Reply* reply, std::string* withheld) const;

  Status ListEvents(const v1::ListEventsRequest& request,
                    std::string_view only_unit, v1::EventList* list) const;
  Status GetEvent(const v1::GetEventRequest& request,
                  std::string_view only_unit, v1::EventDetail* detail,
                  std::string* withheld) const;
  Status ListAlarms(const v1::ListAlarmsRequest& request,
                    std::string_view only_unit, v1::AlarmList* list) const;
  Status ListAudit(const v1::ListAuditRequest& request,
                   v1::AuditList* list) const;

  // Starts a replay or takes a replay's credit (broker/replay_streams.h)
  // for `owner`: the user a gateway acts for, or empty. `reader_unit`: the
  // acting user's unit, for what it may read of 督办 items (empty without
  // CURVE).
  void Stream(zmq::message_t& routing_id, const std::string& owner,
              std::string_view reader_unit, const v1::Envelope& envelope);

  void SendReply(zmq::const_buffer routing_id, const v1::Reply& reply);
  void SendBytes(zmq::const_buffer routing_id, std::string_view reply);
  void SendError(zmq::message_t& routing_id, const std::string& request_id,
                 const Status& status);

  zmq::socket_t router_;
  const storage::ReportStore& store_;
  const BrokerConfig& config_;
  Clock clock_;
  std::atomic<bool> stop_requested_{false};
  std::string reply_buffer_;
  ReplayStreams replays_;
  Gatekeeper gate_;
  RegistryKeeper* registry_;  // null without CURVE
  Vitals* vitals_;             // null: no status answers
  BackupKeeper* backups_;      // null: no backups
  const UpstreamLink* upstream_;
  DownwardQueue* downward_;  // null: no parent broker
  // Sends the answers of the backups done since the last call.
  void AnswerBackups();
  const std::string zone_field_;  // Reply.time_zone, appended to every reply
};

}  // namespace xinbao::broker
