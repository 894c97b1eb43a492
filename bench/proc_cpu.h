// CPU time of processes and of the machine, from /proc, for the benches'
// CPU columns: read before and after a measured window, and take the
// difference.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>

namespace xinbao::bench {

// utime + stime of process `pid` (all its threads), in clock ticks; 0 if
// it is gone.
int64_t ProcessCpuTicks(pid_t pid);
// utime + stime of each thread of process `pid`, summed by thread name
// ("xb-committer", "ZMQbg/IO/0", "rocksdb:high", …); empty if it is gone.
std::map<std::string, int64_t> ThreadCpuTicks(pid_t pid);
// The same summed over `root` and every process descending from it.
int64_t TreeCpuTicks(pid_t root);

struct MachineCpu {
  int64_t busy = 0;   // every state but idle and iowait, in ticks
  int64_t total = 0;  // every state
};
MachineCpu MachineCpuTicks();

// Clock ticks per second (sysconf(_SC_CLK_TCK)).
double TicksPerSecond();

}  // namespace xinbao::bench
