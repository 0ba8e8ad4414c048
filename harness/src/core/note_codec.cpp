#include "bench_gate/note_codec.hpp"

#include <openssl/evp.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <map>
#include <set>
#include <unordered_map>

#include "bench_gate/shard.hpp"
#include "bench_gate/util/json_fields.hpp"

namespace bg {
namespace {

using nlohmann::json;

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The fields of `j` whose names are not in `known` (a newer bench-gate's optional fields), as an
// object, or null when there are none. Kept so that re-writing a note never drops them.
template <std::size_t N>
json unknown_fields(const json& j, const std::string_view (&known)[N]) {
  json out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool is_known = false;
    for (const std::string_view k : known) is_known = is_known || it.key() == k;
    if (!is_known) out[it.key()] = it.value();
  }
  return out;
}

// Writes back the unknown fields kept by unknown_fields (the known ones, written now, win).
void add_unknown(json& out, const json& unknown) {
  if (!unknown.is_object()) return;
  for (auto it = unknown.begin(); it != unknown.end(); ++it) {
    if (!out.contains(it.key())) out[it.key()] = it.value();
  }
}

constexpr std::string_view kBenchmarkFields[] = {
    "name",     "real_time_ns",     "cpu_time_ns", "iterations", "label",       "error",
    "bytes_per_second", "items_per_second", "skipped", "counters", "aggregates", "instructions"};
constexpr std::string_view kEnvironmentFields[] = {
    "context",           "host",        "compiler", "build_type", "fingerprint", "compiler_flags",
    "environment_bytes", "working_directory_length", "aslr",      "cpu_governor"};
constexpr std::string_view kRunFields[] = {"run_id",      "shard",   "commit",
                                           "recorded_at", "tool_version", "source",
                                           "environment", "benchmarks",   "complexity",
                                           "other_contexts"};
constexpr std::string_view kNoteFields[] = {"schema_version", "commit", "runs"};

// A finite sample array, >= 0 (0: a time below the timer's resolution) ([] when absent).
std::vector<double> samples(const util::JsonFields& r, const char* field) {
  std::vector<double> out;
  const json* it = r.find(field);
  if (!it) return out;
  if (!it->is_array()) r.fail(field, "expected an array of numbers");
  out.reserve(it->size());
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& v = (*it)[i];
    if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0) {
      r.fail(std::string(field) + "[" + std::to_string(i) + "]",
             "expected a finite number >= 0, got " + util::show_json(v));
    }
    out.push_back(v.get<double>());
  }
  return out;
}

json benchmark_to_json(const BenchmarkResult& b) {
  json out = json::object();
  out["name"] = b.name;
  out["real_time_ns"] = b.real_time_ns;
  out["cpu_time_ns"] = b.cpu_time_ns;
  out["iterations"] = b.iterations;
  if (!b.label.empty()) out["label"] = b.label;
  if (b.error) out["error"] = *b.error;
  if (b.bytes_per_second != 0) out["bytes_per_second"] = b.bytes_per_second;
  if (b.items_per_second != 0) out["items_per_second"] = b.items_per_second;
  if (b.skipped) out["skipped"] = *b.skipped;
  if (!b.counters.empty()) {
    json counters = json::object();
    for (const auto& [name, values] : b.counters) counters[name] = values;
    out["counters"] = std::move(counters);
  }
  if (b.aggregate_repetitions != 0 || b.aggregate_real_cv != 0 || b.aggregate_cpu_cv != 0) {
    out["aggregates"] = {{"repetitions", b.aggregate_repetitions},
                         {"real_time_cv", b.aggregate_real_cv},
                         {"cpu_time_cv", b.aggregate_cpu_cv}};
  }
  // instruction mode: optional, so schema_version stays 1 (older readers ignore the field)
  if (!b.instructions.empty()) out["instructions"] = b.instructions;
  add_unknown(out, b.unknown);
  return out;
}

json fit_to_json(const ComplexityFit& f) {
  return {{"name", f.name},
          {"big_o", f.big_o},
          {"real_coefficient", f.real_coefficient},
          {"cpu_coefficient", f.cpu_coefficient},
          {"rms", f.rms}};
}

ComplexityFit fit_from_json(const json& j, const std::string& origin, const std::string& path) {
  const util::JsonFields r(j, origin, path);
  ComplexityFit f;
  f.name = r.string("name");
  f.big_o = r.string("big_o");
  f.real_coefficient = r.number("real_coefficient");
  f.cpu_coefficient = r.number("cpu_coefficient");
  f.rms = r.number("rms", -1);
  return f;
}

