#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "bench_gate/changepoints.hpp"

namespace {

// Between-run sd (of a run's log median) measured on this machine by the verdict-quality
// benchmark (tests/quality/README.md): a quiet kind (branchy, 0.7 %), l2 (1.7 %), alloc (4.3 %).
constexpr double kQuiet = 0.007, kMiddle = 0.017, kNoisy = 0.043;
constexpr std::size_t kCommits = 60, kRunsPerCommit = 3;

// A synthetic history: kRunsPerCommit runs per commit, log-normal between-run noise of sd
// `noise`, 1 run in 100 hit by a whole-process slow episode (+15 %), and a step of `step` (0 =
// none) from commit `at` on.
bg::HistorySeries synthetic(std::mt19937_64& rng, double noise, double step, std::size_t at) {
  std::normal_distribution<double> normal(0.0, noise);
  std::bernoulli_distribution slow_episode(0.01);
  bg::HistorySeries s;
  for (std::size_t c = 0; c < kCommits; ++c) {
    for (std::size_t r = 0; r < kRunsPerCommit; ++r) {
      double x = std::log(1000.0) + normal(rng);
      if (step != 0 && c >= at) x += std::log1p(step);
      if (slow_episode(rng)) x += std::log(1.15);
      s.log_values.push_back(x);
      s.commit_of.push_back(c);
    }
  }
  return s;
}

bg::ChangePointOptions gate_options() {
  bg::ChangePointOptions o;
  o.sd_floor = 0.01;  // the default config: noise_floor 2 % / 2
  return o;
}

}  // namespace

TEST_CASE("changepoints: a step is found at its commit, with size, interval and p") {
  bg::HistorySeries s;
  for (std::size_t c = 0; c < 20; ++c) {
    for (double e : {-0.004, 0.0, 0.004}) {
      s.log_values.push_back(std::log(100.0) + e + (c >= 12 ? std::log(1.10) : 0.0));
      s.commit_of.push_back(c);
    }
  }
  const auto cps = bg::find_change_points(s, gate_options());
  REQUIRE(cps.size() == 1);
  CHECK(cps[0].before == 11);
  CHECK(cps[0].after == 12);
  CHECK(cps[0].change == doctest::Approx(0.10).epsilon(1e-9));
  CHECK(cps[0].ci_low < 0.10);
  CHECK(cps[0].ci_high > 0.10);
  CHECK(cps[0].ci_low > 0.08);  // sd floored at 1 %: se = 1 % x sqrt(1/36 + 1/24)
  CHECK(cps[0].p_value < 1e-9);
  CHECK(cps[0].level_before == doctest::Approx(100.0));
  CHECK(cps[0].level_after == doctest::Approx(110.0));
  CHECK(cps[0].runs_before == 36);
  CHECK(cps[0].runs_after == 24);
}

TEST_CASE("changepoints: unrecorded commits, runs of one commit kept together, too few runs") {
  bg::HistorySeries s;
  // Commits 0..9 recorded, 10..13 not, 14..23 recorded: the step lies in (9, 14].
  for (std::size_t c = 0; c < 24; ++c) {
    if (c >= 10 && c < 14) continue;
    s.log_values.push_back(std::log(50.0) + (c >= 12 ? 0.2 : 0.0) + (c % 2 ? 0.002 : -0.002));
    s.commit_of.push_back(c);
  }
  auto cps = bg::find_change_points(s, gate_options());
  REQUIRE(cps.size() == 1);
  CHECK(cps[0].before == 9);
  CHECK(cps[0].after == 14);

  bg::HistorySeries short_series;  // 2 runs after the step: below min_runs, no claim
  for (std::size_t c = 0; c < 8; ++c) {
    short_series.log_values.push_back(c >= 6 ? 1.0 : 0.0);
    short_series.commit_of.push_back(c);
  }
  CHECK(bg::find_change_points(short_series, gate_options()).empty());
  CHECK(bg::find_change_points(bg::HistorySeries{}, gate_options()).empty());
}

