#include "clients/centre/centre.h"

#include <span>

#include "clients/centre/analysis_routes.h"
#include "clients/centre/feed_relay.h"
#include "clients/lib/submit_client.h"
#include "clients/web/broker_line.h"
#include "clients/web/caibian_routes.h"
#include "clients/web/duban_routes.h"
#include "clients/web/face_setup.h"
#include "clients/web/event_stream.h"
#include "clients/web/json_mapping.h"
#include "clients/web/session_book.h"
#include "clients/web/web_gate.h"
#include "clients/web/web_journal.h"
#include "clients/web/web_server.h"
#include "proto/durable_file.h"

std::span<const xinbao::web::Asset> XinbaoWebCommonAssets();
std::span<const xinbao::web::Asset> XinbaoCentreAssets();

namespace xinbao::centre {
namespace {

namespace fs = std::filesystem;
using httplib::Request;
using httplib::Response;
using web::Caller;

// Roles that may follow the live feed (docs/PROTOCOL.md, the role table).
bool MayFollowFeed(const std::string& role) {
  return role == "monitor" || role == "analyst" || role == "admin";
}

}  // namespace

struct Centre::Impl {
  CentreOptions options;
  web::LoginBook logins;
  web::SessionBook sessions;
  std::unique_ptr<web::WebJournal> journal;
  std::unique_ptr<web::BrokerLine> queries;
  std::unique_ptr<web::BrokerLine> commands;
  web::EventStream stream;
  std::unique_ptr<FeedRelay> relay;
  std::unique_ptr<web::WebGate> gate;
  std::unique_ptr<web::WebServer> server;

  static web::OnBehalf Who(const Caller& caller) {
    return web::OnBehalf{caller.session.login.user, caller.session.login.display};
  }

  // Who a login is to the broker: its user's role and unit, asked of the
  // broker itself (whoami as that user), so a login whose user the gateway
  // may not act for cannot sign in.
  Result<web::api::SessionInfo> Describe(const web::Login& login) {
    if (login.user.empty()) {
      return Status(v1::ERROR_CODE_NOT_PERMITTED,
                    "登录 " + login.name + " 没有对应的名录用户（user），不能使用值班台");
    }
    v1::Envelope envelope;
    envelope.mutable_whoami();
    Result<v1::Reply> reply =
        queries->Call(envelope, v1::Reply::kWhoami, {login.user, login.display});
    if (!reply.ok()) {
      return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                    "暂时联系不上中心服务，请稍后再登录（" + reply.status().message() + "）");
    }
    if (reply->has_error()) {
      return Status(v1::ERROR_CODE_NOT_PERMITTED,
                    "中心服务不允许此登录使用值班台：" + reply->error().message());
    }
    const v1::WhoAmI& me = reply->whoami();
    web::api::SessionInfo info;
    info.set_role(me.role());
    info.set_unit_id(me.unit_id());
    info.set_unit_name(me.unit_name());
    info.set_time_zone(!reply->time_zone().empty() ? reply->time_zone()
                                                   : options.time_zone);
    return info;
  }

  void Mount() {
    httplib::Server& routes = server->routes();
    gate->Mount(routes, server->port());
    routes.Get("/api/stream", gate->Reading([this](const Caller& caller,
                                                   const Request&, Response& response) {
      if (!MayFollowFeed(caller.session.info.role())) {
        gate->Journal(caller, "refused", "stream", "角色不能看实时动态");
        return web::SendError(response,
                              Status(v1::ERROR_CODE_NOT_PERMITTED,
                                     "你的角色不能查看实时动态"), 403);
      }
      std::string id = caller.session.id;
      stream.Serve(
          response, [this, id] { return sessions.Find(id).has_value(); },
          [this](const web::EventStream::Attach& attach) { relay->Attach(attach); });
    }));
    routes.Get(R"(/api/events/([A-Za-z0-9._:-]{1,128}))",
               gate->Reading([this](const Caller& caller, const Request& request,
                                    Response& response) {
                 v1::Envelope envelope;
                 envelope.mutable_get_event()->set_event_id(request.matches[1]);
                 Result<v1::Reply> reply =
                     queries->Call(envelope, v1::Reply::kEventDetail, Who(caller));
                 if (reply.ok() && reply->has_error() &&
                     reply->error().code() == v1::ERROR_CODE_NOT_PERMITTED) {
                   gate->Journal(caller, "refused", "event " + std::string(request.matches[1]),
                                 reply->error().message());
                 }
                 web::SendReply(response, reply);
               }));
    routes.Get("/api/alarms", gate->Reading([this](const Caller& caller,
                                                   const Request& request,
                                                   Response& response) {
      v1::Envelope envelope;
      envelope.mutable_list_alarms()->set_include_cleared(
          request.get_param_value("cleared") == "1");
      web::SendReply(response, queries->Call(envelope, v1::Reply::kAlarmList, Who(caller)));
    }));
    routes.Post(R"(/api/events/([A-Za-z0-9._:-]{1,128})/(merge|reopen))",
                gate->Changing([this](const Caller& caller, const Request& request,
                                      Response& response) {
                  EventAction(caller, request, response);
                }));
    routes.Post("/api/phone-calls", gate->Changing([this](const Caller& caller,
                                                          const Request& request,
                                                          Response& response) {
      PhoneCall(caller, request, response);
    }));
    MountAnalysis(routes, *gate, *queries, [](const Caller& caller) { return Who(caller); });
    // 督办: the office issues, reviews and chases; the broker holds each
    // person to their user's role (an analyst reads, and is refused acting).
    web::DubanFace duban;
    duban.ask = [this](const v1::Envelope& request, v1::Reply::BodyCase expected,
                       const Caller& caller) {
      return queries->Call(request, expected, Who(caller));
    };
    duban.send = [this](const v1::Envelope& request, v1::Reply::BodyCase expected,
                        const Caller& caller) {
      return commands->Call(request, expected, Who(caller));
    };
    duban.unit_of = [](const Caller& caller) { return caller.session.info.unit_id(); };
    duban.office = true;
    // 采编: the editing desk, asked and sent the same way as 督办.
    web::CaibianFace caibian{duban.ask, duban.send, duban.unit_of, true};
    web::MountDuban(routes, *gate, std::move(duban));
    web::MountCaibian(routes, *gate, std::move(caibian));
  }

