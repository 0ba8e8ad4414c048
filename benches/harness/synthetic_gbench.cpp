#include "synthetic_gbench.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <random>
#include <string_view>
#include <vector>

#include "bench_gate/ingest.hpp"

namespace bgbench {
namespace {

constexpr std::string_view kContext = R"({
  "context": {
    "date": "2026-11-23T12:23:00+00:00",
    "host_name": "ci-runner-7",
    "executable": "/builds/app/build/benches/bench-suite",
    "num_cpus": 2,
    "mhz_per_cpu": 2596,
    "cpu_scaling_enabled": false,
    "caches": [
      {
        "type": "Data",
        "level": 1,
        "size": 32768,
        "num_sharing": 1
      },
      {
        "type": "Instruction",
        "level": 1,
        "size": 32768,
        "num_sharing": 1
      },
      {
        "type": "Unified",
        "level": 2,
        "size": 1048576,
        "num_sharing": 1
      },
      {
        "type": "Unified",
        "level": 3,
        "size": 33554432,
        "num_sharing": 2
      }
    ],
    "load_avg": [1.40869,0.511719,0.180664],
    "library_build_type": "debug"
  },
  "benchmarks": [
)";

constexpr std::array<std::string_view, 16> kWords = {
    "Encrypt", "Decrypt", "Hash", "Parse", "Serialize", "Decode", "Scan",  "Match",
    "Insert",  "Lookup",  "Sort", "Copy",  "Compress",  "Format", "Split", "Merge"};
constexpr std::array<std::string_view, 6> kTemplateArgs = {
    "", "<int>", "<std::string>", "<std::pair<int,int>>", "<float, 4>", "<Mode::Fast>"};
constexpr int kArgsPerFamily = 20;

// The stable facts of benchmark i: name, true time (ns), relative noise, throughput counters.
struct Truth {
  std::string name;
  double ns;
  double noise;
  bool bytes;
  bool items;
  std::string_view unit;
  double unit_ns;
};

Truth truth_of(int i) {
  const int family = i / kArgsPerFamily;
  const int arg = i % kArgsPerFamily;
  std::mt19937_64 rng(0x9E3779B97F4A7C15ULL ^ static_cast<std::uint64_t>(i) * 0x100000001B3ULL);
  std::uniform_real_distribution<double> u(0, 1);
  Truth t;
  t.name = "BM_";
  t.name += kWords[family % kWords.size()];
  t.name += std::to_string(family);
  t.name += kTemplateArgs[family % kTemplateArgs.size()];
  t.name += "/" + std::to_string(8 << (arg % 12));
  if (arg >= 12) t.name += "/threads:" + std::to_string(1 + arg % 4);
  if (family % 5 == 0) t.name += "/real_time";
  t.ns = std::exp(std::log(10.0) + u(rng) * std::log(1e6));  // 10 ns .. 10 ms
  t.noise = 0.005 + 0.075 * u(rng) * u(rng);                 // mostly quiet, some very noisy
  t.bytes = family % 3 == 0;
  t.items = family % 4 == 0;
  t.unit = t.ns < 1e4 ? "ns" : t.ns < 1e7 ? "us" : "ms";  // as a suite's Unit() would pick
  t.unit_ns = t.ns < 1e4 ? 1 : t.ns < 1e7 ? 1e3 : 1e6;
  return t;
}

// Google Benchmark prints doubles as std::scientific with 16 digits after the point.
void put_double(std::string& out, double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific, 16);
  out.append(buf, r.ptr);
}

void put_int(std::string& out, long long v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void put_field(std::string& out, std::string_view key, std::string_view quoted_value) {
  out += "      \"";
  out += key;
  out += "\": \"";
  out += quoted_value;
  out += "\",\n";
}

void put_number(std::string& out, std::string_view key, double v, bool last = false) {
  out += "      \"";
  out += key;
  out += "\": ";
  put_double(out, v);
  out += last ? "\n" : ",\n";
}

void put_integer(std::string& out, std::string_view key, long long v) {
  out += "      \"";
  out += key;
  out += "\": ";
  put_int(out, v);
  out += ",\n";
}

struct Entry {
  const Truth* truth;
  int family_index, instance_index, repetitions, repetition_index;
  long long iterations;
  double real_ns, cpu_ns;
  std::string_view aggregate;  // "" for an iteration
};

void put_entry(std::string& out, const Entry& e, bool& first) {
  if (!first) out += ",\n";
  first = false;
  const Truth& t = *e.truth;
  out += "    {\n";
  if (e.aggregate.empty()) {
    put_field(out, "name", t.name);
  } else {
    put_field(out, "name", t.name + "_" + std::string(e.aggregate));
  }
  put_integer(out, "family_index", e.family_index);
  put_integer(out, "per_family_instance_index", e.instance_index);
  put_field(out, "run_name", t.name);
  put_field(out, "run_type", e.aggregate.empty() ? "iteration" : "aggregate");
  put_integer(out, "repetitions", e.repetitions);
  if (e.aggregate.empty()) put_integer(out, "repetition_index", e.repetition_index);
  put_integer(out, "threads", 1);
  if (!e.aggregate.empty()) {
    put_field(out, "aggregate_name", e.aggregate);
    put_field(out, "aggregate_unit", e.aggregate == "cv" ? "percentage" : "time");
  }
  put_integer(out, "iterations", e.iterations);
  const bool cv = e.aggregate == "cv";
  const double scale = cv ? 1 : 1 / t.unit_ns;
  put_number(out, "real_time", e.real_ns * scale);
  put_number(out, "cpu_time", e.cpu_ns * scale);
  const bool counters = t.bytes || t.items;
  out += "      \"time_unit\": \"";
  out += t.unit;
  out += counters ? "\",\n" : "\"\n";
  if (t.bytes) put_number(out, "bytes_per_second", cv ? e.real_ns : 4096e9 / e.real_ns, !t.items);
  if (t.items) put_number(out, "items_per_second", cv ? e.real_ns : 1e9 / e.real_ns, true);
  out += "    }";
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

std::string synthetic_gbench_json(const SuiteSpec& spec) {
  std::string out;
  out.reserve(static_cast<std::size_t>(spec.benchmarks) * (spec.repetitions + 4) * 420 + 4096);
  out += kContext;
  std::mt19937_64 rng(spec.seed);
  std::normal_distribution<double> normal(0, 1);
  bool first = true;
  const int removed_from = spec.benchmarks - 10;  // head: the last 10 are gone, 10 others new
  const int total = spec.side == Side::head ? spec.benchmarks + 10 : spec.benchmarks;
  std::vector<double> real(spec.repetitions), cpu(spec.repetitions);
  for (int i = 0; i < total; ++i) {
    if (spec.side == Side::head && i >= removed_from && i < spec.benchmarks) continue;
    const Truth t = truth_of(i);
    double factor = 1;
    if (spec.side == Side::head) {
      if (i % 97 == 13) factor = 1.05 + 0.35 * (i % 7) / 6.0;  // ~1 % regressed by 5..40 %
      if (i % 101 == 42) factor = 0.80;                        // ~1 % improved by 20 %
    }
    const int family = i / kArgsPerFamily;
    const int instance = i % kArgsPerFamily;
    const long long iterations =
        std::max<long long>(1, static_cast<long long>(0.5e9 / (t.ns * factor)));
    for (int r = 0; r < spec.repetitions; ++r) {
      real[r] = t.ns * factor * std::exp(t.noise * normal(rng));
      cpu[r] = real[r] * (0.97 + 0.02 * std::abs(normal(rng)));
      put_entry(out, {&t, family, instance, spec.repetitions, r, iterations, real[r], cpu[r], ""},
                first);
    }
    double mean_r = 0, mean_c = 0;
    for (int r = 0; r < spec.repetitions; ++r) mean_r += real[r] / spec.repetitions;
    for (int r = 0; r < spec.repetitions; ++r) mean_c += cpu[r] / spec.repetitions;
    double var_r = 0, var_c = 0;
    for (int r = 0; r < spec.repetitions; ++r) var_r += (real[r] - mean_r) * (real[r] - mean_r);
    for (int r = 0; r < spec.repetitions; ++r) var_c += (cpu[r] - mean_c) * (cpu[r] - mean_c);
    const double n1 = std::max(1, spec.repetitions - 1);
    const double sd_r = std::sqrt(var_r / n1), sd_c = std::sqrt(var_c / n1);
    const int reps = spec.repetitions;
    put_entry(out, {&t, family, instance, reps, 0, reps, mean_r, mean_c, "mean"}, first);
    put_entry(out, {&t, family, instance, reps, 0, reps, median_of(real), median_of(cpu), "median"},
              first);
    put_entry(out, {&t, family, instance, reps, 0, reps, sd_r, sd_c, "stddev"}, first);
    put_entry(out, {&t, family, instance, reps, 0, reps, sd_r / mean_r, sd_c / mean_c, "cv"},
              first);
  }
  out += "\n  ]\n}\n";
  return out;
}

bg::Run perturbed_run(const bg::Run& run, std::uint64_t seed, double drift, double noise) {
  bg::Run out = run;
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0, 1);
  const double common = std::exp(drift * normal(rng));
  for (auto& b : out.benchmarks) {
    for (double& v : b.real_time_ns) v *= common * std::exp(noise * normal(rng));
    for (double& v : b.cpu_time_ns) v *= common * std::exp(noise * normal(rng));
  }
  return out;
}

bg::Run small_run(int benchmarks, int repetitions, int index, const std::string& commit) {
  static const nlohmann::json context = nlohmann::json::parse(
      std::string(kContext.substr(0, kContext.find("\"benchmarks\""))) + "\"benchmarks\": []}");
  bg::Run run;
  run.run_id = "run-" + std::to_string(index);
  run.commit = commit;
  run.recorded_at = "2026-11-23T12:00:00Z";
  run.tool_version = "0.1.0";
  run.source = "ingest:bench.json";
  run.environment.context = context["context"];
  run.environment.host = "ci-runner-7";
  run.environment.build_type = "Release";
  run.environment.fingerprint = bg::environment_fingerprint(run.environment.context);
  std::mt19937_64 rng(static_cast<std::uint64_t>(index) * 7919 + 17);
  std::normal_distribution<double> normal(0, 1);
  for (int i = 0; i < benchmarks; ++i) {
    const Truth t = truth_of(i);
    bg::BenchmarkResult b;
    b.name = t.name;
    b.iterations = std::max<long long>(1, static_cast<long long>(0.5e9 / t.ns));
    const double trend = 1 + 0.0002 * index * (i % 3 == 0 ? 1 : 0);
    for (int r = 0; r < repetitions; ++r) {
      const double v = t.ns * trend * std::exp(t.noise * normal(rng));
      b.real_time_ns.push_back(v);
      b.cpu_time_ns.push_back(v * 0.98);
    }
    run.benchmarks.push_back(std::move(b));
  }
  return run;
}

}  // namespace bgbench
