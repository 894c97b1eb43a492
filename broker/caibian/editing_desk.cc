#include "broker/caibian/editing_desk.h"

#include <algorithm>

#include <google/protobuf/util/message_differencer.h>

#include "broker/events/event_words.h"
#include "proto/names.h"

namespace xinbao::broker {
namespace {

Status WrongState(std::string message, std::string field = {}) {
  return Status(v1::ERROR_CODE_WRONG_STATE, std::move(message),
                std::move(field));
}

Status UnknownItem(std::string_view item_id, std::string field) {
  return Status(v1::ERROR_CODE_UNKNOWN_ITEM,
                "没有编号为 " + std::string(item_id) + " 的稿件",
                std::move(field));
}

Status UnknownIssue(std::string_view issue_id, std::string field) {
  return Status(v1::ERROR_CODE_UNKNOWN_ITEM,
                "没有编号为 " + std::string(issue_id) + " 的简报期次",
                std::move(field));
}

std::string Quoted(const std::string& title) { return "《" + title + "》"; }

// "《政务信息》2026年第3期", or "《政务信息》（草稿）".
std::string IssueWords(const v1::BulletinIssue& issue) {
  if (issue.phase() != v1::ISSUE_PHASE_ISSUED) {
    return Quoted(issue.series_name()) + "（草稿 " + issue.issue_id() + "）";
  }
  return Quoted(issue.series_name()) +
         IssueReference(issue.year(), issue.number());
}

Status Stale(const std::string& what, uint32_t revision, int64_t at_ms,
             const std::string& by, const TimeZone& zone, std::string field) {
  return Status(v1::ERROR_CODE_STALE_REVISION,
                what + "已由" + (by.empty() ? std::string("他人") : by) + "于 " +
                    LocalTimeWords(at_ms, zone) + " 改为第 " +
                    std::to_string(revision) + " 版，请重新打开后再改",
                std::move(field));
}

bool SameSources(const v1::BulletinItem& item,
                 const google::protobuf::RepeatedField<uint64_t>& sequences) {
  if (item.sources_size() != sequences.size()) return false;
  for (int i = 0; i < sequences.size(); ++i) {
    if (item.sources(i).sequence() != sequences[i]) return false;
  }
  return true;
}

bool SameItem(const v1::BulletinItem& item, const v1::PutItem& request) {
  return item.title() == request.title() && item.body() == request.body() &&
         item.commentary() == request.commentary() &&
         SameSources(item, request.source_sequences());
}

// The fields a PutIssue sets, with the series' defaults filled in.
struct IssueFields {
  std::string approver, compiled_by, send_to, copy_to;
  v1::Classification classification = v1::CLASSIFICATION_UNSPECIFIED;
};

IssueFields Resolve(const v1::PutIssue& request,
                    const v1::BulletinSeries& series) {
  auto either = [](const std::string& given, const std::string& fallback) {
    return given.empty() ? fallback : given;
  };
  return IssueFields{
      either(request.approver(), series.approver()),
      either(request.compiled_by(), series.compiled_by()),
      either(request.send_to(), series.send_to()),
      either(request.copy_to(), series.copy_to()),
      request.classification() != v1::CLASSIFICATION_UNSPECIFIED
          ? request.classification()
          : series.classification()};
}

bool SameIssue(const v1::BulletinIssue& issue, const v1::PutIssue& request,
               const IssueFields& fields) {
  if (issue.series_id() != request.series_id() ||
      issue.approver() != fields.approver ||
      issue.compiled_by() != fields.compiled_by ||
      issue.send_to() != fields.send_to || issue.copy_to() != fields.copy_to ||
      issue.corrects_issue_id() != request.corrects_issue_id() ||
      issue.item_ids_size() != request.item_ids_size()) {
    return false;
  }
  // The stored classification may have been raised by a source's.
  if (issue.classification() < fields.classification) return false;
  for (int i = 0; i < request.item_ids_size(); ++i) {
    if (issue.item_ids(i) != request.item_ids(i)) return false;
  }
  return true;
}

bool SameAdoption(const v1::Adoption& stored, const v1::RecordAdoption& request) {
  return stored.level() == request.level() && stored.kind() == request.kind() &&
         stored.series_name() == request.series_name() &&
         stored.reference() == request.reference() &&
         stored.item_id() == request.item_id() &&
         (request.adopted_at_ms() == 0 ||
          stored.adopted_at_ms() == request.adopted_at_ms());
}

bool SameInstruction(const v1::Instruction& stored,
                     const v1::Instruction& request) {
  return stored.leader() == request.leader() &&
         stored.leader_level() == request.leader_level() &&
         stored.text() == request.text() &&
         stored.duban_item_id() == request.duban_item_id() &&
         (request.instructed_at_ms() == 0 ||
          stored.instructed_at_ms() == request.instructed_at_ms());
}

}  // namespace

EditingDesk::EditingDesk(Terms terms, Loaders load)
    : terms_(terms), load_(std::move(load)) {}

void EditingDesk::CountIssued(const v1::BulletinIssue& issue) {
  numbers_.Count(issue);
}

namespace {

// The record under `id` in `cache`, read through `load` on first use;
// null when the store has none.
template <class Record, class Load>
Result<Record*> Cached(std::map<std::string, Record, std::less<>>& cache,
                       std::string_view id, const Load& load) {
  auto it = cache.find(id);
  if (it != cache.end()) return &it->second;
  Result<std::optional<Record>> stored = load(id);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return static_cast<Record*>(nullptr);
  return &cache.emplace(std::string(id), std::move(**stored)).first->second;
}

}  // namespace

Result<v1::BulletinItem*> EditingDesk::FindItem(std::string_view item_id) {
  return Cached(items_, item_id, load_.item);
}

Result<v1::BulletinIssue*> EditingDesk::FindIssue(std::string_view issue_id) {
  return Cached(issues_, issue_id, load_.issue);
}

Status EditingDesk::LoadSources(
    const google::protobuf::RepeatedField<uint64_t>& sequences,
    v1::BulletinItem* item) {
  item->clear_sources();
  item->clear_source_unit_ids();
  for (int i = 0; i < sequences.size(); ++i) {
    const uint64_t sequence = sequences[i];
    Result<std::optional<v1::Report>> report = load_.report(sequence);
    if (!report.ok()) return report.status();
    if (!report->has_value()) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "第 " + std::to_string(sequence) + " 号报告不存在",
                    "caibian.put_item.source_sequences");
    }
    const v1::Report& stored = **report;
    v1::SourceReport* source = item->add_sources();
    source->set_sequence(sequence);
    source->set_unit_id(stored.unit_id());
    source->set_title(stored.title());
    source->set_kind(stored.kind());
    source->set_stored_at_ms(stored.stored_at_ms());
    source->set_classification(stored.classification());
    const auto& units = item->source_unit_ids();
    if (std::find(units.begin(), units.end(), stored.unit_id()) == units.end()) {
      item->add_source_unit_ids(stored.unit_id());
    }
  }
  return Status::Ok();
}

