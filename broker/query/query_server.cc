#include "broker/query/query_server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <iterator>
#include <set>
#include <zmq_addon.hpp>

#include "broker/base/zone_field.h"
#include "broker/events/event_order.h"
#include "broker/events/event_timeline.h"
#include "broker/feed/feed_snapshot.h"
#include "broker/history/as_of_query.h"
#include "broker/history/stats_query.h"
#include "broker/ingest/request_decoder.h"
#include "broker/query/caibian_answers.h"
#include "broker/query/duban_answers.h"
#include "broker/query/policy_answer.h"
#include "broker/query/report_answers.h"
#include "broker/query/status_answer.h"
#include "broker/query/whoami_answer.h"
#include "broker/units/unit_names.h"
#include "broker/units/unit_registry.h"

namespace xinbao::broker {
namespace {

constexpr std::size_t kReadBurst = 64;
constexpr std::chrono::milliseconds kPollInterval{100};
// A query that takes longer than this is logged.
constexpr int64_t kSlowQueryMs = 1000;
// Event ids are at most this long (the validator refuses longer ones).
constexpr std::size_t kMaxEventIdChars = 64;

bool HasOpenAlarmOfConcern(const v1::EventState& event) {
  return std::any_of(
      event.alarms().begin(), event.alarms().end(), [](const v1::Alarm& a) {
        return a.open() && (a.kind() == v1::ALARM_KIND_OVERDUE ||
                            a.kind() == v1::ALARM_KIND_ESCALATED ||
                            a.kind() == v1::ALARM_KIND_CONCEALMENT_SUSPECTED);
      });
}

}  // namespace

QueryServer::QueryServer(zmq::socket_t router,
                         const storage::ReportStore& store,
                         const BrokerConfig& config, Clock clock,
                         Gatekeeper gate, RegistryKeeper* registry,
                         Vitals* vitals, BackupKeeper* backups,
                         const UpstreamLink* upstream, DownwardQueue* downward)
    : router_(std::move(router)),
      store_(store),
      config_(config),
      clock_(std::move(clock)),
      replays_(store, config.units,
               [this](const std::string& routing_id, std::string_view reply) {
                 SendBytes(zmq::buffer(routing_id), reply);
               }),
      gate_(std::move(gate)),
      registry_(registry),
      vitals_(vitals),
      backups_(backups),
      upstream_(upstream),
      downward_(downward),
      zone_field_(ZoneField(config.zone().name())) {}

void QueryServer::Run() {
  int64_t expired_at = clock_();
  while (!stop_requested_.load()) {
    zmq::pollitem_t item{router_.handle(), 0, ZMQ_POLLIN, 0};
    try {
      // Replays with credit are read between bursts of questions: the
      // socket is only peeked at while they have work.
      zmq::poll(&item, 1,
                replays_.HasWork() ? std::chrono::milliseconds(0)
                                   : kPollInterval);
    } catch (const zmq::error_t& error) {
      if (error.num() == EINTR) continue;
      throw;
    }
    if (item.revents & ZMQ_POLLIN) ReadRequests();
    const int64_t now = clock_();
    if (replays_.HasWork()) replays_.Step(now);
    if (backups_ != nullptr) AnswerBackups();
    if (now - expired_at >= kPollInterval.count()) {
      replays_.Expire(now);
      expired_at = now;
      if (vitals_ != nullptr) vitals_->SetActiveReplays(replays_.size());
    }
  }
}

void QueryServer::ReadRequests() {
  std::vector<zmq::message_t> frames;
  for (std::size_t i = 0; i < kReadBurst && !stop_requested_.load(); ++i) {
    frames.clear();
    if (!zmq::recv_multipart(router_, std::back_inserter(frames),
                             zmq::recv_flags::dontwait)) {
      return;
    }
    HandleRequest(frames);
  }
}

void QueryServer::HandleRequest(std::vector<zmq::message_t>& frames) {
  // [routing id][empty][Envelope], as on the submit socket.
  zmq::message_t& routing_id = frames.front();
  v1::Envelope envelope;
  Status status =
      frames.size() == 3 && frames[1].size() == 0
          ? DecodeEnvelope(frames[2].to_string_view(), config_.limits,
                           &envelope)
          : Status(v1::ERROR_CODE_MALFORMED,
                   "请求的帧结构不对：应为一个空分隔帧加一个请求帧");
  Admission admission;
  if (status.ok()) {
    admission = gate_.Admit(frames[2], envelope);
    status = admission.status;
  }
  if (status.ok() && (envelope.has_replay() || envelope.has_replay_credit())) {
    // A gateway's replays belong to the user it acts for: another user on
    // the same connection cannot credit or cancel them.
    Stream(routing_id, admission.via != nullptr ? admission.user->name : "",
           ViewerOf(admission.user, config_.units).duban.reader_unit, envelope);
    return;
  }
  v1::Reply reply;
  reply.set_request_id(envelope.request_id());
  const int64_t started_ms = clock_();
  const Viewer viewer = ViewerOf(admission.user, config_.units);
  std::string withheld;  // an event that exists but is not the asker's
  if (status.ok() && envelope.has_whoami()) {
    AnswerWhoAmI(admission.user, admission.via, config_, clock_(),
                 reply.mutable_whoami());
  } else if (status.ok() && envelope.has_policy()) {
    AnswerPolicy(config_, reply.mutable_policy());
  } else if (status.ok() && envelope.has_status() && vitals_ != nullptr) {
    vitals_->SetActiveReplays(replays_.size());
    AnswerStatus(*vitals_, store_, config_, admission.user, clock_(),
                 reply.mutable_status());
    if (backups_ != nullptr) {
      if (std::optional<storage::BackupMade> newest = backups_->Newest()) {
        *reply.mutable_status()->mutable_last_backup() = BackupInfoOf(*newest);
      }
      reply.mutable_status()->set_backup_every_ms(backups_->every_ms());
    }
    if (upstream_ != nullptr) {
      *reply.mutable_status()->mutable_upstream_link() = upstream_->Reading(clock_());
    }
    if (downward_ != nullptr) FillDownward(reply.mutable_status());
  } else if (status.ok() && envelope.has_downward() && downward_ != nullptr) {
    if (admission.user == nullptr) {
      status = Status(v1::ERROR_CODE_NOT_PERMITTED,
                      "本级未启用 CURVE，无法识别是哪个下级来取下发");
    } else {
      status = downward_->Answer(admission.user->unit_id, envelope.downward(),
                                 reply.mutable_downward_page());
    }
  } else if (status.ok() && envelope.has_backup() && backups_ != nullptr) {
    status = CheckBackupNote(envelope.backup().note());
    if (status.ok()) {
      std::string note = envelope.backup().note();
      if (note.empty()) {
        note = "requested by " +
               (admission.user != nullptr ? admission.user->name
                                          : std::string("an operator"));
      }
      spdlog::info("backup asked for by {} ({:?})",
                   admission.user != nullptr ? admission.user->name : "-",
                   envelope.request_id());
      // Answered when it is done (AnswerBackups()).
      backups_->Order(
          {routing_id.to_string(), envelope.request_id(), std::move(note)});
      return;
    }
  } else if (status.ok() && envelope.has_verify_chain() &&
             backups_ != nullptr) {
    spdlog::info("archive chain check asked for by {} ({:?})",
                 admission.user != nullptr ? admission.user->name : "-",
                 envelope.request_id());
    BackupOrder order{routing_id.to_string(), envelope.request_id(), {}};
    order.verify = true;
    backups_->Order(std::move(order));  // answered by AnswerBackups()
    return;
  } else if (status.ok() && envelope.has_export_chain()) {
    Result<v1::ChainPage> page = store_.ReadChain(envelope.export_chain());
    if (page.ok()) {
      *reply.mutable_chain_page() = std::move(page).value();
    } else {
      status = page.status();
    }
  } else if (status.ok()) {
    status = Answer(envelope, viewer, &reply, &withheld);
  }
  if (!withheld.empty()) {
    gate_.Record(
        v1::AuditRecord::KIND_ROLE_VIOLATION, admission, frames[2], envelope,
        envelope.has_get_duban()
            ? "报送员查询非本单位承办的督办事项 " + withheld + "（答复为查无此事项）"
            : "报送员查询与本单位无关的事件 " + withheld + "（答复为查无此事件）");
  }
  const int64_t took_ms = clock_() - started_ms;
  if (took_ms > kSlowQueryMs) {
    spdlog::warn("query {:?} took {} ms", envelope.request_id(), took_ms);
  }
  if (!status.ok()) {
    spdlog::info("refused query {:?}: {}", envelope.request_id(),
                 status.ToString());
    SendError(routing_id, envelope.request_id(), status);
    return;
  }
  SendReply(zmq::buffer(routing_id.data(), routing_id.size()), reply);
}

void QueryServer::AnswerBackups() {
  for (BackupDone& done : backups_->TakeDone()) {
    zmq::message_t routing_id(done.order.routing_id.data(),
                              done.order.routing_id.size());
    if (!done.status.ok()) {
      SendError(routing_id, done.order.request_id, done.status);
      continue;
    }
    v1::Reply reply;
    reply.set_request_id(done.order.request_id);
    if (done.order.verify) {
      *reply.mutable_chain_check() = std::move(done.check);
    } else {
      *reply.mutable_backup() = std::move(done.backup);
    }
    SendReply(zmq::buffer(routing_id.data(), routing_id.size()), reply);
  }
}

void QueryServer::FillDownward(v1::BrokerStatus* status) const {
  std::map<std::string, uint64_t> queued = store_.DownwardTails();
  for (v1::ChildLink& child : *status->mutable_children()) {
    downward_->Fill(child.unit_id(), &child);
    queued.erase(child.unit_id());
  }
  // A child with items queued that has not forwarded since start.
  for (const auto& [unit, tail] : queued) {
    v1::ChildLink& child = *status->add_children();
    child.set_unit_id(unit);
    downward_->Fill(unit, &child);
  }
}

QueryServer::Viewer QueryServer::ViewerOf(const User* user,
                                          const UnitRegistry& units) {
  Viewer viewer;
  if (user == nullptr) return viewer;  // no CURVE: everything
  if (!MayDo(user->role, Action::kReadAll)) {
    viewer.events_unit = user->unit_id;
    viewer.duban.only_unit = user->unit_id;
  }
  viewer.duban.reader_unit = user->unit_id;
  // The office's editors compile the monthly 通报: a monitor of an office
  // unit (the assessor, which has no row of its own) sees every row.
  const Unit* unit = units.Find(user->unit_id);
  const bool assessor = MayDo(user->role, Action::kCaibian) && unit != nullptr &&
                        unit->kind == UnitKind::kOffice;
  if (!MayDo(user->role, Action::kHistory) && !assessor) {
    viewer.stats_unit = user->unit_id;
  }
  return viewer;
}

void QueryServer::Stream(zmq::message_t& routing_id, const std::string& owner,
                         std::string_view reader_unit,
                         const v1::Envelope& envelope) {
  const std::string peer = routing_id.to_string();
  const bool start = envelope.has_replay();
  // Errors about a running replay carry its id, so that its client sees
  // them among the chunks.
  const std::string& id = start ? envelope.request_id()
                                : envelope.replay_credit().replay_id();
  const Status status =
      start ? replays_.Start(peer, owner, id, envelope.replay(), reader_unit,
                             clock_())
            : replays_.Credit(peer, owner, envelope.replay_credit(), clock_());
  if (status.ok()) return;
  // Credit that crosses the last chunk is normal: not worth a log line.
  if (status.code() == v1::ERROR_CODE_UNKNOWN_REPLAY) {
    spdlog::debug("refused replay {:?}: {}", id, status.ToString());
  } else {
    spdlog::info("refused replay {:?}: {}", id, status.ToString());
  }
  SendError(routing_id, id, status);
}

Status QueryServer::Answer(const v1::Envelope& envelope, const Viewer& viewer,
                           v1::Reply* reply, std::string* withheld) const {
  switch (envelope.body_case()) {
    case v1::Envelope::kListEvents:
      return ListEvents(envelope.list_events(), viewer.events_unit,
                        reply->mutable_event_list());
    case v1::Envelope::kGetEvent:
      return GetEvent(envelope.get_event(), viewer.events_unit,
                      reply->mutable_event_detail(), withheld);
    case v1::Envelope::kListAlarms:
      return ListAlarms(envelope.list_alarms(), viewer.events_unit,
                        reply->mutable_alarm_list());
    case v1::Envelope::kSnapshot:
      return BuildSnapshot(store_, config_.units, envelope.snapshot(), clock_(),
                           reply->mutable_snapshot());
    case v1::Envelope::kAsOf:
      return AnswerAsOf(store_, config_, envelope.as_of(),
                        viewer.duban.reader_unit, reply->mutable_as_of());
    case v1::Envelope::kListDuban:
      return ListDuban(store_, config_, envelope.list_duban(), viewer.duban,
                       reply->mutable_duban_list());
    case v1::Envelope::kGetDuban:
      return GetDuban(store_, config_, envelope.get_duban(), viewer.duban,
                      reply->mutable_duban_detail(), withheld);
    case v1::Envelope::kStats: {
      XINBAO_RETURN_IF_ERROR(AnswerStats(store_, config_, envelope.stats(),
                                         clock_(), reply->mutable_stats()));
      if (!viewer.stats_unit.empty()) {
        KeepOwnRow(viewer.stats_unit, reply->mutable_stats());
      }
      return Status::Ok();
    }
    case v1::Envelope::kListBulletins:
      return ListBulletins(store_, config_, envelope.list_bulletins(),
                           reply->mutable_bulletin_list());
    case v1::Envelope::kGetBulletin:
      return GetBulletin(store_, config_, envelope.get_bulletin(), clock_(),
                         reply->mutable_bulletin_detail());
    case v1::Envelope::kFeedback:
      return AnswerFeedback(store_, config_, envelope.feedback(),
                            viewer.events_unit, clock_(),
                            reply->mutable_feedback());
    case v1::Envelope::kListCommissions:
      return ListCommissions(store_, config_, envelope.list_commissions(),
                             viewer.events_unit,
                             reply->mutable_commission_list());
    case v1::Envelope::kGetReports:
      return GetReports(store_, config_.units, envelope.get_reports(),
                        viewer.events_unit, reply->mutable_report_list());
    case v1::Envelope::kListAudit:
      return ListAudit(envelope.list_audit(), reply->mutable_audit_list());
    case v1::Envelope::kReloadRegistry: {
      if (registry_ == nullptr) return NoRegistry();
      Result<std::size_t> users = registry_->Reload();
      if (!users.ok()) return users.status();
      reply->mutable_registry_reloaded()->set_users(
          static_cast<uint32_t>(*users));
      return Status::Ok();
    }
    default:
      return Status(v1::ERROR_CODE_UNKNOWN_REQUEST,
                    "这里是查询端口，只受理查询、回放、统计和管理；报送报告、"
                    "并案、重新开启事件和督办事项的交办与办理请发往报送端口");
  }
}

Status QueryServer::ListEvents(const v1::ListEventsRequest& request,
                               std::string_view only_unit,
                               v1::EventList* list) const {
  if (request.include_closed()) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "暂不支持查询已结束的事件，只能列出未结束的事件",
                  "list_events.include_closed");
  }
  const std::size_t limit = request.limit() == 0
                                ? kDefaultListLimit
                                : std::min(request.limit(), kMaxListLimit);
  // Keep at most 2 × limit events in memory: trim to the newest `limit`
  // whenever that fills up.
  std::vector<v1::EventState> events;
  auto keep_newest = [&] {
    if (events.size() <= limit) return;
    std::partial_sort(events.begin(), events.begin() + limit, events.end(),
                      OpenedLater);
    events.resize(limit);
  };
  XINBAO_RETURN_IF_ERROR(store_.ScanOpenEvents([&](const v1::EventState& e) {
    if (request.overdue_only() && !HasOpenAlarmOfConcern(e)) return true;
    if (!only_unit.empty() && !Concerns(e, only_unit)) return true;
    events.push_back(e);
    if (events.size() >= 2 * limit) keep_newest();
    return true;
  }));
  keep_newest();
  std::sort(events.begin(), events.end(), OpenedLater);
  for (v1::EventState& event : events) {
    AddUnitNames(event, config_.units, list->mutable_unit_names());
    list->add_events()->Swap(&event);
  }
  return Status::Ok();
}

