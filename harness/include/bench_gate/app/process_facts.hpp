// The facts of this process that a suite it spawns inherits and that are known to shift results
// without the code changing (issue 12 item 6): the size of the environment block, the length of
// the working directory, ASLR and the CPU governor. app collects them; core compares them
// (environment.hpp process_fact_differences).
#pragma once

#include "bench_gate/model.hpp"

namespace bg {

// Set e.environment_bytes (sum of strlen("NAME=value") + 1 over environ), working_directory_length
// (of getcwd), aslr (/proc/sys/kernel/randomize_va_space) and cpu_governor
// (/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor); "unknown" where a file is absent.
void collect_process_facts(Environment& e);

}  // namespace bg
