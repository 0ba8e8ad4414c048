#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "bench_gate/callgrind.hpp"
#include "bench_gate/ingest.hpp"

namespace {

const std::string kDir = std::string(BENCH_GATE_TEST_DATA) + "/callgrind/";

std::string read(const std::string& name) {
  std::ifstream in(kDir + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<bg::CallgrindPart> all_parts() {
  std::vector<bg::CallgrindPart> parts;
  for (const auto& e : std::filesystem::directory_iterator(kDir)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("callgrind.out", 0) == 0) parts.push_back(bg::parse_callgrind_part(read(name), name));
  }
  return parts;
}

const bg::BenchmarkResult* find(const bg::Run& run, const std::string& name) {
  for (const auto& b : run.benchmarks)
    if (b.name == name) return &b;
  return nullptr;
}

}  // namespace

TEST_CASE("callgrind: parts of a real run") {
  SUBCASE("a loop part: ended by FinishKeepRunning, its Ir totals") {
    const bg::CallgrindPart p = bg::parse_callgrind_part(read("callgrind.out.2"), "part 2");
    CHECK(p.number == 2);
    CHECK(p.end == bg::PartEnd::loop_end);
    CHECK(p.instructions == 8879);
  }
  SUBCASE("the other ends") {
    CHECK(bg::parse_callgrind_part(read("callgrind.out.1"), "1").end == bg::PartEnd::loop_start);
    CHECK(bg::parse_callgrind_part(read("callgrind.out.3"), "3").end == bg::PartEnd::report);
    const bg::CallgrindPart last = bg::parse_callgrind_part(read("callgrind.out"), "last");
    CHECK(last.number == 14);
    CHECK(last.end == bg::PartEnd::other);  // "Program termination"
  }
  SUBCASE("not callgrind output, no part, no totals: one line naming the origin") {
    CHECK_THROWS_WITH(bg::parse_callgrind_part("hello\n", "x.out"), "x.out: not callgrind output");
    CHECK_THROWS_WITH(bg::parse_callgrind_part("# callgrind format\nevents: Ir\ntotals: 5\n", "y"),
                      "y: no 'part:' number");
    CHECK_THROWS_WITH(bg::parse_callgrind_part("# callgrind format\npart: 3\nevents: Ir\n", "z"),
                      "z: no instruction (Ir) totals");
    CHECK_THROWS_AS(bg::parse_callgrind_part("# callgrind format\npart: 3\nevents: Ir\ntotals: -4\n", "w"),
                    bg::Error);
  }
}

TEST_CASE("callgrind: parts matched to benchmarks by the calls") {
  const std::string text = read("suite.json");
  const nlohmann::json json = nlohmann::json::parse(text);
  bg::Run run = bg::ingest_benchmark_json(text, "suite.json");
  REQUIRE(run.benchmarks.size() == 5);

  SUBCASE("loops counted, errors without a count, a benchmark with its own MinTime") {
    const auto warnings = bg::attach_instructions(run, all_parts(), json, "suite");
    CHECK(warnings.empty());
    REQUIRE(find(run, "BM_work/1000"));
    CHECK(find(run, "BM_work/1000")->instructions == std::vector<double>{8879});
    CHECK(find(run, "BM_work/5000")->instructions == std::vector<double>{40023});
    // SkipWithError before returning (no loop at all) and inside a loop: no count
    CHECK(find(run, "BM_skip")->instructions.empty());
    CHECK(find(run, "BM_skip_loop")->instructions.empty());
    REQUIRE(find(run, "BM_mintime/min_time:0.001"));
    CHECK(find(run, "BM_mintime/min_time:0.001")->instructions.size() == 1);
  }
  SUBCASE("parts given in any order: part numbers decide") {
    auto parts = all_parts();
    std::reverse(parts.begin(), parts.end());
    bg::attach_instructions(run, parts, json, "suite");
    CHECK(find(run, "BM_work/5000")->instructions == std::vector<double>{40023});
  }
  SUBCASE("per iteration: divided by the JSON's iterations") {
    nlohmann::json copy = json;
    for (auto& b : copy["benchmarks"])
      if (b["name"] == "BM_work/5000") b["iterations"] = 3;
    bg::attach_instructions(run, all_parts(), copy, "suite");
    CHECK(find(run, "BM_work/5000")->instructions.front() == doctest::Approx(40023.0 / 3));
  }
  SUBCASE("a report part missing: refused, never shifted onto the wrong benchmark") {
    auto parts = all_parts();
    std::erase_if(parts, [](const bg::CallgrindPart& p) { return p.number == 7; });
    CHECK_THROWS_AS(bg::attach_instructions(run, parts, json, "suite"), bg::Error);
    try {
      bg::attach_instructions(run, parts, json, "suite");
    } catch (const bg::Error& e) {
      CHECK(e.code() == bg::ExitCode::suite_failed);
      CHECK(std::string(e.what()).find("callgrind saw 4 reported benchmarks") != std::string::npos);
    }
  }
  SUBCASE("a multi-threaded benchmark is removed with a warning") {
    nlohmann::json copy = json;
    for (auto& b : copy["benchmarks"])
      if (b["name"] == "BM_work/1000") b["threads"] = 2;
    const auto warnings = bg::attach_instructions(run, all_parts(), copy, "suite");
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find("runs on 2 threads") != std::string::npos);
    CHECK(find(run, "BM_work/1000") == nullptr);
    CHECK(find(run, "BM_work/5000")->instructions == std::vector<double>{40023});
  }
}
