#include "bench_gate/report/comparison_json.hpp"

#include <array>
#include <cmath>
#include <limits>

#include "bench_gate/gates.hpp"
#include "bench_gate/overall.hpp"
#include "bench_gate/advice.hpp"
#include "bench_gate/util/json_fields.hpp"
#include "bench_gate/verdict.hpp"

namespace bg {
namespace {

using nlohmann::json;

const char* exit_status_name(ExitCode code) {
  switch (code) {
    case ExitCode::pass:
      return "pass";
    case ExitCode::regression:
      return "regression";
    case ExitCode::input_error:
      return "input_error";
    case ExitCode::no_baseline:
      return "no_baseline";
    case ExitCode::suite_failed:
      return "suite_failed";
    case ExitCode::internal:
      return "internal";
  }
  return "unknown";
}

const char* failed_side_name(FailedSide side) {
  switch (side) {
    case FailedSide::none:
      return "none";
    case FailedSide::base:
      return "base";
    case FailedSide::head:
      return "head";
    case FailedSide::both:
      return "both";
  }
  return "none";
}

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json environment_to_json(const Environment& e) {
  json out{{"host", e.host},
           {"compiler", e.compiler},
           {"build_type", e.build_type},
           {"fingerprint", e.fingerprint},
           {"context", e.context}};
  // The measuring process's facts, where known (as in the note).
  if (!e.compiler_flags.empty()) out["compiler_flags"] = e.compiler_flags;
  if (e.environment_bytes >= 0) out["environment_bytes"] = e.environment_bytes;
  if (e.working_directory_length >= 0) out["working_directory_length"] = e.working_directory_length;
  if (!e.aslr.empty()) out["aslr"] = e.aslr;
  if (!e.cpu_governor.empty()) out["cpu_governor"] = e.cpu_governor;
  return out;
}

json benchmark_core_json(const BenchmarkComparison& b);

json budget_to_json(const BenchmarkComparison& b) {
  if (!b.budget) return nullptr;
  return json{{"kind", b.budget->kind == Budget::Kind::max ? "max" : "min"},
              {"text", b.budget->text},
              {"value", number(b.budget->value)},
              {"verdict", budget_verdict_name(b.budget_verdict)},
              {"head_low", number(b.budget_low)},
              {"head_high", number(b.budget_high)}};
}

json overall_to_json(const OverallChange& o) {
  return json{{"scope", o.scope},
              {"benchmarks", o.benchmarks},
              {"change", number(o.change)},
              {"ci_low", number(o.ci_low)},
              {"ci_high", number(o.ci_high)}};
}

json benchmark_to_json(const BenchmarkComparison& b) {
  json out = benchmark_core_json(b);
  out["counter"] = b.counter;
  out["direction"] = direction_name(b.direction);
  out["base_throughput"] = number(b.base_throughput);
  out["head_throughput"] = number(b.head_throughput);
  out["throughput_unit"] = b.throughput_unit;
  out["budget"] = budget_to_json(b);
  if (!b.label.empty()) out["label"] = b.label;
  if (b.confirmation.done) {
    out["confirmation"] = json{{"change", number(b.confirmation.change)},
                               {"ci_low", number(b.confirmation.ci_low)},
                               {"ci_high", number(b.confirmation.ci_high)},
                               {"runs", b.confirmation.runs},
                               {"how", b.confirmation.how}};
  }
  return out;
}

json benchmark_core_json(const BenchmarkComparison& b) {
  return json{{"name", b.name},
              {"tier", b.tier},
              {"threshold", number(b.threshold)},
              {"action", b.action == TierAction::fail ? "fail" : "warn"},
              {"verdict", verdict_name(b.verdict)},
              {"unit", b.unit},
              {"base_center", number(b.base_center)},
              {"head_center", number(b.head_center)},
              {"change", number(b.change)},
              {"ci_low", number(b.ci_low)},
              {"ci_high", number(b.ci_high)},
              {"p_value", number(b.p_value)},
              {"p_adjusted", number(b.p_adjusted)},
              {"mde", number(b.mde)},
              {"base_samples", b.base_samples},
              {"head_samples", b.head_samples},
              {"base_runs", b.base_runs},
              {"head_runs", b.head_runs},
              {"repetitions_needed", b.repetitions_needed},
              {"advice", json{{"action", advice_action_name(b.advice.action)},
                              {"count", b.advice.count},
                              {"cell", advice_cell(b.advice)},
                              {"reason", b.advice.reason}}},
              {"noise_source", b.noise_source},
              {"message", b.message},
              {"failed_side", failed_side_name(b.failed_side)}};
}

// The typed `read(key, out)` of this file on util::JsonFields (one error format for every JSON
// document bench-gate reads): an absent field leaves `out` as it is.
class Reader : public util::JsonFields {
 public:
  using util::JsonFields::JsonFields;

