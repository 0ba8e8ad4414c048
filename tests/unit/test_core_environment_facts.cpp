// The facts of the measuring process (issue 12 item 6): stored as optional note fields, compared
// between base and head, one report line per fact that differs.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "bench_gate/compare.hpp"
#include "bench_gate/environment.hpp"
#include "bench_gate/note_codec.hpp"

namespace {

bg::Run run_with(long long environment_bytes, const std::string& governor = "unknown") {
  bg::Run run;
  run.run_id = "r" + std::to_string(environment_bytes);
  run.environment = bg::environment_from_context({{"host_name", "ci-1"}, {"num_cpus", 2}});
  run.environment.environment_bytes = environment_bytes;
  run.environment.working_directory_length = 17;
  run.environment.aslr = "2";
  run.environment.cpu_governor = governor;
  bg::BenchmarkResult b;
  b.name = "BM_A";
  for (int i = 0; i < 5; ++i) b.real_time_ns.push_back(100 + i);
  b.cpu_time_ns = b.real_time_ns;
  b.iterations = 10;
  run.benchmarks.push_back(b);
  return run;
}

std::vector<std::string> differences(const bg::Run& base, const bg::Run& head) {
  bg::CompareInput input;
  input.base_runs = {base};
  input.head_runs = {head};
  return bg::compare_runs(input).environment_differences;
}

}  // namespace

TEST_CASE("environment facts: a larger environment block is named with its size difference") {
  const auto lines = differences(run_with(1204), run_with(5880));
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] ==
        "environment block: 1,204 → 5,880 bytes (+4,676; getenv() scans it and the stack starts "
        "lower)");
  bg::CompareInput input;
  input.base_runs = {run_with(1204)};
  input.head_runs = {run_with(5880)};
  CHECK(bg::compare_runs(input).environments_differ);
}

TEST_CASE("environment facts: equal facts say nothing; unknown ones are not compared") {
  CHECK(differences(run_with(1204), run_with(1204)).empty());
  // A shell's `$_` or a job id: tens of bytes, not a different environment.
  CHECK(differences(run_with(1418), run_with(1397)).empty());
  CHECK(differences(run_with(1204), run_with(1204 + 255)).empty());
  CHECK(differences(run_with(1204), run_with(1204 + 256)).size() == 1);
  bg::Run older = run_with(1204);  // a note of an older version: no facts at all
  older.environment.environment_bytes = -1;
  older.environment.working_directory_length = -1;
  older.environment.aslr.clear();
  older.environment.cpu_governor.clear();
  CHECK(differences(older, run_with(5880)).empty());
  bg::CompareInput input;
  input.base_runs = {older};
  input.head_runs = {run_with(5880)};
  CHECK_FALSE(bg::compare_runs(input).environments_differ);
}

TEST_CASE("environment facts: governor, ASLR and compiler flags") {
  bg::Run head = run_with(1204, "performance");
  head.environment.aslr = "0";
  head.environment.compiler_flags = "-O3 -march=native";
  bg::Run base = run_with(1204, "powersave");
  base.environment.compiler_flags = "-O2";
  const auto lines = differences(base, head);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "ASLR (randomize_va_space): 2 → 0");
  CHECK(lines[1] == "CPU governor: powersave → performance");
  CHECK(lines[2] == "compiler flags: -O2 → -O3 -march=native");
}

TEST_CASE("environment facts: stored as optional note fields, read back, absent in old notes") {
  bg::NoteDocument doc;
  doc.commit = std::string(40, 'a');
  doc.runs = {run_with(5880, "schedutil")};
  doc.runs[0].environment.compiler_flags = "-O2 -g";
  const bg::NoteDocument back = bg::parse_note(bg::serialize_note(doc), "note");
  REQUIRE(back.runs.size() == 1);
  const bg::Environment& e = back.runs[0].environment;
  CHECK(e.environment_bytes == 5880);
  CHECK(e.working_directory_length == 17);
  CHECK(e.aslr == "2");
  CHECK(e.cpu_governor == "schedutil");
  CHECK(e.compiler_flags == "-O2 -g");
  CHECK(back.schema_version == 1);

  // Unknown facts are not written (a reader of an older version sees the note it knows).
  bg::Run plain = run_with(-1);
  plain.environment.working_directory_length = -1;
  plain.environment.aslr.clear();
  plain.environment.cpu_governor.clear();
  const auto json = bg::run_to_json(plain);
  CHECK_FALSE(json["environment"].contains("environment_bytes"));
  CHECK_FALSE(json["environment"].contains("aslr"));
  CHECK(bg::run_from_json(json, "run").environment.environment_bytes == -1);

  // A suite that publishes its flags: read from its context.
  const auto from_context = bg::environment_from_context(
      {{"host_name", "h"}, {"bench_gate_suite_compiler_flags", "-O3 -DNDEBUG"}});
  CHECK(from_context.compiler_flags == "-O3 -DNDEBUG");
}
