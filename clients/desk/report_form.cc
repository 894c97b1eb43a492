#include "clients/desk/report_form.h"

#include "proto/names.h"

namespace xinbao::desk {
namespace {

void Add(std::vector<web::api::FieldProblem>* problems, std::string field,
         v1::ErrorCode code, std::string message) {
  web::api::FieldProblem problem;
  problem.set_field(std::move(field));
  problem.set_code(v1::ErrorCode_Name(code));
  problem.set_message(std::move(message));
  problems->push_back(std::move(problem));
}

std::string Megabytes(int64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1 << 20));
  return text;
}

}  // namespace

v1::Report ReportOf(const web::api::SubmitForm& form, const std::string& unit_id) {
  v1::Report report = form.report();
  report.set_unit_id(unit_id);
  return report;
}

std::vector<web::api::FieldProblem> FormProblems(const v1::Report& report,
                                                 bool send_incomplete,
                                                 const FormRules& rules) {
  std::vector<web::api::FieldProblem> problems;
  for (const Status& status : ReportProblems(report, rules.clock)) {
    Add(&problems, status.field(), status.code(), status.message());
  }
  if (rules.max_attachments > 0 &&
      static_cast<uint32_t>(report.attachments_size()) > rules.max_attachments) {
    Add(&problems, "report.attachments", v1::ERROR_CODE_TOO_MANY_ATTACHMENTS,
        "附件最多 " + std::to_string(rules.max_attachments) + " 个");
  }
  for (const v1::Attachment& attachment : report.attachments()) {
    if (rules.max_attachment_bytes > 0 &&
        static_cast<int64_t>(attachment.data().size()) > rules.max_attachment_bytes) {
      Add(&problems, "report.attachments", v1::ERROR_CODE_ATTACHMENT_TOO_LARGE,
          "附件 " + attachment.name() + " 有 " + Megabytes(attachment.data().size()) +
              "，超过每个附件 " + Megabytes(rules.max_attachment_bytes) + " 的上限");
    }
  }
  const v1::Stage stage = report.stage();
  if (report.kind() == v1::KIND_URGENT && !send_incomplete &&
      stage >= v1::STAGE_SHI && stage <= v1::STAGE_GUO) {
    for (const std::string& element : rules.required[stage - 1]) {
      if (CarriesElement(report, element)) continue;
      Add(&problems, ElementField(element), v1::ERROR_CODE_MISSING_FIELD,
          std::string(StageName(stage)) + "报须写明" +
              std::string(ElementLabel(element)));
    }
  }
  return problems;
}

}  // namespace xinbao::desk