void EditingDesk::TouchItem(v1::BulletinItem* item, const Actor& actor,
                            int64_t now_ms) {
  item->set_revision(item->revision() + 1);
  item->set_editor(actor.person);
  item->set_user(actor.user);
  item->set_via(actor.via);
  item->set_updated_at_ms(now_ms);
  changed_items_.insert(item->item_id());
}

void EditingDesk::TouchIssue(v1::BulletinIssue* issue, int64_t now_ms) {
  issue->set_updated_at_ms(now_ms);
  changed_issues_.insert(issue->issue_id());
}

void EditingDesk::Log(v1::BulletinIssue* issue,
                      v1::IssueLogEntry::Action action, const Actor& actor,
                      int64_t now_ms, std::string text) {
  v1::IssueLogEntry* entry = issue->add_log();
  entry->set_action(action);
  entry->set_at_ms(now_ms);
  entry->set_person(actor.person);
  entry->set_user(actor.user);
  entry->set_via(actor.via);
  entry->set_text(std::move(text));
}

const v1::Adoption* EditingDesk::KeepAdoption(v1::Adoption adoption) {
  adoptions_.push_back(std::move(adoption));
  return &adoptions_.back();
}

Result<EditingDesk::Change> EditingDesk::PutItem(const v1::PutItem& request,
                                                 const Actor& actor,
                                                 int64_t now_ms) {
  Result<v1::BulletinItem*> found = FindItem(request.item_id());
  if (!found.ok()) return found.status();
  v1::BulletinItem* item = *found;
  if (item == nullptr) {
    if (request.base_revision() != 0) {
      return UnknownItem(request.item_id(), "caibian.put_item.item_id");
    }
    v1::BulletinItem fresh;
    fresh.set_item_id(request.item_id());
    XINBAO_RETURN_IF_ERROR(LoadSources(request.source_sequences(), &fresh));
    fresh.set_title(request.title());
    fresh.set_body(request.body());
    fresh.set_commentary(request.commentary());
    fresh.set_phase(v1::ITEM_PHASE_CANDIDATE);
    fresh.set_created_at_ms(now_ms);
    item = &items_.insert_or_assign(request.item_id(), std::move(fresh))
                .first->second;
    TouchItem(item, actor, now_ms);
    return Change{.changed = true, .item = item};
  }
  const bool same = SameItem(*item, request);
  // A request whose outcome is stored (a retry the client never heard
  // answered, also after the item moved on) changes nothing.
  if (same && request.base_revision() < item->revision()) return Change{.item = item};
  if (request.base_revision() == 0) {
    return Status(v1::ERROR_CODE_IDEMPOTENCY_KEY_REUSED,
                  "稿件编号 " + request.item_id() + " 已用于另一稿件（" +
                      Quoted(item->title()) + "）",
                  "caibian.put_item.item_id");
  }
  if (item->phase() == v1::ITEM_PHASE_ISSUED) {
    return WrongState("稿件" + Quoted(item->title()) +
                          "已随期刊发，不能再修改；如有错误请编发更正",
                      "caibian.put_item.item_id");
  }
  if (request.base_revision() != item->revision()) {
    return Stale("稿件" + Quoted(item->title()), item->revision(),
                 item->updated_at_ms(), item->editor(), terms_.zone,
                 "caibian.put_item.base_revision");
  }
  if (same && item->phase() != v1::ITEM_PHASE_DROPPED) {
    return Change{.item = item};  // nothing to change
  }
  if (!SameSources(*item, request.source_sequences())) {
    XINBAO_RETURN_IF_ERROR(LoadSources(request.source_sequences(), item));
  }
  item->set_title(request.title());
  item->set_body(request.body());
  item->set_commentary(request.commentary());
  if (item->phase() == v1::ITEM_PHASE_DROPPED) {
    item->set_phase(v1::ITEM_PHASE_CANDIDATE);
    item->clear_dropped_reason();
  }
  TouchItem(item, actor, now_ms);
  return Change{.changed = true, .item = item};
}

