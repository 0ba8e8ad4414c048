// hashing/<algorithm>/<size>: digest throughput of one whole message per iteration.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hashing/digest.hpp"

namespace {

struct Size {
  const char* name;
  std::size_t bytes;
};
constexpr Size kSizes[] = {{"1KiB", 1 << 10},
                           {"10KiB", 10 << 10},
                           {"100KiB", 100 << 10},
                           {"1MiB", 1 << 20},
                           {"10MiB", 10 << 20}};

// Clear the upper halves of the vector registers before a timed loop. OpenSSL's ChaCha20-Poly1305
// (its AVX-512 code on this machine) leaves them dirty, and with random interleaving every later
// repetition of the SSE2-compiled XXH3 in the same process ran 2.5x slower (59 vs 150 ns per KiB):
// the measurement depended on which benchmark ran before, not on XXH3. One VZEROUPPER per
// repetition, outside the timed loop, makes the benchmark measure XXH3 alone.
#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx"))) void clear_upper_vector_state() { __builtin_ia32_vzeroupper(); }
void start_clean() {
  static const bool has_avx = __builtin_cpu_supports("avx");
  if (has_avx) clear_upper_vector_state();
}
#else
void start_clean() {}
#endif

std::vector<std::uint8_t> filled(std::size_t size) {
  std::vector<std::uint8_t> out(size);
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>(i * 131 + 7);
  return out;
}

void evp_digest(benchmark::State& state, wl::EvpDigestAlgorithm algorithm, std::size_t size) {
  wl::EvpHasher hasher(algorithm);
  const auto data = filled(size);
  std::vector<std::uint8_t> digest(hasher.digest_size());
  for (auto _ : state) {
    hasher.digest_into(data, digest);
    benchmark::DoNotOptimize(digest.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
}

void xxh3_64(benchmark::State& state, std::size_t size) {
  const auto data = filled(size);
  start_clean();
  for (auto _ : state) benchmark::DoNotOptimize(wl::xxh3_64(data));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
}

void xxh3_128(benchmark::State& state, std::size_t size) {
  const auto data = filled(size);
  start_clean();
  for (auto _ : state) benchmark::DoNotOptimize(wl::xxh3_128(data));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
}

const bool kRegistered = [] {
  using Runner = std::function<void(benchmark::State&, std::size_t)>;
  const std::pair<const char*, Runner> algorithms[] = {
      {"sha256", [](benchmark::State& s,
                    std::size_t n) { evp_digest(s, wl::EvpDigestAlgorithm::sha256, n); }},
      {"blake2b512", [](benchmark::State& s,
                        std::size_t n) { evp_digest(s, wl::EvpDigestAlgorithm::blake2b512, n); }},
      {"xxh3_64", xxh3_64},
      {"xxh3_128", xxh3_128},
  };
  for (const auto& [name, run] : algorithms) {
    for (const Size& size : kSizes) {
      benchmark::RegisterBenchmark(
          ("hashing/" + std::string(name) + "/" + size.name).c_str(),
          [run = run, bytes = size.bytes](benchmark::State& state) { run(state, bytes); });
    }
  }
  return true;
}();

}  // namespace
