// Criterion (Rust): a saved baseline of target/criterion (the files critcmp reads) and
// cargo-criterion's JSON message stream. Both give, per benchmark, Criterion's samples: sample i
// ran iters[i] iterations in times[i] ns, so one sample is times[i] / iters[i] ns per iteration.
#include <cmath>
#include <set>

#include "bench_gate/adapters.hpp"
#include "bench_gate/environment.hpp"
#include "bench_gate/util/json_fields.hpp"
#include "bench_gate/util/text.hpp"

namespace bg {
namespace {

// Samples from Criterion's parallel arrays of iteration counts and total times (ns).
void add_samples(BenchmarkResult& b, const util::JsonFields& f, const char* iters_key,
                 const char* times_key) {
  const nlohmann::json& iters = f.required(iters_key);
  const nlohmann::json& times = f.required(times_key);
  if (!iters.is_array()) f.fail(iters_key, "expected an array of iteration counts");
  if (!times.is_array()) f.fail(times_key, "expected an array of times in ns");
  if (iters.size() != times.size()) {
    f.fail(times_key, std::to_string(times.size()) + " times for " + std::to_string(iters.size()) +
                          " iteration counts");
  }
  if (iters.empty()) f.fail(times_key, "no samples");
  for (std::size_t i = 0; i < iters.size(); ++i) {
    if (!iters[i].is_number() || !(iters[i].get<double>() >= 1)) {
      f.fail(iters_key, "expected counts >= 1, got " + util::show_json(iters[i]));
    }
    const double t = times[i].is_number() ? times[i].get<double>() : -1;
    if (!std::isfinite(t) || t < 0 || t / iters[i].get<double>() > 1e15) {
      f.fail(times_key, "expected ns >= 0, got " + util::show_json(times[i]));
    }
    b.real_time_ns.push_back(t / iters[i].get<double>());
    b.cpu_time_ns.push_back(0);  // Criterion's wall-time measurement has no CPU time
  }
  b.iterations = static_cast<std::int64_t>(iters[0].get<double>());
}

// Throughput per iteration as a rate counter per sample (bytes_per_second, items_per_second).
void add_throughput(BenchmarkResult& b, std::string_view unit, double per_iteration) {
  const char* name = unit == "bytes" || unit == "Bytes" || unit == "BytesDecimal" ||
                             unit == "bytes_decimal"
                         ? "bytes_per_second"
                         : "items_per_second";
  std::vector<double> rates;
  for (double ns : b.real_time_ns) rates.push_back(ns > 0 ? per_iteration * 1e9 / ns : 0);
  b.counters.emplace_back(name, std::move(rates));
}

void check_unique(std::set<std::string>& seen, const BenchmarkResult& b, const std::string& where) {
  if (!seen.insert(b.name).second) {
    throw Error(ExitCode::input_error,
                util::one_line_text(where + ": benchmark '" + b.name + "' appears twice"));
  }
}

Run criterion_run(std::vector<BenchmarkResult> benchmarks, std::string_view harness) {
  Run run;
  run.environment = environment_from_context({{"harness", harness}});
  run.benchmarks = std::move(benchmarks);
  return run;
}

}  // namespace

Run ingest_criterion_baseline(const std::vector<CriterionFiles>& files) {
  std::vector<BenchmarkResult> benchmarks;
  std::set<std::string> seen;
  for (const auto& f : files) {
    const std::string bench_origin = f.directory + "/benchmark.json";
    const nlohmann::json meta = util::parse_json(f.benchmark_json, bench_origin);
    const util::JsonFields m(meta, bench_origin);
    BenchmarkResult b;
    b.name = m.string("full_id");
    if (b.name.empty()) m.fail("full_id", "missing or empty");
    const std::string sample_origin = f.directory + "/sample.json";
    const nlohmann::json sample = util::parse_json(f.sample_json, sample_origin);
    add_samples(b, util::JsonFields(sample, sample_origin), "iters", "times");
    // "throughput": null, or {"Bytes": N} / {"Elements": N} (serde's externally tagged enum).
    if (const auto* t = m.find("throughput"); t && t->is_object() && t->size() == 1 &&
                                              t->begin().value().is_number()) {
      add_throughput(b, t->begin().key(), t->begin().value().get<double>());
    }
    check_unique(seen, b, bench_origin);
    benchmarks.push_back(std::move(b));
  }
  return criterion_run(std::move(benchmarks), "criterion");
}

bool looks_like_criterion_file(std::string_view) { return false; }

Run ingest_criterion_file(std::string_view, const std::string& origin) {
  throw Error(ExitCode::input_error,
              util::one_line_text(origin + ": harness criterion reads a directory (target/criterion "
                                           "with a saved baseline), not a file"));
}

bool looks_like_cargo_criterion(std::string_view text) {
  const std::size_t i = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  return i != std::string_view::npos && text.substr(i, 10) == "{\"reason\":";
}

Run ingest_cargo_criterion(std::string_view text, const std::string& origin) {
  std::vector<BenchmarkResult> benchmarks;
  std::set<std::string> seen;
  std::size_t line_number = 0;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const std::string where = origin + ": line " + std::to_string(line_number);
    const nlohmann::json message = util::parse_json(line, where);
    const util::JsonFields m(message, where);
    if (m.string("reason") != "benchmark-complete") continue;  // group-complete, cargo's own
    BenchmarkResult b;
    b.name = m.string("id");
    if (b.name.empty()) m.fail("id", "missing or empty");
    if (const std::string unit = m.string("unit"); unit != "ns") {
      m.fail("unit", util::one_line_text(unit) + " is not ns: only wall-time measurements are read");
    }
    add_samples(b, m, "iteration_count", "measured_values");
    if (const auto* t = m.find("throughput"); t && t->is_array() && t->size() == 1) {
      const util::JsonFields tp((*t)[0], where, "throughput[0]");
      add_throughput(b, tp.string("unit"), tp.number("per_iteration"));
    }
    check_unique(seen, b, where);
    benchmarks.push_back(std::move(b));
  }
  if (benchmarks.empty()) {
    throw Error(ExitCode::input_error,
                origin + ": no benchmark-complete message (cargo criterion --message-format=json)");
  }
  return criterion_run(std::move(benchmarks), "cargo-criterion");
}

}  // namespace bg
