#include "bench_gate/callgrind.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include "bench_gate/util/text.hpp"

namespace bg {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

PartEnd end_of(std::string_view trigger) {
  if (trigger.find("benchmark::State::FinishKeepRunning") != std::string_view::npos)
    return PartEnd::loop_end;
  if (trigger.find("benchmark::State::StartKeepRunning") != std::string_view::npos)
    return PartEnd::loop_start;
  if (trigger.find("benchmark::JSONReporter::ReportRuns") != std::string_view::npos)
    return PartEnd::report;
  return PartEnd::other;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The first number of a "summary:"/"totals:" line (event Ir is the first and only event).
bool first_number(std::string_view s, double& out) {
  s = trim(s);
  const std::size_t end = s.find(' ');
  s = s.substr(0, end);
  unsigned long long v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return false;
  out = static_cast<double>(v);
  return true;
}

double number_or(const nlohmann::json& object, const char* key, double fallback) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<double>() : fallback;
}

std::string string_or(const nlohmann::json& object, const char* key, const std::string& fallback) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

}  // namespace

CallgrindPart parse_callgrind_part(std::string_view text, const std::string& origin) {
  CallgrindPart part;
  bool is_callgrind = false, has_part = false, has_total = false;
  std::string events;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (starts_with(line, "# callgrind format") || starts_with(line, "creator: callgrind")) {
      is_callgrind = true;
    } else if (starts_with(line, "part:")) {
      const std::string_view n = trim(line.substr(5));
      has_part = std::from_chars(n.data(), n.data() + n.size(), part.number).ec == std::errc() &&
                 part.number > 0;
    } else if (starts_with(line, "desc: Trigger:")) {
      part.trigger = std::string(trim(line.substr(14)));
      part.end = end_of(part.trigger);
    } else if (starts_with(line, "events:")) {
      events = std::string(trim(line.substr(7)));
    } else if (starts_with(line, "totals:") || (!has_total && starts_with(line, "summary:"))) {
      has_total = first_number(line.substr(line.find(':') + 1), part.instructions);
    }
  }
  if (!is_callgrind) throw Error(ExitCode::input_error, origin + ": not callgrind output");
  if (!has_part) throw Error(ExitCode::input_error, origin + ": no 'part:' number");
  if (events.rfind("Ir", 0) != 0 || !has_total) {
    throw Error(ExitCode::input_error, origin + ": no instruction (Ir) totals");
  }
  return part;
}

std::vector<std::string> attach_instructions(Run& run, std::vector<CallgrindPart> parts,
                                             const nlohmann::json& suite_json,
                                             const std::string& origin) {
  std::sort(parts.begin(), parts.end(),
            [](const CallgrindPart& a, const CallgrindPart& b) { return a.number < b.number; });
  // One entry per ReportRuns call: the last loop part before it (nullptr: no loop ran).
  std::vector<const CallgrindPart*> closed;
  const CallgrindPart* last_loop = nullptr;
  for (const auto& p : parts) {
    if (p.end == PartEnd::loop_end) last_loop = &p;
    if (p.end == PartEnd::report) {
      closed.push_back(last_loop);
      last_loop = nullptr;
    }
  }
  std::vector<const nlohmann::json*> entries;
  if (auto it = suite_json.find("benchmarks"); it != suite_json.end() && it->is_array()) {
    for (const auto& e : *it) {
      if (e.is_object() && string_or(e, "run_type", "iteration") == "iteration")
        entries.push_back(&e);
    }
  }
  if (closed.size() != entries.size()) {
    throw Error(ExitCode::suite_failed,
                origin + ": callgrind saw " + std::to_string(closed.size()) +
                    " reported benchmarks (calls of benchmark::JSONReporter::ReportRuns), the "
                    "JSON has " + std::to_string(entries.size()) +
                    "; is the suite a stock Google Benchmark main with shared symbols?");
  }
  std::vector<std::string> warnings, multi_threaded;
  for (std::size_t k = 0; k < entries.size(); ++k) {
    const nlohmann::json& e = *entries[k];
    const std::string name = string_or(e, "run_name", string_or(e, "name", ""));
    auto b = std::find_if(run.benchmarks.begin(), run.benchmarks.end(),
                          [&](const BenchmarkResult& r) { return r.name == name; });
    if (b == run.benchmarks.end()) continue;
    const double threads = number_or(e, "threads", 1);
    if (threads > 1) {
      multi_threaded.push_back(name);
      warnings.push_back(util::one_line_text(
          "instructions: '" + name + "' runs on " + std::to_string(static_cast<int>(threads)) +
          " threads, whose loops interleave under callgrind; not measured"));
      continue;
    }
    const double iterations = number_or(e, "iterations", 0);
    if (b->error || !closed[k] || !(iterations > 0)) continue;
    b->instructions.push_back(closed[k]->instructions / iterations);
  }
  std::erase_if(run.benchmarks, [&](const BenchmarkResult& r) {
    return std::find(multi_threaded.begin(), multi_threaded.end(), r.name) != multi_threaded.end();
  });
  return warnings;
}

}  // namespace bg
