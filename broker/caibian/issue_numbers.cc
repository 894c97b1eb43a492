#include "broker/caibian/issue_numbers.h"

#include <algorithm>

namespace xinbao::broker {

void IssueNumbers::Count(const v1::BulletinIssue& issue) {
  if (issue.phase() != v1::ISSUE_PHASE_ISSUED) return;
  uint32_t& last = last_[{issue.series_id(), issue.year()}];
  last = std::max(last, issue.number());
  uint32_t& total = total_[issue.series_id()];
  total = std::max(total, issue.total_number());
}

IssueNumbers::Next IssueNumbers::For(std::string_view series_id,
                                     int32_t year) const {
  Next next;
  next.year = year;
  auto last = last_.find(std::pair<std::string, int32_t>(series_id, year));
  next.number = (last == last_.end() ? 0 : last->second) + 1;
  auto total = total_.find(series_id);
  next.total = (total == total_.end() ? 0 : total->second) + 1;
  return next;
}

void IssueNumbers::Clear() {
  last_.clear();
  total_.clear();
}

std::string IssueReference(int32_t year, uint32_t number) {
  return std::to_string(year) + "年第" + std::to_string(number) + "期";
}

}  // namespace xinbao::broker
