// Committer: the one thread that writes reports to the store.
//
// Group commit: it blocks for the first waiting submission, then takes
// whatever else is already waiting (up to CommitPolicy::max_batch, waiting
// at most max_delay_us for more), writes them all in ONE synced
// ReportStore::Append(), and only then hands the outcomes back to the
// frontend, which sends the acks. While one fsync runs, the next batch
// fills up on the socket: the busier the broker, the bigger the batches.
//
// It also owns the EventBook: every urgent report is filed in it inside the
// same Append() (storage::EventHook), so event states are written in the
// same atomic batch as the reports; central-office commands are applied
// after the reports of their batch; and every check_interval the clock
// alarms of all open events are re-evaluated and their changes written.
// And it owns the DubanBook: each 督办 request (issue_duban, duban_step)
// is applied and its item written in its own synced batch before it is
// answered, and the items' alarms are re-evaluated with the events'. The
// same for 采编 (caibian): the EditingDesk's items, issues and adoptions and
// the CommissionBook's commissions; a report answering a commission is
// linked inside its own Append().
//
// After every durable write it hands the FeedPublisher that write's live
// feed items (reports, event states, alarm changes), numbered with feed
// sequences whose last value was stored in the same batch.
//
// It writes its figures to the broker's Vitals (broker/base/vitals.h):
// each batch, the open work its books hold, and that its loop still turns.
//
// Threads: Run() is the thread body; the committer owns its end of the
// inproc link from then on. It talks to nobody else.
#pragma once

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <span>
#include <vector>
#include <zmq.hpp>

#include "broker/base/clock.h"
#include "broker/base/vitals.h"
#include "broker/config/config.h"
#include "broker/caibian/commission_book.h"
#include "broker/caibian/editing_desk.h"
#include "broker/duban/duban_book.h"
#include "broker/duban/upstream_items.h"
#include "broker/events/event_book.h"
#include "broker/feed/feed_publisher.h"
#include "broker/ingest/submission.h"
#include "broker/security/zap_authenticator.h"
#include "storage/report_store.h"

namespace xinbao::broker {

// Batch statistics, logged every kInterval for operators.
class CommitStats {
 public:
  void Add(std::size_t reports, std::chrono::steady_clock::duration write_time);

 private:
  static constexpr std::chrono::seconds kInterval{10};
  std::chrono::steady_clock::time_point since_ =
      std::chrono::steady_clock::now();
  std::size_t batches_ = 0;
  std::size_t reports_ = 0;
  std::chrono::steady_clock::duration write_time_{};
};

class Committer {
 public:
  // `store` and `config` must outlive Run(). `link` is the committer's end
  // of the inproc PAIR to the frontend.
  // `feed_link` is its end of the inproc PAIR to the FeedPublisher.
  // `vitals` (may be null) must outlive Run().
  Committer(zmq::socket_t link, zmq::socket_t feed_link,
            storage::ReportStore& store, const BrokerConfig& config,
            Clock clock, Vitals* vitals = nullptr);

  // The registry whose users of role broker are this broker's children:
  // the 督办 items assigned to their units go down to them (下发). Null
  // (without CURVE): none. `users` must outlive Run(). Call before Run().
  void ServeChildBrokers(const UserDirectory* users);

  // Reads the open events from the store into the EventBook (and writes
  // back any whose deadlines the current policy changes), and the open 督办
  // items into the DubanBook. Call once before Run(); the broker does not
  // start if it fails.
  Status LoadEvents();

  // Serves until the frontend sends the stop signal; writes everything it
  // received before the signal, then answers with its own stop signal (to
  // the frontend and to the publisher).
  void Run();

