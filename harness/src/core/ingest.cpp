#include "bench_gate/ingest.hpp"

#include <openssl/evp.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "bench_gate/stats.hpp"
#include "bench_gate/util/json_depth.hpp"
#include "bench_gate/util/text.hpp"
#include "bench_gate/util/utf8.hpp"

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
      } else if (static_cast<unsigned char>(c) < 0x20) {
        // Google Benchmark 1.7.1 escapes only \b \f \n \r \t: other control bytes arrive raw.
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
        out.text.append(escaped);
        shifted(1 - 6);
        ++i;
      } else if (static_cast<unsigned char>(c) >= 0x80) {
        std::size_t length = util::utf8_sequence_length(in, i);
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

using JValue = rapidjson::Value;

// Return s with invalid UTF-8 sequences replaced by U+FFFD (s itself when valid).
std::string fix_utf8(std::string_view s) {
  std::string out;
  bool changed = false;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t length = c < 0x80 ? 1 : util::utf8_sequence_length(s, i);
    if (length == 0) {
      if (!changed) out.assign(s.substr(0, i));
      changed = true;
      out.append("\xEF\xBF\xBD");
      ++i;
      continue;
    }
    if (changed) out.append(s.substr(i, length));
    i += length;
  }
  return changed ? out : std::string(s);
}

std::string string_of(const JValue& v) {
  return fix_utf8(std::string_view(v.GetString(), v.GetStringLength()));
}

// Convert a RapidJSON value to nlohmann::json (strings made valid UTF-8; NaN/Inf become null).
json to_json(const JValue& v) {
  switch (v.GetType()) {
    case rapidjson::kNullType:
      return nullptr;
    case rapidjson::kFalseType:
      return false;
    case rapidjson::kTrueType:
      return true;
    case rapidjson::kStringType:
      return string_of(v);
    case rapidjson::kNumberType:
      if (v.IsUint64()) return v.GetUint64();
      if (v.IsInt64()) return v.GetInt64();
      if (!std::isfinite(v.GetDouble())) return nullptr;
      return v.GetDouble();
    case rapidjson::kArrayType: {
      json out = json::array();
      for (const auto& item : v.GetArray()) out.push_back(to_json(item));
      return out;
    }
    case rapidjson::kObjectType: {
      json out = json::object();
      for (const auto& m : v.GetObject()) out[string_of(m.name)] = to_json(m.value);
      return out;
    }
  }
  return nullptr;
}

std::string describe(const JValue& v) {
  if (v.IsNumber() && !std::isfinite(v.GetDouble())) {
    return std::isnan(v.GetDouble()) ? "NaN" : (v.GetDouble() > 0 ? "Infinity" : "-Infinity");
  }
  return dump(to_json(v));
}

