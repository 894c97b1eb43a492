#include "bench/proc_memory.h"

#include <exception>
#include <fstream>
#include <string>
#include <string_view>

namespace xinbao::bench {
namespace {

// The kB figure of the "<field>:" line of /proc/<pid>/status, in MiB.
double StatusMiB(pid_t pid, std::string_view field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.size() > field.size() && line.starts_with(field) &&
        line[field.size()] == ':') {
      try {
        return std::stod(line.substr(field.size() + 1)) / 1024;
      } catch (const std::exception&) {
        return 0;
      }
    }
  }
  return 0;
}

}  // namespace

double ResidentMiB(pid_t pid) { return StatusMiB(pid, "VmRSS"); }

double PeakResidentMiB(pid_t pid) { return StatusMiB(pid, "VmHWM"); }

}  // namespace xinbao::bench
