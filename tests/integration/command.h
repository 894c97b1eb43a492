// RunCommand: runs a program to completion and captures what it printed
// (stdout and stderr together) and its exit code. The program must end by
// itself (the xinbao CLI always has a --timeout).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace xinbao::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;
};

// `working_dir`: where the program runs (empty: this process's own).
CommandResult RunCommand(const std::vector<std::string>& args,
                         const std::filesystem::path& working_dir = {});

// A started child process and the read end of a pipe on its stdout (and
// stderr too, if asked).
struct Spawned {
  pid_t pid = -1;
  int output_fd = -1;
};

// What a child gets beyond its arguments.
struct SpawnSetup {
  // NAME=VALUE, set in its environment over this process's own.
  std::vector<std::string> environment{};
  // Its stderr is appended to this file (empty: as capture_stderr says).
  std::filesystem::path stderr_file;
};

// Starts args[0] with `args` in `working_dir` (empty: this process's own);
// throws std::runtime_error if it cannot.
Spawned Spawn(const std::vector<std::string>& args, bool capture_stderr,
              const std::filesystem::path& working_dir = {},
              const SpawnSetup& setup = {});

}  // namespace xinbao::testing
