#include "broker/ingest/committer.h"

#include "broker/feed/feed_items.h"
#include "proto/report_origin.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <unordered_map>

namespace xinbao::broker {

Committer::Committer(zmq::socket_t link, zmq::socket_t feed_link,
                     storage::ReportStore& store, const BrokerConfig& config,
                     Clock clock, Vitals* vitals)
    : link_(std::move(link)),
      feed_link_(std::move(feed_link)),
      store_(store),
      policy_(config.commit),
      config_(config),
      clock_(std::move(clock)),
      book_(config.events, config.units,
            [&store](std::string_view event_id) {
              return store.GetEvent(event_id);
            }),
      duban_({config.duban, config.calendar, config.zone(), config.units},
             [&store](std::string_view item_id) {
               return store.GetItem(item_id);
             }),
      desk_({config.caibian, config.units, config.zone()},
            EditingDesk::Loaders{
                [&store](std::string_view id) {
                  return store.GetBulletinItem(id);
                },
                [&store](std::string_view id) {
                  return store.GetBulletinIssue(id);
                },
                [&store](uint64_t sequence)
                    -> Result<std::optional<v1::Report>> {
                  Result<v1::Report> report = store.Get(sequence);
                  if (report.ok()) {
                    return std::optional<v1::Report>(std::move(*report));
                  }
                  if (report.status().code() == v1::ERROR_CODE_INVALID_FIELD) {
                    return std::optional<v1::Report>();  // none stored
                  }
                  return report.status();
                },
                [&store](uint64_t sequence) {
                  return store.ReportAdoptions(sequence);
                }}),
      commissions_({config.caibian, config.calendar, config.zone(),
                    config.units},
                   [&store](std::string_view id) {
                     return store.GetCommission(id);
                   }),
      upstream_({config.tree.id, config.tree.name, config.tree.upstream.unit, config.units},
                [&store](std::string_view id) { return store.GetUpstreamDuban(id); }),
      next_tick_(std::chrono::steady_clock::now()),
      vitals_(vitals) {}

void Committer::ServeChildBrokers(const UserDirectory* users) { children_ = users; }

bool Committer::IsChildBroker(std::string_view unit_id) const {
  if (children_ == nullptr) return false;
  const std::shared_ptr<const UserRegistry> registry = children_->Current();
  for (const User& user : registry->users()) {
    if (user.role == Role::kBroker && !user.revoked && user.unit_id == unit_id) return true;
  }
  return false;
}

Status Committer::LoadEvents() {
  book_.Forget();
  duban_.Forget();
  upstream_.Forget();
  desk_.Forget();
  commissions_.Forget();
  draft_issues_.clear();
  Result<uint64_t> feed_last = store_.FeedSequence();
  if (!feed_last.ok()) return feed_last.status();
  feed_last_ = *feed_last;
  Status scanned = store_.ScanOpenEvents([this](const v1::EventState& event) {
    book_.Adopt(event);
    return true;
  });
  if (scanned.ok()) {
    scanned = store_.ScanOpenItems([this](const v1::DubanState& item) {
      duban_.Adopt(item);
      return true;
    });
  }
  if (scanned.ok()) {
    scanned = store_.ScanCommissions(true, [this](const v1::CommissionState& c) {
      commissions_.Adopt(c);
      return true;
    });
  }
  if (scanned.ok()) {
    scanned = store_.ScanBulletinIssues([this](const v1::BulletinIssue& issue) {
      desk_.CountIssued(issue);
      if (issue.phase() == v1::ISSUE_PHASE_DRAFT) {
        draft_issues_.insert(issue.issue_id());
      }
      return true;
    });
  }
  // The policy may have moved some deadlines since the last run.
  if (scanned.ok()) scanned = WriteAndPublish();
  if (!scanned.ok()) {
    book_.Forget();
    duban_.Forget();
    desk_.Forget();
    commissions_.Forget();
  }
  ReportOpenWork(/*recount_alarms=*/true);
  return scanned;
}

void Committer::Run() {
  bool serving = true;
  while (serving) {
    serving = Gather();
    if (!pending_.empty()) Commit();
    MaybeTick();
    if (vitals_ != nullptr) vitals_->MarkCommitterSeen(clock_());
  }
  // Everything received before the stop is written, held-back ones too.
  while (!held_back_.empty()) {
    pending_ = std::move(held_back_);
    held_back_.clear();
    HoldBackOverShare();
    Commit();
  }
  SendOwned<CommittedBatch>(link_, nullptr);
  SendOwned<FeedBatch>(feed_link_, nullptr);
}

bool Committer::Adopt(const zmq::message_t& message) {
  std::unique_ptr<SubmissionBatch> batch = AdoptOwned<SubmissionBatch>(message);
  if (batch == nullptr) return false;
  Submissions& more = batch->submissions;
  pending_.insert(pending_.end(), std::make_move_iterator(more.begin()),
                  std::make_move_iterator(more.end()));
  return true;
}

bool Committer::Gather() {
  zmq::message_t message;
  if (!held_back_.empty()) {
    // The last batch held these back: they open this one, at once.
    pending_ = std::move(held_back_);
    held_back_.clear();
  } else {
    // Wait for the first submission of a batch, or for the next clock tick.
    const auto until_tick = std::chrono::ceil<std::chrono::milliseconds>(
        next_tick_ - std::chrono::steady_clock::now());
    zmq::pollitem_t first{link_.handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&first, 1,
                  std::max(until_tick, std::chrono::milliseconds(0))) == 0) {
      return true;
    }
    if (!link_.recv(message, zmq::recv_flags::dontwait)) return true;
    if (!Adopt(message)) return false;
  }

  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::microseconds(policy_.max_delay_us);
  while (pending_.size() < policy_.max_batch) {
    if (link_.recv(message, zmq::recv_flags::dontwait)) {
      if (!Adopt(message)) return false;
      continue;
    }
    // Nothing more waiting. With a delay configured, wait for more until
    // the deadline; otherwise write what we have now.
    const int64_t left_us =
        std::chrono::duration_cast<std::chrono::microseconds>(
            deadline - std::chrono::steady_clock::now())
            .count();
    if (policy_.max_delay_us == 0 || left_us <= 0) break;
    zmq::pollitem_t item{link_.handle(), 0, ZMQ_POLLIN, 0};
    const std::chrono::milliseconds wait((left_us + 999) / 1000);
    if (zmq::poll(&item, 1, wait) == 0) break;
  }
  HoldBackOverShare();
  return true;
}

