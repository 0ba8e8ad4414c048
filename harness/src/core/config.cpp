#include "bench_gate/config.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "bench_gate/gates.hpp"
#include "bench_gate/adapters.hpp"
#include "bench_gate/util/files.hpp"
#include "bench_gate/util/json_fields.hpp"
#include "bench_gate/util/text.hpp"

namespace bg {
namespace {

using nlohmann::json;

std::string known_tiers(const Config& config) {
  std::string out;
  for (const auto& tier : config.tiers) {
    if (!out.empty()) out += ", ";
    out += tier.name;
  }
  return out;
}

template <typename C>  // Config or const Config
auto find_tier(C& config, std::string_view name) -> decltype(&config.tiers[0]) {
  for (auto& tier : config.tiers) {
    if (tier.name == name) return &tier;
  }
  return nullptr;
}

}  // namespace

namespace {

void check_known_keys(const util::JsonFields& doc) {
  static const std::set<std::string> kKeys = {"suite_command", "build_command",
                                              "repetitions",   "processes",
                                              "notes_ref",     "metric",
                                              "tiers",         "rules",
                                              "default_tier",  "max_baseline_distance",
                                              "history_runs",  "noise_floor_percent", "instruction_noise_floor_percent",
                                              "alpha",         "timeout_seconds",
                                              "report_budget", "$schema",
                                              "comment",       "commit_url",
                                              "harness",       "results",
                                              "confirm_inconclusive"};
  for (const auto& [key, value] : doc.object().items()) {
    if (kKeys.count(key)) continue;
    std::string known;
    for (const auto& k : kKeys) {
      if (k == "$schema" || k == "comment") continue;
      known += (known.empty() ? "" : ", ") + k;
    }
    doc.fail(key, "unknown key (known: " + known + ")");
  }
}

void read_tiers(const util::JsonFields& doc, Config& config) {
  if (!doc.has("tiers")) return;
  const json& tiers = doc.required("tiers");
  if (!tiers.is_object()) doc.fail("tiers", "expected an object of tier name → spec");
  for (const auto& [name, spec] : tiers.items()) {
    if (name.empty()) doc.fail("tiers", "empty tier name");
    if (!spec.is_object()) doc.fail("tiers." + name, "expected an object with threshold_percent, action");
    const util::JsonFields fields(spec, doc.origin(), "tiers." + name);
    TierSpec tier;
    tier.name = name;
    if (const TierSpec* existing = find_tier(config, name)) tier = *existing;
    for (const auto& [key, value] : spec.items()) {
      if (key != "threshold_percent" && key != "action")
        fields.fail(key, "unknown key (known: threshold_percent, action)");
    }
    if (fields.has("threshold_percent")) {
      const double percent = fields.number("threshold_percent");
      if (!(percent > 0 && percent <= 100)) {
        fields.fail("threshold_percent",
                    util::show_json(spec["threshold_percent"]) + " is out of range (0, 100]");
      }
      tier.threshold = percent / 100.0;
    }
    if (fields.has("action")) {
      const std::string action = fields.string("action");
      if (action == "fail") {
        tier.action = TierAction::fail;
      } else if (action == "warn") {
        tier.action = TierAction::warn;
      } else {
        fields.fail("action", "'" + action + "' is not one of fail, warn");
      }
    }
    if (TierSpec* existing = find_tier(config, name)) {
      *existing = tier;
    } else {
      if (!fields.has("threshold_percent")) fields.fail("threshold_percent", "required for a new tier");
      config.tiers.push_back(tier);
    }
  }
}

// The counter, direction, threshold and budget of one rule (the keys besides pattern and tier).
void read_rule_gates(const util::JsonFields& rule, TierRule& parsed) {
  const json& object = rule.object();
  if (rule.has("counter")) {
    parsed.counter = rule.string("counter");
    if (parsed.counter.empty()) rule.fail("counter", "empty counter name");
    const auto known = default_direction(parsed.counter);
    if (rule.has("direction")) {
      const std::string text = rule.string("direction");
      const auto direction = direction_from_name(text);
      if (!direction) rule.fail("direction", "'" + text + "' is not one of smaller, bigger");
      parsed.direction = *direction;
    } else if (known) {
      parsed.direction = *known;
    } else {
      rule.fail("direction", "required for counter '" + parsed.counter +
                                 "' (\"smaller\" or \"bigger\": which way is better)");
    }
  } else {
    for (const char* key : {"direction", "threshold_percent", "min"}) {
      if (rule.has(key)) rule.fail(key, "needs a \"counter\" (the metric's own rules are its tier's)");
    }
  }
  if (rule.has("threshold_percent")) {
    const double percent = rule.number("threshold_percent");
    if (!(percent > 0 && percent <= 100)) {
      rule.fail("threshold_percent",
                util::show_json(object["threshold_percent"]) + " is out of range (0, 100]");
    }
    parsed.threshold = percent / 100.0;
  }
  if (rule.has("max") && rule.has("min")) rule.fail("min", "a rule sets max or min, not both");
  for (const char* key : {"max", "min"}) {
    if (!rule.has(key)) continue;
    const json& value = object[key];
    if (!value.is_string() && !value.is_number()) {
      rule.fail(key, "expected text such as \"5ms\" or \"1.5GB/s\", or a number");
    }
    const std::string text = value.is_string() ? value.get<std::string>() : util::show_json(value);
    const auto kind = std::string_view(key) == "max" ? Budget::Kind::max : Budget::Kind::min;
    try {
      parsed.budget = parse_budget(text, kind, !parsed.counter.empty());
    } catch (const Error& e) {
      rule.fail(key, e.what());
    }
  }
}

void read_rules(const util::JsonFields& doc, Config& config) {
  if (!doc.has("rules")) return;
  const json& rules = doc.required("rules");
  if (!rules.is_array()) doc.fail("rules", "expected an array of {pattern, tier}");
  static const std::set<std::string> kRuleKeys = {
      "pattern", "tier", "counter", "direction", "threshold_percent", "max", "min", "metric"};
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const std::string path = "rules[" + std::to_string(i) + "]";
    if (!rules[i].is_object()) doc.fail(path, "expected an object {\"pattern\": ..., \"tier\": ...}");
    const util::JsonFields rule(rules[i], doc.origin(), path);
    for (const auto& [key, value] : rules[i].items()) {
      if (!kRuleKeys.count(key))
        rule.fail(key, "unknown key (known: pattern, tier, counter, direction, threshold_percent, "
                       "max, min, metric)");
    }
    TierRule parsed;
    parsed.path = path;
    rule.required("pattern");
    parsed.pattern = rule.string("pattern");
    parsed.tier = rule.string("tier", "");
    try {
      validate_glob(parsed.pattern);
    } catch (const Error& e) {
      rule.fail("pattern", e.what());
    }
    if (rule.has("tier") && !find_tier(config, parsed.tier)) {
      rule.fail("tier", "unknown tier '" + parsed.tier + "' (known: " + known_tiers(config) + ")");
    }
    read_rule_gates(rule, parsed);
    if (!rule.has("tier") && !rule.has("metric") && parsed.counter.empty() && !parsed.budget) {
      rule.fail("tier", "required (or a \"metric\", \"counter\", \"max\" or \"min\")");
    }
    if (rule.has("metric")) {
      const std::string metric = rule.string("metric");
      parsed.metric = metric_from_name(metric);
      if (!parsed.metric)
        rule.fail("metric", "'" + metric + "' is not one of real_time, cpu_time, instructions");
    }
    config.rules.push_back(parsed);
  }
}

// A number in [lo, hi) or (lo, hi] as the message says; `range` is that text.
double bounded(const util::JsonFields& doc, const char* key, double fallback, bool ok(double),
               const char* range) {
  const double value = doc.number(key, fallback);
  if (!ok(value)) doc.fail(key, util::show_json(doc.required(key)) + " is out of range " + range);
  return value;
}

}  // namespace

