// A broker config file for a test, written to `dir`. Tests of other
// sections run the broker's development mode: unless the text has a
// [security] table of its own (or a `security` key), `mode = "insecure"`
// is added, since a config file otherwise means CURVE and needs key files.
// A [security] table without a mode gets mode = "insecure" too.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/temp_dir.h"

namespace xinbao::broker {

inline std::filesystem::path WriteConfig(const testing::TempDir& dir,
                                         std::string text,
                                         const std::string& name = "broker.toml") {
  const std::string header = "[security]\n";
  const std::string insecure = "mode = \"insecure\"\n";
  if (const auto at = text.find(header); at != std::string::npos) {
    if (text.find("mode =") == std::string::npos) {
      text.insert(at + header.size(), insecure);
    }
  } else if (text.find("security") == std::string::npos) {
    text += "\n" + header + insecure;
  }
  const std::filesystem::path path = dir / name;
  std::ofstream(path) << text;
  return path;
}

}  // namespace xinbao::broker
