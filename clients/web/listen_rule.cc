#include "clients/web/listen_rule.h"

#include <arpa/inet.h>
#include <unistd.h>

#include <charconv>

namespace xinbao::web {

bool IsLoopback(const std::string& host) {
  if (host == "localhost" || host == "::1") return true;
  in_addr address{};
  if (inet_pton(AF_INET, host.c_str(), &address) != 1) return false;
  return (ntohl(address.s_addr) >> 24) == 127;
}

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
  std::string host = options->host;
  std::string port_text = text;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find("]:");
    if (close == std::string::npos) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "监听地址应写成 [IPv6]:端口，例如 [::1]:7680", "listen");
    }
    host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else if (auto colon = text.rfind(':'); colon != std::string::npos) {
    if (colon > 0) host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
  }
  int port = -1;
  auto [end, error] = std::from_chars(
      port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc() || end != port_text.data() + port_text.size() ||
      port < 0 || port > 65535) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "监听地址 \"" + text +
                      "\" 无法识别：应为 主机:端口，例如 127.0.0.1:7680",
                  "listen");
  }
  options->host = host;
  options->port = port;
  return Status::Ok();
}

}  // namespace xinbao::web
