#include "clients/lib/replay_client.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <utility>
#include <vector>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "clients/lib/feed_reader.h"
#include "clients/lib/submit_client.h"
#include "clients/lib/wire_frames.h"
#include "proto/duban_record_order.h"

namespace xinbao::client {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// The longest a wait lasts before stop_requested is polled again.
constexpr auto kSlice = 200ms;
// The broker grants at most this many chunks of credit at once.
constexpr uint32_t kMaxWindow = 32;
// Replies and feed messages handled before the clock is looked at again.
constexpr int kBatch = 64;
// Room for the feed while a replay runs (the broker's own high-water mark
// still applies on its side; a loss shows as a gap).
constexpr int kFeedHighWater = 100000;
// How long a cancel may take to leave when the client goes away.
constexpr int kCancelLingerMs = 500;

template <class Values, class Value>
bool AnyOrIn(const Values& values, const Value& value) {
  return values.empty() ||
         std::find(values.begin(), values.end(), value) != values.end();
}

std::string Seconds(std::chrono::milliseconds span) {
  return std::to_string((span.count() + 999) / 1000);
}

// Whether a message is waiting on `socket`.
bool Readable(zmq::socket_t& socket) {
  try {
    return (socket.get(zmq::sockopt::events) & ZMQ_POLLIN) != 0;
  } catch (const zmq::error_t&) {
    return false;
  }
}

// The live side of a Follow(): what the feed said while the replay ran.
struct Handoff {
  bool live = false;  // the replay is done: report items go straight on
  bool gap = false;   // items were lost while the replay ran
  uint64_t feed_sequence = 0;  // the last one seen
  Clock::time_point heard;     // the last message of any kind
  std::vector<v1::ReportSummary> buffered;  // report items, feed order
};

}  // namespace

bool ReplayFiltersPass(const v1::ReplayRequest& request,
                       const v1::ReportSummary& summary) {
  return AnyOrIn(request.unit_ids(), summary.unit_id()) &&
         AnyOrIn(request.kinds(), static_cast<int>(summary.kind())) &&
         AnyOrIn(request.stages(), static_cast<int>(summary.stage())) &&
         (request.event_id().empty() ||
          request.event_id() == summary.event_id()) &&
         summary.stored_at_ms() >= request.from_ms() &&
         (request.to_ms() == 0 || summary.stored_at_ms() < request.to_ms());
}

v1::Report ReportFromSummary(const v1::ReportSummary& summary) {
  v1::Report report;
  report.set_sequence(summary.sequence());
  report.set_stored_at_ms(summary.stored_at_ms());
  report.set_unit_id(summary.unit_id());
  report.set_kind(summary.kind());
  report.set_title(summary.title());
  report.set_classification(summary.classification());
  report.set_event_id(summary.event_id());
  report.set_stage(summary.stage());
  report.set_severity(summary.severity());
  return report;
}

struct ReplayClient::Impl {
  // What handling a reply came to.
  enum class Step { kNothing, kChunk, kDone, kStopped };

  ReplayOptions options;
  zmq::context_t context;
  zmq::socket_t dealer;  // declared after context: closed before it
  zmq::socket_t sub;     // Follow() only
  std::deque<v1::Envelope> unsent;  // waiting for the dealer's connection

  // The replay running on the dealer, if `active`.
  bool active = false;
  v1::ReplayRequest request;  // as (re)sent: first_sequence moves on resume
  std::string replay_id;
  uint64_t next_chunk = 1;
  bool range_fixed = false;
  int failures = 0;  // resumes since the last chunk
  Clock::time_point waiting_since;

  ReplayOutcome outcome;
  // Every report up to this sequence has been considered (handed over, or
  // left out by the filters): a resume starts after it.
  uint64_t considered_to = 0;
  google::protobuf::Map<std::string, std::string> unit_names;
  // The last 督办 step handed over: a resumed replay sends those up to it
  // again.
  std::optional<v1::DubanRecord> last_duban;

  void Reset(v1::ReplayRequest wanted);
  void Send(v1::Envelope envelope);
  void FlushUnsent();
  void Start();
  Status Resume();
  void Cancel();
  bool Deliver(const v1::Report& report, uint32_t followup, bool live,
               const ReplaySink& sink);
  // Hands over `record` unless it was handed over before; false: stop.
  bool DeliverDuban(const v1::DubanRecord& record, const ReplaySink& sink);
  Result<Step> OnReply(const v1::Reply& reply, const ReplaySink& sink);
  Result<Step> OnChunk(const v1::ReplayChunk& chunk, const ReplaySink& sink);
  // Waits up to a slice; returns which of dealer and (if open) sub are
  // readable, and resumes a replay whose chunk is overdue.
  Result<std::pair<bool, bool>> Wait();
  // Handles the replies waiting on the dealer until one is not kNothing.
  Result<Step> ReadReplies(const ReplaySink& sink);

