// pytest-benchmark --benchmark-json (issue 16): every round a sample when the raw data is saved,
// else the file's own statistics (as Google Benchmark's aggregates-only files).
#include <algorithm>
#include <set>

#include "bench_gate/adapters.hpp"
#include "bench_gate/environment.hpp"
#include "bench_gate/ingest.hpp"
#include "bench_gate/util/json_fields.hpp"
#include "samples.hpp"

namespace bg {
namespace {

using nlohmann::json;

constexpr double kNsPerSecond = 1e9;

nlohmann::json context_of(const util::JsonFields& top) {
  json context = {{"harness", "pytest-benchmark"}, {"pytest_benchmark_version", top.string("version")}};
  if (const json* machine = top.find("machine_info"); machine && machine->is_object()) {
    const util::JsonFields m(*machine, top.origin(), "machine_info");
    context["host_name"] = m.string("node");
    context["python_implementation"] = m.string("python_implementation");
    context["python_version"] = m.string("python_version");
    if (const json* cpu = m.find("cpu"); cpu && cpu->is_object()) {
      const util::JsonFields c(*cpu, top.origin(), "machine_info.cpu");
      context["cpu"] = c.string("brand_raw");
      if (const json* count = c.find("count"); count && count->is_number_integer()) {
        context["num_cpus"] = *count;
      }
    }
  }
  return context;
}

// Numbers of extra_info (benchmark.extra_info["key"] = value in the test), one value each.
void add_extra_info(const util::JsonFields& entry, BenchmarkResult& b) {
  const json* extra = entry.find("extra_info");
  if (!extra || !extra->is_object()) return;
  for (const auto& [key, value] : extra->items()) {
    if (value.is_number() && std::isfinite(value.get<double>())) {
      b.counters.emplace_back(key, std::vector<double>{value.get<double>()});
    }
  }
  std::sort(b.counters.begin(), b.counters.end());
}

}  // namespace

bool looks_like_pytest_benchmark(std::string_view text) {
  return first_json_key(text) == "machine_info";
}

Run ingest_pytest_benchmark_json(std::string_view text, const std::string& origin) {
  const json doc = util::parse_json(text, origin);
  const util::JsonFields top(doc, origin);
  const json& benchmarks = adapter_support::array_field(top, "benchmarks");
  Run run;
  run.environment = environment_from_context(context_of(top));
  std::set<std::string> seen;
  for (std::size_t i = 0; i < benchmarks.size(); ++i) {
    const util::JsonFields entry(benchmarks[i], origin, "benchmarks[" + std::to_string(i) + "]");
    BenchmarkResult b;
    b.name = entry.string("fullname", entry.string("name"));
    if (b.name.empty()) entry.fail("fullname", "missing or empty");
    if (!seen.insert(b.name).second) entry.fail("fullname", "'" + b.name + "' appears twice");
    const util::JsonFields stats(entry.required("stats"), origin, entry.path_of("stats"));
    b.iterations = stats.integer("iterations", 1, std::int64_t{1} << 50, 1);
    add_extra_info(entry, b);
    if (const json* data = stats.find("data"); data && data->is_array() && !data->empty()) {
      for (std::size_t k = 0; k < data->size(); ++k) {
        const std::string key = "data[" + std::to_string(k) + "]";
        b.real_time_ns.push_back(adapter_support::sample_ns(stats, key.c_str(), (*data)[k], kNsPerSecond));
      }
      b.cpu_time_ns.assign(b.real_time_ns.size(), 0);
    } else {
      SummaryStatistics summary;
      summary.real_ns = adapter_support::sample_ns(stats, "median", stats.required("median"), kNsPerSecond);
      const double mean = stats.number("mean");
      summary.real_cv = mean > 0 ? stats.number("stddev") / mean : 0;
      summary.repetitions = stats.integer("rounds", 0, std::int64_t{1} << 40);
      summary.what = "stats (no raw data: --benchmark-save-data was not given)";
      summary.center = "median";
      use_summary(b, summary);
    }
    run.benchmarks.push_back(std::move(b));
  }
  return run;
}

}  // namespace bg
