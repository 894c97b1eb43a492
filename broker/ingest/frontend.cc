#include "broker/ingest/frontend.h"

#include "broker/ingest/skip_level.h"

#include <spdlog/spdlog.h>
#include <zmq_addon.hpp>

#include <algorithm>
#include <chrono>
#include <iterator>
#include <limits>

#include "broker/base/zone_field.h"
#include "broker/ingest/request_decoder.h"
#include "broker/ingest/submit_request.h"

namespace xinbao::broker {
namespace {

// Most requests read in one go before acks get a turn. Small, so that
// under a flood of refusals (each decoded and answered on this thread) a
// written batch's acks and another unit's request wait behind a few
// hundred microseconds of them, not milliseconds; the ingest bench shows
// no cost against 512 (BENCHMARKS.md, "Fairness under a flood").
constexpr std::size_t kReadBurst = 64;
constexpr std::chrono::milliseconds kPollInterval{100};

// Who a refusal is counted against in the log: the unit of the key that
// sent it, else the registered unit its request names (ShareUnit), else the peer's
// address — never a name the request made up, so made-up names stay one
// kind.
std::string RefusalSource(const Admission& admission, std::string_view unit_id,
                          const zmq::message_t& payload,
                          const UnitRegistry& units) {
  if (admission.user != nullptr) unit_id = admission.user->unit_id;
  if (const Unit* unit = units.Find(unit_id)) return unit->name;
  const char* address = zmq_msg_gets(payload.handle(), "Peer-Address");
  return address != nullptr && *address != '\0' ? address : "未知来源";
}

// A refusal is the client's business (info), a failed write the
// operator's (warn).
spdlog::level::level_enum RefusalLevel(v1::ErrorCode code) {
  return code == v1::ERROR_CODE_STORAGE_FAILURE ? spdlog::level::warn
                                                : spdlog::level::info;
}

int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

int64_t SteadyUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Frontend::Frontend(zmq::socket_t router, zmq::socket_t link,
                   const BrokerConfig& config, Clock clock, Gatekeeper gate,
                   Vitals* vitals, zmq::socket_t inner)
    : router_(std::move(router)),
      inner_(std::move(inner)),
      link_(std::move(link)),
      config_(config),
      validator_(config.limits, config.units, config.security, config.tree.id),
      clock_(std::move(clock)),
      gate_(std::move(gate)),
      shares_(config.fairness),
      refusals_(config.log.refusals_per_second),
      vitals_(vitals),
      zone_field_(ZoneField(config.zone().name())) {}

void Frontend::Run() {
  bool stop_sent = false;
  while (true) {
    if (stop_requested_.load() && !stop_sent) {
      SendOwned<SubmissionBatch>(link_, nullptr);
      stop_sent = true;
    }
    const bool accepting =
        !stop_sent && in_flight_ < config_.commit.max_in_flight;
    const short reading = static_cast<short>(accepting ? ZMQ_POLLIN : 0);
    zmq::pollitem_t items[] = {
        {link_.handle(), 0, ZMQ_POLLIN, 0},
        {router_.handle(), 0, reading, 0},
        {inner_.handle(), 0, reading, 0},
    };
    try {
      zmq::poll(items, inner_ ? 3 : 2, kPollInterval);
    } catch (const zmq::error_t& error) {
      if (error.num() == EINTR) continue;
      throw;
    }
    if ((items[0].revents & ZMQ_POLLIN) && !DeliverCommitted()) {
      // Stopped: what got no line of its own is summed up now.
      LogRefusalSummaries(std::numeric_limits<int64_t>::max());
      return;
    }
    if (items[1].revents & ZMQ_POLLIN) ReadRequests(false);
    if (inner_ && (items[2].revents & ZMQ_POLLIN)) ReadRequests(true);
    LogRefusalSummaries(SteadyMs());
  }
}

void Frontend::ReadRequests(bool inner) {
  zmq::socket_t& from = inner ? inner_ : router_;
  auto batch = std::make_unique<SubmissionBatch>();
  batch->submissions.reserve(kReadBurst);
  std::vector<zmq::message_t> frames;
  for (std::size_t i = 0; i < kReadBurst; ++i) {
    if (in_flight_ + batch->submissions.size() >= config_.commit.max_in_flight) {
      break;
    }
    frames.clear();
    if (!zmq::recv_multipart(from, std::back_inserter(frames),
                             zmq::recv_flags::dontwait)) {
      break;
    }
    const int64_t read_at_us = SteadyUs();
    const std::size_t accepted = batch->submissions.size();
    HandleRequest(frames, batch.get(), inner);
    if (batch->submissions.size() > accepted) {
      batch->submissions.back()->read_at_us = read_at_us;
    } else {
      answered_us_.push_back(SteadyUs() - read_at_us);  // refused at once
    }
  }
  RecordAckLatencies();
  if (batch->submissions.empty()) return;
  in_flight_ += batch->submissions.size();
  if (vitals_ != nullptr) vitals_->SetWaiting(in_flight_);
  SendOwned(link_, std::move(batch));
}

void Frontend::HandleRequest(std::vector<zmq::message_t>& frames,
                             SubmissionBatch* batch, bool inner) {
  // ROUTER gives [routing id][empty][payload] for a well-behaved DEALER
  // or REQ client (docs/PROTOCOL.md).
  zmq::message_t& routing_id = frames.front();
  if (frames.size() != 3 || frames[1].size() != 0) {
    const Status malformed(v1::ERROR_CODE_MALFORMED,
                           "请求的帧结构不对：应为一个空分隔帧加一个请求帧");
    LogRefusal(RefusalSource({}, {}, frames.back(), config_.units), {},
               malformed);
    SendError(routing_id, "", malformed, inner);
    return;
  }
  zmq::message_t& payload = frames[2];
  v1::Envelope envelope;
  Status status = DecodeEnvelope(payload.to_string_view(), config_.limits,
                                 &envelope);
  Admission admission;
  if (status.ok() && !inner) {  // the inner socket: this process (above)
    admission = gate_.Admit(payload, envelope);
    status = admission.status;
  } else if (status.ok() && !envelope.has_submit() &&
             !envelope.has_downward_item()) {
    status = Status(v1::ERROR_CODE_UNKNOWN_REQUEST, "内部端口只收报告和上级下发");
  }
  // A unit over its share is refused before its request is validated:
  // under a flood that refusal is most of what the frontend does.
  const std::string_view share_unit = ShareUnit(admission, envelope);
  const int64_t now_us = SteadyUs();
  if (status.ok()) status = shares_.Check(share_unit, now_us);
  bool skip_level = false;  // a 越级 report, taken as its county's
  if (status.ok()) {
    status = TakeSkipLevel(admission.user, config_.tree, config_.units, &envelope,
                           &skip_level);
  }
  // An item of the parent's 下发 (only the inner socket gets this far with
  // one) is checked where it is recorded.
  if (status.ok() && !(inner && envelope.has_downward_item())) {
    status = CheckRequest(envelope, skip_level);
  }
  if (status.ok()) status = shares_.Take(share_unit, now_us);
  if (!status.ok()) {
    LogRefusal(RefusalSource(admission, share_unit, payload, config_.units),
               envelope.request_id(), status);
    SendError(routing_id, envelope.request_id(), status, inner);
    return;
  }
  Submission& submission =
      *batch->submissions.emplace_back(std::make_unique<Submission>());
  submission.share_unit = share_unit;
  submission.inner = inner;
  if (!envelope.has_submit()) {
    submission.routing_id = std::move(routing_id);
    submission.request_id = std::move(*envelope.mutable_request_id());
    submission.command = std::make_unique<v1::Envelope>(std::move(envelope));
    // Kept for the audit record of a refusal only the committer can make
    // (a unit acting on an item not assigned to it).
    submission.payload = std::move(payload);
    submission.admission = std::move(admission);
    return;
  }
  const std::string_view bytes = payload.to_string_view();
  // The report's bytes as they came are stored as they are — unless this
  // broker rewrote the report (越级), which is then encoded afresh.
  const std::string_view encoded =
      skip_level ? std::string_view() : LocateEncodedReport(bytes);
  submission.report_offset = encoded.empty() ? 0 : encoded.data() - bytes.data();
  submission.report_length = encoded.size();
  // The archive chain's digest of the stored report begins here, on this
  // thread, so that the one writer only finishes it (PartialDigest).
  if (!encoded.empty()) submission.report_digest.emplace().Add(encoded);
  submission.payload = std::move(payload);
  submission.routing_id = std::move(routing_id);
  submission.request_id = std::move(*envelope.mutable_request_id());
  submission.report.Swap(envelope.mutable_submit()->mutable_report());
  // Whose key forwarded it, for the children's figures (a child broker).
  if (submission.report.has_forwarded()) submission.admission = std::move(admission);
}

Status Frontend::CheckRequest(const v1::Envelope& envelope,
                              bool skip_level) const {
  return CheckSubmitRequest(envelope, validator_, config_, clock_(), skip_level);
}

bool Frontend::DeliverCommitted() {
  zmq::message_t message;
  while (link_.recv(message, zmq::recv_flags::dontwait)) {
    std::unique_ptr<CommittedBatch> committed =
        AdoptOwned<CommittedBatch>(message);
    if (committed == nullptr) return false;
    in_flight_ -= committed->submissions.size();
    if (vitals_ != nullptr) vitals_->SetWaiting(in_flight_);
    v1::Reply reply;
    const int64_t answered_at_us = SteadyUs();
    int64_t oldest_read_us = answered_at_us;
    for (std::size_t i = 0; i < committed->submissions.size(); ++i) {
      Submission& submission = *committed->submissions[i];
      answered_us_.push_back(answered_at_us - submission.read_at_us);
      oldest_read_us = std::min(oldest_read_us, submission.read_at_us);
      shares_.Release(submission.share_unit);
      Answer& answer = committed->answers[i];
      const storage::AppendOutcome& outcome = answer.outcome;
      if (!outcome.status.ok()) {
        LogRefusal(RefusalSource(submission.admission, submission.share_unit,
                                 submission.payload, config_.units),
                   submission.request_id, outcome.status, /*committed=*/true);
        if (submission.command != nullptr &&
            outcome.status.code() == v1::ERROR_CODE_NOT_PERMITTED) {
          gate_.Record(v1::AuditRecord::KIND_ROLE_VIOLATION,
                       submission.admission, submission.payload,
                       *submission.command, outcome.status.message());
        }
        SendError(submission.routing_id, submission.request_id, outcome.status,
                  submission.inner);
        continue;
      }
      reply.Clear();
      reply.set_request_id(submission.request_id);
      if (submission.command != nullptr && answer.caibian_done) {
        reply.mutable_caibian_changed()->Swap(&answer.caibian);
        SendReply(submission.routing_id, reply, submission.inner);
        continue;
      }
      if (submission.command != nullptr && answer.duban.has_item()) {
        reply.mutable_duban_changed()->Swap(&answer.duban);
        SendReply(submission.routing_id, reply, submission.inner);
        continue;
      }
      if (submission.command != nullptr) {
        reply.mutable_event_changed()->Swap(&answer.changed);
        SendReply(submission.routing_id, reply, submission.inner);
        continue;
      }
      if (vitals_ != nullptr && submission.report.has_forwarded() &&
          !submission.report.forwarded().hops().empty()) {
        const v1::Forwarding& way = submission.report.forwarded();
        vitals_->RecordChildReport(
            way.hops().empty() ? way.origin_broker() : way.hops().rbegin()->broker_id(),
            submission.admission.user != nullptr ? submission.admission.user->name : "",
            submission.report.unit_id(), outcome.ack.duplicate, clock_());
      }
      v1::Ack* ack = reply.mutable_ack();
      ack->set_sequence(outcome.ack.sequence);
      ack->set_stored_at_ms(outcome.ack.stored_at_ms);
      ack->set_duplicate(outcome.ack.duplicate);
      ack->set_unit_id(SubmittedUnit(submission.report));
      ack->set_idempotency_key(submission.report.idempotency_key());
      if (!answer.note.event_id().empty()) ack->mutable_event()->Swap(&answer.note);
      if (!answer.commission.commission_id().empty()) {
        ack->mutable_commission()->Swap(&answer.commission);
      }
      SendReply(submission.routing_id, reply, submission.inner);
    }
    shares_.NoteRoundTrip(answered_at_us - oldest_read_us);
    RecordAckLatencies();
  }
  return true;
}

void Frontend::RecordAckLatencies() {
  if (vitals_ != nullptr && !answered_us_.empty()) {
    vitals_->RecordAckLatencies(answered_us_);
  }
  answered_us_.clear();
}

void Frontend::LogRefusal(const std::string& source,
                          std::string_view request_id, const Status& status,
                          bool committed) {
  if (!refusals_.Admit(source, status.code(), SteadyMs())) return;
  if (committed) {
    spdlog::log(RefusalLevel(status.code()), "request {:?} from {} not done: {}",
                request_id, source, status.ToString());
  } else {
    spdlog::log(RefusalLevel(status.code()), "refused request {:?} from {}: {}",
                request_id, source, status.ToString());
  }
}

void Frontend::LogRefusalSummaries(int64_t now_ms) {
  for (const RefusalSummary& summary : refusals_.TakeSummaries(now_ms)) {
    spdlog::log(RefusalLevel(summary.code), "{}", summary.Text());
  }
}

void Frontend::SendError(zmq::message_t& routing_id,
                         const std::string& request_id, const Status& status,
                         bool inner) {
  if (vitals_ != nullptr) vitals_->CountRefusal(status.code());
  v1::Reply reply;
  reply.set_request_id(request_id);
  status.ToWire(reply.mutable_error());
  SendReply(routing_id, reply, inner);
}

void Frontend::SendReply(zmq::message_t& routing_id, const v1::Reply& reply,
                         bool inner) {
  reply.SerializeToString(&reply_buffer_);
  reply_buffer_ += zone_field_;
  // A ROUTER drops a reply to a client that has gone away; that client's
  // outbox resends and gets the original ack back as a duplicate.
  zmq::socket_t& to = inner ? inner_ : router_;
  to.send(routing_id, zmq::send_flags::sndmore);
  to.send(zmq::message_t(), zmq::send_flags::sndmore);
  to.send(zmq::buffer(reply_buffer_), zmq::send_flags::none);
}

}  // namespace xinbao::broker
