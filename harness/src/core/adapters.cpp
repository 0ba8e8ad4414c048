#include "bench_gate/adapters.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "bench_gate/environment.hpp"
#include "bench_gate/ingest.hpp"
#include "bench_gate/util/json_fields.hpp"
#include "bench_gate/util/text.hpp"

namespace bg {
namespace {

bool looks_like_google_benchmark(std::string_view) { return true; }

}  // namespace

std::string_view first_json_key(std::string_view text, bool in_array) {
  std::size_t i = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (in_array) {
    if (i == std::string_view::npos || text[i] != '[') return {};
    i = text.find_first_not_of(" \t\r\n", i + 1);
  }
  if (i == std::string_view::npos || text[i] != '{') return {};
  i = text.find_first_not_of(" \t\r\n", i + 1);
  if (i == std::string_view::npos || text[i] != '"') return {};
  const std::size_t end = text.find('"', i + 1);
  return end == std::string_view::npos ? std::string_view{} : text.substr(i + 1, end - i - 1);
}

bool looks_like_hyperfine(std::string_view text) { return first_json_key(text) == "results"; }

Run ingest_hyperfine_json(std::string_view text, const std::string& origin) {
  const nlohmann::json doc = util::parse_json(text, origin);
  const util::JsonFields top(doc, origin);
  const nlohmann::json& results = top.required("results");
  if (!results.is_array()) top.fail("results", "expected an array");
  Run run;
  run.environment = environment_from_context({{"harness", "hyperfine"}});
  for (std::size_t i = 0; i < results.size(); ++i) {
    const util::JsonFields r(results[i], origin, "results[" + std::to_string(i) + "]");
    BenchmarkResult b;
    b.name = r.string("command");
    if (b.name.empty()) r.fail("command", "missing or empty");
    const nlohmann::json& times = r.required("times");
    if (!times.is_array()) r.fail("times", "expected an array of seconds");
    for (const auto& t : times) {
      if (!t.is_number() || !std::isfinite(t.get<double>()) || t.get<double>() < 0 ||
          t.get<double>() > 1e6) {
        r.fail("times", "expected seconds >= 0, got " + util::show_json(t));
      }
      b.real_time_ns.push_back(t.get<double>() * 1e9);
      b.cpu_time_ns.push_back(0);
    }
    b.iterations = 1;
    if (const auto* codes = r.find("exit_codes"); codes && codes->is_array()) {
      for (const auto& code : *codes) {
        if (code.is_number_integer() && code.get<long long>() != 0) {
          b.error = "the command exited with code " + std::to_string(code.get<long long>());
          break;
        }
      }
    }
    run.benchmarks.push_back(std::move(b));
  }
  return run;
}

const std::vector<Adapter>& adapters() {
  static const std::vector<Adapter> list = {
      {"hyperfine", looks_like_hyperfine, ingest_hyperfine_json},
      {"pytest-benchmark", looks_like_pytest_benchmark, ingest_pytest_benchmark_json},
      {"catch2", looks_like_catch2, ingest_catch2_xml},
      {"jmh", looks_like_jmh, ingest_jmh_json, ingest_jmh_processes},
      {"benchmarkdotnet", looks_like_benchmarkdotnet, ingest_benchmarkdotnet_json,
       ingest_benchmarkdotnet_processes},
      {"go", looks_like_go_bench, ingest_go_bench},
      {"cargo-criterion", looks_like_cargo_criterion, ingest_cargo_criterion},
      {"criterion", looks_like_criterion_file, ingest_criterion_file},
      {"google-benchmark", looks_like_google_benchmark, ingest_benchmark_json},
  };
  return list;
}

const Adapter& find_adapter(std::string_view name) {
  std::string known;
  for (const auto& adapter : adapters()) {
    if (adapter.name == name) return adapter;
    known += (known.empty() ? "" : ", ") + std::string(adapter.name);
  }
  throw Error(ExitCode::input_error, util::one_line_text("unknown harness '" + std::string(name) +
                                                         "' (known: " + known + ")"));
}

namespace {

// The adapter named `harness`, else the first that recognizes `text` (Google Benchmark, last,
// recognizes everything).
const Adapter& adapter_for(std::string_view text, std::string_view harness) {
  if (!harness.empty()) return find_adapter(harness);
  for (const auto& adapter : adapters()) {
    if (adapter.recognizes(text)) return adapter;
  }
  return adapters().back();
}

}  // namespace

Run ingest_results(std::string_view text, const std::string& origin, std::string_view harness) {
  return adapter_for(text, harness).ingest(text, origin);
}

std::vector<Run> ingest_result_processes(std::string_view text, const std::string& origin,
                                         std::string_view harness) {
  const Adapter& adapter = adapter_for(text, harness);
  if (adapter.ingest_processes) return adapter.ingest_processes(text, origin);
  return {adapter.ingest(text, origin)};
}

Run pool_processes(std::vector<Run> processes) {
  if (processes.empty()) return {};
  Run pooled = std::move(processes.front());
  std::unordered_map<std::string, std::size_t> index_of;
  for (std::size_t i = 0; i < pooled.benchmarks.size(); ++i) index_of[pooled.benchmarks[i].name] = i;
  for (std::size_t p = 1; p < processes.size(); ++p) {
    for (auto& b : processes[p].benchmarks) {
      auto [slot, inserted] = index_of.try_emplace(b.name, pooled.benchmarks.size());
      if (inserted) {
        pooled.benchmarks.push_back(std::move(b));
        continue;
      }
      BenchmarkResult& into = pooled.benchmarks[slot->second];
      auto append = [](std::vector<double>& to, const std::vector<double>& from) {
        to.insert(to.end(), from.begin(), from.end());
      };
      append(into.real_time_ns, b.real_time_ns);
      append(into.cpu_time_ns, b.cpu_time_ns);
      for (const auto& counter : b.counters) {  // no structured binding: clang 14 cannot capture one
        auto it = std::find_if(into.counters.begin(), into.counters.end(),
                               [&](const auto& c) { return c.first == counter.first; });
        if (it == into.counters.end()) {
          into.counters.push_back(counter);
        } else {
          append(it->second, counter.second);
        }
      }
      std::sort(into.counters.begin(), into.counters.end());
      if (!into.error && b.error) into.error = b.error;
    }
  }
  return pooled;
}

}  // namespace bg
