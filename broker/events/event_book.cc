#include "broker/events/event_book.h"

#include "broker/base/vitals.h"

#include <algorithm>
#include <utility>

#include "broker/events/alarm_rules.h"
#include "broker/events/event_deadlines.h"
#include "proto/report_origin.h"

namespace xinbao::broker {
namespace {

// More merged_into links than this in a row means the records are corrupt.
constexpr int kMaxMergeHops = 16;

bool IsOpen(const v1::EventState& event) {
  return !event.closed() && event.merged_into().empty();
}

void KeepEarliest(int64_t at_ms, int64_t current, void (v1::EventState::*set)(int64_t),
                  v1::EventState* event) {
  if (at_ms != 0 && (current == 0 || at_ms < current)) (event->*set)(at_ms);
}

void AddUnit(v1::EventState* event, const std::string& unit_id) {
  if (unit_id.empty()) return;
  const auto& units = event->units();
  if (std::find(units.begin(), units.end(), unit_id) == units.end()) {
    event->add_units(unit_id);
  }
}

// When the centre learned of the event from this report.
int64_t KnownAt(const v1::Report& report) {
  if (report.has_phone_call() && report.phone_call().called_at_ms() != 0) {
    return report.phone_call().called_at_ms();
  }
  return report.stored_at_ms();
}

// Whether a 情, 因 or 果 of `shi`'s unit already filed was written before
// `shi`. The reports' written times (成文时间) decide, not their arrival: an
// office writing on two machines may send a later stage first. A record
// kept before written times were (0) counts as written first, as it arrived
// first.
bool LaterStageWrittenBefore(const v1::EventState& event,
                             const v1::Report& shi) {
  for (const v1::EventReport& filed : event.reports()) {
    if (filed.phone_call() || filed.unit_id() != shi.unit_id()) continue;
    if (filed.stage() != v1::STAGE_QING && filed.stage() != v1::STAGE_YIN &&
        filed.stage() != v1::STAGE_GUO) {
      continue;
    }
    if (filed.written_at_ms() == 0 || shi.written_at_ms() == 0 ||
        filed.written_at_ms() < shi.written_at_ms()) {
      return true;
    }
  }
  return false;
}

v1::EventAction* Act(v1::EventState* event, v1::EventAction::Kind kind,
                     int64_t now_ms, const std::string& unit_id,
                     const std::string& officer, const std::string& reason,
                     const std::string& other_event_id) {
  v1::EventAction* action = event->add_actions();
  action->set_kind(kind);
  action->set_at_ms(now_ms);
  action->set_unit_id(unit_id);
  action->set_officer(officer);
  action->set_reason(reason);
  action->set_other_event_id(other_event_id);
  return action;
}

// Whether `report`, on the closed `event`, is a 伤亡人数补报: written, within
// casualty_followup_within of the occurrence, with casualty figures that
// differ from the event's.
bool IsCasualtyFollowup(const v1::EventState& event, const v1::Report& report,
                        const DeadlinePolicy& policy) {
  const int64_t within = policy.casualty_followup_within_ms;
  if (within <= 0 || report.has_phone_call() || !report.has_casualties() ||
      report.stored_at_ms() > OccurrenceBase(event) + within) {
    return false;
  }
  const v1::Casualties& now = report.casualties();
  const v1::Casualties& before = event.casualties();
  return !event.has_casualties() || now.dead() != before.dead() ||
         now.injured() != before.injured() || now.missing() != before.missing();
}

Status UnknownEvent(const std::string& event_id, const std::string& field) {
  return Status(v1::ERROR_CODE_UNKNOWN_EVENT,
                "没有编号为 " + event_id + " 的事件", field);
}

}  // namespace

EventBook::EventBook(const DeadlinePolicy& policy, const UnitRegistry& units,
                     Loader load)
    : policy_(policy), units_(units), load_(std::move(load)) {}

void EventBook::Adopt(v1::EventState event) {
  const std::string id = event.event_id();
  v1::EventState& kept = events_[id] = std::move(event);
  auto owed = [&kept] {
    std::string all;
    for (const v1::Deadline& deadline : kept.deadlines()) {
      all += deadline.SerializeAsString();
    }
    return all;
  };
  const std::string before = owed();
  Refresh(&kept);
  if (owed() != before) changed_.insert(id);
  // Only open events stay in memory (open_events() counts on it): one
  // adopted closed is dropped again at Settle(), like one read.
  if (!IsOpen(kept)) loaded_.insert(id);
}

Result<v1::EventState*> EventBook::Find(std::string_view event_id) {
  if (auto it = events_.find(event_id); it != events_.end()) {
    return &it->second;
  }
  Result<std::optional<v1::EventState>> loaded = load_(event_id);
  if (!loaded.ok()) return loaded.status();
  if (!loaded->has_value()) return static_cast<v1::EventState*>(nullptr);
  auto [it, inserted] =
      events_.emplace(std::string(event_id), std::move(**loaded));
  loaded_.insert(it->first);  // closed or merged: Settle() drops it again
  return &it->second;
}

Result<v1::EventState*> EventBook::Resolve(v1::EventState* event, int* hops) {
  *hops = 0;
  while (event != nullptr && !event->merged_into().empty()) {
    if (++*hops > kMaxMergeHops) {
      return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                    "事件 " + event->event_id() + " 的合并记录成环，存储数据有误");
    }
    const std::string next = event->merged_into();
    Result<v1::EventState*> found = Find(next);
    if (!found.ok()) return found;
    if (*found == nullptr) {
      return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                    "事件 " + event->event_id() + " 并入的事件 " + next +
                        " 没有记录，存储数据有误");
    }
    event = *found;
  }
  return event;
}

