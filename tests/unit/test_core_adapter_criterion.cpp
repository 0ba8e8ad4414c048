// Issue 16: the Criterion adapters on real Criterion 0.3.6 output (tests/data/criterion/
// regenerate.sh): a saved baseline's benchmark.json + sample.json, and cargo-criterion's message
// stream built from the same samples; malformed inputs are one line naming the file and field.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "bench_gate/adapters.hpp"

namespace {

std::string read_data(const std::string& name) {
  std::ifstream in(std::string(BENCH_GATE_TEST_DATA) + "/criterion/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bg::CriterionFiles files(const std::string& dir) {
  return {dir, read_data("target/criterion/" + dir + "/benchmark.json"),
          read_data("target/criterion/" + dir + "/sample.json")};
}

std::string error_of(const std::vector<bg::CriterionFiles>& f) {
  try {
    bg::ingest_criterion_baseline(f);
  } catch (const bg::Error& e) {
    CHECK(e.code() == bg::ExitCode::input_error);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("criterion adapter: a saved baseline, samples are times[i] / iters[i]") {
  const bg::Run run = bg::ingest_criterion_baseline(
      {files("work/lcg/1000/base"), files("sum_bytes/base")});
  REQUIRE(run.benchmarks.size() == 2);
  const bg::BenchmarkResult& lcg = run.benchmarks[0];
  CHECK(lcg.name == "work/lcg/1000");
  CHECK(run.benchmarks[1].name == "sum_bytes");
  REQUIRE(lcg.real_time_ns.size() == 30);  // sample_size(30): one process, 30 samples
  CHECK(lcg.cpu_time_ns == std::vector<double>(30, 0.0));
  const auto sample = nlohmann::json::parse(read_data("target/criterion/work/lcg/1000/base/sample.json"));
  CHECK(lcg.real_time_ns[3] == doctest::Approx(sample["times"][3].get<double>() /
                                               sample["iters"][3].get<double>()));
  CHECK(lcg.iterations == static_cast<std::int64_t>(sample["iters"][0].get<double>()));
  // Throughput::Elements(1000) -> items_per_second per sample.
  REQUIRE(lcg.counters.size() == 1);
  CHECK(lcg.counters[0].first == "items_per_second");
  CHECK(lcg.counters[0].second[3] == doctest::Approx(1000 * 1e9 / lcg.real_time_ns[3]));
  CHECK(run.environment.context.at("harness") == "criterion");
}

TEST_CASE("criterion adapter: malformed files are one line naming the file and field") {
  bg::CriterionFiles f = files("sum_bytes/base");
  f.sample_json = R"({"sampling_mode": "Linear", "iters": [1, 2], "times": [10.0]})";
  CHECK(error_of({f}).find("sum_bytes/base/sample.json: times: 1 times for 2 iteration counts") == 0);
  f.sample_json = R"({"iters": [1, 0], "times": [10.0, 5.0]})";
  CHECK(error_of({f}).find("sample.json: iters: expected counts >= 1, got 0") != std::string::npos);
  f.sample_json = R"({"iters": [1], "times": [-3]})";
  CHECK(error_of({f}).find("sample.json: times: expected ns >= 0, got -3") != std::string::npos);
  f.sample_json = R"({"iters": [1], "times": [1.0)";
  CHECK(error_of({f}).find("sum_bytes/base/sample.json: truncated or invalid JSON") == 0);
  f = files("sum_bytes/base");
  f.benchmark_json = R"({"group_id": "x"})";
  CHECK(error_of({f}).find("sum_bytes/base/benchmark.json: full_id: missing or empty") == 0);
  CHECK(error_of({files("sum_bytes/base"), files("sum_bytes/head")}).find("appears twice") !=
        std::string::npos);
  CHECK_THROWS_AS(bg::ingest_results("{}", "x.json", "criterion"), bg::Error);  // a dir, not a file
}

TEST_CASE("cargo-criterion adapter: the JSON message stream, chosen by content") {
  const std::string text = read_data("base.jsonl");
  CHECK(bg::looks_like_cargo_criterion(text));
  const bg::Run stream = bg::ingest_results(text, "base.jsonl");
  const bg::Run saved = bg::ingest_criterion_baseline(
      {files("sum_bytes/base"), files("work/lcg/1000/base"), files("work/lcg/4000/base")});
  REQUIRE(stream.benchmarks.size() == 3);  // the group-complete message is skipped
  for (const auto& b : stream.benchmarks) {
    bool found = false;
    for (const auto& s : saved.benchmarks) {
      if (s.name != b.name) continue;
      found = true;
      CHECK(s.real_time_ns == b.real_time_ns);  // the same samples as the saved baseline
      CHECK(s.counters == b.counters);
    }
    CHECK(found);
  }
  CHECK(stream.environment.context.at("harness") == "cargo-criterion");
}

TEST_CASE("cargo-criterion adapter: malformed messages name the line and field") {
  auto error = [](const std::string& text) {
    try {
      bg::ingest_cargo_criterion(text, "crit.jsonl");
    } catch (const bg::Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(error("{\"reason\":\"group-complete\"}\n").find("crit.jsonl: no benchmark-complete") == 0);
  CHECK(error("{\"reason\":\"benchmark-complete\",\"id\":\"a\",\"unit\":\"ns\","
              "\"iteration_count\":[1],\"measured_values\":[\"x\"]}\n")
            .find("crit.jsonl: line 1: measured_values: expected ns >= 0") == 0);
  CHECK(error("{\"reason\":\"benchmark-complete\",\"id\":\"a\",\"unit\":\"cycles\","
              "\"iteration_count\":[1],\"measured_values\":[1]}\n")
            .find("line 1: unit: cycles is not ns") != std::string::npos);
  CHECK(error("{\"reason\":\"x\"}\n{\"reason\":\n").find("crit.jsonl: line 2: truncated") == 0);
}