Config parse_config(std::string_view text, const std::string& origin) {
  const json parsed = util::parse_json(text, origin);
  const util::JsonFields doc(parsed, origin);
  check_known_keys(doc);
  Config config;
  config.suite_command = doc.strings("suite_command");
  config.build_command = doc.strings("build_command");
  if (doc.has("harness")) {
    config.harness = doc.string("harness");
    try {
      find_adapter(config.harness);
    } catch (const Error& e) {
      doc.fail("harness", e.what());
    }
  }
  config.results = doc.string("results");
  if (!config.results.empty() && config.harness.empty()) {
    doc.fail("results", "needs \"harness\" (Google Benchmark's output file is bench-gate's own)");
  }
  config.repetitions = static_cast<int>(doc.integer("repetitions", 1, 1000, config.repetitions));
  config.processes = static_cast<int>(doc.integer("processes", 1, 100, config.processes));
  config.notes_ref = doc.string("notes_ref", config.notes_ref);
  if (config.notes_ref.rfind("refs/notes/", 0) != 0 || config.notes_ref.size() <= 11) {
    doc.fail("notes_ref", "'" + config.notes_ref + "' must start with 'refs/notes/'");
  }
  if (doc.has("metric")) {
    const std::string metric = doc.string("metric");
    const auto known = metric_from_name(metric);
    if (!known)
      doc.fail("metric", "'" + metric + "' is not one of real_time, cpu_time, instructions");
    config.metric = *known;
  }
  read_tiers(doc, config);
  config.default_tier = doc.string("default_tier", config.default_tier);
  if (!find_tier(config, config.default_tier)) {
    doc.fail("default_tier", "unknown tier '" + config.default_tier + "' (known: " +
                                 known_tiers(config) + ")");
  }
  read_rules(doc, config);
  config.max_baseline_distance = static_cast<int>(
      doc.integer("max_baseline_distance", 0, 100000, config.max_baseline_distance));
  config.history_runs = static_cast<int>(doc.integer("history_runs", 0, 1000, config.history_runs));
  config.confirm_inconclusive = doc.boolean("confirm_inconclusive", config.confirm_inconclusive);
  config.noise_floor =
      bounded(doc, "noise_floor_percent", config.noise_floor * 100,
              [](double p) { return p >= 0 && p < 100; }, "[0, 100)") / 100.0;
  config.instruction_noise_floor =
      bounded(doc, "instruction_noise_floor_percent", config.instruction_noise_floor * 100,
              [](double p) { return p >= 0 && p < 100; }, "[0, 100)") / 100.0;
  config.alpha = bounded(doc, "alpha", config.alpha,
                         [](double a) { return a > 0 && a < 0.5; }, "(0, 0.5)");
  config.timeout_seconds = static_cast<int>(
      doc.integer("timeout_seconds", 0, 7 * 24 * 3600, config.timeout_seconds));
  config.report_budget = static_cast<std::size_t>(doc.integer(
      "report_budget", 2000, 100000000, static_cast<std::int64_t>(config.report_budget)));
  config.commit_url = doc.string("commit_url", config.commit_url);
  if (!config.commit_url.empty() && !is_commit_url_template(config.commit_url))
    doc.fail("commit_url", "must start with https:// or http:// and contain {sha}");
  return config;
}

