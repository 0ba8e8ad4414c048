// Change points in the history of a benchmark: where along a branch's first-parent line its level
// moved, by how much, and how sure we are. No I/O.
//
// Method: E-divisive means (Matteson & James 2014, "A nonparametric approach for multiple change
// point analysis of multivariate data", JASA 109(505), alpha = 1) with the Student t significance
// test and the split/merge steps of Hunter (Fleming et al., ICPE 2023, "Hunter: using change point
// detection to hunt for performance regressions", as implemented by Apache Otava
// otava/analysis.py): binary segmentation by the energy statistic Q-hat at a first-pass level of
// 10 x max_p, then the weakest change point (largest p) is removed and its neighbours re-tested
// until every p is below max_p. The data are the gate's units of noise: one point per stored run,
// the log of that run's median (repetitions of one process are not independent; rule step 3), and
// the t test's sd never goes below the gate's between-run floor (noise_floor / 2). Q-hat for every
// split of a segment is computed in O(n log n) with Fenwick trees over the ranks of the values,
// not with the O(n^2) distance matrix. Deviations from Otava, measured on synthetic histories
// (tests/unit/test_core_changepoints.cpp): Welch's t instead of the pooled t (a slow process in
// a short segment), max_p 1e-4 instead of 1e-3 (selection over every split made 1.5 % of
// unchanged benchmarks show a change point at 1e-3), no sliding windows (the O(n log n) search
// is fast enough over the whole line), kappa fixed at the segment's end.
#pragma once

#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "bench_gate/model.hpp"

namespace bg {

// One benchmark's history: one point per stored run, oldest first. `commit_of[i]` is the position
// (0 = oldest) of the commit that run i measured; positions never decrease. Runs of one commit are
// never split apart.
struct HistorySeries {
  std::vector<double> log_values;      // log of the run's median, metric units (ns, instructions)
  std::vector<std::size_t> commit_of;  // same length
};

struct ChangePointOptions {
  double max_p = 0.0001;    // two-sided p of the t test a change point must reach
  double sd_floor = 0.01;   // floor of the t test's sd of log values (the gate's noise_floor / 2)
  std::size_t min_runs = 3; // runs on each side of a change point, at least
  // Commit positions where a new level starts by decision (an accepted regression, a baseline
  // reset): segments are analysed separately and no change point is reported at such a position.
  std::vector<std::size_t> resets;
};

struct ChangePoint {
  // Where the change lies: in (before, after], commit positions. `before` holds the last run
  // before the change and `after` the first run after it; when the runs cannot tell which of
  // several recorded commits moved (a 95 % likelihood-ratio set for the location), the range
  // spans all of them. `likeliest`: the recorded commit after the best split.
  std::size_t before = 0, after = 0, likeliest = 0;
  double change = 0;       // level after / level before - 1 (levels: geometric means of the runs
                           // of the adjacent segments)
  double ci_low = 0, ci_high = 0;  // its 95 % interval, from the t test (Student, pooled sd)
  double p_value = 1;              // two-sided p of "no change" (t test of the adjacent segments)
  double level_before = 0, level_after = 0;  // geometric means, metric units
  std::size_t runs_before = 0, runs_after = 0;
};

// Change points of one series, oldest first. Empty when nothing moved (or too few runs).
std::vector<ChangePoint> find_change_points(const HistorySeries& series,
                                            const ChangePointOptions& options);

// Per benchmark name, the series of `history` (one entry per commit position, oldest first: the
// runs stored for that commit, empty when none). A run's point is the median of its usable
// samples of `metric`; benchmarks that errored or have no usable sample in a run are left out of
// that run.
std::map<std::string, HistorySeries> history_series(const std::vector<std::vector<Run>>& history,
                                                    Metric metric);

// The options the gate's configuration implies (sd floor = noise floor / 2, as rule step 3).
ChangePointOptions change_point_options(const Config& config);

}  // namespace bg
