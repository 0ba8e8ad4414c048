#include <benchmark/benchmark.h>
static void BM_work(benchmark::State& state) {
  for (auto _ : state) {
    unsigned long x = 0;
    for (long i = 0; i < state.range(0); ++i) benchmark::DoNotOptimize(x += i * 7);
  }
}
BENCHMARK(BM_work)->Arg(1000)->Arg(5000);
static void BM_skip(benchmark::State& state) {
  state.SkipWithError("nope");
  return;
}
BENCHMARK(BM_skip);
static void BM_skip_loop(benchmark::State& state) {
  state.SkipWithError("nope in loop");
  for (auto _ : state) {}
}
BENCHMARK(BM_skip_loop);
static void BM_mintime(benchmark::State& state) {
  for (auto _ : state) { benchmark::DoNotOptimize(state.iterations()); }
}
BENCHMARK(BM_mintime)->MinTime(0.001);
BENCHMARK_MAIN();
