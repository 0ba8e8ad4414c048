#include "bench_gate/config.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "bench_gate/ingest.hpp"
#include "bench_gate/json_depth.hpp"

namespace bg {
namespace {

using nlohmann::json;

class ConfigReader {
 public:
  explicit ConfigReader(const std::string& origin) : origin_(origin) {}

  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw Error(ExitCode::input_error, one_line_text(origin_ + ": " + field + ": " + what));
  }

  static std::string show(const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
  }

  std::string string(const json& value, const std::string& field) const {
    if (!value.is_string()) fail(field, "expected a string, got " + show(value));
    return value.get<std::string>();
  }

  std::vector<std::string> argv(const json& value, const std::string& field) const {
    if (!value.is_array()) fail(field, "expected an array of strings, got " + show(value));
    std::vector<std::string> out;
    for (std::size_t i = 0; i < value.size(); ++i) {
      out.push_back(string(value[i], field + "[" + std::to_string(i) + "]"));
    }
    return out;
  }

  double number(const json& value, const std::string& field) const {
    if (!value.is_number()) fail(field, "expected a number, got " + show(value));
    return value.get<double>();
  }

  long long integer(const json& value, const std::string& field, long long lo, long long hi) const {
    if (!value.is_number_integer() && !value.is_number_unsigned()) {
      if (value.is_number_float()) {
        double d = value.get<double>();
        if (std::floor(d) != d) fail(field, show(value) + " is not an integer");
        if (d < static_cast<double>(lo) || d > static_cast<double>(hi)) {
          fail(field, show(value) + " is out of range [" + std::to_string(lo) + ", " +
                          std::to_string(hi) + "]");
        }
        return static_cast<long long>(d);
      }
      fail(field, "expected an integer, got " + show(value));
    }
    if (value.is_number_unsigned() &&
        value.get<unsigned long long>() > static_cast<unsigned long long>(hi)) {
      fail(field, show(value) + " is out of range [" + std::to_string(lo) + ", " +
                      std::to_string(hi) + "]");
    }
    long long v = value.get<long long>();
    if (v < lo || v > hi) {
      fail(field, show(value) + " is out of range [" + std::to_string(lo) + ", " +
                      std::to_string(hi) + "]");
    }
    return v;
  }

