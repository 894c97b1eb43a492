#include "clients/web/caibian_routes.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "clients/print/bulletin_pdf.h"
#include "clients/text/local_time.h"
#include "clients/web/json_mapping.h"
#include "clients/web/web_server.h"

namespace xinbao::web {
namespace {

using httplib::Request;
using httplib::Response;

constexpr char kId[] = R"(([A-Za-z0-9._:-]{1,128}))";

std::string Path(const std::string& head, const std::string& tail = "") {
  return head + kId + tail;
}

int32_t YearOf(const std::string& text) {
  int32_t year = 0;
  std::from_chars(text.data(), text.data() + text.size(), year);
  return year;
}

v1::IssuePhase PhaseOf(const std::string& text) {
  if (text == "draft") return v1::ISSUE_PHASE_DRAFT;
  if (text == "issued") return v1::ISSUE_PHASE_ISSUED;
  return v1::ISSUE_PHASE_UNSPECIFIED;
}

// "3,17,18" as report sequences; INVALID_FIELD naming `seq` if it is not.
Status ReadSequences(const std::string& text, v1::GetReportsRequest* request) {
  std::size_t at = 0;
  while (at <= text.size()) {
    const std::size_t comma = std::min(text.find(',', at), text.size());
    uint64_t sequence = 0;
    const auto [end, error] = std::from_chars(text.data() + at, text.data() + comma, sequence);
    if (error != std::errc() || end != text.data() + comma || sequence == 0) {
      return Status(v1::ERROR_CODE_INVALID_FIELD, "报告编号应为正整数，以逗号分隔", "seq");
    }
    request->add_sequences(sequence);
    at = comma + 1;
  }
  return Status::Ok();
}

// "2026年第1期"; a draft: the number it would get, "（待签发）" after.
std::string IssueNumberText(const v1::BulletinDetail& detail) {
  const v1::BulletinIssue& issue = detail.issue();
  if (issue.phase() == v1::ISSUE_PHASE_ISSUED) {
    return std::to_string(issue.year()) + "年第" + std::to_string(issue.number()) + "期";
  }
  return std::to_string(detail.next_year()) + "年第" + std::to_string(detail.next_number()) +
         "期（待签发）";
}

// One action of a CaibianRequest, parsed from a POST's body; `id` is the
// path's id (empty when the path has none), written over the body's.
using Fill = std::function<Result<std::string>(const std::string& body,
                                               const std::string& id,
                                               v1::CaibianRequest* request)>;

template <typename Action>
Result<Action*> Parsed(const std::string& body, Action* action) {
  if (Status parsed = FromJson(body, action); !parsed.ok()) return parsed;
  return action;
}

class CaibianRoutes {
 public:
  CaibianRoutes(WebGate& gate, CaibianFace face) : gate_(gate), face_(std::move(face)) {}

  void Feedback(const Caller& caller, const Request& request, Response& response) {
    v1::Envelope envelope;
    v1::FeedbackRequest* feedback = envelope.mutable_feedback();
    const std::string asked = request.get_param_value("unit");
    feedback->set_unit_id(face_.office && !asked.empty() ? asked : face_.unit_of(caller));
    feedback->set_month(request.get_param_value("month"));
    feedback->set_adopted_only(request.get_param_value("adopted") == "1");
    SendReply(response, face_.ask(envelope, v1::Reply::kFeedback, caller));
  }

  void Commissions(const Caller& caller, const Request& request, Response& response) {
    v1::Envelope envelope;
    v1::ListCommissionsRequest* list = envelope.mutable_list_commissions();
    list->set_include_closed(request.get_param_value("closed") == "1");
    list->set_unit_id(face_.office ? request.get_param_value("unit") : face_.unit_of(caller));
    SendReply(response, face_.ask(envelope, v1::Reply::kCommissionList, caller));
  }

  // The reports an item is made from, in full but for attachment data
  // (the page shows names only).
  void Reports(const Caller& caller, const Request& request, Response& response) {
    v1::Envelope envelope;
    if (Status read = ReadSequences(request.get_param_value("seq"),
                                    envelope.mutable_get_reports());
        !read.ok()) {
      return SendError(response, read);
    }
    Result<v1::Reply> reply = face_.ask(envelope, v1::Reply::kReportList, caller);
    if (reply.ok() && reply->has_report_list()) {
      for (v1::Report& report : *reply->mutable_report_list()->mutable_reports()) {
        for (v1::Attachment& attachment : *report.mutable_attachments()) {
          attachment.clear_data();
        }
      }
    }
    SendReply(response, reply);
  }