v1::EventState* EventBook::Open(const v1::Report& report) {
  v1::EventState& event = events_[report.event_id()];
  event.set_event_id(report.event_id());
  event.set_opened_at_ms(report.stored_at_ms());
  event.set_first_known_at_ms(KnownAt(report));
  event.set_title(report.title());
  return &event;
}

void EventBook::UpdateResponsible(v1::EventState* event,
                                  const v1::Report& report) {
  // A forwarded report's responsible unit and caller are units of the
  // broker below; here the child broker's unit answers for it.
  const bool forwarded = report.has_forwarded();
  if (!forwarded && !report.responsible_unit_id().empty()) {
    event->set_responsible_unit_id(report.responsible_unit_id());
    event->set_responsible_named(true);
    return;
  }
  if (event->responsible_named()) return;
  const std::string& candidate = report.has_phone_call() && !forwarded
                                     ? report.phone_call().caller_unit_id()
                                     : report.unit_id();
  const Unit* unit = units_.Find(candidate);
  if (unit == nullptr || unit->kind == UnitKind::kOffice) return;
  const Unit* current = units_.Find(event->responsible_unit_id());
  // A township is where things happen: it takes over from a department
  // that happened to report first, unless a report named the unit.
  if (current == nullptr || (current->kind != UnitKind::kTownship &&
                             unit->kind == UnitKind::kTownship)) {
    event->set_responsible_unit_id(candidate);
  }
}

void EventBook::UpdateFigures(v1::EventState* event, const v1::Report& report) {
  UpdateResponsible(event, report);
  if (report.severity() != v1::SEVERITY_UNSPECIFIED) {
    event->set_severity(report.severity());
  }
  if (report.has_casualties()) *event->mutable_casualties() = report.casualties();
  if (!report.place().empty()) event->set_place(report.place());
  KeepEarliest(report.occurred_at_ms(), event->occurred_at_ms(),
               &v1::EventState::set_occurred_at_ms, event);
  KeepEarliest(KnownAt(report), event->first_known_at_ms(),
               &v1::EventState::set_first_known_at_ms, event);
  if (report.has_phone_call()) {
    KeepEarliest(report.phone_call().called_at_ms(),
                 event->phone_called_at_ms(),
                 &v1::EventState::set_phone_called_at_ms, event);
    AddUnit(event, report.has_forwarded() ? report.unit_id()
                                          : report.phone_call().caller_unit_id());
  } else {
    AddUnit(event, report.unit_id());
  }
}

void EventBook::Refresh(v1::EventState* event) {
  const UnitProgress progress =
      ProgressOf(*event, event->responsible_unit_id());
  const int64_t written = progress.shi ? progress.shi->stored_at_ms() : 0;
  // The responsible unit's own 事 names the incident best; until it comes,
  // the first report's title stands.
  if (progress.shi != nullptr && !progress.shi->title().empty()) {
    event->set_title(progress.shi->title());
  }
  event->set_written_shi_at_ms(written);
  event->set_phone_to_written_ms(
      written != 0 && event->phone_called_at_ms() != 0
          ? written - event->phone_called_at_ms()
          : 0);
  event->clear_deadlines();
  for (v1::Deadline& deadline : OwedDeadlines(*event, policy_)) {
    *event->add_deadlines() = std::move(deadline);
  }
}

