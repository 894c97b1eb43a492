#include "clients/desk/desk.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <mutex>
#include <span>

#include "clients/desk/courier.h"
#include "clients/desk/policy_rules.h"
#include "clients/desk/report_form.h"
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
#include "proto/time_zone.h"

std::span<const xinbao::web::Asset> XinbaoWebCommonAssets();
std::span<const xinbao::web::Asset> XinbaoDeskAssets();

namespace xinbao::desk {
namespace {

namespace fs = std::filesystem;
using httplib::Request;
using httplib::Response;
using web::Caller;

constexpr auto kPolicyMaxAge = std::chrono::minutes(5);

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// What a page hears while the watcher finds the centre away: at once, not
// after a query's timeouts.
Status Unreachable() {
  return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                "暂时联系不上中心，稍后再查；写好的报告照常放入发件箱，连接恢复后自动发送");
}

Result<uint64_t> OrdinalOf(const Request& request) {
  const std::string& text = request.matches[1];
  uint64_t ordinal = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || ordinal > (UINT64_MAX - 9) / 10) {
      return Status(v1::ERROR_CODE_INVALID_FIELD, "发件序号无效", "ordinal");
    }
    ordinal = ordinal * 10 + static_cast<uint64_t>(c - '0');
  }
  return ordinal;
}

}  // namespace

struct Desk::Impl {
  DeskOptions options;
  web::LoginBook logins;
  web::SessionBook sessions;
  std::unique_ptr<web::WebJournal> journal;
  std::unique_ptr<web::BrokerLine> broker;
  std::unique_ptr<web::BrokerLine> watch_line;  // short timeouts
  std::unique_ptr<web::BrokerLine> steps;  // the submit socket (督办 steps)
  web::EventStream stream;
  std::unique_ptr<web::WebGate> gate;
  std::unique_ptr<web::WebServer> server;
  std::unique_ptr<Courier> courier;

  // The link to the centre as the watcher last found it (whoami every few
  // seconds), for when nothing is pending and the courier has no news.
  std::atomic<bool> link_up{false};
  std::atomic<int64_t> link_heard_ms{0};
  std::atomic<bool> stopping{false};
  std::thread watcher;

  std::mutex mutex;
  v1::Reply policy;  // the broker's last policy answer (empty: none yet)
  std::chrono::steady_clock::time_point policy_asked{};
  std::string unit_name;
  std::string time_zone;

  fs::path PolicyFile() const { return options.state_dir / "policy.pb"; }
  fs::path UnitNameFile() const { return options.state_dir / "unit-name.txt"; }

  web::OnBehalf Who(const Caller& caller) const {
    return web::OnBehalf{"", caller.session.login.display};
  }

  void LoadSavedPolicy() {
    if (Result<std::string> name = ReadWholeFile(UnitNameFile(), 1024, "单位名称");
        name.ok()) {
      unit_name = *name;
    }
    Result<std::string> bytes = ReadWholeFile(PolicyFile(), 1u << 20, "策略缓存");
    if (!bytes.ok()) return;
    v1::Reply saved;
    if (saved.ParseFromString(*bytes) && HoldsPolicy(saved)) {
      policy = std::move(saved);
      if (!policy.time_zone().empty()) time_zone = policy.time_zone();
    }
  }

  // Asks the broker for its policy when the last answer is older than
  // kPolicyMaxAge (or none is known); keeps the last answer on disk. Only
  // the watcher calls this: no page ever waits for a broker that is away.
  void RefreshPolicy() {
    {
      std::lock_guard lock(mutex);
      auto now = std::chrono::steady_clock::now();
      if (HoldsPolicy(policy) && now - policy_asked < kPolicyMaxAge) return;
    }
    Result<v1::Reply> answer =
        watch_line->Call(PolicyRequest(), PolicyBodyCase(), {"", "报送台"});
    if (!answer.ok() || !HoldsPolicy(*answer)) return;
    std::string bytes;
    answer->SerializeToString(&bytes);
    (void)WriteFileDurably(PolicyFile(), bytes);
    std::lock_guard lock(mutex);
    policy = *answer;
    policy_asked = std::chrono::steady_clock::now();
    if (!answer->time_zone().empty()) time_zone = answer->time_zone();
  }