Status QueryServer::GetEvent(const v1::GetEventRequest& request,
                             std::string_view only_unit,
                             v1::EventDetail* detail,
                             std::string* withheld) const {
  const std::string& event_id = request.event_id();
  if (event_id.empty()) {
    return Status(v1::ERROR_CODE_MISSING_FIELD, "请给出要查询的事件编号",
                  "get_event.event_id");
  }
  if (!IsWellFormedId(event_id, kMaxEventIdChars)) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "事件编号格式不对：应为 1–64 个字母、数字或 . _ - :",
                  "get_event.event_id");
  }
  // To a reporter an event of another unit reads exactly as one that does
  // not exist: whether it exists is not the unit's business either.
  const Status unknown(
      v1::ERROR_CODE_UNKNOWN_EVENT,
      "没有编号为 " + event_id +
          (only_unit.empty() ? " 的事件" : " 的、与本单位有关的事件"),
      "get_event.event_id");
  Result<std::optional<v1::EventState>> found = store_.GetEvent(event_id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return unknown;
  v1::EventState& event = **found;
  if (!only_unit.empty() && !Concerns(event, only_unit)) {
    *withheld = event_id;  // the asking is written down (HandleRequest)
    return unknown;
  }

  // The reports filed under this event: its own and those of the events
  // merged into it (merged_from lists them all, also those merged into
  // them before).
  std::set<std::string> ids(event.merged_from().begin(),
                            event.merged_from().end());
  ids.insert(event_id);
  std::vector<v1::Report> reports;
  for (const std::string& id : ids) {
    XINBAO_RETURN_IF_ERROR(store_.ScanEvent(id, [&](const v1::Report& r) {
      reports.push_back(r);
      return true;
    }));
  }
  std::sort(reports.begin(), reports.end(),
            [](const v1::Report& a, const v1::Report& b) {
              return a.sequence() < b.sequence();
            });
  for (v1::Report& report : reports) {
    for (v1::Attachment& attachment : *report.mutable_attachments()) {
      attachment.clear_data();
    }
    AddUnitNames(report, config_.units, detail->mutable_unit_names());
    detail->add_reports()->Swap(&report);
  }
  for (v1::TimelineEntry& entry : BuildTimeline(event, config_.units)) {
    detail->add_timeline()->Swap(&entry);
  }
  AddUnitNames(event, config_.units, detail->mutable_unit_names());
  detail->mutable_event()->Swap(&event);
  return Status::Ok();
}

