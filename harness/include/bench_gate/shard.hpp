// Sharding of a suite's benchmarks across CI jobs.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

namespace bg {

// Return the shard 1..shard_count of a benchmark: FNV-1a 64 of the name, modulo shard_count, + 1.
// Stable across platforms and versions. shard_count < 1 is treated as 1.
int shard_of(std::string_view benchmark_name, int shard_count);

// Return FNV-1a 64 of the bytes.
std::uint64_t fnv1a64(std::string_view bytes);

// Parse "K/N" (1 <= K <= N <= kMaxShards); nullopt when malformed. The one rule for shards,
// on the command line and in stored notes.
inline constexpr int kMaxShards = 1000;
std::optional<std::pair<int, int>> parse_shard(std::string_view text);

}  // namespace bg