  FormRules Rules() {
    std::lock_guard lock(mutex);
    FormRules rules = RulesFromPolicy(policy);
    rules.clock.now_ms = NowMs();
    rules.clock.whose = "本机";
    return rules;
  }

  Result<web::api::SessionInfo> Describe(const web::Login&) {
    web::api::SessionInfo info;
    std::lock_guard lock(mutex);
    info.set_role("reporter");
    info.set_unit_id(options.unit_id);
    info.set_unit_name(unit_name.empty() ? options.unit_id : unit_name);
    info.set_time_zone(time_zone);
    return info;
  }

  // The outbox as the pages show it: with pending reports the courier's
  // own experience of the link, else the watcher's.
  web::api::OutboxView Outbox() {
    web::api::OutboxView view = courier->View();
    bool pending = false;
    for (const auto& item : view.items()) {
      pending = pending || item.state() == web::api::OutboxItem::STATE_PENDING;
    }
    // Nothing pending: whoever heard the centre last says how the link is
    // (the courier's last delivery, or the watcher's last look).
    if (!pending && link_heard_ms.load() >= view.last_contact_ms()) {
      view.set_broker_reachable(link_up.load());
      view.set_last_contact_ms(link_heard_ms.load());
    }
    return view;
  }

  void PublishOutbox() { stream.Publish("outbox", web::ToJson(Outbox())); }

  // One look at the link (whoami, and the policy when it is stale).
  void CheckLink() {
    v1::Envelope whoami;
    whoami.mutable_whoami();
    Result<v1::Reply> me = watch_line->Call(whoami, v1::Reply::kWhoami, {"", "报送台"});
    bool up = me.ok();
    if (up) {
      link_heard_ms = NowMs();
      if (me->has_whoami() && !me->whoami().unit_name().empty()) {
        std::lock_guard lock(mutex);
        if (unit_name != me->whoami().unit_name()) {
          unit_name = me->whoami().unit_name();
          (void)WriteFileDurably(UnitNameFile(), unit_name);  // for an offline start
        }
      }
      RefreshPolicy();
    }
    if (up != link_up.exchange(up) && courier) PublishOutbox();
  }

  // A page's question that got no answer: the centre is away until the
  // watcher hears it again, and the next questions are answered at once.
  void NoteSilence(const Result<v1::Reply>& reply) {
    if (!reply.ok() && reply.status().retryable() && link_up.exchange(false)) {
      PublishOutbox();
    }
  }

