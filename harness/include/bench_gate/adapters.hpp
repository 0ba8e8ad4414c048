// Adapters: one per harness, behind one interface, chosen by the content of a results file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bench_gate/model.hpp"

namespace bg {

struct Adapter {
  std::string_view name;                         // "google-benchmark", "hyperfine"
  bool (*recognizes)(std::string_view text);     // cheap sniff of the first bytes, no full parse
  Run (*ingest)(std::string_view text, const std::string& origin);  // throws Error(input_error)
};

// Every adapter, Google Benchmark last (it is the default).
const std::vector<Adapter>& adapters();

// Ingest a results file with the first adapter that recognizes it (Google Benchmark otherwise).
Run ingest_results(std::string_view text, const std::string& origin);

// hyperfine --export-json: one benchmark per command (its -n name), every run time a sample in
// ns (real_time); cpu_time is 0 per run (hyperfine reports only mean user/system times), so a
// cpu_time gate reports these rows as unusable. A command with a non-zero exit code is `error`.
Run ingest_hyperfine_json(std::string_view text, const std::string& origin);
bool looks_like_hyperfine(std::string_view text);

}  // namespace bg
