// WebGate: sign-in, sign-out and the checks in front of every API route of
// a web face.
//
//   GET    /api/session   who is signed in (api::SessionInfo), else 401
//   POST   /api/session   sign in with api::SignInRequest; sets the cookie
//   DELETE /api/session   sign out
//
// Reading(handler): the request must carry a live session cookie (401).
// Changing(handler): also the session's CSRF token in X-CSRF-Token, and,
// when the browser names an Origin, this server's own (403, journaled as a
// refusal). Sign-in needs a JSON body and a same-origin Origin, so another
// site cannot sign a browser in either.
//
// Every sign-in, refused sign-in, sign-out and refusal of the gate is
// written to the WebJournal before the answer goes out.
//
// Threads: handlers run on the server's pool; the gate is safe from any.
#pragma once

#include <httplib.h>

#include <functional>
#include <string>

#include "clients/web/login_book.h"
#include "clients/web/session_book.h"
#include "clients/web/web_journal.h"
#include "proto/status.h"
#include "xinbao/web/api.pb.h"

namespace xinbao::web {

// The person behind a request.
struct Caller {
  Session session;
  std::string address;  // the browser's IP address
};

using ApiHandler = std::function<void(const Caller&, const httplib::Request&,
                                      httplib::Response&)>;

// How a program tells, at sign-in, who a login is to the broker: its role,
// unit and the broker's zone. A refusal (the broker does not let the
// program act for this user) refuses the sign-in with that message.
using Describe = std::function<Result<api::SessionInfo>(const Login&)>;

class WebGate {
 public:
  // `program`: "desk" or "centre" (names the cookie, with the port).
  WebGate(std::string program, const LoginBook& logins, SessionBook& sessions,
          WebJournal& journal, Describe describe, bool tls);

  // Registers the /api/session routes. `port` names the cookie: two web
  // faces on one host do not sign each other out.
  void Mount(httplib::Server& server, int port);

  httplib::Server::Handler Reading(ApiHandler handler);
  httplib::Server::Handler Changing(ApiHandler handler);

  // Writes one journal line for `caller` (outcome "ok" or a refusal).
  void Journal(const Caller& caller, const std::string& action,
               const std::string& target, const std::string& outcome);

  const std::string& cookie_name() const { return cookie_name_; }

 private:
  std::optional<Caller> CallerOf(const httplib::Request& request);
  bool SameOrigin(const httplib::Request& request) const;
  void SignIn(const httplib::Request& request, httplib::Response& response);

  const std::string program_;
  const LoginBook& logins_;
  SessionBook& sessions_;
  WebJournal& journal_;
  Describe describe_;
  const bool tls_;
  std::string cookie_name_;
};

}  // namespace xinbao::web
