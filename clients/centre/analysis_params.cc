#include "clients/centre/analysis_params.h"

#include <charconv>
#include <optional>
#include <set>
#include <vector>

#include "proto/names.h"
#include "proto/report_rules.h"
#include "proto/utf8.h"

namespace xinbao::centre {
namespace {

constexpr std::size_t kMaxIdChars = 64;      // unit and event ids
constexpr std::size_t kMaxFilterValues = 100;  // the broker's bound

// Message and field quote what the request held: made UTF-8 for the page.
Status Invalid(const std::string& message, const std::string& field) {
  return Status(v1::ERROR_CODE_INVALID_FIELD, ValidUtf8(message),
                ValidUtf8(field));
}

// Refuses a parameter not in `known`.
Status OnlyKnown(const QueryParams& params, const std::set<std::string>& known) {
  for (const auto& [name, value] : params) {
    if (known.contains(name)) continue;
    std::string list;
    for (const std::string& each : known) list += (list.empty() ? "" : "、") + each;
    return Invalid("不认识的查询参数 “" + name + "”（可用的有：" + list + "）",
                   name);
  }
  return Status::Ok();
}

// The one value of `name` ("" when absent or empty); given twice: refused.
Result<std::string> Single(const QueryParams& params, const std::string& name) {
  std::string value;
  auto [first, last] = params.equal_range(name);
  for (auto it = first; it != last; ++it) {
    if (it->second.empty()) continue;
    if (!value.empty()) return Invalid("查询参数 " + name + " 只能给一个值", name);
    value = it->second;
  }
  return value;
}

// Every value of `name`, repeated or comma-separated, empty ones dropped.
std::vector<std::string> Many(const QueryParams& params, const std::string& name) {
  std::vector<std::string> values;
  auto [first, last] = params.equal_range(name);
  for (auto it = first; it != last; ++it) {
    std::size_t start = 0;
    while (start <= it->second.size()) {
      std::size_t end = it->second.find(',', start);
      if (end == std::string::npos) end = it->second.size();
      std::string value = it->second.substr(start, end - start);
      const auto begin = value.find_first_not_of(' ');
      if (begin != std::string::npos) {
        values.push_back(value.substr(begin, value.find_last_not_of(' ') - begin + 1));
      }
      start = end + 1;
    }
  }
  return values;
}

Result<std::optional<int64_t>> TimeParam(const QueryParams& params,
                                         const std::string& name,
                                         const TimeZone& zone) {
  Result<std::string> text = Single(params, name);
  if (!text.ok()) return text.status();
  if (text->empty()) return std::optional<int64_t>();
  Result<int64_t> ms = client::ParseTime(*text, name, zone);
  if (!ms.ok()) return ms.status();
  return std::optional<int64_t>(*ms);
}

Result<uint64_t> SequenceParam(const QueryParams& params, const std::string& name) {
  Result<std::string> text = Single(params, name);
  if (!text.ok()) return text.status();
  if (text->empty()) return uint64_t{0};
  uint64_t value = 0;
  const char* end = text->data() + text->size();
  const auto [stop, error] = std::from_chars(text->data(), end, value);
  if (error != std::errc() || stop != end || value == 0) {
    return Invalid("序号应为正整数：“" + *text + "”", name);
  }
  return value;
}

template <typename Enum>
Status EnumParams(const QueryParams& params, const std::string& name,
                  std::optional<Enum> (*parse)(std::string_view),
                  const std::string& what,
                  google::protobuf::RepeatedField<int>* out) {
  const std::vector<std::string> values = Many(params, name);
  if (values.size() > kMaxFilterValues) {
    return Invalid(what + "最多选 " + std::to_string(kMaxFilterValues) + " 个", name);
  }
  for (const std::string& text : values) {
    const std::optional<Enum> value = parse(text);
    if (!value) return Invalid("不认识的" + what + "：“" + text + "”", name);
    out->Add(*value);
  }
  return Status::Ok();
}

// "2026-11": four digits from 2000, a dash, a month 01–12.
bool WellFormedMonth(const std::string& month) {
  if (month.size() != 7 || month[4] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6}) {
    if (month[i] < '0' || month[i] > '9') return false;
  }
  const int year = std::stoi(month.substr(0, 4));
  const int number = std::stoi(month.substr(5, 2));
  return year >= 2000 && number >= 1 && number <= 12;
}

}  // namespace

