#include "broker/base/refusal_log.h"

#include <algorithm>

namespace xinbao::broker {

std::string RefusalSummary::Text() const {
  std::string code_name = v1::ErrorCode_Name(code);
  constexpr std::string_view kPrefix = "ERROR_CODE_";
  if (std::string_view(code_name).starts_with(kPrefix)) {
    code_name.erase(0, kPrefix.size());
  }
  return "过去 " + std::to_string(seconds) + " 秒又有 " +
         std::to_string(unwritten) + " 次同类拒绝（" + source + "，" +
         code_name + "）未逐条记录";
}

RefusalLog::RefusalLog(int lines_per_second, std::size_t max_kinds)
    : lines_per_second_(std::max(lines_per_second, 1)),
      max_kinds_(std::max<std::size_t>(max_kinds, 1)) {}

void RefusalLog::EndSecond(Kind* kind) {
  if (kind->unwritten == 0) return;
  if (kind->due == 0) kind->due_since_ms = kind->second_began_ms;
  kind->due += kind->unwritten;
  kind->due_until_ms = kind->second_began_ms + kSecondMs;
  kind->unwritten = 0;
}

bool RefusalLog::Admit(std::string_view source, v1::ErrorCode code,
                       int64_t now_ms) {
  Key key(source, code);
  auto it = kinds_.find(key);
  if (it == kinds_.end()) {
    if (kinds_.size() >= max_kinds_ && source != kOtherSources) {
      key.first = kOtherSources;
      it = kinds_.find(key);
    }
    if (it == kinds_.end()) {
      it = kinds_.emplace(std::move(key), Kind{.second_began_ms = now_ms})
               .first;
    }
  }
  Kind& kind = it->second;
  if (SecondOver(kind, now_ms)) {
    EndSecond(&kind);
    kind.second_began_ms = now_ms;
    kind.written = 0;
  }
  next_due_ms_ = std::min(next_due_ms_, kind.second_began_ms + kSecondMs);
  if (kind.due > 0) next_due_ms_ = std::min(next_due_ms_, kind.due_until_ms);
  if (kind.written < lines_per_second_) {
    ++kind.written;
    return true;
  }
  ++kind.unwritten;
  return false;
}

std::vector<RefusalSummary> RefusalLog::TakeSummaries(int64_t now_ms) {
  std::vector<RefusalSummary> summaries;
  if (now_ms < next_due_ms_) return summaries;
  next_due_ms_ = kNever;
  for (auto it = kinds_.begin(); it != kinds_.end();) {
    Kind& kind = it->second;
    const bool over = SecondOver(kind, now_ms);
    if (over) EndSecond(&kind);
    if (kind.due > 0) {
      const int64_t span = kind.due_until_ms - kind.due_since_ms;
      summaries.push_back(RefusalSummary{
          .source = it->first.first,
          .code = it->first.second,
          .unwritten = kind.due,
          .seconds = std::max<int64_t>(1, (span + kSecondMs - 1) / kSecondMs),
      });
      kind.due = 0;
    }
    if (over) {
      it = kinds_.erase(it);
      continue;
    }
    next_due_ms_ = std::min(next_due_ms_, kind.second_began_ms + kSecondMs);
    ++it;
  }
  return summaries;
}

}  // namespace xinbao::broker
