// BenchmarkDotNet full JSON exporter (issue 16): per-launch measurements; each launch is a
// process, so a Run of its own.
#include <algorithm>
#include <map>
#include <set>

#include "bench_gate/adapters.hpp"
#include "bench_gate/environment.hpp"
#include "bench_gate/ingest.hpp"
#include "bench_gate/util/json_fields.hpp"
#include "samples.hpp"

namespace bg {
namespace {

using nlohmann::json;

// The Workload measurements of one stage, ns per operation, by LaunchIndex (in iteration order).
std::map<std::int64_t, std::vector<double>> launches_of(const util::JsonFields& entry,
                                                        const json& measurements,
                                                        std::string_view stage) {
  std::map<std::int64_t, std::vector<double>> out;
  for (std::size_t i = 0; i < measurements.size(); ++i) {
    const util::JsonFields m(measurements[i], entry.origin(),
                             entry.path_of("Measurements") + "[" + std::to_string(i) + "]");
    if (m.string("IterationMode") != "Workload" || m.string("IterationStage") != stage) continue;
    const double operations = m.number("Operations");
    if (!(operations >= 1)) m.fail("Operations", "expected a count >= 1");
    const double ns = adapter_support::sample_ns(m, "Nanoseconds", m.required("Nanoseconds"), 1);
    out[m.integer("LaunchIndex", 0, 1 << 20, 1)].push_back(ns / operations);
  }
  return out;
}

// Memory diagnoser results per operation, as counters (one value per launch).
void add_memory(const util::JsonFields& entry, BenchmarkResult& b) {
  const json* memory = entry.find("Memory");
  if (!memory || !memory->is_object()) return;
  for (const char* key : {"BytesAllocatedPerOperation", "Gen0Collections", "Gen1Collections",
                          "Gen2Collections"}) {
    auto it = memory->find(key);
    if (it != memory->end() && it->is_number()) b.counters.emplace_back(key, std::vector<double>{it->get<double>()});
  }
  std::sort(b.counters.begin(), b.counters.end());
}

// Brief JSON (no Measurements): Statistics' Median, StandardDeviation / Mean and N.
void use_statistics(const util::JsonFields& entry, BenchmarkResult& b) {
  const util::JsonFields stats(entry.required("Statistics"), entry.origin(),
                               entry.path_of("Statistics"));
  SummaryStatistics summary;
  summary.real_ns = adapter_support::sample_ns(stats, "Median", stats.required("Median"), 1);
  const double mean = stats.number("Mean");
  summary.real_cv = mean > 0 ? stats.number("StandardDeviation") / mean : 0;
  summary.repetitions = stats.integer("N", 0, 1 << 20);
  summary.what = "Statistics (no Measurements: the brief JSON exporter?)";
  summary.center = "Median";
  use_summary(b, summary);
}

}  // namespace

bool looks_like_benchmarkdotnet(std::string_view text) { return first_json_key(text) == "Title"; }

std::vector<Run> ingest_benchmarkdotnet_processes(std::string_view text, const std::string& origin) {
  const json doc = util::parse_json(text, origin);
  const util::JsonFields top(doc, origin);
  const json& benchmarks = adapter_support::array_field(top, "Benchmarks");
  json context = {{"harness", "benchmarkdotnet"}};
  if (const json* host = top.find("HostEnvironmentInfo"); host && host->is_object()) {
    const util::JsonFields h(*host, origin, "HostEnvironmentInfo");
    context["benchmarkdotnet_version"] = h.string("BenchmarkDotNetVersion");
    context["os_version"] = h.string("OsVersion");
    context["cpu"] = h.string("ProcessorName");
    context["num_cpus"] = h.integer("LogicalCoreCount", 0, 1 << 20);
    context["runtime_version"] = h.string("RuntimeVersion");
    context["build_type"] = h.string("Configuration");
  }
  std::vector<Run> runs(1);
  std::set<std::string> seen;
  for (std::size_t i = 0; i < benchmarks.size(); ++i) {
    const util::JsonFields entry(benchmarks[i], origin, "Benchmarks[" + std::to_string(i) + "]");
    BenchmarkResult b;
    b.name = entry.string("FullName");
    if (b.name.empty()) entry.fail("FullName", "missing or empty");
    if (!seen.insert(b.name).second) entry.fail("FullName", "'" + b.name + "' appears twice");
    b.iterations = 1;
    add_memory(entry, b);
    const json* measurements = entry.find("Measurements");
    if (!measurements || !measurements->is_array() || measurements->empty()) {
      if (entry.has("Statistics")) {
        use_statistics(entry, b);
      } else {
        b.error = "no measurements and no statistics (the benchmark failed to run)";
      }
      runs.front().benchmarks.push_back(std::move(b));
      continue;
    }
    auto launches = launches_of(entry, *measurements, "Result");
    if (launches.empty()) launches = launches_of(entry, *measurements, "Actual");
    if (launches.empty()) entry.fail("Measurements", "no Workload Result or Actual measurements");
    std::size_t process = 0;
    for (auto& [index, values] : launches) {
      if (runs.size() <= process) runs.emplace_back();
      BenchmarkResult part = b;
      part.cpu_time_ns.assign(values.size(), 0);
      part.real_time_ns = std::move(values);
      runs[process++].benchmarks.push_back(std::move(part));
    }
  }
  for (auto& run : runs) run.environment = environment_from_context(context);
  return runs;
}

Run ingest_benchmarkdotnet_json(std::string_view text, const std::string& origin) {
  return pool_processes(ingest_benchmarkdotnet_processes(text, origin));
}

}  // namespace bg
