// Golden files for the rendered reports. After an intended change run tests/update-golden.sh
// (it sets BENCH_GATE_UPDATE_GOLDEN=1, which makes this test write the files instead of comparing)
// and review the diff.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "bench_gate/report/comparison_json.hpp"
#include "bench_gate/report/render.hpp"
#include "bench_gate/util/files.hpp"

namespace {

namespace fs = std::filesystem;

bg::BenchmarkComparison bench(const std::string& name, bg::Verdict verdict, double base,
                              double change, double half_width) {
  bg::BenchmarkComparison b;
  b.name = name;
  b.tier = "standard";
  b.threshold = 0.10;
  b.verdict = verdict;
  b.base_center = base;
  b.head_center = base * (1 + change);
  b.change = change;
  b.ci_low = change - half_width;
  b.ci_high = change + half_width;
  b.p_value = 0.003;
  b.p_adjusted = 0.012;
  b.mde = half_width * 1.3;
  b.base_samples = b.head_samples = 10;
  b.base_runs = b.head_runs = 1;
  b.noise_source = "Hodges-Lehmann interval + between-run 2.0 % (noise floor)";
  return b;
}

// A fixed comparison with one or more benchmarks of every verdict and hostile names.
bg::Comparison fixed_comparison() {
  bg::Comparison c;
  c.base_rev = "main";
  c.head_rev = "feature/faster-json";
  c.base_commit = "1111111111111111111111111111111111111111";
  c.head_commit = "2222222222222222222222222222222222222222";
  c.merge_base = "3333333333333333333333333333333333333333";
  c.baseline_commit = "4444444444444444444444444444444444444444";
  c.baseline_distance = 2;
  // GitHub's refs/pull/N/merge: the report names the pull request's head, not the merge commit.
  c.head_subject =
      "Merge 5555555555555555555555555555555555555555 into "
      "1111111111111111111111111111111111111111";
  c.pr_head = "5555555555555555555555555555555555555555";
  c.pr_head_subject = "json: parse with simdjson's DOM <fast>|path";
  c.mode = bg::CompareMode::stored;
  bg::Environment base_env;
  base_env.host = "ci-runner-7";
  base_env.compiler = "GNU 12.2.0";
  base_env.build_type = "";  // unknown on both sides: the build-type column is dropped
  base_env.fingerprint = "a1b2c3d4e5f6a7b8c9d0";
  base_env.context = {{"host_name", "ci-runner-7"},
                      {"num_cpus", 4},
                      {"mhz_per_cpu", 2800},
                      {"cpu_scaling_enabled", false}};
  bg::Environment head_env = base_env;
  head_env.host = "ci-runner-9";
  head_env.fingerprint = "ffeeddccbbaa99887766";
  head_env.context["host_name"] = "ci-runner-9";
  head_env.context["num_cpus"] = 8;
  c.base_environments = {base_env};
  c.head_environments = {head_env};
  c.environments_differ = true;
  c.environment_differences = {"num_cpus: 4 → 8"};
  c.rule =
      "Metric real_time, in log space. A benchmark regresses when the change exceeds its tier "
      "threshold and the corrected one-sided p-value is below 0.05.";
  c.correction = "Holm step-down over 5 benchmarks in failing tiers (family-wise error rate 0.05)";
  c.exit_code = bg::ExitCode::suite_failed;

  auto crit = bench("BM_Encrypt/aes256gcm/4096", bg::Verdict::regression, 5120, 0.152, 0.031);
  crit.tier = "critical";
  crit.threshold = 0.05;
  crit.label = "4 KiB <aad>|iv";
  crit.confirmation = {true,  0.138, 0.101,
                       0.176, 1,     "one more HEAD run combined with the stored ones"};
  auto std_reg =
      bench("BM_Foo<std::pair<int,int>>/8/real_time", bg::Verdict::regression, 830, 0.31, 0.05);
  auto warn = bench("BM_Background|cleanup", bg::Verdict::regression, 2.5e6, 0.25, 0.04);
  warn.tier = "background";
  warn.threshold = 0.20;
  warn.action = bg::TierAction::warn;
  auto failed = bench("BM_Decode/jpeg/<script>alert(1)</script>", bg::Verdict::failed, 0, 0, 0);
  failed.base_samples = failed.head_samples = 0;
  failed.message = "head: error_message: `decoder` returned -1\nsecond line";
  auto inconclusive = bench("BM_Pii/scan/1MiB", bg::Verdict::inconclusive, 1.9e5, 0.07, 0.12);
  inconclusive.tier = "critical";
  inconclusive.threshold = 0.05;
  inconclusive.repetitions_needed = 58;
  auto zero = bench("BM_Spin/zero-cpu", bg::Verdict::inconclusive, 0, 0, 0);
  zero.base_samples = 0;
  zero.message =
      "not comparable: cpu_time is 0 in every repetition of base (below the timer's "
      "resolution, or not measured); gate on another metric";
  inconclusive.advice = {bg::AdviceAction::processes, 3,
                         "between-run term dominates the se (within-run 0.80 %, between-run "
                         "2.83 %, target 1.96 %)"};
  auto added =
      bench("BM_Hash/xxh3/[link](javascript:alert(1))", bg::Verdict::new_benchmark, 0, 0, 0);
  added.base_samples = 0;
  added.head_center = 42.5;
  auto removed = bench("BM_Old_path\x01", bg::Verdict::removed, 77.7, 0, 0);
  removed.head_samples = 0;
  auto improved = bench("BM_Json/parse/simdjson", bg::Verdict::improvement, 1.25e4, -0.42, 0.03);
  improved.label = "420 KB message";
  auto same1 = bench("BM_Json/serialize/rapidjson", bg::Verdict::unchanged, 999.7, 0.004, 0.02);
  auto same2 = bench("BM_Sha256/64", bg::Verdict::unchanged, 310, -0.011, 0.015);
  c.benchmarks = {crit,  std_reg, warn,     failed, inconclusive, zero,
                  added, removed, improved, same1,  same2};
  return c;
}

// Compare `actual` with the golden file, or write it when BENCH_GATE_UPDATE_GOLDEN=1.
void check_golden(const std::string& file, std::string actual) {
  const fs::path path = fs::path(BENCH_GATE_TEST_DATA) / "golden" / file;
  const char* update = std::getenv("BENCH_GATE_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    MESSAGE("wrote " << path.string());
    return;
  }
  REQUIRE_MESSAGE(fs::exists(path), path.string() << " is missing: run tests/update-golden.sh");
  const std::string expected = bg::util::read_file(fs::path(path).string());
  INFO("golden file " << path.string()
                      << " differs; if the change is intended, run "
                         "tests/update-golden.sh and review the diff");
  CHECK(actual == expected);
}

}  // namespace

