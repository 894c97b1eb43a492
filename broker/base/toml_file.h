// Reading a TOML file of the broker's configuration (the config itself,
// the user registry) with a plain-Chinese refusal that names the file and
// the place where it stops making sense. Internal to broker/.
#pragma once

#include <toml++/toml.h>

#include <filesystem>
#include <sstream>
#include <string>

#include "proto/status.h"

namespace xinbao::broker {

// `what` names the file for the officer: "配置文件", "用户名录".
inline Result<toml::table> ParseTomlFile(const std::filesystem::path& path,
                                         const std::string& what) {
  try {
    return toml::parse_file(path.string());
  } catch (const toml::parse_error& error) {
    std::ostringstream where;
    where << error.source().begin;
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  what + " " + path.string() + " 无法解析 (" + where.str() +
                      "): " + std::string(error.description()),
                  path.string());
  }
}

}  // namespace xinbao::broker
