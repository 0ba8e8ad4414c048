// Issue 16: adapters chosen by content, each on the output of its real tool (tests/data/<harness>).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "bench_gate/adapters.hpp"
#include "bench_gate/util/error.hpp"

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

namespace {

// The one-line message of the input error `ingest` throws (fails the test when it throws none).
template <typename Ingest>
std::string input_error(Ingest ingest) {
  try {
    ingest();
  } catch (const bg::Error& e) {
    CHECK(e.code() == bg::ExitCode::input_error);
    const std::string message = e.what();
    CHECK(message.find('\n') == std::string::npos);
    return message;
  }
  FAIL("accepted malformed input");
  return {};
}

const bg::BenchmarkResult& named(const bg::Run& run, const std::string& name) {
  for (const auto& b : run.benchmarks) {
    if (b.name == name) return b;
  }
  FAIL("no benchmark " << name);
  return run.benchmarks.front();
}

}  // namespace

TEST_CASE("adapters: pytest-benchmark, every round a sample (real output)") {
  const std::string text = read_data("pytest-benchmark/base.json");
  CHECK(bg::looks_like_pytest_benchmark(text));
  CHECK_FALSE(bg::looks_like_hyperfine(text));
  const bg::Run run = bg::ingest_results(text, "base.json");
  REQUIRE(run.benchmarks.size() == 2);
  const nlohmann::json doc = nlohmann::json::parse(text);
  for (const auto& entry : doc["benchmarks"]) {
    const bg::BenchmarkResult& b = named(run, entry["fullname"].get<std::string>());
    const auto& data = entry["stats"]["data"];
    REQUIRE(b.real_time_ns.size() == data.size());
    CHECK(b.real_time_ns.front() == doctest::Approx(data[0].get<double>() * 1e9));
    CHECK(b.cpu_time_ns == std::vector<double>(data.size(), 0.0));
    CHECK(b.aggregate_repetitions == 0);  // full data: no summary
  }
  CHECK(run.environment.context["harness"] == "pytest-benchmark");
  const auto& sorted = named(run, "bench_work.py::test_work_sorted");
  REQUIRE(sorted.counters.size() == 1);
  CHECK(sorted.counters[0].first == "items");  // extra_info
}

TEST_CASE("adapters: pytest-benchmark without raw data is a summary (real output)") {
  const std::string text = read_data("pytest-benchmark/stats_only.json");
  const bg::Run run = bg::ingest_results(text, "stats_only.json");
  const nlohmann::json doc = nlohmann::json::parse(text);
  REQUIRE(run.benchmarks.size() == doc["benchmarks"].size());
  for (const auto& entry : doc["benchmarks"]) {
    const auto& stats = entry["stats"];
    const bg::BenchmarkResult& b = named(run, entry["fullname"].get<std::string>());
    REQUIRE(b.real_time_ns.size() == 1);
    CHECK(b.real_time_ns[0] == doctest::Approx(stats["median"].get<double>() * 1e9));
    CHECK(b.aggregate_real_cv ==
          doctest::Approx(stats["stddev"].get<double>() / stats["mean"].get<double>()));
    CHECK(b.aggregate_repetitions == stats["rounds"].get<int>());
    CHECK(b.label.find("no raw data") != std::string::npos);
  }
}

TEST_CASE("adapters: pytest-benchmark errors name the file and field") {
  const std::string bad_time = input_error([] {
    bg::ingest_pytest_benchmark_json(
        R"({"machine_info": {}, "benchmarks": [{"fullname": "t::a", "stats": {"data": [0.1, -2]}}]})",
        "p.json");
  });
  CHECK(bad_time.find("p.json: benchmarks[0].stats.data[1]") == 0);
  const std::string no_stats = input_error([] {
    bg::ingest_pytest_benchmark_json(R"({"machine_info": {}, "benchmarks": [{"fullname": "t::a"}]})",
                                     "p.json");
  });
  CHECK(no_stats.find("benchmarks[0].stats") != std::string::npos);
  const std::string twice = input_error([] {
    bg::ingest_pytest_benchmark_json(
        R"({"machine_info": {}, "benchmarks": [{"fullname": "a", "stats": {"median": 1}},
                                               {"fullname": "a", "stats": {"median": 1}}]})",
        "p.json");
  });
  CHECK(twice.find("benchmarks[1].fullname") != std::string::npos);
}

