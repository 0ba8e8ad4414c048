// Where a run was measured: the machine facts of a Google Benchmark context, its fingerprint, and
// the suite's compiler and build type as the suite publishes them.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_gate/model.hpp"

namespace bg {

// Return the Environment of a Google Benchmark context (kept whole): host from host_name;
// compiler from the custom context key bench_gate_suite_compiler (else compiler); build_type from
// bench_gate_suite_build_type (else build_type, else "<library_build_type> (benchmark library)",
// which is about Google Benchmark itself, not the code under test); compiler_flags from
// bench_gate_suite_compiler_flags (else compiler_flags); the machine fingerprint.
Environment environment_from_context(nlohmann::json context);

// Return the hex SHA-256 of the stable machine facts of a Google Benchmark context: host_name,
// num_cpus, mhz_per_cpu rounded to 100, cpu_scaling_enabled, caches (level/type/size). Not the
// executable (several executables of one run share a machine), library_build_type, load_avg or
// date.
std::string environment_fingerprint(const nlohmann::json& context);

// Return the stable facts the fingerprint covers as (key, value) pairs in a fixed order (used to
// explain differing fingerprints in words).
std::vector<std::pair<std::string, std::string>> environment_facts(const nlohmann::json& context);

// Size differences below these are not named by process_fact_differences (bytes): the
// environment block and the working-directory path move by a few bytes whenever the gate is
// started another way; the effect seen in practice came from kilobytes.
inline constexpr long long kEnvironmentBytesTolerance = 256;
inline constexpr long long kWorkingDirectoryTolerance = 16;

// One line per fact of the measuring process (environment block size, working-directory length,
// ASLR, CPU governor, compiler flags) whose known values differ between the two sides, e.g.
// "environment block: 1,204 → 5,880 bytes (+4,676; getenv() scans it, stack addresses move)".
// Sides are sets of environments; a fact unknown on either side is not compared.
std::vector<std::string> process_fact_differences(const std::vector<Environment>& base,
                                                  const std::vector<Environment>& head);

}  // namespace bg
