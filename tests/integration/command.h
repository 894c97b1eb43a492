// RunCommand: runs a program to completion and captures what it printed
// (stdout and stderr together) and its exit code. The program must end by
// itself (the xinbao CLI always has a --timeout).
#pragma once

#include <string>
#include <vector>

namespace xinbao::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;
};

CommandResult RunCommand(const std::vector<std::string>& args);

}  // namespace xinbao::testing
