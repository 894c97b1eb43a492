// Fuzz target: the working-day calendar file ([[year]] year, status,
// source, holidays, workdays; deploy/calendar/cn-workdays.toml) through
// WorkCalendar::Parse(), the Load() without the disk. An accepted calendar
// answers deadline questions in each year it covers with a value or a
// typed refusal, and a deadline is never before its start.
#include <cstddef>
#include <cstdint>

#include "broker/deadlines/span.h"
#include "broker/deadlines/work_calendar.h"
#include "tests/fuzz/fuzz_rules.h"

namespace xinbao::fuzz {
namespace {

// About 09:00 Beijing time (+08:00) at the start of June of `year` (a day
// or two off after 2100: the leap rule here is Julian), for year >= 1970.
int64_t JuneFirst(int year) {
  const int64_t days_from_epoch =
      (static_cast<int64_t>(year) - 1970) * 365 + (year - 1969) / 4 + 151;
  return (days_from_epoch * 86'400 + 3600) * 1000;
}

}  // namespace
}  // namespace xinbao::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace xinbao;
  const TimeZone* const zone = &fuzz::BrokerZone();
  Result<broker::WorkCalendar> calendar =
      broker::WorkCalendar::Parse(fuzz::AsText(data, size), "fuzz.toml");
  fuzz::RequireTyped(calendar.status());
  if (!calendar.ok()) return 0;
  for (int year : calendar->years()) {
    if (year < 1970) continue;  // JuneFirst's range; files allow 1900-9999
    const int64_t from = fuzz::JuneFirst(year);
    fuzz::RequireTyped(calendar->IsWorkingDay(from, *zone).status());
    for (const char* text : {"3wd", "4wh"}) {
      Result<broker::Span> span = broker::ParseSpan(text);
      fuzz::Require(span.ok(), "a span the broker's config uses is refused");
      Result<int64_t> due = calendar->Add(from, *span, *zone);
      fuzz::RequireTyped(due.status());
      if (due.ok()) fuzz::Require(*due >= from, "a deadline before its start");
    }
  }
  return 0;
}