Result<EditingDesk::Change> EditingDesk::DropItem(const v1::DropItem& request,
                                                  const Actor& actor,
                                                  int64_t now_ms) {
  Result<v1::BulletinItem*> found = FindItem(request.item_id());
  if (!found.ok()) return found.status();
  v1::BulletinItem* item = *found;
  if (item == nullptr) {
    return UnknownItem(request.item_id(), "caibian.drop_item.item_id");
  }
  if (item->phase() == v1::ITEM_PHASE_DROPPED &&
      item->dropped_reason() == request.reason()) {
    return Change{.item = item};  // a repeat
  }
  if (item->phase() == v1::ITEM_PHASE_ISSUED) {
    return WrongState("稿件" + Quoted(item->title()) + "已随期刊发，不能弃用",
                      "caibian.drop_item.item_id");
  }
  if (request.base_revision() != item->revision()) {
    return Stale("稿件" + Quoted(item->title()), item->revision(),
                 item->updated_at_ms(), item->editor(), terms_.zone,
                 "caibian.drop_item.base_revision");
  }
  Change change{.changed = true};
  if (item->phase() == v1::ITEM_PHASE_PLACED) {
    Result<v1::BulletinIssue*> issue = FindIssue(item->issue_id());
    if (!issue.ok()) return issue.status();
    if (*issue != nullptr) {
      v1::BulletinIssue* draft = *issue;
      auto* ids = draft->mutable_item_ids();
      ids->erase(std::remove(ids->begin(), ids->end(), item->item_id()),
                 ids->end());
      draft->set_revision(draft->revision() + 1);
      Log(draft, v1::IssueLogEntry::ACTION_EDITED, actor, now_ms,
          "撤下稿件" + Quoted(item->title()) + "（不用：" + request.reason() +
              "）");
      TouchIssue(draft, now_ms);
      change.issue = draft;
    }
  }
  item->set_phase(v1::ITEM_PHASE_DROPPED);
  item->set_dropped_reason(request.reason());
  item->clear_issue_id();
  TouchItem(item, actor, now_ms);
  change.item = item;
  return change;
}