void Committer::HoldBackOverShare() {
  if (config_.fairness.unit_per_batch == 0) return;
  std::unordered_map<std::string, std::size_t> waiting;  // by unit
  for (const auto& submission : pending_) ++waiting[submission->share_unit];
  // The cap: unit_per_batch, or as many as the unit with the second most
  // has here, if more — so units that all have much waiting (a busy hour)
  // keep their whole batches, and only one far ahead of every other is
  // held back. A unit alone is capped too: a report of another unit that
  // comes while its batch is written must not wait behind all of it.
  std::size_t most = 0, second = 0;
  for (const auto& [unit, count] : waiting) {
    if (count > most) {
      second = most;
      most = count;
    } else if (count > second) {
      second = count;
    }
  }
  const std::size_t cap = std::max(config_.fairness.unit_per_batch, second);
  if (most <= cap) return;
  std::unordered_map<std::string, std::size_t> taken;  // by unit
  Submissions kept;
  kept.reserve(pending_.size());
  for (std::unique_ptr<Submission>& submission : pending_) {
    if (++taken[submission->share_unit] > cap) {
      held_back_.push_back(std::move(submission));
    } else {
      kept.push_back(std::move(submission));
    }
  }
  pending_ = std::move(kept);
}

void Committer::Commit() {
  auto committed = std::make_unique<CommittedBatch>();
  committed->answers.resize(pending_.size());
  CommitReports(&committed->answers);
  for (std::size_t i = 0; i < pending_.size(); ++i) {
    if (pending_[i]->command != nullptr) {
      ApplyCommand(*pending_[i], &committed->answers[i]);
    }
  }
  committed->submissions = std::move(pending_);
  pending_.clear();
  ReportOpenWork(/*recount_alarms=*/false);  // before the acks: whoever is
                                             // acked sees it counted
  SendOwned(link_, std::move(committed));
}

