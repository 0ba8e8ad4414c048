// The comparison as JSON (`bench-gate compare --json`, `bench-gate report --input`): a documented,
// versioned schema; see templates/README.md ("Comparison JSON") for every field.
//
// schema_version 1: { schema_version, base_rev, head_rev, base_commit, head_commit, merge_base,
//   baseline_commit, baseline_distance, mode, environments_differ, environment_differences[],
//   missing_shards[], rule, correction, exit_code (int), exit_status (name),
//   base_environments[] / head_environments[] {host, compiler, build_type, fingerprint, context},
//   benchmarks[] {name, tier, threshold, action "fail"|"warn", verdict "regression"|"improvement"|
//   "unchanged"|"inconclusive"|"new"|"removed"|"failed", unit, base_center, head_center, change,
//   ci_low, ci_high, p_value, p_adjusted, mde, base_samples, head_samples, base_runs, head_runs,
//   repetitions_needed, noise_source, message} }.  Non-finite numbers are written as null.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "bench_gate/model.hpp"

namespace bg {

inline constexpr int kComparisonSchemaVersion = 1;

// Return the comparison as a schema_version 1 document.
nlohmann::json comparison_to_json(const Comparison& comparison);

// Read a comparison document. Throws Error(input_error) naming `origin` and the field at fault on
// a wrong type or missing required field, and on a schema_version other than 1. Unknown fields
// are ignored; missing optional fields take their defaults.
Comparison comparison_from_json(const nlohmann::json& document, const std::string& origin);

}  // namespace bg
