#include <doctest/doctest.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench_gate/compare.hpp"
#include "bench_gate/report/render.hpp"
#include "bench_gate/util/files.hpp"

namespace {

namespace fs = std::filesystem;

bg::BenchmarkComparison row(std::string name, bg::Verdict verdict, double change = 0.0) {
  bg::BenchmarkComparison b;
  b.name = std::move(name);
  b.tier = "standard";
  b.threshold = 0.10;
  b.verdict = verdict;
  b.base_center = 1000;
  b.head_center = 1000 * (1 + change);
  b.change = change;
  b.ci_low = change - 0.02;
  b.ci_high = change + 0.02;
  b.p_value = b.p_adjusted = 0.01;
  b.mde = 0.04;
  b.base_samples = b.head_samples = 10;
  b.base_runs = b.head_runs = 1;
  if (verdict == bg::Verdict::new_benchmark) b.base_samples = 0;
  if (verdict == bg::Verdict::removed) b.head_samples = 0;
  if (verdict == bg::Verdict::inconclusive) {
    b.repetitions_needed = 40;
    b.advice = {bg::AdviceAction::repetitions, 40, "within-run term dominates the se"};
  }
  if (verdict == bg::Verdict::failed) b.message = "head: boom";
  return b;
}

bg::Comparison base_comparison() {
  bg::Comparison c;
  c.base_rev = "main";
  c.head_rev = "HEAD";
  c.base_commit = std::string(40, 'a');
  c.head_commit = std::string(40, 'b');
  c.merge_base = c.baseline_commit = std::string(40, 'c');
  c.rule = "rule";
  c.correction = "Holm";
  bg::Environment e;
  e.host = "ci";
  e.fingerprint = "0123456789abcdef";
  e.context = {{"num_cpus", 2}, {"mhz_per_cpu", 3000}};
  c.base_environments = c.head_environments = {e};
  return c;
}

std::size_t pipes(const std::string& line) {
  std::size_t n = 0;
  for (char ch : line) n += ch == '|';
  return n;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Every table: rows have as many '|' as the header, start with "| " and end with " |".
void check_tables_whole(const std::string& markdown) {
  std::size_t expected = 0;
  bool in_table = false;
  for (const auto& line : lines_of(markdown)) {
    if (line.empty() || line[0] != '|') {
      in_table = false;
      continue;
    }
    if (!in_table) {
      expected = pipes(line);
      in_table = true;
    }
    INFO(line);
    CHECK(pipes(line) == expected);
    CHECK(line.rfind("| ", 0) == 0);
    CHECK(line.size() >= 2);
    CHECK(line.substr(line.size() - 2) == " |");
  }
}

std::string error_of(const std::string& template_text, const std::string& origin = "my.mustache") {
  try {
    bg::render_markdown(base_comparison(), template_text, origin, bg::ReportOptions{});
  } catch (const bg::Error& e) {
    CHECK(e.code() == bg::ExitCode::input_error);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("render: hostile names cannot break tables or inject HTML") {
  bg::Comparison c = base_comparison();
  const std::vector<std::string> names = {"a|b",
                                          "`rm -rf`",
                                          "<script>alert(1)</script>",
                                          "line\nbreak|x",
                                          std::string("ctl\x01", 4),
                                          "bad\xFF\xFE",
                                          "BM_Foo<std::pair<int,int>>/8/real_time",
                                          "[link](javascript:alert(1))",
                                          "| --- |",
                                          "@octocat #1"};
  for (auto v : {bg::Verdict::regression, bg::Verdict::failed, bg::Verdict::inconclusive,
                 bg::Verdict::new_benchmark, bg::Verdict::removed, bg::Verdict::improvement,
                 bg::Verdict::unchanged}) {
    for (const auto& n : names) {
      auto b = row(n, v, v == bg::Verdict::improvement ? -0.2 : 0.2);
      b.tier = n;
      b.message = n;
      c.benchmarks.push_back(b);
    }
  }
  c.head_rev = "<img src=x onerror=alert(1)>|";
  c.environments_differ = true;
  c.environment_differences = {"host: a → b|<b>"};
  c.head_environments[0].host = "evil|host\n<i>";
  for (const char* name : {"pr-comment", "nightly"}) {
    CAPTURE(name);
    const std::string out =
        bg::render_markdown(c, bg::load_template(name), name, bg::ReportOptions{});
    CHECK(out.find("<script") == std::string::npos);
    CHECK(out.find("<img") == std::string::npos);
    CHECK(out.find("<b>") == std::string::npos);
    CHECK(out.find("<i>") == std::string::npos);
    CHECK(out.find("[link](") == std::string::npos);
    CHECK(out.find("&lt;script&gt;") != std::string::npos);
    check_tables_whole(out);
  }
}

TEST_CASE("render: pr-comment sections, counts and commits") {
  bg::Comparison c = base_comparison();
  c.benchmarks = {row("BM_slow", bg::Verdict::regression, 0.152),
                  row("BM_noisy", bg::Verdict::inconclusive, 0.08),
                  row("BM_fast", bg::Verdict::improvement, -0.3),
                  row("BM_same", bg::Verdict::unchanged, 0.001)};
  c.benchmarks[0].ci_low = 0.121;
  c.benchmarks[0].ci_high = 0.184;
  c.exit_code = bg::ExitCode::regression;
  c.baseline_distance = 3;
  c.baseline_commit = std::string(40, 'd');
  const std::string out =
      bg::render_markdown(c, bg::load_template("pr-comment"), "pr-comment", bg::ReportOptions{});
  CHECK(out.rfind("❌ **bench-gate: 1 regression** in a failing tier · 1 improvement · 1 "
                  "inconclusive · 1 unchanged\n",
                  0) == 0);
  // Number and unit joined by U+00A0 (a cell never wraps between them).
  CHECK(out.find("| BM\\_slow | standard (10\u00a0%) | 1.00\u00a0µs | 1.15\u00a0µs | "
                 "**+15.2\u00a0%** [+12.1\u00a0%, +18.4\u00a0%] | ❌ regression |") !=
        std::string::npos);
  CHECK(out.find("| ≈ 40 repetitions |") != std::string::npos);
  CHECK(out.find("<details><summary>1 unchanged</summary>") != std::string::npos);
  CHECK(out.find("3 commits before the merge-base cccccccccccc") != std::string::npos);
  CHECK(out.find("left out") == std::string::npos);
  CHECK(out.find("[!WARNING]") == std::string::npos);
  // Order: what a reviewer acts on first (regressions, improvements), then the collapsed
  // inconclusive and unchanged rows.
  CHECK(out.find("BM\\_slow") < out.find("BM\\_fast"));
  CHECK(out.find("BM\\_fast") < out.find("BM\\_noisy"));
  CHECK(out.find("BM\\_noisy") < out.find("BM\\_same"));
}

TEST_CASE("render: environments that differ are announced at the top") {
  bg::Comparison c = base_comparison();
  c.environments_differ = true;
  c.environment_differences = {"num_cpus: 2 → 4"};
  const std::string out =
      bg::render_markdown(c, bg::load_template("pr-comment"), "pr-comment", bg::ReportOptions{});
  const auto warning = out.find("> [!WARNING]");
  REQUIRE(warning != std::string::npos);
  CHECK(warning < out.find("### How this was measured"));
  CHECK(out.find("> - num\\_cpus: 2 → 4") != std::string::npos);
}

TEST_CASE("render: regressions are ordered worst first, failing tiers before warn-only") {
  bg::Comparison c = base_comparison();
  c.benchmarks = {row("BM_a", bg::Verdict::regression, 0.12),
                  row("BM_b", bg::Verdict::regression, 0.5),
                  row("BM_w", bg::Verdict::regression, 0.9)};
  c.benchmarks[2].action = bg::TierAction::warn;
  const nlohmann::json view = bg::build_view_model(c, bg::ReportOptions{});
  const auto& rows = view["regressions"]["rows"];
  REQUIRE(rows.size() == 3);
  CHECK(rows[0]["name"] == "BM\\_b");
  CHECK(rows[1]["name"] == "BM\\_a");
  CHECK(rows[2]["name"] == "BM\\_w");
  CHECK(view["counts"]["regressions_warning"] == "1");
}

TEST_CASE("render: budget folds the least important rows, keeps tables whole") {
  bg::Comparison c = base_comparison();
  c.exit_code = bg::ExitCode::regression;
  for (int i = 0; i < 10000; ++i) {
    bg::Verdict v = bg::Verdict::unchanged;
    double change = 0.001;
    if (i % 1000 == 0)
      v = bg::Verdict::regression, change = 0.2 + i / 1e5;
    else if (i % 100 == 0)
      v = bg::Verdict::inconclusive, change = 0.05;
    else if (i % 10 == 0)
      v = bg::Verdict::improvement, change = -0.2;
    c.benchmarks.push_back(
        row("BM_Family<int>/case_" + std::to_string(i) + "/real_time", v, change));
  }
  bg::ReportOptions options;
  options.budget = 65536;
  const std::string tmpl = bg::load_template("pr-comment");
  const std::clock_t start = std::clock();
  const std::string out = bg::render_markdown(c, tmpl, "pr-comment", options);
  MESSAGE("10,000 rows rendered within the budget in "
          << 1000.0 * static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC << " ms CPU, "
          << out.size() << " bytes");
  CHECK(out.size() <= options.budget);
  CHECK(out.size() > options.budget * 9 / 10);  // folding keeps as much as fits
  CHECK(out.find("### Regressions (10)") != std::string::npos);
  for (int i = 0; i < 10000; i += 1000) {
    CHECK(out.find("case\\_" + std::to_string(i) + "/") != std::string::npos);
  }
  CHECK(out.find("less important rows are left out") != std::string::npos);
  CHECK(out.find("more unchanged benchmarks left out") != std::string::npos);
  CHECK(out.find("<sub>bench-gate") != std::string::npos);  // the end of the report is there
  check_tables_whole(out);

  SUBCASE("a small budget leaves out improvements before inconclusive, never regressions first") {
    options.budget = 9000;
    const std::string small = bg::render_markdown(c, tmpl, "pr-comment", options);
    CHECK(small.size() <= options.budget);
    CHECK(small.find("more improvements left out") != std::string::npos);
    CHECK(small.find("| BM\\_Family&lt;int&gt;/case\\_9000/real\\_time |") != std::string::npos);
    check_tables_whole(small);
  }
  SUBCASE("a budget below the fixed text keeps no rows, cuts whole lines and says so") {
    options.budget = 800;
    const std::string tiny = bg::render_markdown(c, tmpl, "pr-comment", options);
    INFO(tiny);
    CHECK(tiny.size() <= options.budget);
    CHECK(tiny.find("10000 less important rows are left out") != std::string::npos);
    CHECK(tiny.find("report cut to its 800-character budget") != std::string::npos);
    CHECK(tiny.back() == '\n');
    options.budget = 10;
    CHECK(bg::render_markdown(c, tmpl, "pr-comment", options).size() <= 10);
  }
}

TEST_CASE("render: template errors name the template") {
  SUBCASE("syntax error") {
    const std::string m = error_of("{{#regressions.any}}open", "custom.mustache");
    CHECK(m.rfind("custom.mustache: template syntax error", 0) == 0);
  }
  SUBCASE("mismatched section") {
    CHECK(error_of("{{#passed}}x{{/headline}}").rfind("my.mustache: template syntax error", 0) ==
          0);
  }
  SUBCASE("unknown variable") {
    const std::string m = error_of("line\n{{headlin}}\n");
    CHECK(m.rfind("my.mustache:2: variable 'headlin' is not defined", 0) == 0);
  }
  SUBCASE("unknown field of a row") {
    const std::string m = error_of("{{#regressions.rows}}{{nmae}}{{/regressions.rows}}");
    CHECK(m.find("'nmae'") != std::string::npos);
  }
  SUBCASE("unknown section") {
    CHECK(error_of("{{#regresions}}{{/regresions}}").find("section 'regresions'") !=
          std::string::npos);
  }
  SUBCASE("a list used as text") {
    CHECK(error_of("{{regressions.rows}}").find("not text") != std::string::npos);
  }
  SUBCASE("partials") { CHECK(error_of("{{> other}}").find("partial") != std::string::npos); }
  SUBCASE("unclosed tag") {
    CHECK(error_of("{{headline").rfind("my.mustache: template syntax error", 0) == 0);
  }
}

TEST_CASE("render: valid custom templates") {
  bg::Comparison c = base_comparison();
  c.benchmarks = {row("BM_a", bg::Verdict::unchanged)};
  const auto render = [&](const std::string& t) {
    return bg::render_markdown(c, t, "t", bg::ReportOptions{});
  };
  CHECK(render("{{counts.total}} {{{commits.head_rev}}} {{&mode}}{{! comment }}") ==
        "1 HEAD stored");
  CHECK(render("{{=<% %>=}}<%counts.total%> <%#unchanged.rows%><%name%><%/unchanged.rows%>") ==
        "1 BM\\_a");
  CHECK(render("{{#unchanged.rows}}{{name}} {{headline}}{{/unchanged.rows}}").find("passed") !=
        std::string::npos);  // outer keys resolve inside a row
  CHECK(render("{{^regressions.any}}none{{/regressions.any}}") == "none");
  CHECK(render("{{#environments.differences}}{{.}}{{/environments.differences}}") == "");
  bg::ReportOptions titled;
  titled.title = "Perf <b>";
  CHECK(bg::render_markdown(c, "{{#has_title}}# {{title}}{{/has_title}}", "t", titled) ==
        "# Perf &lt;b&gt;");
}

TEST_CASE("render: built-in templates are embedded copies of templates/*.mustache") {
  for (const char* name : {"pr-comment", "nightly"}) {
    CAPTURE(name);
    const fs::path file =
        fs::path(BENCH_GATE_SOURCE_DIR) / "templates" / (std::string(name) + ".md.mustache");
    REQUIRE(fs::exists(file));
    CHECK(bg::builtin_template(name) == bg::util::read_file(fs::path(file).string()));  // else run tests/update-golden.sh
    CHECK(fs::path(bg::default_template_path(name)) == file);
    CHECK(bg::load_template(name) == bg::util::read_file(fs::path(file).string()));
  }
  CHECK(bg::builtin_template("other").empty());
  CHECK_THROWS_AS(bg::default_template_path("other"), bg::Error);
}

TEST_CASE("render: load_template reads files and names the missing path") {
  const fs::path dir = fs::temp_directory_path() / ("bg-report-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / "mine.mustache";
  std::ofstream(file) << "{{headline}}\n";
  CHECK(bg::load_template(file.string()) == "{{headline}}\n");
  try {
    bg::load_template((dir / "missing.mustache").string());
    FAIL("no error");
  } catch (const bg::Error& e) {
    CHECK(e.code() == bg::ExitCode::input_error);
    CHECK(std::string(e.what()).find("missing.mustache") != std::string::npos);
  }
  fs::remove_all(dir);
}

TEST_CASE("render: GitHub annotations") {
  bg::Comparison c = base_comparison();
  auto fail = row("BM_a%b\nc", bg::Verdict::regression, 0.2);
  auto warn = row("BM_w", bg::Verdict::regression, 0.3);
  warn.action = bg::TierAction::warn;
  warn.tier = "background";
  auto failed = row("BM_f", bg::Verdict::failed);
  auto inconclusive = row("BM_i", bg::Verdict::inconclusive, 0.04);
  inconclusive.tier = "critical";
  auto inconclusive_std = row("BM_j", bg::Verdict::inconclusive, 0.03);  // fail tier "standard"
  auto inconclusive_warn = row("BM_k", bg::Verdict::inconclusive, 0.05);
  inconclusive_warn.action = bg::TierAction::warn;
  inconclusive_warn.tier = "critical";  // a tier named critical, but warn-only: no annotation
  c.benchmarks = {fail,         warn, failed, inconclusive, inconclusive_std, inconclusive_warn,
                  row("BM_u", bg::Verdict::unchanged)};
  c.environments_differ = true;
  c.environment_differences = {"num_cpus: 2 → 4"};
  const std::string out = bg::render_github_annotations(c);
  const auto lines = lines_of(out);
  REQUIRE(lines.size() == 6);
  CHECK(lines[0] ==
        "::notice title=bench-gate%3A environments differ::base and head were measured "
        "in different environments: num_cpus: 2 → 4");
  CHECK(lines[1] == "::error title=bench-gate%3A benchmark failed::BM_f: head: boom");
  CHECK(
      lines[2].rfind("::error title=bench-gate%3A regression::BM_a%25b%0Ac: +20.0 %25 [+18.0 %25, "
                     "+22.0 %25] (1.00 µs → 1.20 µs); tier standard allows 10 %25",
                     0) == 0);
  CHECK(lines[3].rfind("::warning title=bench-gate%3A regression (warn-only tier)::BM_w", 0) == 0);
  CHECK(lines[4].rfind("::warning title=bench-gate%3A inconclusive in a failing tier::BM_i", 0) ==
        0);
  CHECK(lines[4].find("would resolve: about 40 repetitions per process (-r 40)") != std::string::npos);
  CHECK(lines[5].rfind("::warning title=bench-gate%3A inconclusive in a failing tier::BM_j", 0) ==
        0);
  CHECK(out.find("BM_k") == std::string::npos);
  CHECK(bg::render_github_annotations(base_comparison()).empty());
}

TEST_CASE("render: GitHub annotations are capped at 10 per level, worst first") {
  bg::Comparison c = base_comparison();
  for (int i = 1; i <= 14; ++i) {  // regressions of +1 % ... +14 %, in a failing tier
    c.benchmarks.push_back(row("BM_r" + std::to_string(i), bg::Verdict::regression, 0.01 * i));
  }
  for (int i = 1; i <= 3; ++i) {
    auto w = row("BM_w" + std::to_string(i), bg::Verdict::regression, 0.3);
    w.action = bg::TierAction::warn;
    c.benchmarks.push_back(w);
  }
  const auto lines = lines_of(bg::render_github_annotations(c));
  REQUIRE(lines.size() == 13);  // 9 errors + 1 summary error, 3 warnings
  for (int k = 0; k < 9; ++k) {  // BM_r14, BM_r13, ... BM_r6
    CAPTURE(k);
    CHECK(lines[k].rfind("::error title=bench-gate%3A regression::BM_r" + std::to_string(14 - k) +
                             ":",
                         0) == 0);
  }
  CHECK(lines[9] ==
        "::error title=bench-gate%3A 5 more::5 more errors (failed benchmarks, regressions) (of "
        "14, worst shown first) are not annotated: see the report");
  CHECK(lines[10].rfind("::warning title=bench-gate%3A regression (warn-only tier)::BM_w1", 0) == 0);

  c.benchmarks.resize(10);  // exactly 10: all shown, no summary
  const auto ten = lines_of(bg::render_github_annotations(c));
  REQUIRE(ten.size() == 10);
  CHECK(ten[9].rfind("::error title=bench-gate%3A regression::BM_r1:", 0) == 0);
}

TEST_CASE("render: the report prints the whole decision rule, never cut mid-word") {
  // The stored rule is ~2,200 characters; the 2,048 bound of untrusted messages once cut it.
  bg::Comparison c;
  c.rule = bg::decision_rule_text(bg::Config{});
  REQUIRE(c.rule.size() > 2048);
  const std::string md =
      bg::render_markdown(c, bg::load_template("pr-comment"), "pr-comment", bg::ReportOptions{});
  CHECK(md.find("never fail the gate") != std::string::npos);  // the rule's last words
}