Status QueryServer::ListAlarms(const v1::ListAlarmsRequest& request,
                               std::string_view only_unit,
                               v1::AlarmList* list) const {
  std::vector<v1::Alarm> alarms;
  XINBAO_RETURN_IF_ERROR(store_.ScanOpenEvents([&](const v1::EventState& e) {
    if (!only_unit.empty() && !Concerns(e, only_unit)) return true;
    for (const v1::Alarm& alarm : e.alarms()) {
      if (!alarm.open() && !request.include_cleared()) continue;
      alarms.push_back(alarm);
      // Older records may lack it; the duty officer needs it.
      if (alarms.back().event_id().empty()) {
        alarms.back().set_event_id(e.event_id());
      }
    }
    return true;
  }));
  std::sort(alarms.begin(), alarms.end(), AlarmBefore);
  for (v1::Alarm& alarm : alarms) {
    AddUnitName(alarm.unit_id(), config_.units, list->mutable_unit_names());
    list->add_alarms()->Swap(&alarm);
  }
  return Status::Ok();
}

Status QueryServer::ListAudit(const v1::ListAuditRequest& request,
                              v1::AuditList* list) const {
  const std::size_t limit = request.limit() == 0
                                ? kDefaultListLimit
                                : std::min(request.limit(), kMaxListLimit);
  // One more than asked: whether there is a next page.
  XINBAO_RETURN_IF_ERROR(store_.ScanAudit(
      request.first_sequence(), limit + 1, [&](const v1::AuditRecord& r) {
        if (static_cast<std::size_t>(list->records_size()) == limit) {
          list->set_next_sequence(r.sequence());
          return false;
        }
        *list->add_records() = r;
        return true;
      }));
  return Status::Ok();
}

