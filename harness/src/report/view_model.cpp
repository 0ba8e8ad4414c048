// build_view_model: the data every report template sees (documented in templates/README.md).
#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "bench_gate/report/comparison_json.hpp"
#include "bench_gate/report/escape.hpp"
#include "bench_gate/report/format.hpp"
#include "bench_gate/report/render.hpp"
#include "bench_gate/util/ids.hpp"
#include "bench_gate/verdict.hpp"
#include "view_model_internal.hpp"

namespace bg {
namespace {

using nlohmann::json;

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string md(std::string_view text) { return escape_markdown_inline(text); }

std::string verdict_text(const BenchmarkComparison& b) {
  switch (b.verdict) {
    case Verdict::regression:
      return b.action == TierAction::fail ? "❌ regression" : "⚠️ regression (warn only)";
    case Verdict::improvement:
      return "🚀 improvement";
    case Verdict::unchanged:
      return "unchanged";
    case Verdict::inconclusive:
      return "❔ inconclusive";
    case Verdict::new_benchmark:
      return "🆕 new";
    case Verdict::removed:
      return "🗑️ removed";
    case Verdict::failed:
      return "💥 failed";
  }
  return "";
}

std::string context_string(const json& context, const char* key) {
  auto it = context.find(key);
  if (it == context.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_boolean()) return it->get<bool>() ? "yes" : "no";
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  if (it->is_number()) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", it->get<double>());
    return buffer;
  }
  return it->dump();
}

json environments_json(const std::vector<Environment>& environments) {
  json list = json::array();
  std::set<std::string> seen;
  for (const auto& e : environments) {
    if (!seen.insert(e.host + '\n' + e.fingerprint).second) continue;
    const std::string host = e.host.empty() ? context_string(e.context, "host_name") : e.host;
    json env{
        {"host", md(host.empty() ? "—" : host)},
        {"cpus", md(context_string(e.context, "num_cpus"))},
        {"mhz", md(context_string(e.context, "mhz_per_cpu"))},
        {"scaling", md(context_string(e.context, "cpu_scaling_enabled"))},
        {"fingerprint", md(util::short_id(e.fingerprint))},
        {"fingerprint_full", md(e.fingerprint)},
        {"compiler", md(e.compiler.empty() ? "—" : e.compiler)},
        {"build_type", md(e.build_type.empty() ? "—" : e.build_type)},
    };
    list.push_back(std::move(env));
  }
  return list;
}

std::string baseline_note(const Comparison& c) {
  if (c.mode == CompareMode::paired) return "measured now, side by side with head";
  if (c.merge_base.empty()) {  // --exact, or no merge-base in a shallow history
    if (c.baseline_distance == 0) return "the base commit itself";
    return plural(static_cast<std::size_t>(c.baseline_distance), "commit", "commits") +
           " before the base commit, the nearest with stored runs";
  }
  if (c.baseline_distance == 0) return "the merge-base itself";
  return plural(static_cast<std::size_t>(c.baseline_distance), "commit", "commits") +
         " before the merge-base " + md(util::short_id(c.merge_base)) + ", the nearest with stored runs";
}

json strings_json(const std::vector<std::string>& values) {
  json list = json::array();
  for (const auto& v : values) list.push_back(md(v));
  return list;
}

std::string headline(const Comparison& c, const std::array<std::size_t, kSectionCount>& n,
                     std::size_t warn_regressions) {
  const std::size_t fail_regressions = n[kRegressions] - warn_regressions;
  std::string text;
  std::vector<std::string> tail;
  if (c.exit_code == ExitCode::suite_failed || n[kFailed] > 0) {
    text = "💥 **bench-gate: " + plural(n[kFailed], "benchmark", "benchmarks") + " failed**";
    if (fail_regressions > 0) {
      tail.push_back(plural(fail_regressions, "regression", "regressions") + " in a failing tier");
    }
  } else if (c.exit_code == ExitCode::regression || fail_regressions > 0) {
    text = "❌ **bench-gate: " + plural(fail_regressions, "regression", "regressions") +
           "** in a failing tier";
  } else if (c.exit_code == ExitCode::no_baseline) {
    text = "⏭️ **bench-gate: no baseline to compare against**";
  } else if (warn_regressions > 0) {
    text = "⚠️ **bench-gate: passed with " + plural(warn_regressions, "warning", "warnings") +
           "** (regressions in warn-only tiers)";
  } else {
    text = "✅ **bench-gate: passed**, no regression";
  }
  if (warn_regressions > 0 && !(text.rfind("⚠️", 0) == 0)) {
    tail.push_back(plural(warn_regressions, "warning", "warnings"));
  }
  if (n[kImprovements]) tail.push_back(plural(n[kImprovements], "improvement", "improvements"));
  if (n[kInconclusive]) tail.push_back(std::to_string(n[kInconclusive]) + " inconclusive");
  if (n[kNew]) tail.push_back(std::to_string(n[kNew]) + " new");
  if (n[kRemoved]) tail.push_back(std::to_string(n[kRemoved]) + " removed");
  tail.push_back(std::to_string(n[kUnchanged]) + " unchanged");
  for (const auto& part : tail) text += " · " + part;
  return text;
}

std::string status_name(const Comparison& c, std::size_t fail_regressions,
                        std::size_t warn_regressions, std::size_t failed) {
  if (c.exit_code == ExitCode::suite_failed || failed > 0) return "suite_failed";
  if (c.exit_code == ExitCode::regression || fail_regressions > 0) return "fail";
  if (c.exit_code == ExitCode::no_baseline) return "no_baseline";
  if (warn_regressions > 0) return "warn";
  return "pass";
}

}  // namespace

