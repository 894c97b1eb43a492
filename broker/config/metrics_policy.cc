#include "broker/config/metrics_policy.h"

namespace xinbao::broker {

Result<HostPort> MetricsAddress(const MetricsPolicy& policy) {
  Result<HostPort> address =
      ParseHostPort(policy.listen, "127.0.0.1", "metrics.listen", 9464);
  if (!address.ok()) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "配置项 metrics.listen: " + address.status().message(),
                  "metrics.listen");
  }
  if (!IsLoopbackHost(address->host) && !policy.allow_remote) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "配置项 metrics.listen: 指标端口不加密、不认证，只应在本机 "
                  "(127.0.0.1) 上监听；确需在 " + address->host +
                      " 上提供时，在 [metrics] 中加 allow_remote = true，"
                      "并用防火墙限定可访问的机器",
                  "metrics.listen");
  }
  return address;
}

}  // namespace xinbao::broker
