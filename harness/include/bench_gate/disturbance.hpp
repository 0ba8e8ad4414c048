// Disturbed runs: a suite process that a neighbour on a shared machine slowed as a whole.
//
// A code change moves the benchmarks whose code changed; a disturbance (another job's CPU,
// cache or memory-bandwidth load for the duration of one process) moves many benchmarks of
// one process together, each far beyond its own between-run noise. One run cannot tell the
// two apart; a second process can: a disturbance does not come back on cue, a code change
// does. So bench-gate (1) flags a run whose benchmarks moved together against a reference of
// earlier runs, (2) re-measures a flagged HEAD, and (3) calls the shift the code's when the
// second process shows it again (reproduced), the machine's when it does not.
//
// The rule (disturbance_rule_text() says it in words; harness/README.md has the figures):
// per benchmark i, d_i = log(median of the run) − median of the reference's run medians (log
// units of the gated metric), s_i = the reference's between-run sd (floored at kNoiseFloor);
// benchmark i "moved" when d_i > kMovedSigmas · s_i and d_i > kMinShift. A run is disturbed
// when at least kMinMoved benchmarks and at least kMovedShare of those compared moved slower.
// Robust in the sense of a sign/count test (cf. a median shift): one benchmark's outlier
// cannot flag a run, and a disturbed reference run is left out before it can hide one.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "bench_gate/model.hpp"

namespace bg {

inline constexpr double kDisturbanceNoiseFloor = 0.01;  // s_i floor: 1 % (log units)
inline constexpr double kDisturbanceMovedSigmas = 4.0;  // d_i > 4 s_i ...
inline constexpr double kDisturbanceMinShift = 0.03;    // ... and > 3 % (log units)
inline constexpr double kDisturbanceMovedShare = 0.25;  // of the benchmarks compared
inline constexpr int kDisturbanceMinMoved = 3;
inline constexpr int kDisturbanceMinReference = 2;      // reference run medians per benchmark

// Per benchmark: the log medians (gated metric) of the reference runs, one per run.
using ReferenceMedians = std::unordered_map<std::string, std::vector<double>>;

// The log median of each benchmark of one run (benchmarks with an error, no usable sample or
// skipped are left out).
std::unordered_map<std::string, double> run_log_medians(const Run& run, Metric metric);

// Adds each benchmark's log median of `run` to `reference`.
void add_to_reference(ReferenceMedians& reference, const Run& run, Metric metric);

struct RunDisturbance {
  bool disturbed = false;
  int compared = 0;           // benchmarks with at least kDisturbanceMinReference reference runs
  int moved = 0;              // of those, how many moved slower beyond their noise
  double median_shift = 0;    // median of d_i over the moved benchmarks (log units; 0 if none)
  std::string run_id;
  // "12 of 30 benchmarks slower together (median +41.0 %)"; "" when there was nothing to compare
  std::string text;
};

// Assess one run against a reference of (undisturbed) earlier runs of the same code line.
RunDisturbance assess_run(const Run& run, const ReferenceMedians& reference, Metric metric);

// Whether `again` shows the shift of the disturbed run `first` again: of first's benchmarks
// that moved, at least half moved by at least half as much in `again` (against the same
// reference). True means the code, not the machine.
bool shift_reproduced(const Run& first, const Run& again, const ReferenceMedians& reference,
                      Metric metric);

// Which history runs to keep for the noise estimate: each run is assessed against all the
// other history runs (leave one out); disturbed ones are dropped. `dropped` gets one text per
// dropped run ("run 1a2b3c4d5e6f of 9f8e7d6c5b4a: 20 of 30 benchmarks slower together …").
std::vector<std::vector<Run>> drop_disturbed_history(const std::vector<std::vector<Run>>& history,
                                                     Metric metric,
                                                     std::vector<std::string>& dropped);

// The rule above in one sentence, for the report and the README.
std::string disturbance_rule_text();

}  // namespace bg
