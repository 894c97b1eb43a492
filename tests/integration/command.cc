#include "tests/integration/command.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <string_view>

extern char** environ;

namespace xinbao::testing {
namespace {

// This process's environment with `extra` (NAME=VALUE) set over it.
std::vector<std::string> EnvironmentWith(const std::vector<std::string>& extra) {
  auto name = [](std::string_view entry) {
    return entry.substr(0, entry.find('='));
  };
  std::vector<std::string> out;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    bool replaced = false;
    for (const std::string& set : extra) replaced |= name(set) == name(*entry);
    if (!replaced) out.emplace_back(*entry);
  }
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

}  // namespace

Spawned Spawn(const std::vector<std::string>& args, bool capture_stderr,
              const std::filesystem::path& working_dir,
              const SpawnSetup& setup) {
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (std::string& arg : copy) argv.push_back(arg.data());
  argv.push_back(nullptr);
  // Made before fork(): the child only calls what is safe after it.
  std::vector<std::string> environment = EnvironmentWith(setup.environment);
  std::vector<char*> envp;
  for (std::string& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);
  int stderr_fd = -1;
  if (!setup.stderr_file.empty()) {
    stderr_fd = ::open(setup.stderr_file.c_str(),
                       O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (stderr_fd < 0) throw std::runtime_error("cannot open stderr file");
  }
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
  Spawned child;
  const pid_t parent = ::getpid();
  child.pid = ::fork();
  if (child.pid < 0) throw std::runtime_error("fork failed");
  if (child.pid == 0) {
    // A test that dies (a crash, a ctest timeout) must not leave its
    // broker running: the child is killed when the test process ends.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died already
    ::dup2(fds[1], STDOUT_FILENO);
    if (stderr_fd >= 0) {
      ::dup2(stderr_fd, STDERR_FILENO);
    } else if (capture_stderr) {
      ::dup2(fds[1], STDERR_FILENO);
    }
    ::close(fds[0]);
    ::close(fds[1]);
    if (!working_dir.empty() && ::chdir(working_dir.c_str()) != 0) {
      ::_exit(127);
    }
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  if (stderr_fd >= 0) ::close(stderr_fd);
  ::close(fds[1]);
  child.output_fd = fds[0];
  return child;
}

CommandResult RunCommand(const std::vector<std::string>& args,
                         const std::filesystem::path& working_dir) {
  const Spawned child = Spawn(args, /*capture_stderr=*/true, working_dir);
  const int fd = child.output_fd;
  const pid_t pid = child.pid;
  CommandResult result;
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0) {
    result.output.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace xinbao::testing
