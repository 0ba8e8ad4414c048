// Counters with a direction, absolute budgets and the overall figure (issue 12 items 2-4).
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "bench_gate/compare.hpp"
#include "bench_gate/config.hpp"
#include "bench_gate/environment.hpp"
#include "bench_gate/gates.hpp"
#include "bench_gate/overall.hpp"
#include "bench_gate/stats.hpp"

namespace {

// n values around `center` with a deterministic relative spread of +-spread.
std::vector<double> around(double center, double spread, int n = 10) {
  std::vector<double> out;
  for (int i = 0; i < n; ++i) {
    const double u = static_cast<double>((i * 7) % n) / (n - 1) * 2 - 1;  // [-1, 1]
    out.push_back(center * (1 + spread * u));
  }
  return out;
}

// A benchmark with times around time_ns and a counter around `counter` (one value a repetition).
bg::BenchmarkResult bench(const std::string& name, double time_ns, const std::string& counter,
                          double value) {
  bg::BenchmarkResult b;
  b.name = name;
  b.real_time_ns = b.cpu_time_ns = around(time_ns, 0.005);
  b.iterations = 1000;
  if (!counter.empty()) b.counters = {{counter, around(value, 0.005)}};
  return b;
}

bg::Run run_of(std::vector<bg::BenchmarkResult> benchmarks) {
  bg::Run run;
  run.run_id.push_back('r');  // (= "r" trips GCC 12's -Wrestrict false positive here)
  run.environment.context = {{"host_name", "ci-1"}, {"num_cpus", 2}};
  run.environment.fingerprint = bg::environment_fingerprint(run.environment.context);
  run.benchmarks = std::move(benchmarks);
  return run;
}

const bg::BenchmarkComparison& row(const bg::Comparison& c, const std::string& name) {
  for (const auto& b : c.benchmarks) {
    if (b.name == name) return b;
  }
  FAIL("no row " << name);
  throw 0;
}

bg::Comparison compare(const std::vector<bg::BenchmarkResult>& base,
                       const std::vector<bg::BenchmarkResult>& head, const std::string& config) {
  bg::CompareInput input;
  if (!base.empty()) input.base_runs = {run_of(base)};
  input.head_runs = {run_of(head)};
  input.config = bg::parse_config(config, "bench-gate.json");
  return bg::compare_runs(input);
}

bg::BenchmarkComparison measured(std::string tier, double base, double head) {
  bg::BenchmarkComparison row;
  row.tier = std::move(tier);
  row.verdict = bg::Verdict::unchanged;
  row.base_center = base;
  row.head_center = head;
  row.base_samples = row.head_samples = 10;
  return row;
}

}  // namespace

