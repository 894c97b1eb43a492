#include "clients/web/listen_rule.h"

#include <unistd.h>

#include "proto/host_port.h"

namespace xinbao::web {

bool IsLoopback(const std::string& host) { return IsLoopbackHost(host); }

Status CheckListen(const ListenOptions& options) {
  bool has_cert = !options.tls_certificate.empty();
  bool has_key = !options.tls_private_key.empty();
  if (has_cert != has_key) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "启用 TLS 需要同时给出证书 (--tls-cert) 和私钥 (--tls-key)",
                  "tls");
  }
  for (const auto& file : {options.tls_certificate, options.tls_private_key}) {
    if (!file.empty() && access(file.c_str(), R_OK) != 0) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "无法读取 TLS 文件 " + file.string(), "tls");
    }
  }
  if (options.port < 0 || options.port > 65535) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "端口应在 0 到 65535 之间", "listen");
  }
  if (!IsLoopback(options.host) && !has_cert && !options.insecure_plain_http) {
    return Status(v1::ERROR_CODE_NOT_PERMITTED,
                  "在本机以外的地址 " + options.host +
                      " 上提供网页必须启用 TLS（--tls-cert 和 --tls-key）；"
                      "确需明文 HTTP 时加 --insecure-plain-http，"
                      "口令和会话将以明文在网络上传输",
                  "listen");
  }
  return Status::Ok();
}

Status ParseListenAddress(const std::string& text, ListenOptions* options) {
  Result<HostPort> parsed = ParseHostPort(text, options->host, "listen", 7680);
  if (!parsed.ok()) return parsed.status();
  options->host = parsed->host;
  options->port = parsed->port;
  return Status::Ok();
}

}  // namespace xinbao::web
