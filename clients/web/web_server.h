// WebServer: one web face's HTTP(S) listener (Debian's cpp-httplib).
//
// What every response carries, whatever the route: a Content-Security-
// Policy that allows only this server's own scripts, styles, images and
// connections (no inline script, no framing: frame-ancestors 'none'),
// X-Content-Type-Options: nosniff, Referrer-Policy: no-referrer, and under
// TLS Strict-Transport-Security. /api/ answers are never cached.
//
// Embedded assets (clients/web/asset.h) are served at /<path>, "/" being
// index.html of the first set.
//
// Threads: routes are registered before Start(); handlers then run on the
// server's pool of `threads` (each open event stream holds one).
#pragma once

#include <httplib.h>

#include <memory>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "clients/web/asset.h"
#include "clients/web/listen_rule.h"
#include "proto/status.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::web {

class WebServer {
 public:
  // Checks `options` (CheckListen) and makes the server (TLS when
  // certificate and key are given; a key that does not load: INVALID_FIELD).
  static Result<std::unique_ptr<WebServer>> Make(const ListenOptions& options,
                                                 std::size_t threads = 128);
  ~WebServer();

  httplib::Server& routes() { return *server_; }
  bool tls() const { return tls_; }

  // Serves `sets` (earlier first) for GET requests no route took.
  void ServeAssets(std::vector<std::span<const Asset>> sets);

  // Binds (port 0: any free one). Fails with STORAGE_FAILURE naming the
  // address if it cannot.
  Status Bind();
  // Registers the asset route after every other, and serves on a thread
  // of its own. REQUIRES: Bind() succeeded; every route registered.
  void Serve();
  // The bound port, after Bind().
  int port() const { return port_; }
  // "http://127.0.0.1:7680" (or https).
  std::string url() const;
  void Stop();

 private:
  WebServer(std::unique_ptr<httplib::Server> server, ListenOptions options,
            bool tls);
  std::unique_ptr<httplib::Server> server_;
  ListenOptions options_;
  bool tls_;
  int port_ = 0;
  std::thread thread_;
  std::vector<std::span<const Asset>> assets_;
};

// The HTTP status for a refusal with `code`: 400 for a request that must
// change, 401 no session, 403 not permitted, 404 unknown, 409 conflict
// (a key reused, a 督办 step out of order, a 采编 edit on an old
// revision),
// 413 too large, 429 slow down (RATE_LIMITED: the unit is over its fair
// share at the broker), 503 retry later.
int HttpStatusFor(v1::ErrorCode code);

// Answers `status` (not OK) as an api::ApiError JSON body with its HTTP
// status (HttpStatusFor, unless `http_status` is given), and a Retry-After
// header (whole seconds, rounded up) when it carries a retry hint.
void SendError(httplib::Response& response, const Status& status,
               int http_status = 0);
// Answers a broker call: its failure (no answer) or the broker's refusal
// as SendError does, else the Reply as JSON.
void SendReply(httplib::Response& response, const Result<v1::Reply>& reply);
// A broker call's outcome as a journal line says it: "ok", the broker's
// refusal or why there was no answer, in plain Chinese.
std::string ReplyOutcome(const Result<v1::Reply>& reply);
// Answers 200 (or `http_status`) with `message` as JSON.
void SendJson(httplib::Response& response,
              const google::protobuf::Message& message, int http_status = 200);

// A download's header: `attachment; filename="<ascii_name>";
// filename*=UTF-8''<file_name, percent-encoded>` (RFC 6266 and 5987), so a
// browser saves "政务信息-2026年第1期.pdf" and an old one the ASCII name
// (whose quotes, backslashes and control characters become '_').
std::string AttachmentDisposition(const std::string& file_name,
                                  const std::string& ascii_name);

}  // namespace xinbao::web