void Committer::CommitReports(std::vector<Answer>* answers) {
  std::vector<storage::NewReport> reports;
  std::vector<std::size_t> positions;  // of each report in pending_
  reports.reserve(pending_.size());
  for (std::size_t i = 0; i < pending_.size(); ++i) {
    if (pending_[i]->command != nullptr) continue;
    reports.push_back(pending_[i]->new_report());
    positions.push_back(i);
  }
  if (reports.empty()) return;

  // sequence -> what the book made of that report
  std::unordered_map<uint64_t, v1::EventNote> notes;
  // sequence -> what the CommissionBook made of it (reports naming one)
  std::unordered_map<uint64_t, v1::CommissionNote> answered;
  std::vector<const v1::Report*> fresh_reports;
  std::vector<v1::Alarm> alarm_changes;
  uint64_t feed_after = 0;
  std::size_t records = 0;  // written with the reports
  bool filed = false;
  const storage::EventHook hook = [&](std::span<v1::Report* const> fresh)
      -> Result<storage::EventWrites> {
    filed = true;
    if (!book_broken_.ok()) return book_broken_;
    for (v1::Report* report : fresh) {
      Result<v1::EventNote> note = book_.File(*report);
      if (!note.ok()) return note.status();
      if (!note->event_id().empty()) {
        notes.emplace(report->sequence(), std::move(*note));
      }
      fresh_reports.push_back(report);
      // A forwarded report's commission is one of the broker below.
      if (!report->commission_id().empty() && !report->has_forwarded()) {
        Result<v1::CommissionNote> linked = commissions_.Answer(*report);
        if (!linked.ok()) return linked.status();
        answered.emplace(report->sequence(), std::move(*linked));
      }
    }
    storage::EventWrites writes{book_.Changed(), 0};
    writes.commissions = commissions_.Changed();
    // What goes up to the parent broker at once goes in this batch.
    for (const v1::Report* report : fresh) {
      if (GoesUpAtOnce(config_.tree.upstream, *report)) {
        writes.upward.push_back(
            storage::UpwardEntry{0, report->sequence(), report->stored_at_ms()});
      }
      // 越级: the level skipped gets a copy (its unit here is the report's).
      if (IsSkipLevel(*report)) {
        writes.downward.push_back(storage::DownwardEntry{
            report->unit_id(), 0, v1::DOWNWARD_KIND_SKIP_LEVEL_COPY,
            report->sequence(), report->stored_at_ms()});
      }
    }
    alarm_changes = book_.AlarmChanges();
    const std::vector<v1::Alarm> commission_alarms =
        commissions_.AlarmChanges();
    alarm_changes.insert(alarm_changes.end(), commission_alarms.begin(),
                         commission_alarms.end());
    feed_after = feed_last_ + fresh.size() +
                 FeedCount(writes.events, alarm_changes);
    writes.feed_sequence = feed_after;
    records = writes.events.size() + writes.commissions.size();
    return writes;
  };
  const int64_t now = clock_();
  const auto begin = std::chrono::steady_clock::now();
  std::vector<storage::AppendOutcome> outcomes =
      store_.Append(reports, now, hook);
  const auto took = std::chrono::steady_clock::now() - begin;
  stats_.Add(reports.size(), took);
  if (vitals_ != nullptr) {
    BatchFigures figures{static_cast<uint32_t>(reports.size()),
                         static_cast<uint32_t>(records),
                         std::chrono::duration_cast<std::chrono::microseconds>(
                             took).count(),
                         now, false};
    uint64_t fresh = 0;
    for (const storage::AppendOutcome& outcome : outcomes) {
      if (outcome.status.code() == v1::ERROR_CODE_STORAGE_FAILURE) {
        figures.failed = true;
      }
      if (outcome.status.ok() && !outcome.ack.duplicate) ++fresh;
    }
    vitals_->RecordBatch(figures, fresh);
  }

  bool written = false;
  for (std::size_t r = 0; r < reports.size(); ++r) {
    Answer& answer = (*answers)[positions[r]];
    answer.outcome = std::move(outcomes[r]);
    if (!answer.outcome.status.ok()) continue;
    if (!answer.outcome.ack.duplicate) written = true;
    auto note = notes.find(answer.outcome.ack.sequence);
    if (note != notes.end() && !answer.outcome.ack.duplicate) {
      answer.note = note->second;
    }
    auto link = answered.find(answer.outcome.ack.sequence);
    if (link != answered.end() && !answer.outcome.ack.duplicate) {
      answer.commission = link->second;
    }
  }
  if (!filed) return;
  if (written) {
    store_stopped_ = false;
    auto batch = std::make_unique<FeedBatch>();
    for (const v1::Report* report : fresh_reports) {
      auto note = notes.find(report->sequence());
      AddReportItem(batch.get(), *report,
                    note != notes.end() ? &note->second : nullptr);
    }
    AddEventItems(batch.get(), book_.Changed(), alarm_changes);
    Publish(std::move(batch), feed_after);
    book_.Settle();
    commissions_.Settle();
    return;
  }
  // Filed in the book but not written: the book is ahead of the store.
  LogFailedWrite("a batch was not written; reloading the event book");
  Recover();
}

