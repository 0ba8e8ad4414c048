// What would resolve an inconclusive row (advice.hpp), checked against the rule's own formula:
// se^2 = w^2 (1/n_base + 1/n_head) + s_b^2 (1/R_base + 1/R_head), mde = exp(2.486 se) - 1.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "bench_gate/advice.hpp"
#include "bench_gate/compare.hpp"
#include "bench_gate/environment.hpp"

namespace {

// One run per side of `reps` repetitions: within-run se and between-run sd in log units.
bg::NoiseTerms terms(double within_se, double between_sd, double reps = 10, double runs = 1) {
  return bg::NoiseTerms{within_se, between_sd, reps * runs, reps * runs, runs, runs};
}

double se_of(const bg::NoiseTerms& t) {
  return std::sqrt(t.within_se * t.within_se +
                   t.between_sd * t.between_sd * (1 / t.base_runs + 1 / t.head_runs));
}

bg::Run run_with(const std::string& name, std::vector<double> values) {
  bg::Run run;
  run.run_id = "r";
  bg::BenchmarkResult b;
  b.name = name;
  b.real_time_ns = values;
  b.cpu_time_ns = values;
  b.iterations = 100;
  run.benchmarks.push_back(b);
  return run;
}

}  // namespace

TEST_CASE("advice: rule_se is the rule's se at the measured counts, and scales with them") {
  const bg::NoiseTerms t = terms(0.01, 0.02, 10, 1);
  CHECK(bg::rule_se(t, 1, 10) == doctest::Approx(se_of(t)));
  // Four times the runs halves both terms.
  CHECK(bg::rule_se(t, 4, 10) == doctest::Approx(se_of(t) / 2));
  CHECK(bg::rule_mde(bg::se_for_mde(0.05)) == doctest::Approx(0.05));
  // Nothing divides by zero when the within-run term is zero (instruction counts).
  const bg::NoiseTerms counts = terms(0, 0.0005, 1, 1);
  CHECK(bg::rule_mde(bg::rule_se(counts, 1, 1)) == doctest::Approx(std::expm1(2.4864748605 * 0.0005 * std::sqrt(2.0))));
}

TEST_CASE("advice: within-run noise dominates -> repetitions, the count from the formula") {
  const bg::Config config;
  const bg::NoiseTerms t = terms(0.03, 0.005);  // within 3 %, between 0.5 % x sqrt 2
  const double target = bg::se_for_mde(0.05);
  const bg::Advice a = bg::advise(t, target, config);
  REQUIRE(a.action == bg::AdviceAction::repetitions);
  // w^2 = 0.03^2 / 0.2; 2 w^2 / (target^2 - 2 s_b^2) = 26.85 -> 27 repetitions per process.
  CHECK(a.count == 27);
  CHECK(bg::rule_se(t, 1, 27) <= target);
  CHECK(bg::rule_se(t, 1, 26) > target);
  CHECK(bg::advice_cell(a) == "≈ 27 repetitions");
  CHECK(a.reason.find("within-run term dominates") == 0);
}

TEST_CASE("advice: between-run noise dominates -> processes per side") {
  const bg::Config config;
  const bg::NoiseTerms t = terms(0.005, 0.03);  // within 0.5 %, between 3 %
  const double target = bg::se_for_mde(0.05);
  const bg::Advice a = bg::advise(t, target, config);
  REQUIRE(a.action == bg::AdviceAction::processes);
  // (2 w^2 / 10 + 2 s_b^2) / target^2 = 4.74 -> 5 processes per side.
  CHECK(a.count == 5);
  CHECK(bg::rule_se(t, 5, 10) <= target);
  CHECK(bg::rule_se(t, 4, 10) > target);
  CHECK(bg::advice_cell(a) == "5 processes");
  CHECK(bg::advice_text(a).find("would resolve: 5 processes per side (--processes 5") == 0);
  CHECK(a.reason.find("between-run term dominates") == 0);

  SUBCASE("repetitions cannot reach the target while between-run noise alone exceeds it") {
    // within dominates but 2 s_b^2 / 1 > target^2: only processes help.
    const bg::Advice b = bg::advise(terms(0.05, 0.016), target, config);
    CHECK(b.action == bg::AdviceAction::processes);
  }
}

TEST_CASE("advice: both terms tiny -> nothing to resolve") {
  const bg::Config config;
  const bg::Advice a = bg::advise(terms(0.002, 0.003), bg::se_for_mde(0.05), config);
  CHECK(a.action == bg::AdviceAction::none);
  CHECK(bg::advice_cell(a).empty());
  CHECK(bg::advice_text(a).empty());
}

TEST_CASE("advice: past ten processes per side -> paired with a build_command, else instructions") {
  bg::Config config;
  const bg::NoiseTerms t = terms(0.01, 0.10);  // 10 % between processes: ~65 per side for 5 %
  const double target = bg::se_for_mde(0.05);
  CHECK(bg::advise(t, target, config).action == bg::AdviceAction::instructions);
  config.build_command = {"make"};
  CHECK(bg::advise(t, target, config).action == bg::AdviceAction::paired);
  CHECK(bg::advice_cell(bg::advise(t, target, config)) == "paired");
}

TEST_CASE("advice: compare's inconclusive row carries it; one run per side without history") {
  // 10 tight repetitions per side, one run each, no history: s_b is the 2 % floor, so the
  // between-run term dominates; 3 processes per side bring the mde under the 10 % tier.
  std::vector<double> base, head;
  for (int i = 0; i < 10; ++i) {
    base.push_back(100 * (1 + 0.002 * (i % 5)));
    head.push_back(101 * (1 + 0.002 * ((i + 2) % 5)));
  }
  bg::CompareInput input;
  input.base_runs = {run_with("BM_A", base)};
  input.head_runs = {run_with("BM_A", head)};
  input.config.default_tier = "critical";
  const bg::Comparison c = bg::compare_runs(input);
  REQUIRE(c.benchmarks.size() == 1);
  const auto& r = c.benchmarks[0];
  REQUIRE(r.verdict == bg::Verdict::inconclusive);
  REQUIRE(r.advice.action == bg::AdviceAction::processes);
  const auto all = bg::stored_noise_terms(input);
  REQUIRE(all.count("BM_A") == 1);
  const bg::NoiseTerms& t = all.at("BM_A");
  CHECK(t.between_sd == doctest::Approx(0.02));
  CHECK(bg::rule_mde(se_of(t)) == doctest::Approx(r.mde));
  // The advised count is the smallest that reaches the tier by the same formula.
  CHECK(bg::rule_mde(bg::rule_se(t, r.advice.count, 10)) <= 0.05);
  CHECK(bg::rule_mde(bg::rule_se(t, r.advice.count - 1, 10)) > 0.05);
  CHECK(r.noise_source.find("; " + bg::advice_text(r.advice)) != std::string::npos);
  CHECK(r.repetitions_needed == 0);  // not a repetition count: the old column said ≈139
}

TEST_CASE("advice: paired blocks name --blocks N only where the CLI takes N") {
  bg::Advice within;
  within.action = bg::AdviceAction::blocks;
  within.count = 49;
  CHECK(bg::advice_text(within).find("about 49 paired blocks (--blocks 49: the minimum always "
                                     "runs)") != std::string::npos);
  bg::Advice past = within;
  past.count = bg::kMaxMinimumBlocks + 1;
  const std::string text = bg::advice_text(past);
  CHECK(text.find("--blocks " + std::to_string(past.count)) == std::string::npos);
  CHECK(text.find("more than --blocks allows, 200") != std::string::npos);
}