  // Follow(): the feed and its handoff.
  // Subscribes anew and waits for the first message, `attempts` times at
  // most.
  Status ConnectFeed(Handoff* feed, const ReplaySink& sink, int attempts);
  void Restart(Handoff* feed);
  void OnGap(Handoff* feed);
  bool Consider(const v1::ReportSummary& summary,
                const v1::ReplayRequest& filters, const ReplaySink& sink);
  bool HandOver(Handoff* feed, const v1::ReplayRequest& filters,
                const ReplaySink& sink);
  // Reads what the feed has sent (at most kBatch messages); false: the
  // sink stopped.
  bool ReadFeed(Handoff* feed, const v1::ReplayRequest& filters,
                const ReplaySink& sink);
  // One item of the feed: a heartbeat, a stale one, a gap, or a report
  // buffered (while the replay runs) or considered.
  bool ReadItem(Handoff* feed, const v1::FeedItem& item,
                const v1::ReplayRequest& filters, const ReplaySink& sink);

  // Runs the replay set by Reset() — then, with a `feed`, the live feed,
  // filtered by `filters` — until it ends, the sink stops it, or a failure.
  Result<ReplayOutcome> Run(const ReplaySink& sink, Handoff* feed,
                            const v1::ReplayRequest& filters);
};

void ReplayClient::Impl::Reset(v1::ReplayRequest wanted) {
  request = std::move(wanted);
  request.set_credit(std::clamp<uint32_t>(options.window, 1, kMaxWindow));
  request.set_chunk_reports(options.chunk_reports);
  outcome = ReplayOutcome();
  considered_to = request.first_sequence() > 0 ? request.first_sequence() - 1
                                               : 0;
  range_fixed = request.last_sequence() != 0;
  failures = 0;
  last_duban.reset();
}

void ReplayClient::Impl::Send(v1::Envelope envelope) {
  envelope.set_protocol_version(kProtocolVersion);
  if (envelope.request_id().empty()) envelope.set_request_id(NewUuid());
  SetOnBehalf(options.acting_user, options.person, &envelope);
  unsent.push_back(std::move(envelope));
  FlushUnsent();
}

void ReplayClient::Impl::FlushUnsent() {
  while (!unsent.empty() && SendEnvelope(dealer, unsent.front())) {
    unsent.pop_front();
  }
}

void ReplayClient::Impl::Start() {
  active = true;
  replay_id = NewUuid();
  next_chunk = 1;
  v1::Envelope envelope;
  envelope.set_request_id(replay_id);
  *envelope.mutable_replay() = request;
  Send(std::move(envelope));
  waiting_since = Clock::now();
}

Status ReplayClient::Impl::Resume() {
  if (++failures > options.max_resumes) {
    active = false;
    return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                  options.query_endpoint + " 连续 " +
                      std::to_string(options.max_resumes + 1) + " 次在 " +
                      Seconds(options.chunk_timeout) +
                      " 秒内没有送来数据（服务器未运行、地址不对或网络不通）" +
                      CurveSilenceHint(options.curve) + "；已收到序号 " +
                      std::to_string(considered_to) + " 及以前的报告，可用 " +
                      "--from-seq " + std::to_string(considered_to + 1) +
                      " 接着回放");
  }
  ++outcome.resumes;
  unsent.clear();
  Result<zmq::socket_t> fresh =
      ConnectDealer(context, options.query_endpoint, options.curve);
  if (!fresh.ok()) return fresh.status();
  dealer = std::move(fresh).value();  // closes the old one (linger 0)
  request.set_first_sequence(
      std::max<uint64_t>(request.first_sequence(), considered_to + 1));
  Start();
  return Status::Ok();
}

void ReplayClient::Impl::Cancel() {
  if (!active) return;
  active = false;
  v1::Envelope envelope;
  envelope.mutable_replay_credit()->set_replay_id(replay_id);
  envelope.mutable_replay_credit()->set_cancel(true);
  Send(std::move(envelope));
  try {
    // Give the cancel time to leave if the client goes away now.
    dealer.set(zmq::sockopt::linger, kCancelLingerMs);
  } catch (const zmq::error_t&) {
    // Not sent then: the broker drops the replay after a minute anyway.
  }
}

