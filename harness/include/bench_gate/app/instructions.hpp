// Instruction mode: run a stock Google Benchmark suite once under valgrind's callgrind and count
// the instructions of each benchmark's measured loop (core/callgrind.hpp matches the parts).
#pragma once

#include <string>

#include "bench_gate/app/suite_runner.hpp"
#include "bench_gate/model.hpp"

namespace bg {

// The valgrind executable found in PATH. Throws Error(input_error) in one line saying that
// valgrind is not installed when there is none.
std::string find_valgrind();

// Run request.command under callgrind in one process: --benchmark_min_time=0 (1.7.1: one
// iteration, or the benchmark's own fixed Iterations), one repetition, no interleaving,
// `filter` when not empty, every output file in a temporary directory. Returns the run with
// `instructions` set per benchmark and no times (no run id or commit). Throws bg::Error as
// run_suite: input_error when valgrind or the suite cannot start, suite_failed when the suite
// fails, times out, or its parts cannot be matched to its benchmarks.
Run run_suite_instructions(const SuiteRequest& request, const std::string& filter);

}  // namespace bg