void Committer::ApplyCommand(const Submission& submission, Answer* answer) {
  if (!book_broken_.ok()) {
    answer->outcome.status = book_broken_;
    return;
  }
  const v1::Envelope& command = *submission.command;
  if (command.has_issue_duban() || command.has_duban_step()) {
    ApplyDuban(submission, answer);
    return;
  }
  if (command.has_caibian()) {
    ApplyCaibian(submission, answer);
    return;
  }
  if (command.has_downward_item()) {
    ApplyDownward(submission, answer);
    return;
  }
  const int64_t now = clock_();
  Result<EventBook::Change> change =
      command.has_merge_events()
          ? book_.Merge(command.merge_events(), now)
          : book_.Reopen(command.reopen_event(), now);
  if (!change.ok()) {
    answer->outcome.status = change.status();
    book_.Settle();  // drops closed events Find() loaded; nothing changed
    return;
  }
  answer->changed.set_changed(change->changed);
  *answer->changed.mutable_event() = *change->event;
  answer->outcome.status = WriteChanges();
}

void Committer::ApplyDuban(const Submission& submission, Answer* answer) {
  const v1::Envelope& command = *submission.command;
  const int64_t now = clock_();
  const DubanBook::Actor actor{
      submission.admission.user != nullptr ? submission.admission.user->name
                                           : std::string(),
      submission.admission.via != nullptr ? submission.admission.via->name
                                          : std::string()};
  Result<DubanBook::Change> change = Status::Ok();
  if (command.has_issue_duban()) {
    // 转办 of an item from the parent: named, kept here and open there.
    v1::IssueDubanRequest issue = command.issue_duban();
    Status source = CheckSource(issue.item());
    if (source.ok() && issue.item().has_upstream()) {
      source = upstream_.Check(issue.mutable_item());
    }
    change = source.ok() ? duban_.Issue(issue, actor, now)
                         : Result<DubanBook::Change>(source);
  } else {
    change = duban_.Step(command.duban_step(), actor, now);
  }
  if (!change.ok()) {
    answer->outcome.status = change.status();
    duban_.Settle();  // drops closed items Find() loaded; nothing changed
    upstream_.Settle();
    return;
  }
  // What a 转办 item owes up (签收; 办结报告 once it closes), queued with it.
  if (change->changed) {
    const Status queued = command.has_issue_duban() && change->item->item().has_upstream()
                              ? upstream_.Carried(*change->item, now)
                              : upstream_.Stepped(*change->item, now);
    if (!queued.ok()) {
      // The book changed but cannot be written as it must: reloaded.
      answer->outcome.status = queued;
      LogFailedWrite("a 督办 step was not written: " + queued.ToString());
      Recover();
      return;
    }
  }
  answer->duban.set_changed(change->changed);
  answer->duban.set_step_number(change->step_number);
  *answer->duban.mutable_item() = *change->item;
  answer->outcome.status = WriteChanges();
}