bool ReplayClient::Impl::Deliver(const v1::Report& report, uint32_t followup,
                                 bool live, const ReplaySink& sink) {
  ++outcome.progress.reports;
  return sink.on_report(ReplayedReport{report, followup, unit_names, live});
}

bool ReplayClient::Impl::DeliverDuban(const v1::DubanRecord& record,
                                      const ReplaySink& sink) {
  if (last_duban && !DubanRecordBefore(*last_duban, record)) return true;
  last_duban = record;
  if (!sink.on_duban) return true;
  ++outcome.progress.duban_records;
  return sink.on_duban(ReplayedDubanRecord{record, unit_names});
}

Result<ReplayClient::Impl::Step> ReplayClient::Impl::OnChunk(
    const v1::ReplayChunk& chunk, const ReplaySink& sink) {
  if (chunk.chunk() != next_chunk) {
    // A chunk went missing: the stream cannot be trusted past it.
    XINBAO_RETURN_IF_ERROR(Resume());
    return Step::kNothing;
  }
  ++next_chunk;
  failures = 0;
  if (!range_fixed) {
    request.set_last_sequence(chunk.last_sequence());
    range_fixed = true;
  }
  for (const auto& [id, name] : chunk.unit_names()) unit_names[id] = name;
  ReplayProgress& progress = outcome.progress;
  if (progress.first_sequence == 0) {
    progress.first_sequence = chunk.first_sequence();
  }
  progress.last_sequence = chunk.last_sequence();
  const auto stopped = [&] {
    progress.scanned_to_sequence = considered_to;
    if (chunk.done()) active = false;  // the broker has forgotten it
    Cancel();
    return Step::kStopped;
  };
  // The chunk's 督办 steps go before the first report stored after them.
  int next_duban = 0;
  const auto duban_until = [&](const v1::Report* report) {
    for (; next_duban < chunk.duban_records_size(); ++next_duban) {
      const v1::DubanRecord& record = chunk.duban_records(next_duban);
      if (report != nullptr &&
          record.step().at_ms() >= report->stored_at_ms()) {
        return true;
      }
      if (!DeliverDuban(record, sink)) {
        ++next_duban;
        return false;
      }
    }
    return true;
  };
  for (const v1::Report& report : chunk.reports()) {
    if (!duban_until(&report)) return stopped();
    if (report.sequence() <= considered_to) continue;  // had it before a resume
    considered_to = report.sequence();
    const auto followup = chunk.followups().find(report.sequence());
    if (!Deliver(report,
                 followup == chunk.followups().end() ? 0 : followup->second,
                 /*live=*/false, sink)) {
      return stopped();
    }
  }
  if (!duban_until(nullptr)) return stopped();
  considered_to = std::max(considered_to, chunk.scanned_to_sequence());
  progress.scanned_to_sequence = considered_to;
  progress.done = chunk.done();
  if (sink.on_progress) sink.on_progress(progress);
  if (chunk.done()) {
    active = false;
    return Step::kDone;
  }
  v1::Envelope credit;
  credit.mutable_replay_credit()->set_replay_id(replay_id);
  credit.mutable_replay_credit()->set_credit(1);
  Send(std::move(credit));
  waiting_since = Clock::now();
  return Step::kChunk;
}

Result<ReplayClient::Impl::Step> ReplayClient::Impl::OnReply(
    const v1::Reply& reply, const ReplaySink& sink) {
  // Chunks of a replay given up on, answers to credits: not ours now.
  if (!active || reply.request_id() != replay_id) return Step::kNothing;
  if (reply.has_replay_chunk()) return OnChunk(reply.replay_chunk(), sink);
  if (reply.has_error()) {
    const v1::Error& error = reply.error();
    if (error.code() == v1::ERROR_CODE_UNKNOWN_REPLAY) {
      // The broker dropped it (it waited too long for credit, or the
      // broker restarted): go on from where it got to.
      XINBAO_RETURN_IF_ERROR(Resume());
      return Step::kNothing;
    }
    active = false;
    return Status(error.code() == v1::ERROR_CODE_UNSPECIFIED
                      ? v1::ERROR_CODE_MALFORMED
                      : error.code(),
                  error.message(), error.field());
  }
  active = false;
  return Status(v1::ERROR_CODE_MALFORMED,
                "服务器对回放请求的回复类型不符（收到字段 " +
                    std::to_string(static_cast<int>(reply.body_case())) + "）");
}

