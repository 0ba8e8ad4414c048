// The stored rule on instruction counts: identical samples neither divide by zero nor claim more
// than the 0.1 % floor allows; the note keeps the optional field.
#include <doctest/doctest.h>

#include <cmath>

#include "bench_gate/compare.hpp"
#include "bench_gate/note_codec.hpp"

namespace {

bg::Run counted(const std::string& id, double count) {
  bg::Run run;
  run.run_id = id;
  bg::BenchmarkResult b;
  b.name = "BM_x";
  b.iterations = 1;
  b.instructions = {count};
  run.benchmarks.push_back(b);
  return run;
}

bg::Comparison decide(std::vector<bg::Run> base, std::vector<bg::Run> head, double threshold) {
  bg::CompareInput in;
  in.base_runs = std::move(base);
  in.head_runs = std::move(head);
  in.config.metric = bg::Metric::instructions;
  in.config.tiers = {{"tight", threshold, bg::TierAction::fail}};
  in.config.default_tier = "tight";
  return bg::compare_runs(in);
}

}  // namespace

TEST_CASE("instructions: the stored rule on counts") {
  SUBCASE("identical counts: unchanged, finite interval, the floor is said") {
    auto c = decide({counted("a", 240260)}, {counted("b", 240260)}, 0.01);
    REQUIRE(c.benchmarks.size() == 1);
    const auto& row = c.benchmarks[0];
    CHECK(row.verdict == bg::Verdict::unchanged);
    CHECK(row.unit == "instructions");
    CHECK(std::isfinite(row.ci_low));
    CHECK(row.ci_high > 0);       // never a zero-width interval
    CHECK(row.mde > 0.001);       // no claim below the 0.1 % floor
    CHECK(row.mde < 0.01);        // yet a 1 % tier is resolved
    CHECK(c.exit_code == bg::ExitCode::pass);
    CHECK(c.rule.find("Metric instructions") != std::string::npos);
    CHECK(c.rule.find("0.1 %") != std::string::npos);
  }
  SUBCASE("2 % more instructions: a regression under a 1 % tier, one process per side") {
    auto c = decide({counted("a", 240260)}, {counted("b", 245060)}, 0.01);
    CHECK(c.benchmarks[0].verdict == bg::Verdict::regression);
    CHECK(c.exit_code == bg::ExitCode::regression);
  }
  SUBCASE("0.3 % more: within the 1 % tier, not a regression") {
    auto c = decide({counted("a", 240260)}, {counted("b", 240980)}, 0.01);
    CHECK(c.benchmarks[0].verdict != bg::Verdict::regression);
  }
  SUBCASE("three identical processes per side: still no division by zero") {
    auto c = decide({counted("a", 1000), counted("b", 1000), counted("c", 1000)},
                    {counted("d", 1000), counted("e", 1000), counted("f", 1000)}, 0.01);
    CHECK(c.benchmarks[0].verdict == bg::Verdict::unchanged);
    CHECK(std::isfinite(c.benchmarks[0].p_value));
  }
  SUBCASE("a timed baseline has no counts: the row names the metric") {
    bg::Run timed;
    timed.run_id = "timed-run";
    bg::BenchmarkResult b;
    b.name = "BM_x";
    b.real_time_ns = b.cpu_time_ns = {10.0};
    timed.benchmarks.push_back(b);
    auto c = decide({timed}, {counted("b", 1000)}, 0.01);
    CHECK(c.benchmarks[0].verdict == bg::Verdict::failed);
    CHECK(c.benchmarks[0].message == "base: no instructions samples");
  }
}

TEST_CASE("instructions: the note field is optional") {
  bg::NoteDocument doc;
  doc.commit = std::string(40, 'a');
  doc.runs = {counted("r1", 26111.5)};
  const std::string text = bg::serialize_note(doc);
  CHECK(text.find("\"instructions\":[26111.5]") != std::string::npos);
  const bg::NoteDocument back = bg::parse_note(text, "note");
  REQUIRE(back.runs.size() == 1);
  CHECK(back.runs[0].benchmarks[0].instructions == std::vector<double>{26111.5});
  CHECK(back.schema_version == 1);
  // a timed run written before the field existed reads with no counts
  const bg::NoteDocument old = bg::parse_note(
      R"({"schema_version":1,"commit":"x","runs":[{"run_id":"r","benchmarks":[{"name":"BM_x",)"
      R"("real_time_ns":[5],"cpu_time_ns":[5],"iterations":1}]}]})",
      "old note");
  CHECK(old.runs[0].benchmarks[0].instructions.empty());
}