void EventBook::Mark(const v1::EventState& event) {
  marks_.Mark(event.event_id(), event.alarms());
}

std::vector<v1::Alarm> EventBook::AlarmChanges() const {
  std::vector<v1::Alarm> changes;
  for (const std::string& id : changed_) {
    if (auto it = events_.find(id); it != events_.end()) {
      marks_.AppendChanges(id, it->second.alarms(), &changes);
    }
  }
  return changes;
}

void EventBook::Touch(v1::EventState* event, int64_t now_ms) {
  event->set_updated_at_ms(now_ms);
  changed_.insert(event->event_id());
}

Result<v1::EventNote> EventBook::File(const v1::Report& report) {
  v1::EventNote note;
  if (report.kind() != v1::KIND_URGENT || report.event_id().empty()) {
    return note;
  }
  const int64_t now = report.stored_at_ms();
  std::vector<v1::Anomaly> anomalies;
  Result<v1::EventState*> found = Find(report.event_id());
  if (!found.ok()) return found.status();
  int hops = 0;
  found = Resolve(*found, &hops);
  if (!found.ok()) return found.status();
  v1::EventState* event = *found;
  if (hops > 0) anomalies.push_back(v1::ANOMALY_MERGED_EVENT);
  if (event != nullptr) Mark(*event);
  if (event == nullptr) {
    event = Open(report);
    Mark(*event);
    if (report.stage() != v1::STAGE_SHI) {
      anomalies.push_back(v1::ANOMALY_EVENT_NOT_OPENED);
    }
  }
  // After closing, a change of the casualty figures within the policy's
  // window is a 补报, not an anomaly (judged before the figures change).
  const bool casualty_followup =
      event->closed() && IsCasualtyFollowup(*event, report, policy_);
  if (event->closed() && !casualty_followup) {
    anomalies.push_back(v1::ANOMALY_AFTER_CLOSE);
  }
  UpdateFigures(event, report);
  // What was owed just before this report (under its figures): a stage
  // that meets a deadline already past is late.
  const std::vector<v1::Deadline> owed_before = OwedDeadlines(*event, policy_);

  const bool phone = report.has_phone_call();
  v1::EventReport entry;
  entry.set_sequence(report.sequence());
  entry.set_unit_id(report.unit_id());
  entry.set_stage(report.stage());
  entry.set_stored_at_ms(report.stored_at_ms());
  entry.set_occurred_at_ms(report.occurred_at_ms());
  entry.set_written_at_ms(report.written_at_ms());
  entry.set_title(report.title());
  entry.set_severity(report.severity());
  entry.set_idempotency_key(report.idempotency_key());
  entry.set_origin_unit_name(OriginUnitName(report));
  entry.set_origin_broker_name(OriginBrokerName(report));
  entry.set_casualty_followup(casualty_followup);
  if (hops > 0) entry.set_filed_event_id(report.event_id());
  // A correction supersedes an earlier report of the same unit: it is not
  // a new stage of its own (no new follow-up number, not a repeated 事).
  const v1::EventReport* corrected = nullptr;
  if (!report.corrects_key().empty()) {
    for (v1::EventReport& earlier : *event->mutable_reports()) {
      if (earlier.unit_id() == report.unit_id() &&
          earlier.idempotency_key() == report.corrects_key()) {
        earlier.set_corrected_by_sequence(report.sequence());
        entry.set_corrects_sequence(earlier.sequence());
        corrected = &earlier;
        break;
      }
    }
    if (corrected == nullptr) {
      anomalies.push_back(v1::ANOMALY_CORRECTION_TARGET_UNKNOWN);
    }
  }
  if (phone) {
    entry.set_phone_call(true);
    entry.set_caller_unit_id(report.phone_call().caller_unit_id());
    entry.set_called_at_ms(report.phone_call().called_at_ms());
  } else if (corrected != nullptr && corrected->stage() == report.stage()) {
    entry.set_followup(corrected->followup());
  } else {
    const UnitProgress progress = ProgressOf(*event, report.unit_id());
    switch (report.stage()) {
      case v1::STAGE_SHI:
        if (progress.shi != nullptr) {
          anomalies.push_back(v1::ANOMALY_REPEATED_SHI);
        } else if (LaterStageWrittenBefore(*event, report)) {
          anomalies.push_back(v1::ANOMALY_SHI_AFTER_LATER_STAGE);
        }
        break;
      case v1::STAGE_QING:
        entry.set_followup(progress.qing_count + 1);
        break;
      case v1::STAGE_GUO:
        if (FirstWritten(*event, v1::STAGE_YIN) == nullptr) {
          anomalies.push_back(v1::ANOMALY_GUO_BEFORE_YIN);
        }
        break;
      default:
        break;
    }
  }
  for (v1::Anomaly anomaly : anomalies) entry.add_anomalies(anomaly);
  *event->add_reports() = std::move(entry);
  const v1::EventReport& filed = *event->reports().rbegin();

  if (!phone && report.stage() == v1::STAGE_GUO && !event->closed() &&
      report.unit_id() == event->responsible_unit_id()) {
    event->set_closed(true);
    event->set_closed_at_ms(now);
  }
  Refresh(event);
  const AlarmContext context{policy_, units_, now};
  NoteLateArrival(event, owed_before, filed, context);
  CheckElements(event, report, filed, context);
  EvaluateClockAlarms(event, &filed, context);
  if (event->closed()) ClearAllAlarms(event, now, "事件已结案");
  Touch(event, now);

  note.set_event_id(event->event_id());
  note.set_followup(filed.followup());
  for (v1::Anomaly anomaly : anomalies) note.add_anomalies(anomaly);
  return note;
}

