// The tiny Catch2 benchmark of regenerate.sh: BENCH_N sets the size of the work.
#define CATCH_CONFIG_MAIN
#define CATCH_CONFIG_ENABLE_BENCHMARKING
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <numeric>
#include <vector>

namespace {

int size() {
  const char* n = std::getenv("BENCH_N");
  return n ? std::atoi(n) : 200000;
}

}  // namespace

TEST_CASE("work") {
  const int n = size();
  std::vector<unsigned> data(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) data[static_cast<std::size_t>(i)] = static_cast<unsigned>(i) * 2654435761u;
  BENCHMARK("work/sum") { return std::accumulate(data.begin(), data.end(), 0ull); };
  BENCHMARK("work/sort") {
    std::vector<unsigned> copy = data;
    std::sort(copy.begin(), copy.end());
    return copy.front();
  };
  CHECK(n > 0);
}
