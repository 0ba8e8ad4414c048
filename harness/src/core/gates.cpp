#include "bench_gate/gates.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

#include "bench_gate/config.hpp"
#include "bench_gate/util/error.hpp"
#include "bench_gate/util/text.hpp"

namespace bg {
namespace {

constexpr std::array<std::pair<std::string_view, double>, 6> kTimeUnits = {{
    {"ns", 1}, {"us", 1e3}, {"µs", 1e3}, {"ms", 1e6}, {"s", 1e9}, {"min", 60e9}}};

// Binary prefixes first: "Mi" must not be read as "M" followed by "i".
constexpr std::array<std::pair<std::string_view, double>, 9> kPrefixes = {{{"Ki", 0x1p10},
                                                                           {"Mi", 0x1p20},
                                                                           {"Gi", 0x1p30},
                                                                           {"Ti", 0x1p40},
                                                                           {"k", 1e3},
                                                                           {"K", 1e3},
                                                                           {"M", 1e6},
                                                                           {"G", 1e9},
                                                                           {"T", 1e12}}};

constexpr std::array<std::string_view, 5> kCounterUnits = {"", "B", "B/s", "/s", "items/s"};

[[noreturn]] void bad_budget(std::string_view text, const std::string& why) {
  throw Error(ExitCode::input_error, "'" + util::one_line_text(text) + "' " + why);
}

// The scale of a counter suffix ("GB/s" → 1e9), or nullopt when it is not one.
std::optional<double> counter_scale(std::string_view suffix) {
  double scale = 1;
  for (const auto& [prefix, factor] : kPrefixes) {
    if (suffix.substr(0, prefix.size()) == prefix) {
      scale = factor;
      suffix.remove_prefix(prefix.size());
      break;
    }
  }
  for (std::string_view unit : kCounterUnits) {
    if (suffix == unit) return scale;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Direction> default_direction(std::string_view counter) {
  if (counter == "bytes_per_second" || counter == "items_per_second")
    return Direction::bigger_is_better;
  if (counter == "max_bytes_used" || counter == "allocs_per_iter" ||
      counter == "total_allocated_bytes" || counter == "net_heap_growth")
    return Direction::smaller_is_better;
  return std::nullopt;
}

std::string counter_unit(std::string_view counter) {
  if (counter == "bytes_per_second") return "B/s";
  if (counter == "items_per_second") return "items/s";
  if (counter == "max_bytes_used" || counter == "total_allocated_bytes" ||
      counter == "net_heap_growth")
    return "B";
  if (counter == "allocs_per_iter") return "allocations";
  return "";
}

Budget parse_budget(std::string_view text, Budget::Kind kind, bool counter) {
  Budget budget;
  budget.kind = kind;
  budget.text = std::string(text);
  std::string_view rest = text;
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
  if (ec != std::errc() || !std::isfinite(value)) bad_budget(text, "is not a number with a unit");
  rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (!(value > 0)) bad_budget(text, "must be positive");
  if (counter) {
    const auto scale = counter_scale(rest);
    if (!scale) {
      bad_budget(text, "is not a counter amount (a number with an optional k, M, G, T, Ki, Mi, "
                       "Gi or Ti prefix and B, B/s, /s or items/s, e.g. \"1.5GB/s\")");
    }
    budget.value = value * *scale;
    return budget;
  }
  if (rest.empty()) {
    budget.value = value;  // in the metric's own unit
    return budget;
  }
  for (const auto& [unit, ns] : kTimeUnits) {
    if (rest == unit) {
      budget.value = value * ns;
      budget.is_time = true;
      return budget;
    }
  }
  bad_budget(text, "is not a time (a number with ns, us, µs, ms, s or min, e.g. \"5ms\")");
}

std::vector<const TierRule*> counter_rules(const Config& config, std::string_view name) {
  std::vector<const TierRule*> out;
  for (const auto& rule : config.rules) {
    if (rule.counter.empty() || !glob_match(rule.pattern, name)) continue;
    bool seen = false;
    for (const TierRule* r : out) seen = seen || r->counter == rule.counter;
    if (!seen) out.push_back(&rule);
  }
  return out;
}

const TierRule* budget_rule(const Config& config, std::string_view name, std::string_view counter) {
  for (const auto& rule : config.rules) {
    if (rule.budget && rule.counter == counter && glob_match(rule.pattern, name)) return &rule;
  }
  return nullptr;
}

BudgetVerdict judge_budget(const Budget& budget, double low, double high) {
  if (budget.kind == Budget::Kind::max) {
    if (low > budget.value) return BudgetVerdict::broken;
    if (high <= budget.value) return BudgetVerdict::within;
  } else {
    if (high < budget.value) return BudgetVerdict::broken;
    if (low >= budget.value) return BudgetVerdict::within;
  }
  return BudgetVerdict::inconclusive;
}

std::string_view budget_verdict_name(BudgetVerdict verdict) {
  switch (verdict) {
    case BudgetVerdict::within:
      return "within";
    case BudgetVerdict::broken:
      return "broken";
    case BudgetVerdict::inconclusive:
      return "inconclusive";
    case BudgetVerdict::none:
      break;
  }
  return "";
}

std::optional<BudgetVerdict> budget_verdict_from_name(std::string_view name) {
  for (auto v : {BudgetVerdict::none, BudgetVerdict::within, BudgetVerdict::broken,
                 BudgetVerdict::inconclusive}) {
    if (budget_verdict_name(v) == name) return v;
  }
  return std::nullopt;
}

std::string_view direction_name(Direction direction) {
  return direction == Direction::bigger_is_better ? "bigger" : "smaller";
}

std::optional<Direction> direction_from_name(std::string_view name) {
  if (name == "bigger") return Direction::bigger_is_better;
  if (name == "smaller") return Direction::smaller_is_better;
  return std::nullopt;
}

}  // namespace bg
