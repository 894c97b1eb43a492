// DemoPassword: the password a web face printed for one of the demo logins
// it made (<state>/demo-logins.txt: "name password display" lines, `#`
// comments). For the browser tests and bench/web_bench. Throws
// std::runtime_error when the login is not there.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace xinbao::testing {

inline std::string DemoPassword(const std::filesystem::path& state_dir,
                                const std::string& login) {
  const std::filesystem::path file = state_dir / "demo-logins.txt";
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string name, password;
    words >> name >> password;
    if (name == login) return password;
  }
  throw std::runtime_error("no demo login " + login + " in " + file.string());
}

}  // namespace xinbao::testing
