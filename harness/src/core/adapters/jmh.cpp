// JMH -rf json (issue 16): per-fork raw data; each fork is a process, so a Run of its own.
#include <algorithm>
#include <map>
#include <set>

#include "bench_gate/adapters.hpp"
#include "bench_gate/environment.hpp"
#include "bench_gate/util/json_fields.hpp"
#include "bench_gate/util/text.hpp"
#include "samples.hpp"

namespace bg {
namespace {

using nlohmann::json;

// "[i]": where entry i of the top-level array is (built step by step: GCC 12's -Wrestrict
// misfires on "[" + std::to_string(i) + "]").
std::string element(std::size_t i) {
  std::string path = "[";
  path += std::to_string(i);
  path += ']';
  return path;
}

// ns per JMH time unit (TimeUnit short names as JMH prints them), 0 when unknown.
double ns_per(std::string_view unit) {
  if (unit == "ns") return 1;
  if (unit == "us" || unit == "\xC2\xB5s") return 1e3;
  if (unit == "ms") return 1e6;
  if (unit == "s") return 1e9;
  if (unit == "min") return 60e9;
  return 0;
}

// How a score becomes ns per operation: time per op scaled, or throughput inverted.
struct Conversion {
  double factor = 0;    // ns per unit of time
  bool inverse = false;  // "ops/<unit>": ns per op = factor / score
};

Conversion conversion_of(const util::JsonFields& metric) {
  const std::string unit = metric.string("scoreUnit");
  Conversion c;
  if (unit.size() > 4 && unit.compare(0, 4, "ops/") == 0) {
    c.factor = ns_per(std::string_view(unit).substr(4));
    c.inverse = true;
  } else if (unit.size() > 3 && unit.compare(unit.size() - 3, 3, "/op") == 0) {
    c.factor = ns_per(std::string_view(unit).substr(0, unit.size() - 3));
  }
  if (c.factor == 0) {
    metric.fail("scoreUnit", "unknown unit '" + unit +
                                 "' (known: ops/s, ops/ms, ops/us, ops/ns, ops/min, s/op, ms/op, "
                                 "us/op, ns/op, min/op)");
  }
  return c;
}

double score_ns(const util::JsonFields& fields, const char* key, const json& score,
                const Conversion& c) {
  if (!c.inverse) return adapter_support::sample_ns(fields, key, score, c.factor);
  if (!score.is_number() || !(score.get<double>() > 0)) {
    fields.fail(key, "expected a throughput > 0, got " + util::show_json(score));
  }
  return adapter_support::sample_ns(fields, key, json(c.factor / score.get<double>()), 1);
}

// The measurements of one fork: a list of iteration scores (rawData), or of histograms
// [[value, count], ...] per iteration (mode sample, rawDataHistogram): their weighted mean.
std::vector<double> fork_samples(const util::JsonFields& metric, const char* key, std::size_t fork,
                                 const Conversion& c) {
  const json& forks = metric.required(key);
  const std::string path = std::string(key) + "[" + std::to_string(fork) + "]";
  const json& iterations = forks[fork];
  if (!iterations.is_array()) metric.fail(path, "expected an array of iterations");
  std::vector<double> out;
  for (std::size_t i = 0; i < iterations.size(); ++i) {
    const std::string where = path + element(i);
    if (std::string_view(key) == "rawData") {
      out.push_back(score_ns(metric, where.c_str(), iterations[i], c));
      continue;
    }
    double sum = 0, count = 0;
    for (const auto& bucket : iterations[i]) {
      if (!bucket.is_array() || bucket.size() != 2 || !bucket[1].is_number() ||
          bucket[1].get<double>() < 0) {
        metric.fail(where, "expected [value, count] pairs, got " + util::show_json(bucket));
      }
      const double n = bucket[1].get<double>();
      sum += score_ns(metric, where.c_str(), bucket[0], c) * n;
      count += n;
    }
    if (count <= 0) metric.fail(where, "an empty histogram");
    out.push_back(sum / count);
  }
  return out;
}

// benchmark, then ":k=v,..." for its params (in key order).
std::string name_of(const util::JsonFields& entry) {
  std::string name = entry.string("benchmark");
  if (name.empty()) entry.fail("benchmark", "missing or empty");
  if (const json* params = entry.find("params"); params && params->is_object()) {
    std::string list;
    for (const auto& [key, value] : params->items()) {
      list += (list.empty() ? "" : ",") + key + "=" +
              (value.is_string() ? value.get<std::string>() : util::show_json(value));
    }
    if (!list.empty()) name += ":" + list;
  }
  return name;
}

// Secondary metrics with raw data (e.g. gc.alloc.rate.norm from -prof gc) of one fork, as counters.
void add_secondary(const util::JsonFields& entry, std::size_t fork, BenchmarkResult& b) {
  const json* secondary = entry.find("secondaryMetrics");
  if (!secondary || !secondary->is_object()) return;
  for (const auto& [key, metric] : secondary->items()) {
    const json* raw = metric.is_object() && metric.contains("rawData") ? &metric["rawData"] : nullptr;
    if (!raw || !raw->is_array() || fork >= raw->size() || !(*raw)[fork].is_array()) continue;
    std::vector<double> values;
    for (const auto& v : (*raw)[fork]) {
      if (v.is_number() && std::isfinite(v.get<double>())) values.push_back(v.get<double>());
    }
    std::string name = key;
    if (name.rfind("\xC2\xB7", 0) == 0) name.erase(0, 2);  // JMH prefixes profiler metrics with U+00B7
    if (!values.empty()) b.counters.emplace_back(name, std::move(values));
  }
  std::sort(b.counters.begin(), b.counters.end());
}

}  // namespace

bool looks_like_jmh(std::string_view text) {
  const std::string_view key = first_json_key(text, /*in_array=*/true);
  return key == "jmhVersion" || key == "benchmark";
}

std::vector<Run> ingest_jmh_processes(std::string_view text, const std::string& origin) {
  const json doc = util::parse_json(text, origin);
  if (!doc.is_array()) {
    throw Error(ExitCode::input_error, util::one_line_text(
                                           origin + ": not JMH JSON output (-rf json writes an "
                                                    "array of benchmarks), at top level"));
  }
  std::vector<std::string> names;
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    names.push_back(name_of(util::JsonFields(doc[i], origin, element(i))));
    ++seen[names.back()];
  }
  std::vector<Run> runs;
  std::set<std::string> unique;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const util::JsonFields entry(doc[i], origin, element(i));
    const std::string mode = entry.string("mode");
    const std::string name = seen[names[i]] > 1 ? names[i] + " [" + mode + "]" : names[i];
    if (!unique.insert(name).second) {
      entry.fail("benchmark", "'" + name + "' is measured twice with the same params and mode");
    }
    const util::JsonFields metric(entry.required("primaryMetric"), origin,
                                  entry.path_of("primaryMetric"));
    const Conversion c = conversion_of(metric);
    const char* key = metric.has("rawData") ? "rawData" : "rawDataHistogram";
    const json& forks = adapter_support::array_field(metric, key);
    if (forks.empty()) metric.fail(key, "no forks measured");
    for (std::size_t fork = 0; fork < forks.size(); ++fork) {
      if (runs.size() <= fork) {
        runs.emplace_back();
        runs.back().environment = environment_from_context(
            {{"harness", "jmh"}, {"jmh_version", entry.string("jmhVersion")},
             {"jdk_version", entry.string("jdkVersion")}, {"vm_name", entry.string("vmName")},
             {"vm_version", entry.string("vmVersion")}});
      }
      BenchmarkResult b;
      b.name = name;
      b.real_time_ns = fork_samples(metric, key, fork, c);
      b.cpu_time_ns.assign(b.real_time_ns.size(), 0);
      b.iterations = 1;
      b.label = "JMH " + mode + " (" + metric.string("scoreUnit") +
                (c.inverse ? ", inverted to ns/op" : "") + ")";
      add_secondary(entry, fork, b);
      runs[fork].benchmarks.push_back(std::move(b));
    }
  }
  if (runs.empty()) runs.emplace_back();
  return runs;
}

Run ingest_jmh_json(std::string_view text, const std::string& origin) {
  return pool_processes(ingest_jmh_processes(text, origin));
}

}  // namespace bg
