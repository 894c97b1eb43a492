// Resident memory of a process, from /proc/<pid>/status, for the benches'
// memory columns (replay_bench, restart_bench).
#pragma once

#include <sys/types.h>

namespace xinbao::bench {

// Resident set size of process `pid` now (VmRSS), in MiB; 0 if it is gone
// or the line cannot be read.
double ResidentMiB(pid_t pid);
// The most it has been resident since it started (VmHWM), in MiB; 0 as
// above.
double PeakResidentMiB(pid_t pid);

}  // namespace xinbao::bench