Result<EditingDesk::Change> EditingDesk::PutIssue(const v1::PutIssue& request,
                                                  const Actor& actor,
                                                  int64_t now_ms) {
  const v1::BulletinSeries* series = terms_.policy.FindSeries(request.series_id());
  if (series == nullptr) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "没有编号为 " + request.series_id() + " 的简报（见 [caibian] 配置）",
                  "caibian.put_issue.series_id");
  }
  const IssueFields fields = Resolve(request, *series);
  Result<v1::BulletinIssue*> found = FindIssue(request.issue_id());
  if (!found.ok()) return found.status();
  v1::BulletinIssue* issue = *found;
  auto answer = [this](v1::BulletinIssue* of, bool changed) -> Result<Change> {
    Change change{.changed = changed, .issue = of};
    for (const std::string& id : of->item_ids()) {
      Result<v1::BulletinItem*> item = FindItem(id);
      if (!item.ok()) return item.status();
      if (*item != nullptr) change.items.push_back(*item);
    }
    return change;
  };
  if (issue != nullptr) {
    const bool same = SameIssue(*issue, request, fields);
    // Its outcome stored (a retry never heard answered): no change.
    if (same && request.base_revision() < issue->revision()) return answer(issue, false);
    if (request.base_revision() == 0) {
      return Status(v1::ERROR_CODE_IDEMPOTENCY_KEY_REUSED,
                    "期次编号 " + request.issue_id() + " 已用于" +
                        IssueWords(*issue),
                    "caibian.put_issue.issue_id");
    }
    if (issue->phase() == v1::ISSUE_PHASE_ISSUED) {
      return WrongState(IssueWords(*issue) +
                            "已签发，不能再修改；如需更正，请编发一期更正",
                        "caibian.put_issue.issue_id");
    }
    if (request.base_revision() != issue->revision()) {
      return Stale(IssueWords(*issue), issue->revision(), issue->updated_at_ms(),
                   issue->log_size() > 0
                       ? issue->log(issue->log_size() - 1).person()
                       : std::string(),
                   terms_.zone, "caibian.put_issue.base_revision");
    }
    if (same) return answer(issue, false);
  } else if (request.base_revision() != 0) {
    return UnknownIssue(request.issue_id(), "caibian.put_issue.issue_id");
  }
  if (!request.corrects_issue_id().empty()) {
    Result<v1::BulletinIssue*> corrected = FindIssue(request.corrects_issue_id());
    if (!corrected.ok()) return corrected.status();
    if (*corrected == nullptr || (*corrected)->phase() != v1::ISSUE_PHASE_ISSUED ||
        (*corrected)->series_id() != request.series_id() ||
        request.corrects_issue_id() == request.issue_id()) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "更正只能针对本简报已签发的一期",
                    "caibian.put_issue.corrects_issue_id");
    }
  }
  // Check every listed item before changing any.
  std::vector<v1::BulletinItem*> listed;
  v1::Classification classification = fields.classification;
  for (const std::string& id : request.item_ids()) {
    for (const v1::BulletinItem* seen : listed) {
      if (seen->item_id() == id) {
        return Status(v1::ERROR_CODE_INVALID_FIELD,
                      "稿件 " + id + " 在本期中出现了两次",
                      "caibian.put_issue.item_ids");
      }
    }
    Result<v1::BulletinItem*> item = FindItem(id);
    if (!item.ok()) return item.status();
    if (*item == nullptr) return UnknownItem(id, "caibian.put_issue.item_ids");
    v1::BulletinItem* one = *item;
    const std::string words = "稿件" + Quoted(one->title());
    switch (one->phase()) {
      case v1::ITEM_PHASE_DROPPED:
        return WrongState(words + "已弃用（" + one->dropped_reason() +
                              "），请先重新编辑为备选稿",
                          "caibian.put_issue.item_ids");
      case v1::ITEM_PHASE_ISSUED:
        return WrongState(words + "已刊发，不能再编入", "caibian.put_issue.item_ids");
      case v1::ITEM_PHASE_PLACED:
        if (one->issue_id() != request.issue_id()) {
          return WrongState(words + "已编入另一期（草稿 " + one->issue_id() +
                                "），请先从那一期撤下",
                            "caibian.put_issue.item_ids");
        }
        break;
      default:
        break;
    }
    for (const v1::SourceReport& source : one->sources()) {
      classification = std::max(classification, source.classification());
    }
    listed.push_back(one);
  }
  const bool made = issue == nullptr;
  if (made) {
    v1::BulletinIssue fresh;
    fresh.set_issue_id(request.issue_id());
    fresh.set_phase(v1::ISSUE_PHASE_DRAFT);
    fresh.set_editor(actor.person);
    fresh.set_office_unit_id(actor.office_unit_id);
    fresh.set_created_at_ms(now_ms);
    issue = &issues_.insert_or_assign(request.issue_id(), std::move(fresh))
                 .first->second;
  }
  // Items no longer listed go back to the candidates.
  for (const std::string& id : issue->item_ids()) {
    const bool kept =
        std::any_of(listed.begin(), listed.end(),
                    [&](const v1::BulletinItem* one) { return one->item_id() == id; });
    if (kept) continue;
    Result<v1::BulletinItem*> item = FindItem(id);
    if (!item.ok()) return item.status();
    if (*item == nullptr || (*item)->phase() != v1::ITEM_PHASE_PLACED) continue;
    (*item)->set_phase(v1::ITEM_PHASE_CANDIDATE);
    (*item)->clear_issue_id();
    TouchItem(*item, actor, now_ms);
  }
  for (v1::BulletinItem* one : listed) {
    if (one->phase() == v1::ITEM_PHASE_PLACED) continue;
    one->set_phase(v1::ITEM_PHASE_PLACED);
    one->set_issue_id(request.issue_id());
    TouchItem(one, actor, now_ms);
  }
  issue->set_series_id(series->series_id());
  issue->set_series_name(series->name());
  issue->set_kind(series->kind());
  issue->set_approver(fields.approver);
  issue->set_compiled_by(fields.compiled_by);
  issue->set_send_to(fields.send_to);
  issue->set_copy_to(fields.copy_to);
  issue->set_classification(classification);
  issue->set_corrects_issue_id(request.corrects_issue_id());
  issue->clear_item_ids();
  for (const v1::BulletinItem* one : listed) issue->add_item_ids(one->item_id());
  issue->set_revision(issue->revision() + 1);
  Log(issue,
      made ? v1::IssueLogEntry::ACTION_CREATED : v1::IssueLogEntry::ACTION_EDITED,
      actor, now_ms,
      (made ? "新建" : "修改") + IssueWords(*issue) + "，稿件 " +
          std::to_string(listed.size()) + " 篇");
  TouchIssue(issue, now_ms);
  return answer(issue, true);
}

