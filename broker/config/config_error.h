// ConfigError: the one form of a configuration refusal — INVALID_FIELD,
// "配置项 <key>: <what is wrong>", field() the key ("upstream.endpoint").
// Private to broker/config.
#pragma once

#include <string>

#include "proto/status.h"

namespace xinbao::broker {

inline Status ConfigError(const std::string& key, const std::string& message) {
  return Status(v1::ERROR_CODE_INVALID_FIELD, "配置项 " + key + ": " + message,
                key);
}

}  // namespace xinbao::broker
