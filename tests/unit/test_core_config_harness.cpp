// Issue 16: the config keys "harness" (an adapter's name) and "results" (where its output lands).
#include <doctest/doctest.h>

#include <string>

#include "bench_gate/config.hpp"

namespace {

std::string error_of(const std::string& text) {
  try {
    bg::parse_config(text, "bench-gate.json");
  } catch (const bg::Error& e) {
    CHECK(e.code() == bg::ExitCode::input_error);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("config: harness and results") {
  const bg::Config go = bg::parse_config(R"({"harness": "go"})", "bench-gate.json");
  CHECK(go.harness == "go");
  CHECK(go.results.empty());
  const bg::Config crit = bg::parse_config(
      R"({"harness": "criterion", "results": "target/criterion"})", "bench-gate.json");
  CHECK(crit.results == "target/criterion");
  CHECK(bg::parse_config("{}", "bench-gate.json").harness.empty());
  CHECK(error_of(R"({"harness": "golang"})")
            .find("bench-gate.json: harness: unknown harness 'golang' (known: ") == 0);
  CHECK(error_of(R"({"results": "out.json"})").find("bench-gate.json: results: needs \"harness\"") == 0);
  CHECK(error_of(R"({"harness": 3})").find("bench-gate.json: harness: expected a string") == 0);
}
