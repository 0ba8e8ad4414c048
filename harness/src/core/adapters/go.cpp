// Go: `go test -bench . -count N -benchmem` text, the input format of benchstat
// (https://go.googlesource.com/proposal/+/master/design/14313-benchmark-format.md).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>

#include "bench_gate/adapters.hpp"
#include "bench_gate/environment.hpp"
#include "bench_gate/util/text.hpp"

namespace bg {
namespace {

// "key: value" configuration lines before the benchmarks (goos, goarch, pkg, cpu, custom keys).
// The format: a lower-case key without spaces, a colon, then the value.
bool config_line(std::string_view line, std::string& key, std::string& value) {
  const std::size_t colon = line.find(':');
  if (colon == 0 || colon == std::string_view::npos) return false;
  for (char c : line.substr(0, colon)) {
    if (c == ' ' || c == '\t' || (c >= 'A' && c <= 'Z')) return false;
  }
  key = std::string(line.substr(0, colon));
  value = std::string(line.substr(colon + 1));
  value.erase(0, value.find_first_not_of(" \t"));
  return true;
}

// A benchmark result line: "Benchmark<Name> <iterations> <value> <unit> [<value> <unit>]...".
bool result_line(std::string_view line) {
  if (line.substr(0, 9) != "Benchmark") return false;
  return line.size() == 9 || (line[9] != ' ' && line[9] != '\t');
}

double number_field(const std::string& token, const std::string& where) {
  char* end = nullptr;
  const double value = std::strtod(token.c_str(), &end);
  if (token.empty() || end != token.c_str() + token.size() || !std::isfinite(value) || value < 0) {
    throw Error(ExitCode::input_error,
                util::one_line_text(where + ": expected a number >= 0, got '" + token + "'"));
  }
  return value;
}

struct Parsed {
  std::map<std::string, std::size_t> index;  // benchmark name -> position in run.benchmarks
  Run run;
  nlohmann::json context = nlohmann::json::object();
  std::string pkg;                           // of the lines that follow
  int packages = 0;
};

BenchmarkResult& benchmark(Parsed& p, const std::string& name) {
  auto [it, added] = p.index.emplace(name, p.run.benchmarks.size());
  if (added) {
    p.run.benchmarks.emplace_back();
    p.run.benchmarks.back().name = name;
  }
  return p.run.benchmarks[it->second];
}

void add_result(Parsed& p, const std::string& line, const std::string& where) {
  std::istringstream in(line);
  std::string name, iterations;
  in >> name >> iterations;
  const double n = number_field(iterations, where + ": iterations");
  if (n < 1 || n != std::floor(n)) {
    throw Error(ExitCode::input_error,
                util::one_line_text(where + ": iterations: expected a whole number >= 1, got '" +
                                    iterations + "'"));
  }
  BenchmarkResult& b = benchmark(p, (p.packages > 1 ? p.pkg + "." : "") + name);
  if (b.real_time_ns.empty()) b.iterations = static_cast<std::int64_t>(n);
  bool has_time = false;
  std::string value, unit;
  while (in >> value) {
    if (!(in >> unit)) {
      throw Error(ExitCode::input_error,
                  util::one_line_text(where + ": value '" + value + "' has no unit"));
    }
    const double v = number_field(value, where + ": " + unit);
    if (unit == "ns/op") {
      if (v > 1e15) {
        throw Error(ExitCode::input_error,
                    util::one_line_text(where + ": ns/op " + value + " is absurd (> 1e15)"));
      }
      b.real_time_ns.push_back(v);
      b.cpu_time_ns.push_back(0);  // go test measures wall time only
      has_time = true;
      continue;
    }
    auto it = std::find_if(b.counters.begin(), b.counters.end(),
                           [&](const auto& c) { return c.first == unit; });
    if (it == b.counters.end()) {
      b.counters.emplace_back(unit, std::vector<double>{});
      std::sort(b.counters.begin(), b.counters.end());
      it = std::find_if(b.counters.begin(), b.counters.end(),
                        [&](const auto& c) { return c.first == unit; });
    }
    it->second.push_back(v);
  }
  if (!has_time) {
    throw Error(ExitCode::input_error,
                util::one_line_text(where + ": benchmark '" + name + "' has no ns/op value"));
  }
}

// "--- FAIL: BenchmarkX" / "--- SKIP: BenchmarkX" and the line after it (the message). go prints
// these names without the -P (GOMAXPROCS) suffix of its result lines; `procs` adds it back, so a
// benchmark that fails in head is the same row as when it ran in base.
void add_status(Parsed& p, std::string_view line, std::string_view next, const std::string& procs) {
  const bool failed = line.substr(0, 10) == "--- FAIL: ";
  std::string name(line.substr(10));
  name = name.substr(0, name.find_first_of(" \t"));
  if (!procs.empty() && (name.size() < procs.size() ||
                         name.compare(name.size() - procs.size(), procs.size(), procs) != 0)) {
    name += procs;
  }
  std::string message(next);
  message.erase(0, message.find_first_not_of(" \t"));
  BenchmarkResult& b = benchmark(p, (p.packages > 1 ? p.pkg + "." : "") + name);
  if (failed) {
    b.error = message.empty() ? std::string("go test reported FAIL") : message;
  } else {
    b.skipped = message;
  }
}

// The "-P" suffix go appends to result names when GOMAXPROCS > 1 ("" when it does not).
std::string procs_suffix(const std::vector<std::string_view>& lines) {
  for (const auto& line : lines) {
    if (!result_line(line)) continue;
    const std::string_view name = line.substr(0, line.find_first_of(" \t"));
    const std::size_t dash = name.rfind('-');
    if (dash == std::string_view::npos || dash + 1 == name.size()) return "";
    for (char c : name.substr(dash + 1)) {
      if (c < '0' || c > '9') return "";
    }
    return std::string(name.substr(dash));
  }
  return "";
}

}  // namespace

bool looks_like_go_bench(std::string_view text) {
  std::size_t start = 0;
  for (int lines = 0; start < text.size() && lines < 200; ++lines) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    if (result_line(line) && line.find("ns/op") != std::string_view::npos) return true;
    start = end + 1;
  }
  return false;
}

