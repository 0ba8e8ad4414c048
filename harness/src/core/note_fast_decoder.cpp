// The fast path of parse_note (issue 13: `log` over 1,000 commits under 0.5 s): simdjson On Demand
// decodes notes shaped as serialize_note writes them into the model the reference decoder
// (nlohmann, note_codec.cpp) builds, and gives up on anything else. It never reports an error:
// every note it declines, for whatever reason, is decoded again by the reference decoder, whose
// result or error is the answer. So it must only decline, never differ:
//  - every value it accepts is read completely and type-checked (no skipped, unvalidated text);
//  - an unknown key, a duplicate key, an escaped key: declined (nlohmann keeps the last duplicate);
//  - numbers: read as nlohmann reads them (integer, unsigned or double by the token's shape; -0 is
//    integer 0), integers beyond 64 bits declined;
//  - every check the reference decoder makes that would fail: declined instead;
//  - the free-form objects (environment.context, other_contexts) are parsed by nlohmann from their
//    own text, and declined when nested deep enough to approach kMaxStoredJsonDepth.
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "bench_gate/note_codec.hpp"
#include "bench_gate/shard.hpp"
#include "bench_gate/util/json_depth.hpp"

namespace bg {
namespace {

namespace od = simdjson::ondemand;

// Thrown inside the fast path when it declines the note; caught in parse_note_fast.
struct Decline {};

void need(simdjson::error_code error) {
  if (error != simdjson::SUCCESS) throw Decline{};
}
void need(bool condition) {
  if (!condition) throw Decline{};
}

// Calls on_field(key, value) for each field of the object `source` (a value, or the document).
template <typename Source, typename OnField>
void for_each_field(Source& source, OnField&& on_field) {
  od::object object;
  need(source.get_object().get(object));
  for (auto f : object) {
    od::field field;
    need(std::move(f).get(field));
    const od::raw_json_string key = field.key();  // the key first, as the stream has it
    od::value value = field.value();
    on_field(key, value);
  }
}

// Calls on_element(value) for each element of the array `v`.
template <typename OnElement>
void for_each_element(od::value& v, OnElement&& on_element) {
  od::array array;
  need(v.get_array().get(array));
  for (auto element : array) {
    od::value e;
    need(std::move(element).get(e));
    on_element(e);
  }
}

// Keys seen in one object: a repeated known key declines (the reference keeps the last one).
class Seen {
 public:
  void mark(unsigned bit) {
    need((bits_ & (1u << bit)) == 0);
    bits_ |= 1u << bit;
  }