  void Bulletins(const Caller& caller, const Request& request, Response& response) {
    v1::Envelope envelope;
    v1::ListBulletinsRequest* list = envelope.mutable_list_bulletins();
    list->set_series_id(request.get_param_value("series"));
    list->set_year(YearOf(request.get_param_value("year")));
    list->set_phase(PhaseOf(request.get_param_value("phase")));
    list->set_include_candidates(request.get_param_value("candidates") == "1");
    SendReply(response, face_.ask(envelope, v1::Reply::kBulletinList, caller));
  }

  Result<v1::Reply> Detail(const Caller& caller, const std::string& issue_id) {
    v1::Envelope envelope;
    envelope.mutable_get_bulletin()->set_issue_id(issue_id);
    return face_.ask(envelope, v1::Reply::kBulletinDetail, caller);
  }

  // The issue as the PDF an office prints: data leaving the system, so
  // journaled before it goes out.
  void Pdf(const Caller& caller, const std::string& issue_id, Response& response) {
    Result<v1::Reply> reply = Detail(caller, issue_id);
    if (!reply.ok() || reply->has_error()) {
      gate_.Journal(caller, "export", "bulletin.pdf " + issue_id, ReplyOutcome(reply));
      return SendReply(response, reply);
    }
    const v1::BulletinDetail& detail = reply->bulletin_detail();
    const TimeZone zone = client::ZoneNamed(
        reply->time_zone(), client::ZoneNamed(caller.session.info.time_zone(), TimeZone()));
    Result<std::string> pdf = print::BulletinPdf(detail, zone);
    const std::string number = IssueNumberText(detail);
    if (!pdf.ok()) {
      gate_.Journal(caller, "export", "bulletin.pdf " + issue_id, pdf.status().message());
      return SendError(response, pdf.status());
    }
    gate_.Journal(caller, "export", "bulletin.pdf " + issue_id + " " + number, "ok");
    const bool issued = detail.issue().phase() == v1::ISSUE_PHASE_ISSUED;
    const std::string ascii =
        "bulletin-" + detail.issue().series_id() + "-" +
        std::to_string(issued ? detail.issue().year() : detail.next_year()) + "-" +
        std::to_string(issued ? detail.issue().number() : detail.next_number()) +
        (issued ? "" : "-draft") + ".pdf";
    response.set_header("Content-Disposition",
                        AttachmentDisposition(detail.issue().series_name() + "-" + number +
                                                  (issued ? "" : "-样稿") + ".pdf",
                                              ascii));
    response.set_content(std::move(pdf).value(), "application/pdf");
  }

  // One 采编 action: parsed by `fill`, sent as the caller's unit and name,
  // journaled with the broker's outcome.
  void Change(const Caller& caller, const Request& request, const std::string& id,
              const Fill& fill, Response& response) {
    v1::Envelope envelope;
    v1::CaibianRequest* action = envelope.mutable_caibian();
    Result<std::string> target = fill(request.body, id, action);
    if (!target.ok()) return SendError(response, target.status());
    action->set_unit_id(face_.unit_of(caller));
    action->set_person(caller.session.login.display);
    if (action->has_commission()) {  // the asking office and officer
      action->mutable_commission()->set_office_unit_id(action->unit_id());
      action->mutable_commission()->set_officer(action->person());
    }
    Result<v1::Reply> reply = face_.send(envelope, v1::Reply::kCaibianChanged, caller);
    gate_.Journal(caller, "caibian", *target, ReplyOutcome(reply));
    SendReply(response, reply);
  }

