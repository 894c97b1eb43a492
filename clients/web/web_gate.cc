#include "clients/web/web_gate.h"

#include "clients/web/json_mapping.h"
#include "clients/web/web_server.h"

namespace xinbao::web {
namespace {

std::string CookieValue(const httplib::Request& request,
                        const std::string& name) {
  std::string header = request.get_header_value("Cookie");
  std::size_t at = 0;
  while (at < header.size()) {
    std::size_t end = header.find(';', at);
    if (end == std::string::npos) end = header.size();
    std::string pair = header.substr(at, end - at);
    std::size_t first = pair.find_first_not_of(' ');
    if (first != std::string::npos) pair = pair.substr(first);
    if (pair.rfind(name + "=", 0) == 0) return pair.substr(name.size() + 1);
    at = end + 1;
  }
  return {};
}

Status NotSignedIn() {
  return Status(v1::ERROR_CODE_NOT_PERMITTED, "尚未登录或登录已过期，请重新登录");
}

}  // namespace

WebGate::WebGate(std::string program, const LoginBook& logins,
                 SessionBook& sessions, WebJournal& journal, Describe describe,
                 bool tls)
    : program_(std::move(program)),
      logins_(logins),
      sessions_(sessions),
      journal_(journal),
      describe_(std::move(describe)),
      tls_(tls) {}

void WebGate::Mount(httplib::Server& server, int port) {
  cookie_name_ = "xinbao_" + program_ + "_" + std::to_string(port);
  server.Get("/api/session", Reading([](const Caller& caller,
                                        const httplib::Request&,
                                        httplib::Response& response) {
               SendJson(response, caller.session.info);
             }));
  server.Post("/api/session",
              [this](const httplib::Request& request, httplib::Response& response) {
                SignIn(request, response);
              });
  server.Delete("/api/session",
                Changing([this](const Caller& caller, const httplib::Request&,
                                httplib::Response& response) {
                  sessions_.Close(caller.session.id);
                  Journal(caller, "sign_out", "", "ok");
                  response.set_header("Set-Cookie", cookie_name_ +
                                                        "=; Path=/; Max-Age=0; "
                                                        "HttpOnly; SameSite=Strict");
                  response.status = 204;
                }));
}

void WebGate::SignIn(const httplib::Request& request,
                     httplib::Response& response) {
  api::JournalEntry entry;
  entry.set_action("sign_in");
  entry.set_address(request.remote_addr);
  auto refuse = [&](const Status& status, int http_status) {
    entry.set_outcome(status.message());
    (void)journal_.Append(entry);
    SendError(response, status, http_status);
  };
  if (!SameOrigin(request) ||
      request.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
    refuse(Status(v1::ERROR_CODE_NOT_PERMITTED, "登录请求来源不符，已拒绝"), 403);
    return;
  }
  api::SignInRequest form;
  if (Status parsed = FromJson(request.body, &form); !parsed.ok()) {
    refuse(parsed, 400);
    return;
  }
  entry.set_login(form.name().substr(0, 64));
  if (sessions_.LockedOut(form.name())) {
    refuse(Status(v1::ERROR_CODE_BUSY,
                  "该登录名连续登录失败次数过多，请 " +
                      std::to_string(sessions_.limits().lockout.count() / 60) +
                      " 分钟后再试"),
           429);
    return;
  }
  std::optional<Login> login = logins_.SignIn(form.name(), form.password());
  if (!login) {
    sessions_.RecordFailure(form.name());
    refuse(Status(v1::ERROR_CODE_NOT_PERMITTED, "登录名或口令不对"), 401);
    return;
  }
  entry.set_person(login->display);
  Result<api::SessionInfo> info = describe_(*login);
  if (!info.ok()) {
    refuse(info.status(), info.status().retryable() ? 503 : 403);
    return;
  }
  sessions_.ClearFailures(form.name());
  info->set_login(login->name);
  info->set_display(login->display);
  info->set_program(program_);
  Session session = sessions_.Open(*login, *info);
  entry.set_outcome("ok");
  if (Status written = journal_.Append(entry); !written.ok()) {
    sessions_.Close(session.id);
    SendError(response, written);
    return;
  }
  std::string cookie = cookie_name_ + "=" + session.id +
                       "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                       std::to_string(sessions_.limits().lifetime.count());
  if (tls_) cookie += "; Secure";
  response.set_header("Set-Cookie", cookie);
  SendJson(response, session.info);
}

std::optional<Caller> WebGate::CallerOf(const httplib::Request& request) {
  std::string id = CookieValue(request, cookie_name_);
  if (id.empty()) return std::nullopt;
  std::optional<Session> session = sessions_.Find(id);
  if (!session) return std::nullopt;
  return Caller{std::move(*session), request.remote_addr};
}

bool WebGate::SameOrigin(const httplib::Request& request) const {
  if (!request.has_header("Origin")) return true;  // not a browser's cross-site request
  std::string expected = std::string(tls_ ? "https://" : "http://") +
                         request.get_header_value("Host");
  return request.get_header_value("Origin") == expected;
}

httplib::Server::Handler WebGate::Reading(ApiHandler handler) {
  return [this, handler](const httplib::Request& request,
                         httplib::Response& response) {
    std::optional<Caller> caller = CallerOf(request);
    if (!caller) {
      SendError(response, NotSignedIn(), 401);
      return;
    }
    handler(*caller, request, response);
  };
}

httplib::Server::Handler WebGate::Changing(ApiHandler handler) {
  return Reading([this, handler](const Caller& caller, const httplib::Request& request,
                                 httplib::Response& response) {
    if (!SameOrigin(request) ||
        request.get_header_value("X-CSRF-Token") != caller.session.csrf_token) {
      Status refused(v1::ERROR_CODE_NOT_PERMITTED,
                     "请求缺少或带错了防伪令牌（CSRF），已拒绝；请刷新页面后重试");
      Journal(caller, "refused", request.method + " " + request.path,
              refused.message());
      SendError(response, refused, 403);
      return;
    }
    handler(caller, request, response);
  });
}

void WebGate::Journal(const Caller& caller, const std::string& action,
                      const std::string& target, const std::string& outcome) {
  api::JournalEntry entry;
  entry.set_login(caller.session.login.name);
  entry.set_person(caller.session.login.display);
  entry.set_action(action);
  entry.set_target(target);
  entry.set_outcome(outcome);
  entry.set_address(caller.address);
  (void)journal_.Append(entry);
}

}  // namespace xinbao::web