  void read(const char* key, std::string& out, bool needed = false) const {
    if (needed) required(key);
    out = string(key, out);
  }
  void read(const char* key, double& out, bool needed = false) const {
    if (needed) required(key);
    const json* v = find(key);
    out = v && v->is_null() ? std::numeric_limits<double>::quiet_NaN() : number(key, out);
  }
  void read(const char* key, int& out, bool needed = false) const {
    if (needed) required(key);
    out = static_cast<int>(integer(key, std::numeric_limits<int>::min(),
                                   std::numeric_limits<int>::max(), out));
  }
  void read(const char* key, bool& out) const { out = boolean(key, out); }
  void read(const char* key, std::vector<std::string>& out) const {
    if (has(key)) out = strings(key);
  }

  // Call `each(element, element_path)` for every element of an array field.
  template <typename F>
  void each(const char* key, bool needed, F&& each_element) const {
    if (needed) required(key);
    const json* v = find(key);
    if (!v || v->is_null()) return;
    if (!v->is_array()) fail(key, "expected an array, got " + util::show_json(*v));
    for (std::size_t i = 0; i < v->size(); ++i) {
      each_element((*v)[i], path_of(key) + "[" + std::to_string(i) + "]");
    }
  }
};

Environment environment_from_json(const json& j, const std::string& origin,
                                  const std::string& path) {
  const Reader r(j, origin, path);
  Environment e;
  r.read("host", e.host);
  r.read("compiler", e.compiler);
  r.read("build_type", e.build_type);
  r.read("fingerprint", e.fingerprint);
  r.read("compiler_flags", e.compiler_flags);
  e.environment_bytes = r.integer("environment_bytes", -1, std::int64_t{1} << 40, -1);
  e.working_directory_length = r.integer("working_directory_length", -1, std::int64_t{1} << 40, -1);
  r.read("aslr", e.aslr);
  r.read("cpu_governor", e.cpu_governor);
  if (const json* context = r.find("context"); context && !context->is_null()) {
    if (!context->is_object()) r.fail("context", "expected an object");
    e.context = *context;
  }
  return e;
}

// The counter, throughput and budget fields of a row (absent in documents before them).
void read_gates(const Reader& r, BenchmarkComparison& b, const std::string& origin) {
  r.read("counter", b.counter);
  std::string direction = "smaller";
  r.read("direction", direction);
  const auto known = direction_from_name(direction);
  if (!known) r.fail("direction", "must be smaller or bigger, not \"" + direction + "\"");
  b.direction = *known;
  r.read("base_throughput", b.base_throughput);
  r.read("head_throughput", b.head_throughput);
  r.read("throughput_unit", b.throughput_unit);
  const json* budget = r.find("budget");
  if (!budget || budget->is_null()) return;
  const Reader fields(*budget, origin, r.path_of("budget"));
  Budget parsed;
  std::string kind = "max", verdict;
  fields.read("kind", kind, true);
  if (kind != "max" && kind != "min") fields.fail("kind", "must be max or min, not \"" + kind + "\"");
  parsed.kind = kind == "max" ? Budget::Kind::max : Budget::Kind::min;
  fields.read("text", parsed.text);
  fields.read("value", parsed.value, true);
  fields.read("verdict", verdict, true);
  const auto judged = budget_verdict_from_name(verdict);
  if (!judged) fields.fail("verdict", "must be within, broken or inconclusive, not \"" + verdict + "\"");
  b.budget_verdict = *judged;
  fields.read("head_low", b.budget_low);
  fields.read("head_high", b.budget_high);
  b.budget = parsed;
}

BenchmarkComparison benchmark_from_json(const json& j, const std::string& origin,
                                        const std::string& path) {
  const Reader r(j, origin, path);
  BenchmarkComparison b;
  r.read("name", b.name, true);
  r.read("tier", b.tier);
  r.read("threshold", b.threshold);
  std::string action = "fail";
  r.read("action", action);
  if (action == "fail") {
    b.action = TierAction::fail;
  } else if (action == "warn") {
    b.action = TierAction::warn;
  } else {
    r.fail("action", "must be \"fail\" or \"warn\", not \"" + action + "\"");
  }
  std::string verdict;
  r.read("verdict", verdict, true);
  const auto known = verdict_from_name(verdict);
  if (!known) r.fail("verdict", "has an unknown value \"" + verdict + "\"");
  b.verdict = *known;
  r.read("unit", b.unit);
  r.read("base_center", b.base_center);
  r.read("head_center", b.head_center);
  r.read("change", b.change);
  r.read("ci_low", b.ci_low);
  r.read("ci_high", b.ci_high);
  r.read("p_value", b.p_value);
  r.read("p_adjusted", b.p_adjusted);
  r.read("mde", b.mde);
  r.read("base_samples", b.base_samples);
  r.read("head_samples", b.head_samples);
  r.read("base_runs", b.base_runs);
  r.read("head_runs", b.head_runs);
  r.read("repetitions_needed", b.repetitions_needed);
  if (const json* advice = r.find("advice"); advice && !advice->is_null()) {
    if (!advice->is_object()) r.fail("advice", "expected an object");
    const Reader a(*advice, r.origin(), r.path_of("advice"));
    std::string action = "none";
    a.read("action", action);
    const auto known_action = advice_action_from_name(action);
    if (!known_action) a.fail("action", "has an unknown value \"" + action + "\"");
    b.advice.action = *known_action;
    a.read("count", b.advice.count);
    a.read("reason", b.advice.reason);
  }
  r.read("noise_source", b.noise_source);
  r.read("message", b.message);
  r.read("label", b.label);
  if (const json* confirmation = r.find("confirmation"); confirmation && !confirmation->is_null()) {
    if (!confirmation->is_object()) r.fail("confirmation", "expected an object");
    const Reader c(*confirmation, origin, r.path_of("confirmation"));
    b.confirmation.done = true;
    c.read("change", b.confirmation.change);
    c.read("ci_low", b.confirmation.ci_low);
    c.read("ci_high", b.confirmation.ci_high);
    c.read("runs", b.confirmation.runs);
    c.read("how", b.confirmation.how);
  }
  std::string side = b.verdict == Verdict::failed ? "head" : "none";  // before the field existed
  r.read("failed_side", side);
  const FailedSide sides[] = {FailedSide::none, FailedSide::base, FailedSide::head, FailedSide::both};
  bool side_known = false;
  for (FailedSide s : sides) {
    if (side == failed_side_name(s)) b.failed_side = s, side_known = true;
  }
  if (!side_known) r.fail("failed_side", "must be none, base, head or both, not \"" + side + "\"");
  read_gates(r, b, origin);
  return b;
}

}  // namespace

json comparison_to_json(const Comparison& c) {
  json doc{{"schema_version", kComparisonSchemaVersion},
           {"base_rev", c.base_rev},
           {"head_rev", c.head_rev},
           {"base_commit", c.base_commit},
           {"head_commit", c.head_commit},
           {"head_subject", c.head_subject},
           {"pr_head", c.pr_head},
           {"pr_head_subject", c.pr_head_subject},
           {"merge_base", c.merge_base},
           {"baseline_commit", c.baseline_commit},
           {"baseline_distance", c.baseline_distance},
           {"mode", mode_name(c.mode)},
           {"environments_differ", c.environments_differ},
           {"environment_differences", c.environment_differences},
           {"missing_shards", c.missing_shards},
           {"information", c.information},
           {"disturbance", c.disturbance},
           {"rule", c.rule},
           {"correction", c.correction},
           {"exit_code", static_cast<int>(c.exit_code)},
           {"exit_status", exit_status_name(c.exit_code)}};
  json& base_envs = doc["base_environments"] = json::array();
  for (const auto& e : c.base_environments) base_envs.push_back(environment_to_json(e));
  json& head_envs = doc["head_environments"] = json::array();
  for (const auto& e : c.head_environments) head_envs.push_back(environment_to_json(e));
  // The overall figure is derived from the rows (and recomputed from them when read back).
  json& overall = doc["overall"] = json::array();
  for (const auto& o : overall_changes(c.benchmarks)) overall.push_back(overall_to_json(o));
  json& benchmarks = doc["benchmarks"] = json::array();
  for (const auto& b : c.benchmarks) benchmarks.push_back(benchmark_to_json(b));
  // issue 13: the nightly's first-parent commits since the baseline and their change points.
  json& commits = doc["line_commits"] = json::array();
  for (const auto& l : c.line_commits) commits.push_back({{"commit", l.id}, {"subject", l.subject}});
  json& changes = doc["change_points"] = json::array();
  for (const auto& cp : c.change_points) {
    changes.push_back({{"benchmark", cp.name},
                       {"change", cp.change},
                       {"ci_low", cp.ci_low},
                       {"ci_high", cp.ci_high},
                       {"p_value", cp.p_value},
                       {"before_commit", cp.before_commit},
                       {"after_commit", cp.after_commit},
                       {"commits", cp.commits}});
  }
  return doc;
}

Comparison comparison_from_json(const json& document, const std::string& origin) {
  const Reader r(document, origin);
  Comparison c;
  int version = 0;
  r.read("schema_version", version, true);
  if (version != kComparisonSchemaVersion) {
    r.fail("schema_version", std::to_string(version) + " is not supported (this bench-gate reads " +
                                 std::to_string(kComparisonSchemaVersion) + ")");
  }
  c.schema_version = version;
  r.read("base_rev", c.base_rev);
  r.read("head_rev", c.head_rev);
  r.read("base_commit", c.base_commit);
  r.read("head_commit", c.head_commit);
  r.read("head_subject", c.head_subject);  // absent in documents before the PR head was named
  r.read("pr_head", c.pr_head);
  r.read("pr_head_subject", c.pr_head_subject);
  r.read("merge_base", c.merge_base);
  r.read("baseline_commit", c.baseline_commit);
  r.read("baseline_distance", c.baseline_distance);
  std::string mode = "stored";
  r.read("mode", mode);
  const auto known_mode = mode_from_name(mode);
  if (!known_mode) r.fail("mode", "must be stored, stored+confirmed or paired, not \"" + mode + "\"");
  c.mode = *known_mode;
  r.read("environments_differ", c.environments_differ);
  r.read("environment_differences", c.environment_differences);
  r.read("missing_shards", c.missing_shards);
  if (document.is_object() && document.contains("information")) {
    r.read("information", c.information);  // issue 16; absent in documents before it
  }
  if (document.is_object() && document.contains("disturbance")) {
    r.read("disturbance", c.disturbance);  // issue 17; absent in documents before it
  }
  r.read("rule", c.rule);
  r.read("correction", c.correction);
  int exit_code = 0;
  r.read("exit_code", exit_code);
  if (exit_code < 0 || exit_code > static_cast<int>(ExitCode::suite_failed)) {
    r.fail("exit_code", "must be 0..4, not " + std::to_string(exit_code));
  }
  c.exit_code = static_cast<ExitCode>(exit_code);
  r.each("base_environments", false, [&](const json& e, const std::string& path) {
    c.base_environments.push_back(environment_from_json(e, origin, path));
  });
  r.each("head_environments", false, [&](const json& e, const std::string& path) {
    c.head_environments.push_back(environment_from_json(e, origin, path));
  });
  r.each("benchmarks", true, [&](const json& b, const std::string& path) {
    c.benchmarks.push_back(benchmark_from_json(b, origin, path));
  });
  // issue 13; absent in documents before it.
  r.each("line_commits", false, [&](const json& l, const std::string& path) {
    const Reader lr(l, origin, path);
    LineCommit commit;
    lr.read("commit", commit.id, true);
    lr.read("subject", commit.subject);
    c.line_commits.push_back(std::move(commit));
  });
  r.each("change_points", false, [&](const json& j, const std::string& path) {
    const Reader cr(j, origin, path);
    LineChange cp;
    cr.read("benchmark", cp.name, true);
    cr.read("change", cp.change, true);
    cr.read("ci_low", cp.ci_low);
    cr.read("ci_high", cp.ci_high);
    cr.read("p_value", cp.p_value);
    cr.read("before_commit", cp.before_commit);
    cr.read("after_commit", cp.after_commit);
    cr.read("commits", cp.commits);
    c.change_points.push_back(std::move(cp));
  });
  return c;
}

}  // namespace bg