TEST_CASE("adapters: Catch2 v2 XML, mean and standard deviation only (real output)") {
  const std::string text = read_data("catch2/base.xml");
  CHECK(bg::looks_like_catch2(text));
  const bg::Run run = bg::ingest_results(text, "base.xml");
  REQUIRE(run.benchmarks.size() == 2);
  const bg::BenchmarkResult& sum = named(run, "work/sum");
  REQUIRE(sum.real_time_ns.size() == 1);  // Catch2 reports no raw samples
  CHECK(sum.real_time_ns[0] > 0);
  CHECK(sum.aggregate_real_cv > 0);
  CHECK(sum.aggregate_repetitions == 100);  // --benchmark-samples 100
  CHECK(sum.label.find("Catch2 reports no raw samples") != std::string::npos);
  CHECK_FALSE(sum.error);
  CHECK(run.environment.context["harness"] == "catch2");
}

TEST_CASE("adapters: Catch2 v3 layout, failed test cases and malformed XML") {
  const std::string v3 = read_data("catch2/v3_layout.xml");
  CHECK(bg::looks_like_catch2(v3));
  const bg::Run run = bg::ingest_results(v3, "v3.xml");
  REQUIRE(run.benchmarks.size() == 3);
  const bg::BenchmarkResult& fib = named(run, "fibonacci 20");
  CHECK(fib.real_time_ns[0] == doctest::Approx(12345.6));
  CHECK(fib.aggregate_real_cv == doctest::Approx(123.4 / 12345.6));
  CHECK(fib.aggregate_repetitions == 100);
  CHECK(run.environment.context["catch2_version"] == "3.4.0");
  REQUIRE(named(run, "fibonacci 25").error);  // its test case failed
  REQUIRE(named(run, "throws").error);
  CHECK(named(run, "throws").error->find("boom") != std::string::npos);

  const std::string truncated = input_error([&] { bg::ingest_catch2_xml(v3.substr(0, 300), "c.xml"); });
  CHECK(truncated.find("c.xml: byte ") == 0);
  CHECK(truncated.find("invalid XML") != std::string::npos);
  const std::string bad_mean = input_error([] {
    bg::ingest_catch2_xml(R"(<Catch2TestRun><TestCase name="t"><BenchmarkResults name="b" samples="9" iterations="1"><mean value="fast"/></BenchmarkResults></TestCase></Catch2TestRun>)",
                          "c.xml");
  });
  CHECK(bad_mean.find("c.xml: Catch2TestRun/TestCase[@name='t']/mean@value") == 0);
  const std::string not_catch = input_error([] { bg::ingest_catch2_xml("<testsuites/>", "c.xml"); });
  CHECK(not_catch.find("not Catch2 XML output") != std::string::npos);
}

TEST_CASE("adapters: JMH forks are runs, iterations are samples, throughput inverted") {
  const std::string text = read_data("jmh/base.json");
  CHECK(bg::looks_like_jmh(text));
  const std::vector<bg::Run> runs = bg::ingest_result_processes(text, "jmh.json");
  REQUIRE(runs.size() == 2);  // 2 forks
  const nlohmann::json doc = nlohmann::json::parse(text);
  const auto& parse_raw = doc[0]["primaryMetric"]["rawData"];
  const bg::BenchmarkResult& parse = named(runs[1], "org.example.JsonBench.parse:size=1024");
  REQUIRE(parse.real_time_ns.size() == 5);
  CHECK(parse.real_time_ns[0] == doctest::Approx(1e9 / parse_raw[1][0].get<double>()));  // ops/s
  REQUIRE(parse.counters.size() == 1);
  CHECK(parse.counters[0].first == "gc.alloc.rate.norm");
  const bg::BenchmarkResult& write = named(runs[0], "org.example.JsonBench.write");
  CHECK(write.real_time_ns[0] ==
        doctest::Approx(doc[1]["primaryMetric"]["rawData"][0][0].get<double>() * 1e3));  // us/op
  const bg::BenchmarkResult& latency = named(runs[0], "org.example.JsonBench.latency");
  const auto& bucket = doc[2]["primaryMetric"]["rawDataHistogram"][0][0];
  CHECK(latency.real_time_ns[0] ==
        doctest::Approx((bucket[0][0].get<double>() * 3 + bucket[1][0].get<double>()) / 4 * 1e6));
  const bg::Run pooled = bg::ingest_results(text, "jmh.json");  // Adapter::ingest pools the forks
  CHECK(named(pooled, "org.example.JsonBench.write").real_time_ns.size() == 10);
}