Result<EditingDesk::Change> EditingDesk::Issue(const v1::IssueBulletin& request,
                                               const Actor& actor,
                                               int64_t now_ms) {
  Result<v1::BulletinIssue*> found = FindIssue(request.issue_id());
  if (!found.ok()) return found.status();
  v1::BulletinIssue* issue = *found;
  if (issue == nullptr) {
    return UnknownIssue(request.issue_id(), "caibian.issue_bulletin.issue_id");
  }
  Change change{.issue = issue};
  std::vector<v1::BulletinItem*> placed;
  auto collect_items = [&]() -> Status {
    change.items.clear();
    placed.clear();
    for (const std::string& id : issue->item_ids()) {
      Result<v1::BulletinItem*> item = FindItem(id);
      if (!item.ok()) return item.status();
      if (*item == nullptr) {
        return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                      "期次 " + issue->issue_id() + " 所列稿件 " + id +
                          " 不在存储中，请管理员检查");
      }
      change.items.push_back(*item);
      placed.push_back(*item);
    }
    return Status::Ok();
  };
  if (issue->phase() == v1::ISSUE_PHASE_ISSUED) {
    if (request.base_revision() + 1 == issue->revision()) {
      XINBAO_RETURN_IF_ERROR(collect_items());
      return change;  // a retry of the 签发 stored
    }
    return WrongState(IssueWords(*issue) + "已于 " +
                          LocalTimeWords(issue->issued_at_ms(), terms_.zone) +
                          " 签发",
                      "caibian.issue_bulletin.issue_id");
  }
  if (request.base_revision() != issue->revision()) {
    return Stale(IssueWords(*issue), issue->revision(), issue->updated_at_ms(),
                 issue->log_size() > 0 ? issue->log(issue->log_size() - 1).person()
                                       : std::string(),
                 terms_.zone, "caibian.issue_bulletin.base_revision");
  }
  if (issue->item_ids_size() == 0) {
    return WrongState(IssueWords(*issue) + "还没有编入稿件，不能签发",
                      "caibian.issue_bulletin.issue_id");
  }
  if (issue->approver().empty()) {
    return WrongState(IssueWords(*issue) + "没有签发人，请先填写",
                      "caibian.issue_bulletin.issue_id");
  }
  XINBAO_RETURN_IF_ERROR(collect_items());
  for (const v1::BulletinItem* item : change.items) {
    if (item->phase() != v1::ITEM_PHASE_PLACED ||
        item->issue_id() != issue->issue_id()) {
      return WrongState("稿件" + Quoted(item->title()) + "不在本期中，请重新编排",
                        "caibian.issue_bulletin.issue_id");
    }
  }
  v1::BulletinIssue* corrected = nullptr;
  if (!issue->corrects_issue_id().empty()) {
    Result<v1::BulletinIssue*> of = FindIssue(issue->corrects_issue_id());
    if (!of.ok()) return of.status();
    corrected = *of;
  }
  const int32_t year = terms_.zone.CivilOf(now_ms).year;
  const IssueNumbers::Next next = numbers_.For(issue->series_id(), year);
  issue->set_phase(v1::ISSUE_PHASE_ISSUED);
  issue->set_year(next.year);
  issue->set_number(next.number);
  issue->set_total_number(next.total);
  issue->set_issued_at_ms(now_ms);
  issue->set_revision(issue->revision() + 1);
  numbers_.Count(*issue);
  const std::string reference = IssueReference(next.year, next.number);
  Log(issue, v1::IssueLogEntry::ACTION_ISSUED, actor, now_ms,
      "签发（签发人：" + issue->approver() + "），编为" + reference + "（总第" +
          std::to_string(next.total) + "期）");
  TouchIssue(issue, now_ms);
  for (v1::BulletinItem* item : placed) {
    item->set_phase(v1::ITEM_PHASE_ISSUED);
    TouchItem(item, actor, now_ms);
    for (const v1::SourceReport& source : item->sources()) {
      v1::Adoption adoption;
      adoption.set_adoption_id("issue:" + issue->issue_id() + ":" +
                               item->item_id());
      adoption.set_report_sequence(source.sequence());
      adoption.set_unit_id(source.unit_id());
      adoption.set_level(terms_.policy.level);
      adoption.set_kind(issue->kind());
      adoption.set_series_name(issue->series_name());
      adoption.set_reference(reference);
      adoption.set_issue_id(issue->issue_id());
      adoption.set_item_id(item->item_id());
      adoption.set_merged_units(
          static_cast<uint32_t>(item->source_unit_ids_size()));
      adoption.set_adopted_at_ms(now_ms);
      adoption.set_recorded_at_ms(now_ms);
      adoption.set_origin(v1::ADOPTION_ORIGIN_LOCAL_ISSUE);
      adoption.set_recorded_by(actor.person);
      adoption.set_item_title(item->title());
      change.adoptions.push_back(KeepAdoption(std::move(adoption)));
    }
  }
  if (corrected != nullptr) {
    corrected->add_corrected_by(issue->issue_id());
    Log(corrected, v1::IssueLogEntry::ACTION_CORRECTED, actor, now_ms,
        "已编发更正：" + IssueWords(*issue));
    TouchIssue(corrected, now_ms);
  }
  change.changed = true;
  return change;
}

