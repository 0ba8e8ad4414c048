// Source of real_1.7.1.json (not built by CMake). Regenerate with:
//   g++ -O2 fixture_suite.cpp -o /tmp/fixture_suite -lbenchmark -lpthread
//   /tmp/fixture_suite --benchmark_format=json --benchmark_repetitions=5 \
//       --benchmark_min_time=0.01 > real_1.7.1.json
#include <benchmark/benchmark.h>

#include <cmath>
#include <string>
#include <utility>

static void BM_Sum(benchmark::State& state) {
  long total = 0;
  for (auto _ : state) {
    for (long i = 0; i < state.range(0); ++i) benchmark::DoNotOptimize(total += i);
  }
  state.SetBytesProcessed(state.iterations() * state.range(0) * 8);
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["ratio"] = NAN;  // printed as a bare NaN token
}
BENCHMARK(BM_Sum)->Arg(8)->Arg(512)->Unit(benchmark::kMicrosecond);

static void BM_Concat(benchmark::State& state) {
  for (auto _ : state) {
    std::string s(64, 'x');
    benchmark::DoNotOptimize(s += s);
  }
  state.SetLabel("label with | pipe");
}
BENCHMARK(BM_Concat);

template <typename T>
static void BM_Pair(benchmark::State& state) {
  T value{};
  for (auto _ : state) benchmark::DoNotOptimize(value);
}
BENCHMARK_TEMPLATE(BM_Pair, std::pair<int, int>)->Unit(benchmark::kMillisecond)->UseRealTime();

static void BM_Broken(benchmark::State& state) {
  for (auto _ : state) {
    state.SkipWithError("could not open fixture file");
    break;
  }
}
BENCHMARK(BM_Broken);

BENCHMARK_MAIN();
