// A saved Criterion baseline read from a target/criterion directory (the core reads no files).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "bench_gate/model.hpp"

namespace bg {

// Every directory named `baseline` (Criterion's default is "new"; `--save-baseline main` writes
// "main") under `root` that holds benchmark.json and sample.json is one benchmark, in path order;
// the HTML `report/` directories are skipped and symbolic links are not followed. With
// `written_since`, only benchmarks whose sample.json was written at or after it are read (a suite
// run now does not pick up an earlier run's leftovers). Throws Error(input_error) naming `root`
// when there is no such benchmark, listing the baselines it found instead.
Run read_criterion_directory(
    const std::string& root, const std::string& baseline,
    std::optional<std::filesystem::file_time_type> written_since = std::nullopt);

}  // namespace bg