Result<EditingDesk::Change> EditingDesk::RecordAdoption(
    const v1::RecordAdoption& request, const Actor& actor, int64_t now_ms) {
  if (request.level() <= terms_.policy.level) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "登记的应是上级采用：级别应高于本级（" +
                      std::string(LeaderLevelName(terms_.policy.level)) + "）",
                  "caibian.record_adoption.level");
  }
  if (request.adopted_at_ms() > now_ms) {
    return Status(v1::ERROR_CODE_INVALID_FIELD, "采用日期不能晚于现在",
                  "caibian.record_adoption.adopted_at_ms");
  }
  // The reports it concerns, with the item's title and unit count.
  std::vector<v1::SourceReport> sources;
  std::string title;
  uint32_t merged_units = 1;
  if (!request.item_id().empty()) {
    Result<v1::BulletinItem*> item = FindItem(request.item_id());
    if (!item.ok()) return item.status();
    if (*item == nullptr) {
      return UnknownItem(request.item_id(), "caibian.record_adoption.item_id");
    }
    sources.assign((*item)->sources().begin(), (*item)->sources().end());
    title = (*item)->title();
    merged_units = static_cast<uint32_t>((*item)->source_unit_ids_size());
  } else {
    Result<std::optional<v1::Report>> report =
        load_.report(request.report_sequence());
    if (!report.ok()) return report.status();
    if (!report->has_value()) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "第 " + std::to_string(request.report_sequence()) +
                        " 号报告不存在",
                    "caibian.record_adoption.report_sequence");
    }
    v1::SourceReport& source = sources.emplace_back();
    source.set_sequence(request.report_sequence());
    source.set_unit_id((*report)->unit_id());
    title = (*report)->title();
  }
  Change change;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    Result<std::vector<v1::Adoption>> stored =
        load_.adoptions(sources[i].sequence());
    if (!stored.ok()) return stored.status();
    for (const v1::Adoption& one : *stored) {
      if (one.adoption_id() == request.adoption_id()) {
        if (!SameAdoption(one, request)) {
          return Status(v1::ERROR_CODE_IDEMPOTENCY_KEY_REUSED,
                        "采用登记编号 " + request.adoption_id() +
                            " 已用于另一条登记（" + Quoted(one.series_name()) +
                            one.reference() + "）",
                        "caibian.record_adoption.adoption_id");
        }
        // A retry: answered with what is stored; nothing is applied.
        echoes_.push_back(one);
        change.adoptions.push_back(&echoes_.back());
        continue;
      } else if (one.level() == request.level() &&
                 one.series_name() == request.series_name() &&
                 one.reference() == request.reference()) {
        return WrongState("第 " + std::to_string(sources[i].sequence()) +
                              " 号报告已登记为" + Quoted(one.series_name()) +
                              one.reference() + "采用（登记编号 " +
                              one.adoption_id() + "）",
                          "caibian.record_adoption.adoption_id");
      }
    }
  }
  if (!change.adoptions.empty()) return change;
  const int64_t adopted_at =
      request.adopted_at_ms() != 0 ? request.adopted_at_ms() : now_ms;
  for (const v1::SourceReport& source : sources) {
    v1::Adoption adoption;
    adoption.set_adoption_id(request.adoption_id());
    adoption.set_report_sequence(source.sequence());
    adoption.set_unit_id(source.unit_id());
    adoption.set_level(request.level());
    adoption.set_kind(request.kind());
    adoption.set_series_name(request.series_name());
    adoption.set_reference(request.reference());
    adoption.set_item_id(request.item_id());
    adoption.set_merged_units(merged_units);
    adoption.set_adopted_at_ms(adopted_at);
    adoption.set_recorded_at_ms(now_ms);
    adoption.set_origin(v1::ADOPTION_ORIGIN_ENTERED);
    adoption.set_recorded_by(actor.person);
    adoption.set_item_title(title);
    change.adoptions.push_back(KeepAdoption(std::move(adoption)));
  }
  change.changed = true;
  return change;
}

