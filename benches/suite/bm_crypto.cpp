// crypto/<algorithm>_<seal|open>/<size>: AEAD throughput of one message per iteration.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "crypto/aead.hpp"

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

struct Algorithm {
  const char* name;
  wl::AeadAlgorithm algorithm;
};
constexpr Algorithm kAlgorithms[] = {{"aes256gcm", wl::AeadAlgorithm::aes256gcm},
                                     {"chacha20poly1305", wl::AeadAlgorithm::chacha20poly1305}};

std::vector<std::uint8_t> filled(std::size_t size, std::uint8_t seed) {
  std::vector<std::uint8_t> out(size);
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>(i * 131 + seed);
  return out;
}

const std::vector<std::uint8_t> kAad = filled(24, 3);

void seal(benchmark::State& state, wl::AeadAlgorithm algorithm, std::size_t size) {
  wl::Aead aead(algorithm, filled(wl::kAeadKeySize, 1));
  const auto plaintext = filled(size, 2);
  std::vector<std::uint8_t> sealed(wl::sealed_size(size));
  for (auto _ : state) {
    benchmark::DoNotOptimize(aead.seal_into(plaintext, kAad, sealed));
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
}

void open(benchmark::State& state, wl::AeadAlgorithm algorithm, std::size_t size) {
  wl::Aead aead(algorithm, filled(wl::kAeadKeySize, 1));
  const auto sealed = aead.seal(filled(size, 2), kAad);
  std::vector<std::uint8_t> plaintext(size);
  for (auto _ : state) {
    const wl::OpenResult result = aead.open_into(sealed, kAad, plaintext);
    if (!result.ok()) {
      state.SkipWithError("open failed on an untampered message");
      break;
    }
    benchmark::DoNotOptimize(plaintext.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
}

const bool kRegistered = [] {
  for (const Algorithm& algorithm : kAlgorithms) {
    for (const Size& size : kSizes) {
      const std::string suffix = std::string("/") + size.name;
      benchmark::RegisterBenchmark(
          ("crypto/" + std::string(algorithm.name) + "_seal" + suffix).c_str(),
          [=](benchmark::State& state) { seal(state, algorithm.algorithm, size.bytes); });
      benchmark::RegisterBenchmark(
          ("crypto/" + std::string(algorithm.name) + "_open" + suffix).c_str(),
          [=](benchmark::State& state) { open(state, algorithm.algorithm, size.bytes); });
    }
  }
  return true;
}();

}  // namespace
