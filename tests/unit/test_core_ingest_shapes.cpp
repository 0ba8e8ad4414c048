// Issue 16: Google Benchmark outputs of every version and shape, on the shared real-world cases
// (tests/data/cases/ingest) and small hand-written layouts.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "bench_gate/compare.hpp"
#include "bench_gate/environment.hpp"
#include "bench_gate/ingest.hpp"
#include "bench_gate/note_codec.hpp"

namespace {

std::string read_case(const std::string& name) {
  std::ifstream in(std::string(BENCH_GATE_TEST_DATA) + "/cases/ingest/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bg::Run ingest_case(const std::string& name) {
  bg::Run run = bg::ingest_benchmark_json(read_case(name), name);
  run.run_id.assign(1, 'r');
  return run;
}

const bg::BenchmarkResult* find(const bg::Run& run, const std::string& name) {
  for (const auto& b : run.benchmarks) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

std::string ingest_error(const std::string& text) {
  try {
    bg::ingest_benchmark_json(text, "suite.json");
  } catch (const bg::Error& e) {
    CHECK(e.code() == bg::ExitCode::input_error);
    return e.what();
  }
  return "";
}

const bg::BenchmarkComparison& row(const bg::Comparison& c, const std::string& name) {
  for (const auto& b : c.benchmarks) {
    if (b.name == name) return b;
  }
  FAIL("no row " << name);
  throw;
}

bg::Comparison compare(std::vector<bg::Run> base, std::vector<bg::Run> head) {
  bg::CompareInput input;
  const char* const ids[] = {"b0", "b1", "b2", "h0", "h1", "h2"};
  for (std::size_t i = 0; i < base.size() && i < 3; ++i) base[i].run_id = ids[i];
  for (std::size_t i = 0; i < head.size() && i < 3; ++i) head[i].run_id = ids[3 + i];
  input.base_runs = std::move(base);
  input.head_runs = std::move(head);
  return bg::compare_runs(input);
}

}  // namespace

TEST_CASE("ingest shapes: complexity rows are fits, not benchmarks") {
  bg::Run run = ingest_case("complexity/base.json");
  CHECK(find(run, "BM_BinaryGap") == nullptr);
  CHECK(find(run, "BM_BinaryGap_BigO") == nullptr);
  REQUIRE(find(run, "BM_BinaryGap/1024") != nullptr);
  REQUIRE(run.complexity.size() == 1);
  CHECK(run.complexity[0].name == "BM_BinaryGap");
  CHECK(run.complexity[0].big_o == "(1)");
  CHECK(run.complexity[0].real_coefficient == doctest::Approx(18529));
  CHECK(run.complexity[0].rms == doctest::Approx(0.0132));
  // Before 1.5: no run_type, the rows are known by their suffix.
  const std::string old = R"({"context": {}, "benchmarks": [
    {"name": "BM_Sort/8", "iterations": 10, "real_time": 80, "cpu_time": 80, "time_unit": "ns"},
    {"name": "BM_Sort/64", "iterations": 10, "real_time": 640, "cpu_time": 640, "time_unit": "ns"},
    {"name": "BM_Sort_BigO", "cpu_coefficient": 10, "real_coefficient": 10, "big_o": "N", "time_unit": "ns"},
    {"name": "BM_Sort_RMS", "rms": 0.01}]})";
  bg::Run old_run = bg::ingest_benchmark_json(old, "old.json");
  CHECK(old_run.benchmarks.size() == 2);
  REQUIRE(old_run.complexity.size() == 1);
  CHECK(old_run.complexity[0].name == "BM_Sort");
  CHECK(old_run.complexity[0].big_o == "N");
  bg::Comparison c = compare({ingest_case("complexity/base.json")}, {ingest_case("complexity/head.json")});
  CHECK(row(c, "BM_BinaryGap/8").verdict == bg::Verdict::regression);
  REQUIRE(c.information.size() == 1);
  CHECK(c.information[0].find("complexity of BM_BinaryGap (not gated): base O(1)") == 0);
  CHECK(c.exit_code == bg::ExitCode::regression);
}

TEST_CASE("ingest shapes: skipped benchmarks") {
  bg::Run run = ingest_case("skipped/base.json");
  const auto* skipped = find(run, "BM_DeltaSync/0/0");
  REQUIRE(skipped != nullptr);
  REQUIRE(skipped->skipped);
  CHECK(*skipped->skipped == "nothing to sync");
  CHECK(skipped->real_time_ns.empty());
  bg::Run round = bg::run_from_json(bg::run_to_json(run), "round trip");
  REQUIRE(find(round, "BM_DeltaSync/0/0")->skipped);

  bg::Comparison c = compare({run}, {ingest_case("skipped/head_newly_skipped.json")});
  CHECK(row(c, "BM_DeltaSync/0/0").verdict == bg::Verdict::skipped);
  CHECK(row(c, "BM_DeltaSync/0/0").message == "skipped: nothing to sync");
  CHECK(row(c, "BM_DeltaSync/1000/0").verdict == bg::Verdict::skipped);
  CHECK(row(c, "BM_DeltaSync/1000/0").message.find("newly skipped in head") == 0);
  CHECK(c.exit_code == bg::ExitCode::pass);
  CHECK(bg::verdict_from_name("skipped") == bg::Verdict::skipped);
  // Sorted after removed, before unchanged.
  CHECK(c.benchmarks.back().verdict == bg::Verdict::unchanged);
}