 private:
  unsigned bits_ = 0;
};

od::json_type type_of(od::value& v) {
  od::json_type type;
  need(v.type().get(type));
  return type;
}

// True (and consumed) when v is null.
bool null(od::value& v) {
  if (type_of(v) != od::json_type::null) return false;
  bool is_null = false;
  need(v.is_null().get(is_null));
  need(is_null);
  return true;
}

// nlohmann's reading of a number token: with '.', 'e' or 'E' a double (strtod), else with '-' an
// int64, else a uint64 (out of 64-bit range a double: declined here). simdjson's get_number()
// is not used: 3.0.1 returns 0 for a double of more than 19 digits (10.30000000000000004).
enum class Token { floating, negative, natural };
Token token_of(od::value& v) {
  const std::string_view token = v.raw_json_token();
  for (const char c : token) {
    if (c == '.' || c == 'e' || c == 'E') return Token::floating;
  }
  return !token.empty() && token[0] == '-' ? Token::negative : Token::natural;
}

double number(od::value& v) {
  switch (token_of(v)) {
    case Token::floating: {
      double x = 0;
      need(v.get_double().get(x));
      return x;
    }
    case Token::negative: {
      std::int64_t x = 0;
      need(v.get_int64().get(x));
      return static_cast<double>(x);
    }
    case Token::natural:
      break;
  }
  std::uint64_t x = 0;
  need(v.get_uint64().get(x));
  return static_cast<double>(x);
}

// An integer token within [lo, hi] (JsonFields::integer also takes 5.0: declined here).
std::int64_t integer(od::value& v, std::int64_t lo, std::int64_t hi) {
  std::int64_t x = 0;
  switch (token_of(v)) {
    case Token::floating:
      throw Decline{};
    case Token::negative:
      need(v.get_int64().get(x));
      break;
    case Token::natural: {
      std::uint64_t u = 0;
      need(v.get_uint64().get(u));
      need(u <= static_cast<std::uint64_t>(hi));
      x = static_cast<std::int64_t>(u);
      break;
    }
  }
  need(x >= lo && x <= hi);
  return x;
}

std::string string(od::value& v) {
  std::string_view s;
  need(v.get_string().get(s));
  return std::string(s);
}

// JsonFields::string: null is the fallback "", a string is itself.
std::string optional_string(od::value& v) { return null(v) ? std::string() : string(v); }

double optional_number(od::value& v, double fallback) { return null(v) ? fallback : number(v); }

// A sample array as the reference's samples(): finite numbers >= 0 (null declines: the reference
// fails on anything present that is not an array).
// The first 32 values are gathered on the stack: one allocation of the final size.
std::vector<double> samples(od::value& v) {
  constexpr std::size_t kHead = 32;
  double head[kHead];
  std::size_t n = 0;
  std::vector<double> out;
  od::array array;
  need(v.get_array().get(array));
  for (auto element : array) {
    od::value e;
    need(std::move(element).get(e));
    const double x = number(e);
    need(std::isfinite(x) && !(x < 0));
    if (n < kHead) {
      head[n++] = x;
    } else {
      if (out.empty()) out.assign(head, head + kHead);
      out.push_back(x);
    }
  }
  if (out.empty()) out.assign(head, head + n);
  return out;
}

// A free-form JSON object (context, other_contexts[i]), as nlohmann reads its text.
nlohmann::json passthrough_object(od::value& v) {
  need(type_of(v) == od::json_type::object);
  od::object object;
  need(v.get_object().get(object));
  std::string_view raw;
  need(object.raw_json().get(raw));
  // These objects sit 5 levels down; the reference refuses documents deeper than 512 levels.
  need(!util::json_too_deep(raw, 500).has_value());
  nlohmann::json out = nlohmann::json::parse(raw.begin(), raw.end(), nullptr, false);
  need(!out.is_discarded() && out.is_object());
  return out;
}

// The text of a key made only of plain characters (no escape, no control character).
std::string_view plain_key(od::field& field) {
  const char* begin = field.key().raw();
  const char* end = begin;
  while (*end != '"') {
    need(*end != '\\' && static_cast<unsigned char>(*end) >= 0x20);
    ++end;
  }
  return {begin, static_cast<std::size_t>(end - begin)};
}

std::vector<std::pair<std::string, std::vector<double>>> counters(od::value& v) {
  std::vector<std::pair<std::string, std::vector<double>>> out;
  od::object object;
  need(v.get_object().get(object));
  for (auto f : object) {
    od::field field;
    need(std::move(f).get(field));
    std::string name(plain_key(field));
    od::array array;
    need(field.value().get_array().get(array));
    std::vector<double> numbers;
    for (auto element : array) {
      od::value e;
      need(std::move(element).get(e));
      numbers.push_back(number(e));
    }
    out.emplace_back(std::move(name), std::move(numbers));
  }
  // The reference iterates a std::map: sorted by name, a repeated name keeping its last value.
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 1; i < out.size(); ++i) need(out[i - 1].first != out[i].first);
  return out;
}

void aggregates(od::value& v, BenchmarkResult& b) {
  Seen seen;
  for_each_field(v, [&](od::raw_json_string key, od::value& value) {
    if (key == "repetitions") {
      seen.mark(0);
      b.aggregate_repetitions = null(value) ? 0 : static_cast<int>(integer(value, 0, 1 << 20));
    } else if (key == "real_time_cv") {
      seen.mark(1);
      b.aggregate_real_cv = optional_number(value, 0);
    } else if (key == "cpu_time_cv") {
      seen.mark(2);
      b.aggregate_cpu_cv = optional_number(value, 0);
    } else {
      throw Decline{};
    }
  });
}

BenchmarkResult benchmark(od::value& v) {
  BenchmarkResult b;
  Seen seen;
  bool named = false;
  for_each_field(v, [&](od::raw_json_string key, od::value& value) {
    if (key == "name") {
      seen.mark(0);
      b.name = string(value);
      named = true;
    } else if (key == "real_time_ns") {
      seen.mark(1);
      b.real_time_ns = samples(value);
    } else if (key == "cpu_time_ns") {
      seen.mark(2);
      b.cpu_time_ns = samples(value);
    } else if (key == "iterations") {
      seen.mark(3);
      const double x = optional_number(value, 0);
      // The reference casts any number; out of int64's range that cast is undefined: declined.
      need(x > -9.2e18 && x < 9.2e18);
      b.iterations = static_cast<std::int64_t>(x);
    } else if (key == "label") {
      seen.mark(4);
      b.label = optional_string(value);
    } else if (key == "error") {
      seen.mark(5);
      if (!null(value)) b.error = string(value);
    } else if (key == "bytes_per_second") {
      seen.mark(6);
      b.bytes_per_second = optional_number(value, 0);
    } else if (key == "items_per_second") {
      seen.mark(7);
      b.items_per_second = optional_number(value, 0);
    } else if (key == "skipped") {
      seen.mark(8);
      if (!null(value)) b.skipped = string(value);
    } else if (key == "counters") {
      seen.mark(9);
      if (!null(value)) b.counters = counters(value);
    } else if (key == "aggregates") {
      seen.mark(10);
      if (!null(value)) aggregates(value, b);
    } else if (key == "instructions") {
      seen.mark(11);
      b.instructions = samples(value);
    } else {
      throw Decline{};
    }
  });
  need(named && b.cpu_time_ns.size() == b.real_time_ns.size());
  return b;
}

ComplexityFit fit(od::value& v) {
  ComplexityFit out;
  Seen seen;
  for_each_field(v, [&](od::raw_json_string key, od::value& value) {
    if (key == "name") {
      seen.mark(0);
      out.name = optional_string(value);
    } else if (key == "big_o") {
      seen.mark(1);
      out.big_o = optional_string(value);
    } else if (key == "real_coefficient") {
      seen.mark(2);
      out.real_coefficient = optional_number(value, 0);
    } else if (key == "cpu_coefficient") {
      seen.mark(3);
      out.cpu_coefficient = optional_number(value, 0);
    } else if (key == "rms") {
      seen.mark(4);
      out.rms = optional_number(value, -1);
    } else {
      throw Decline{};
    }
  });
  return out;
}

void environment(od::value& v, Environment& e) {
  constexpr std::int64_t kMax = std::int64_t{1} << 40;  // as read_process_facts
  Seen seen;
  for_each_field(v, [&](od::raw_json_string key, od::value& value) {
    if (key == "context") {
      seen.mark(0);
      if (!null(value)) e.context = passthrough_object(value);
    } else if (key == "host") {
      seen.mark(1);
      e.host = optional_string(value);
    } else if (key == "compiler") {
      seen.mark(2);
      e.compiler = optional_string(value);
    } else if (key == "build_type") {
      seen.mark(3);
      e.build_type = optional_string(value);
    } else if (key == "fingerprint") {
      seen.mark(4);
      e.fingerprint = optional_string(value);
    } else if (key == "compiler_flags") {
      seen.mark(5);
      e.compiler_flags = optional_string(value);
    } else if (key == "environment_bytes") {
      seen.mark(6);
      e.environment_bytes = null(value) ? -1 : integer(value, -1, kMax);
    } else if (key == "working_directory_length") {
      seen.mark(7);
      e.working_directory_length = null(value) ? -1 : integer(value, -1, kMax);
    } else if (key == "aslr") {
      seen.mark(8);
      e.aslr = optional_string(value);
    } else if (key == "cpu_governor") {
      seen.mark(9);
      e.cpu_governor = optional_string(value);
    } else {
      throw Decline{};
    }
  });
}

Run run(od::value& v) {
  Run out;
  Seen seen;
  bool has_benchmarks = false;
  for_each_field(v, [&](od::raw_json_string key, od::value& value) {
    if (key == "run_id") {
      seen.mark(0);
      out.run_id = optional_string(value);
    } else if (key == "shard") {
      seen.mark(1);
      out.shard = optional_string(value);
    } else if (key == "commit") {
      seen.mark(2);
      out.commit = optional_string(value);
    } else if (key == "recorded_at") {
      seen.mark(3);
      out.recorded_at = optional_string(value);
    } else if (key == "tool_version") {
      seen.mark(4);
      out.tool_version = optional_string(value);
    } else if (key == "source") {
      seen.mark(5);
      out.source = optional_string(value);
    } else if (key == "environment") {
      seen.mark(6);
      if (!null(value)) environment(value, out.environment);
    } else if (key == "benchmarks") {
      seen.mark(7);
      for_each_element(value, [&](od::value& e) { out.benchmarks.push_back(benchmark(e)); });
      has_benchmarks = true;
    } else if (key == "complexity") {
      seen.mark(8);
      if (null(value)) return;
      for_each_element(value, [&](od::value& e) { out.complexity.push_back(fit(e)); });
    } else if (key == "other_contexts") {
      seen.mark(9);
      if (null(value)) return;
      for_each_element(value,
                       [&](od::value& e) { out.other_contexts.push_back(passthrough_object(e)); });
    } else {
      throw Decline{};
    }
  });
  need(has_benchmarks && !out.run_id.empty());
  need(out.shard.empty() || parse_shard(out.shard).has_value());
  return out;
}

NoteDocument note(od::document& doc) {
  NoteDocument out;
  Seen seen;
  bool versioned = false, has_runs = false;
  for_each_field(doc, [&](od::raw_json_string key, od::value& value) {
    if (key == "schema_version") {
      seen.mark(0);
      need(integer(value, kNoteSchemaVersion, kNoteSchemaVersion) == kNoteSchemaVersion);
      versioned = true;
    } else if (key == "commit") {
      seen.mark(1);
      out.commit = optional_string(value);
    } else if (key == "runs") {
      seen.mark(2);
      for_each_element(value, [&](od::value& e) { out.runs.push_back(run(e)); });
      has_runs = true;
    } else {
      throw Decline{};
    }
  });
  need(versioned && has_runs);
  // Nothing may follow the object (the reference refuses trailing text).
  const char* rest = nullptr;
  need(doc.current_location().get(rest) == simdjson::OUT_OF_BOUNDS);
  return out;
}

}  // namespace

std::optional<NoteDocument> parse_note_fast(std::string_view text) {
  try {
    od::parser parser;
    const simdjson::padded_string padded(text.data(), text.size());
    od::document doc;
    need(parser.iterate(padded).get(doc));
    return note(doc);
  } catch (const Decline&) {
    return std::nullopt;
  }
}

}  // namespace bg