  void Watch() {
    while (!stopping) {
      for (int i = 0; i < 50 && !stopping; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      if (!stopping) CheckLink();
    }
  }


  // --- routes ------------------------------------------------------------

  void Mount() {
    httplib::Server& routes = server->routes();
    gate->Mount(routes, server->port());
    routes.Get("/api/policy", gate->Reading([this](const Caller&, const Request&,
                                                   Response& response) {
      std::lock_guard lock(mutex);
      if (!HoldsPolicy(policy)) {
        web::SendError(response, Status(v1::ERROR_CODE_STORAGE_FAILURE,
                                        "尚未与中心联系上，暂不知道报送要求；"
                                        "报告仍可写好放入发件箱"));
        return;
      }
      web::SendJson(response, policy);
    }));
    routes.Post("/api/reports", gate->Changing([this](const Caller& caller,
                                                      const Request& request,
                                                      Response& response) {
      Submit(caller, request, response, 0);
    }));
    routes.Post(R"(/api/outbox/(\d+)/resend)",
                gate->Changing([this](const Caller& caller, const Request& request,
                                      Response& response) {
                  Result<uint64_t> ordinal = OrdinalOf(request);
                  if (!ordinal.ok()) return web::SendError(response, ordinal.status());
                  Submit(caller, request, response, *ordinal);
                }));
    routes.Post(R"(/api/outbox/(\d+)/discard)",
                gate->Changing([this](const Caller& caller, const Request& request,
                                      Response& response) {
                  Result<uint64_t> ordinal = OrdinalOf(request);
                  if (!ordinal.ok()) return web::SendError(response, ordinal.status());
                  Result<client::RejectedEntry> gone = courier->Discard(*ordinal);
                  if (!gone.ok()) return web::SendError(response, gone.status());
                  gate->Journal(caller, "discard", gone->report.idempotency_key(), "ok");
                  response.status = 204;
                }));
    routes.Get("/api/outbox", gate->Reading([this](const Caller&, const Request&,
                                                   Response& response) {
      web::SendJson(response, Outbox());
    }));
    routes.Get("/api/stream", gate->Reading([this](const Caller& caller,
                                                   const Request&, Response& response) {
      std::string id = caller.session.id;
      stream.Serve(
          response, [this, id] { return sessions.Find(id).has_value(); },
          [this](const web::EventStream::Attach& attach) {
            attach({{"outbox", web::ToJson(Outbox())}});
          });
    }));
    routes.Get("/api/owed", gate->Reading([this](const Caller& caller,
                                                 const Request&, Response& response) {
      v1::Envelope request;
      request.mutable_list_events();
      Answer(caller, request, v1::Reply::kEventList, response, "");
    }));
    routes.Get(R"(/api/events/([A-Za-z0-9._:-]{1,128}))",
               gate->Reading([this](const Caller& caller, const Request& request,
                                    Response& response) {
                 v1::Envelope envelope;
                 envelope.mutable_get_event()->set_event_id(request.matches[1]);
                 Answer(caller, envelope, v1::Reply::kEventDetail, response,
                        request.matches[1]);
               }));
    routes.Get("/api/prefill", gate->Reading([this](const Caller& caller,
                                                    const Request& request,
                                                    Response& response) {
      Prefill(caller, request.get_param_value("event_id"), response);
    }));
    routes.Get("/api/history", gate->Reading([this](const Caller& caller,
                                                    const Request& request,
                                                    Response& response) {
      History(caller, request.get_param_value("month"), response);
    }));
    routes.Get("/api/standing", gate->Reading([this](const Caller& caller,
                                                     const Request& request,
                                                     Response& response) {
      v1::Envelope envelope;
      envelope.mutable_stats()->set_month(request.get_param_value("month"));
      Answer(caller, envelope, v1::Reply::kStats, response, "");
    }));
    MountDuban(routes);
  }

  // The unit's 督办 items and steps (clients/web/duban_routes.h), its
  // feedback and 约稿 (caibian_routes.h). Questions
  // are answered at once while the centre is away; a step is always tried
  // (the page keeps its step id, so trying again never stores it twice).
  void MountDuban(httplib::Server& routes) {
    web::DubanFace face;
    face.ask = [this](const v1::Envelope& request, v1::Reply::BodyCase expected,
                      const Caller& caller) -> Result<v1::Reply> {
      if (!link_up) return Unreachable();
      Result<v1::Reply> reply = broker->Call(request, expected, Who(caller));
      NoteSilence(reply);
      return reply;
    };
    face.send = [this](const v1::Envelope& request, v1::Reply::BodyCase expected,
                       const Caller& caller) -> Result<v1::Reply> {
      Result<v1::Reply> reply = steps->Call(request, expected, Who(caller));
      NoteSilence(reply);
      if (!reply.ok() && reply.status().retryable()) {
        return Status(reply.status().code(),
                      "暂时联系不上中心，这一步未送达；请稍后再点一次（不会重复记入）");
      }
      return reply;
    };
    face.unit_of = [this](const Caller&) { return options.unit_id; };
    // 件件有回音 and the 约稿 asked of the unit: its own only, whatever a
    // page asks (caibian_routes.h).
    web::CaibianFace caibian{face.ask, nullptr, face.unit_of, false};
    web::MountDuban(routes, *gate, std::move(face));
    web::MountCaibian(routes, *gate, std::move(caibian));
  }

  // A query answered as the broker answered it; a refusal as its status.
  // An event this unit may not see is 403, whether it exists or not (the
  // broker does not say), and journaled.
  void Answer(const Caller& caller, const v1::Envelope& request,
              v1::Reply::BodyCase expected, Response& response,
              const std::string& event_id) {
    if (!link_up) return web::SendError(response, Unreachable());
    Result<v1::Reply> reply = broker->Call(request, expected, Who(caller));
    NoteSilence(reply);
    if (reply.ok() && reply->has_error() && !event_id.empty() &&
        (reply->error().code() == v1::ERROR_CODE_UNKNOWN_EVENT ||
         reply->error().code() == v1::ERROR_CODE_NOT_PERMITTED)) {
      Status hidden(v1::ERROR_CODE_NOT_PERMITTED,
                    "没有这个事件，或它与本单位无关，无权查看");
      gate->Journal(caller, "refused", "event " + event_id, hidden.message());
      return web::SendError(response, hidden, 403);
    }
    web::SendReply(response, reply);
  }

  void Submit(const Caller& caller, const Request& request, Response& response,
              uint64_t resend_ordinal) {
    web::api::SubmitForm form;
    if (Status parsed = web::FromJson(request.body, &form); !parsed.ok()) {
      return web::SendError(response, parsed);
    }
    // Stamped first (成文时间 now, a key if the page gave none), as the
    // outbox would: the rules ask for both.
    v1::Report report = client::Stamped(ReportOf(form, options.unit_id));
    std::vector<web::api::FieldProblem> problems =
        FormProblems(report, form.send_incomplete(), Rules());
    if (!problems.empty()) {
      web::api::ApiError error;
      error.set_code(problems.front().code());
      error.set_message("报告还有 " + std::to_string(problems.size()) +
                        " 处需要补正，见各栏提示");
      error.set_field(problems.front().field());
      for (auto& problem : problems) *error.add_problems() = std::move(problem);
      return web::SendJson(response, error, 422);
    }
    Result<client::OutboxEntry> queued =
        resend_ordinal == 0 ? courier->Post(report)
                            : courier->Resend(resend_ordinal, report);
    if (!queued.ok()) {
      gate->Journal(caller, resend_ordinal == 0 ? "submit" : "resend",
                    report.idempotency_key(), queued.status().message());
      return web::SendError(response, queued.status());
    }
    gate->Journal(caller, resend_ordinal == 0 ? "submit" : "resend",
                  queued->report.idempotency_key(), "ok");
    PublishOutbox();
    web::api::Queued answer;
    answer.set_idempotency_key(queued->report.idempotency_key());
    answer.set_ordinal(queued->ordinal);
    answer.set_event_id(queued->report.event_id());
    web::SendJson(response, answer, 202);
  }

  // The unit's latest report of an event — from this desk's outbox or
  // record first (it may not have reached the centre yet), else the
  // centre's — for a 续报 that starts from what was said last.
  void Prefill(const Caller& caller, const std::string& event_id,
               Response& response) {
    if (std::optional<v1::Report> latest = courier->LatestOf(event_id)) {
      return web::SendJson(response, *latest);
    }
    if (!link_up) return web::SendError(response, Unreachable());
    v1::Envelope envelope;
    envelope.mutable_get_event()->set_event_id(event_id);
    Result<v1::Reply> reply =
        broker->Call(envelope, v1::Reply::kEventDetail, Who(caller));
    NoteSilence(reply);
    if (!reply.ok()) return web::SendError(response, reply.status());
    if (reply->has_event_detail()) {
      const auto& reports = reply->event_detail().reports();
      for (auto it = reports.rbegin(); it != reports.rend(); ++it) {
        if (it->unit_id() == options.unit_id) return web::SendJson(response, *it);
      }
    }
    web::SendError(response, Status(v1::ERROR_CODE_UNKNOWN_EVENT,
                                    "本单位还没有报过这个事件"), 404);
  }

  // This unit's reports of a month (the broker's zone), newest last.
  void History(const Caller& caller, const std::string& month, Response& response) {
    Result<TimeZone> zone = TimeZone::Load(time_zone);
    int year = 0, mon = 0;
    if (std::sscanf(month.c_str(), "%4d-%2d", &year, &mon) != 2 || mon < 1 ||
        mon > 12 || !zone.ok()) {
      return web::SendError(response, Status(v1::ERROR_CODE_INVALID_FIELD,
                                             "月份应写成 2026-11 这样", "month"));
    }
    CivilTime from{year, mon, 1, 0, 0, 0};
    CivilTime to = mon == 12 ? CivilTime{year + 1, 1, 1, 0, 0, 0}
                             : CivilTime{year, mon + 1, 1, 0, 0, 0};
    v1::Envelope envelope;
    v1::ReplayRequest* replay = envelope.mutable_replay();
    replay->set_from_ms(zone->UnixMsOf(from));
    replay->set_to_ms(zone->UnixMsOf(to));
    replay->add_unit_ids(options.unit_id);
    replay->set_credit(1);
    replay->set_chunk_reports(1000);
    Answer(caller, envelope, v1::Reply::kReplayChunk, response, "");
  }
};

Result<std::unique_ptr<Desk>> Desk::Start(DeskOptions options, std::ostream& out) {
  if (options.unit_id.empty()) {
    return Status(v1::ERROR_CODE_MISSING_FIELD,
                  "报送台须指定本单位（--unit，或客户端配置的 unit）", "unit");
  }
  auto impl = std::make_unique<Impl>();
  impl->time_zone = options.time_zone;
  options.submit.outbox_dir = options.state_dir / "outbox";
  Result<web::FaceBasics> basics = web::SetUpFace(
      "报送台", options.state_dir, options.logins_file,
      {web::Login{"xinxiyuan", "信息员", "", "", false}});
  if (!basics.ok()) return basics.status();
  impl->logins = std::move(basics->logins);
  impl->journal = std::move(basics->journal);
  // A page waits at most two short attempts for the centre.
  client::QueryOptions asking = options.query;
  asking.timeout = std::min<std::chrono::milliseconds>(asking.timeout, std::chrono::seconds(2));
  impl->broker = std::make_unique<web::BrokerLine>(asking);
  client::QueryOptions quick = options.query;
  quick.timeout = std::chrono::milliseconds(1000);
  impl->watch_line = std::make_unique<web::BrokerLine>(quick);
  client::QueryOptions stepping = asking;
  stepping.endpoint = options.submit.endpoint;
  stepping.curve = options.submit.curve;
  impl->steps = std::make_unique<web::BrokerLine>(stepping);
  impl->options = options;
  impl->LoadSavedPolicy();

  Result<std::unique_ptr<web::WebServer>> server = web::WebServer::Make(options.listen);
  if (!server.ok()) return server.status();
  impl->server = std::move(server).value();
  Impl* self = impl.get();
  Result<std::unique_ptr<Courier>> courier = Courier::Start(
      options.submit, options.state_dir / "sent.jsonl", [self] { self->PublishOutbox(); });
  if (!courier.ok()) return courier.status();
  impl->courier = std::move(courier).value();
  impl->gate = std::make_unique<web::WebGate>(
      "desk", impl->logins, impl->sessions, *impl->journal,
      [self](const web::Login& login) { return self->Describe(login); },
      impl->server->tls());
  impl->server->ServeAssets({XinbaoDeskAssets(), XinbaoWebCommonAssets()});
  XINBAO_RETURN_IF_ERROR(impl->server->Bind());
  impl->CheckLink();  // before the first page: the link and the policy
  impl->Mount();
  impl->server->Serve();
  impl->watcher = std::thread([self] { self->Watch(); });

  web::AnnounceFace(out, "报送台", impl->server->url(),
                    "单位 " + options.unit_id + "  状态目录 " + options.state_dir.string(),
                    options.listen, impl->server->tls(), options.state_dir,
                    basics->made_demo_logins);
  return std::unique_ptr<Desk>(new Desk(std::move(impl)));
}

Desk::Desk(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Desk::~Desk() { Stop(); }

std::string Desk::url() const { return impl_->server->url(); }

void Desk::Stop() {
  impl_->stopping = true;
  if (impl_->watcher.joinable()) impl_->watcher.join();
  impl_->stream.Close();
  impl_->server->Stop();
}

}  // namespace xinbao::desk
