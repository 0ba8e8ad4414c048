#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include "bench_gate/ingest.hpp"

namespace {

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(BENCH_GATE_TEST_DATA) + "/gbench/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const bg::BenchmarkResult* find(const bg::Run& run, const std::string& name) {
  for (const auto& b : run.benchmarks) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

// Return the message of the input_error that ingesting `text` throws ("" when none).
std::string ingest_error(const std::string& text) {
  try {
    bg::ingest_benchmark_json(text, "suite.json");
  } catch (const bg::Error& e) {
    CHECK(e.code() == bg::ExitCode::input_error);
    return e.what();
  }
  return "";
}

const char* kContext =
    R"("context": {"host_name": "ci-1", "executable": "/b/suite", "num_cpus": 2,
        "mhz_per_cpu": 2596, "cpu_scaling_enabled": false, "caches": [],
        "library_build_type": "debug"})";

std::string doc(const std::string& benchmarks) {
  return std::string("{") + kContext + R"(, "benchmarks": [)" + benchmarks + "]}";
}

std::string entry(const std::string& name, int rep, const std::string& real,
                  const std::string& extra = "") {
  return R"({"name": ")" + name + R"(", "run_name": ")" + name +
         R"(", "run_type": "iteration", "family_index": 0, "per_family_instance_index": 0,
         "repetitions": 2, "repetition_index": )" +
         std::to_string(rep) + R"(, "threads": 1, "iterations": 100, "real_time": )" + real +
         R"(, "cpu_time": 10.0, "time_unit": "ns")" + extra + "}";
}

}  // namespace

TEST_CASE("ingest: real Google Benchmark 1.7.1 output") {
  // tests/data/gbench/real_1.7.1.json was written by fixture_suite.cpp (5 repetitions).
  bg::Run run = bg::ingest_benchmark_json(read_fixture("real_1.7.1.json"), "real_1.7.1.json");
  REQUIRE(run.benchmarks.size() == 5);
  CHECK(run.benchmarks[0].name == "BM_Sum/8");  // first-seen order
  CHECK(run.environment.host == "vm");
  CHECK(run.environment.context["num_cpus"] == 2);
  CHECK(run.environment.fingerprint.size() == 64);

  SUBCASE("repetitions kept, aggregates skipped, us converted to ns") {
    const auto* sum = find(run, "BM_Sum/8");
    REQUIRE(sum);
    REQUIRE(sum->real_time_ns.size() == 5);
    REQUIRE(sum->cpu_time_ns.size() == 5);
    CHECK(sum->real_time_ns[0] == doctest::Approx(0.0031586037124217135 * 1e3));
    CHECK(sum->cpu_time_ns[4] == doctest::Approx(0.0031634486645415448 * 1e3));
    CHECK(sum->iterations == 4359589);
    CHECK(sum->bytes_per_second == doctest::Approx(20274445548.38266));  // median of 5
    CHECK_FALSE(sum->error);
    CHECK(find(run, "BM_Sum/8_mean") == nullptr);
  }
  SUBCASE("ms converted, template names kept verbatim, labels kept") {
    const auto* pair = find(run, "BM_Pair<std::pair<int, int>>/real_time");
    REQUIRE(pair);
    REQUIRE(pair->real_time_ns.size() == 5);
    CHECK(pair->real_time_ns[0] == doctest::Approx(2.724712450946494e-07 * 1e6));
    const auto* concat = find(run, "BM_Concat");
    REQUIRE(concat);
    CHECK(concat->label == "label with | pipe");
    CHECK(concat->real_time_ns[0] == doctest::Approx(40.58717112927452));
  }
  SUBCASE("errored benchmark is a failed benchmark, not an input error") {
    const auto* broken = find(run, "BM_Broken");
    REQUIRE(broken);
    REQUIRE(broken->error);
    CHECK(*broken->error == "could not open fixture file");
    CHECK(broken->real_time_ns.empty());
  }
}

TEST_CASE("ingest: aggregates only (report_aggregates_only) use the median as one sample") {
  bg::Run run = bg::ingest_benchmark_json(read_fixture("aggregates_only_1.7.1.json"), "agg.json");
  REQUIRE(run.benchmarks.size() == 3);
  const auto* sum = find(run, "BM_Sum/8");
  REQUIRE(sum);
  REQUIRE(sum->real_time_ns.size() == 1);
  CHECK(sum->real_time_ns[0] == doctest::Approx(0.003221273357951432 * 1e3));
  CHECK(sum->label.find("median aggregate") != std::string::npos);

  SUBCASE("mean when no median is reported") {
    std::string only_mean =
        doc(R"({"name": "BM_A_mean", "run_name": "BM_A", "run_type": "aggregate",
        "aggregate_name": "mean", "real_time": 2.0, "cpu_time": 2.0, "time_unit": "us"})");
    bg::Run r = bg::ingest_benchmark_json(only_mean, "m.json");
    REQUIRE(r.benchmarks.size() == 1);
    CHECK(r.benchmarks[0].real_time_ns == std::vector<double>{2000.0});
    CHECK(r.benchmarks[0].label.find("mean aggregate") != std::string::npos);
  }
}

