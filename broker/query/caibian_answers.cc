#include "broker/query/caibian_answers.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "broker/caibian/issue_numbers.h"
#include "broker/history/assessment.h"
#include "broker/units/unit_names.h"

namespace xinbao::broker {
namespace {

constexpr uint32_t kDefaultIssues = 200;
constexpr uint32_t kDefaultFeedback = 500;
constexpr int64_t kFeedbackDaysMs = 31LL * 24 * 60 * 60 * 1000;

void AddItemNames(const v1::BulletinItem& item, const UnitRegistry& units,
                  UnitNames* names) {
  for (const std::string& unit_id : item.source_unit_ids()) {
    AddUnitName(unit_id, units, names);
  }
}

// The numbers each series' next issue gets, counted from every issue.
Result<IssueNumbers> CountNumbers(const storage::ReportStore& store) {
  IssueNumbers numbers;
  XINBAO_RETURN_IF_ERROR(
      store.ScanBulletinIssues([&](const v1::BulletinIssue& issue) {
        numbers.Count(issue);
        return true;
      }));
  return numbers;
}

bool Newer(const v1::BulletinIssue& a, const v1::BulletinIssue& b) {
  const int64_t at_a = a.issued_at_ms() != 0 ? a.issued_at_ms() : a.created_at_ms();
  const int64_t at_b = b.issued_at_ms() != 0 ? b.issued_at_ms() : b.created_at_ms();
  if (at_a != at_b) return at_a > at_b;
  return a.issue_id() < b.issue_id();
}

}  // namespace

Status ListBulletins(const storage::ReportStore& store,
                     const BrokerConfig& config,
                     const v1::ListBulletinsRequest& request,
                     v1::BulletinList* list) {
  std::vector<v1::BulletinIssue> issues;
  XINBAO_RETURN_IF_ERROR(
      store.ScanBulletinIssues([&](const v1::BulletinIssue& issue) {
        if (!request.series_id().empty() &&
            issue.series_id() != request.series_id()) {
          return true;
        }
        if (request.year() != 0 && issue.year() != request.year()) return true;
        if (request.phase() != v1::ISSUE_PHASE_UNSPECIFIED &&
            issue.phase() != request.phase()) {
          return true;
        }
        issues.push_back(issue);
        return true;
      }));
  std::sort(issues.begin(), issues.end(), Newer);
  const uint32_t limit = request.limit() != 0 ? request.limit() : kDefaultIssues;
  if (issues.size() > limit) issues.resize(limit);
  for (v1::BulletinIssue& issue : issues) *list->add_issues() = std::move(issue);
  if (request.include_candidates()) {
    XINBAO_RETURN_IF_ERROR(
        store.ScanBulletinItems(true, [&](const v1::BulletinItem& item) {
          *list->add_candidates() = item;
          AddItemNames(item, config.units, list->mutable_unit_names());
          return true;
        }));
  }
  for (const v1::BulletinSeries& series : config.caibian.series) {
    *list->add_series() = series;
  }
  return Status::Ok();
}

Status GetBulletin(const storage::ReportStore& store, const BrokerConfig& config,
                   const v1::GetBulletinRequest& request, int64_t now_ms,
                   v1::BulletinDetail* detail) {
  Result<std::optional<v1::BulletinIssue>> issue =
      store.GetBulletinIssue(request.issue_id());
  if (!issue.ok()) return issue.status();
  if (!issue->has_value()) {
    return Status(v1::ERROR_CODE_UNKNOWN_ITEM,
                  "没有编号为 " + request.issue_id() + " 的简报期次",
                  "get_bulletin.issue_id");
  }
  *detail->mutable_issue() = std::move(**issue);
  for (const std::string& id : detail->issue().item_ids()) {
    Result<std::optional<v1::BulletinItem>> item = store.GetBulletinItem(id);
    if (!item.ok()) return item.status();
    if (!item->has_value()) continue;
    AddItemNames(**item, config.units, detail->mutable_unit_names());
    *detail->add_items() = std::move(**item);
  }
  if (const v1::BulletinSeries* series =
          config.caibian.FindSeries(detail->issue().series_id())) {
    *detail->mutable_series() = *series;
  }
  if (const Unit* office = config.units.Find(detail->issue().office_unit_id())) {
    detail->set_office_name(office->name);
  }
  if (detail->issue().phase() == v1::ISSUE_PHASE_DRAFT) {
    Result<IssueNumbers> numbers = CountNumbers(store);
    if (!numbers.ok()) return numbers.status();
    const IssueNumbers::Next next = numbers->For(
        detail->issue().series_id(), config.zone().CivilOf(now_ms).year);
    detail->set_next_year(next.year);
    detail->set_next_number(next.number);
    detail->set_next_total_number(next.total);
  }
  return Status::Ok();
}

Status AnswerFeedback(const storage::ReportStore& store,
                      const BrokerConfig& config,
                      const v1::FeedbackRequest& request,
                      const std::string& only_unit, int64_t now_ms,
                      v1::Feedback* feedback) {
  if (request.unit_id().empty()) {
    return Status(v1::ERROR_CODE_MISSING_FIELD, "缺少必填项：单位",
                  "feedback.unit_id");
  }
  if (!only_unit.empty() && request.unit_id() != only_unit) {
    return Status(v1::ERROR_CODE_NOT_PERMITTED,
                  "只能查看本单位（" + only_unit + "）的采用反馈",
                  "feedback.unit_id");
  }
  StatsPeriod period{now_ms - kFeedbackDaysMs, now_ms + 1, false};
  if (!request.month().empty() || request.from_ms() != 0 ||
      request.to_ms() != 0) {
    v1::StatsRequest asked;
    asked.set_month(request.month());
    asked.set_from_ms(request.from_ms());
    asked.set_to_ms(request.to_ms());
    Result<StatsPeriod> resolved = ResolvePeriod(asked, config.zone());
    if (!resolved.ok()) {
      Status status = resolved.status();
      return Status(status.code(), status.message(),
                    "feedback." + status.field().substr(status.field().find('.') + 1));
    }
    period = *resolved;
  }
  feedback->set_unit_id(request.unit_id());
  feedback->set_from_ms(period.from_ms);
  feedback->set_to_ms(period.to_ms);
  AddUnitName(request.unit_id(), config.units, feedback->mutable_unit_names());

  Result<storage::SequenceRange> range =
      store.ResolveRange(0, 0, period.from_ms, period.to_ms);
  if (!range.ok()) return range.status();
  if (range->empty()) return Status::Ok();
  std::vector<v1::Report> reports;
  XINBAO_RETURN_IF_ERROR(store.ScanUnit(
      request.unit_id(), range->first, [&](const v1::Report& report) {
        if (report.sequence() > range->last) return false;
        reports.push_back(report);
        return true;
      }));
  // The 督办 items issued from a report, and the items being edited from
  // one: read once, looked up per report.
  std::multimap<uint64_t, v1::InstructionNote> duban_notes;
  XINBAO_RETURN_IF_ERROR(store.ScanItems([&](const v1::DubanState& item) {
    if (item.item().source_report_sequence() == 0) return true;
    v1::InstructionNote note;
    note.set_leader(item.item().leader());
    note.set_leader_level(item.item().leader_level());
    note.set_text(item.item().instruction());
    note.set_instructed_at_ms(item.item().instructed_at_ms());
    note.set_duban_item_id(item.item().item_id());
    duban_notes.emplace(item.item().source_report_sequence(), std::move(note));
    return true;
  }));
  std::map<uint64_t, uint32_t> in_editing;
  XINBAO_RETURN_IF_ERROR(
      store.ScanBulletinItems(true, [&](const v1::BulletinItem& item) {
        for (const v1::SourceReport& source : item.sources()) {
          ++in_editing[source.sequence()];
        }
        return true;
      }));
  std::map<std::string, v1::BulletinItem, std::less<>> items;  // read once
  const uint32_t limit =
      request.limit() != 0 ? request.limit() : kDefaultFeedback;
  uint32_t adopted = 0;
  for (auto it = reports.rbegin(); it != reports.rend(); ++it) {
    const v1::Report& report = *it;
    v1::ReportFeedback row;
    row.set_sequence(report.sequence());
    row.set_title(report.title());
    row.set_kind(report.kind());
    row.set_stored_at_ms(report.stored_at_ms());
    row.set_commission_id(report.commission_id());
    auto editing = in_editing.find(report.sequence());
    if (editing != in_editing.end()) row.set_in_editing(editing->second);
    Result<std::vector<v1::Adoption>> adoptions =
        store.ReportAdoptions(report.sequence());
    if (!adoptions.ok()) return adoptions.status();
    std::set<std::string> items_seen;
    for (v1::Adoption& adoption : *adoptions) {
      if (!adoption.item_id().empty() &&
          items_seen.insert(adoption.item_id()).second) {
        auto found = items.find(adoption.item_id());
        if (found == items.end()) {
          Result<std::optional<v1::BulletinItem>> item =
              store.GetBulletinItem(adoption.item_id());
          if (!item.ok()) return item.status();
          found = items.emplace(adoption.item_id(),
                                item->value_or(v1::BulletinItem()))
                      .first;
        }
        for (const v1::Instruction& given : found->second.instructions()) {
          v1::InstructionNote* note = row.add_instructions();
          note->set_leader(given.leader());
          note->set_leader_level(given.leader_level());
          note->set_text(given.text());
          note->set_instructed_at_ms(given.instructed_at_ms());
          note->set_item_id(found->first);
          note->set_duban_item_id(given.duban_item_id());
        }
      }
      *row.add_adoptions() = std::move(adoption);
    }
    auto [from, to] = duban_notes.equal_range(report.sequence());
    for (auto note = from; note != to; ++note) {
      *row.add_instructions() = note->second;
    }
    std::sort(row.mutable_adoptions()->begin(), row.mutable_adoptions()->end(),
              [](const v1::Adoption& a, const v1::Adoption& b) {
                return a.adopted_at_ms() < b.adopted_at_ms();
              });
    if (row.adoptions_size() > 0) ++adopted;
    if (request.adopted_only() && row.adoptions_size() == 0) continue;
    if (static_cast<uint32_t>(feedback->reports_size()) < limit) {
      *feedback->add_reports() = std::move(row);
    }
  }
  feedback->set_adopted(adopted);
  return Status::Ok();
}

Status ListCommissions(const storage::ReportStore& store,
                       const BrokerConfig& config,
                       const v1::ListCommissionsRequest& request,
                       const std::string& only_unit, v1::CommissionList* list) {
  const std::string& unit = !only_unit.empty() ? only_unit : request.unit_id();
  return store.ScanCommissions(
      !request.include_closed(), [&](const v1::CommissionState& commission) {
        const auto& asked = commission.commission().unit_ids();
        if (!unit.empty() &&
            std::find(asked.begin(), asked.end(), unit) == asked.end()) {
          return true;
        }
        *list->add_commissions() = commission;
        for (const std::string& unit_id : asked) {
          AddUnitName(unit_id, config.units, list->mutable_unit_names());
        }
        return true;
      });
}

}  // namespace xinbao::broker
