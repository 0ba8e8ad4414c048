// The gate configuration file (bench-gate.json) and the tier policy.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "bench_gate/model.hpp"

namespace bg {

// Parse bench-gate.json strictly (unknown keys are errors). Throws Error(input_error,
// "<origin>: <field>: <what>") on any problem.
Config parse_config(std::string_view text, const std::string& origin);

// Read and parse the file at path; sets source_path. Missing/unreadable → Error(input_error).
Config load_config(const std::string& path);

// Return <top>/bench-gate.json, else <top>/baselines/bench-gate.json, if either exists.
std::optional<std::string> find_config(const std::string& repo_top);

// Return the tier of the first rule whose glob matches the name, else default_tier.
// Throws Error(input_error) when the tier name is unknown (parse_config prevents it).
const TierSpec& tier_for(const Config& config, std::string_view benchmark_name);

// Return whether `url` is a commit link template: starts with https:// or http:// and contains
// "{sha}" (config commit_url, publish --commit-url).
bool is_commit_url_template(std::string_view url);
// Return the metric of the first rule whose glob matches the name when that rule sets one, else
// config.metric (the rule that sets the tier also sets the metric).
Metric metric_for(const Config& config, std::string_view benchmark_name);

// Return whether text matches the glob: * ? [abc] [a-z] [!a-z] [^a-z], \ escapes; '*' also
// matches '/'. '?' and classes match one UTF-8 character, not a byte. At most
// O(pattern × text) steps (no exponential backtracking).
bool glob_match(std::string_view pattern, std::string_view text);

// Return a glob that matches exactly `text`: * ? [ ] \ escaped with a backslash.
std::string glob_escape(std::string_view text);

// Throw Error(input_error, "glob '<p>': <what>") on an unclosed '[', empty class or trailing '\'.
void validate_glob(std::string_view pattern);

}  // namespace bg
