// Issue 16: adapters chosen by content; hyperfine on its real output (tests/data/hyperfine).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "bench_gate/adapters.hpp"

namespace {

std::string read_data(const std::string& name) {
  std::ifstream in(std::string(BENCH_GATE_TEST_DATA) + "/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("adapters: chosen by content") {
  const std::string hyperfine = read_data("hyperfine/base.json");
  const std::string gbench = read_data("cases/ingest/complexity/base.json");
  CHECK(bg::looks_like_hyperfine(hyperfine));
  CHECK_FALSE(bg::looks_like_hyperfine(gbench));
  CHECK(bg::ingest_results(gbench, "g.json").complexity.size() == 1);
  bg::Run run = bg::ingest_results(hyperfine, "h.json");
  REQUIRE(run.benchmarks.size() == 2);
  CHECK(run.benchmarks[0].name == "sleep/work");
  CHECK(run.benchmarks[0].real_time_ns.size() == 15);
  CHECK(run.benchmarks[0].real_time_ns[0] > 1e7);  // seconds -> ns: ~20 ms sleeps
  CHECK(run.benchmarks[0].cpu_time_ns == std::vector<double>(15, 0.0));
  CHECK_FALSE(run.benchmarks[0].error);
}

TEST_CASE("adapters: hyperfine errors name the file and field") {
  try {
    bg::ingest_hyperfine_json(R"({"results": [{"command": "x", "times": [0.1, "slow"]}]})", "h.json");
    FAIL("accepted a non-number time");
  } catch (const bg::Error& e) {
    const std::string message = e.what();
    CHECK(message.find("h.json") == 0);
    CHECK(message.find("results[0].times") != std::string::npos);
  }
  bg::Run failed = bg::ingest_hyperfine_json(
      R"({"results": [{"command": "x", "times": [0.1], "exit_codes": [3]}]})", "h.json");
  REQUIRE(failed.benchmarks[0].error);
  CHECK(*failed.benchmarks[0].error == "the command exited with code 3");
}