Run ingest_go_bench(std::string_view text, const std::string& origin) {
  Parsed p;
  // Count the packages first: with several, names are qualified by their package.
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (line.substr(0, 5) == "pkg: ") ++p.packages;
    start = end + 1;
  }
  const std::string procs = procs_suffix(lines);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string where = origin + ": line " + std::to_string(i + 1);
    std::string key, value;
    if (result_line(lines[i])) {
      add_result(p, std::string(lines[i]), where);
    } else if (lines[i].substr(0, 10) == "--- FAIL: " || lines[i].substr(0, 10) == "--- SKIP: ") {
      add_status(p, lines[i], i + 1 < lines.size() ? lines[i + 1] : std::string_view{}, procs);
    } else if (config_line(lines[i], key, value)) {
      if (key == "pkg") p.pkg = value;
      if (!p.context.contains(key)) p.context[key] = util::one_line_text(value);
    }
  }
  if (p.run.benchmarks.empty()) {
    throw Error(ExitCode::input_error,
                origin + ": no benchmark result lines ('BenchmarkName  N  123 ns/op'); run "
                         "go test -run '^$' -bench . -count N");
  }
  for (const auto& b : p.run.benchmarks) {
    if (b.real_time_ns.empty() && !b.error && !b.skipped) {
      throw Error(ExitCode::input_error,
                  util::one_line_text(origin + ": benchmark '" + b.name + "' has no results"));
    }
  }
  p.context["harness"] = "go";
  if (p.packages > 1) p.context.erase("pkg");
  p.run.environment = environment_from_context(std::move(p.context));
  return std::move(p.run);
}

}  // namespace bg
