// Reading a calendar file: one [[year]] table per year, checked hard (the
// format is in docs/PROTOCOL.md, "Working days and the calendar file").
#include <toml++/toml.h>

#include <cstdlib>
#include <set>
#include <sstream>
#include <utility>

#include "broker/deadlines/calendar_day.h"
#include "broker/deadlines/work_calendar.h"
#include "broker/deadlines/work_calendar_data.h"
#include "proto/toml_file.h"

namespace xinbao::broker {
namespace {

constexpr std::string_view kEmbeddedOrigin = "内置日历";
constexpr std::string_view kWhat = "工作日历";

// A refusal naming the calendar (and, from the caller, the year and value).
class Refusal {
 public:
  explicit Refusal(const std::string& origin)
      : origin_(origin), prefix_(std::string(kWhat) + " " + origin) {}

  Status operator()(const std::string& what) const {
    return Status(v1::ERROR_CODE_INVALID_FIELD, prefix_ + ": " + what, origin_);
  }
  // The same, about year `year`.
  Status About(int year, const std::string& what) const {
    return (*this)(std::to_string(year) + " 年 " + what);
  }

 private:
  std::string origin_;
  std::string prefix_;
};

std::string Quote(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

// One entry of `holidays` or `workdays`: "2026-01-01", or a TOML date.
std::optional<Date> DateOfNode(const toml::node& node, std::string* text) {
  if (const toml::value<toml::date>* date = node.as_date()) {
    const toml::date& value = date->get();
    const Date parsed{value.year, value.month, value.day};
    *text = DateText(DayNumber(parsed));
    return parsed;
  }
  std::optional<std::string> string = node.value<std::string>();
  if (!string) {
    std::ostringstream written;
    node.visit([&written](const auto& value) { written << value; });
    *text = written.str();
    return std::nullopt;
  }
  *text = *string;
  return ParseDate(*string);
}

// `key` ("holidays" or "workdays") of year `year` into *days.
Status ReadDays(const toml::table& table, int year, std::string_view key,
                const Refusal& refuse, std::set<int64_t>* days) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return Status::Ok();
  const std::string name(key);
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    return refuse.About(year, name + " 应为日期数组，如 [\"" +
                                  std::to_string(year) + "-01-01\"]");
  }
  for (const toml::node& item : *array) {
    std::string text;
    const std::optional<Date> date = DateOfNode(item, &text);
    if (!date) {
      return refuse.About(year, name + ": " + Quote(text) +
                                    " 不是有效日期（应为 YYYY-MM-DD，如 \"" +
                                    std::to_string(year) + "-10-01\"）");
    }
    if (date->year != year) {
      return refuse.About(year, name + ": " + Quote(text) + " 不在 " +
                                    std::to_string(year) + " 年内");
    }
    if (!days->insert(DayNumber(*date)).second) {
      return refuse.About(year, name + ": " + Quote(text) + " 重复");
    }
  }
  return Status::Ok();
}

// The year of the `index`-th (from 1) [[year]] table.
Result<int> ReadYearNumber(const toml::table& table, std::size_t index,
                           const Refusal& refuse) {
  const toml::node* node = table.get("year");
  const std::optional<int64_t> year =
      node != nullptr ? TomlInteger(*node) : std::nullopt;
  if (!year || *year < 1900 || *year > 9999) {
    return refuse("第 " + std::to_string(index) +
                  " 个 [[year]] 的 year 应为年份整数，如 year = 2026");
  }
  return static_cast<int>(*year);
}

Status ReadYear(const toml::table& table, int year, const Refusal& refuse,
                CalendarYear* days) {
  static const std::set<std::string_view> kKeys = {"year", "status", "source",
                                                   "holidays", "workdays"};
  for (const auto& [key, value] : table) {
    if (!kKeys.contains(key.str())) {
      return refuse.About(year, "未知的键 " + Quote(key.str()) +
                                    "（应为 year、status、source、holidays、"
                                    "workdays）");
    }
  }
  const std::optional<std::string> status =
      table["status"].value<std::string>();
  if (!status || (*status != "official" && *status != "provisional")) {
    return refuse.About(year,
                        "status " + Quote(status.value_or("")) +
                            " 无效：应为 \"official\"（已公布的放假安排）或 "
                            "\"provisional\"（只有法定节日，调休尚未公布）");
  }
  days->provisional = *status == "provisional";
  days->source = table["source"].value<std::string>().value_or("");
  if (days->source.empty()) {
    return refuse.About(
        year, "缺少 source：写明安排的出处，如国务院办公厅通知的文号");
  }
  XINBAO_RETURN_IF_ERROR(
      ReadDays(table, year, "holidays", refuse, &days->holidays));
  XINBAO_RETURN_IF_ERROR(
      ReadDays(table, year, "workdays", refuse, &days->workdays));
  for (int64_t day : days->workdays) {
    if (days->holidays.contains(day)) {
      return refuse.About(
          year, Quote(DateText(day)) + " 既在 holidays 又在 workdays 中");
    }
    const int weekday = Weekday(day);
    if (weekday != 0 && weekday != 6) {
      return refuse.About(year, "workdays: " + Quote(DateText(day)) + " 是" +
                                    std::string(WeekdayWords(day)) +
                                    "，本来就是工作日；workdays 只列调休上班的"
                                    "周六、周日");
    }
  }
  return Status::Ok();
}

// The days of a parsed calendar file; office hours not yet set.
Result<WorkCalendarData> ReadCalendar(const Result<toml::table>& parsed,
                                      const std::string& origin) {
  if (!parsed.ok()) return parsed.status();
  const toml::table& root = parsed.value();
  const Refusal refuse(origin);
  for (const auto& [key, value] : root) {
    if (key.str() != "year") {
      return refuse("未知的键 " + Quote(key.str()) +
                    "（每年应为一个 [[year]] 表）");
    }
  }
  const toml::array* tables = root["year"].as_array();
  if (tables == nullptr || tables->empty() || !tables->is_array_of_tables()) {
    return refuse("应有每年一个 [[year]] 表");
  }
  WorkCalendarData data;
  data.origin = origin;
  for (std::size_t i = 0; i < tables->size(); ++i) {
    const toml::table& table = *tables->get(i)->as_table();
    Result<int> year = ReadYearNumber(table, i + 1, refuse);
    if (!year.ok()) return year.status();
    if (data.years.contains(*year)) {
      return refuse.About(*year, "出现了两次（每年只能有一个 [[year]] 表）");
    }
    XINBAO_RETURN_IF_ERROR(ReadYear(table, *year, refuse, &data.years[*year]));
  }
  return data;
}

}  // namespace

WorkCalendar WorkCalendar::Embedded() {
  static const WorkCalendar kEmbedded = [] {
    const std::string origin(kEmbeddedOrigin);
    Result<WorkCalendarData> data = ReadCalendar(
        ParseTomlText(EmbeddedCalendarText(), origin, std::string(kWhat)),
        origin);
    // The text is deploy/calendar/cn-workdays.toml, which the tests parse:
    // a failure here is a defect of the build.
    if (!data.ok()) std::abort();
    data->embedded = true;
    return WorkCalendar(std::move(data).value());
  }();
  return kEmbedded;
}

Result<WorkCalendar> WorkCalendar::Load(const std::filesystem::path& path) {
  Result<WorkCalendarData> data =
      ReadCalendar(ParseTomlFile(path, std::string(kWhat)), path.string());
  if (!data.ok()) return data.status();
  return WorkCalendar(std::move(data).value());
}

Result<WorkCalendar> WorkCalendar::Parse(std::string_view text,
                                         std::string origin) {
  Result<WorkCalendarData> data =
      ReadCalendar(ParseTomlText(text, origin, std::string(kWhat)), origin);
  if (!data.ok()) return data.status();
  return WorkCalendar(std::move(data).value());
}

}  // namespace xinbao::broker