TEST_CASE("golden: pr-comment report") {
  bg::ReportOptions options;
  options.tool_version = "VERSION";  // changes with every commit, not with the report
  check_golden("pr-comment.md",
               bg::render_markdown(fixed_comparison(), bg::load_template("pr-comment"),
                                   "pr-comment", options));
}

TEST_CASE("golden: pr-comment report folded to a small budget") {
  bg::ReportOptions options;
  options.tool_version = "VERSION";  // changes with every commit, not with the report
  options.budget = 3000;
  const std::string out = bg::render_markdown(fixed_comparison(), bg::load_template("pr-comment"),
                                              "pr-comment", options);
  CHECK(out.size() <= options.budget);
  check_golden("pr-comment-folded.md", out);
}

TEST_CASE("golden: nightly report") {
  bg::ReportOptions options;
  options.tool_version = "VERSION";  // changes with every commit, not with the report
  options.title = "Nightly benchmarks";
  check_golden("nightly.md", bg::render_markdown(fixed_comparison(), bg::load_template("nightly"),
                                                 "nightly", options));
}

TEST_CASE("golden: GitHub annotations") {
  check_golden("annotations.txt", bg::render_github_annotations(fixed_comparison()));
}

TEST_CASE("golden: comparison JSON (schema_version 1)") {
  const nlohmann::json doc = bg::comparison_to_json(fixed_comparison());
  check_golden("comparison.json", doc.dump(2) + "\n");
  CHECK(bg::comparison_to_json(bg::comparison_from_json(doc, "golden")) == doc);
}
