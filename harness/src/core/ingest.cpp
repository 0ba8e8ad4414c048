#include "bench_gate/ingest.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "bench_gate/stats.hpp"

namespace bg {
namespace {

using nlohmann::json;

constexpr double kMaxTimeNs = 1e15;  // ~11.6 days per iteration: anything above is garbage

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Sanitized text plus the map back to byte offsets of the original text.
struct Sanitized {
  std::string text;
  // (offset in sanitized text, original - sanitized offset from there on), ascending.
  std::vector<std::pair<std::size_t, long long>> shifts;

  std::size_t original_offset(std::size_t offset) const {
    auto it = std::upper_bound(shifts.begin(), shifts.end(), offset,
                               [](std::size_t o, const auto& s) { return o < s.first; });
    long long delta = it == shifts.begin() ? 0 : std::prev(it)->second;
    return static_cast<std::size_t>(static_cast<long long>(offset) + delta);
  }
};

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_non_finite_word(std::string_view word) {
  std::string lower(word);
  for (char& c : lower) c = static_cast<char>(c | 0x20);
  return lower == "nan" || lower == "inf" || lower == "infinity";
}

// Length of the valid UTF-8 sequence at s[i] (>= 0x80), 0 when invalid.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  std::size_t length;
  unsigned min_second = 0x80, max_second = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    if (c == 0xE0) min_second = 0xA0;  // overlong
    if (c == 0xED) max_second = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    if (c == 0xF0) min_second = 0x90;
    if (c == 0xF4) max_second = 0x8F;
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  if (byte(i + 1) < min_second || byte(i + 1) > max_second) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return length;
}

Sanitized sanitize(std::string_view in) {
  Sanitized out;
  out.text.reserve(in.size() + in.size() / 16);
  long long delta = 0;
  auto shifted = [&](long long change) {
    delta += change;
    out.shifts.emplace_back(out.text.size(), delta);
  };
  bool in_string = false;
  for (std::size_t i = 0; i < in.size();) {
    char c = in[i];
    if (in_string) {
      if (c == '\\' && i + 1 < in.size()) {
        out.text.append(in.substr(i, 2));
        i += 2;
      } else if (c == '"') {
        in_string = false;
        out.text.push_back(c);
        ++i;
      } else if (static_cast<unsigned char>(c) >= 0x80) {
        std::size_t length = utf8_sequence_length(in, i);
        if (length == 0) {
          out.text.append("\xEF\xBF\xBD");
          shifted(1 - 3);
          ++i;
        } else {
          out.text.append(in.substr(i, length));
          i += length;
        }
      } else {
        out.text.push_back(c);
        ++i;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      out.text.push_back(c);
      ++i;
      continue;
    }
    bool minus = c == '-' && i + 1 < in.size() && is_alpha(in[i + 1]);
    if (is_alpha(c) || minus) {
      std::size_t start = minus ? i + 1 : i;
      std::size_t end = start;
      while (end < in.size() && is_alpha(in[end])) ++end;
      std::string_view word = in.substr(start, end - start);
      if (is_non_finite_word(word)) {
        out.text.append("null");
        shifted(static_cast<long long>(end - i) - 4);
      } else {
        out.text.append(in.substr(i, end - i));
      }
      i = end;
      continue;
    }
    out.text.push_back(c);
    ++i;
  }
  return out;
}

double unit_factor(const std::string& unit) {
  if (unit == "ns") return 1;
  if (unit == "us") return 1e3;
  if (unit == "ms") return 1e6;
  if (unit == "s") return 1e9;
  return 0;
}

struct Pending {
  BenchmarkResult result;
  std::unordered_set<long long> repetitions;
  std::optional<std::pair<long long, long long>> family;  // family_index, per_family_instance
  std::vector<double> bytes_per_second, items_per_second;
  bool has_label = false;
  bool has_iteration = false;
  std::optional<std::pair<double, double>> median_aggregate, mean_aggregate;
};

class Ingester {
 public:
  explicit Ingester(const std::string& origin) : origin_(origin) {}

  [[noreturn]] void fail(const std::string& what, const std::string& where) const {
    throw Error(ExitCode::input_error, origin_ + ": " + what + ", at " + where);
  }

  static std::string bench_where(const std::string& name, std::size_t index) {
    return "benchmark '" + name + "' (benchmarks[" + std::to_string(index) + "])";
  }

  double time_ns(const json& entry, const char* field, double factor, const std::string& where) const {
    auto it = entry.find(field);
    if (it == entry.end()) fail(std::string(field) + " is missing", where);
    if (it->is_null()) fail(std::string(field) + " is not finite (NaN or Infinity)", where);
    if (!it->is_number()) fail(std::string(field) + " is not a number: " + dump(*it), where);
    double value = it->get<double>() * factor;
    if (!std::isfinite(value)) fail(std::string(field) + " is not finite", where);
    if (value <= 0) fail(std::string(field) + " " + dump(*it) + " is zero or negative", where);
    if (value > kMaxTimeNs) {
      fail(std::string(field) + " " + dump(*it) + " is implausibly large (> 1e15 ns)", where);
    }
    return value;
  }

  static std::optional<long long> integer(const json& entry, const char* field) {
    auto it = entry.find(field);
    if (it == entry.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<long long>();
  }

  Run ingest(std::string_view raw) {
    bool blank = std::all_of(raw.begin(), raw.end(), [](char c) {
      return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    });
    if (blank) fail("empty input (no JSON)", "byte 0");
    Sanitized text = sanitize(raw);
    json doc;
    try {
      doc = json::parse(text.text);
    } catch (const json::parse_error& e) {
      // nlohmann counts bytes from 1 and counts the end of input as a byte: report the
      // 0-based offset into the original text.
      std::size_t offset = text.original_offset(e.byte > 0 ? e.byte - 1 : 0);
      bool at_end = offset >= raw.size();
      throw Error(ExitCode::input_error,
                  origin_ + ": truncated or invalid JSON at byte " +
                      std::to_string(std::min(offset, raw.size())) +
                      (at_end ? " (unexpected end of input)" : "") + ", at top level");
    }
    if (!doc.is_object()) fail("not Google Benchmark JSON output (not a JSON object)", "top level");
    auto context = doc.find("context");
    auto benchmarks = doc.find("benchmarks");
    if (benchmarks == doc.end() || !benchmarks->is_array()) {
      fail("not Google Benchmark JSON output (no 'benchmarks' array)", "top level");
    }
    if (context == doc.end() || !context->is_object()) {
      fail("not Google Benchmark JSON output (no 'context' object)", "top level");
    }
    if (auto v = context->find("json_schema_version"); v != context->end()) {
      if (!v->is_number_integer() || v->get<long long>() != 1) {
        fail("unknown json_schema_version " + dump(*v) + " (only 1 is known)",
             "context.json_schema_version");
      }
    }

    Run run;
    run.environment.context = *context;
    if (auto host = context->find("host_name"); host != context->end() && host->is_string()) {
      run.environment.host = host->get<std::string>();
    }
    run.environment.fingerprint = environment_fingerprint(*context);

    std::vector<Pending> pending;
    std::unordered_map<std::string, std::size_t> index_of;
    pending.reserve(benchmarks->size());
    index_of.reserve(benchmarks->size());
    for (std::size_t i = 0; i < benchmarks->size(); ++i) {
      const json& entry = (*benchmarks)[i];
      std::string where = "benchmarks[" + std::to_string(i) + "]";
      if (!entry.is_object()) fail("entry is not an object", where);
      auto name_it = entry.find("name");
      if (name_it == entry.end() || !name_it->is_string()) fail("'name' missing or not a string", where);
      std::string name = name_it->get<std::string>();
      if (auto rn = entry.find("run_name"); rn != entry.end()) {
        if (!rn->is_string()) fail("'run_name' is not a string", bench_where(name, i));
        name = rn->get<std::string>();
      }
      where = bench_where(name, i);
      std::string run_type = "iteration";
      if (auto rt = entry.find("run_type"); rt != entry.end() && rt->is_string()) {
        run_type = rt->get<std::string>();
      }
      if (run_type != "iteration" && run_type != "aggregate") {
        fail("unknown run_type '" + run_type + "'", where);
      }

      auto [slot, inserted] = index_of.try_emplace(name, pending.size());
      if (inserted) {
        pending.emplace_back();
        pending.back().result.name = name;
      }
      Pending& p = pending[slot->second];

      auto family = integer(entry, "family_index");
      auto instance = integer(entry, "per_family_instance_index");
      if (family && instance) {
        std::pair<long long, long long> id{*family, *instance};
        if (!p.family) {
          p.family = id;
        } else if (*p.family != id) {
          fail("duplicate benchmark name from two different benchmark instances", where);
        }
      }

      double factor = 1;
      if (auto tu = entry.find("time_unit"); tu != entry.end()) {
        if (!tu->is_string() || (factor = unit_factor(tu->get<std::string>())) == 0) {
          fail("unknown time_unit " + dump(*tu) + " (known: ns, us, ms, s)", where);
        }
      }

      bool errored = false;
      if (auto eo = entry.find("error_occurred"); eo != entry.end() && eo->is_boolean()) {
        errored = eo->get<bool>();
      }
      if (errored) {
        std::string message = "error_occurred";
        if (auto em = entry.find("error_message"); em != entry.end() && em->is_string()) {
          message = em->get<std::string>();
        }
        if (!p.result.error) p.result.error = message;
        continue;
      }

      if (run_type == "aggregate") {
        std::string aggregate;
        if (auto an = entry.find("aggregate_name"); an != entry.end() && an->is_string()) {
          aggregate = an->get<std::string>();
        }
        if (aggregate == "median" || aggregate == "mean") {
          std::pair<double, double> times{time_ns(entry, "real_time", factor, where),
                                          time_ns(entry, "cpu_time", factor, where)};
          (aggregate == "median" ? p.median_aggregate : p.mean_aggregate) = times;
        }
        continue;
      }

      if (auto rep = integer(entry, "repetition_index")) {
        if (!p.repetitions.insert(*rep).second) {
          fail("duplicate benchmark (repetition_index " + std::to_string(*rep) + " twice)", where);
        }
      }
      p.result.real_time_ns.push_back(time_ns(entry, "real_time", factor, where));
      p.result.cpu_time_ns.push_back(time_ns(entry, "cpu_time", factor, where));
      if (!p.has_iteration) {
        p.has_iteration = true;
        if (auto it = integer(entry, "iterations")) p.result.iterations = *it;
      }
      if (!p.has_label) {
        if (auto label = entry.find("label"); label != entry.end() && label->is_string()) {
          p.result.label = label->get<std::string>();
          p.has_label = true;
        }
      }
      for (auto [field, values] : {std::pair{"bytes_per_second", &p.bytes_per_second},
                                   std::pair{"items_per_second", &p.items_per_second}}) {
        auto it = entry.find(field);
        if (it != entry.end() && it->is_number() && std::isfinite(it->get<double>())) {
          values->push_back(it->get<double>());
        }
      }
    }

    run.benchmarks.reserve(pending.size());
    for (std::size_t i = 0; i < pending.size(); ++i) {
      Pending& p = pending[i];
      if (p.result.real_time_ns.empty() && !p.result.error) {
        const auto& chosen = p.median_aggregate ? p.median_aggregate : p.mean_aggregate;
        if (!chosen) {
          fail("no repetitions and no median or mean aggregate", "benchmark '" + p.result.name + "'");
        }
        p.result.real_time_ns.push_back(chosen->first);
        p.result.cpu_time_ns.push_back(chosen->second);
        std::string note = std::string("[bench-gate: only aggregates reported; the ") +
                           (p.median_aggregate ? "median" : "mean") +
                           " aggregate is used as a single sample]";
        p.result.label = p.result.label.empty() ? note : p.result.label + " " + note;
      }
      if (!p.bytes_per_second.empty()) p.result.bytes_per_second = stats::median(p.bytes_per_second);
      if (!p.items_per_second.empty()) p.result.items_per_second = stats::median(p.items_per_second);
      run.benchmarks.push_back(std::move(p.result));
    }
    return run;
  }

 private:
  std::string origin_;
};

std::string fact_string(const json& context, const char* key) {
  auto it = context.find(key);
  if (it == context.end() || it->is_null()) return "?";
  if (it->is_string()) return it->get<std::string>();
  return dump(*it);
}

}  // namespace

std::string sanitize_json_text(std::string_view text) { return sanitize(text).text; }

std::vector<std::pair<std::string, std::string>> environment_facts(const json& context) {
  std::vector<std::pair<std::string, std::string>> facts;
  if (!context.is_object()) return facts;
  facts.emplace_back("host_name", fact_string(context, "host_name"));
  facts.emplace_back("num_cpus", fact_string(context, "num_cpus"));
  std::string mhz = "?";
  if (auto it = context.find("mhz_per_cpu"); it != context.end() && it->is_number()) {
    mhz = std::to_string(std::llround(it->get<double>() / 100.0) * 100);
  }
  facts.emplace_back("mhz_per_cpu", mhz);
  facts.emplace_back("cpu_scaling_enabled", fact_string(context, "cpu_scaling_enabled"));
  std::vector<std::string> caches;
  if (auto it = context.find("caches"); it != context.end() && it->is_array()) {
    for (const auto& cache : *it) {
      if (!cache.is_object()) continue;
      caches.push_back("L" + fact_string(cache, "level") + " " + fact_string(cache, "type") + " " +
                       fact_string(cache, "size"));
    }
  }
  std::sort(caches.begin(), caches.end());
  std::string cache_text;
  for (const auto& c : caches) cache_text += (cache_text.empty() ? "" : ", ") + c;
  facts.emplace_back("caches", cache_text);
  // Only the file name: the same suite built in two worktrees has different paths.
  std::string executable = fact_string(context, "executable");
  if (auto slash = executable.find_last_of('/'); slash != std::string::npos) {
    executable = executable.substr(slash + 1);
  }
  facts.emplace_back("executable", executable);
  return facts;
}

std::string environment_fingerprint(const json& context) {
  std::string canonical;
  for (const auto& [key, value] : environment_facts(context)) {
    canonical += key + "=" + value + "\n";
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(canonical.data(), canonical.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw Error(ExitCode::input_error, "environment fingerprint: SHA-256 failed");
  }
  std::string hex;
  hex.reserve(length * 2);
  char buffer[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(buffer, sizeof buffer, "%02x", digest[i]);
    hex += buffer;
  }
  return hex;
}

Run ingest_benchmark_json(std::string_view text, const std::string& origin) {
  return Ingester(origin).ingest(text);
}

}  // namespace bg
