// What the config's rules gate besides the metric: counters with a direction (throughput,
// memory, user counters) and absolute budgets ("max": "5ms", "min": "1.5GB/s"). Pure functions;
// the statistics stay in compare.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench_gate/model.hpp"

namespace bg {

// The direction a counter has without a rule saying so: bytes_per_second, items_per_second
// bigger-is-better; Google Benchmark's MemoryManager fields (max_bytes_used, allocs_per_iter,
// total_allocated_bytes, net_heap_growth) smaller-is-better; nullopt for user counters.
std::optional<Direction> default_direction(std::string_view counter);

// The unit a report shows a counter in: "B/s", "items/s", "B", "allocations" or "".
std::string counter_unit(std::string_view counter);

// Parse a budget: a number, or text with a unit. For the metric (counter == false) "5ms",
// "200us", "1.5s", "800ns" are times in ns (is_time) and a plain number is in the metric's own
// unit; for a counter an SI or binary prefix and an optional "B", "B/s", "/s" or "items/s":
// "1.5GB/s" = 1.5e9, "64MiB" = 64 * 2^20, "200k" = 2e5. Throws Error(input_error, what) naming
// the text when it is not one of these or not positive.
Budget parse_budget(std::string_view text, Budget::Kind kind, bool counter);

// The rules that add a counter row for a benchmark: for each counter, the first matching rule
// that names it, in rule order.
std::vector<const TierRule*> counter_rules(const Config& config, std::string_view name);

// The first matching rule that sets a budget on the benchmark's metric (counter "") or on one
// of its counters; nullptr when none.
const TierRule* budget_rule(const Config& config, std::string_view name, std::string_view counter);

// How head's interval [low, high] lies against a budget: for max, broken when low > value,
// within when high <= value; for min, broken when high < value, within when low >= value;
// otherwise inconclusive (the interval straddles the budget).
BudgetVerdict judge_budget(const Budget& budget, double low, double high);

// "within", "broken", "inconclusive" ("" for none), and back.
std::string_view budget_verdict_name(BudgetVerdict verdict);
std::optional<BudgetVerdict> budget_verdict_from_name(std::string_view name);

// "smaller" or "bigger", and back.
std::string_view direction_name(Direction direction);
std::optional<Direction> direction_from_name(std::string_view name);

}  // namespace bg