 private:
  // Moves what is waiting on the link into pending_, up to the batch bound.
  // Returns false once the stop signal has been read.
  bool Gather();
  bool Adopt(const zmq::message_t& message);
  // With [fairness] unit_per_batch: moves each unit's submissions past
  // the cap — unit_per_batch, or the second largest count of one unit in
  // pending_ if more — to held_back_ (the next batch's first), in order,
  // so that another unit's report never waits behind a whole flood.
  void HoldBackOverShare();
  void Commit();
  // Stores the reports of pending_ (with their event states); fills the
  // answers of those submissions.
  void CommitReports(std::vector<Answer>* answers);
  // Applies one command and writes what it changed.
  void ApplyCommand(const Submission& submission, Answer* answer);
  // The 督办 requests: checks an item's source in the store, applies the
  // request in the DubanBook, writes what it changed.
  void ApplyDuban(const Submission& submission, Answer* answer);
  // A 采编 request: applied in the EditingDesk or the CommissionBook and
  // written.
  void ApplyCaibian(const Submission& submission, Answer* answer);
  // An item of the parent's 下发 queue from the inner socket (an
  // adoption of a report of this broker's): recorded and written.
  void ApplyDownward(const Submission& submission, Answer* answer);
  // The report the parent's `copy` stands for here, if this broker holds
  // it: stored here by its unit (this broker its origin) or forwarded
  // from below.
  Result<std::optional<v1::Report>> OwnCopy(const v1::Report& copy) const;
  // Whether `unit_id` is a child broker's unit (ServeChildBrokers).
  bool IsChildBroker(std::string_view unit_id) const;
  // Queues down each of `items` for every unit of it that is a child
  // broker's: the child holds the item as it stands after this write.
  void QueueItemsDown(std::span<const v1::DubanState* const> items, int64_t now_ms,
                      std::vector<storage::DownwardEntry>* downward) const;
  // An item's source report or event, if it names one, is stored.
  Status CheckSource(const v1::DubanItem& item) const;
  // The stored report `sequence` named by a request's `field`; one not
  // stored here is INVALID_FIELD with `missing`, a failed read
  // STORAGE_FAILURE.
  Result<v1::Report> NamedReport(uint64_t sequence, const std::string& missing,
                                 const char* field) const;
  // Writes what the book changed outside Append() (with its feed
  // sequence), hands the feed items to the publisher and settles the book.
  // On failure nothing is written or published and the book is unsettled.
  Status WriteAndPublish();
  // Queues to go up to the parent broker ([upstream]) the reports this
  // office passed on in `adoptions` (adopted in a bulletin it issued)
  // whose kind goes up "when passed on"; fails only if a report cannot be
  // read.
  // And queues to go down (下发) each adoption of a report a child broker
  // forwarded here, for that child's unit, so it counts down there too.
  Status QueuePassedOn(std::span<const v1::Adoption* const> adoptions,
                       int64_t now_ms, std::vector<storage::UpwardEntry>* upward,
                       std::vector<storage::DownwardEntry>* downward);
  // 转报上级 by hand (CaibianRequest.pass_up): checks there is a parent and
  // the report is stored here; queues it in passed_up_ for the next
  // WriteAndPublish() unless its kind went up at once already.
  Status PassUp(const v1::PassUp& request, int64_t now_ms, v1::CaibianChanged* out);
  // WriteAndPublish(); on failure the book forgets and reloads, and the
  // failure is returned.
  Status WriteChanges();
  // After a failed write: reload the book from the store, or mark it
  // broken if even that fails.
  void Recover();
  // Re-evaluates clock alarms when check_interval has passed, after
  // ResumeStore().
  void MaybeTick();
  // If the store stopped taking writes (a full disk), tries to start it
  // again: logs when it does (and counts it in vitals_), and warns at most
  // once per kStopWarningInterval while it cannot.
  void ResumeStore();
  // Logs a failed write: as an error the first time since the store last
  // wrote, at debug level while it stays stopped.
  void LogFailedWrite(const std::string& what);
  // Writes what the books hold open to vitals_ (if any).
  // `recount_alarms`: walk every open event, 督办 item and 约稿 for its
  // alarms (at start and on each clock check); otherwise the counts of the
  // last walk are kept, so that a committed batch costs the writer nothing
  // more than the open totals.
  void ReportOpenWork(bool recount_alarms);
  // Numbers `batch` after feed_last_ and sends it to the publisher.
  void Publish(std::unique_ptr<FeedBatch> batch, uint64_t last);

  zmq::socket_t link_;
  zmq::socket_t feed_link_;
  storage::ReportStore& store_;
  CommitPolicy policy_;
  const BrokerConfig& config_;
  Clock clock_;
  EventBook book_;
  DubanBook duban_;
  EditingDesk desk_;
  CommissionBook commissions_;
  UpstreamItems upstream_;  // 上级交办 and what 转办 items owe up
  const UserDirectory* children_ = nullptr;
  // Set when the book could not be reloaded after a failed write: event
  // states can no longer be kept, so reports are refused until a restart.
  Status book_broken_;
  std::chrono::steady_clock::time_point next_tick_;
  static constexpr std::chrono::minutes kStopWarningInterval{1};
  std::chrono::steady_clock::time_point next_stop_warning_;
  bool store_stopped_ = false;  // a write failed; none succeeded since
  // The last feed sequence stored (and so published, or about to be).
  uint64_t feed_last_ = 0;
  Submissions pending_;
  Submissions held_back_;  // over unit_per_batch, next batch
  // Reports passed up by hand, written (and cleared) by WriteAndPublish().
  std::vector<storage::UpwardEntry> passed_up_;
  CommitStats stats_;
  Vitals* vitals_;  // null: no figures kept
  // The 简报 issues not yet 签发 (the EditingDesk keeps no list of them).
  std::set<std::string> draft_issues_;
  std::map<v1::AlarmKind, uint64_t> open_alarms_;  // as of the last walk
};

}  // namespace xinbao::broker