  void EventAction(const Caller& caller, const Request& request, Response& response) {
    web::api::EventActionForm form;
    if (Status parsed = web::FromJson(request.body, &form); !parsed.ok()) {
      return web::SendError(response, parsed);
    }
    const std::string event_id = request.matches[1];
    const bool merge = request.matches[2] == "merge";
    v1::Envelope envelope;
    if (merge) {
      v1::MergeEventsRequest* action = envelope.mutable_merge_events();
      action->set_unit_id(caller.session.info.unit_id());
      action->set_officer(caller.session.login.display);
      action->set_from_event_id(event_id);
      action->set_into_event_id(form.into_event_id());
      action->set_reason(form.reason());
    } else {
      v1::ReopenEventRequest* action = envelope.mutable_reopen_event();
      action->set_unit_id(caller.session.info.unit_id());
      action->set_officer(caller.session.login.display);
      action->set_event_id(event_id);
      action->set_reason(form.reason());
    }
    Result<v1::Reply> reply =
        commands->Call(envelope, v1::Reply::kEventChanged, Who(caller));
    const std::string outcome = web::ReplyOutcome(reply);
    gate->Journal(caller, merge ? "merge" : "reopen",
                  merge ? event_id + " → " + form.into_event_id() : event_id, outcome);
    web::SendReply(response, reply);
  }

  // A phone report (电话登记): the duty officer's record, stored by the
  // broker before the page hears "stored"; the page's idempotency key makes
  // a resend harmless.
  void PhoneCall(const Caller& caller, const Request& request, Response& response) {
    web::api::PhoneCallForm form;
    if (Status parsed = web::FromJson(request.body, &form); !parsed.ok()) {
      return web::SendError(response, parsed);
    }
    v1::Envelope envelope;
    v1::Report* report = envelope.mutable_submit()->mutable_report();
    *report = form.report();
    report->set_unit_id(caller.session.info.unit_id());
    report->mutable_phone_call()->set_taken_by(caller.session.login.display);
    *report = client::Stamped(std::move(*report));  // 成文时间 now, if not given
    Result<v1::Reply> reply = commands->Call(envelope, v1::Reply::kAck, Who(caller));
    const std::string outcome = web::ReplyOutcome(reply);
    gate->Journal(caller, "phone_call", report->idempotency_key(), outcome);
    web::SendReply(response, reply);
  }
};

Result<std::unique_ptr<Centre>> Centre::Start(CentreOptions options, std::ostream& out) {
  auto impl = std::make_unique<Impl>();
  Result<web::FaceBasics> basics = web::SetUpFace(
      "值班台", options.state_dir, options.logins_file, options.demo_people);
  if (!basics.ok()) return basics.status();
  impl->logins = std::move(basics->logins);
  impl->journal = std::move(basics->journal);
  impl->queries = std::make_unique<web::BrokerLine>(options.query);
  impl->commands = std::make_unique<web::BrokerLine>(options.command);
  Result<TimeZone> zone = TimeZone::Load(options.time_zone);
  if (!zone.ok()) return zone.status();
  client::FeedFollowerOptions feed = options.feed;
  feed.acting_user = options.feed_user;
  feed.person = "值班台实时动态";
  impl->relay = std::make_unique<FeedRelay>(feed, *zone, impl->stream);
  impl->options = options;

  Result<std::unique_ptr<web::WebServer>> server = web::WebServer::Make(options.listen);
  if (!server.ok()) return server.status();
  impl->server = std::move(server).value();
  Impl* self = impl.get();
  impl->gate = std::make_unique<web::WebGate>(
      "centre", impl->logins, impl->sessions, *impl->journal,
      [self](const web::Login& login) { return self->Describe(login); },
      impl->server->tls());
  impl->server->ServeAssets({XinbaoCentreAssets(), XinbaoWebCommonAssets()});
  XINBAO_RETURN_IF_ERROR(impl->server->Bind());
  impl->Mount();
  impl->server->Serve();

  web::AnnounceFace(out, "值班台", impl->server->url(),
                    "状态目录 " + options.state_dir.string(), options.listen,
                    impl->server->tls(), options.state_dir, basics->made_demo_logins);
  return std::unique_ptr<Centre>(new Centre(std::move(impl)));
}

Centre::Centre(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Centre::~Centre() { Stop(); }

std::string Centre::url() const { return impl_->server->url(); }

void Centre::Stop() {
  impl_->stream.Close();
  impl_->server->Stop();
}

}  // namespace xinbao::centre