TEST_CASE("adapters: JMH errors name the file and field; modes keep names apart") {
  const std::string unit = input_error([] {
    bg::ingest_jmh_json(R"([{"benchmark": "a.B.c", "mode": "thrpt", "primaryMetric": {"scoreUnit": "furlongs", "rawData": [[1]]}}])",
                        "j.json");
  });
  CHECK(unit.find("j.json: [0].primaryMetric.scoreUnit: unknown unit 'furlongs'") == 0);
  const std::string zero = input_error([] {
    bg::ingest_jmh_json(R"([{"benchmark": "a.B.c", "mode": "thrpt", "primaryMetric": {"scoreUnit": "ops/s", "rawData": [[5, 0]]}}])",
                        "j.json");
  });
  CHECK(zero.find("[0].primaryMetric.rawData[0][1]: expected a throughput > 0") != std::string::npos);
  const bg::Run both = bg::ingest_jmh_json(
      R"([{"benchmark": "a.B.c", "mode": "thrpt", "primaryMetric": {"scoreUnit": "ops/ms", "rawData": [[2]]}},
          {"benchmark": "a.B.c", "mode": "avgt", "primaryMetric": {"scoreUnit": "ns/op", "rawData": [[400]]}}])",
      "j.json");
  REQUIRE(both.benchmarks.size() == 2);
  CHECK(named(both, "a.B.c [thrpt]").real_time_ns[0] == doctest::Approx(5e5));  // 1 ms / 2 ops
  CHECK(named(both, "a.B.c [avgt]").real_time_ns[0] == doctest::Approx(400));
}

TEST_CASE("adapters: BenchmarkDotNet launches are runs, Result measurements per operation") {
  const std::string text = read_data("benchmarkdotnet/base.json");
  CHECK(bg::looks_like_benchmarkdotnet(text));
  const std::vector<bg::Run> runs = bg::ingest_result_processes(text, "bdn.json");
  REQUIRE(runs.size() == 2);  // LaunchCount=2
  const nlohmann::json doc = nlohmann::json::parse(text);
  const auto& first = doc["Benchmarks"][0];
  std::vector<double> want;  // launch 2's Workload/Result measurements, ns per operation
  for (const auto& m : first["Measurements"]) {
    if (m["IterationMode"] == "Workload" && m["IterationStage"] == "Result" && m["LaunchIndex"] == 2)
      want.push_back(m["Nanoseconds"].get<double>() / m["Operations"].get<double>());
  }
  const bg::BenchmarkResult& sha = named(runs[1], first["FullName"].get<std::string>());
  REQUIRE(sha.real_time_ns.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) CHECK(sha.real_time_ns[i] == doctest::Approx(want[i]));
  CHECK(runs[0].environment.context["benchmarkdotnet_version"] == "0.13.10");
  bool allocated = false;
  for (const auto& [name, values] : sha.counters) allocated |= name == "BytesAllocatedPerOperation";
  CHECK(allocated);
}

TEST_CASE("adapters: BenchmarkDotNet brief JSON is a summary; errors name the field") {
  const bg::Run brief = bg::ingest_benchmarkdotnet_json(
      R"({"Title": "t", "Benchmarks": [{"FullName": "N.T.M", "Statistics": {"N": 15, "Median": 100, "Mean": 110, "StandardDeviation": 11}},
                                       {"FullName": "N.T.Failed"}]})",
      "b.json");
  const bg::BenchmarkResult& m = named(brief, "N.T.M");
  REQUIRE(m.real_time_ns.size() == 1);
  CHECK(m.real_time_ns[0] == 100);
  CHECK(m.aggregate_real_cv == doctest::Approx(0.1));
  CHECK(m.aggregate_repetitions == 15);
  CHECK(named(brief, "N.T.Failed").error);
  const std::string ops = input_error([] {
    bg::ingest_benchmarkdotnet_json(
        R"({"Title": "t", "Benchmarks": [{"FullName": "N.T.M", "Measurements": [{"IterationMode": "Workload", "IterationStage": "Result", "LaunchIndex": 1, "Operations": 0, "Nanoseconds": 5}]}]})",
        "b.json");
  });
  CHECK(ops.find("b.json: Benchmarks[0].Measurements[0].Operations") == 0);
}

TEST_CASE("adapters: sniffing reads only the first bytes") {
  CHECK(bg::first_json_key("\xEF\xBB\xBF {\"context\": {}}") == "context");
  CHECK(bg::first_json_key("[{\"jmhVersion\": 1}]", true) == "jmhVersion");
  CHECK(bg::first_json_key("[{\"jmhVersion\": 1}]") == "");
  const std::string gbench = read_data("cases/ingest/complexity/base.json");
  for (const auto& adapter : bg::adapters()) {
    if (adapter.name != "google-benchmark") CHECK_FALSE(adapter.recognizes(gbench));
  }
}
