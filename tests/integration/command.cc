#include "tests/integration/command.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

namespace xinbao::testing {

Spawned Spawn(const std::vector<std::string>& args, bool capture_stderr,
              const std::filesystem::path& working_dir) {
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (std::string& arg : copy) argv.push_back(arg.data());
  argv.push_back(nullptr);
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
    if (capture_stderr) ::dup2(fds[1], STDERR_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    if (!working_dir.empty() && ::chdir(working_dir.c_str()) != 0) {
      ::_exit(127);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
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