BenchmarkResult benchmark_from_json(const json& j, const std::string& origin,
                                    const std::string& path) {
  const util::JsonFields r(j, origin, path);
  BenchmarkResult b;
  if (!j.contains("name") || !j["name"].is_string()) r.fail("name", "missing or not a string");
  b.name = j["name"].get<std::string>();
  b.real_time_ns = samples(r, "real_time_ns");
  b.cpu_time_ns = samples(r, "cpu_time_ns");
  if (b.cpu_time_ns.size() != b.real_time_ns.size()) {
    r.fail("cpu_time_ns", "has " + std::to_string(b.cpu_time_ns.size()) + " values, real_time_ns " +
                              std::to_string(b.real_time_ns.size()));
  }
  b.iterations = static_cast<std::int64_t>(r.number("iterations"));
  b.label = r.string("label");
  if (j.contains("error") && !j["error"].is_null()) b.error = r.string("error");
  b.bytes_per_second = r.number("bytes_per_second");
  b.items_per_second = r.number("items_per_second");
  if (r.has("skipped")) b.skipped = r.string("skipped");
  if (const json* counters = r.find("counters"); counters && !counters->is_null()) {
    if (!counters->is_object()) r.fail("counters", "expected an object");
    for (const auto& [name, values] : counters->items()) {
      std::vector<double> numbers;
      if (!values.is_array()) r.fail("counters", "expected arrays of numbers");
      for (const auto& v : values) {
        if (!v.is_number()) r.fail("counters", "expected arrays of numbers");
        numbers.push_back(v.get<double>());
      }
      b.counters.emplace_back(name, std::move(numbers));
    }
  }
  if (const json* aggregates = r.find("aggregates"); aggregates && !aggregates->is_null()) {
    const util::JsonFields a(*aggregates, r.origin(), r.path_of("aggregates"));
    b.aggregate_repetitions = static_cast<int>(a.integer("repetitions", 0, 1 << 20));
    b.aggregate_real_cv = a.number("real_time_cv");
    b.aggregate_cpu_cv = a.number("cpu_time_cv");
  }
  b.instructions = samples(r, "instructions");  // instruction mode; absent in timed runs
  b.unknown = unknown_fields(j, kBenchmarkFields);
  return b;
}

// The optional facts of the measuring process (issue 12 item 6): written only when known, so
// notes without them read as before and readers that predate them ignore them.
void add_process_facts(json& out, const Environment& e) {
  if (!e.compiler_flags.empty()) out["compiler_flags"] = e.compiler_flags;
  if (e.environment_bytes >= 0) out["environment_bytes"] = e.environment_bytes;
  if (e.working_directory_length >= 0) out["working_directory_length"] = e.working_directory_length;
  if (!e.aslr.empty()) out["aslr"] = e.aslr;
  if (!e.cpu_governor.empty()) out["cpu_governor"] = e.cpu_governor;
}

void read_process_facts(const util::JsonFields& f, Environment& e) {
  constexpr std::int64_t kMax = std::int64_t{1} << 40;
  e.compiler_flags = f.string("compiler_flags");
  e.environment_bytes = f.integer("environment_bytes", -1, kMax, -1);
  e.working_directory_length = f.integer("working_directory_length", -1, kMax, -1);
  e.aslr = f.string("aslr");
  e.cpu_governor = f.string("cpu_governor");
}

}  // namespace

json run_to_json(const Run& run) {
  json out = json::object();
  out["run_id"] = run.run_id;
  out["shard"] = run.shard;
  out["commit"] = run.commit;
  out["recorded_at"] = run.recorded_at;
  out["tool_version"] = run.tool_version;
  out["source"] = run.source;
  out["environment"] = {{"context", run.environment.context},
                        {"host", run.environment.host},
                        {"compiler", run.environment.compiler},
                        {"build_type", run.environment.build_type},
                        {"fingerprint", run.environment.fingerprint}};
  add_process_facts(out["environment"], run.environment);
  add_unknown(out["environment"], run.environment.unknown);
  json benchmarks = json::array();
  for (const auto& b : run.benchmarks) benchmarks.push_back(benchmark_to_json(b));
  out["benchmarks"] = std::move(benchmarks);
  if (!run.complexity.empty()) {
    json fits = json::array();
    for (const auto& f : run.complexity) fits.push_back(fit_to_json(f));
    out["complexity"] = std::move(fits);
  }
  if (!run.other_contexts.empty()) out["other_contexts"] = run.other_contexts;
  add_unknown(out, run.unknown);
  return out;
}

