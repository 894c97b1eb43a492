#include "clients/web/duban_routes.h"

#include <memory>
#include <string>
#include <utility>

#include "clients/web/json_mapping.h"
#include "clients/web/web_server.h"

namespace xinbao::web {
namespace {

using httplib::Request;
using httplib::Response;

constexpr char kItemPath[] = R"(/api/duban/([A-Za-z0-9._:-]{1,64}))";

bool UnitStep(v1::StepKind kind) {
  return kind == v1::STEP_KIND_SIGN || kind == v1::STEP_KIND_PROGRESS ||
         kind == v1::STEP_KIND_RESULT || kind == v1::STEP_KIND_SIGN_URGE;
}

class DubanRoutes {
 public:
  DubanRoutes(WebGate& gate, DubanFace face) : gate_(gate), face_(std::move(face)) {}

  void List(const Caller& caller, const Request& request, Response& response) {
    v1::Envelope envelope;
    v1::ListDubanRequest* list = envelope.mutable_list_duban();
    list->set_include_closed(request.get_param_value("closed") == "1");
    list->set_leader(request.get_param_value("leader"));
    list->set_unit_id(face_.office ? request.get_param_value("unit")
                                   : face_.unit_of(caller));
    SendReply(response, face_.ask(envelope, v1::Reply::kDubanList, caller));
  }

  // One item. The desk says "not yours" for an item of another unit and
  // for one that does not exist alike (the broker does not say which).
  void Get(const Caller& caller, const std::string& item_id, Response& response) {
    v1::Envelope envelope;
    envelope.mutable_get_duban()->set_item_id(item_id);
    Result<v1::Reply> reply = face_.ask(envelope, v1::Reply::kDubanDetail, caller);
    if (reply.ok() && reply->has_error() &&
        (reply->error().code() == v1::ERROR_CODE_UNKNOWN_ITEM ||
         reply->error().code() == v1::ERROR_CODE_NOT_PERMITTED)) {
      gate_.Journal(caller, "refused", "duban " + item_id, reply->error().message());
      if (!face_.office) {
        return SendError(response,
                         Status(v1::ERROR_CODE_NOT_PERMITTED,
                                "没有这个督办事项，或它不是本单位承办的，无权查看"),
                         403);
      }
    }
    SendReply(response, reply);
  }

  void Issue(const Caller& caller, const Request& request, Response& response) {
    v1::Envelope envelope;
    v1::DubanItem* item = envelope.mutable_issue_duban()->mutable_item();
    if (Status parsed = FromJson(request.body, item); !parsed.ok()) {
      return SendError(response, parsed);
    }
    item->set_office_unit_id(face_.unit_of(caller));
    item->set_officer(caller.session.login.display);
    Result<v1::Reply> reply = face_.send(envelope, v1::Reply::kDubanChanged, caller);
    gate_.Journal(caller, "duban_issue", item->item_id(), ReplyOutcome(reply));
    SendReply(response, reply);
  }

  void Step(const Caller& caller, const std::string& item_id, const Request& request,
            Response& response) {
    v1::Envelope envelope;
    v1::DubanStepRequest* step = envelope.mutable_duban_step();
    if (Status parsed = FromJson(request.body, step); !parsed.ok()) {
      return SendError(response, parsed);
    }
    step->set_item_id(item_id);
    step->set_unit_id(face_.unit_of(caller));
    step->set_person(caller.session.login.display);
    const std::string target = item_id + " " + v1::StepKind_Name(step->kind()) + " " +
                               step->step_id();
    if (!face_.office && !UnitStep(step->kind())) {
      Status refused(v1::ERROR_CODE_NOT_PERMITTED,
                     "报送台只能签收、报送办理进展和办结报告、签收催办通知", "kind");
      gate_.Journal(caller, "refused", "duban_step " + target, refused.message());
      return SendError(response, refused);
    }
    Result<v1::Reply> reply = face_.send(envelope, v1::Reply::kDubanChanged, caller);
    gate_.Journal(caller, "duban_step", target, ReplyOutcome(reply));
    SendReply(response, reply);
  }

 private:
  WebGate& gate_;
  const DubanFace face_;
};

}  // namespace

void MountDuban(httplib::Server& routes, WebGate& gate, DubanFace face) {
  const bool office = face.office;
  auto duban = std::make_shared<DubanRoutes>(gate, std::move(face));
  routes.Get("/api/duban", gate.Reading([duban](const Caller& caller, const Request& request,
                                                Response& response) {
    duban->List(caller, request, response);
  }));
  routes.Get(kItemPath, gate.Reading([duban](const Caller& caller, const Request& request,
                                             Response& response) {
    duban->Get(caller, request.matches[1], response);
  }));
  routes.Post(std::string(kItemPath) + "/steps",
              gate.Changing([duban](const Caller& caller, const Request& request,
                                    Response& response) {
                duban->Step(caller, request.matches[1], request, response);
              }));
  if (office) {
    routes.Post("/api/duban", gate.Changing([duban](const Caller& caller,
                                                    const Request& request,
                                                    Response& response) {
      duban->Issue(caller, request, response);
    }));
  }
}

}  // namespace xinbao::web
