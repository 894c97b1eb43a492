#include "clients/centre/notice_export.h"

#include <cstdio>
#include <utility>

#include "clients/print/standing_notice.h"
#include "clients/print/standing_notice_table.h"

namespace xinbao::centre {
namespace {

constexpr char kCsvType[] = "text/csv; charset=utf-8";
constexpr char kXlsxType[] =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// "2026-11" → "2026年11月"; anything else as it is.
std::string PeriodOf(const std::string& month) {
  int year = 0, mon = 0;
  if (std::sscanf(month.c_str(), "%4d-%2d", &year, &mon) != 2) return month;
  return std::to_string(year) + "年" + std::to_string(mon) + "月";
}

}  // namespace

Result<ExportFile> NoticeExport(const v1::StatsTable& table, const std::string& month,
                                NoticeFile file, const std::string& office,
                                const ExportContext& context) {
  const std::string period = PeriodOf(month);
  ExportFile out;
  out.file_name = period + "份信息报送工作情况通报";
  out.ascii_name = "xinbao-notice-" + month;
  switch (file) {
    case NoticeFile::kPdf: {
      print::NoticeHeading heading;
      heading.office = office;
      heading.period = period;
      heading.issued_at_ms = context.now_ms;
      Result<std::string> pdf = print::StandingNoticePdf(table, heading, context.zone);
      if (!pdf.ok()) return pdf.status();
      out.bytes = std::move(pdf).value();
      out.media_type = "application/pdf";
      out.file_name += ".pdf";
      out.ascii_name += ".pdf";
      return out;
    }
    case NoticeFile::kWorkbook: {
      Result<std::string> workbook = print::StandingNoticeWorkbook(table, context.zone);
      if (!workbook.ok()) return workbook.status();
      out.bytes = std::move(workbook).value();
      out.media_type = kXlsxType;
      out.file_name += ".xlsx";
      out.ascii_name += ".xlsx";
      return out;
    }
    case NoticeFile::kRankingCsv:
      out.bytes = print::TableCsv(print::StandingRanking(table), true);
      out.media_type = kCsvType;
      out.file_name += "-排名.csv";
      out.ascii_name += "-ranking.csv";
      return out;
    case NoticeFile::kLinesCsv:
      out.bytes = print::TableCsv(print::StandingDetail(table, context.zone), true);
      out.media_type = kCsvType;
      out.file_name += "-明细.csv";
      out.ascii_name += "-lines.csv";
      return out;
  }
  return Status(v1::ERROR_CODE_INVALID_FIELD, "不认识的通报文件格式", "format");
}

}  // namespace xinbao::centre