TEST_CASE("ingest: NaN / Infinity tokens, units, UTF-8") {
  SUBCASE("bare non-finite counters are fine") {
    std::string text =
        doc(entry("BM_A", 0, "5.0", R"(, "ratio": NaN, "r2": -Infinity, "r3": inf)") + "," +
            entry("BM_A", 1, "7.0", R"(, "ratio": nan)"));
    bg::Run run = bg::ingest_benchmark_json(text, "x.json");
    REQUIRE(run.benchmarks.size() == 1);
    CHECK(run.benchmarks[0].real_time_ns == std::vector<double>{5.0, 7.0});
  }
  SUBCASE("tokens inside strings are left alone") {
    std::string text = doc(entry("BM_NaN/Infinity", 0, "5.0", R"(, "label": "nan inf")"));
    bg::Run run = bg::ingest_benchmark_json(text, "x.json");
    REQUIRE(run.benchmarks.size() == 1);
    CHECK(run.benchmarks[0].name == "BM_NaN/Infinity");
    CHECK(run.benchmarks[0].label == "nan inf");
  }
  SUBCASE("seconds") {
    std::string text = doc(R"({"name": "BM_S", "run_type": "iteration", "real_time": 1.5,
        "cpu_time": 0.5, "time_unit": "s", "iterations": 1})");
    bg::Run run = bg::ingest_benchmark_json(text, "x.json");
    CHECK(run.benchmarks[0].real_time_ns[0] == doctest::Approx(1.5e9));
    CHECK(run.benchmarks[0].cpu_time_ns[0] == doctest::Approx(0.5e9));
  }
  SUBCASE("invalid UTF-8 becomes U+FFFD, control characters are kept") {
    std::string text =
        doc(entry("BM_\xff\xfe"
                  "bad\\u0001ctl",
                  0, "5.0"));
    bg::Run run = bg::ingest_benchmark_json(text, "x.json");
    REQUIRE(run.benchmarks.size() == 1);
    CHECK(run.benchmarks[0].name ==
          "BM_\xEF\xBF\xBD\xEF\xBF\xBD"
          "bad\x01"
          "ctl");
    nlohmann::json j = run.benchmarks[0].name;
    CHECK_NOTHROW((void)j.dump());
  }
  SUBCASE("raw control bytes in strings (1.7.1 does not escape them) are accepted") {
    std::string text =
        doc(entry("BM_raw\x01\x1f"
                  "ctl",
                  0, "5.0"));
    bg::Run run = bg::ingest_benchmark_json(text, "x.json");
    REQUIRE(run.benchmarks.size() == 1);
    CHECK(run.benchmarks[0].name ==
          "BM_raw\x01\x1f"
          "ctl");
  }
  CHECK(bg::sanitize_json_text(R"({"a": [NaN, -Infinity, Infinity, "NaN", true, null]})") ==
        R"({"a": [null, null, null, "NaN", true, null]})");
}

