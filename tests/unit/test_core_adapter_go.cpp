// Issue 16: the Go adapter on real `go test -bench . -count 10 -benchmem` output
// (tests/data/go/regenerate.sh) and on malformed lines (one-line errors naming file and line).
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

const std::vector<double>* counter(const bg::BenchmarkResult& b, const std::string& name) {
  for (const auto& [key, values] : b.counters) {
    if (key == name) return &values;
  }
  return nullptr;
}

std::string error_of(const std::string& text) {
  try {
    bg::ingest_go_bench(text, "bench.txt");
  } catch (const bg::Error& e) {
    CHECK(e.code() == bg::ExitCode::input_error);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("go adapter: real go test -bench output, every -count line a repetition") {
  const std::string text = read_data("go/base.txt");
  CHECK(bg::looks_like_go_bench(text));
  CHECK_FALSE(bg::looks_like_go_bench(read_data("hyperfine/base.json")));
  const bg::Run run = bg::ingest_results(text, "base.txt");  // chosen by content
  REQUIRE(run.benchmarks.size() == 3);
  const bg::BenchmarkResult& sha = run.benchmarks[0];
  CHECK(sha.name.rfind("BenchmarkSHA256", 0) == 0);  // as go prints it, -P suffix included
  CHECK(sha.real_time_ns.size() == 10);
  CHECK(sha.cpu_time_ns == std::vector<double>(10, 0.0));
  CHECK(sha.real_time_ns[0] > 1000);  // ns/op of hashing 4 KiB
  CHECK(sha.iterations >= 1);
  REQUIRE(counter(sha, "MB/s"));
  CHECK(counter(sha, "MB/s")->size() == 10);
  REQUIRE(counter(sha, "allocs/op"));
  const bg::BenchmarkResult& alloc = run.benchmarks[1];
  REQUIRE(counter(alloc, "B/op"));
  CHECK(counter(alloc, "B/op")->front() == 256);
  CHECK(counter(alloc, "allocs/op")->front() == 1);
  REQUIRE(counter(run.benchmarks[2], "bytes/op-custom"));  // b.ReportMetric
  CHECK(run.environment.context.at("goos") == "linux");
  CHECK(run.environment.context.at("pkg") == "example.com/work");
  CHECK(run.environment.context.at("harness") == "go");
}

TEST_CASE("go adapter: several packages, failures, skips, CRLF") {
  const std::string text =
      "goos: linux\r\npkg: a/one\r\nBenchmarkX-4 \t 10\t 100 ns/op\r\n"
      "pkg: a/two\r\nBenchmarkX-4 \t 10\t 200 ns/op\r\n--- FAIL: BenchmarkBroken\r\n"
      "    broken_test.go:9: boom\r\n--- SKIP: BenchmarkLater\r\n    later_test.go:3: not yet\r\n";
  const bg::Run run = bg::ingest_go_bench(text, "bench.txt");
  REQUIRE(run.benchmarks.size() == 4);
  CHECK(run.benchmarks[0].name == "a/one.BenchmarkX-4");
  CHECK(run.benchmarks[1].name == "a/two.BenchmarkX-4");
  CHECK(run.benchmarks[1].real_time_ns == std::vector<double>{200});
  CHECK(run.benchmarks[2].name == "a/two.BenchmarkBroken-4");  // go prints no -P suffix there
  REQUIRE(run.benchmarks[2].error);
  CHECK(*run.benchmarks[2].error == "broken_test.go:9: boom");
  REQUIRE(run.benchmarks[3].skipped);
  CHECK(*run.benchmarks[3].skipped == "later_test.go:3: not yet");
}

TEST_CASE("go adapter: malformed input is one line naming the file and line") {
  CHECK(error_of("PASS\nok x 0.1s\n").find("bench.txt: no benchmark result lines") == 0);
  const std::string bad_time = error_of("pkg: p\nBenchmarkX-2  10  fast ns/op\n");
  CHECK(bad_time.find("bench.txt: line 2: ns/op: expected a number >= 0, got 'fast'") == 0);
  CHECK(error_of("BenchmarkX-2  0  5 ns/op\n").find("line 1: iterations") != std::string::npos);
  CHECK(error_of("BenchmarkX-2  10  5 ns/op 7\n").find("value '7' has no unit") != std::string::npos);
  CHECK(error_of("BenchmarkX-2  10  5 B/op\n").find("has no ns/op value") != std::string::npos);
  CHECK(error_of("BenchmarkX-2  10  -5 ns/op\n").find("got '-5'") != std::string::npos);
  CHECK(error_of("BenchmarkX\x1b[31m-2  1  5 ms/op\n").find('\x1b') == std::string::npos);
}

TEST_CASE("adapters: --harness NAME picks the adapter; an unknown name lists the known ones") {
  CHECK(bg::find_adapter("go").name == "go");
  try {
    bg::find_adapter("nope");
    FAIL("accepted an unknown harness");
  } catch (const bg::Error& e) {
    const std::string message = e.what();
    CHECK(e.code() == bg::ExitCode::input_error);
    CHECK(message.find("unknown harness 'nope' (known: ") == 0);
    CHECK(message.find("go") != std::string::npos);
    CHECK(message.find("cargo-criterion") != std::string::npos);
    CHECK(message.find("google-benchmark") != std::string::npos);
  }
  // Forced: a Go file read as hyperfine is that adapter's error, not a silent sniff.
  CHECK_THROWS_AS(bg::ingest_results(read_data("go/base.txt"), "b.txt", "hyperfine"), bg::Error);
}