std::string UpstreamAdoptionId(const v1::Adoption& upstream) {
  if (upstream.origin() == v1::ADOPTION_ORIGIN_UPSTREAM) return upstream.adoption_id();
  return "up:" + upstream.upstream_broker() + ":" + upstream.adoption_id();
}

Result<EditingDesk::Change> EditingDesk::TakeUpstreamAdoption(
    const v1::Adoption& upstream, uint64_t sequence, std::string_view unit_id,
    int64_t now_ms) {
  const std::string id = UpstreamAdoptionId(upstream);
  Result<std::vector<v1::Adoption>> stored = load_.adoptions(sequence);
  if (!stored.ok()) return stored.status();
  Change change;
  for (const v1::Adoption& one : *stored) {
    const bool same_publication = one.level() == upstream.level() &&
                                  one.series_name() == upstream.series_name() &&
                                  one.reference() == upstream.reference();
    if (one.adoption_id() == id || same_publication) {
      echoes_.push_back(one);
      change.adoptions.push_back(&echoes_.back());
      return change;
    }
  }
  v1::Adoption adoption = upstream;
  adoption.set_adoption_id(id);
  adoption.set_report_sequence(sequence);
  adoption.set_unit_id(std::string(unit_id));
  // Its issue and item are the upper office's, not this broker's.
  adoption.clear_issue_id();
  adoption.clear_item_id();
  adoption.set_recorded_at_ms(now_ms);
  adoption.set_origin(v1::ADOPTION_ORIGIN_UPSTREAM);
  change.adoptions.push_back(KeepAdoption(std::move(adoption)));
  change.changed = true;
  return change;
}

