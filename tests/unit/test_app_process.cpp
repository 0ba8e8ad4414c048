// run_process: a process is finished when it exits, and its output is streamed in constant memory
// (issue 11, kinds 11 and 12).
#include <doctest/doctest.h>

#include <signal.h>

#include <chrono>
#include <string>
#include <vector>

#include "bench_gate/app/process.hpp"

TEST_CASE("process: finished when it exits, although a child still holds its stdout") {
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::string> lines;
  bg::ProcessResult r = bg::run_process({"sh", "-c", "sleep 30 & echo $!; echo done >&2"}, 0,
                                        [&](const std::string& line) { lines.push_back(line); });
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(lines.size() == 1);
  ::kill(std::stoi(lines[0]), SIGKILL);  // the child left behind
  CHECK(r.started);
  CHECK(r.exit_status == 0);
  CHECK_FALSE(r.timed_out);
  CHECK(r.stderr_tail == "done\n");
  CHECK(seconds < 10);
}

TEST_CASE("process: --timeout is not hit by a child left behind") {
  std::vector<std::string> lines;
  bg::ProcessResult r = bg::run_process({"sh", "-c", "sleep 30 & echo $!"}, 3,
                                        [&](const std::string& line) { lines.push_back(line); });
  REQUIRE(lines.size() == 1);
  ::kill(std::stoi(lines[0]), SIGKILL);
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_status == 0);
}

TEST_CASE("process: a timeout kills the whole process group") {
  bg::ProcessResult r = bg::run_process({"sh", "-c", "sleep 30; echo never"}, 1);
  CHECK(r.timed_out);
  CHECK(r.stdout_tail.empty());
}

TEST_CASE("process: long output is streamed; lines are cut, tails are bounded") {
  std::vector<std::size_t> sizes;
  std::string last;
  bg::ProcessResult r = bg::run_process(
      {"sh", "-c",
       "head -c 3000000 /dev/zero | tr '\\0' x; echo; echo last; head -c 100000 /dev/zero >&2"},
      0, [&](const std::string& line) {
        sizes.push_back(line.size());
        last = line;
      });
  REQUIRE(sizes.size() == 2);
  CHECK(sizes[0] == bg::kMaxStdoutLine);
  CHECK(last == "last");
  CHECK(r.stdout_tail.size() == 4096);
  CHECK(r.stdout_tail.substr(r.stdout_tail.size() - 6) == "\nlast\n");
  CHECK(r.stderr_tail.size() == 4096);
}

TEST_CASE("process: the last line without a newline is delivered") {
  std::vector<std::string> lines;
  bg::run_process({"printf", "a\\nb"}, 0, [&](const std::string& line) { lines.push_back(line); });
  CHECK(lines == std::vector<std::string>{"a", "b"});
}