TEST_CASE("ingest shapes: only the gated metric must be usable") {
  bg::Run base = ingest_case("zero-cpu-time/base.json");
  const auto* waiting = find(base, "BM_WaitForReply/real_time");
  REQUIRE(waiting != nullptr);
  CHECK(waiting->cpu_time_ns.front() == 0);
  CHECK(waiting->real_time_ns.front() > 0);
  bg::Run old_base = ingest_case("zero-cpu-time/old_base.json");
  bg::Comparison c = compare({old_base}, {ingest_case("zero-cpu-time/old_head.json")});
  const auto& empty = row(c, "BM_empty");
  CHECK(empty.verdict == bg::Verdict::inconclusive);
  CHECK(empty.message.find("not comparable: real_time is 0 in every repetition of base and head") == 0);
  CHECK(row(c, "BM_vector_push_back/1024").verdict == bg::Verdict::regression);
  // Zero survives the note codec; negative and non-finite times are still refused.
  bg::Run round = bg::run_from_json(bg::run_to_json(old_base), "round trip");
  CHECK(find(round, "BM_empty")->real_time_ns.front() == 0);
  const std::string negative = R"({"context": {}, "benchmarks": [{"name": "BM_A", "iterations": 1,
      "real_time": -1, "cpu_time": 1, "time_unit": "ns"}]})";
  CHECK(ingest_error(negative).find("real_time -1 is negative") != std::string::npos);
}

TEST_CASE("ingest shapes: pre-1.5 aggregates by suffix") {
  bg::Run run = ingest_case("pre-1.5-aggregates/base.json");
  for (const auto& b : run.benchmarks) {
    CAPTURE(b.name);
    CHECK(b.name.find("_stddev") == std::string::npos);
    CHECK(b.name.find("_mean") == std::string::npos);
    CHECK(b.real_time_ns.size() == 1);
    CHECK(b.aggregate_real_cv > 0);
    CHECK(b.aggregate_repetitions == 0);  // pre-1.5 files do not say
  }
  const auto* j = find(run, "parse data/jeopardy/jeopardy.json");
  REQUIRE(j != nullptr);
  CHECK(j->real_time_ns.front() == doctest::Approx(1025579606));
  CHECK(j->aggregate_real_cv == doctest::Approx(48433177.0 / 1025579606.0));
  bg::Comparison c = compare({run}, {ingest_case("pre-1.5-aggregates/head_noise_only.json")});
  for (const auto& b : c.benchmarks) CHECK(b.verdict != bg::Verdict::regression);
  CHECK(c.exit_code == bg::ExitCode::pass);
}

TEST_CASE("ingest shapes: aggregates only are never more confident than the full data") {
  bg::Run base_agg = ingest_case("aggregates-only-noise/base_aggonly.json");
  const auto* tree = find(base_agg, "BM_AllocateTree/4096");
  REQUIRE(tree != nullptr);
  CHECK(tree->aggregate_repetitions == 10);
  CHECK(tree->aggregate_real_cv == doctest::Approx(0.1616).epsilon(0.01));
  bg::Run round = bg::run_from_json(bg::run_to_json(base_agg), "round trip");
  CHECK(find(round, "BM_AllocateTree/4096")->aggregate_repetitions == 10);
  bg::Comparison agg = compare({base_agg}, {ingest_case("aggregates-only-noise/head_aggonly.json")});
  bg::Comparison full = compare({ingest_case("aggregates-only-noise/base_full.json")},
                                {ingest_case("aggregates-only-noise/head_full.json")});
  for (const auto& f : full.benchmarks) {
    CAPTURE(f.name);
    const auto& a = row(agg, f.name);
    CHECK(a.verdict == f.verdict);
    CHECK(a.mde >= f.mde * 0.999);
  }
  CHECK(agg.exit_code == bg::ExitCode::pass);
}