Result<EditingDesk::Change> EditingDesk::RecordInstruction(
    const v1::RecordInstruction& request, const Actor& actor, int64_t now_ms) {
  Result<v1::BulletinItem*> found = FindItem(request.item_id());
  if (!found.ok()) return found.status();
  v1::BulletinItem* item = *found;
  if (item == nullptr) {
    return UnknownItem(request.item_id(), "caibian.record_instruction.item_id");
  }
  const v1::Instruction& given = request.instruction();
  for (const v1::Instruction& stored : item->instructions()) {
    if (stored.instruction_id() != given.instruction_id()) continue;
    if (SameInstruction(stored, given)) return Change{.item = item};
    return Status(v1::ERROR_CODE_IDEMPOTENCY_KEY_REUSED,
                  "批示登记编号 " + given.instruction_id() + " 已用于" +
                      stored.leader() + "的另一条批示",
                  "caibian.record_instruction.instruction.instruction_id");
  }
  if (item->phase() != v1::ITEM_PHASE_ISSUED) {
    return WrongState("稿件" + Quoted(item->title()) +
                          "尚未刊发，领导批示应登记在已刊发的稿件上",
                      "caibian.record_instruction.item_id");
  }
  if (given.instructed_at_ms() > now_ms) {
    return Status(v1::ERROR_CODE_INVALID_FIELD, "批示日期不能晚于现在",
                  "caibian.record_instruction.instruction.instructed_at_ms");
  }
  v1::Instruction* kept = item->add_instructions();
  *kept = given;
  if (kept->instructed_at_ms() == 0) kept->set_instructed_at_ms(now_ms);
  kept->set_recorded_at_ms(now_ms);
  kept->set_recorded_by(actor.person);
  // An instruction does not change the text: the revision stays.
  item->set_updated_at_ms(now_ms);
  changed_items_.insert(item->item_id());
  return Change{.changed = true, .item = item};
}

std::vector<const v1::BulletinItem*> EditingDesk::ChangedItems() const {
  std::vector<const v1::BulletinItem*> out;
  for (const std::string& id : changed_items_) out.push_back(&items_.find(id)->second);
  return out;
}

std::vector<const v1::BulletinIssue*> EditingDesk::ChangedIssues() const {
  std::vector<const v1::BulletinIssue*> out;
  for (const std::string& id : changed_issues_) {
    out.push_back(&issues_.find(id)->second);
  }
  return out;
}

std::vector<const v1::Adoption*> EditingDesk::NewAdoptions() const {
  std::vector<const v1::Adoption*> out;
  for (const v1::Adoption& adoption : adoptions_) out.push_back(&adoption);
  return out;
}

bool EditingDesk::HasChanges() const {
  return !changed_items_.empty() || !changed_issues_.empty() ||
         !adoptions_.empty();
}

void EditingDesk::Settle() {
  items_.clear();
  issues_.clear();
  changed_items_.clear();
  changed_issues_.clear();
  adoptions_.clear();
  echoes_.clear();
}

void EditingDesk::Forget() {
  Settle();
  numbers_.Clear();
}

}  // namespace xinbao::broker
