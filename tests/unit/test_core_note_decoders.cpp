// Differential test of the two note decoders (note_codec.hpp): on every input, parse_note (fast
// path, reference on decline) gives exactly the reference decoder's document or its error, and the
// fast path, when it answers, answers the reference's document bit for bit. Inputs: the fuzz
// corpus, rich notes as serialize_note writes them, hand-written hostile notes, random doubles and
// a few thousand seeded random mutations of a valid note.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "bench_gate/note_codec.hpp"

namespace {

struct Outcome {
  bool ok = false;
  std::string text;  // serialize_note of the document, or the error message
  bg::NoteDocument doc;
};

template <typename Parse>
Outcome outcome_of(const Parse& parse) {
  Outcome out;
  try {
    out.doc = parse();
    out.text = bg::serialize_note(out.doc);
    out.ok = true;
  } catch (const bg::Error& e) {
    CHECK(e.code() == bg::ExitCode::input_error);
    out.text = e.what();
  }
  return out;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

// Everything serialize_note does not show: the bits of every sample (it shows -0.0, but this is
// the invariant measurement_digest relies on) and the schema version.
bool same_document(const bg::NoteDocument& a, const bg::NoteDocument& b) {
  if (a.schema_version != b.schema_version || a.runs.size() != b.runs.size()) return false;
  for (std::size_t r = 0; r < a.runs.size(); ++r) {
    const auto& x = a.runs[r].benchmarks;
    const auto& y = b.runs[r].benchmarks;
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!same_bits(x[i].real_time_ns, y[i].real_time_ns) ||
          !same_bits(x[i].cpu_time_ns, y[i].cpu_time_ns) ||
          !same_bits(x[i].instructions, y[i].instructions) || x[i].counters != y[i].counters) {
        return false;
      }
    }
    if (a.runs[r].environment.context != b.runs[r].environment.context ||
        a.runs[r].other_contexts != b.runs[r].other_contexts) {
      return false;
    }
  }
  return true;
}

// Returns whether the fast path answered (so tests can insist it does for notes we write).
bool check_same(const std::string& text) {
  const Outcome reference =
      outcome_of([&] { return bg::parse_note_reference(text, "note of abc123"); });
  const Outcome combined = outcome_of([&] { return bg::parse_note(text, "note of abc123"); });
  INFO("input: " << text.substr(0, 300));
  CHECK(combined.ok == reference.ok);
  CHECK(combined.text == reference.text);
  if (combined.ok && reference.ok) CHECK(same_document(combined.doc, reference.doc));
  const std::optional<bg::NoteDocument> fast = bg::parse_note_fast(text);
  if (fast) {
    REQUIRE(reference.ok);  // the fast path never accepts what the reference refuses
    CHECK(bg::serialize_note(*fast) == reference.text);
    CHECK(same_document(*fast, reference.doc));
  }
  return fast.has_value();
}

bg::Run rich_run(const std::string& id, const std::string& shard) {
  bg::Run run;
  run.run_id = id;
  run.shard = shard;
  run.commit = "0123456789abcdef0123456789abcdef01234567";
  run.recorded_at = "2026-11-23T12:00:00Z";
  run.tool_version = "1.1.0";
  run.source = "run:./bench --filter \"x\"\t\\";
  run.environment.context = nlohmann::json::parse(
      R"({"host_name": "ci-1", "num_cpus": 2, "mhz_per_cpu": 2596.5, "load_avg": [0.5, -0.0, 1e-7],
          "caches": [{"level": 1, "size": 32768, "type": "Data"}], "big": 18446744073709551615,
          "neg": -9223372036854775808, "nested": {"a": {"b": [null, true, false, "\u00e9\u0001"]}}})");
  run.environment.host = "ci-1 \xc3\xa9";
  run.environment.compiler = "g++ 12.2";
  run.environment.build_type = "Release";
  run.environment.fingerprint = "ab12";
  run.environment.compiler_flags = "-O2 -march=native";
  run.environment.environment_bytes = 4096;
  run.environment.working_directory_length = 0;
  run.environment.aslr = "2";
  run.environment.cpu_governor = "unknown";
  for (int i = 0; i < 3; ++i) {
    bg::BenchmarkResult b;
    b.name = "BM_<script>|`x`/" + std::to_string(i) + "\n\"quoted\" \xe2\x82\xac";
    b.real_time_ns = {100.5, 101.25, 1e-3, 0.0, -0.0, 5e-324, 1.7976931348623157e308};
    b.cpu_time_ns = {99.0, 100.0, 0.1 + 0.2, 1.0 / 3, 2.2250738585072014e-308, 123456789.0, 7};
    b.iterations = 123456789012 + i;
    b.label = i == 1 ? "label" : "";
    if (i == 2) b.error = "disk full";
    if (i == 1) b.skipped = "no GPU";
    b.bytes_per_second = i * 2.5e9;
    b.items_per_second = i * 1e-9;
    b.counters = {{"bytes_per_second", {1.5, -2.0, 1e300}},
                  {"max_bytes_used", {4096, 8192}},
                  {"z\xc3\xa9", {}}};
    if (i == 0) {
      b.aggregate_repetitions = 10;
      b.aggregate_real_cv = 0.012;
      b.aggregate_cpu_cv = 0.0;
    }
    if (i == 2) b.instructions = {1234.0, 1234.5};
    run.benchmarks.push_back(b);
  }
  run.complexity.push_back({"BM_Sort", "NlgN", 1.25, 1.5, 0.03});
  run.complexity.push_back({"BM_Find", "", 0, 0, -1});
  run.other_contexts.push_back({{"host_name", "other"}, {"num_cpus", 4}});
  return run;
}