void Committer::ApplyCaibian(const Submission& submission, Answer* answer) {
  const v1::CaibianRequest& request = submission.command->caibian();
  const int64_t now = clock_();
  const std::string user = submission.admission.user != nullptr
                               ? submission.admission.user->name
                               : std::string();
  const std::string via = submission.admission.via != nullptr
                              ? submission.admission.via->name
                              : std::string();
  v1::CaibianChanged& out = answer->caibian;
  Status applied = Status::Ok();
  if (request.has_pass_up()) {
    applied = PassUp(request.pass_up(), now, &out);
  } else if (request.has_commission() || request.has_cancel_commission()) {
    const CommissionBook::Actor actor{user, via};
    Result<CommissionBook::Change> change = Status::Ok();
    if (request.has_commission()) {
      v1::Commission asked = request.commission();
      asked.set_office_unit_id(request.unit_id());
      if (asked.officer().empty()) asked.set_officer(request.person());
      change = commissions_.Ask(asked, actor, now);
    } else {
      change = commissions_.Cancel(request.cancel_commission(),
                                   request.unit_id(), actor, now);
    }
    if (change.ok()) {
      out.set_changed(change->changed);
      *out.mutable_commission() = *change->commission;
    }
    applied = change.status();
  } else {
    const EditingDesk::Actor actor{request.unit_id(), request.person(), user,
                                   via};
    Result<EditingDesk::Change> change = Status::Ok();
    switch (request.action_case()) {
      case v1::CaibianRequest::kPutItem:
        change = desk_.PutItem(request.put_item(), actor, now);
        break;
      case v1::CaibianRequest::kDropItem:
        change = desk_.DropItem(request.drop_item(), actor, now);
        break;
      case v1::CaibianRequest::kPutIssue:
        change = desk_.PutIssue(request.put_issue(), actor, now);
        break;
      case v1::CaibianRequest::kIssueBulletin:
        change = desk_.Issue(request.issue_bulletin(), actor, now);
        break;
      case v1::CaibianRequest::kRecordAdoption:
        change = desk_.RecordAdoption(request.record_adoption(), actor, now);
        break;
      default:
        change = desk_.RecordInstruction(request.record_instruction(), actor,
                                         now);
        break;
    }
    if (change.ok()) {
      out.set_changed(change->changed);
      if (change->item != nullptr) *out.mutable_item() = *change->item;
      if (change->issue != nullptr) *out.mutable_issue() = *change->issue;
      for (const v1::BulletinItem* item : change->items) *out.add_items() = *item;
      for (const v1::Adoption* adoption : change->adoptions) {
        *out.add_adoptions() = *adoption;
      }
    }
    applied = change.status();
  }
  if (!applied.ok()) {
    answer->outcome.status = applied;
    desk_.Settle();         // drops what the failed action touched
    commissions_.Settle();  // drops closed ones Find() loaded
    return;
  }
  answer->caibian_done = true;
  answer->outcome.status = WriteChanges();
}

void Committer::ApplyDownward(const Submission& submission, Answer* answer) {
  const v1::DownwardItem& item = submission.command->downward_item();
  if (item.kind() == v1::DOWNWARD_KIND_DUBAN_ITEM && item.has_duban()) {
    Result<bool> taken = upstream_.Take(item.duban(), item.from_broker(), clock_());
    if (!taken.ok()) {
      answer->outcome.status = taken.status();
      upstream_.Settle();
      return;
    }
    answer->duban.set_changed(*taken);
    *answer->duban.mutable_item() = item.duban();
    answer->outcome.status = WriteChanges();
    return;
  }
  if (item.kind() != v1::DOWNWARD_KIND_ADOPTION || !item.has_adoption() ||
      !item.report().has_forwarded()) {
    answer->outcome.status = Status(v1::ERROR_CODE_INVALID_FIELD,
                                    "上级下发的条目不是一条带原报告的采用登记",
                                    "downward_item");
    return;
  }
  Result<std::optional<v1::Report>> here = OwnCopy(item.report());
  if (!here.ok()) {
    answer->outcome.status = here.status();
    return;
  }
  answer->caibian_done = true;
  if (!here->has_value()) {
    // Not stored here (a report that skipped this level too): nothing to
    // count it for; its own broker is not reached from here.
    spdlog::info("上级采用 {} of {}/{} passed over: the report is not stored here",
                 item.adoption().adoption_id(),
                 item.report().forwarded().origin_broker(),
                 item.report().idempotency_key());
    return;
  }
  const v1::Report& report = **here;
  Result<EditingDesk::Change> change = desk_.TakeUpstreamAdoption(
      item.adoption(), report.sequence(), report.unit_id(), clock_());
  if (!change.ok()) {
    answer->outcome.status = change.status();
    desk_.Settle();
    return;
  }
  answer->caibian.set_changed(change->changed);
  for (const v1::Adoption* adoption : change->adoptions) {
    *answer->caibian.add_adoptions() = *adoption;
  }
  answer->outcome.status = WriteChanges();
}