 private:
  std::string origin_;
};

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

Config parse_config(std::string_view text, const std::string& origin) {
  ConfigReader reader(origin);
  json doc;
  check_json_depth(text, kMaxStoredJsonDepth, origin);
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::out_of_range& e) {
    throw Error(ExitCode::input_error,
                origin + ": a number is out of range (" + std::string(e.what()) + ")");
  } catch (const json::parse_error& e) {
    throw Error(ExitCode::input_error,
                one_line_text(origin + ": truncated or invalid JSON at byte " +
                              std::to_string(e.byte > 0 ? e.byte - 1 : 0) + " (" + e.what() + ")"));
  }
  if (!doc.is_object()) reader.fail("(top level)", "expected a JSON object");
  Config config;
  static const std::set<std::string> kKeys = {"suite_command", "build_command",
                                              "repetitions",   "processes",
                                              "notes_ref",     "metric",
                                              "tiers",         "rules",
                                              "default_tier",  "max_baseline_distance",
                                              "history_runs",  "noise_floor_percent",
                                              "alpha",         "timeout_seconds",
                                              "report_budget", "$schema",
                                              "comment"};
  for (const auto& [key, value] : doc.items()) {
    if (!kKeys.count(key)) {
      std::string known;
      for (const auto& k : kKeys) {
        if (k == "$schema" || k == "comment") continue;
        known += (known.empty() ? "" : ", ") + k;
      }
      reader.fail(key, "unknown key (known: " + known + ")");
    }
  }
  if (doc.contains("suite_command"))
    config.suite_command = reader.argv(doc["suite_command"], "suite_command");
  if (doc.contains("build_command"))
    config.build_command = reader.argv(doc["build_command"], "build_command");
  if (doc.contains("repetitions")) {
    config.repetitions =
        static_cast<int>(reader.integer(doc["repetitions"], "repetitions", 1, 1000));
  }
  if (doc.contains("processes")) {
    config.processes = static_cast<int>(reader.integer(doc["processes"], "processes", 1, 100));
  }
  if (doc.contains("notes_ref")) {
    config.notes_ref = reader.string(doc["notes_ref"], "notes_ref");
    if (config.notes_ref.rfind("refs/notes/", 0) != 0 || config.notes_ref.size() <= 11) {
      reader.fail("notes_ref", "'" + config.notes_ref + "' must start with 'refs/notes/'");
    }
  }
  if (doc.contains("metric")) {
    config.metric = reader.string(doc["metric"], "metric");
    if (config.metric != "real_time" && config.metric != "cpu_time") {
      reader.fail("metric", "'" + config.metric + "' is not one of real_time, cpu_time");
    }
  }
  if (doc.contains("tiers")) {
    const json& tiers = doc["tiers"];
    if (!tiers.is_object()) reader.fail("tiers", "expected an object of tier name → spec");
    for (const auto& [name, spec] : tiers.items()) {
      std::string field = "tiers." + name;
      if (name.empty()) reader.fail("tiers", "empty tier name");
      if (!spec.is_object())
        reader.fail(field, "expected an object with threshold_percent, action");
      TierSpec tier;
      tier.name = name;
      if (const TierSpec* existing = find_tier(config, name)) tier = *existing;
      bool has_threshold = false;
      for (const auto& [key, value] : spec.items()) {
        if (key == "threshold_percent") {
          double percent = reader.number(value, field + ".threshold_percent");
          if (!(percent > 0 && percent <= 100)) {
            reader.fail(field + ".threshold_percent",
                        ConfigReader::show(value) + " is out of range (0, 100]");
          }
          tier.threshold = percent / 100.0;
          has_threshold = true;
        } else if (key == "action") {
          std::string action = reader.string(value, field + ".action");
          if (action == "fail") {
            tier.action = TierAction::fail;
          } else if (action == "warn") {
            tier.action = TierAction::warn;
          } else {
            reader.fail(field + ".action", "'" + action + "' is not one of fail, warn");
          }
        } else {
          reader.fail(field + "." + key, "unknown key (known: threshold_percent, action)");
        }
      }
      if (TierSpec* existing = find_tier(config, name)) {
        *existing = tier;
      } else {
        if (!has_threshold) reader.fail(field + ".threshold_percent", "required for a new tier");
        config.tiers.push_back(tier);
      }
    }
  }
  if (doc.contains("default_tier")) {
    config.default_tier = reader.string(doc["default_tier"], "default_tier");
    if (!find_tier(config, config.default_tier)) {
      reader.fail("default_tier", "unknown tier '" + config.default_tier +
                                      "' (known: " + known_tiers(config) + ")");
    }
  }
  if (doc.contains("rules")) {
    const json& rules = doc["rules"];
    if (!rules.is_array()) reader.fail("rules", "expected an array of {pattern, tier}");
    for (std::size_t i = 0; i < rules.size(); ++i) {
      std::string field = "rules[" + std::to_string(i) + "]";
      const json& rule = rules[i];
      if (!rule.is_object())
        reader.fail(field, "expected an object {\"pattern\": ..., \"tier\": ...}");
      for (const auto& [key, value] : rule.items()) {
        if (key != "pattern" && key != "tier")
          reader.fail(field + "." + key, "unknown key (known: pattern, tier)");
      }
      if (!rule.contains("pattern")) reader.fail(field + ".pattern", "missing");
      if (!rule.contains("tier")) reader.fail(field + ".tier", "missing");
      TierRule parsed;
      parsed.pattern = reader.string(rule["pattern"], field + ".pattern");
      parsed.tier = reader.string(rule["tier"], field + ".tier");
      try {
        validate_glob(parsed.pattern);
      } catch (const Error& e) {
        reader.fail(field + ".pattern", e.what());
      }
      if (!find_tier(config, parsed.tier)) {
        reader.fail(field + ".tier",
                    "unknown tier '" + parsed.tier + "' (known: " + known_tiers(config) + ")");
      }
      config.rules.push_back(parsed);
    }
  }
  if (doc.contains("max_baseline_distance")) {
    config.max_baseline_distance = static_cast<int>(
        reader.integer(doc["max_baseline_distance"], "max_baseline_distance", 0, 100000));
  }
  if (doc.contains("history_runs")) {
    config.history_runs =
        static_cast<int>(reader.integer(doc["history_runs"], "history_runs", 0, 1000));
  }
  if (doc.contains("noise_floor_percent")) {
    double percent = reader.number(doc["noise_floor_percent"], "noise_floor_percent");
    if (!(percent >= 0 && percent < 100)) {
      reader.fail("noise_floor_percent",
                  ConfigReader::show(doc["noise_floor_percent"]) + " is out of range [0, 100)");
    }
    config.noise_floor = percent / 100.0;
  }
  if (doc.contains("alpha")) {
    double alpha = reader.number(doc["alpha"], "alpha");
    if (!(alpha > 0 && alpha < 0.5)) {
      reader.fail("alpha", ConfigReader::show(doc["alpha"]) + " is out of range (0, 0.5)");
    }
    config.alpha = alpha;
  }
  if (doc.contains("timeout_seconds")) {
    config.timeout_seconds = static_cast<int>(
        reader.integer(doc["timeout_seconds"], "timeout_seconds", 0, 7 * 24 * 3600));
  }
  if (doc.contains("report_budget")) {
    config.report_budget = static_cast<std::size_t>(
        reader.integer(doc["report_budget"], "report_budget", 2000, 100000000));
  }
  return config;
}

Config load_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ExitCode::input_error, one_line_text(path) + ": cannot read config file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    throw Error(ExitCode::input_error, one_line_text(path) + ": cannot read config file");
  Config config = parse_config(text.str(), path);
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

const TierSpec& tier_for(const Config& config, std::string_view benchmark_name) {
  std::string_view tier_name = config.default_tier;
  for (const auto& rule : config.rules) {
    if (glob_match(rule.pattern, benchmark_name)) {
      tier_name = rule.tier;
      break;
    }
  }
  if (const TierSpec* tier = find_tier(config, tier_name)) return *tier;
  throw Error(ExitCode::input_error, "config: unknown tier '" + std::string(tier_name) +
                                         "' (known: " + known_tiers(config) + ")");
}

}  // namespace bg