TEST_CASE("ingest shapes: the same measurements twice") {
  bg::Run first = ingest_case("same-file-twice/base.json");
  bg::Run again = ingest_case("same-file-twice/base.json");
  again.recorded_at = "later";
  again.source = "ingest:retry";
  CHECK(bg::measurement_digest(first) == bg::measurement_digest(again));
  bg::Run head = ingest_case("same-file-twice/head.json");
  CHECK(bg::measurement_digest(first) != bg::measurement_digest(head));
  bg::Comparison once = compare({first}, {head});
  bg::Comparison twice = compare({first, again}, {head});
  for (const auto& b : once.benchmarks) {
    CAPTURE(b.name);
    CHECK(row(twice, b.name).verdict == b.verdict);
    CHECK(row(twice, b.name).base_runs == 1);
  }
  REQUIRE(twice.information.size() == 1);
  CHECK(twice.information[0].find("base: run b1 repeats the measurements of run b0") == 0);
}

TEST_CASE("ingest shapes: counters, throughput and memory fields are stored") {
  const std::string text = R"({"context": {}, "benchmarks": [
    {"name": "BM_A", "run_name": "BM_A", "run_type": "iteration", "repetitions": 2,
     "repetition_index": 0, "iterations": 5, "real_time": 10, "cpu_time": 9, "time_unit": "ns",
     "bytes_per_second": 1e9, "items_per_second": 1e6, "frames": 30, "allocs_per_iter": 2.5,
     "max_bytes_used": 4096, "total_allocated_bytes": 8192, "net_heap_growth": 0, "ratio": NaN},
    {"name": "BM_A", "run_name": "BM_A", "run_type": "iteration", "repetitions": 2,
     "repetition_index": 1, "iterations": 5, "real_time": 11, "cpu_time": 10, "time_unit": "ns",
     "bytes_per_second": 2e9, "items_per_second": 2e6, "frames": 31, "allocs_per_iter": 2.5,
     "max_bytes_used": 4096, "total_allocated_bytes": 8192, "net_heap_growth": 0}]})";
  bg::Run run = bg::ingest_benchmark_json(text, "counters.json");
  run.run_id.assign(1, 'r');
  REQUIRE(run.benchmarks.size() == 1);
  const auto& b = run.benchmarks[0];
  auto counter = [&](const std::string& name) -> std::vector<double> {
    for (const auto& [key, values] : b.counters)
      if (key == name) return values;
    return {};
  };
  CHECK(counter("frames") == std::vector<double>{30, 31});
  CHECK(counter("bytes_per_second") == std::vector<double>{1e9, 2e9});
  CHECK(counter("items_per_second").size() == 2);
  CHECK(counter("max_bytes_used") == std::vector<double>{4096, 4096});
  CHECK(counter("allocs_per_iter").size() == 2);
  CHECK(counter("net_heap_growth").size() == 2);
  CHECK(counter("ratio").empty());  // NaN counters are ignored
  CHECK(counter("iterations").empty());
  CHECK(counter("real_time").empty());
  CHECK(b.bytes_per_second == doctest::Approx(1.5e9));
  bg::Run round = bg::run_from_json(bg::run_to_json(run), "round trip");
  CHECK(round.benchmarks[0].counters == b.counters);
}

TEST_CASE("ingest shapes: encodings") {
  const std::string doc = "{\"context\": {},\r\n \"benchmarks\": [{\"name\": \"BM_A\", "
                          "\"iterations\": 1, \"real_time\": 5, \"cpu_time\": 5}]}\r\n";
  CHECK(bg::ingest_benchmark_json("\xEF\xBB\xBF" + doc, "bom.json").benchmarks.size() == 1);
  std::string utf16le = "\xFF\xFE";
  for (char c : doc) utf16le += std::string{c, '\0'};
  std::string message = ingest_error(utf16le);
  CHECK(message.find("suite.json: the file is UTF-16LE (PowerShell's '>' writes it)") == 0);
  CHECK(message.find('\n') == std::string::npos);
  std::string utf16be = "\xFE\xFF";
  for (char c : doc) utf16be += std::string{'\0', c};
  CHECK(ingest_error(utf16be).find("UTF-16BE") != std::string::npos);
  CHECK(ingest_error(utf16le.substr(2)).find("UTF-16LE") != std::string::npos);  // no BOM
}

TEST_CASE("environment: compiler and build type from what the suite publishes") {
  bg::Environment suite = bg::environment_from_context(
      {{"host_name", "ci"}, {"bench_gate_suite_compiler", "12.2.0"},
       {"bench_gate_suite_build_type", "release"}, {"library_build_type", "debug"}});
  CHECK(suite.host == "ci");
  CHECK(suite.compiler == "12.2.0");
  CHECK(suite.build_type == "release");
  bg::Environment library_only =
      bg::environment_from_context({{"host_name", "ci"}, {"library_build_type", "debug"}});
  CHECK(library_only.compiler.empty());
  CHECK(library_only.build_type == "debug (benchmark library)");
  // The executable is not part of the machine: one run's files from two executables agree.
  CHECK(bg::environment_fingerprint({{"host_name", "ci"}, {"executable", "./a"}}) ==
        bg::environment_fingerprint({{"host_name", "ci"}, {"executable", "/x/b"}}));
}
