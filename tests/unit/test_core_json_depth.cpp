// Deeply nested JSON from outside is refused with one clear error, never a stack overflow
// (issue 11, kind 10).
#include <doctest/doctest.h>

#include <string>

#include "bench_gate/config.hpp"
#include "bench_gate/ingest.hpp"
#include "bench_gate/util/json_depth.hpp"
#include "bench_gate/util/json_fields.hpp"
#include "bench_gate/note_codec.hpp"

namespace {

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::string error_of(const auto& f) {
  try {
    f();
  } catch (const bg::Error& e) {
    CHECK(e.code() == bg::ExitCode::input_error);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("json depth: the scan") {
  CHECK_FALSE(bg::util::json_too_deep("", 1));
  CHECK_FALSE(bg::util::json_too_deep("[[]]", 2));
  REQUIRE(bg::util::json_too_deep("[[]]", 1));
  CHECK(*bg::util::json_too_deep("[[]]", 1) == 1);
  CHECK(*bg::util::json_too_deep(R"({"a": {"b": 1}})", 1) == 6);
  // Brackets inside strings, also after escaped quotes, do not count.
  CHECK_FALSE(bg::util::json_too_deep(R"(["[[[[", "\"[[[[", "\\"])", 1));
  CHECK(bg::util::json_too_deep(R"(["\\", [1]])", 1));
  // Siblings do not add up.
  CHECK_FALSE(bg::util::json_too_deep("[[],[],[],[]]", 2));
}

TEST_CASE("json depth: a results file nested 100,000 deep is an input error") {
  const std::string deep = R"({"context": {"deep": )" + nested(100000) +
                           R"(}, "benchmarks": [{"name": "BM_a", "run_name": "BM_a",
      "run_type": "iteration", "iterations": 1, "real_time": 1, "cpu_time": 1, "time_unit": "ns"}]})";
  const std::string what = error_of([&] { bg::ingest_benchmark_json(deep, "deep.json"); });
  CHECK(what.find("deep.json: JSON nested deeper than 256 levels at byte") != std::string::npos);
  // Within the limit it is read.
  const std::string ok = R"({"context": {"deep": )" + nested(200) +
                         R"(}, "benchmarks": [{"name": "BM_a", "run_name": "BM_a",
      "run_type": "iteration", "iterations": 1, "real_time": 1, "cpu_time": 1, "time_unit": "ns"}]})";
  CHECK(bg::ingest_benchmark_json(ok, "ok.json").benchmarks.size() == 1);
}

TEST_CASE("json depth: notes and config nested 200,000 deep are input errors") {
  const std::string note =
      R"({"schema_version": 1, "commit": "abc", "runs": [{"x": )" + nested(200000) + "}]}";
  CHECK(error_of([&] {
          bg::parse_note(note, "note of commit abc");
        }).find("note of commit abc: JSON nested deeper than 512 levels") != std::string::npos);
  const std::string config = R"({"rules": )" + nested(200000) + "}";
  CHECK(error_of([&] {
          bg::parse_config(config, "bench-gate.json");
        }).find("bench-gate.json: JSON nested deeper than 512 levels") != std::string::npos);
}

TEST_CASE("json depth: a run's context at the results limit still fits a note") {
  // A note wraps a results context in a few levels; the stored limit leaves room for them.
  CHECK(bg::util::kMaxStoredJsonDepth >= bg::util::kMaxResultsJsonDepth + 16);
}

TEST_CASE("json depth: ingest stops a million unclosed brackets, also on the sanitized retry") {
  const std::string open = R"({"context": {"x": )" + std::string(1000000, '[');
  CHECK(error_of([&] { bg::ingest_benchmark_json(open, "open.json"); })
            .find("open.json: JSON nested deeper than 256 levels at byte 272") != std::string::npos);
  // A bare NaN makes ingest retry on sanitized text; the limit holds there too.
  const std::string nan = R"({"context": {"n": NaN, "x": )" + std::string(1000000, '[');
  CHECK(error_of([&] { bg::ingest_benchmark_json(nan, "nan.json"); })
            .find("nan.json: JSON nested deeper than 256 levels at byte 282") != std::string::npos);
}

TEST_CASE("json depth: util::parse_json, the entry point of every nlohmann-parsed document") {
  CHECK(error_of([&] { bg::util::parse_json(nested(200000), "comparison.json"); })
            .find("comparison.json: JSON nested deeper than 512 levels at byte 512") !=
        std::string::npos);
  CHECK(bg::util::parse_json(nested(500), "ok.json").is_array());
}
