// Fuzz parse_config: any bytes either give a Config whose values are in their documented ranges
// and whose every rule resolves to a known tier, or are rejected with bg::Error.
#include <cmath>
#include <set>

#include "bench_gate/config.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using bg::fuzz::require;
  const std::string_view text = bg::fuzz::as_text(data, size);
  bg::Config config;
  try {
    config = bg::parse_config(text, "fuzz.json");
  } catch (const bg::Error& e) {
    require(e.code() == bg::ExitCode::input_error, "parse_config rejects with input_error");
    return 0;
  }
  require(config.repetitions >= 1 && config.repetitions <= 1000, "repetitions in [1, 1000]");
  require(bg::metric_from_name(bg::metric_name(config.metric)) == config.metric, "metric is known");
  require(config.notes_ref.rfind("refs/notes/", 0) == 0, "notes_ref under refs/notes/");
  require(config.alpha > 0 && config.alpha < 0.5, "alpha in (0, 0.5)");
  require(config.noise_floor >= 0 && config.noise_floor < 1, "noise floor in [0, 1)");
  require(config.max_baseline_distance >= 0 && config.history_runs >= 0 &&
              config.timeout_seconds >= 0 && config.report_budget >= 2000,
          "integer settings in range");
  std::set<std::string> tier_names;
  for (const auto& tier : config.tiers) {
    require(!tier.name.empty() && tier_names.insert(tier.name).second,
            "tier names unique, non-empty");
    require(std::isfinite(tier.threshold) && tier.threshold > 0 && tier.threshold <= 1,
            "thresholds in (0, 100 %]");
  }
  // Every rule was validated and names a known tier, so tier_for resolves any name.
  const std::string_view probes[] = {"", "BM_Foo/8", "a*b?c[d]", text.substr(0, 256)};
  for (std::string_view name : probes) {
    try {
      const bg::TierSpec& tier = bg::tier_for(config, name);
      require(tier_names.count(tier.name) == 1, "tier_for returns a configured tier");
    } catch (const bg::Error&) {
      require(false, "tier_for never throws for a parsed config");
    }
  }
  for (const auto& rule : config.rules) {
    require(tier_names.count(rule.tier) == 1, "rules name known tiers");
    (void)bg::glob_match(rule.pattern, rule.pattern);
    (void)bg::glob_match(rule.pattern, text.substr(0, 1024));
  }
  return 0;
}