TEST_CASE("changepoints: a reset is a segment boundary, never a change point") {
  bg::HistorySeries s;
  for (std::size_t c = 0; c < 30; ++c) {
    s.log_values.push_back((c >= 15 ? 0.3 : 0.0) + (c % 3) * 0.001);
    s.commit_of.push_back(c);
  }
  auto options = gate_options();
  REQUIRE(bg::find_change_points(s, options).size() == 1);
  options.resets = {15};  // e.g. an accepted regression at commit 15
  CHECK(bg::find_change_points(s, options).empty());
}

TEST_CASE("changepoints: series of stored runs, one point per run") {
  std::vector<std::vector<bg::Run>> history(3);
  auto run = [](double ns, bool error) {
    bg::Run r;
    bg::BenchmarkResult b;
    b.name = "BM_a";
    b.real_time_ns = {ns, ns * 2, ns * 3};
    b.cpu_time_ns = b.real_time_ns;
    if (error) b.error = "boom";
    r.benchmarks.push_back(b);
    return r;
  };
  history[0] = {run(10, false), run(20, false)};
  history[2] = {run(30, false), run(40, true)};
  const auto series = bg::history_series(history, bg::Metric::real_time);
  REQUIRE(series.count("BM_a") == 1);
  const auto& s = series.at("BM_a");
  REQUIRE(s.log_values.size() == 3);
  CHECK(s.log_values[0] == doctest::Approx(std::log(20.0)));
  CHECK(s.log_values[2] == doctest::Approx(std::log(60.0)));
  CHECK(s.commit_of == std::vector<std::size_t>{0, 0, 2});
}

// Issue 13: steps of +3 %, +8 % and -10 % at known commits on quiet and noisy benchmarks; every
// step of at least 2x the benchmark's between-run noise is found in the right commit range (99 %
// of them; every one of at least 3x); an unchanged benchmark shows a change point in at most 1 %
// of 100 histories.
TEST_CASE("changepoints: synthetic histories, planted steps and unchanged benchmarks") {
  std::mt19937_64 rng(20261130);
  const double noises[] = {kQuiet, kMiddle, kNoisy};
  const double steps[] = {0.03, 0.08, -0.10};
  const std::size_t at[] = {20, 35, 45};
  constexpr int kHistories = 100, kUnchangedPerNoise = 10;
  int required = 0, found_right = 0, found_elsewhere = 0, optional_found = 0, optional = 0;
  int unchanged = 0, false_positives = 0;
  int required3 = 0, found3 = 0;
  std::size_t widths = 0, widest = 0;
  for (int h = 0; h < kHistories; ++h) {
    for (double noise : noises) {
      for (int i = 0; i < 3; ++i) {
        const auto cps = bg::find_change_points(synthetic(rng, noise, steps[i], at[i]),
                                                gate_options());
        bool right = false;
        for (const auto& cp : cps) right |= cp.before < at[i] && at[i] <= cp.after;
        if (std::fabs(std::log1p(steps[i])) >= 2 * noise) {
          ++required;
          found_right += right;
          found_elsewhere += !right && !cps.empty();
          if (std::fabs(std::log1p(steps[i])) >= 3 * noise) ++required3, found3 += right;
          for (const auto& cp : cps) {
            if (!right) continue;
            widths += cp.after - cp.before;
            widest = std::max(widest, cp.after - cp.before);
          }
        } else {
          ++optional;
          optional_found += right;
        }
      }
      for (int i = 0; i < kUnchangedPerNoise; ++i) {
        ++unchanged;
        false_positives += !bg::find_change_points(synthetic(rng, noise, 0, 0), gate_options())
                                .empty();
      }
    }
  }
  MESSAGE("steps >= 2x noise found in the right commit: " << found_right << "/" << required
          << " (elsewhere: " << found_elsewhere << "); smaller steps found: " << optional_found
          << "/" << optional << "; unchanged benchmarks with a change point: " << false_positives
          << "/" << unchanged << "; range width (commits): mean "
          << static_cast<double>(widths) / found_right << ", widest " << widest);
  // The 95 % location set misses now and then on the noisiest step (2.45 x its noise): off by one
  // commit in 2 of 200 such histories.
  CHECK(found3 == required3);
  CHECK(found_right * 100 >= required * 99);
  CHECK(false_positives * 100 <= unchanged);
}