bool is_commit_url_template(std::string_view url) {
  return (url.starts_with("https://") || url.starts_with("http://")) &&
         url.find("{sha}") != std::string_view::npos;
}

Config load_config(const std::string& path) {
  Config config = parse_config(util::read_file(path), path);
  config.source_path = path;
  return config;
}

std::optional<std::string> find_config(const std::string& repo_top) {
  namespace fs = std::filesystem;
  for (const char* relative : {"bench-gate.json", "baselines/bench-gate.json"}) {
    fs::path candidate = fs::path(repo_top) / relative;
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
  }
  return std::nullopt;
}

Metric metric_for(const Config& config, std::string_view benchmark_name) {
  for (const auto& rule : config.rules) {
    // Counter and budget-only rules do not choose the metric (as they choose no tier).
    if (rule.counter.empty() && (!rule.tier.empty() || rule.metric) &&
        glob_match(rule.pattern, benchmark_name)) {
      return rule.metric.value_or(config.metric);
    }
  }
  return config.metric;
}

const TierSpec& tier_for(const Config& config, std::string_view benchmark_name) {
  std::string_view tier_name = config.default_tier;
  for (const auto& rule : config.rules) {
    if (!rule.tier.empty() && rule.counter.empty() && glob_match(rule.pattern, benchmark_name)) {
      tier_name = rule.tier;
      break;
    }
  }
  if (const TierSpec* tier = find_tier(config, tier_name)) return *tier;
  throw Error(ExitCode::input_error, "config: unknown tier '" + std::string(tier_name) +
                                         "' (known: " + known_tiers(config) + ")");
}

}  // namespace bg
