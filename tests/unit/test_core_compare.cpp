#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "bench_gate/compare.hpp"
#include "bench_gate/ingest.hpp"
#include "bench_gate/verdict.hpp"

namespace {

// n samples around `center` with a deterministic relative spread of +-spread.
std::vector<double> samples(double center, double spread, int n = 10, int phase = 0) {
  std::vector<double> out;
  for (int i = 0; i < n; ++i) {
    double u = static_cast<double>((i * 7 + phase) % n) / std::max(1, n - 1) * 2 - 1;  // [-1, 1]
    out.push_back(center * (1 + spread * u));
  }
  return out;
}

bg::BenchmarkResult bench(const std::string& name, std::vector<double> values) {
  bg::BenchmarkResult b;
  b.name = name;
  b.real_time_ns = values;
  b.cpu_time_ns = values;
  b.iterations = 1000;
  return b;
}

bg::Run run_of(std::vector<bg::BenchmarkResult> benchmarks, int cpus = 2) {
  bg::Run run;
  run.run_id = "r";
  run.environment.context = {{"host_name", "ci-1"}, {"num_cpus", cpus}, {"mhz_per_cpu", 2600}};
  run.environment.host = "ci-1";
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

bg::Comparison compare_one(std::vector<double> base, std::vector<double> head,
                           const bg::Config& config = {}) {
  bg::CompareInput input;
  input.base_runs = {run_of({bench("BM_X", base)})};
  input.head_runs = {run_of({bench("BM_X", head)})};
  input.config = config;
  return bg::compare_runs(input);
}

}  // namespace

TEST_CASE("compare: a 15 % slowdown with low noise is a regression") {
  auto c = compare_one(samples(100, 0.005), samples(115, 0.005, 10, 3));
  REQUIRE(c.benchmarks.size() == 1);
  const auto& r = c.benchmarks[0];
  CHECK(r.verdict == bg::Verdict::regression);
  CHECK(r.tier == "standard");
  CHECK(r.change == doctest::Approx(0.15).epsilon(0.01));
  CHECK(r.ci_low > 0);  // 95 % interval with the 2 % between-run floor: about (9 %, 21 %)
  CHECK(r.ci_low < r.change);
  CHECK(r.ci_high > r.change);
  CHECK(r.p_adjusted < 0.001);
  CHECK(r.base_samples == 10);
  CHECK(r.head_runs == 1);
  CHECK(r.noise_source.find("within-run HL (10+10 samples)") == 0);
  CHECK(r.noise_source.find("noise floor") != std::string::npos);
  CHECK(c.exit_code == bg::ExitCode::regression);
  CHECK_FALSE(c.rule.empty());
  CHECK(c.correction.find("Holm") != std::string::npos);
  CHECK_FALSE(c.environments_differ);
}

TEST_CASE("compare: identical samples are unchanged") {
  auto c = compare_one(samples(100, 0.01), samples(100, 0.01));
  const auto& r = c.benchmarks[0];
  CHECK(r.verdict == bg::Verdict::unchanged);
  CHECK(r.change == doctest::Approx(0.0));
  CHECK(r.mde < r.threshold);
  CHECK(r.p_value == doctest::Approx(0.5));
  CHECK(c.exit_code == bg::ExitCode::pass);
}

TEST_CASE("compare: wide noise is inconclusive, never silently unchanged") {
  auto c = compare_one(samples(100, 0.30), samples(104, 0.30, 10, 5));
  const auto& r = c.benchmarks[0];
  CHECK(r.verdict == bg::Verdict::inconclusive);
  CHECK(r.mde > r.threshold);
  // 30 % spread within the run dominates the 2 % between-run floor: more repetitions.
  CHECK(r.advice.action == bg::AdviceAction::repetitions);
  CHECK(r.repetitions_needed == r.advice.count);
  CHECK(r.repetitions_needed > 10);
  CHECK(r.repetitions_needed <= 1000);
  CHECK(c.exit_code == bg::ExitCode::pass);

  SUBCASE("a large slowdown that is not significant is inconclusive too") {
    auto big = compare_one(samples(100, 0.45, 3), samples(125, 0.45, 3, 1));
    CHECK(big.benchmarks[0].verdict == bg::Verdict::inconclusive);
  }
}

TEST_CASE("compare: between-run noise dominates: more runs, not repetitions") {
  bg::Config config;
  config.noise_floor = 0.08;
  auto c = compare_one(samples(100, 0.001), samples(100, 0.001), config);
  const auto& r = c.benchmarks[0];
  CHECK(r.verdict == bg::Verdict::inconclusive);
  // s_b = 8 % (the floor, one run per side): 2 s_b^2 / P <= (log 1.1 / 2.486)^2 needs P = 9.
  CHECK(r.advice.action == bg::AdviceAction::processes);
  CHECK(r.advice.count == 9);
  CHECK(r.repetitions_needed == 0);
  CHECK(r.noise_source.find("would resolve: 9 processes per side") != std::string::npos);
  CHECK(r.noise_source.find("between-run term dominates") != std::string::npos);
}

TEST_CASE("compare: tiers, warn actions and failures decide the exit code") {
  bg::Config config;
  config.rules = {{"BM_Bg*", "background"}, {"BM_Crit*", "critical"}};
  bg::CompareInput input;
  input.config = config;
  input.base_runs = {
      run_of({bench("BM_BgSlow", samples(100, 0.005)), bench("BM_Same", samples(50, 0.005)),
              bench("BM_Gone", samples(10, 0.005)), bench("BM_Faster", samples(200, 0.005))})};
  input.head_runs = {run_of(
      {bench("BM_BgSlow", samples(140, 0.005, 10, 2)), bench("BM_Same", samples(50, 0.005, 10, 4)),
       bench("BM_New", samples(10, 0.005)), bench("BM_Faster", samples(150, 0.005, 10, 1))})};

  SUBCASE("warn-tier regression is reported but passes") {
    auto c = bg::compare_runs(input);
    CHECK(row(c, "BM_BgSlow").verdict == bg::Verdict::regression);
    CHECK(row(c, "BM_BgSlow").tier == "background");
    CHECK(row(c, "BM_BgSlow").action == bg::TierAction::warn);
    CHECK(row(c, "BM_Same").verdict == bg::Verdict::unchanged);
    CHECK(row(c, "BM_Gone").verdict == bg::Verdict::removed);
    CHECK(row(c, "BM_New").verdict == bg::Verdict::new_benchmark);
    CHECK(row(c, "BM_Faster").verdict == bg::Verdict::improvement);
    CHECK(row(c, "BM_Faster").change == doctest::Approx(-0.25).epsilon(0.01));
    CHECK(c.exit_code == bg::ExitCode::pass);
    // Sorted: regressions, failed, inconclusive, improvements, new, removed, unchanged.
    REQUIRE(c.benchmarks.size() == 5);
    CHECK(c.benchmarks[0].name == "BM_BgSlow");
    CHECK(c.benchmarks[1].name == "BM_Faster");
    CHECK(c.benchmarks[2].name == "BM_New");
    CHECK(c.benchmarks[3].name == "BM_Gone");
    CHECK(c.benchmarks[4].name == "BM_Same");
  }
  SUBCASE("an error on the head side fails the suite") {
    bg::BenchmarkResult broken = bench("BM_Crit", {});
    broken.error = "could not open fixture file";
    input.head_runs[0].benchmarks.push_back(broken);
    input.base_runs[0].benchmarks.push_back(bench("BM_Crit", samples(10, 0.005)));
    auto c = bg::compare_runs(input);
    CHECK(row(c, "BM_Crit").verdict == bg::Verdict::failed);
    CHECK(row(c, "BM_Crit").message == "head: could not open fixture file");
    CHECK(c.benchmarks[1].name == "BM_Crit");
    CHECK(c.exit_code == bg::ExitCode::suite_failed);
  }
  SUBCASE("an error only on the base side is reported, not a suite failure") {
    bg::BenchmarkResult broken = bench("BM_Crit", {});
    broken.error = "old failure";
    input.base_runs[0].benchmarks.push_back(broken);
    input.head_runs[0].benchmarks.push_back(bench("BM_Crit", samples(10, 0.005)));
    auto c = bg::compare_runs(input);
    CHECK(row(c, "BM_Crit").verdict == bg::Verdict::failed);
    CHECK(c.exit_code == bg::ExitCode::pass);
  }
  SUBCASE("regression in a failing tier fails the gate, worst first") {
    input.base_runs[0].benchmarks.push_back(bench("BM_Crit1", samples(100, 0.002)));
    input.head_runs[0].benchmarks.push_back(bench("BM_Crit1", samples(108, 0.002, 10, 1)));
    input.base_runs[0].benchmarks.push_back(bench("BM_Crit2", samples(100, 0.002)));
    input.head_runs[0].benchmarks.push_back(bench("BM_Crit2", samples(160, 0.002, 10, 1)));
    auto c = bg::compare_runs(input);
    CHECK(row(c, "BM_Crit1").verdict == bg::Verdict::regression);
    CHECK(c.benchmarks[0].name == "BM_Crit2");
    CHECK(c.benchmarks[1].name == "BM_BgSlow");
    CHECK(c.benchmarks[2].name == "BM_Crit1");
    CHECK(c.exit_code == bg::ExitCode::regression);
  }
}

TEST_CASE("compare: between-run noise from history and from repeated runs") {
  bg::CompareInput input;
  input.base_runs = {run_of({bench("BM_X", samples(100, 0.002))})};
  input.head_runs = {run_of({bench("BM_X", samples(106, 0.002, 10, 1))})};
  input.config.rules = {{"BM_*", "critical"}};  // 5 % threshold

  SUBCASE("quiet history (+-0.5 %) resolves a 6 % change") {
    for (double m : {100.0, 100.5, 99.6, 100.2, 99.9, 100.4, 99.5}) {
      input.history.push_back({run_of({bench("BM_X", samples(m, 0.002))})});
    }
    input.config.noise_floor = 0.005;
    auto c = bg::compare_runs(input);
    const auto& r = c.benchmarks[0];
    CHECK(r.noise_source.find("from 7 earlier runs") != std::string::npos);
    CHECK(r.verdict == bg::Verdict::regression);
  }
  SUBCASE("noisy history (+-10 %) does not") {
    for (double m : {100.0, 110.0, 92.0, 104.0, 95.0, 108.0}) {
      input.history.push_back({run_of({bench("BM_X", samples(m, 0.002))})});
    }
    auto c = bg::compare_runs(input);
    const auto& r = c.benchmarks[0];
    CHECK(r.noise_source.find("from 6 earlier runs") != std::string::npos);
    CHECK(r.verdict == bg::Verdict::inconclusive);
  }
  SUBCASE("a step in history counts as noise: inconclusive, never a false failure") {
    for (double m : {100.0, 100.2, 99.9, 130.0, 130.1, 129.8, 130.3}) {
      input.history.push_back({run_of({bench("BM_X", samples(m, 0.002))})});
    }
    input.config.noise_floor = 0.005;
    auto c = bg::compare_runs(input);
    CHECK(c.benchmarks[0].verdict == bg::Verdict::inconclusive);
  }
  SUBCASE("a one-run slow episode in history counts as noise (two large differences)") {
    for (double m : {100.0, 100.2, 99.9, 125.0, 100.1, 99.8, 100.3}) {
      input.history.push_back({run_of({bench("BM_X", samples(m, 0.002))})});
    }
    input.config.noise_floor = 0.005;
    auto c = bg::compare_runs(input);
    CHECK(c.benchmarks[0].verdict == bg::Verdict::inconclusive);
  }
  SUBCASE("same-commit repeated runs") {
    input.base_runs.push_back(run_of({bench("BM_X", samples(101, 0.002))}));
    input.base_runs.push_back(run_of({bench("BM_X", samples(99, 0.002))}));
    auto c = bg::compare_runs(input);
    const auto& r = c.benchmarks[0];
    CHECK(r.base_runs == 3);
    CHECK(r.base_samples == 30);
    CHECK(r.noise_source.find("from 3+1 same-commit runs") != std::string::npos);
  }
  SUBCASE("head runs that disagree more than the quiet history outweigh it") {
    // A quiet history (0.3 %) but one of two head processes hit a +160 % slow episode: the pooled
    // head median is far off, and only the runs' own disagreement says how far to trust it.
    for (double m : {100.0, 100.3, 99.8, 100.1, 99.9}) {
      input.history.push_back({run_of({bench("BM_X", samples(m, 0.002))})});
    }
    input.head_runs = {run_of({bench("BM_X", samples(260, 0.002))}),
                       run_of({bench("BM_X", samples(100.2, 0.002))})};
    auto c = bg::compare_runs(input);
    const auto& r = c.benchmarks[0];
    CHECK(r.change > 0.05);
    CHECK(r.noise_source.find("from 5 earlier runs (0.2 %) pooled with 1+2 same-commit runs") !=
          std::string::npos);
    CHECK(r.verdict != bg::Verdict::regression);
  }
  SUBCASE("head runs that agree keep the history's noise and its power") {
    for (double m : {100.0, 100.3, 99.8, 100.1, 99.9}) {
      input.history.push_back({run_of({bench("BM_X", samples(m, 0.002))})});
    }
    input.config.noise_floor = 0.005;
    input.head_runs = {run_of({bench("BM_X", samples(106, 0.002))}),
                       run_of({bench("BM_X", samples(106.1, 0.002))})};
    auto c = bg::compare_runs(input);
    const auto& r = c.benchmarks[0];
    CHECK(r.noise_source.find("from 5 earlier runs") != std::string::npos);
    CHECK(r.verdict == bg::Verdict::regression);
  }
}

TEST_CASE("compare: two outlying head repetitions do not hide a 16 % slowdown") {
  // Seen in the quality benchmark: every head repetition is slower than every base repetition, but
  // two of five hit a slow episode. The Mann-Whitney interval is lopsided ([+4 %, +85 %]); judged
  // by its lower half the slowdown is significant, by a symmetric width it was not.
  bg::Config config;
  config.rules = {{"BM_*", "critical"}};
  config.noise_floor = 0.01;
  auto c = compare_one({685, 680, 683, 686, 755}, {1252, 1258, 788, 796, 796}, config);
  const auto& r = row(c, "BM_X");
  CHECK(r.change == doctest::Approx(0.1629).epsilon(0.01));
  CHECK(r.ci_low > 0);                        // the interval excludes "no change"
  CHECK(r.ci_high - r.change > r.change - r.ci_low);  // and is lopsided toward the outliers
  CHECK(r.verdict == bg::Verdict::regression);
  // The mirror image (two fast outliers in a faster head) is an improvement, not inconclusive.
  auto m = compare_one({1252, 1258, 788, 796, 796}, {685, 680, 683, 686, 755}, config);
  CHECK(row(m, "BM_X").verdict == bg::Verdict::improvement);
}

TEST_CASE("compare: single samples per side fall back to the noise floor") {
  auto c = compare_one({100}, {100});
  const auto& r = c.benchmarks[0];
  CHECK(r.noise_source.find("within-run spread unknown") == 0);
  CHECK(r.verdict == bg::Verdict::inconclusive);  // one sample each cannot resolve 10 %
  CHECK(r.advice.action != bg::AdviceAction::none);
}

TEST_CASE("compare: Holm keeps the family-wise error rate over many benchmarks") {
  // 40 benchmarks, each an 11 % slowdown with noise that makes it only marginally significant
  // on its own: Holm over 40 should not call them all regressions.
  bg::CompareInput input;
  std::vector<bg::BenchmarkResult> base, head;
  for (int i = 0; i < 40; ++i) {
    std::string name = "BM_" + std::to_string(i);
    base.push_back(bench(name, samples(100, 0.001)));
    head.push_back(bench(name, samples(111, 0.001, 10, 1)));
  }
  input.base_runs = {run_of(base)};
  input.head_runs = {run_of(head)};
  input.config.noise_floor = 0.03;  // se ~ 4.2 %, one-sided p ~ 0.007 each
  auto c = bg::compare_runs(input);
  int regressions = 0;
  for (const auto& r : c.benchmarks) {
    CHECK(r.p_value < 0.05);
    CHECK(r.p_adjusted >= r.p_value);
    regressions += r.verdict == bg::Verdict::regression;
  }
  CHECK(regressions == 0);
}

TEST_CASE("compare: environments that differ are described") {
  bg::CompareInput input;
  input.base_runs = {run_of({bench("BM_X", samples(100, 0.01))}, 2)};
  input.head_runs = {run_of({bench("BM_X", samples(100, 0.01))}, 4)};
  auto c = bg::compare_runs(input);
  CHECK(c.environments_differ);
  REQUIRE(c.environment_differences.size() == 1);
  CHECK(c.environment_differences[0] == "num_cpus: 2 → 4");
  CHECK(c.base_environments.size() == 1);
  CHECK(c.head_environments.size() == 1);
}

TEST_CASE("compare: cpu_time metric") {
  bg::CompareInput input;
  auto base = bench("BM_X", samples(100, 0.005));
  auto head = bench("BM_X", samples(100, 0.005));
  head.cpu_time_ns = samples(130, 0.005);
  input.base_runs = {run_of({base})};
  input.head_runs = {run_of({head})};
  CHECK(bg::compare_runs(input).benchmarks[0].verdict == bg::Verdict::unchanged);
  input.config.metric = bg::Metric::cpu_time;
  CHECK(bg::compare_runs(input).benchmarks[0].verdict == bg::Verdict::regression);
}

TEST_CASE("compare: verdict names") {
  for (auto v : {bg::Verdict::regression, bg::Verdict::improvement, bg::Verdict::unchanged,
                 bg::Verdict::inconclusive, bg::Verdict::new_benchmark, bg::Verdict::removed,
                 bg::Verdict::failed}) {
    CHECK(bg::verdict_from_name(bg::verdict_name(v)) == v);
  }
  CHECK(bg::verdict_name(bg::Verdict::new_benchmark) == "new");
  CHECK_FALSE(bg::verdict_from_name("slower"));
}

TEST_CASE("compare: ingested fixture pair (base vs head)") {
  auto read = [](const std::string& name) {
    std::ifstream in(std::string(BENCH_GATE_TEST_DATA) + "/gbench/" + name, std::ios::binary);
    REQUIRE(in);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  };
  bg::CompareInput input;
  input.base_runs = {bg::ingest_benchmark_json(read("pair_base.json"), "pair_base.json")};
  input.head_runs = {bg::ingest_benchmark_json(read("pair_head.json"), "pair_head.json")};
  input.config.rules = {{"BM_Crypto/*", "critical"}};
  auto c = bg::compare_runs(input);
  REQUIRE(c.benchmarks.size() == 3);
  CHECK(row(c, "BM_Slower/4096").verdict == bg::Verdict::regression);
  CHECK(row(c, "BM_Slower/4096").change == doctest::Approx(0.20).epsilon(0.001));
  CHECK(row(c, "BM_Stable/64").verdict == bg::Verdict::unchanged);
  CHECK(row(c, "BM_Crypto/encrypt/1024").verdict == bg::Verdict::failed);
  CHECK(row(c, "BM_Crypto/encrypt/1024").tier == "critical");
  CHECK(c.exit_code == bg::ExitCode::suite_failed);
  CHECK_FALSE(c.environments_differ);
}

TEST_CASE("compare: simulated noise gives no false alarms and finds real slowdowns") {
  // Deterministic simulation: per-run offsets (between-run noise 1.5 %) and per-sample noise
  // (3 %), log-normal; 7 history runs; 200 benchmarks, half unchanged, half 20 % slower.
  std::mt19937_64 rng(12345);
  std::normal_distribution<double> normal(0.0, 1.0);
  auto make_run = [&](double factor_for_slow) {
    std::vector<bg::BenchmarkResult> out;
    for (int i = 0; i < 200; ++i) {
      double center = 1000.0 * (1 + i % 17) * std::exp(0.015 * normal(rng));
      if (i >= 100) center *= factor_for_slow;
      std::vector<double> values;
      for (int r = 0; r < 10; ++r) values.push_back(center * std::exp(0.03 * normal(rng)));
      out.push_back(bench("BM_Sim/" + std::to_string(i), values));
    }
    return run_of(out);
  };
  bg::CompareInput input;
  for (int h = 0; h < 7; ++h) input.history.push_back({make_run(1.0)});
  input.base_runs = {make_run(1.0)};
  input.head_runs = {make_run(1.2)};
  auto c = bg::compare_runs(input);
  int false_alarms = 0, found = 0, inconclusive_null = 0;
  for (const auto& r : c.benchmarks) {
    bool slow = std::stoi(r.name.substr(r.name.find('/') + 1)) >= 100;
    if (!slow && r.verdict == bg::Verdict::regression) ++false_alarms;
    if (!slow && r.verdict == bg::Verdict::inconclusive) ++inconclusive_null;
    if (slow && r.verdict == bg::Verdict::regression) ++found;
  }
  MESSAGE("found " << found << "/100, false alarms " << false_alarms << ", inconclusive nulls "
                   << inconclusive_null);
  CHECK(false_alarms == 0);
  CHECK(found >= 90);
  CHECK(inconclusive_null <= 25);  // 13 with this seed: s_b from 7 runs is itself noisy
  CHECK(c.exit_code == bg::ExitCode::regression);
}

TEST_CASE("compare: a row carries the suite's label, head's before base's, without ingest's note") {
  auto labelled = [](const char* name, const std::string& label) {
    bg::BenchmarkResult b = bench(name, samples(100, 0.005));
    b.label = label;
    return b;
  };
  bg::CompareInput input;
  input.base_runs = {run_of({labelled("BM_both", "old label"), labelled("BM_base", "base only"),
                             labelled("BM_agg",
                                      "64 KiB [bench-gate: only aggregates reported; "
                                      "the median aggregate is used as a single "
                                      "sample]")})};
  input.head_runs = {run_of(
      {labelled("BM_both", "<b>new</b>|label"), labelled("BM_base", ""), labelled("BM_agg", "")})};
  const bg::Comparison c = bg::compare_runs(input);
  CHECK(row(c, "BM_both").label == "<b>new</b>|label");  // raw here: the report escapes it
  CHECK(row(c, "BM_base").label == "base only");
  CHECK(row(c, "BM_agg").label == "64 KiB");
  CHECK(bg::suite_label("[bench-gate: only aggregates reported; the mean aggregate is used as a "
                        "single sample]") == "");
}

TEST_CASE("verdict: unchanged only when the interval shows the change within the threshold") {
  // A quality run's slowed benchmark: +4.7 % [+1.2, +8.8] at a 5 % threshold, mde 4.4 %. The
  // interval reaches past the threshold, so "unchanged" would be a claim the data do not make.
  auto candidate = [](double change, double low, double high) {
    bg::Candidate c;
    c.comparable = true;
    c.row.name = "BM_x";
    c.row.threshold = 0.05;
    c.row.action = bg::TierAction::fail;
    c.row.change = change;
    c.row.ci_low = low;
    c.row.ci_high = high;
    c.row.mde = 0.044;
    c.p_slower = 0.005;
    c.p_faster = 0.995;
    return c;
  };
  bg::Config config;
  bg::Comparison wide, narrow;
  bg::decide({candidate(0.047, 0.012, 0.088)}, config, wide);
  CHECK(wide.benchmarks[0].verdict == bg::Verdict::inconclusive);
  bg::decide({candidate(0.02, 0.001, 0.045)}, config, narrow);
  CHECK(narrow.benchmarks[0].verdict == bg::Verdict::unchanged);
  CHECK(wide.exit_code == bg::ExitCode::pass);
}
