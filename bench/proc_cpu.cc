#include "bench/proc_cpu.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace xinbao::bench {
namespace {

struct ProcStat {
  std::string name;  // the command (a thread's name, for a task)
  pid_t ppid = 0;
  int64_t ticks = 0;
};

// /proc/<pid>/stat: "pid (comm) state ppid … utime(14) stime(15) …"; the
// command may hold spaces and parentheses, so fields count from the last ')'.
bool ReadStat(const std::filesystem::path& path, ProcStat* out) {
  std::ifstream in(path);
  std::string text;
  if (!std::getline(in, text)) return false;
  const std::size_t close = text.rfind(')');
  const std::size_t open = text.find('(');
  if (close == std::string::npos || open == std::string::npos || open > close) {
    return false;
  }
  out->name = text.substr(open + 1, close - open - 1);
  std::istringstream fields(text.substr(close + 2));
  std::vector<std::string> f;
  std::string field;
  while (f.size() < 13 && fields >> field) f.push_back(field);
  if (f.size() < 13) return false;
  // f[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
  out->ppid = static_cast<pid_t>(std::stol(f[1]));
  out->ticks = std::stoll(f[11]) + std::stoll(f[12]);
  return true;
}

}  // namespace

int64_t ProcessCpuTicks(pid_t pid) {
  ProcStat stat;
  return ReadStat("/proc/" + std::to_string(pid) + "/stat", &stat) ? stat.ticks : 0;
}

int64_t TreeCpuTicks(pid_t root) {
  std::map<pid_t, ProcStat> all;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    ProcStat stat;
    if (ReadStat(entry.path() / "stat", &stat)) all[std::stoi(name)] = stat;
  }
  int64_t ticks = 0;
  for (const auto& [pid, stat] : all) {
    for (pid_t at = pid; at > 1;) {
      if (at == root) {
        ticks += stat.ticks;
        break;
      }
      auto up = all.find(at);
      if (up == all.end()) break;
      at = up->second.ppid;
    }
  }
  return ticks;
}

std::map<std::string, int64_t> ThreadCpuTicks(pid_t pid) {
  std::map<std::string, int64_t> by_name;
  std::error_code error;
  const std::filesystem::path tasks = "/proc/" + std::to_string(pid) + "/task";
  for (const auto& entry : std::filesystem::directory_iterator(tasks, error)) {
    ProcStat stat;
    if (ReadStat(entry.path() / "stat", &stat)) by_name[stat.name] += stat.ticks;
  }
  return by_name;
}

MachineCpu MachineCpuTicks() {
  std::ifstream in("/proc/stat");
  std::string cpu;
  in >> cpu;  // "cpu": all cores
  MachineCpu machine;
  int64_t value = 0;
  // user nice system idle iowait irq softirq steal (guest time is already
  // in user and nice).
  for (int i = 0; i < 8 && in >> value; ++i) {
    machine.total += value;
    if (i != 3 && i != 4) machine.busy += value;  // not idle, not iowait
  }
  return machine;
}

double TicksPerSecond() { return static_cast<double>(::sysconf(_SC_CLK_TCK)); }

}  // namespace xinbao::bench