namespace {

Run run_at(const json& j, const std::string& origin, const std::string& path) {
  const util::JsonFields r(j, origin, path);
  Run run;
  run.run_id = r.string("run_id");
  if (run.run_id.empty()) r.fail("run_id", "missing or empty");
  run.shard = r.string("shard");
  if (!run.shard.empty() && !parse_shard(run.shard))
    r.fail("shard", "'" + run.shard + "' is not K/N");
  run.commit = r.string("commit");
  run.recorded_at = r.string("recorded_at");
  run.tool_version = r.string("tool_version");
  run.source = r.string("source");
  if (auto it = j.find("environment"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) r.fail("environment", "expected an object");
    const util::JsonFields e(*it, origin, r.path_of("environment"));
    if (auto c = it->find("context"); c != it->end() && !c->is_null()) {
      if (!c->is_object()) e.fail("context", "expected an object");
      run.environment.context = *c;
    }
    run.environment.host = e.string("host");
    run.environment.compiler = e.string("compiler");
    run.environment.build_type = e.string("build_type");
    run.environment.fingerprint = e.string("fingerprint");
    read_process_facts(e, run.environment);
    run.environment.unknown = unknown_fields(*it, kEnvironmentFields);
  }
  auto it = j.find("benchmarks");
  if (it == j.end() || !it->is_array()) r.fail("benchmarks", "missing or not an array");
  run.benchmarks.reserve(it->size());
  for (std::size_t i = 0; i < it->size(); ++i) {
    run.benchmarks.push_back(
        benchmark_from_json((*it)[i], origin, r.path_of("benchmarks") + "[" + std::to_string(i) + "]"));
  }
  if (const json* fits = r.find("complexity"); fits && !fits->is_null()) {
    if (!fits->is_array()) r.fail("complexity", "expected an array");
    for (std::size_t i = 0; i < fits->size(); ++i) {
      run.complexity.push_back(fit_from_json(
          (*fits)[i], origin, r.path_of("complexity") + "[" + std::to_string(i) + "]"));
    }
  }
  if (const json* contexts = r.find("other_contexts"); contexts && !contexts->is_null()) {
    if (!contexts->is_array()) r.fail("other_contexts", "expected an array");
    for (const auto& context : *contexts) {
      if (!context.is_object()) r.fail("other_contexts", "expected an array of objects");
      run.other_contexts.push_back(context);
    }
  }
  run.unknown = unknown_fields(j, kRunFields);
  return run;
}

}  // namespace

Run run_from_json(const json& j, const std::string& origin) { return run_at(j, origin, ""); }

NoteDocument parse_note(std::string_view text, const std::string& origin) {
  if (std::optional<NoteDocument> fast = parse_note_fast(text)) return std::move(*fast);
  return parse_note_reference(text, origin);
}

NoteDocument parse_note_reference(std::string_view text, const std::string& origin) {
  const json doc = util::parse_json(text, origin);
  if (!doc.is_object()) throw Error(ExitCode::input_error, origin + ": note is not a JSON object");
  auto version = doc.find("schema_version");
  if (version == doc.end() || !version->is_number_integer()) {
    throw Error(ExitCode::input_error, origin + ": schema_version missing or not an integer");
  }
  if (version->get<long long>() != kNoteSchemaVersion) {
    throw Error(ExitCode::input_error, origin + ": schema_version " + dump(*version) +
                                           " is not supported (this bench-gate reads " +
                                           std::to_string(kNoteSchemaVersion) +
                                           "; upgrade bench-gate)");
  }
  NoteDocument note;
  const util::JsonFields r(doc, origin);
  note.commit = r.string("commit");
  auto runs = doc.find("runs");
  if (runs == doc.end() || !runs->is_array()) r.fail("runs", "missing or not an array");
  for (std::size_t i = 0; i < runs->size(); ++i) {
    note.runs.push_back(run_at((*runs)[i], origin, "runs[" + std::to_string(i) + "]"));
  }
  note.unknown = unknown_fields(doc, kNoteFields);
  return note;
}

