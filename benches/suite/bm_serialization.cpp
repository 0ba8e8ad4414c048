// Serialization workloads: 10,000 generated records encoded to and decoded from JSON (nlohmann
// baseline, typed fast path, RapidJSON writer), MessagePack (nlohmann and typed) and CBOR.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "serialization/binary_formats.hpp"
#include "serialization/json_fast.hpp"
#include "serialization/json_nlohmann.hpp"
#include "serialization/msgpack_typed.hpp"
#include "serialization/records.hpp"

namespace {

constexpr std::size_t kRecordCount = 10'000;

const std::vector<wl::Record>& dataset() {
  static const std::vector<wl::Record> records = wl::generate_records(kRecordCount);
  return records;
}

void report(benchmark::State& state, std::size_t encoded_bytes) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * encoded_bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kRecordCount));
  state.SetLabel(std::to_string(encoded_bytes) + " bytes");
}

template <typename Encode>
void bench_encode(benchmark::State& state, Encode encode) {
  const std::vector<wl::Record>& records = dataset();
  std::size_t size = 0;
  for (auto _ : state) {
    auto encoded = encode(records);
    size = encoded.size();
    benchmark::DoNotOptimize(encoded.data());
  }
  report(state, size);
}

template <typename Encode, typename Decode>
void bench_decode(benchmark::State& state, Encode encode, Decode decode) {
  const auto encoded = encode(dataset());
  if (decode(encoded).records != dataset()) {
    state.SkipWithError("decoded records differ from the dataset");
    return;
  }
  for (auto _ : state) {
    wl::DecodeResult result = decode(encoded);
    benchmark::DoNotOptimize(result.records.data());
  }
  report(state, encoded.size());
}

template <typename Function>
void add(const char* name, Function function) {
  benchmark::RegisterBenchmark(name, function)->Unit(benchmark::kMillisecond);
}

const bool registered = [] {
  add("serialization/json_nlohmann_encode/10k",
      [](benchmark::State& s) { bench_encode(s, wl::encode_json_nlohmann); });
  add("serialization/json_nlohmann_decode/10k", [](benchmark::State& s) {
    bench_decode(s, wl::encode_json_nlohmann, wl::decode_json_nlohmann);
  });
  add("serialization/json_fast_encode/10k",
      [](benchmark::State& s) { bench_encode(s, wl::encode_json_fast); });
  add("serialization/json_rapidjson_encode/10k",
      [](benchmark::State& s) { bench_encode(s, wl::encode_json_rapidjson); });
  add("serialization/json_fast_decode/10k", [](benchmark::State& s) {
    wl::JsonFastDecoder decoder;  // reused across iterations, as a server would
    bench_decode(s, wl::encode_json_fast,
                 [&decoder](const std::string& json) { return decoder.decode(json); });
  });
  add("serialization/msgpack_encode/10k",
      [](benchmark::State& s) { bench_encode(s, wl::encode_msgpack); });
  add("serialization/msgpack_decode/10k", [](benchmark::State& s) {
    bench_decode(s, wl::encode_msgpack,
                 [](const std::vector<std::uint8_t>& bytes) { return wl::decode_msgpack(bytes); });
  });
  add("serialization/msgpack_typed_encode/10k",
      [](benchmark::State& s) { bench_encode(s, wl::encode_msgpack_typed); });
  add("serialization/msgpack_typed_decode/10k", [](benchmark::State& s) {
    bench_decode(s, wl::encode_msgpack_typed, [](const std::vector<std::uint8_t>& bytes) {
      return wl::decode_msgpack_typed(bytes);
    });
  });
  add("serialization/cbor_encode/10k",
      [](benchmark::State& s) { bench_encode(s, wl::encode_cbor); });
  add("serialization/cbor_decode/10k", [](benchmark::State& s) {
    bench_decode(s, wl::encode_cbor,
                 [](const std::vector<std::uint8_t>& bytes) { return wl::decode_cbor(bytes); });
  });
  return true;
}();

}  // namespace