Result<std::optional<v1::Report>> Committer::OwnCopy(const v1::Report& copy) const {
  v1::Report as_here;
  as_here.set_idempotency_key(copy.idempotency_key());
  const v1::Forwarding& way = copy.forwarded();
  if (way.origin_broker() == config_.tree.id) {
    as_here.set_unit_id(way.origin_unit_id());
  } else {
    as_here.mutable_forwarded()->set_origin_broker(way.origin_broker());
    as_here.mutable_forwarded()->set_origin_unit_id(way.origin_unit_id());
  }
  Result<std::optional<storage::StoredAck>> ack = store_.LookupSame(as_here);
  if (!ack.ok()) return ack.status();
  if (!ack->has_value()) return std::optional<v1::Report>();
  Result<v1::Report> report = store_.Get((*ack)->sequence);
  if (!report.ok()) return report.status();
  return std::optional<v1::Report>(std::move(report).value());
}

Result<v1::Report> Committer::NamedReport(uint64_t sequence, const std::string& missing,
                                          const char* field) const {
  Result<v1::Report> report = store_.Get(sequence);
  if (report.ok() || report.status().code() == v1::ERROR_CODE_STORAGE_FAILURE) {
    return report;
  }
  return Status(v1::ERROR_CODE_INVALID_FIELD, missing, field);
}

Status Committer::CheckSource(const v1::DubanItem& item) const {
  if (const uint64_t sequence = item.source_report_sequence(); sequence != 0) {
    Result<v1::Report> report =
        NamedReport(sequence, "来源报告第 " + std::to_string(sequence) + " 号不存在",
                    "issue_duban.item.source_report_sequence");
    if (!report.ok()) return report.status();
  }
  if (!item.source_event_id().empty()) {
    Result<std::optional<v1::EventState>> event =
        store_.GetEvent(item.source_event_id());
    if (!event.ok()) return event.status();
    if (!event->has_value()) {
      return Status(v1::ERROR_CODE_UNKNOWN_EVENT,
                    "来源事件 " + item.source_event_id() + " 不存在",
                    "issue_duban.item.source_event_id");
    }
  }
  return Status::Ok();
}

Status Committer::QueuePassedOn(std::span<const v1::Adoption* const> adoptions,
                                int64_t now_ms,
                                std::vector<storage::UpwardEntry>* upward,
                                std::vector<storage::DownwardEntry>* downward) {
  for (const v1::Adoption* adoption : adoptions) {
    // Adopted in a bulletin this office issued: passed on. (An adoption
    // entered from a higher level's bulletin is of a report up there.)
    const bool passed_on = config_.tree.upstream.enabled() &&
                           adoption->origin() == v1::ADOPTION_ORIGIN_LOCAL_ISSUE;
    Result<v1::Report> report = store_.Get(adoption->report_sequence());
    if (!report.ok()) return report.status();
    if (passed_on && GoesUpWhenPassedOn(config_.tree.upstream, *report)) {
      upward->push_back(
          storage::UpwardEntry{0, report->sequence(), adoption->recorded_at_ms()});
    }
    // Of a child broker's report (its unit here is that child's): the
    // child learns of it, whichever way it was recorded here.
    if (report->has_forwarded()) {
      downward->push_back(storage::DownwardEntry{
          report->unit_id(), 0, v1::DOWNWARD_KIND_ADOPTION, report->sequence(),
          now_ms, adoption->adoption_id()});
    }
  }
  return Status::Ok();
}