const std::array<const char*, kSectionCount>& section_keys() {
  static const std::array<const char*, kSectionCount> keys = {
      "regressions", "failed", "inconclusive", "new", "removed", "improvements", "unchanged"};
  return keys;
}

std::size_t section_of(Verdict v) {
  switch (v) {
    case Verdict::regression:
      return kRegressions;
    case Verdict::failed:
      return kFailed;
    case Verdict::inconclusive:
      return kInconclusive;
    case Verdict::new_benchmark:
      return kNew;
    case Verdict::removed:
      return kRemoved;
    case Verdict::improvement:
      return kImprovements;
    case Verdict::unchanged:
      return kUnchanged;
  }
  return kUnchanged;
}

json section_json(json rows, std::size_t total) {
  const std::size_t shown = rows.size();
  return json{{"count", std::to_string(total)}, {"any", total > 0},
              {"has_rows", shown > 0},          {"rows", std::move(rows)},
              {"shown", std::to_string(shown)}, {"left_out", std::to_string(total - shown)},
              {"has_left_out", shown < total}};
}

void set_folded(json& view, std::size_t left_out, std::size_t budget) {
  view["folded"] = json{{"any", left_out > 0},
                        {"rows", std::to_string(left_out)},
                        {"budget", std::to_string(budget)}};
}

RowText row_text(const BenchmarkComparison& b) {
  const bool has_base = b.verdict != Verdict::new_benchmark && b.base_samples > 0;
  const bool has_head = b.verdict != Verdict::removed && b.head_samples > 0;
  const bool comparable = has_base && has_head;
  const std::string change = comparable ? format_change(b.change) : "—";
  std::string interval = comparable ? format_interval(b.ci_low, b.ci_high) : "";
  RowText r;
  auto& v = r.values;
  v[RowText::name] = md(b.name);
  v[RowText::tier] = md(b.tier);
  v[RowText::threshold] = format_threshold(b.threshold);
  v[RowText::action] = b.action == TierAction::fail ? "fail" : "warn";
  v[RowText::verdict] = verdict_name(b.verdict);
  v[RowText::verdict_text] = verdict_text(b);
  v[RowText::base] = has_base ? format_quantity(b.base_center, b.unit) : "—";
  v[RowText::head] = has_head ? format_quantity(b.head_center, b.unit) : "—";
  v[RowText::change] = change;
  v[RowText::change_with_interval] = interval.empty() ? change : change + " " + interval;
  v[RowText::interval] = std::move(interval);
  v[RowText::p_value] = comparable ? format_p_value(b.p_value) : "—";
  v[RowText::p_adjusted] = comparable ? format_p_value(b.p_adjusted) : "—";
  v[RowText::mde] = comparable ? "±" + format_threshold(b.mde) : "—";
  v[RowText::samples] = std::to_string(b.base_samples) + " / " + std::to_string(b.head_samples);
  v[RowText::runs] = std::to_string(b.base_runs) + " / " + std::to_string(b.head_runs);
  v[RowText::repetitions_needed] =
      b.repetitions_needed > 0 ? "≈" + std::to_string(b.repetitions_needed) : "—";
  v[RowText::noise_source] = md(b.noise_source);
  v[RowText::message] = md(b.message);
  r.flags[RowText::warn_only] = b.action == TierAction::warn;
  r.flags[RowText::has_repetitions_needed] = b.repetitions_needed > 0;
  r.flags[RowText::has_message] = !b.message.empty();
  return r;
}

const std::array<const char*, RowText::kValues>& RowText::value_keys() {
  static const std::array<const char*, kValues> keys = {"name",
                                                        "tier",
                                                        "threshold",
                                                        "action",
                                                        "verdict",
                                                        "verdict_text",
                                                        "base",
                                                        "head",
                                                        "change",
                                                        "interval",
                                                        "change_with_interval",
                                                        "p_value",
                                                        "p_adjusted",
                                                        "mde",
                                                        "samples",
                                                        "runs",
                                                        "repetitions_needed",
                                                        "noise_source",
                                                        "message"};
  return keys;
}