TEST_CASE("gates: budgets parse times and counter amounts, refuse anything else") {
  using Kind = bg::Budget::Kind;
  CHECK(bg::parse_budget("5ms", Kind::max, false).value == doctest::Approx(5e6));
  CHECK(bg::parse_budget("200us", Kind::max, false).value == doctest::Approx(2e5));
  CHECK(bg::parse_budget("1.5 s", Kind::max, false).value == doctest::Approx(1.5e9));
  CHECK(bg::parse_budget("5ms", Kind::max, false).is_time);
  CHECK_FALSE(bg::parse_budget("5000", Kind::max, false).is_time);  // the metric's own unit
  CHECK(bg::parse_budget("1.5GB/s", Kind::min, true).value == doctest::Approx(1.5e9));
  CHECK(bg::parse_budget("64MiB", Kind::max, true).value == doctest::Approx(64.0 * 1024 * 1024));
  CHECK(bg::parse_budget("200k", Kind::min, true).value == doctest::Approx(2e5));
  CHECK(bg::parse_budget("3", Kind::min, true).value == doctest::Approx(3));
  for (const char* bad : {"", "ms", "5 parsecs", "-5ms", "0", "nan", "5ms extra"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(bg::parse_budget(bad, Kind::max, false), bg::Error);
  }
  CHECK_THROWS_AS(bg::parse_budget("5ms", Kind::max, true), bg::Error);  // a time on a counter
  CHECK_THROWS_AS(bg::parse_budget("1.5GB/s", Kind::max, false), bg::Error);
}

TEST_CASE("gates: default directions and the budget judgement") {
  CHECK(bg::default_direction("bytes_per_second") == bg::Direction::bigger_is_better);
  CHECK(bg::default_direction("items_per_second") == bg::Direction::bigger_is_better);
  CHECK(bg::default_direction("max_bytes_used") == bg::Direction::smaller_is_better);
  CHECK_FALSE(bg::default_direction("frames").has_value());
  const bg::Budget max{bg::Budget::Kind::max, 100, false, "100"};
  CHECK(bg::judge_budget(max, 101, 120) == bg::BudgetVerdict::broken);
  CHECK(bg::judge_budget(max, 90, 100) == bg::BudgetVerdict::within);
  CHECK(bg::judge_budget(max, 95, 105) == bg::BudgetVerdict::inconclusive);
  const bg::Budget min{bg::Budget::Kind::min, 100, false, "100"};
  CHECK(bg::judge_budget(min, 80, 99) == bg::BudgetVerdict::broken);
  CHECK(bg::judge_budget(min, 100, 120) == bg::BudgetVerdict::within);
  CHECK(bg::judge_budget(min, 95, 105) == bg::BudgetVerdict::inconclusive);
}

TEST_CASE("gates: config rules with counters and budgets, and their errors") {
  const auto config = bg::parse_config(
      R"({"rules": [{"pattern": "frames/*", "tier": "critical"},
                    {"pattern": "frames/*", "counter": "bytes_per_second", "min": "1.5GB/s"},
                    {"pattern": "*", "counter": "peak_kb", "direction": "smaller",
                     "threshold_percent": 3},
                    {"pattern": "frames/*", "max": "5ms"}]})",
      "c.json");
  CHECK(bg::tier_for(config, "frames/decode").name == "critical");
  CHECK(bg::tier_for(config, "other").name == "standard");  // counter and budget rules set no tier
  const auto counters = bg::counter_rules(config, "frames/decode");
  REQUIRE(counters.size() == 2);
  CHECK(counters[0]->direction == bg::Direction::bigger_is_better);
  CHECK(counters[1]->threshold == doctest::Approx(0.03));
  REQUIRE(bg::budget_rule(config, "frames/decode", "") != nullptr);
  CHECK(bg::budget_rule(config, "frames/decode", "")->budget->value == doctest::Approx(5e6));
  CHECK(bg::budget_rule(config, "frames/decode", "bytes_per_second")->budget->kind ==
        bg::Budget::Kind::min);
  CHECK(bg::budget_rule(config, "other", "") == nullptr);

  const std::pair<const char*, const char*> bad[] = {
      {R"({"rules": [{"pattern": "*", "counter": "frames"}]})", "rules[0].direction"},
      {R"({"rules": [{"pattern": "*", "counter": "x", "direction": "up"}]})", "rules[0].direction"},
      {R"({"rules": [{"pattern": "*", "min": "5ms"}]})", "rules[0].min"},
      {R"({"rules": [{"pattern": "*", "max": "fast"}]})", "rules[0].max"},
      {R"({"rules": [{"pattern": "*", "counter": "bytes_per_second", "max": "5ms"}]})",
       "rules[0].max"},
      {R"({"rules": [{"pattern": "*"}]})", "rules[0].tier"},
      {R"({"rules": [{"pattern": "*", "tier": "critical", "direction": "bigger"}]})",
       "rules[0].direction"},
  };
  for (const auto& [text, field] : bad) {
    CAPTURE(text);
    try {
      bg::parse_config(text, "c.json");
      FAIL("accepted");
    } catch (const bg::Error& e) {
      CHECK(std::string(e.what()).find(field) != std::string::npos);
      CHECK(std::string(e.what()).find('\n') == std::string::npos);
    }
  }
}

TEST_CASE("gates: a bigger-is-better counter is decided on its reciprocal") {
  const char* config = R"({"rules": [{"pattern": "*", "counter": "bytes_per_second"}]})";
  SUBCASE("a 20 % fall is a regression, shown as the counter's own -20 %") {
    const auto c = compare({bench("BM_X", 1000, "bytes_per_second", 1e9)},
                           {bench("BM_X", 1000, "bytes_per_second", 0.8e9)}, config);
    const auto& r = row(c, "BM_X [bytes_per_second]");
    CHECK(r.verdict == bg::Verdict::regression);
    CHECK(r.direction == bg::Direction::bigger_is_better);
    CHECK(r.change == doctest::Approx(-0.2).epsilon(0.01));
    CHECK(r.ci_low < r.change);
    CHECK(r.change < r.ci_high);
    CHECK(r.base_center == doctest::Approx(1e9).epsilon(0.01));
    CHECK(r.head_center == doctest::Approx(0.8e9).epsilon(0.01));
    CHECK(bg::worsening(r) == doctest::Approx(0.25).epsilon(0.01));  // 1 / 0.8 - 1
    CHECK(r.unit == "B/s");
    CHECK(row(c, "BM_X").verdict == bg::Verdict::unchanged);  // the time did not move
    CHECK(c.exit_code == bg::ExitCode::regression);
  }
  SUBCASE("a 20 % rise is an improvement") {
    const auto c = compare({bench("BM_X", 1000, "bytes_per_second", 1e9)},
                           {bench("BM_X", 1000, "bytes_per_second", 1.2e9)}, config);
    CHECK(row(c, "BM_X [bytes_per_second]").verdict == bg::Verdict::improvement);
    CHECK(row(c, "BM_X [bytes_per_second]").change == doctest::Approx(0.2).epsilon(0.01));
    CHECK(c.exit_code == bg::ExitCode::pass);
  }
  SUBCASE("a smaller-is-better user counter: a rise is a regression") {
    const auto c = compare({bench("BM_X", 1000, "peak_kb", 100)},
                           {bench("BM_X", 1000, "peak_kb", 130)},
                           R"({"rules": [{"pattern": "*", "counter": "peak_kb",
                                          "direction": "smaller", "tier": "background"}]})");
    const auto& r = row(c, "BM_X [peak_kb]");
    CHECK(r.verdict == bg::Verdict::regression);
    CHECK(r.action == bg::TierAction::warn);
    CHECK(c.exit_code == bg::ExitCode::pass);  // warn-only tier
  }
}

TEST_CASE("gates: a budget is judged on head's interval, with or without a base") {
  auto judged = [](double head_ns, const char* max, bool with_base) {
    std::string config = R"({"rules": [{"pattern": "*", "max": ")";
    config.append(max).append(R"("}]})");
    const auto c = compare(with_base ? std::vector{bench("BM_X", head_ns, "", 0)}
                                     : std::vector<bg::BenchmarkResult>{},
                           {bench("BM_X", head_ns, "", 0)}, config);
    return std::pair{row(c, "BM_X"), c.exit_code};
  };
  SUBCASE("broken by 30 %: a regression, exit 1, also for a new benchmark") {
    for (bool with_base : {true, false}) {
      const auto [r, exit] = judged(1300, "1us", with_base);
      CHECK(r.budget_verdict == bg::BudgetVerdict::broken);
      CHECK(r.verdict == bg::Verdict::regression);
      CHECK(exit == bg::ExitCode::regression);
      CHECK(r.budget_low > 1000);
      CHECK(r.budget_low < 1300);
      CHECK(r.budget_high > 1300);
    }
  }
  SUBCASE("on the budget: the interval straddles it, inconclusive, exit 0") {
    const auto [r, exit] = judged(1000, "1us", true);
    CHECK(r.budget_verdict == bg::BudgetVerdict::inconclusive);
    CHECK(r.verdict == bg::Verdict::inconclusive);
    CHECK(exit == bg::ExitCode::pass);
  }
  SUBCASE("well inside: within, the verdict of the relative rule stands") {
    const auto [r, exit] = judged(1000, "2us", false);
    CHECK(r.budget_verdict == bg::BudgetVerdict::within);
    CHECK(r.verdict == bg::Verdict::new_benchmark);
    CHECK(exit == bg::ExitCode::pass);
  }
  SUBCASE("a min throughput budget, in the counter's own unit") {
    const auto c = compare({}, {bench("BM_X", 1000, "bytes_per_second", 1e9)},
                           R"({"rules": [{"pattern": "*", "counter": "bytes_per_second",
                                          "min": "1.5GB/s"}]})");
    const auto& r = row(c, "BM_X [bytes_per_second]");
    CHECK(r.budget_verdict == bg::BudgetVerdict::broken);
    CHECK(r.budget_high < 1.5e9);
    CHECK(r.budget_low < 1e9);
    CHECK(r.budget_high > 1e9);
    CHECK(c.exit_code == bg::ExitCode::regression);
  }
  SUBCASE("a time budget cannot judge instruction counts: exit 2 naming the rule") {
    bg::BenchmarkResult b;
    b.name = "BM_X";
    b.instructions = {1000};
    bg::CompareInput input;
    input.head_runs = {run_of({b})};
    input.config = bg::parse_config(R"({"metric": "instructions",
                                        "rules": [{"pattern": "*", "max": "5ms"}]})", "c.json");
    try {
      bg::compare_runs(input);
      FAIL("accepted");
    } catch (const bg::Error& e) {
      CHECK(e.code() == bg::ExitCode::input_error);
      CHECK(std::string(e.what()).find("rules[0]") != std::string::npos);
    }
  }
}

TEST_CASE("overall: the geometric-mean change with a t interval across benchmarks") {
  // log ratios log(1.1), log(1.0), log(0.9), log(1.2): mean m, sd s, t(0.975, 3) = 3.182446.
  const std::vector<double> ratios = {1.1, 1.0, 0.9, 1.2};
  std::vector<bg::BenchmarkComparison> rows;
  std::vector<double> logs;
  for (std::size_t i = 0; i < ratios.size(); ++i) {
    rows.push_back(measured(i < 2 ? "critical" : "standard", 100, 100 * ratios[i]));
    logs.push_back(std::log(ratios[i]));
  }
  // Rows that do not compare the metric on both sides are left out.
  auto added = measured("critical", 100, 500);
  added.verdict = bg::Verdict::new_benchmark;
  rows.push_back(added);
  auto counter = measured("critical", 100, 500);
  counter.counter = "bytes_per_second";
  rows.push_back(counter);

  const auto overall = bg::overall_changes(rows);
  REQUIRE(overall.size() == 3);
  CHECK(overall[0].scope == "suite");
  CHECK(overall[0].benchmarks == 4);
  const double m = bg::stats::mean(logs), s = bg::stats::stddev(logs);
  CHECK(overall[0].change == doctest::Approx(std::expm1(m)));
  CHECK(overall[0].change == doctest::Approx(std::pow(1.1 * 1.0 * 0.9 * 1.2, 0.25) - 1));
  const double half = 3.182446305284263 * s / 2;
  CHECK(overall[0].ci_low == doctest::Approx(std::expm1(m - half)));
  CHECK(overall[0].ci_high == doctest::Approx(std::expm1(m + half)));
  CHECK(overall[1].scope == "critical");
  CHECK(overall[1].change == doctest::Approx(std::sqrt(1.1) - 1));
  CHECK(overall[2].scope == "standard");
  CHECK(overall[2].benchmarks == 2);

  SUBCASE("one benchmark: a figure without an interval; none: nothing") {
    const auto one = bg::overall_changes({measured("critical", 100, 110)});
    REQUIRE(one.size() == 2);
    CHECK(one[0].change == doctest::Approx(0.1));
    CHECK(std::isnan(one[0].ci_low));
    CHECK(bg::overall_changes({}).empty());
  }
}

TEST_CASE("stats: distribution-free interval of the median") {
  std::vector<double> x;
  for (int i = 1; i <= 20; ++i) x.push_back(i);
  const auto m = bg::stats::median_interval(x, 0.95);
  CHECK(m.median == doctest::Approx(10.5));
  REQUIRE(m.ci_valid);
  // The exact binomial rank: P(B <= 5) = 0.021 <= 0.025 < P(B <= 6): x_(6) and x_(15).
  CHECK(m.ci_low == 6);
  CHECK(m.ci_high == 15);
  CHECK_FALSE(bg::stats::median_interval(std::vector<double>{1, 2, 3, 4, 5}, 0.95).ci_valid);
}