Result<std::pair<bool, bool>> ReplayClient::Impl::Wait() {
  Clock::duration wait = kSlice;
  if (active) {
    const auto overdue = waiting_since + options.chunk_timeout;
    const auto now = Clock::now();
    if (now >= overdue) {
      XINBAO_RETURN_IF_ERROR(Resume());
      return std::make_pair(false, false);
    }
    wait = std::min<Clock::duration>(wait, overdue - now);
  }
  zmq::pollitem_t items[2] = {
      {dealer.handle(), 0,
       static_cast<short>(ZMQ_POLLIN | (unsent.empty() ? 0 : ZMQ_POLLOUT)), 0},
      {sub.handle(), 0, ZMQ_POLLIN, 0}};
  try {
    zmq::poll(items, sub ? 2 : 1,
              std::chrono::ceil<std::chrono::milliseconds>(wait));
  } catch (const zmq::error_t&) {
    return std::make_pair(false, false);  // a signal: let the caller look
  }
  if (items[0].revents & ZMQ_POLLOUT) FlushUnsent();
  return std::make_pair((items[0].revents & ZMQ_POLLIN) != 0,
                        sub && (items[1].revents & ZMQ_POLLIN) != 0);
}

Result<ReplayClient::Impl::Step> ReplayClient::Impl::ReadReplies(
    const ReplaySink& sink) {
  for (int i = 0; i < kBatch && Readable(dealer); ++i) {
    Result<v1::Reply> reply = ReceiveReply(dealer);
    if (!reply.ok()) continue;  // not a Reply: dropped
    Result<Step> step = OnReply(*reply, sink);
    if (!step.ok() || *step != Step::kNothing) return step;
  }
  return Step::kNothing;
}

Status ReplayClient::Impl::ConnectFeed(Handoff* feed, const ReplaySink& sink,
                                       int attempts) {
  for (int attempt = 0; attempt < attempts; ++attempt) {
    try {
      sub = zmq::socket_t(context, zmq::socket_type::sub);
      sub.set(zmq::sockopt::linger, 0);
      sub.set(zmq::sockopt::rcvhwm, kFeedHighWater);
      SubscribeWholeFeed(sub);
      ApplyCurve(sub, options.curve);
      sub.connect(options.feed_endpoint);
    } catch (const zmq::error_t& e) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "无效的地址 " + options.feed_endpoint + ": " + e.what(),
                    "feed_endpoint");
    }
    // The first message, a heartbeat at the latest, proves the
    // subscription live: every later item reaches this socket.
    const auto give_up = Clock::now() + options.feed_timeout;
    while (Clock::now() < give_up &&
           !(sink.stop_requested && sink.stop_requested())) {
      zmq::pollitem_t item{sub.handle(), 0, ZMQ_POLLIN, 0};
      try {
        zmq::poll(&item, 1, kSlice);
      } catch (const zmq::error_t&) {
        continue;  // a signal
      }
      std::vector<v1::FeedItem> first;
      if (!ReceiveFeedItems(sub, &first)) continue;
      feed->heard = Clock::now();
      if (!first.empty()) {
        const v1::FeedItem& last = first.back();
        feed->feed_sequence = last.has_heartbeat()
                                  ? last.heartbeat().feed_sequence()
                                  : last.feed_sequence();
      }
      return Status::Ok();
    }
    if (sink.stop_requested && sink.stop_requested()) return Status::Ok();
  }
  return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                "实时推送 " + options.feed_endpoint + " 在 " +
                    Seconds(options.feed_timeout) +
                    " 秒内没有任何消息（心跳每秒一次）：服务器未运行、"
                    "地址不对或网络不通" +
                    CurveSilenceHint(options.curve));
}

void ReplayClient::Impl::Restart(Handoff* feed) {
  // What the feed sent before this request is stored, so the new replay
  // has it; what it sends from now on is buffered.
  feed->live = false;
  feed->gap = false;
  feed->buffered.clear();
  request.set_first_sequence(considered_to + 1);
  request.set_last_sequence(0);
  range_fixed = false;
  failures = 0;
  Start();
}

void ReplayClient::Impl::OnGap(Handoff* feed) {
  if (feed->live) {
    Restart(feed);
  } else {
    feed->gap = true;  // the buffer misses items: replay again at the end
  }
}

