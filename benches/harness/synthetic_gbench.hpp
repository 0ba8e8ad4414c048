// Synthetic inputs for benchmarking bench-gate itself: Google Benchmark 1.7.1-style JSON text of a
// large suite, and in-memory runs derived from it. Deterministic for a given spec.
#pragma once

#include <cstdint>
#include <string>

#include "bench_gate/model.hpp"

namespace bgbench {

enum class Side { base, head };

struct SuiteSpec {
  int benchmarks = 10000;  // distinct run_names
  int repetitions = 20;    // "iteration" entries per benchmark
  Side side = Side::base;  // head: ~1 % regressed, ~1 % improved, 10 removed, 10 new
  std::uint64_t seed = 1;  // noise of the samples; the benchmarks' true times do not depend on it
};

// Return the JSON text Google Benchmark 1.7.1 would print with --benchmark_format=json
// --benchmark_repetitions=N: context (2 CPUs, 4 caches, load_avg, library_build_type debug), then
// per benchmark N "iteration" entries followed by its mean/median/stddev/cv aggregates.
std::string synthetic_gbench_json(const SuiteSpec& spec);

// Return a copy of `run` whose samples are all scaled by one common factor exp(N(0, drift)) and
// per-sample noise exp(N(0, noise)) drawn from `seed` (an earlier commit's run of the same suite).
bg::Run perturbed_run(const bg::Run& run, std::uint64_t seed, double drift, double noise);

// Return a run of `benchmarks` x `repetitions` samples with a realistic environment, for the
// history of commit number `index` (times drift slowly with index).
bg::Run small_run(int benchmarks, int repetitions, int index, const std::string& commit);

}  // namespace bgbench
