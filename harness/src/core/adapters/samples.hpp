// What the adapters of core/adapters/ share: a time sample read from a results file, checked.
#pragma once

#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "bench_gate/util/json_fields.hpp"

namespace bg::adapter_support {

inline constexpr double kMaxSampleNs = 1e15;  // as Google Benchmark ingest: ~11.6 days

// Return `value` x `factor` as ns per iteration; fails "<origin>: <path>.<key>: expected ..." when
// it is not a number, not finite, negative or above 1e15 ns.
inline double sample_ns(const util::JsonFields& fields, const char* key,
                        const nlohmann::json& value, double factor) {
  const double ns = value.is_number() ? value.get<double>() * factor : -1;
  if (!value.is_number() || !std::isfinite(ns) || ns < 0 || ns > kMaxSampleNs) {
    fields.fail(key, "expected a time >= 0 and <= 1e15 ns, got " + util::show_json(value));
  }
  return ns;
}

// The array `key` of `fields` (fails "expected an array" otherwise, "is missing" when absent).
inline const nlohmann::json& array_field(const util::JsonFields& fields, const char* key) {
  const nlohmann::json& value = fields.required(key);
  if (!value.is_array()) fields.fail(key, "expected an array, got " + util::show_json(value));
  return value;
}

}  // namespace bg::adapter_support
