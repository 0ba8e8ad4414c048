// Issue 16: reading a saved Criterion baseline from a real target/criterion directory
// (tests/data/criterion/target/criterion: baselines base, head, same).
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "bench_gate/app/criterion_dir.hpp"
#include "bench_gate/util/files.hpp"

namespace {

const std::string kRoot = std::string(BENCH_GATE_TEST_DATA) + "/criterion/target/criterion";

std::string error_of(const std::string& root, const std::string& baseline) {
  try {
    bg::read_criterion_directory(root, baseline);
  } catch (const bg::Error& e) {
    CHECK(e.code() == bg::ExitCode::input_error);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("criterion dir: the named baseline's benchmarks, in path order") {
  const bg::Run base = bg::read_criterion_directory(kRoot, "base");
  REQUIRE(base.benchmarks.size() == 3);
  CHECK(base.benchmarks[0].name == "sum_bytes");
  CHECK(base.benchmarks[1].name == "work/lcg/1000");
  CHECK(base.benchmarks[2].name == "work/lcg/4000");
  CHECK(base.environment.context.at("criterion_baseline") == "base");
  const bg::Run head = bg::read_criterion_directory(kRoot, "head");
  REQUIRE(head.benchmarks.size() == 3);
  CHECK(head.benchmarks[1].real_time_ns != base.benchmarks[1].real_time_ns);
}

TEST_CASE("criterion dir: a missing baseline names the directory and the baselines found") {
  const std::string message = error_of(kRoot, "main");
  CHECK(message.find(kRoot + ": no Criterion baseline 'main' (baselines found: base, head, same)") == 0);
  bg::util::TempDir empty("bench-gate-crit");
  CHECK(error_of(empty.path(), "new").find("(no saved baseline at all)") != std::string::npos);
  CHECK(error_of(kRoot + "/absent", "new").find(kRoot + "/absent: ") == 0);
  CHECK(error_of(kRoot, "../x").find("--baseline: '../x' is not a baseline name") == 0);
}

TEST_CASE("criterion dir: only files written since a time, when asked") {
  const auto future = std::filesystem::file_time_type::clock::now() + std::chrono::hours(1);
  try {
    bg::read_criterion_directory(kRoot, "base", future);
    FAIL("read stale files");
  } catch (const bg::Error& e) {
    CHECK(std::string(e.what()).find("no Criterion baseline 'base' written by this run") !=
          std::string::npos);
  }
}