Result<EventBook::Change> EventBook::Merge(
    const v1::MergeEventsRequest& request, int64_t now_ms) {
  if (request.from_event_id() == request.into_event_id()) {
    return Status(v1::ERROR_CODE_INVALID_FIELD, "不能把事件并入它自己",
                  "merge_events.into_event_id");
  }
  Result<v1::EventState*> from = Find(request.from_event_id());
  if (!from.ok()) return from.status();
  if (*from == nullptr) {
    return UnknownEvent(request.from_event_id(), "merge_events.from_event_id");
  }
  Result<v1::EventState*> into = Find(request.into_event_id());
  if (!into.ok()) return into.status();
  if (*into == nullptr) {
    return UnknownEvent(request.into_event_id(), "merge_events.into_event_id");
  }
  int hops = 0;
  Result<v1::EventState*> target = Resolve(*into, &hops);
  if (!target.ok()) return target.status();
  Result<v1::EventState*> source = Resolve(*from, &hops);
  if (!source.ok()) return source.status();
  if (*source == *target) {
    if ((*from)->merged_into().empty()) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "事件 " + request.into_event_id() + " 已并入事件 " +
                        request.from_event_id() + "，不能反过来合并",
                    "merge_events.into_event_id");
    }
    return Change{false, *target};
  }
  if (!(*from)->merged_into().empty()) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "事件 " + request.from_event_id() + " 已并入事件 " +
                      (*from)->merged_into() + "，请合并那个事件",
                  "merge_events.from_event_id");
  }
  v1::EventState& gone = **from;
  v1::EventState& kept = **target;
  Mark(gone);
  Mark(kept);

  for (const v1::EventReport& report : gone.reports()) {
    v1::EventReport* moved = kept.add_reports();
    *moved = report;
    if (moved->filed_event_id().empty()) {
      moved->set_filed_event_id(gone.event_id());
    }
  }
  std::stable_sort(kept.mutable_reports()->begin(),
                   kept.mutable_reports()->end(),
                   [](const v1::EventReport& a, const v1::EventReport& b) {
                     return a.sequence() < b.sequence();
                   });
  for (const v1::Alarm& alarm : gone.alarms()) {
    // What the merged event still lacks, the surviving one now lacks.
    if (!alarm.open() || alarm.kind() != v1::ALARM_KIND_MISSING_ELEMENTS) {
      continue;
    }
    v1::Alarm* copy = kept.add_alarms();
    *copy = alarm;
    kept.set_last_alarm_id(kept.last_alarm_id() + 1);
    copy->set_id(kept.last_alarm_id());
    copy->set_event_id(kept.event_id());
  }
  kept.add_merged_from(gone.event_id());
  for (const std::string& id : gone.merged_from()) kept.add_merged_from(id);
  for (const std::string& unit : gone.units()) AddUnit(&kept, unit);
  KeepEarliest(gone.occurred_at_ms(), kept.occurred_at_ms(),
               &v1::EventState::set_occurred_at_ms, &kept);
  KeepEarliest(gone.first_known_at_ms(), kept.first_known_at_ms(),
               &v1::EventState::set_first_known_at_ms, &kept);
  KeepEarliest(gone.phone_called_at_ms(), kept.phone_called_at_ms(),
               &v1::EventState::set_phone_called_at_ms, &kept);
  if (kept.severity() == v1::SEVERITY_UNSPECIFIED) {
    kept.set_severity(gone.severity());
  }
  if (!kept.has_casualties() && gone.has_casualties()) {
    *kept.mutable_casualties() = gone.casualties();
  }
  if (kept.place().empty()) kept.set_place(gone.place());
  if (!kept.responsible_named() &&
      (gone.responsible_named() || kept.responsible_unit_id().empty())) {
    kept.set_responsible_unit_id(gone.responsible_unit_id());
    kept.set_responsible_named(gone.responsible_named());
  }
  Act(&kept, v1::EventAction::KIND_MERGED_IN, now_ms, request.unit_id(),
      request.officer(), request.reason(), gone.event_id());

  gone.set_merged_into(kept.event_id());
  Act(&gone, v1::EventAction::KIND_MERGED_INTO, now_ms, request.unit_id(),
      request.officer(), request.reason(), kept.event_id());
  Refresh(&gone);
  ClearAllAlarms(&gone, now_ms, "事件已并入 " + kept.event_id());
  Touch(&gone, now_ms);

  Refresh(&kept);
  EvaluateClockAlarms(&kept, nullptr, AlarmContext{policy_, units_, now_ms});
  Touch(&kept, now_ms);
  return Change{true, &kept};
}

