// `xinbao score` (考核通报): the monthly 考核 of the units — the ranking
// with adoptions, 批示 and 约稿, and with --explain every unit's score
// lines (each point with the report, issue or alarm behind it) — as text,
// or as the 通报 the office sends out (clients/print/standing_notice.h).
//
//   xinbao score [--month 2026-11 | --from T --to T] [--explain]
//                [--pdf FILE | --xlsx FILE | --csv [--bom]]
//                [--output FILE] [--to-units T]            query socket
//
// Text: clients/text/score_text.h (--output writes it to FILE instead).
// --pdf FILE: the 通报 as PDF — the office's name from the policy answer
// (CaibianRules.office_name), the period, issued now, 主送 --to-units
// (default "各乡镇、县直各单位："); --xlsx FILE: the workbook (sheets 排名
// and 明细); --csv: the 明细 sheet as CSV on stdout or to --output (the
// ranking alone without --explain). The PDF and workbook always ask with
// explain. Files are written wholly or not at all. `xinbao stats` is the
// timeliness side of the same figures. Without a period: the current
// month in the broker's zone. With --json the StatsTable as one JSON line
// (a file asked for is still written). Exit codes as in
// global_options.h.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "clients/cli/global_options.h"
#include "clients/cli/period_flags.h"
#include "proto/status.h"
#include "xinbao/v1/history.pb.h"

namespace xinbao::client::cli {

class ScoreCommand {
 public:
  // Adds the subcommand to `app`; both must outlive this.
  ScoreCommand(CLI::App& app, const GlobalOptions& options);

  // Runs the command if it was parsed; nullopt if it was not.
  std::optional<int> RunParsed() const;

 private:
  int Run() const;
  Result<v1::StatsRequest> Request() const;
  // "2026年11月" for a month, "2026年11月1日至2026年11月15日" for a span.
  std::string PeriodLabel(const v1::StatsTable& table,
                          const v1::StatsRequest& request,
                          const TimeZone& zone) const;
  // The 通报 as PDF, to --pdf.
  int WritePdf(const v1::StatsTable& table, const v1::StatsRequest& request,
               const TimeZone& zone) const;
  // `bytes` to `path`, wholly or not at all; "已写入 <path>" unless --json.
  int Write(const std::string& path, const std::string& bytes) const;

  const GlobalOptions& options_;
  CLI::App* score_ = nullptr;
  PeriodFlags period_;
  bool explain_ = false;
  std::string pdf_;
  std::string xlsx_;
  bool csv_ = false;
  bool bom_ = false;
  std::string output_;
  std::string to_units_ = "各乡镇、县直各单位：";
};

}  // namespace xinbao::client::cli