void QueryServer::SendError(zmq::message_t& routing_id,
                            const std::string& request_id,
                            const Status& status) {
  v1::Reply reply;
  reply.set_request_id(request_id);
  status.ToWire(reply.mutable_error());
  SendReply(zmq::buffer(routing_id.data(), routing_id.size()), reply);
}

void QueryServer::SendReply(zmq::const_buffer routing_id,
                            const v1::Reply& reply) {
  if (!reply.SerializeToString(&reply_buffer_)) {
    // Only a reply over protobuf's 2 GiB limit fails to serialize.
    v1::Reply refusal;
    refusal.set_request_id(reply.request_id());
    Status(v1::ERROR_CODE_MESSAGE_TOO_LARGE, "查询结果太大，请缩小范围")
        .ToWire(refusal.mutable_error());
    refusal.SerializeToString(&reply_buffer_);
  }
  SendBytes(routing_id, reply_buffer_);
}

void QueryServer::SendBytes(zmq::const_buffer routing_id,
                            std::string_view reply) {
  // A ROUTER drops a reply to a client that has gone away; queries are
  // safe to repeat.
  router_.send(routing_id, zmq::send_flags::sndmore);
  router_.send(zmq::message_t(), zmq::send_flags::sndmore);
  // One frame: the reply, then its time_zone field (zone_field.h).
  zmq::message_t frame(reply.size() + zone_field_.size());
  std::memcpy(frame.data(), reply.data(), reply.size());
  std::memcpy(static_cast<char*>(frame.data()) + reply.size(),
              zone_field_.data(), zone_field_.size());
  router_.send(frame, zmq::send_flags::none);
}

}  // namespace xinbao::broker
