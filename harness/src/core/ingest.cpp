#include "bench_gate/ingest.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "bench_gate/environment.hpp"
#include "bench_gate/stats.hpp"
#include "bench_gate/util/json_depth.hpp"
#include "bench_gate/util/text.hpp"
#include "bench_gate/util/utf8.hpp"

namespace bg {
namespace {

// The start of the note use_summary appends to the label of a summary-only benchmark (suite_label).
constexpr std::string_view kSummaryNote = "[bench-gate: only ";

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

// The aggregates Google Benchmark reported for one benchmark (real, cpu), in ns except cv.
struct Aggregates {
  std::optional<std::pair<double, double>> median, mean, stddev, cv;
  long long repetitions = 0;  // the aggregate rows' "repetitions", 0 when absent (pre-1.5)
};

struct Pending {
  BenchmarkResult result;
  std::unordered_set<long long> repetitions;
  std::optional<std::pair<long long, long long>> family;  // family_index, per_family_instance
  std::vector<double> bytes_per_second, items_per_second;
  bool has_label = false;
  bool has_iteration = false;
  Aggregates aggregates;
};

// Suffixes that mark an aggregate row in layouts without run_type (before Google Benchmark 1.5).
constexpr std::string_view kOldAggregateSuffixes[] = {"_mean", "_median", "_stddev",
                                                      "_cv",   "_BigO",   "_RMS"};

// Numeric fields of a benchmark entry that are not counters.
bool is_structural_number(std::string_view key) {
  return key == "real_time" || key == "cpu_time" || key == "iterations" ||
         key == "repetition_index" || key == "repetitions" || key == "threads" ||
         key == "family_index" || key == "per_family_instance_index";
}

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