Result<v1::StatsRequest> StatsRequestOf(const QueryParams& params,
                                        const TimeZone& zone, int64_t now_ms) {
  XINBAO_RETURN_IF_ERROR(OnlyKnown(params, {"month"}));
  Result<std::string> month = Single(params, "month");
  if (!month.ok()) return month.status();
  v1::StatsRequest request;
  if (month->empty()) {
    request.set_month(zone.Format(now_ms, "%Y-%m"));
  } else if (!WellFormedMonth(*month)) {
    return Invalid("月份应写成 YYYY-MM（如 2026-11），2000 年以后：“" + *month + "”",
                   "month");
  } else {
    request.set_month(*month);
  }
  return request;
}

Result<v1::ReplayRequest> ReplayRequestOf(const QueryParams& params,
                                          const TimeZone& zone) {
  XINBAO_RETURN_IF_ERROR(OnlyKnown(
      params, {"from", "to", "from_seq", "to_seq", "unit", "kind", "stage", "event"}));
  v1::ReplayRequest request;
  request.set_credit(1);
  request.set_chunk_reports(kReplayPageReports);

  Result<std::optional<int64_t>> from = TimeParam(params, "from", zone);
  if (!from.ok()) return from.status();
  Result<std::optional<int64_t>> to = TimeParam(params, "to", zone);
  if (!to.ok()) return to.status();
  if (*from && *to && **to <= **from) {
    return Invalid("结束时间须晚于开始时间", "to");
  }
  request.set_from_ms(from->value_or(0));
  request.set_to_ms(to->value_or(0));

  Result<uint64_t> first = SequenceParam(params, "from_seq");
  if (!first.ok()) return first.status();
  Result<uint64_t> last = SequenceParam(params, "to_seq");
  if (!last.ok()) return last.status();
  if (*last != 0 && *first > *last) {
    return Invalid("结束序号不能小于起始序号", "to_seq");
  }
  request.set_first_sequence(*first);
  request.set_last_sequence(*last);

  const std::vector<std::string> units = Many(params, "unit");
  if (units.size() > kMaxFilterValues) {
    return Invalid("单位最多选 " + std::to_string(kMaxFilterValues) + " 个", "unit");
  }
  for (const std::string& unit : units) {
    if (!IsWellFormedId(unit, kMaxIdChars)) {
      return Invalid("单位编号格式不对：“" + unit +
                         "”（填单位编号，如 hekou：字母、数字和 . _ - :，最多 64 个）",
                     "unit");
    }
    request.add_unit_ids(unit);
  }
  XINBAO_RETURN_IF_ERROR(EnumParams<v1::Kind>(params, "kind", ParseKind, "信息类别",
                                              request.mutable_kinds()));
  XINBAO_RETURN_IF_ERROR(EnumParams<v1::Stage>(params, "stage", ParseStage, "阶段",
                                               request.mutable_stages()));
  Result<std::string> event = Single(params, "event");
  if (!event.ok()) return event.status();
  if (!event->empty() && !IsWellFormedId(*event, kMaxIdChars)) {
    return Invalid("事件编号格式不对：“" + *event + "”", "event");
  }
  request.set_event_id(*event);
  return request;
}

Result<v1::AsOfRequest> AsOfRequestOf(const QueryParams& params,
                                      const TimeZone& zone) {
  XINBAO_RETURN_IF_ERROR(OnlyKnown(params, {"at", "event"}));
  Result<std::optional<int64_t>> at = TimeParam(params, "at", zone);
  if (!at.ok()) return at.status();
  if (!*at || **at == 0) {
    return Status(v1::ERROR_CODE_MISSING_FIELD, "请给出要回看的时刻（at）", "at");
  }
  Result<std::string> event = Single(params, "event");
  if (!event.ok()) return event.status();
  if (!event->empty() && !IsWellFormedId(*event, kMaxIdChars)) {
    return Invalid("事件编号格式不对：“" + *event + "”", "event");
  }
  v1::AsOfRequest request;
  request.set_at_ms(**at);
  request.set_event_id(*event);
  return request;
}

}  // namespace xinbao::centre
