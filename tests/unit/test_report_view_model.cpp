// The view model's reviewer-facing choices: columns that say nothing are dropped, the pull
// request's head is named instead of GitHub's merge commit, labels are shown escaped, value cells
// do not wrap, confirmation figures are shown, and a passing report leads with what matters.
#include <doctest/doctest.h>

#include <string>

#include "bench_gate/report/format.hpp"
#include "bench_gate/report/render.hpp"

namespace {

const std::string kNbsp = "\u00a0";

bg::BenchmarkComparison row(std::string name, bg::Verdict verdict, double change = 0.0) {
  bg::BenchmarkComparison b;
  b.name = std::move(name);
  b.tier = "critical";
  b.threshold = 0.05;
  b.verdict = verdict;
  b.base_center = 818;
  b.head_center = 818 * (1 + change);
  b.change = change;
  b.ci_low = change - 0.01;
  b.ci_high = change + 0.01;
  b.p_value = b.p_adjusted = 0.01;
  b.mde = 0.03;
  b.base_samples = b.head_samples = 10;
  b.base_runs = b.head_runs = 1;
  return b;
}

bg::Comparison comparison() {
  bg::Comparison c;
  c.base_rev = "origin/main";
  c.head_rev = "HEAD";
  c.base_commit = std::string(40, 'a');
  c.head_commit = std::string(40, 'b');
  c.merge_base = c.baseline_commit = std::string(40, 'a');
  c.rule = "rule";
  c.correction = "Holm";
  bg::Environment e;
  e.host = "runner";
  e.fingerprint = "0123456789abcdef";
  e.context = {{"num_cpus", 4}, {"mhz_per_cpu", 2450}};
  c.base_environments = c.head_environments = {e};
  return c;
}

std::string render(const bg::Comparison& c, const char* name = "pr-comment") {
  return bg::render_markdown(c, bg::load_template(name), name, bg::ReportOptions{});
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("view model: an environment column empty in every row is dropped") {
  bg::Comparison c = comparison();
  c.benchmarks = {row("BM_a", bg::Verdict::unchanged)};
  SUBCASE("compiler and build type unknown on both sides") {
    const auto view = bg::build_view_model(c, bg::ReportOptions{});
    CHECK(view["environments"]["columns"]["compiler"] == false);
    CHECK(view["environments"]["columns"]["build_type"] == false);
    CHECK(view["environments"]["columns"]["cpus"] == true);
    const std::string out = render(c);
    CHECK_FALSE(has(out, "compiler"));
    CHECK_FALSE(has(out, "build type"));
    CHECK(has(out, "| side | host | CPUs | MHz | fingerprint |\n"));
    CHECK(has(out, "| head | runner | 4 | 2450 | 0123456789ab |\n"));
  }
  SUBCASE("one side knows its compiler: the column is shown, '—' where unknown") {
    c.head_environments[0].compiler = "GNU 12.2.0";
    const std::string out = render(c);
    CHECK(has(out, "| side | host | CPUs | MHz | fingerprint | compiler |\n"));
    CHECK(has(out, "| base | runner | 4 | 2450 | 0123456789ab | — |\n"));
    CHECK(has(out, "| head | runner | 4 | 2450 | 0123456789ab | GNU 12.2.0 |\n"));
  }
}

TEST_CASE("view model: a row column empty in every shown row is dropped") {
  bg::Comparison c = comparison();
  bg::BenchmarkComparison noisy = row("BM_noisy", bg::Verdict::inconclusive, 0.04);
  SUBCASE("no message, no advice: neither 'would resolve it' nor 'note'") {
    c.benchmarks = {noisy};
    const auto view = bg::build_view_model(c, bg::ReportOptions{});
    CHECK(view["inconclusive"]["columns"]["message"] == false);
    CHECK(view["inconclusive"]["columns"]["advice"] == false);
    CHECK(view["inconclusive"]["columns"]["name"] == true);
    const std::string out = render(c);
    CHECK(has(out, "| benchmark | tier | change [95 % CI] | detectable |\n"));
  }
  SUBCASE("a 'not comparable' message has its own column, not the advice column") {
    noisy.repetitions_needed = 40;
    noisy.advice = {bg::AdviceAction::repetitions, 40, "within-run term dominates the se"};
    bg::BenchmarkComparison zero = row("BM_zero", bg::Verdict::inconclusive);
    zero.message = "zero-cpu-time/old: not comparable";
    c.benchmarks = {noisy, zero};
    const std::string out = render(c);
    CHECK(has(out, "| benchmark | tier | change [95 % CI] | detectable | would resolve it | note |\n"));
    CHECK(has(out, "| ≈ 40 repetitions | — |\n"));                   // BM_noisy: no note
    CHECK(has(out, "| — | zero-cpu-time/old: not comparable |\n"));  // BM_zero: no estimate
  }
}

TEST_CASE("view model: the pull request's head is named, not GitHub's merge commit") {
  bg::Comparison c = comparison();
  c.benchmarks = {row("BM_a", bg::Verdict::unchanged)};
  c.head_subject = "Merge bbbb into aaaa";
  SUBCASE("HEAD is a synthetic merge: the report names the PR head and its escaped subject") {
    c.pr_head = std::string(40, 'e');
    c.pr_head_subject = "Speed up <img src=x onerror=alert(1)>|parse @octocat";
    const auto view = bg::build_view_model(c, bg::ReportOptions{});
    CHECK(view["commits"]["is_pr_merge"] == true);
    CHECK(view["commits"]["pr_head_short"] == "eeeeeeeeeeee");
    const std::string out = render(c);
    CHECK(has(out,
              "Pull request head **eeeeeeeeeeee** “Speed up &lt;img src=x "
              "onerror=alert(1)&gt;&#124;parse"));
    CHECK(has(out, "- **Head:** pull request head eeeeeeeeeeee"));
    CHECK(has(out, "its merge into the base"));
    CHECK_FALSE(has(out, "<img"));
    CHECK_FALSE(has(out, "Merge bbbb into aaaa"));  // the merge commit's subject is not shown
  }
  SUBCASE("an ordinary HEAD is named with its own subject") {
    const std::string out = render(c);
    CHECK_FALSE(has(out, "Pull request head"));
    CHECK(has(out, "- **Head:** HEAD (bbbbbbbbbbbb) “Merge bbbb into aaaa”"));
  }
}

TEST_CASE("view model: labels are shown after the name, escaped") {
  bg::Comparison c = comparison();
  bg::BenchmarkComparison slow = row("BM_parse/64", bg::Verdict::regression, 0.2);
  slow.label = "<img src=x onerror=alert(1)>|pipe";
  bg::BenchmarkComparison plain = row("BM_plain", bg::Verdict::unchanged);
  c.benchmarks = {slow, plain};
  c.exit_code = bg::ExitCode::regression;
  const auto view = bg::build_view_model(c, bg::ReportOptions{});
  CHECK(view["regressions"]["rows"][0]["label"] == "&lt;img src=x onerror=alert(1)&gt;&#124;pipe");
  CHECK(view["regressions"]["rows"][0]["has_label"] == true);
  CHECK(view["unchanged"]["rows"][0]["has_label"] == false);
  for (const char* name : {"pr-comment", "nightly"}) {
    CAPTURE(name);
    const std::string out = render(c, name);
    CHECK(has(out, "| BM\\_parse/64 <sub>&lt;img src=x onerror=alert(1)&gt;&#124;pipe</sub> |"));
    CHECK_FALSE(has(out, "<img"));
  }
  bg::BenchmarkComparison longer = slow;
  longer.label = std::string(200, 'x');
  c.benchmarks = {longer};
  const auto bounded = bg::build_view_model(c, bg::ReportOptions{});
  CHECK(bounded["regressions"]["rows"][0]["label"] == std::string(60, 'x') + "…");
}

TEST_CASE("view model: a number and its unit never wrap in a cell; the terminal keeps a space") {
  bg::Comparison c = comparison();
  c.benchmarks = {row("BM_a", bg::Verdict::regression, 0.1)};
  c.exit_code = bg::ExitCode::regression;
  const auto view = bg::build_view_model(c, bg::ReportOptions{});
  const auto& r = view["regressions"]["rows"][0];
  CHECK(r["base"] == "818" + kNbsp + "ns");
  CHECK(r["head"] == "900" + kNbsp + "ns");
  CHECK(r["change"] == "+10.0" + kNbsp + "%");
  CHECK(r["threshold"] == "5" + kNbsp + "%");
  CHECK(bg::format_quantity(1500) == "1.50 µs");  // terminal and logs: a plain space, UTF-8 µ
  CHECK(bg::format_quantity(1500, "ns", bg::UnitSpace::no_break) == "1.50" + kNbsp + "µs");
}

TEST_CASE("view model: a confirmed regression shows the re-measured change") {
  bg::Comparison c = comparison();
  bg::BenchmarkComparison slow = row("BM_a", bg::Verdict::regression, 0.2);
  slow.confirmation = {true, 0.183, 0.12,
                       0.25, 1,     "one more HEAD run combined with the stored ones"};
  c.benchmarks = {slow, row("BM_b", bg::Verdict::regression, 0.3)};
  c.exit_code = bg::ExitCode::regression;
  c.mode = bg::CompareMode::stored_confirmed;
  const std::string out = render(c);
  CHECK(has(out, "| verdict | re-measured |\n"));
  CHECK(has(out, "| ❌ regression | +18.3" + kNbsp + "% [+12.0" + kNbsp + "%, +25.0" + kNbsp +
                     "%] · one more HEAD run combined with the stored ones |\n"));
  CHECK(has(out, "| ❌ regression | — |\n"));  // BM_b was not re-measured
  c.benchmarks = {row("BM_b", bg::Verdict::regression, 0.3)};
  CHECK_FALSE(has(render(c), "| re-measured |"));  // no row re-measured: no column
}

TEST_CASE("view model: a passing report leads with improvements; quiet rows are collapsed") {
  bg::Comparison c = comparison();
  c.benchmarks = {row("BM_noisy", bg::Verdict::inconclusive, 0.04),
                  row("BM_same", bg::Verdict::unchanged), row("BM_same2", bg::Verdict::unchanged),
                  row("BM_fast", bg::Verdict::improvement, -0.3)};
  const std::string out = render(c);
  CHECK(has(out, "**Also:** 1 inconclusive · 2 unchanged (collapsed below)"));
  CHECK(out.find("### Improvements") < out.find("**Also:**"));
  CHECK(out.find("**Also:**") < out.find("<details><summary>1 inconclusive"));
  CHECK(out.find("<details><summary>1 inconclusive") < out.find("BM\\_noisy"));
  CHECK(out.find("BM\\_noisy") < out.find("</details>"));
  CHECK(out.find("</details>") < out.find("<details><summary>2 unchanged"));
}

TEST_CASE("view model: paired reports say the centers and the paired change can disagree") {
  bg::Comparison c = comparison();
  c.benchmarks = {row("BM_a", bg::Verdict::unchanged)};
  CHECK_FALSE(has(render(c), "per-block ratios"));
  c.mode = bg::CompareMode::paired;
  CHECK(has(render(c), "the median of the per-block ratios head/base"));
}