std::string rich_note() {
  bg::NoteDocument doc;
  doc.commit = "0123456789abcdef0123456789abcdef01234567";
  doc.runs.push_back(rich_run("r1", ""));
  doc.runs.push_back(rich_run("r2", "1/2"));
  doc.runs.push_back(rich_run("r2", "2/2"));
  return bg::serialize_note(doc);
}

const char* const kMinimal =
    R"({"schema_version": 1, "commit": "c", "runs": [{"run_id": "a", "benchmarks": [{"name": "BM", "real_time_ns": [1.5, 2], "cpu_time_ns": [1, 2]}]}]})";

// kMinimal with `from` replaced by `to` (the first occurrence).
std::string minimal_with(const std::string& from, const std::string& to) {
  std::string text = kMinimal;
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

TEST_CASE("note decoders: notes as serialize_note writes them take the fast path, same result") {
  CHECK(check_same(rich_note()));
  CHECK(check_same(kMinimal));
  bg::NoteDocument empty;
  CHECK(check_same(bg::serialize_note(empty)));
  // Pretty-printed (a hand-edited note), and with whitespace around.
  CHECK(check_same(nlohmann::json::parse(rich_note()).dump(2)));
  CHECK(check_same(" \t\r\n" + rich_note() + " \n"));
}

TEST_CASE("note decoders: the fuzz corpus and the stored-note fixtures") {
  const std::filesystem::path corpus =
      std::filesystem::path(BENCH_GATE_SOURCE_DIR) / "tests/fuzz/corpus/fuzz_note";
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    check_same(read_file(entry.path()));
    ++files;
  }
  CHECK(files >= 5);
  check_same(
      read_file(std::filesystem::path(BENCH_GATE_TEST_DATA) / "bad/unknown_schema_version.json"));
}