bool ReplayClient::Impl::Consider(const v1::ReportSummary& summary,
                                  const v1::ReplayRequest& filters,
                                  const ReplaySink& sink) {
  if (summary.sequence() <= considered_to) return true;  // replayed already
  considered_to = summary.sequence();
  if (!ReplayFiltersPass(filters, summary)) return true;
  return Deliver(ReportFromSummary(summary), summary.followup(),
                 /*live=*/true, sink);
}

bool ReplayClient::Impl::HandOver(Handoff* feed,
                                  const v1::ReplayRequest& filters,
                                  const ReplaySink& sink) {
  if (feed->gap) {
    Restart(feed);
    return true;
  }
  feed->live = true;
  for (const v1::ReportSummary& summary : feed->buffered) {
    if (!Consider(summary, filters, sink)) return false;
  }
  feed->buffered.clear();
  return true;
}

bool ReplayClient::Impl::ReadFeed(Handoff* feed,
                                  const v1::ReplayRequest& filters,
                                  const ReplaySink& sink) {
  std::vector<v1::FeedItem> items;
  for (int i = 0; i < kBatch && ReceiveFeedItems(sub, &items); ++i) {
    feed->heard = Clock::now();
    for (const v1::FeedItem& one : items) {
      if (!ReadItem(feed, one, filters, sink)) return false;
    }
    items.clear();
  }
  return true;
}

bool ReplayClient::Impl::ReadItem(Handoff* feed, const v1::FeedItem& item,
                                  const v1::ReplayRequest& filters,
                                  const ReplaySink& sink) {
  if (item.has_heartbeat()) {
    if (item.heartbeat().feed_sequence() > feed->feed_sequence) {
      feed->feed_sequence = item.heartbeat().feed_sequence();
      OnGap(feed);
    }
    return true;
  }
  if (item.feed_sequence() <= feed->feed_sequence) return true;  // stale
  const bool jumped = item.feed_sequence() > feed->feed_sequence + 1;
  feed->feed_sequence = item.feed_sequence();
  if (jumped) {
    OnGap(feed);  // this item too is stored: the next replay has it
    return true;
  }
  if (!item.has_report()) return true;
  if (!feed->live) {
    feed->buffered.push_back(item.report());
    return true;
  }
  return Consider(item.report(), filters, sink);
}

ReplayClient::ReplayClient(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
ReplayClient::~ReplayClient() = default;

Result<std::unique_ptr<ReplayClient>> ReplayClient::Open(
    ReplayOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  XINBAO_RETURN_IF_ERROR(OpenDealer(impl->options.query_endpoint,
                                    &impl->context, &impl->dealer,
                                    impl->options.curve));
  return std::unique_ptr<ReplayClient>(new ReplayClient(std::move(impl)));
}

Result<ReplayOutcome> ReplayClient::Impl::Run(
    const ReplaySink& sink, Handoff* feed, const v1::ReplayRequest& filters) {
  Start();
  while (true) {
    bool going = !(sink.stop_requested && sink.stop_requested());
    if (going) {
      Result<std::pair<bool, bool>> readable = Wait();
      if (!readable.ok()) return readable.status();
      if (readable->first) {
        Result<Step> step = ReadReplies(sink);
        if (!step.ok()) return step.status();
        if (*step == Step::kDone && feed == nullptr) return outcome;
        going = *step != Step::kStopped &&
                (*step != Step::kDone || HandOver(feed, filters, sink));
      }
      if (going && readable->second) going = ReadFeed(feed, filters, sink);
    }
    if (!going) {
      Cancel();
      outcome.stopped = true;
      return outcome;
    }
    if (feed != nullptr && Clock::now() - feed->heard >= options.feed_timeout) {
      // The broker is gone or restarted: a new subscription, and the
      // replay again from the last report considered.
      XINBAO_RETURN_IF_ERROR(ConnectFeed(feed, sink, options.max_resumes + 1));
      OnGap(feed);
    }
  }
}

Result<ReplayOutcome> ReplayClient::Replay(v1::ReplayRequest request,
                                           const ReplaySink& sink) {
  impl_->sub.close();  // a Follow() before this one
  impl_->Reset(request);
  return impl_->Run(sink, nullptr, request);
}

Result<ReplayOutcome> ReplayClient::Follow(v1::ReplayRequest request,
                                           const ReplaySink& sink) {
  request.set_last_sequence(0);
  request.set_to_ms(0);
  impl_->Reset(request);
  Handoff feed;
  XINBAO_RETURN_IF_ERROR(impl_->ConnectFeed(&feed, sink, 1));
  return impl_->Run(sink, &feed, request);
}

}  // namespace xinbao::client
