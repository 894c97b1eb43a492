#include "clients/cli/period_flags.h"

#include "clients/text/local_time.h"

namespace xinbao::client::cli {

void AddPeriodFlags(CLI::App* command, PeriodFlags& flags,
                    const std::string& month_help) {
  CLI::Option* month = command->add_option("--month", flags.month, month_help);
  CLI::Option* from = command->add_option(
      "--from", flags.from, "起始时间（含），写法同 submit 的 --occurred");
  CLI::Option* to =
      command->add_option("--to", flags.to, "截止时间（不含），写法同 --from");
  month->excludes(from)->excludes(to);
  from->needs(to);
  to->needs(from);
}

Result<Period> ReadPeriod(const PeriodFlags& flags, const TimeZone& zone,
                          int64_t now_ms, bool this_month_by_default) {
  Period period;
  if (!flags.from.empty()) {
    Result<int64_t> from = ParseTime(flags.from, "--from", zone);
    if (!from.ok()) return from.status();
    Result<int64_t> to = ParseTime(flags.to, "--to", zone);
    if (!to.ok()) return to.status();
    period.from_ms = *from;
    period.to_ms = *to;
  } else if (!flags.month.empty()) {
    period.month = flags.month;
  } else if (this_month_by_default) {
    period.month = FormatTime(now_ms, zone, "%Y-%m");
  }
  return period;
}

}  // namespace xinbao::client::cli
