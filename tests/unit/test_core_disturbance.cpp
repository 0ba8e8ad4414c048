// Disturbed runs (core/disturbance.hpp): a run whose benchmarks slowed together far beyond their
// noise is flagged; a real change of a few benchmarks, or noise, is not.
#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "bench_gate/disturbance.hpp"
#include "bench_gate/util/ids.hpp"

namespace {

// 20 benchmarks, "BM_0".."BM_19", at 1000 + 100 i ns; each run's level drawn with between-run sd
// `sd` (log units), `reps` repetitions at ±0.3 %; benchmark i is scaled by factor[i].
bg::Run make_run(std::mt19937& rng, double sd, const std::vector<double>& factor = {},
                 int reps = 5) {
  static int next = 0;
  bg::Run run;
  run.run_id = "run" + std::to_string(++next);
  run.commit = std::string(40, 'a');
  std::normal_distribution<double> level(0, sd);
  for (int i = 0; i < 20; ++i) {
    bg::BenchmarkResult b;
    b.name = "BM_" + std::to_string(i);
    const double center = (1000 + 100 * i) * std::exp(level(rng)) *
                          (factor.empty() ? 1.0 : factor[static_cast<std::size_t>(i)]);
    for (int r = 0; r < reps; ++r) {
      const double v = center * (1 + 0.003 * ((r % 3) - 1));
      b.real_time_ns.push_back(v);
      b.cpu_time_ns.push_back(v);
    }
    b.iterations = 100;
    run.benchmarks.push_back(b);
  }
  return run;
}

bg::ReferenceMedians reference_of(const std::vector<bg::Run>& runs) {
  bg::ReferenceMedians ref;
  for (const auto& r : runs) bg::add_to_reference(ref, r, bg::Metric::real_time);
  return ref;
}

// Half the benchmarks +40 %: what a neighbour's load did to one process on this machine.
std::vector<double> half_slower(double by) {
  std::vector<double> f(20, 1.0);
  for (std::size_t i = 0; i < 20; i += 2) f[i] = 1 + by;
  return f;
}

}  // namespace

TEST_CASE("disturbance: half the benchmarks +40 % against 5 undisturbed runs is a disturbed run") {
  std::mt19937 rng(7);
  std::vector<bg::Run> history;
  for (int i = 0; i < 5; ++i) history.push_back(make_run(rng, 0.01));
  const bg::ReferenceMedians ref = reference_of(history);
  const bg::RunDisturbance d =
      bg::assess_run(make_run(rng, 0.01, half_slower(0.40)), ref, bg::Metric::real_time);
  CHECK(d.disturbed);
  CHECK(d.compared == 20);
  CHECK(d.moved >= 10);  // the ten slowed, and at most one more by chance (2.5 % each)
  CHECK(d.moved <= 11);
  CHECK(d.p_value < 1e-9);
  CHECK(std::expm1(d.median_shift) == doctest::Approx(0.40).epsilon(0.1));
  CHECK(d.text.find(" of 20 benchmarks slower together beyond their noise (median +") !=
        std::string::npos);
}

TEST_CASE("disturbance: an undisturbed run, a change of two benchmarks and noise are not") {
  std::mt19937 rng(11);
  std::vector<bg::Run> history;
  for (int i = 0; i < 5; ++i) history.push_back(make_run(rng, 0.02));
  const bg::ReferenceMedians ref = reference_of(history);
  int flagged = 0;
  for (int i = 0; i < 200; ++i) {
    flagged += bg::assess_run(make_run(rng, 0.02), ref, bg::Metric::real_time).disturbed;
  }
  CHECK(flagged == 0);  // 200 unchanged runs with 2 % between-run noise
  std::vector<double> two(20, 1.0);
  two[3] = two[4] = 1.5;  // a code change that slows two benchmarks by 50 %
  const bg::RunDisturbance d = bg::assess_run(make_run(rng, 0.02, two), ref, bg::Metric::real_time);
  CHECK_FALSE(d.disturbed);
  CHECK(d.moved >= 2);
  CHECK(d.p_value > 0.001);
}

TEST_CASE("disturbance: too little reference compares nothing, errors and skips are left out") {
  std::mt19937 rng(3);
  const bg::Run one = make_run(rng, 0.01);
  const bg::RunDisturbance none =
      bg::assess_run(make_run(rng, 0.01, half_slower(0.4)), reference_of({one}), bg::Metric::real_time);
  CHECK_FALSE(none.disturbed);  // one reference run per benchmark is not a noise estimate
  CHECK(none.compared == 0);

  bg::Run broken = make_run(rng, 0.01);
  broken.benchmarks[0].error = "crashed";
  broken.benchmarks[1].skipped = "needs a GPU";
  CHECK(bg::run_log_medians(broken, bg::Metric::real_time).size() == 18);
}

TEST_CASE("disturbance: a second process with the same shift is the code, without it the machine") {
  std::mt19937 rng(5);
  std::vector<bg::Run> history;
  for (int i = 0; i < 5; ++i) history.push_back(make_run(rng, 0.01));
  const bg::ReferenceMedians ref = reference_of(history);
  const bg::Run first = make_run(rng, 0.01, half_slower(0.25));
  CHECK(bg::shift_reproduced(first, make_run(rng, 0.01, half_slower(0.25)), ref,
                             bg::Metric::real_time));
  CHECK_FALSE(bg::shift_reproduced(first, make_run(rng, 0.01), ref, bg::Metric::real_time));
}

TEST_CASE("disturbance: a disturbed history run leaves the noise estimate, the others stay") {
  std::mt19937 rng(9);
  std::vector<std::vector<bg::Run>> history;
  for (int i = 0; i < 6; ++i) history.push_back({make_run(rng, 0.01)});
  history[2] = {make_run(rng, 0.01, half_slower(0.5))};
  std::vector<std::string> dropped;
  const auto kept = bg::drop_disturbed_history(history, bg::Metric::real_time, dropped);
  CHECK(kept.size() == 5);
  REQUIRE(dropped.size() == 1);
  CHECK(dropped[0].find(bg::util::short_id(history[2][0].run_id)) != std::string::npos);
}