Result<EventBook::Change> EventBook::Reopen(
    const v1::ReopenEventRequest& request, int64_t now_ms) {
  Result<v1::EventState*> found = Find(request.event_id());
  if (!found.ok()) return found.status();
  v1::EventState* event = *found;
  if (event == nullptr) {
    return UnknownEvent(request.event_id(), "reopen_event.event_id");
  }
  if (!event->merged_into().empty()) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "事件 " + event->event_id() + " 已并入事件 " +
                      event->merged_into() + "，请对那个事件操作",
                  "reopen_event.event_id");
  }
  if (!event->closed()) return Change{false, event};
  Mark(*event);
  event->set_closed(false);
  event->set_reopened_at_ms(now_ms);
  Act(event, v1::EventAction::KIND_REOPENED, now_ms, request.unit_id(),
      request.officer(), request.reason(), "");
  Refresh(event);
  EvaluateClockAlarms(event, nullptr, AlarmContext{policy_, units_, now_ms});
  Touch(event, now_ms);
  return Change{true, event};
}

void EventBook::Tick(int64_t now_ms) {
  const AlarmContext context{policy_, units_, now_ms};
  for (auto& [id, event] : events_) {
    if (!IsOpen(event)) continue;
    const bool marked = marks_.Marked(id);
    if (!marked) Mark(event);
    if (EvaluateClockAlarms(&event, nullptr, context)) {
      Touch(&event, now_ms);
    } else if (!marked) {
      marks_.Unmark(id);
    }
  }
}

std::vector<const v1::EventState*> EventBook::Changed() const {
  std::vector<const v1::EventState*> changed;
  changed.reserve(changed_.size());
  for (const std::string& id : changed_) {
    if (auto it = events_.find(id); it != events_.end()) {
      changed.push_back(&it->second);
    }
  }
  return changed;
}

void EventBook::Settle() {
  // Only an event changed or read from the store since the last Settle()
  // can be in memory without being open: no walk over all open events.
  for (const auto* ids : {&changed_, &loaded_}) {
    for (const std::string& id : *ids) {
      auto it = events_.find(id);
      if (it != events_.end() && !IsOpen(it->second)) events_.erase(it);
    }
  }
  changed_.clear();
  loaded_.clear();
  marks_.Clear();
}

void EventBook::Forget() {
  changed_.clear();
  loaded_.clear();
  marks_.Clear();
  events_.clear();
}

std::size_t EventBook::open_events() const {
  // Memory holds the open events, and since the last Settle() the events
  // changed or read from the store, which may be closed or merged: count
  // only those, not every open event (the committer asks after every
  // write, with thousands open).
  std::size_t not_open = 0;
  auto count = [&](const std::string& id) {
    auto it = events_.find(id);
    if (it != events_.end() && !IsOpen(it->second)) ++not_open;
  };
  for (const std::string& id : changed_) count(id);
  for (const std::string& id : loaded_) {
    if (!changed_.contains(id)) count(id);
  }
  return events_.size() - not_open;
}

void EventBook::CountOpenAlarms(
    std::map<v1::AlarmKind, uint64_t>* counts) const {
  for (const auto& [id, event] : events_) {
    if (IsOpen(event)) broker::CountOpenAlarms(event.alarms(), counts);
  }
}

}  // namespace xinbao::broker
