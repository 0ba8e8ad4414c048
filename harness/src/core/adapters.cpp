#include "bench_gate/adapters.hpp"

#include <cmath>

#include "bench_gate/environment.hpp"
#include "bench_gate/ingest.hpp"
#include "bench_gate/util/json_fields.hpp"
#include "bench_gate/util/text.hpp"

namespace bg {
namespace {

// The first key of the top-level object, when the text opens with one ("" otherwise).
std::string_view first_key(std::string_view text) {
  std::size_t i = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (i == std::string_view::npos || text[i] != '{') return {};
  i = text.find_first_not_of(" \t\r\n", i + 1);
  if (i == std::string_view::npos || text[i] != '"') return {};
  const std::size_t end = text.find('"', i + 1);
  return end == std::string_view::npos ? std::string_view{} : text.substr(i + 1, end - i - 1);
}

bool looks_like_google_benchmark(std::string_view) { return true; }

}  // namespace

bool looks_like_hyperfine(std::string_view text) { return first_key(text) == "results"; }

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
  throw Error(ExitCode::input_error,
              util::one_line_text("unknown harness '" + std::string(name) + "' (known: " + known + ")"));
}

Run ingest_results(std::string_view text, const std::string& origin, std::string_view harness) {
  if (!harness.empty()) return find_adapter(harness).ingest(text, origin);
  for (const auto& adapter : adapters()) {
    if (adapter.recognizes(text)) return adapter.ingest(text, origin);
  }
  return ingest_benchmark_json(text, origin);
}

}  // namespace bg