Status Committer::PassUp(const v1::PassUp& request, int64_t now_ms,
                         v1::CaibianChanged* out) {
  if (!config_.tree.upstream.enabled()) {
    return Status(v1::ERROR_CODE_WRONG_STATE,
                  "本级没有配置上级（[upstream]），无从转报", "caibian.pass_up");
  }
  Result<v1::Report> report = NamedReport(
      request.report_sequence(),
      "本级没有第 " + std::to_string(request.report_sequence()) + " 号报告",
      "caibian.pass_up.report_sequence");
  if (!report.ok()) return report.status();
  // A kind that goes up at once went when it was stored.
  const bool went = GoesUpAtOnce(config_.tree.upstream, *report);
  if (!went) {
    passed_up_.push_back(storage::UpwardEntry{0, report->sequence(), now_ms});
  }
  out->set_changed(!went);
  *out->mutable_passed_up() = std::move(report).value();
  return Status::Ok();
}

Status Committer::WriteAndPublish() {
  const std::vector<const v1::EventState*> changed = book_.Changed();
  const std::vector<const v1::DubanState*> items = duban_.Changed();
  storage::EventWrites writes{changed, 0, items};
  writes.bulletin_items = desk_.ChangedItems();
  writes.bulletin_issues = desk_.ChangedIssues();
  writes.adoptions = desk_.NewAdoptions();
  writes.commissions = commissions_.Changed();
  writes.upward = std::move(passed_up_);
  passed_up_.clear();
  XINBAO_RETURN_IF_ERROR(
      QueuePassedOn(writes.adoptions, clock_(), &writes.upward, &writes.downward));
  QueueItemsDown(items, clock_(), &writes.downward);
  writes.upstream_items = upstream_.Changed();
  writes.steps_up = upstream_.Steps();
  const std::vector<const v1::BulletinIssue*> issues = writes.bulletin_issues;
  if (!writes.empty()) {
    std::vector<v1::Alarm> alarms = book_.AlarmChanges();
    const std::vector<v1::Alarm> item_alarms = duban_.AlarmChanges();
    alarms.insert(alarms.end(), item_alarms.begin(), item_alarms.end());
    const std::vector<v1::Alarm> commission_alarms =
        commissions_.AlarmChanges();
    alarms.insert(alarms.end(), commission_alarms.begin(),
                  commission_alarms.end());
    const uint64_t last =
        feed_last_ + FeedCount(changed, alarms) + items.size();
    writes.feed_sequence = last;
    const Status written = store_.PutEvents(writes);
    if (vitals_ != nullptr) vitals_->RecordWrite(!written.ok(), clock_());
    XINBAO_RETURN_IF_ERROR(written);
    for (const v1::BulletinIssue* issue : issues) {
      if (issue->phase() == v1::ISSUE_PHASE_DRAFT) {
        draft_issues_.insert(issue->issue_id());
      } else {
        draft_issues_.erase(issue->issue_id());
      }
    }
    auto batch = std::make_unique<FeedBatch>();
    AddDubanItems(batch.get(), items);
    AddEventItems(batch.get(), changed, alarms);
    Publish(std::move(batch), last);
  }
  book_.Settle();
  duban_.Settle();
  desk_.Settle();
  commissions_.Settle();
  upstream_.Settle();
  return Status::Ok();
}

void Committer::QueueItemsDown(std::span<const v1::DubanState* const> items, int64_t now_ms,
                               std::vector<storage::DownwardEntry>* downward) const {
  for (const v1::DubanState* item : items) {
    for (const v1::DubanUnit& unit : item->units()) {
      if (!IsChildBroker(unit.unit_id())) continue;
      downward->push_back(storage::DownwardEntry{unit.unit_id(), 0,
                                                 v1::DOWNWARD_KIND_DUBAN_ITEM, 0, now_ms,
                                                 item->item().item_id()});
    }
  }
}