const std::array<const char*, RowText::kFlags>& RowText::flag_keys() {
  static const std::array<const char*, kFlags> keys = {"warn_only", "has_repetitions_needed",
                                                       "has_message"};
  return keys;
}

json row_json(const RowText& row) {
  json object = json::object();
  for (std::size_t i = 0; i < RowText::kValues; ++i) {
    object[RowText::value_keys()[i]] = row.values[i];
  }
  for (std::size_t i = 0; i < RowText::kFlags; ++i) object[RowText::flag_keys()[i]] = row.flags[i];
  return object;
}

OrderedRows order_rows(const Comparison& c) {
  OrderedRows ordered;
  for (const auto& b : c.benchmarks) {
    ordered.sections[section_of(b.verdict)].push_back(&b);
    if (b.verdict == Verdict::regression && b.action == TierAction::warn)
      ++ordered.warn_regressions;
  }
  // Regressions: failing tiers first, worst first; other sections keep compare's order.
  std::stable_sort(ordered.sections[kRegressions].begin(), ordered.sections[kRegressions].end(),
                   [](const BenchmarkComparison* a, const BenchmarkComparison* b) {
                     if (a->action != b->action) return a->action == TierAction::fail;
                     return a->change > b->change;
                   });
  return ordered;
}

json view_skeleton(const Comparison& c, const ReportOptions& options, const OrderedRows& ordered) {
  std::array<std::size_t, kSectionCount> n{};
  for (std::size_t s = 0; s < kSectionCount; ++s) n[s] = ordered.sections[s].size();
  const std::size_t warn_regressions = ordered.warn_regressions;
  const std::size_t fail_regressions = n[kRegressions] - warn_regressions;

  json view;
  view["title"] = md(options.title);
  view["has_title"] = !options.title.empty();
  view["headline"] = headline(c, n, warn_regressions);
  view["status"] = status_name(c, fail_regressions, warn_regressions, n[kFailed]);
  view["passed"] = c.exit_code == ExitCode::pass;
  view["tool_version"] = options.tool_version;
  view["counts"] = json{{"total", std::to_string(c.benchmarks.size())},
                        {"regressions", std::to_string(n[kRegressions])},
                        {"regressions_failing", std::to_string(fail_regressions)},
                        {"regressions_warning", std::to_string(warn_regressions)},
                        {"failed", std::to_string(n[kFailed])},
                        {"inconclusive", std::to_string(n[kInconclusive])},
                        {"new", std::to_string(n[kNew])},
                        {"removed", std::to_string(n[kRemoved])},
                        {"improvements", std::to_string(n[kImprovements])},
                        {"unchanged", std::to_string(n[kUnchanged])}};
  set_folded(view, 0, options.budget);
  view["commits"] = json{
      {"base_rev", md(c.base_rev)},
      {"base_commit", md(c.base_commit)},
      {"base_short", md(util::short_id(c.base_commit))},
      {"head_rev", md(c.head_rev)},
      {"head_commit", md(c.head_commit)},
      {"head_short", md(util::short_id(c.head_commit))},
      {"merge_base", md(c.merge_base)},
      {"merge_base_short", md(util::short_id(c.merge_base))},
      {"has_merge_base", !c.merge_base.empty()},
      {"baseline_commit", md(c.baseline_commit)},
      {"baseline_short", md(c.baseline_commit.empty() ? "—" : util::short_id(c.baseline_commit))},
      {"baseline_distance", std::to_string(c.baseline_distance)},
      {"baseline_note", baseline_note(c)},
  };
  view["environments"] = json{
      {"differ", c.environments_differ},
      {"differences", strings_json(c.environment_differences)},
      {"base", environments_json(c.base_environments)},
      {"head", environments_json(c.head_environments)},
  };
  view["missing_shards"] = strings_json(c.missing_shards);
  view["has_missing_shards"] = !c.missing_shards.empty();
  view["mode"] = md(std::string(mode_name(c.mode)));
  if (c.mode == CompareMode::paired) {
    view["mode_text"] = "paired (base and head built and run now, interleaved, on this machine)";
  } else if (c.mode == CompareMode::stored_confirmed) {
    view["mode_text"] =
        "stored+confirmed (baseline from stored runs in git notes; failing-tier regressions "
        "re-measured before the verdict)";
  } else {
    view["mode_text"] = md(std::string(mode_name(c.mode))) + " (baseline from stored runs in git notes)";
  }
  view["rule"] = md(c.rule);
  view["correction"] = md(c.correction);
  return view;
}

json build_view_model(const Comparison& c, const ReportOptions& options) {
  const OrderedRows ordered = order_rows(c);
  json view = view_skeleton(c, options, ordered);
  for (std::size_t s = 0; s < kSectionCount; ++s) {
    json rows = json::array();
    for (const auto* b : ordered.sections[s]) rows.push_back(row_json(row_text(*b)));
    view[section_keys()[s]] = section_json(std::move(rows), ordered.sections[s].size());
  }
  return view;
}

}  // namespace bg
