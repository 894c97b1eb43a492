#include "clients/web/web_server.h"

#include <string_view>

#include "clients/web/json_mapping.h"
#include "xinbao/web/api.pb.h"

namespace xinbao::web {
namespace {

constexpr char kPolicy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; "
    "media-src 'self' data:; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'";

}  // namespace

Result<std::unique_ptr<WebServer>> WebServer::Make(const ListenOptions& options,
                                                   std::size_t threads) {
  XINBAO_RETURN_IF_ERROR(CheckListen(options));
  std::unique_ptr<httplib::Server> server;
  bool tls = !options.tls_certificate.empty();
  if (tls) {
    auto secure = std::make_unique<httplib::SSLServer>(
        options.tls_certificate.c_str(), options.tls_private_key.c_str());
    if (!secure->is_valid()) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "TLS 证书或私钥无法使用: " + options.tls_certificate.string() +
                        ", " + options.tls_private_key.string(),
                    "tls");
    }
    server = std::move(secure);
  } else {
    server = std::make_unique<httplib::Server>();
  }
  server->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server->set_payload_max_length(32u << 20);
  server->set_read_timeout(30, 0);
  server->set_keep_alive_max_count(1000);
  httplib::Headers headers = {
      {"Content-Security-Policy", kPolicy},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
  };
  if (tls) {
    headers.emplace("Strict-Transport-Security", "max-age=31536000");
  }
  server->set_default_headers(headers);
  server->set_post_routing_handler(
      [](const httplib::Request& request, httplib::Response& response) {
        if (request.path.rfind("/api/", 0) == 0) {
          response.set_header("Cache-Control", "no-store");
        }
      });
  server->set_exception_handler([](const httplib::Request&,
                                   httplib::Response& response,
                                   std::exception_ptr) {
    SendError(response, Status(v1::ERROR_CODE_STORAGE_FAILURE,
                               "服务内部错误，请稍后重试"));
  });
  return std::unique_ptr<WebServer>(
      new WebServer(std::move(server), options, tls));
}

WebServer::WebServer(std::unique_ptr<httplib::Server> server,
                     ListenOptions options, bool tls)
    : server_(std::move(server)), options_(std::move(options)), tls_(tls) {}

WebServer::~WebServer() { Stop(); }

void WebServer::ServeAssets(std::vector<std::span<const Asset>> sets) {
  assets_ = std::move(sets);
}

void WebServer::Serve() {
  server_->Get(R"(/([A-Za-z0-9_./-]*))", [this](const httplib::Request& request,
                                               httplib::Response& response) {
    std::string path = request.matches[1];
    if (path.empty()) path = "index.html";
    const Asset* asset = path.find("..") == std::string::npos
                             ? FindAsset(assets_, path)
                             : nullptr;
    if (asset == nullptr) {
      SendError(response, Status(v1::ERROR_CODE_UNKNOWN_REQUEST,
                                 "没有这个页面: /" + path),
                404);
      return;
    }
    response.set_content(asset->bytes.data(), asset->bytes.size(),
                         std::string(asset->media_type).c_str());
    response.set_header("Cache-Control", "no-cache");
  });
  thread_ = std::thread([this] { server_->listen_after_bind(); });
}

Status WebServer::Bind() {
  if (options_.port == 0) {
    port_ = server_->bind_to_any_port(options_.host);
  } else {
    port_ = server_->bind_to_port(options_.host, options_.port)
                ? options_.port
                : -1;
  }
  if (port_ <= 0) {
    return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                  "无法在 " + options_.host + ":" +
                      std::to_string(options_.port) +
                      " 上监听（端口被占用或地址不属于本机）",
                  "listen");
  }
  return Status::Ok();
}

std::string WebServer::url() const {
  std::string host = options_.host.find(':') != std::string::npos
                         ? "[" + options_.host + "]"
                         : options_.host;
  return std::string(tls_ ? "https" : "http") + "://" + host + ":" +
         std::to_string(port_);
}

void WebServer::Stop() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

int HttpStatusFor(v1::ErrorCode code) {
  switch (code) {
    case v1::ERROR_CODE_NOT_PERMITTED:
      return 403;
    case v1::ERROR_CODE_UNKNOWN_EVENT:
    case v1::ERROR_CODE_UNKNOWN_ITEM:
    case v1::ERROR_CODE_UNKNOWN_REQUEST:
      return 404;
    case v1::ERROR_CODE_IDEMPOTENCY_KEY_REUSED:
    case v1::ERROR_CODE_WRONG_STATE:
    case v1::ERROR_CODE_STALE_REVISION:
      return 409;
    case v1::ERROR_CODE_MESSAGE_TOO_LARGE:
    case v1::ERROR_CODE_ATTACHMENT_TOO_LARGE:
      return 413;
    case v1::ERROR_CODE_RATE_LIMITED:
      return 429;
    case v1::ERROR_CODE_STORAGE_FAILURE:
    case v1::ERROR_CODE_BUSY:
      return 503;
    default:
      return 400;
  }
}

void SendError(httplib::Response& response, const Status& status,
               int http_status) {
  api::ApiError error;
  error.set_code(v1::ErrorCode_Name(status.code()));
  error.set_message(status.message());
  error.set_field(status.field());
  error.set_retryable(status.retryable());
  SendJson(response, error,
           http_status != 0 ? http_status : HttpStatusFor(status.code()));
  if (status.retry_after_ms() > 0) {
    // HTTP counts whole seconds: the broker's hint, rounded up.
    response.set_header("Retry-After",
                        std::to_string((status.retry_after_ms() + 999) / 1000));
  }
}

void SendReply(httplib::Response& response, const Result<v1::Reply>& reply) {
  if (!reply.ok()) return SendError(response, reply.status());
  const v1::Reply& answer = reply.value();
  if (answer.has_error()) {
    return SendError(response,
                     Status(answer.error().code(), answer.error().message(),
                            answer.error().field())
                         .WithRetryAfter(answer.error().retry_after_ms()));
  }
  SendJson(response, answer);
}

std::string ReplyOutcome(const Result<v1::Reply>& reply) {
  if (!reply.ok()) return reply.status().message();
  return reply->has_error() ? reply->error().message() : "ok";
}

void SendJson(httplib::Response& response,
              const google::protobuf::Message& message, int http_status) {
  response.status = http_status;
  response.set_content(ToJson(message), "application/json; charset=utf-8");
}

std::string AttachmentDisposition(const std::string& file_name,
                                  const std::string& ascii_name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (const unsigned char c : file_name) {
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                       (c >= '0' && c <= '9') ||
                       std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) !=
                           std::string_view::npos;
    if (plain) {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 0xF];
    }
  }
  std::string ascii;
  for (const char c : ascii_name) {
    ascii += (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') ? c : '_';
  }
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

}  // namespace xinbao::web