Status Committer::WriteChanges() {
  Status written = WriteAndPublish();
  if (!written.ok()) {
    LogFailedWrite("event states not written: " + written.ToString());
    Recover();
  }
  return written;
}

void Committer::Recover() {
  Status reloaded = LoadEvents();
  if (reloaded.ok()) return;
  spdlog::error("event book cannot be reloaded: {}", reloaded.ToString());
  book_broken_ = Status(v1::ERROR_CODE_STORAGE_FAILURE,
                        "事件记录无法读取，请管理员检查存储后重启服务");
}

void Committer::ReportOpenWork(bool recount_alarms) {
  if (vitals_ == nullptr) return;
  if (recount_alarms) {
    open_alarms_.clear();
    book_.CountOpenAlarms(&open_alarms_);
    duban_.CountOpenAlarms(&open_alarms_);
    commissions_.CountOpenAlarms(&open_alarms_);
  }
  OpenWork open;
  open.events = book_.open_events();
  open.duban_items = duban_.open_items();
  open.commissions = commissions_.open_commissions();
  open.draft_issues = draft_issues_.size();
  open.alarms = open_alarms_;
  vitals_->SetOpenWork(std::move(open));
}

void Committer::Publish(std::unique_ptr<FeedBatch> batch, uint64_t last) {
  const uint64_t numbered = NumberItems(batch.get(), feed_last_, clock_());
  feed_last_ = last;
  if (numbered != last) {
    // Counted and built differently: a bug. Never publish a wrong sequence;
    // subscribers see the gap and take a snapshot.
    spdlog::critical("feed items numbered to {} but {} was stored", numbered,
                     last);
    return;
  }
  if (!batch->items.empty()) SendOwned(feed_link_, std::move(batch));
}

void Committer::LogFailedWrite(const std::string& what) {
  if (store_stopped_) {
    spdlog::debug("{}", what);
    return;
  }
  store_stopped_ = true;
  spdlog::error("{} (until the store writes again, further failed writes "
                "are logged at debug level)", what);
}

void Committer::ResumeStore() {
  Result<bool> resumed = store_.Resume();
  const auto now = std::chrono::steady_clock::now();
  if (!resumed.ok()) {
    if (now >= next_stop_warning_) {
      spdlog::warn(
          "the store takes no writes (the disk may be full); reads go on, "
          "writes are refused as retryable and tried again every {} ms: {}",
          config_.events.check_interval_ms, resumed.status().ToString());
      next_stop_warning_ = now + kStopWarningInterval;
    }
    return;
  }
  if (!*resumed) return;
  next_stop_warning_ = {};
  store_stopped_ = false;
  spdlog::warn("the store takes writes again: clients' resent reports are "
               "stored from now on");
  if (vitals_ != nullptr) vitals_->RecordResume(clock_());
}

void Committer::MaybeTick() {
  const auto now = std::chrono::steady_clock::now();
  if (now < next_tick_) return;
  next_tick_ = now + std::chrono::milliseconds(config_.events.check_interval_ms);
  ResumeStore();
  if (!book_broken_.ok()) return;
  const int64_t at = clock_();
  book_.Tick(at);
  duban_.Tick(at);
  commissions_.Tick(at);
  WriteChanges().IgnoreError();  // logged; retried on the next tick
  ReportOpenWork(/*recount_alarms=*/true);
}

}  // namespace xinbao::broker

namespace xinbao::broker {

void CommitStats::Add(std::size_t reports,
                      std::chrono::steady_clock::duration write_time) {
  ++batches_;
  reports_ += reports;
  write_time_ += write_time;
  const auto now = std::chrono::steady_clock::now();
  if (now - since_ < kInterval) return;
  const double seconds = std::chrono::duration<double>(now - since_).count();
  spdlog::info(
      "committed {} reports in {} synced batches in the last {:.0f} s "
      "({:.0f}/s, {:.1f} per batch, {:.2f} ms per write)",
      reports_, batches_, seconds, reports_ / seconds,
      static_cast<double>(reports_) / batches_,
      std::chrono::duration<double, std::milli>(write_time_).count() /
          batches_);
  *this = CommitStats();
}

}  // namespace xinbao::broker
