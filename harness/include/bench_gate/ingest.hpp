// Ingest: Google Benchmark JSON output (v1.7.1, json_schema_version 1) into a Run.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_gate/model.hpp"

namespace bg {

// Parse Google Benchmark JSON into a Run (benchmarks in first-seen order; run_id, commit,
// recorded_at, tool_version and source are left for the caller). Every repetition
// (run_type "iteration") becomes a sample, grouped by run_name; aggregates are skipped unless a
// benchmark has only aggregates, then its median (else mean) aggregate is one sample and the
// label says so. Times are converted to ns. A benchmark with error_occurred gets `error` set.
// Bare NaN / Infinity / -Infinity / nan / inf tokens are accepted: in counters they are ignored,
// in times they are errors. Invalid UTF-8 in strings (names, labels, context) becomes U+FFFD;
// raw control bytes in strings (1.7.1 does not escape them) are accepted and kept.
// Throws Error(ExitCode::input_error, "<origin>: <what>, at <field/benchmark>") on bad input.
Run ingest_benchmark_json(std::string_view text, const std::string& origin);

// Return the hex SHA-256 of the stable machine facts of a Google Benchmark context: host_name,
// num_cpus, mhz_per_cpu rounded to 100, cpu_scaling_enabled, caches (level/type/size) and the
// executable's file name (not its directory). Not library_build_type, load_avg or date.
std::string environment_fingerprint(const nlohmann::json& context);

// Return the stable facts the fingerprint covers as (key, value) pairs in a fixed order (used to
// explain differing fingerprints in words).
std::vector<std::pair<std::string, std::string>> environment_facts(const nlohmann::json& context);

// Return text with bare NaN / Infinity / -Infinity / nan / inf / -inf tokens outside strings
// replaced by null, invalid UTF-8 inside strings replaced by U+FFFD and raw control bytes inside
// strings escaped as \u00XX.
std::string sanitize_json_text(std::string_view text);

}  // namespace bg
