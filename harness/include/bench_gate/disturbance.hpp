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
// The rule (disturbance_rule_text() says it in words; harness/README.md has the figures): per
// benchmark i with m >= 2 reference runs (log medians r_1..r_m of the gated metric), the run's
// log median x_i "exceeds" when it lies above the one-sided 97.5 % prediction bound of one more
// run, mean(r) + t(0.975, m-1) * max(sd(r), kDisturbanceNoiseFloor) * sqrt(1 + 1/m), and by more
// than kDisturbanceMinShift. Without a disturbance each benchmark exceeds with probability
// <= 2.5 %; a run is disturbed when so many exceed that a binomial test rejects that
// (P(X >= exceeding | n compared, 2.5 %) < kDisturbanceAlpha) and at least kDisturbanceMinMoved
// do: a sign-count test, robust to any one benchmark's outlier, sensitive to many benchmarks each
// moving a little beyond their own noise (the signature of a neighbour's load, which hits
// memory-bound code hardest and CPU-bound code little).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "bench_gate/model.hpp"

namespace bg {

inline constexpr double kDisturbanceNoiseFloor = 0.01;  // sd floor: 1 % (log units)
inline constexpr double kDisturbanceExceedance = 0.025; // one-sided level of the bound
inline constexpr double kDisturbanceMinShift = 0.02;    // and above the mean by > 2 % (log)
inline constexpr double kDisturbanceAlpha = 0.001;      // of the binomial test
inline constexpr int kDisturbanceMinMoved = 3;
inline constexpr int kDisturbanceMinReference = 2;      // reference run medians per benchmark
// The robust reference (ReferenceSpread::median_mad) from this many reference values on; below
// it the mean and sd are used (a median and MAD of 2-4 values are no estimate).
inline constexpr int kDisturbanceRobustMinReference = 5;

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
  int moved = 0;              // of those, how many exceed their prediction bound (slower)
  double p_value = 1;         // binomial P(X >= moved | compared, kDisturbanceExceedance)
  double median_shift = 0;    // median over the moved benchmarks of x_i - mean(r) (log; 0 if none)
  std::string run_id;
  // "12 of 30 benchmarks slower together (median +41.0 %)"; "" when there was nothing to compare
  std::string text;
};

// How the reference of one benchmark gives the center and spread of its prediction bound:
//  - mean_sd: mean and sample sd of the reference (a reference of earlier runs that were
//    themselves screened: history runs, stored runs);
//  - median_mad: median and 1.4826 MAD (the normal-consistent scale; Rousseeuw & Croux 1993)
//    once it has kDisturbanceRobustMinReference values, else mean_sd. For a reference that may
//    hold disturbed values itself -- a paired block against the same side's other blocks, a
//    quarter of which a neighbour may have slowed: their +40 % would inflate the sd until no
//    disturbed block exceeds its bound; the MAD ignores up to half the values.
enum class ReferenceSpread { mean_sd, median_mad };

// Assess one run against a reference of (undisturbed) earlier runs of the same code line.
RunDisturbance assess_run(const Run& run, const ReferenceMedians& reference, Metric metric,
                          ReferenceSpread spread = ReferenceSpread::mean_sd);

// Whether `again` shows the shift of the disturbed run `first` again: of first's benchmarks
// that moved, at least half moved by at least half as much in `again` (against the same
// reference mean). True means the code, not the machine.
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