TEST_CASE("note decoders: hostile notes give the reference's result or error") {
  const std::vector<std::string> inputs = {
      // not a note
      "",
      " ",
      "null",
      "[]",
      "1",
      "\"x\"",
      "{}",
      "{",
      "}",
      "{\"schema_version\": 1",
      // versions
      R"({"schema_version": 2, "commit": "x", "runs": []})",
      R"({"schema_version": 0, "runs": []})",
      R"({"schema_version": -1, "runs": []})",
      R"({"schema_version": 1.0, "runs": []})",
      R"({"schema_version": 1e0, "runs": []})",
      R"({"schema_version": "1", "runs": []})",
      R"({"schema_version": null, "runs": []})",
      R"({"schema_version": 18446744073709551617, "runs": []})",
      R"({"schema_version": 1, "schema_version": 2, "runs": []})",
      R"({"schema_version": 2, "schema_version": 1, "runs": []})",
      R"({"runs": []})",
      // missing and mistyped top-level fields
      R"({"schema_version": 1})",
      R"({"schema_version": 1, "runs": null})",
      R"({"schema_version": 1, "runs": {}})",
      R"({"schema_version": 1, "runs": [], "commit": 5})",
      R"({"schema_version": 1, "runs": [], "commit": null})",
      R"({"schema_version": 1, "runs": [1]})",
      R"({"schema_version": 1, "runs": [null]})",
      R"({"schema_version": 1, "runs": [], "runs": [{"run_id": "a", "benchmarks": []}]})",
      // unknown fields at every level (tolerated by the reference)
      R"({"schema_version": 1, "future": {"deep": [1, {"x": null}]}, "runs": []})",
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "gpu": "none")"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "extra": [1, 2])"),
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "environment": {"gpu": 1})"),
      minimal_with(R"("name": "BM")",
                   R"("name": "BM", "aggregates": {"repetitions": 3, "p99": 1})"),
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "complexity": [{"name": "x", "new": 1}])"),
      // escaped and duplicate keys
      minimal_with(R"("name": "BM")", R"("na\u006de": "BM")"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "name": "BM2")"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "name": 5)"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "counters": {"c": [1], "c": [2, 3]})"),
      minimal_with(R"("name": "BM")",
                   R"("name": "BM", "counters": {"b": [1], "a": [2], "\u0061": [3]})"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "counters": {"b\"q": [1], "a\\": [2]})"),
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "run_id": "")"),
      minimal_with(R"("run_id": "a")", R"("run_id": "", "run_id": "a")"),
      // run fields
      minimal_with(R"("run_id": "a")", R"("run_id": "")"),
      minimal_with(R"("run_id": "a")", R"("run_id": null)"),
      minimal_with(R"("run_id": "a")", R"("run_id": 7)"),
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "shard": "3/2")"),
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "shard": "1/2")"),
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "shard": null)"),
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "shard": 1)"),
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "environment": null)"),
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "environment": [])"),
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "environment": {"context": null})"),
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "environment": {"context": []})"),
      minimal_with(R"("run_id": "a")",
                   R"("run_id": "a", "environment": {"context": {"a": 1, "a": 2}})"),
      minimal_with(R"("run_id": "a")",
                   R"("run_id": "a", "environment": {"context": {"n": 1e999}})"),
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "environment": {"context": {"n": [1,]}})"),
      minimal_with(R"("run_id": "a")",
                   R"("run_id": "a", "environment": {"context": {"n": "\ud800"}}})"),
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "environment": {"host": 5})"),
      minimal_with(R"("run_id": "a")",
                   R"("run_id": "a", "environment": {"environment_bytes": -2})"),
      minimal_with(R"("run_id": "a")",
                   R"("run_id": "a", "environment": {"environment_bytes": -1})"),
      minimal_with(R"("run_id": "a")",
                   R"("run_id": "a", "environment": {"environment_bytes": 5.0})"),
      minimal_with(R"("run_id": "a")",
                   R"("run_id": "a", "environment": {"environment_bytes": 5.5})"),
      minimal_with(R"("run_id": "a")",
                   R"("run_id": "a", "environment": {"environment_bytes": 1099511627777})"),
      minimal_with(
          R"("run_id": "a")",
          R"("run_id": "a", "environment": {"working_directory_length": 18446744073709551615})"),
      minimal_with(R"("run_id": "a")",
                   R"("run_id": "a", "environment": {"working_directory_length": null})"),
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "complexity": null)"),
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "complexity": {})"),
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "complexity": [5])"),
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "complexity": [{"rms": "x"}]})"),
      minimal_with(R"("run_id": "a")",
                   R"("run_id": "a", "complexity": [{"rms": null, "name": null}]})"),
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "other_contexts": [1])"),
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "other_contexts": null)"),
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "other_contexts": [{"x": [1, 2]}, {}])"),
      minimal_with(R"("run_id": "a", "benchmarks": [)",
                   R"("run_id": "a", "benchmarks": null, "x": [)"),
      // benchmark fields
      minimal_with(R"("name": "BM")", R"("name": null)"),
      minimal_with(R"("name": "BM")", R"("name": 1)"),
      minimal_with(R"("name": "BM", )", ""),
      minimal_with(R"([1.5, 2])", "null"),
      minimal_with(R"([1.5, 2])", "[1.5]"),
      minimal_with(R"([1.5, 2])", "[1.5, null]"),
      minimal_with(R"([1.5, 2])", "[1.5, \"2\"]"),
      minimal_with(R"([1.5, 2])", "[1.5, -2]"),
      minimal_with(R"([1.5, 2])", "[1.5, -0]"),
      minimal_with(R"([1.5, 2])", "[1.5, -0.0]"),
      minimal_with(R"([1.5, 2])", "[1.5, -0e5]"),
      minimal_with(R"([1.5, 2])", "[1e400, 2]"),
      minimal_with(R"([1.5, 2])", "[1e-400, 2]"),
      minimal_with(R"([1.5, 2])", "[18446744073709551616, 2]"),
      minimal_with(R"([1.5, 2])", "[18446744073709551615, 9223372036854775808]"),
      minimal_with(R"([1.5, 2])", "[123456789012345678901234567890, 2]"),
      minimal_with(R"([1.5, 2])", "[01, 2]"),
      minimal_with(R"([1.5, 2])", "[1., 2]"),
      minimal_with(R"([1.5, 2])", "[.5, 2]"),
      minimal_with(R"([1.5, 2])", "[+1, 2]"),
      minimal_with(R"([1.5, 2])", "[1.5 2]"),
      minimal_with(R"([1.5, 2])", "[1.5, 2,]"),
      minimal_with(R"([1.5, 2])", "[NaN, 2]"),
      minimal_with(R"([1.5, 2])", "[Infinity, 2]"),
      minimal_with(R"([1.5, 2])", "[1.5, 2e]"),
      minimal_with(R"([1.5, 2])", "[1.5, 2x]"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "iterations": 1e30)"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "iterations": -1e30)"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "iterations": 2.9)"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "iterations": -7)"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "iterations": 9223372036854775807)"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "iterations": "5")"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "iterations": null)"),
      minimal_with(R"("name": "BM")",
                   R"("name": "BM", "label": null, "error": null, "skipped": null)"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "error": 5)"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "error": "")"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "skipped": false)"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "bytes_per_second": "fast")"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "items_per_second": -1.5e-3)"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "counters": null)"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "counters": [])"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "counters": {"c": 1})"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "counters": {"c": [null]})"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "counters": {"c": [-1, 1e308, -0]})"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "counters": {"c\u0000d": [1]})"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "aggregates": null)"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "aggregates": 1)"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "aggregates": {"repetitions": 1048577})"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "aggregates": {"repetitions": 1048576})"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "aggregates": {"repetitions": -1})"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "aggregates": {"repetitions": 3.0})"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "aggregates": {"real_time_cv": null})"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "instructions": [1, -1])"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "instructions": null)"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "instructions": [])"),
      // strings: escapes, surrogates, control characters, invalid UTF-8
      minimal_with(R"("name": "BM")", R"("name": "B\u00e9\ud83d\ude00\n\t\"\\\/")"),
      minimal_with(R"("name": "BM")", R"("name": "B\ud800")"),
      minimal_with(R"("name": "BM")", R"("name": "B\udc00")"),
      minimal_with(R"("name": "BM")", R"("name": "B\ud800\u0041")"),
      minimal_with(R"("name": "BM")", R"("name": "B\x")"),
      minimal_with(R"("name": "BM")", R"("name": "B\u12")"),
      minimal_with(R"("name": "BM")", "\"name\": \"B\x01\""),
      minimal_with(R"("name": "BM")", "\"name\": \"B\x7f\""),
      minimal_with(R"("name": "BM")", "\"name\": \"B\xff\""),
      minimal_with(R"("name": "BM")", "\"name\": \"B\xc0\x80\""),
      minimal_with(R"("name": "BM")", "\"name\": \"B\xed\xa0\x80\""),
      minimal_with(R"("name": "BM")", "\"name\": \"B\xf4\x90\x80\x80\""),
      minimal_with(R"("name": "BM")", "\"name\": \"B\xe2\x82\""),
      minimal_with(R"("name": "BM")", "\"name\": \"B\xf0\x9f\x98\x80\""),
      minimal_with(R"("name": "BM")", "\"n\xffme\": \"BM\""),
      minimal_with(R"("name": "BM")", "\"name\": \"BM\", \"x\xff\": 1"),
      minimal_with(R"("name": "BM")", std::string("\"name\": \"B\0M\"", 13)),
      // around the document
      std::string(kMinimal) + "x",
      std::string(kMinimal) + "}",
      std::string(kMinimal) + "{}",
      std::string(kMinimal) + std::string(1, '\0'),
      "\xef\xbb\xbf" + std::string(kMinimal),
      std::string(kMinimal).substr(0, 60),
      // nesting: the reference refuses documents deeper than 512 levels
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "environment": {"context": {"d": )" +
                                           std::string(505, '[') + std::string(505, ']') + "}}"),
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "environment": {"context": {"d": )" +
                                           std::string(507, '[') + std::string(507, ']') + "}}"),
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "environment": {"context": {"d": )" +
                                           std::string(600, '[') + std::string(600, ']') + "}}"),
      minimal_with(R"("run_id": "a")", R"("run_id": "a", "other_contexts": [{"d": )" +
                                           std::string(2000, '[') + std::string(2000, ']') + "}]"),
      minimal_with(R"("name": "BM")", R"("name": "BM", "x": )" + std::string(600, '{') + "}"),
  };
  for (const auto& input : inputs) check_same(input);
}