 private:
  WebGate& gate_;
  const CaibianFace face_;
};

// The office's actions, each its body's message and the path's id.
Result<std::string> PutItem(const std::string& body, const std::string&,
                            v1::CaibianRequest* request) {
  Result<v1::PutItem*> item = Parsed(body, request->mutable_put_item());
  if (!item.ok()) return item.status();
  return "put_item " + (*item)->item_id();
}

Result<std::string> DropItem(const std::string& body, const std::string& id,
                             v1::CaibianRequest* request) {
  Result<v1::DropItem*> drop = Parsed(body, request->mutable_drop_item());
  if (!drop.ok()) return drop.status();
  (*drop)->set_item_id(id);
  return "drop_item " + id;
}

Result<std::string> Instruct(const std::string& body, const std::string& id,
                             v1::CaibianRequest* request) {
  Result<v1::RecordInstruction*> record =
      Parsed(body, request->mutable_record_instruction());
  if (!record.ok()) return record.status();
  (*record)->set_item_id(id);
  return "record_instruction " + id + " " + (*record)->instruction().instruction_id();
}

Result<std::string> PutIssue(const std::string& body, const std::string&,
                             v1::CaibianRequest* request) {
  Result<v1::PutIssue*> issue = Parsed(body, request->mutable_put_issue());
  if (!issue.ok()) return issue.status();
  return "put_issue " + (*issue)->issue_id();
}

Result<std::string> Sign(const std::string& body, const std::string& id,
                         v1::CaibianRequest* request) {
  Result<v1::IssueBulletin*> sign = Parsed(body, request->mutable_issue_bulletin());
  if (!sign.ok()) return sign.status();
  (*sign)->set_issue_id(id);
  return "issue_bulletin " + id;
}

Result<std::string> Adopt(const std::string& body, const std::string&,
                          v1::CaibianRequest* request) {
  Result<v1::RecordAdoption*> adoption = Parsed(body, request->mutable_record_adoption());
  if (!adoption.ok()) return adoption.status();
  return "record_adoption " + (*adoption)->adoption_id();
}

Result<std::string> Ask(const std::string& body, const std::string&,
                        v1::CaibianRequest* request) {
  Result<v1::Commission*> commission = Parsed(body, request->mutable_commission());
  if (!commission.ok()) return commission.status();
  return "commission " + (*commission)->commission_id();
}

Result<std::string> Cancel(const std::string& body, const std::string& id,
                           v1::CaibianRequest* request) {
  Result<v1::CancelCommission*> cancel = Parsed(body, request->mutable_cancel_commission());
  if (!cancel.ok()) return cancel.status();
  (*cancel)->set_commission_id(id);
  return "cancel_commission " + id;
}

}  // namespace

void MountCaibian(httplib::Server& routes, WebGate& gate, CaibianFace face) {
  const bool office = face.office;
  auto caibian = std::make_shared<CaibianRoutes>(gate, std::move(face));
  auto reading = [&gate, caibian](auto member) {
    return gate.Reading([caibian, member](const Caller& caller, const Request& request,
                                          Response& response) {
      ((*caibian).*member)(caller, request, response);
    });
  };
  routes.Get("/api/feedback", reading(&CaibianRoutes::Feedback));
  routes.Get("/api/commissions", reading(&CaibianRoutes::Commissions));
  if (!office) return;

  routes.Get("/api/reports", reading(&CaibianRoutes::Reports));
  routes.Get("/api/bulletins", reading(&CaibianRoutes::Bulletins));
  routes.Get(Path("/api/bulletins/"),
             gate.Reading([caibian](const Caller& caller, const Request& request,
                                    Response& response) {
               SendReply(response, caibian->Detail(caller, request.matches[1]));
             }));
  routes.Get(Path("/api/bulletins/", "/pdf"),
             gate.Reading([caibian](const Caller& caller, const Request& request,
                                    Response& response) {
               caibian->Pdf(caller, request.matches[1], response);
             }));
  auto changing = [&gate, caibian](Fill fill) {
    return gate.Changing([caibian, fill = std::move(fill)](
                             const Caller& caller, const Request& request,
                             Response& response) {
      const std::string id = request.matches.size() > 1 ? request.matches[1].str() : "";
      caibian->Change(caller, request, id, fill, response);
    });
  };
  routes.Post("/api/bulletin-items", changing(PutItem));
  routes.Post(Path("/api/bulletin-items/", "/drop"), changing(DropItem));
  routes.Post(Path("/api/bulletin-items/", "/instructions"), changing(Instruct));
  routes.Post("/api/bulletins", changing(PutIssue));
  routes.Post(Path("/api/bulletins/", "/sign"), changing(Sign));
  routes.Post("/api/adoptions", changing(Adopt));
  routes.Post("/api/commissions", changing(Ask));
  routes.Post(Path("/api/commissions/", "/cancel"), changing(Cancel));
}

}  // namespace xinbao::web