TEST_CASE("ingest: bad input names the origin and the field or benchmark") {
  SUBCASE("empty") {
    CHECK(ingest_error("").find("suite.json: empty input") == 0);
    CHECK(ingest_error(" \n").find("empty input") != std::string::npos);
  }
  SUBCASE("truncated mid-write") {
    std::string full = read_fixture("real_1.7.1.json");
    std::string message = ingest_error(full.substr(0, 1000));
    CHECK(message.find("suite.json: truncated or invalid JSON at byte 1000") == 0);
  }
  SUBCASE("every truncation of real output is an input error, never a crash") {
    std::string full = read_fixture("real_1.7.1.json");
    std::size_t last = full.rfind('}');
    int failures = 0;
    for (std::size_t length = 1; length < last; length += 13) {
      std::string message = ingest_error(full.substr(0, length));
      failures += message.find("truncated or invalid JSON") == std::string::npos;
    }
    CHECK(failures == 0);
  }
  SUBCASE("truncated after a NaN token reports the byte of the original text") {
    std::string text = doc(entry("BM_A", 0, "5.0", R"(, "ratio": NaN)"));
    std::string message = ingest_error(text.substr(0, text.size() - 3));
    CHECK(message.find("at byte " + std::to_string(text.size() - 3)) != std::string::npos);
  }
  SUBCASE("valid JSON that is not Google Benchmark output") {
    CHECK(ingest_error(R"({"foo": 1})").find("no 'benchmarks' array") != std::string::npos);
    CHECK(ingest_error(R"({"benchmarks": []})").find("no 'context' object") != std::string::npos);
    CHECK(ingest_error("[1, 2]").find("not Google Benchmark JSON") != std::string::npos);
  }
  SUBCASE("unknown json_schema_version; missing is fine") {
    std::string text = R"({"context": {"json_schema_version": 2}, "benchmarks": []})";
    std::string message = ingest_error(text);
    CHECK(message.find("json_schema_version 2") != std::string::npos);
    CHECK(message.find("context.json_schema_version") != std::string::npos);
    CHECK(ingest_error(R"({"context": {"json_schema_version": 1}, "benchmarks": []})").empty());
    CHECK(ingest_error(R"({"context": {}, "benchmarks": []})").empty());
  }
  SUBCASE("bad times name the benchmark") {
    // 0 is accepted since issue 16 (compare reports a zero gated metric as unusable).
    for (const char* bad : {"NaN", "Infinity", "-3.5", "2e15", "\"12\""}) {
      CAPTURE(bad);
      std::string message = ingest_error(doc(entry("BM_Bad", 0, bad)));
      CHECK(message.find("suite.json: real_time") == 0);
      CHECK(message.find("benchmark 'BM_Bad'") != std::string::npos);
    }
    // 2e15 us is far beyond 1e15 ns even though the number itself is smaller
    std::string text =
        doc(R"({"name": "BM_U", "real_time": 2e12, "cpu_time": 1, "time_unit": "us"})");
    CHECK(ingest_error(text).find("implausibly large") != std::string::npos);
    CHECK(
        ingest_error(doc(R"({"name": "BM_U", "real_time": 1, "cpu_time": 1, "time_unit": "min"})"))
            .find("unknown time_unit") != std::string::npos);
  }
  SUBCASE("a null counter is fine but a null time is not") {
    CHECK(ingest_error(doc(entry("BM_A", 0, "null"))).find("not finite") != std::string::npos);
  }
  SUBCASE("duplicate repetition") {
    std::string message =
        ingest_error(doc(entry("BM_Dup", 1, "5") + "," + entry("BM_Dup", 1, "6")));
    CHECK(message.find("duplicate benchmark (repetition_index 1 twice)") != std::string::npos);
    CHECK(message.find("BM_Dup") != std::string::npos);
  }
  SUBCASE("same name from two benchmark instances") {
    std::string second = entry("BM_Dup", 1, "6");
    second.replace(second.find("\"family_index\": 0"), 17, "\"family_index\": 3");
    std::string message = ingest_error(doc(entry("BM_Dup", 0, "5") + "," + second));
    CHECK(message.find("two different benchmark instances") != std::string::npos);
  }
  SUBCASE("old output without repetition_index may repeat names") {
    std::string a = R"({"name": "BM_Old", "real_time": 5, "cpu_time": 5, "iterations": 3})";
    bg::Run run = bg::ingest_benchmark_json(doc(a + "," + a), "old.json");
    CHECK(run.benchmarks[0].real_time_ns.size() == 2);
  }
}

TEST_CASE("ingest: environment fingerprint covers stable facts only") {
  nlohmann::json a = {{"host_name", "ci-1"},
                      {"executable", "/w1/build/suite"},
                      {"num_cpus", 2},
                      {"mhz_per_cpu", 2596},
                      {"cpu_scaling_enabled", false},
                      {"caches", {{{"type", "Data"}, {"level", 1}, {"size", 32768}}}},
                      {"load_avg", {1.0, 0.5, 0.1}},
                      {"date", "2026-11-23T12:00:00+00:00"},
                      {"library_build_type", "debug"}};
  nlohmann::json b = a;
  b["load_avg"] = {3.0, 2.0, 1.0};
  b["date"] = "2026-11-24T00:00:00+00:00";
  b["library_build_type"] = "release";
  b["mhz_per_cpu"] = 2611;              // rounds to the same 2600
  b["executable"] = "/w2/build/suite";  // same file name in another worktree
  CHECK(bg::environment_fingerprint(a) == bg::environment_fingerprint(b));
  nlohmann::json c = a;
  c["num_cpus"] = 4;
  CHECK(bg::environment_fingerprint(a) != bg::environment_fingerprint(c));
  nlohmann::json d = a;
  d["caches"][0]["size"] = 65536;
  CHECK(bg::environment_fingerprint(a) != bg::environment_fingerprint(d));
}

TEST_CASE("ingest: 10,000 benchmarks x 20 repetitions") {
  std::string text = std::string("{") + kContext + R"(, "benchmarks": [)";
  text.reserve(60'000'000);
  for (int b = 0; b < 10000; ++b) {
    for (int r = 0; r < 20; ++r) {
      if (b || r) text += ",";
      std::string name = "BM_Gen/" + std::to_string(b);
      text += R"({"name": ")" + name + R"(", "family_index": 0, "per_family_instance_index": )" +
              std::to_string(b) + R"(, "run_name": ")" + name +
              R"(", "run_type": "iteration", "repetitions": 20, "repetition_index": )" +
              std::to_string(r) + R"(, "threads": 1, "iterations": 1000, "real_time": )" +
              std::to_string(100 + r) + R"(, "cpu_time": 99.5, "time_unit": "ns", "x": NaN})";
    }
  }
  text += "]}";
  auto start = std::chrono::steady_clock::now();
  bg::Run run = bg::ingest_benchmark_json(text, "big.json");
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start);
  MESSAGE("ingest of " << text.size() << " bytes took " << ms.count()
                       << " ms");  // no assertion on time
  REQUIRE(run.benchmarks.size() == 10000);
  CHECK(run.benchmarks[9999].real_time_ns.size() == 20);
}