// A note whose samples (both times) are `values`, numbers separated by commas.
std::string note_with_samples(const std::string& values) {
  return minimal_with(R"("real_time_ns": [1.5, 2], "cpu_time_ns": [1, 2])",
                      R"("real_time_ns": [)" + values + R"(], "cpu_time_ns": [)" + values + "]");
}

TEST_CASE("note decoders: doubles read bit for bit as the reference reads them") {
  // simdjson 3.0.1's get_number() reads these as 0 (more than 19 digits): the fast path must not.
  for (const char* values : {"10.30000000000000004",
                             "10.30000000000000000001",
                             "123456789012345678.5",
                             "12345678901234567890.5",
                             "100000000000000000000.0",
                             "9.999999999999999999999",
                             "1.00000000000000000001e5",
                             "2.2250738585072011e-308",
                             "2.4703282292062327e-324",
                             "2.4703282292062328e-324",
                             "1.7976931348623158e308",
                             "1.7976931348623159e308",
                             "1e23",
                             "18446744073709551615",
                             "18446744073709551616",
                             "9223372036854775808",
                             "0e0",
                             "0.0e-0",
                             "0E+5",
                             "100e-2"}) {
    CHECK(check_same(note_with_samples(values)) ==
          (std::string(values) != "1.7976931348623159e308" &&
           std::string(values) != "18446744073709551616"));
  }
  std::mt19937_64 rng(20261130);
  char buffer[512];  // "%.1f" of 1e308 has 310 characters
  for (int doc = 0; doc < 40; ++doc) {
    std::string samples;
    for (int i = 0; i < 100; ++i) {
      double x = 0;
      const std::uint64_t bits = rng() & ~(std::uint64_t{1} << 63);
      std::memcpy(&x, &bits, sizeof x);
      if (!std::isfinite(x)) continue;
      const char* formats[] = {"%.17g", "%.16g", "%.3e", "%.25e", "%.1f", "%g"};
      std::snprintf(buffer, sizeof buffer, formats[i % 6], x);
      if (!samples.empty()) samples += ", ";
      samples += buffer;
    }
    CHECK(check_same(note_with_samples(samples)));
  }
  // Random digit strings: long mantissas, exponents near both ends of the range (kept finite).
  std::uniform_int_distribution<int> digit(0, 9), length(1, 40), exponent(-345, 262);
  for (int doc = 0; doc < 40; ++doc) {
    std::string samples;
    for (int i = 0; i < 50; ++i) {
      if (i > 0) samples += ", ";
      samples += static_cast<char>('1' + digit(rng) % 9);
      if (i % 3 == 0) samples += '.';
      const int n = length(rng);
      for (int k = 0; k < n; ++k) samples += static_cast<char>('0' + digit(rng));
      // (an integer of over 20 digits is a double for nlohmann: the fast path declines it)
      if (i % 3 != 0 || i % 2 == 0) samples.append("e").append(std::to_string(exponent(rng)));
    }
    CHECK(check_same(note_with_samples(samples)));
  }
}

TEST_CASE("note decoders: seeded random mutations of a valid note") {
  const std::string valid = kMinimal;
  const std::string rich = rich_note();
  std::mt19937_64 rng(13);
  const std::string alphabet = "{}[]\",:0123456789.eE-+ \\untrfalsx\x01\xff\xc3\xa9";
  int fast = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string text = i % 2 ? valid : rich;
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = rng() % (text.size() + 1);
      const char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0:
          if (at < text.size()) text[at] = c;
          break;
        case 1:
          text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c);
          break;
        default:
          if (at < text.size()) text.erase(at, 1 + rng() % 4);
          break;
      }
    }
    if (check_same(text)) ++fast;
  }
  MESSAGE("fast path answered " << fast << " of 3000 mutated notes");
}