std::string serialize_note(const NoteDocument& doc) {
  json out = json::object();
  out["schema_version"] = doc.schema_version;
  out["commit"] = doc.commit;
  json runs = json::array();
  for (const auto& run : doc.runs) runs.push_back(run_to_json(run));
  out["runs"] = std::move(runs);
  add_unknown(out, doc.unknown);
  return dump(out);
}

NoteDocument merge_notes(const NoteDocument& a, const NoteDocument& b) {
  NoteDocument out;
  out.schema_version = kNoteSchemaVersion;
  out.commit = a.commit.empty() ? b.commit : a.commit;
  out.unknown = a.unknown;
  add_unknown(out.unknown, b.unknown);
  std::set<std::pair<std::string, std::string>> seen;
  for (const NoteDocument* doc : {&a, &b}) {
    for (const auto& run : doc->runs) {
      if (seen.emplace(run.run_id, run.shard).second) out.runs.push_back(run);
    }
  }
  return out;
}

std::vector<Run> combine_shards(const std::vector<Run>& runs,
                                std::vector<std::string>* missing_shards) {
  std::vector<Run> out;
  struct Group {
    std::size_t index;  // into out
    std::set<int> present;
    int count = 0;                // largest N seen
    std::set<std::string> names;  // benchmark names already taken
  };
  std::map<std::string, Group> groups;  // by run_id, for sharded runs only
  std::vector<std::string> order;
  for (const auto& run : runs) {
    auto shard = parse_shard(run.shard);
    if (!shard) {
      out.push_back(run);
      continue;
    }
    auto [it, inserted] = groups.try_emplace(run.run_id);
    Group& group = it->second;
    if (inserted) {
      order.push_back(run.run_id);
      group.index = out.size();
      Run combined = run;
      combined.shard = "";
      combined.benchmarks.clear();
      out.push_back(std::move(combined));
    }
    group.present.insert(shard->first);
    group.count = std::max(group.count, shard->second);
    Run& combined = out[group.index];
    for (const auto& b : run.benchmarks) {
      if (group.names.insert(b.name).second) combined.benchmarks.push_back(b);
    }
  }
  if (missing_shards) {
    for (const auto& run_id : order) {
      const Group& group = groups[run_id];
      for (int k = 1; k <= group.count; ++k) {
        if (!group.present.count(k)) {
          missing_shards->push_back("shard " + std::to_string(k) + "/" +
                                    std::to_string(group.count) + " of run " + run_id);
        }
      }
    }
  }
  return out;
}

}  // namespace bg

namespace bg {

std::string measurement_digest(const Run& run) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    throw Error(ExitCode::input_error, "measurement digest: SHA-256 failed");
  }
  auto add = [&](const void* data, std::size_t size) { EVP_DigestUpdate(ctx.get(), data, size); };
  auto add_text = [&](const std::string& text) {
    const std::uint64_t size = text.size();
    add(&size, sizeof size);
    add(text.data(), text.size());
  };
  auto add_values = [&](const std::vector<double>& values) {
    const std::uint64_t size = values.size();
    add(&size, sizeof size);
    add(values.data(), values.size() * sizeof(double));
  };
  for (const auto& b : run.benchmarks) {
    add_text(b.name);
    add_values(b.real_time_ns);
    add_values(b.cpu_time_ns);
    add_text(b.error ? "e" + *b.error : "");
    add_text(b.skipped ? "s" + *b.skipped : "");
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx.get(), digest, &length) != 1) {
    throw Error(ExitCode::input_error, "measurement digest: SHA-256 failed");
  }
  std::string hex;
  char buffer[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(buffer, sizeof buffer, "%02x", digest[i]);
    hex += buffer;
  }
  return hex;
}

std::vector<bool> repeated_measurements(const std::vector<Run>& runs,
                                        std::vector<std::string>* lines) {
  std::vector<bool> repeated(runs.size(), false);
  std::map<std::string, std::string> seen;  // digest -> run_id
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (runs[i].benchmarks.empty()) continue;
    auto [it, inserted] = seen.emplace(measurement_digest(runs[i]), runs[i].run_id);
    if (inserted) continue;
    repeated[i] = true;
    if (lines) {
      lines->push_back("run " + runs[i].run_id + " repeats the measurements of run " +
                       it->second + " (the same results recorded twice): ignored");
    }
  }
  return repeated;
}

}  // namespace bg
