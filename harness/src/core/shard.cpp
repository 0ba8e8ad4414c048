#include "bench_gate/shard.hpp"

#include <charconv>

namespace bg {

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

int shard_of(std::string_view benchmark_name, int shard_count) {
  if (shard_count < 1) shard_count = 1;
  return static_cast<int>(fnv1a64(benchmark_name) % static_cast<std::uint64_t>(shard_count)) + 1;
}

std::optional<std::pair<int, int>> parse_shard(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto number = [](std::string_view s) -> std::optional<int> {
    int value = 0;
    if (s.empty() || s.size() > 6) return std::nullopt;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
    return value;
  };
  auto k = number(text.substr(0, slash));
  auto n = number(text.substr(slash + 1));
  if (!k || !n || *k < 1 || *n < 1 || *k > *n || *n > kMaxShards) return std::nullopt;
  return std::pair{*k, *n};
}

}  // namespace bg
