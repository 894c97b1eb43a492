#include "proto/host_port.h"

#include <arpa/inet.h>

#include <charconv>

namespace xinbao {

bool IsLoopbackHost(const std::string& host) {
  if (host == "localhost" || host == "::1") return true;
  in_addr address{};
  if (inet_pton(AF_INET, host.c_str(), &address) != 1) return false;
  return (ntohl(address.s_addr) >> 24) == 127;
}

Result<HostPort> ParseHostPort(const std::string& text,
                               const std::string& default_host,
                               const std::string& field, int example_port) {
  const std::string example = std::to_string(example_port);
  std::string host = default_host;
  std::string port_text = text;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find("]:");
    if (close == std::string::npos) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "监听地址应写成 [IPv6]:端口，例如 [::1]:" + example, field);
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
                      "\" 无法识别：应为 主机:端口，例如 127.0.0.1:" + example,
                  field);
  }
  return HostPort{host, port};
}

}  // namespace xinbao
