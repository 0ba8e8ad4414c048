#include "bench_gate/report/comparison_json.hpp"

#include <array>
#include <cmath>
#include <limits>

namespace bg {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<Verdict, const char*>, 8> kVerdicts = {{
    {Verdict::regression, "regression"},
    {Verdict::improvement, "improvement"},
    {Verdict::unchanged, "unchanged"},
    {Verdict::inconclusive, "inconclusive"},
    {Verdict::new_benchmark, "new"},
    {Verdict::removed, "removed"},
    {Verdict::failed, "failed"},
    {Verdict::skipped, "skipped"},
}};

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
  }
  return "unknown";
}

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json environment_to_json(const Environment& e) {
  return json{{"host", e.host},
              {"compiler", e.compiler},
              {"build_type", e.build_type},
              {"fingerprint", e.fingerprint},
              {"context", e.context}};
}

json benchmark_to_json(const BenchmarkComparison& b) {
  return json{{"name", b.name},
              {"tier", b.tier},
              {"threshold", number(b.threshold)},
              {"action", b.action == TierAction::fail ? "fail" : "warn"},
              {"verdict", report_verdict_name(b.verdict)},
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
              {"noise_source", b.noise_source},
              {"message", b.message}};
}

// Reads fields of one JSON object, naming "<origin>: <path>.<field>" in every error.
class Reader {
 public:
  Reader(const json& object, std::string origin, std::string path)
      : object_(object), origin_(std::move(origin)), path_(std::move(path)) {
    if (!object_.is_object()) fail(path_.empty() ? "document" : path_, "must be an object");
  }

  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw Error(ExitCode::input_error, origin_ + ": " + where + " " + what);
  }

  std::string field_path(const char* key) const { return path_.empty() ? key : path_ + "." + key; }

  const json* find(const char* key, bool required) const {
    auto it = object_.find(key);
    if (it == object_.end()) {
      if (required) fail(field_path(key), "is missing");
      return nullptr;
    }
    return &*it;
  }

  void read(const char* key, std::string& out, bool required = false) const {
    if (const json* v = find(key, required)) {
      if (!v->is_string()) fail(field_path(key), "must be a string");
      out = v->get<std::string>();
    }
  }

  void read(const char* key, double& out, bool required = false) const {
    if (const json* v = find(key, required)) {
      if (v->is_null()) {
        out = std::numeric_limits<double>::quiet_NaN();
      } else if (v->is_number()) {
        out = v->get<double>();
      } else {
        fail(field_path(key), "must be a number");
      }
    }
  }

  void read(const char* key, int& out, bool required = false) const {
    if (const json* v = find(key, required)) {
      if (!v->is_number_integer()) fail(field_path(key), "must be an integer");
      const auto value = v->get<long long>();
      if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
        fail(field_path(key), "is out of range");
      }
      out = static_cast<int>(value);
    }
  }

  void read(const char* key, bool& out, bool required = false) const {
    if (const json* v = find(key, required)) {
      if (!v->is_boolean()) fail(field_path(key), "must be true or false");
      out = v->get<bool>();
    }
  }

  void read(const char* key, std::vector<std::string>& out) const {
    if (const json* v = find(key, false)) {
      if (!v->is_array()) fail(field_path(key), "must be an array of strings");
      out.clear();
      for (std::size_t i = 0; i < v->size(); ++i) {
        if (!(*v)[i].is_string()) {
          fail(field_path(key) + "[" + std::to_string(i) + "]", "must be a string");
        }
        out.push_back((*v)[i].get<std::string>());
      }
    }
  }

  // Call `each(element, element_path)` for every element of an array field.
  template <typename F>
  void each(const char* key, bool required, F&& each_element) const {
    if (const json* v = find(key, required)) {
      if (!v->is_array()) fail(field_path(key), "must be an array");
      for (std::size_t i = 0; i < v->size(); ++i) {
        each_element((*v)[i], field_path(key) + "[" + std::to_string(i) + "]");
      }
    }
  }

  const std::string& origin() const { return origin_; }

 private:
  const json& object_;
  std::string origin_;
  std::string path_;
};

Environment environment_from_json(const json& j, const std::string& origin,
                                  const std::string& path) {
  Reader r(j, origin, path);
  Environment e;
  r.read("host", e.host);
  r.read("compiler", e.compiler);
  r.read("build_type", e.build_type);
  r.read("fingerprint", e.fingerprint);
  if (const json* context = r.find("context", false)) {
    if (!context->is_object()) r.fail(r.field_path("context"), "must be an object");
    e.context = *context;
  }
  return e;
}

BenchmarkComparison benchmark_from_json(const json& j, const std::string& origin,
                                        const std::string& path) {
  Reader r(j, origin, path);
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
    r.fail(r.field_path("action"), "must be \"fail\" or \"warn\", not \"" + action + "\"");
  }
  std::string verdict;
  r.read("verdict", verdict, true);
  bool known = false;
  for (const auto& [v, name] : kVerdicts) {
    if (verdict == name) b.verdict = v, known = true;
  }
  if (!known) r.fail(r.field_path("verdict"), "has an unknown value \"" + verdict + "\"");
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
  r.read("noise_source", b.noise_source);
  r.read("message", b.message);
  return b;
}

}  // namespace

std::string report_verdict_name(Verdict verdict) {
  for (const auto& [v, name] : kVerdicts) {
    if (v == verdict) return name;
  }
  return "unknown";
}

json comparison_to_json(const Comparison& c) {
  json doc{{"schema_version", kComparisonSchemaVersion},
           {"base_rev", c.base_rev},
           {"head_rev", c.head_rev},
           {"base_commit", c.base_commit},
           {"head_commit", c.head_commit},
           {"merge_base", c.merge_base},
           {"baseline_commit", c.baseline_commit},
           {"baseline_distance", c.baseline_distance},
           {"mode", c.mode},
           {"environments_differ", c.environments_differ},
           {"environment_differences", c.environment_differences},
           {"missing_shards", c.missing_shards},
           {"information", c.information},
           {"rule", c.rule},
           {"correction", c.correction},
           {"exit_code", static_cast<int>(c.exit_code)},
           {"exit_status", exit_status_name(c.exit_code)}};
  json& base_envs = doc["base_environments"] = json::array();
  for (const auto& e : c.base_environments) base_envs.push_back(environment_to_json(e));
  json& head_envs = doc["head_environments"] = json::array();
  for (const auto& e : c.head_environments) head_envs.push_back(environment_to_json(e));
  json& benchmarks = doc["benchmarks"] = json::array();
  for (const auto& b : c.benchmarks) benchmarks.push_back(benchmark_to_json(b));
  return doc;
}

Comparison comparison_from_json(const json& document, const std::string& origin) {
  Reader r(document, origin, "");
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
  r.read("merge_base", c.merge_base);
  r.read("baseline_commit", c.baseline_commit);
  r.read("baseline_distance", c.baseline_distance);
  r.read("mode", c.mode);
  r.read("environments_differ", c.environments_differ);
  r.read("environment_differences", c.environment_differences);
  r.read("missing_shards", c.missing_shards);
  if (document.is_object() && document.contains("information")) {
    r.read("information", c.information);  // issue 16; absent in documents before it
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
  return c;
}

}  // namespace bg