  // A time in ns. Zero is accepted (skipped benchmarks, sub-nanosecond times rounded by old
  // versions, coarse process clocks): compare reports a zero gated metric as unusable.
  double time_ns(const JValue& entry, const char* field, double factor, const Where& where) const {
    const JValue* v = member(entry, field);
    if (!v) fail(std::string(field) + " is missing", where);
    if (v->IsNull()) fail(std::string(field) + " is not finite (NaN or Infinity)", where);
    if (!v->IsNumber()) fail(std::string(field) + " is not a number: " + describe(*v), where);
    double value = v->GetDouble() * factor;
    if (!std::isfinite(value))
      fail(std::string(field) + " " + describe(*v) + " is not finite", where);
    if (value < 0) fail(std::string(field) + " " + describe(*v) + " is negative", where);
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

  // Refuse text that is not UTF-8 with one line naming the encoding; return the text without a
  // UTF-8 byte order mark.
  std::string_view check_encoding(std::string_view raw) const {
    auto starts = [&](std::string_view prefix) { return raw.substr(0, prefix.size()) == prefix; };
    if (starts("\xEF\xBB\xBF")) return raw.substr(3);
    const bool le = starts("\xFF\xFE") || (raw.size() >= 2 && raw[0] != 0 && raw[1] == 0);
    const bool be = starts("\xFE\xFF") || (raw.size() >= 2 && raw[0] == 0 && raw[1] != 0);
    if (le || be) {
      fail(std::string("the file is UTF-16") + (le ? "LE" : "BE") +
               " (PowerShell's '>' writes it), not UTF-8; let the suite write it with "
               "--benchmark_out=FILE or convert it (e.g. Out-File -Encoding utf8)",
           "byte 0");
    }
    return raw;
  }

  // A time-like aggregate value: ns for times, the raw ratio for cv (aggregate_unit percentage).
  std::pair<double, double> aggregate_pair(const JValue& entry, double factor,
                                           const Where& where) const {
    return {time_ns(entry, "real_time", factor, where), time_ns(entry, "cpu_time", factor, where)};
  }

  static double number_or(const JValue& entry, const char* field, double fallback) {
    const JValue* v = member(entry, field);
    return v && v->IsNumber() && std::isfinite(v->GetDouble()) ? v->GetDouble() : fallback;
  }

  // A ->Complexity() row (aggregate BigO or RMS) of family `family`.
  void add_complexity(Run& run, std::unordered_map<std::string, std::size_t>& fits,
                      const std::string& family, const std::string& kind, const JValue& entry,
                      double factor) {
    auto [slot, inserted] = fits.try_emplace(family, run.complexity.size());
    if (inserted) {
      run.complexity.emplace_back();
      run.complexity.back().name = family;
    }
    ComplexityFit& fit = run.complexity[slot->second];
    if (kind == "BigO") {
      fit.big_o = string_member(entry, "big_o").value_or("?");
      fit.real_coefficient = number_or(entry, "real_coefficient", 0) * factor;
      fit.cpu_coefficient = number_or(entry, "cpu_coefficient", 0) * factor;
    } else {
      fit.rms = number_or(entry, "rms", -1);
    }
  }

  Run ingest(std::string_view raw) {
    bool blank = std::all_of(raw.begin(), raw.end(), [](char c) {
      return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    });
    if (blank) fail("empty input (no JSON)", "byte 0");
    raw = check_encoding(raw);
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
    run.environment = environment_from_context(to_json(*context));

    std::vector<Pending> pending;
    std::unordered_map<std::string, std::size_t> index_of;
    std::unordered_map<std::string, std::size_t> fits;
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
      const auto run_type_value = string_member(entry, "run_type");
      std::string run_type = run_type_value.value_or("iteration");
      if (run_type != "iteration" && run_type != "aggregate") {
        fail("unknown run_type '" + run_type + "'", where);
      }
      std::string aggregate;
      if (run_type == "aggregate") {
        aggregate = string_member(entry, "aggregate_name").value_or("");
      } else if (!run_type_value) {
        // Before 1.5 an aggregate is known only by its name's suffix.
        for (std::string_view suffix : kOldAggregateSuffixes) {
          if (name.size() > suffix.size() &&
              std::string_view(name).substr(name.size() - suffix.size()) == suffix) {
            aggregate = std::string(suffix.substr(1));
            name.resize(name.size() - suffix.size());
            run_type = "aggregate";
            break;
          }
        }
      }

      double factor = 1;
      if (const JValue* tu = member(entry, "time_unit")) {
        if (!tu->IsString() || (factor = unit_factor(tu->GetString())) == 0) {
          fail("unknown time_unit " + describe(*tu) + " (known: ns, us, ms, s)", where);
        }
      }
      if (aggregate == "BigO" || aggregate == "RMS") {
        add_complexity(run, fits, name, aggregate, entry, factor);
        continue;
      }

      auto [slot, inserted] = index_of.try_emplace(name, pending.size());
      if (inserted) {
        pending.emplace_back();
        pending.back().result.name = name;
      }
      Pending& p = pending[slot->second];

      auto family = integer(entry, "family_index");
      auto instance = integer(entry, "per_family_instance_index");
      if (family && instance && run_type == "iteration") {
        std::pair<long long, long long> id{*family, *instance};
        if (!p.family) {
          p.family = id;
        } else if (*p.family != id) {
          fail("duplicate benchmark name from two different benchmark instances", where);
        }
      }

      const JValue* errored = member(entry, "error_occurred");
      if (errored && errored->IsBool() && errored->GetBool()) {
        if (!p.result.error) {
          p.result.error = string_member(entry, "error_message").value_or("error_occurred");
        }
        continue;
      }
      const JValue* skipped = member(entry, "skipped");
      if (skipped && skipped->IsBool() && skipped->GetBool()) {
        if (!p.result.skipped) {
          p.result.skipped = string_member(entry, "skip_message").value_or("");
        }
        continue;
      }

      if (run_type == "aggregate") {
        Aggregates& a = p.aggregates;
        if (auto reps = integer(entry, "repetitions")) a.repetitions = *reps;
        if (aggregate == "median") a.median = aggregate_pair(entry, factor, where);
        if (aggregate == "mean") a.mean = aggregate_pair(entry, factor, where);
        if (aggregate == "stddev") a.stddev = aggregate_pair(entry, factor, where);
        if (aggregate == "cv") a.cv = aggregate_pair(entry, 1, where);  // a ratio, not a time
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
      add_counters(entry, p);
    }

    run.benchmarks.reserve(pending.size());
    for (auto& p : pending) {
      if (p.result.real_time_ns.empty() && !p.result.error && !p.result.skipped) {
        use_aggregates(p);
      }
      std::sort(p.result.counters.begin(), p.result.counters.end());  // by name, as stored
      if (!p.bytes_per_second.empty())
        p.result.bytes_per_second = stats::median(p.bytes_per_second);
      if (!p.items_per_second.empty())
        p.result.items_per_second = stats::median(p.items_per_second);
      run.benchmarks.push_back(std::move(p.result));
    }
    return run;
  }

  // Every number of an iteration entry that is not structural: counters, throughput, memory.
  static void add_counters(const JValue& entry, Pending& p) {
    for (const auto& m : entry.GetObject()) {
      if (!m.value.IsNumber()) continue;
      const std::string_view key(m.name.GetString(), m.name.GetStringLength());
      if (is_structural_number(key)) continue;
      const double value = m.value.GetDouble();
      if (!std::isfinite(value)) continue;
      if (key == "bytes_per_second") p.bytes_per_second.push_back(value);
      if (key == "items_per_second") p.items_per_second.push_back(value);
      auto& counters = p.result.counters;
      auto it = std::find_if(counters.begin(), counters.end(),
                             [&](const auto& c) { return c.first == key; });
      if (it == counters.end()) {
        counters.emplace_back(fix_utf8(key), std::vector<double>{});
        it = std::prev(counters.end());
      }
      it->second.push_back(value);
    }
  }

  // A benchmark with only aggregates: its median (else mean) is the one sample; the file's own
  // spread (cv, else stddev / mean) and repetition count go along for the within-run term.
  void use_aggregates(Pending& p) const {
    const Aggregates& a = p.aggregates;
    const auto& chosen = a.median ? a.median : a.mean;
    if (!chosen) {
      fail("no repetitions and no median or mean aggregate", "benchmark '" + p.result.name + "'");
    }
    SummaryStatistics summary;
    summary.real_ns = chosen->first;
    summary.cpu_ns = chosen->second;
    if (a.cv) {
      summary.real_cv = a.cv->first;
      summary.cpu_cv = a.cv->second;
    } else if (a.stddev && a.mean) {
      auto ratio = [](double sd, double mean) { return mean > 0 ? sd / mean : 0.0; };
      summary.real_cv = ratio(a.stddev->first, a.mean->first);
      summary.cpu_cv = ratio(a.stddev->second, a.mean->second);
    }
    summary.repetitions = a.repetitions;
    summary.what = "aggregates";
    summary.center = a.median ? "median aggregate" : "mean aggregate";
    use_summary(p.result, summary);
  }

 private:
  std::string origin_;
};

}  // namespace

std::string sanitize_json_text(std::string_view text) { return sanitize(text).text; }

void use_summary(BenchmarkResult& b, const SummaryStatistics& summary) {
  b.real_time_ns.push_back(summary.real_ns);
  b.cpu_time_ns.push_back(summary.cpu_ns);
  b.aggregate_real_cv = summary.real_cv;
  b.aggregate_cpu_cv = summary.cpu_cv;
  b.aggregate_repetitions = static_cast<int>(std::clamp<long long>(summary.repetitions, 0, 1 << 20));
  const std::string note = std::string(kSummaryNote) + std::string(summary.what) + " reported; the " +
                           std::string(summary.center) + " is used as a single sample]";
  b.label = b.label.empty() ? note : b.label + " " + note;
}

Run ingest_benchmark_json(std::string_view text, const std::string& origin) {
  return Ingester(origin).ingest(text);
}

std::string suite_label(std::string_view label) {
  const auto note = label.find(kSummaryNote);
  if (note == std::string_view::npos) return std::string(label);
  label = label.substr(0, note);
  while (!label.empty() && label.back() == ' ') label.remove_suffix(1);
  return std::string(label);
}

}  // namespace bg