const JValue* member(const JValue& object, const char* key) {
  auto it = object.FindMember(key);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

constexpr unsigned kParseFlags =
    rapidjson::kParseNanAndInfFlag;  // not kParseFullPrecisionFlag: RapidJSON 1.1.0 misreads 0e60
    // with it (Tencent/rapidjson#1249); the default parse is within 1 ulp, enough for timings

// Forwards RapidJSON's SAX events to a Document, refusing to nest deeper than max_depth: the
// recursive reader then never recurses deeper either (no stack overflow, no pre-scan of the text).
struct DepthLimitedHandler {
  rapidjson::Document& document;
  std::size_t max_depth;
  std::size_t depth = 0;
  bool too_deep = false;

  using Ch = char;
  bool Null() { return document.Null(); }
  bool Bool(bool b) { return document.Bool(b); }
  bool Int(int i) { return document.Int(i); }
  bool Uint(unsigned u) { return document.Uint(u); }
  bool Int64(std::int64_t i) { return document.Int64(i); }
  bool Uint64(std::uint64_t u) { return document.Uint64(u); }
  bool Double(double d) { return document.Double(d); }
  bool RawNumber(const Ch* s, rapidjson::SizeType n, bool copy) {
    return document.RawNumber(s, n, copy);
  }
  bool String(const Ch* s, rapidjson::SizeType n, bool copy) { return document.String(s, n, copy); }
  bool Key(const Ch* s, rapidjson::SizeType n, bool copy) { return document.Key(s, n, copy); }
  bool StartObject() { return enter() && document.StartObject(); }
  bool EndObject(rapidjson::SizeType n) {
    --depth;
    return document.EndObject(n);
  }
  bool StartArray() { return enter() && document.StartArray(); }
  bool EndArray(rapidjson::SizeType n) {
    --depth;
    return document.EndArray(n);
  }
  bool enter() {
    if (++depth <= max_depth) return true;
    too_deep = true;
    return false;
  }
};

class Ingester {
 public:
  explicit Ingester(const std::string& origin) : origin_(origin) {}

  [[noreturn]] void fail(const std::string& what, const std::string& where) const {
    throw Error(ExitCode::input_error, util::one_line_text(origin_ + ": " + what + ", at " + where));
  }

  static std::string bench_where(const std::string& name, std::size_t index) {
    return "benchmark '" + name + "' (benchmarks[" + std::to_string(index) + "])";
  }

  // Where a benchmark entry is, built only when an error is reported.
  struct Where {
    const std::string* name;  // nullptr before the name is known
    std::size_t index;
    std::string text() const {
      return name ? bench_where(*name, index) : "benchmarks[" + std::to_string(index) + "]";
    }
  };

  [[noreturn]] void fail(const std::string& what, const Where& where) const {
    fail(what, where.text());
  }

  double time_ns(const JValue& entry, const char* field, double factor, const Where& where) const {
    const JValue* v = member(entry, field);
    if (!v) fail(std::string(field) + " is missing", where);
    if (v->IsNull()) fail(std::string(field) + " is not finite (NaN or Infinity)", where);
    if (!v->IsNumber()) fail(std::string(field) + " is not a number: " + describe(*v), where);
    double value = v->GetDouble() * factor;
    if (!std::isfinite(value))
      fail(std::string(field) + " " + describe(*v) + " is not finite", where);
    if (value <= 0) fail(std::string(field) + " " + describe(*v) + " is zero or negative", where);
    if (value > kMaxTimeNs) {
      fail(std::string(field) + " " + describe(*v) + " is implausibly large (> 1e15 ns)", where);
    }
    return value;
  }

  static std::optional<long long> integer(const JValue& entry, const char* field) {
    const JValue* v = member(entry, field);
    if (!v || !v->IsInt64()) return std::nullopt;
    return v->GetInt64();
  }

  static std::optional<std::string> string_member(const JValue& entry, const char* field) {
    const JValue* v = member(entry, field);
    if (!v || !v->IsString()) return std::nullopt;
    return string_of(*v);
  }

  // Parse text into doc, at most util::kMaxResultsJsonDepth deep; throws when deeper.
  rapidjson::ParseResult parse_limited(std::string_view text, rapidjson::Document& doc,
                                       const Sanitized* sanitized) const {
    rapidjson::ParseResult result;
    bool too_deep = false;
    auto generator = [&](rapidjson::Document& document) {
      DepthLimitedHandler handler{document, util::kMaxResultsJsonDepth};
      rapidjson::MemoryStream memory(text.data(), text.size());
      rapidjson::Reader reader;
      result = reader.Parse<kParseFlags>(memory, handler);
      too_deep = handler.too_deep;
      return !result.IsError();
    };
    doc.Populate(generator);
    if (too_deep) {
      const std::size_t at = result.Offset() > 0 ? result.Offset() - 1 : 0;
      throw Error(ExitCode::input_error,
                  util::one_line_text(origin_ + ": JSON nested deeper than " +
                                std::to_string(util::kMaxResultsJsonDepth) + " levels at byte " +
                                std::to_string(sanitized ? sanitized->original_offset(at) : at)));
    }
    return result;
  }

  // Parse raw text; on failure retry once on the sanitized text (lowercase nan/inf tokens).
  void parse(std::string_view raw, rapidjson::Document& doc) const {
    if (!parse_limited(raw, doc, nullptr).IsError()) return;
    Sanitized text = sanitize(raw);
    const rapidjson::ParseResult result = parse_limited(text.text, doc, &text);
    if (!result.IsError()) return;
    std::size_t offset = std::min(text.original_offset(result.Offset()), raw.size());
    std::string why =
        result.Code() == rapidjson::kParseErrorDocumentEmpty || offset >= raw.size() ||
                result.Code() == rapidjson::kParseErrorObjectMissCommaOrCurlyBracket ||
                result.Code() == rapidjson::kParseErrorArrayMissCommaOrSquareBracket
            ? ""
            : std::string(" (") + rapidjson::GetParseError_En(result.Code()) + ")";
    if (offset >= raw.size()) why = " (unexpected end of input)";
    throw Error(ExitCode::input_error,
                util::one_line_text(origin_ + ": truncated or invalid JSON at byte " +
                              std::to_string(offset) + why + ", at top level"));
  }

  Run ingest(std::string_view raw) {
    bool blank = std::all_of(raw.begin(), raw.end(), [](char c) {
      return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    });
    if (blank) fail("empty input (no JSON)", "byte 0");
    rapidjson::Document doc;
    parse(raw, doc);
    if (!doc.IsObject()) fail("not Google Benchmark JSON output (not a JSON object)", "top level");
    const JValue* context = member(doc, "context");
    const JValue* benchmarks = member(doc, "benchmarks");
    if (!benchmarks || !benchmarks->IsArray()) {
      fail("not Google Benchmark JSON output (no 'benchmarks' array)", "top level");
    }
    if (!context || !context->IsObject()) {
      fail("not Google Benchmark JSON output (no 'context' object)", "top level");
    }
    if (const JValue* v = member(*context, "json_schema_version")) {
      if (!v->IsInt64() || v->GetInt64() != 1) {
        fail("unknown json_schema_version " + describe(*v) + " (only 1 is known)",
             "context.json_schema_version");
      }
    }

    Run run;
    run.environment.context = to_json(*context);
    if (auto host = string_member(*context, "host_name")) run.environment.host = *host;
    run.environment.fingerprint = environment_fingerprint(run.environment.context);

    std::vector<Pending> pending;
    std::unordered_map<std::string, std::size_t> index_of;
    const std::size_t count = benchmarks->Size();
    pending.reserve(count / 4 + 1);
    index_of.reserve(count / 4 + 1);
    for (std::size_t i = 0; i < count; ++i) {
      const JValue& entry = (*benchmarks)[static_cast<rapidjson::SizeType>(i)];
      std::string name;
      Where where{nullptr, i};
      if (!entry.IsObject()) fail("entry is not an object", where);
      const JValue* name_value = member(entry, "name");
      if (!name_value || !name_value->IsString()) fail("'name' missing or not a string", where);
      name = string_of(*name_value);
      where.name = &name;
      if (const JValue* rn = member(entry, "run_name")) {
        if (!rn->IsString()) fail("'run_name' is not a string", where);
        name = string_of(*rn);
      }
      std::string run_type = string_member(entry, "run_type").value_or("iteration");
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
      if (const JValue* tu = member(entry, "time_unit")) {
        if (!tu->IsString() || (factor = unit_factor(tu->GetString())) == 0) {
          fail("unknown time_unit " + describe(*tu) + " (known: ns, us, ms, s)", where);
        }
      }

      const JValue* errored = member(entry, "error_occurred");
      if (errored && errored->IsBool() && errored->GetBool()) {
        if (!p.result.error) {
          p.result.error = string_member(entry, "error_message").value_or("error_occurred");
        }
        continue;
      }

      if (run_type == "aggregate") {
        std::string aggregate = string_member(entry, "aggregate_name").value_or("");
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
        if (auto label = string_member(entry, "label")) {
          p.result.label = *label;
          p.has_label = true;
        }
      }
      for (auto [field, values] : {std::pair{"bytes_per_second", &p.bytes_per_second},
                                   std::pair{"items_per_second", &p.items_per_second}}) {
        const JValue* v = member(entry, field);
        if (v && v->IsNumber() && std::isfinite(v->GetDouble())) values->push_back(v->GetDouble());
      }
    }

    run.benchmarks.reserve(pending.size());
    for (auto& p : pending) {
      if (p.result.real_time_ns.empty() && !p.result.error) {
        const auto& chosen = p.median_aggregate ? p.median_aggregate : p.mean_aggregate;
        if (!chosen) {
          fail("no repetitions and no median or mean aggregate",
               "benchmark '" + p.result.name + "'");
        }
        p.result.real_time_ns.push_back(chosen->first);
        p.result.cpu_time_ns.push_back(chosen->second);
        std::string note = std::string("[bench-gate: only aggregates reported; the ") +
                           (p.median_aggregate ? "median" : "mean") +
                           " aggregate is used as a single sample]";
        p.result.label = p.result.label.empty() ? note : p.result.label + " " + note;
      }
      if (!p.bytes_per_second.empty())
        p.result.bytes_per_second = stats::median(p.bytes_per_second);
      if (!p.items_per_second.empty())
        p.result.items_per_second = stats::median(p.items_per_second);
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
    const double value = it->get<double>();
    if (std::isfinite(value) && value >= 0 && value < 1e9) {
      mhz = std::to_string(std::llround(value / 100.0) * 100);
    }
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
