// One overall figure of a comparison: the geometric-mean change of the suite and of each tier.
#pragma once

#include <string>
#include <vector>

#include "bench_gate/model.hpp"

namespace bg {

struct OverallChange {
  std::string scope;   // "suite" or a tier name
  int benchmarks = 0;  // rows it averages
  double change = 0;   // exp(mean of log(head/base)) - 1; 0.05 = the suite 5 % slower
  double ci_low = 0, ci_high = 0;  // 95 % interval; NaN with fewer than 2 benchmarks
};

// The geometric-mean change over the rows that compare the metric on both sides (regression,
// improvement, unchanged, inconclusive with both centers > 0; counter rows left out), first of
// all of them ("suite"), then per tier in order of first appearance; nothing when no row
// qualifies. Interval: Student t on the mean of the per-benchmark log ratios with n - 1 degrees
// of freedom, benchmarks as the sample (the ratio-of-geometric-means figure of Fleming & Wallace,
// CACM 1986, with a t interval across benchmarks): it says how the suite moved as a whole, not how
// sure each row is.
std::vector<OverallChange> overall_changes(const std::vector<BenchmarkComparison>& rows);

}  // namespace bg
