// main() of the project's benchmark binaries: Google Benchmark's, with a short default
// --benchmark_min_time (0.05 s) so one repetition of the whole suite stays under a minute.
// Setting the time here instead of ->MinTime() keeps benchmark names free of a "/min_time:"
// suffix, so tier patterns and stored history do not depend on it. A flag given on the command
// line wins.
#include <benchmark/benchmark.h>

#include <cstring>
#include <vector>

int main(int argc, char** argv) {
  std::vector<char*> args(argv, argv + argc);
  bool has_min_time = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--benchmark_min_time", 20) == 0) has_min_time = true;
  }
  static char default_min_time[] = "--benchmark_min_time=0.05";
  if (!has_min_time) args.insert(args.begin() + 1, default_min_time);
  int count = static_cast<int>(args.size());
  args.push_back(nullptr);
  benchmark::Initialize(&count, args.data());
  if (benchmark::ReportUnrecognizedArguments(count, args.data())) return 1;
  benchmark::AddCustomContext("bench_gate_suite_compiler", __VERSION__);
#ifdef BENCH_GATE_SUITE_FLAGS
  benchmark::AddCustomContext("bench_gate_suite_compiler_flags", BENCH_GATE_SUITE_FLAGS);
#endif
#ifdef NDEBUG
  benchmark::AddCustomContext("bench_gate_suite_build_type", "release");
#else
  benchmark::AddCustomContext("bench_gate_suite_build_type", "debug");
#endif
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
