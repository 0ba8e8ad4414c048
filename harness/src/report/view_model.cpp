// build_view_model: the data every report template sees (documented in templates/README.md).
#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "bench_gate/advice.hpp"
#include "bench_gate/report/comparison_json.hpp"
#include "bench_gate/report/escape.hpp"
#include "bench_gate/report/format.hpp"
#include "bench_gate/report/render.hpp"
#include "bench_gate/report/untrusted.hpp"
#include "bench_gate/overall.hpp"
#include "bench_gate/util/ids.hpp"
#include "bench_gate/verdict.hpp"
#include "view_model_internal.hpp"

namespace bg {
namespace {

using nlohmann::json;

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Every string of the model reaches the view model through Untrusted: md() is its Markdown sink.
std::string md(const Untrusted& text) { return text.markdown(); }

// At most this many entries of a list of text, and environments per side, reach the report.
constexpr std::size_t kListLimit = 10;
constexpr std::size_t kEnvironmentLimit = 4;
// Code points of a commit subject in the report (GitHub shows about 72 in its own lists).
constexpr std::size_t kSubjectLimit = 100;
// Code points of a label shown after a benchmark's name (it is a note beside the name, kept short).
constexpr std::size_t kLabelLimit = 60;
// Markdown cells keep a number and its unit together: "818 ns" never wraps as "818⏎ns".
constexpr UnitSpace kCell = UnitSpace::no_break;

using util::short_id;

// A quantity in a unit the report knows (formatted) or in any other unit (escaped).
std::string md_quantity(double value, const Untrusted& unit) {
  static constexpr const char* kKnown[] = {"ns", "us", "µs", "ms", "s"};
  for (const char* known : kKnown) {
    if (unit == known) return format_quantity(value, known, kCell);
  }
  if (!std::isfinite(value)) return format_quantity(value, "");
  std::string text = format_quantity(value, "");
  if (!unit.empty()) text += "\u00a0" + md(unit);
  return text;
}

// A value of a row: a counter with a prefix, a time or count as md_quantity.
std::string md_value(double value, const Untrusted& unit, bool counter) {
  return counter ? format_counter(value, md(unit), kCell) : md_quantity(value, unit);
}

// The fields of one benchmark row, its text as Untrusted: row_text sees nothing else, so no
// text field can reach the row without its escaper.
struct RowInput {
  Untrusted name, tier, unit, noise_source, message, label, confirmation_how;
  Untrusted throughput_unit, budget_text;
  bool has_message = false;
  Confirmation confirmation;  // its `how` is in confirmation_how
  bool counter = false;
  Direction direction = Direction::smaller_is_better;
  double base_throughput = 0, head_throughput = 0;
  std::optional<Budget::Kind> budget;
  BudgetVerdict budget_verdict = BudgetVerdict::none;
  double budget_low = 0, budget_high = 0;
  double threshold = 0;
  TierAction action = TierAction::fail;
  Verdict verdict = Verdict::unchanged;
  double base_center = 0, head_center = 0, change = 0, ci_low = 0, ci_high = 0;
  double p_value = 1, p_adjusted = 1, mde = 0;
  int base_samples = 0, head_samples = 0, base_runs = 0, head_runs = 0, repetitions_needed = 0;
  Advice advice;
};

RowInput row_input(const BenchmarkComparison& b) {
  RowInput in;
  in.name = Untrusted(b.name);
  in.tier = Untrusted(b.tier);
  in.unit = Untrusted(b.unit);
  in.noise_source = Untrusted(b.noise_source);
  in.message = Untrusted(b.message);
  in.has_message = !b.message.empty();
  in.label = Untrusted(b.label);
  in.confirmation_how = Untrusted(b.confirmation.how);
  in.confirmation = b.confirmation;
  in.confirmation.how.clear();
  in.threshold = b.threshold;
  in.action = b.action;
  in.verdict = b.verdict;
  in.base_center = b.base_center;
  in.head_center = b.head_center;
  in.change = b.change;
  in.ci_low = b.ci_low;
  in.ci_high = b.ci_high;
  in.p_value = b.p_value;
  in.p_adjusted = b.p_adjusted;
  in.mde = b.mde;
  in.base_samples = b.base_samples;
  in.head_samples = b.head_samples;
  in.base_runs = b.base_runs;
  in.head_runs = b.head_runs;
  in.repetitions_needed = b.repetitions_needed;
  in.counter = !b.counter.empty();
  in.direction = b.direction;
  in.base_throughput = b.base_throughput;
  in.head_throughput = b.head_throughput;
  in.throughput_unit = Untrusted(b.throughput_unit);
  if (b.budget) {
    in.budget = b.budget->kind;
    in.budget_text = Untrusted(b.budget->text);
  }
  in.budget_verdict = b.budget_verdict;
  in.budget_low = b.budget_low;
  in.budget_high = b.budget_high;
  in.advice = b.advice;
  return in;
}

// "+12.3 % [+8.0 %, +16.5 %] · one more HEAD run combined with the stored ones"
std::string confirmation_text(const RowInput& b) {
  if (!b.confirmation.done) return "";
  return format_change(b.confirmation.change, kCell) + " " +
         format_interval(b.confirmation.ci_low, b.confirmation.ci_high, kCell) + " · " +
         md(b.confirmation_how);
}

std::string verdict_text(const RowInput& b) {
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
    case Verdict::skipped:
      return "⏭️ skipped";
    case Verdict::accepted:
      return "✔️ accepted";
  }
  return "";
}

// The budget cells of a row: "≤ 5ms", head's 95 % interval, and how it lies against the budget.
void set_budget_text(const RowInput& b, std::array<std::string, RowText::kValues>& v) {
  if (!b.budget) return;
  v[RowText::budget] = (*b.budget == Budget::Kind::max ? "≤ " : "≥ ") + md(b.budget_text);
  v[RowText::budget_measure] = md_value(b.head_center, b.unit, b.counter) + " [" +
                               md_value(b.budget_low, b.unit, b.counter) + ", " +
                               md_value(b.budget_high, b.unit, b.counter) + "]";
  switch (b.budget_verdict) {
    case BudgetVerdict::broken:
      v[RowText::budget_verdict] = b.action == TierAction::fail ? "❌ broken" : "⚠️ broken (warn only)";
      break;
    case BudgetVerdict::within:
      v[RowText::budget_verdict] = "✅ within";
      break;
    case BudgetVerdict::inconclusive:
      v[RowText::budget_verdict] = "❔ inconclusive (the interval straddles it)";
      break;
    case BudgetVerdict::none:
      v[RowText::budget_verdict] = "— (not measured in head)";
      break;
  }
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

// One environment as the report shows it, its text as Untrusted.
struct EnvironmentFacts {
  Untrusted host, cpus, mhz, scaling, fingerprint, fingerprint_full, compiler, build_type;
};

// The distinct environments of one side (by host and fingerprint), at most kEnvironmentLimit;
// `more` counts the others.
struct EnvironmentList {
  std::vector<EnvironmentFacts> shown;
  std::size_t more = 0;
};

EnvironmentList environment_facts(const std::vector<Environment>& environments) {
  EnvironmentList list;
  std::set<std::string> seen;
  const auto or_dash = [](const std::string& text) {
    return Untrusted(text.empty() ? std::string("—") : text);
  };
  for (const auto& e : environments) {
    if (!seen.insert(e.host + '\n' + e.fingerprint).second) continue;
    if (list.shown.size() == kEnvironmentLimit) {
      ++list.more;
      continue;
    }
    list.shown.push_back(EnvironmentFacts{
        or_dash(e.host.empty() ? context_string(e.context, "host_name") : e.host),
        Untrusted(context_string(e.context, "num_cpus")),
        Untrusted(context_string(e.context, "mhz_per_cpu")),
        Untrusted(context_string(e.context, "cpu_scaling_enabled")),
        Untrusted(short_id(e.fingerprint)),
        Untrusted(e.fingerprint),
        or_dash(e.compiler),
        or_dash(e.build_type),
    });
  }
  return list;
}

// Which columns of the environment table say something on either side: a column that is "—" or
// empty in every row (compiler and build type, when the suite's context does not report them)
// is dropped by the templates ({{#environments.columns.KEY}}).
json environment_columns(const EnvironmentList& base, const EnvironmentList& head) {
  json columns = json::object();
  for (const char* key :
       {"host", "cpus", "mhz", "scaling", "fingerprint", "compiler", "build_type"})
    columns[key] = false;
  for (const EnvironmentList* side : {&base, &head}) {
    for (const auto& e : side->shown) {
      const std::pair<const char*, const Untrusted*> fields[] = {{"host", &e.host},
                                                                 {"cpus", &e.cpus},
                                                                 {"mhz", &e.mhz},
                                                                 {"scaling", &e.scaling},
                                                                 {"fingerprint", &e.fingerprint},
                                                                 {"compiler", &e.compiler},
                                                                 {"build_type", &e.build_type}};
      for (const auto& [key, value] : fields) {
        if (!value->empty() && !(*value == "—")) columns[key] = true;
      }
    }
  }
  return columns;
}

json environments_json(const EnvironmentList& environments) {
  json list = json::array();
  for (const auto& e : environments.shown) {
    list.push_back(json{
        {"host", md(e.host)},
        {"cpus", md(e.cpus)},
        {"mhz", md(e.mhz)},
        {"scaling", md(e.scaling)},
        {"fingerprint", md(e.fingerprint)},
        {"fingerprint_full", md(e.fingerprint_full)},
        {"compiler", md(e.compiler)},
        {"build_type", md(e.build_type)},
    });
  }
  if (environments.more > 0) {
    json env{{"host", "… " + plural(environments.more, "more environment", "more environments")}};
    for (const char* key :
         {"cpus", "mhz", "scaling", "fingerprint", "fingerprint_full", "compiler", "build_type"}) {
      env[key] = "—";
    }
    list.push_back(std::move(env));
  }
  return list;
}

// What the report's fixed part shows of a comparison: every text field as Untrusted, so the
// skeleton (which sees only this) cannot put a raw string into the view model.
struct ComparisonFacts {
  Untrusted base_rev, head_rev, base_commit, head_commit, merge_base, baseline_commit;
  Untrusted base_short, head_short, merge_base_short, baseline_short;
  Untrusted head_subject, pr_head, pr_head_short, pr_head_subject;
  CompareMode mode = CompareMode::stored;
  Untrusted rule, correction;
  bool has_merge_base = false;
  int baseline_distance = 0;
  bool environments_differ = false;
  std::vector<Untrusted> environment_differences, missing_shards;
  std::vector<Untrusted> information;  // issue 16: complexity fits, repeated runs
  std::vector<Untrusted> disturbance;  // issue 17: disturbed runs and what was done
  EnvironmentList base_environments, head_environments;
  ExitCode exit_code = ExitCode::pass;
  std::size_t benchmarks = 0;
};

std::vector<Untrusted> untrusted_list(const std::vector<std::string>& values) {
  std::vector<Untrusted> list;
  list.reserve(values.size());
  for (const auto& v : values) list.emplace_back(v);
  return list;
}

ComparisonFacts comparison_facts(const Comparison& c) {
  ComparisonFacts f;
  f.base_rev = Untrusted(c.base_rev);
  f.head_rev = Untrusted(c.head_rev);
  f.base_commit = Untrusted(c.base_commit);
  f.head_commit = Untrusted(c.head_commit);
  f.merge_base = Untrusted(c.merge_base);
  f.baseline_commit = Untrusted(c.baseline_commit);
  f.base_short = Untrusted(short_id(c.base_commit));
  f.head_short = Untrusted(short_id(c.head_commit));
  f.merge_base_short = Untrusted(short_id(c.merge_base));
  f.head_subject = Untrusted(c.head_subject);
  f.pr_head = Untrusted(c.pr_head);
  f.pr_head_short = Untrusted(short_id(c.pr_head));
  f.pr_head_subject = Untrusted(c.pr_head_subject);
  f.baseline_short =
      Untrusted(c.baseline_commit.empty() ? std::string("—") : short_id(c.baseline_commit));
  f.mode = c.mode;
  f.rule = Untrusted(c.rule);
  f.correction = Untrusted(c.correction);
  f.has_merge_base = !c.merge_base.empty();
  f.baseline_distance = c.baseline_distance;
  f.environments_differ = c.environments_differ;
  f.environment_differences = untrusted_list(c.environment_differences);
  f.missing_shards = untrusted_list(c.missing_shards);
  f.information = untrusted_list(c.information);
  f.disturbance = untrusted_list(c.disturbance);
  f.base_environments = environment_facts(c.base_environments);
  f.head_environments = environment_facts(c.head_environments);
  f.exit_code = c.exit_code;
  f.benchmarks = c.benchmarks.size();
  return f;
}

std::string baseline_note(const ComparisonFacts& c) {
  if (c.mode == CompareMode::paired) return "measured now, side by side with head";
  if (!c.has_merge_base) {  // --exact, or no merge-base in a shallow history
    if (c.baseline_distance == 0) return "the base commit itself";
    return plural(static_cast<std::size_t>(c.baseline_distance), "commit", "commits") +
           " before the base commit, the nearest with stored runs";
  }
  if (c.baseline_distance == 0) return "the merge-base itself";
  return plural(static_cast<std::size_t>(c.baseline_distance), "commit", "commits") +
         " before the merge-base " + md(c.merge_base_short) + ", the nearest with stored runs";
}

json strings_json(const std::vector<Untrusted>& values) {
  json list = json::array();
  for (std::size_t i = 0; i < values.size() && i < kListLimit; ++i) list.push_back(md(values[i]));
  if (values.size() > kListLimit) {
    list.push_back("… " + std::to_string(values.size() - kListLimit) + " more");
  }
  return list;
}

std::string headline(const ComparisonFacts& c, const std::array<std::size_t, kSectionCount>& n,
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
  if (n[kAccepted]) tail.push_back(std::to_string(n[kAccepted]) + " accepted");
  if (n[kImprovements]) tail.push_back(plural(n[kImprovements], "improvement", "improvements"));
  if (n[kInconclusive]) tail.push_back(std::to_string(n[kInconclusive]) + " inconclusive");
  if (n[kNew]) tail.push_back(std::to_string(n[kNew]) + " new");
  if (n[kRemoved]) tail.push_back(std::to_string(n[kRemoved]) + " removed");
  if (n[kSkipped]) tail.push_back(std::to_string(n[kSkipped]) + " skipped");
  tail.push_back(std::to_string(n[kUnchanged]) + " unchanged");
  for (const auto& part : tail) text += " · " + part;
  return text;
}

std::string status_name(const ComparisonFacts& c, std::size_t fail_regressions,
                        std::size_t warn_regressions, std::size_t failed) {
  if (c.exit_code == ExitCode::suite_failed || failed > 0) return "suite_failed";
  if (c.exit_code == ExitCode::regression || fail_regressions > 0) return "fail";
  if (c.exit_code == ExitCode::no_baseline) return "no_baseline";
  if (warn_regressions > 0) return "warn";
  return "pass";
}

// The overall figure: the suite's geometric-mean change and, with several tiers, each tier's.
json overall_json(const std::vector<BenchmarkComparison>& rows) {
  const std::vector<OverallChange> overall = overall_changes(rows);
  auto figure = [](const OverallChange& o) {  // change, interval (none for one benchmark), both
    const std::string interval =
        std::isfinite(o.ci_low) ? format_interval(o.ci_low, o.ci_high) : std::string();
    const std::string change = format_change(o.change);
    return json{{"change", change},
                {"interval", interval},
                {"change_with_interval", interval.empty() ? change : change + " " + interval},
                {"benchmarks", std::to_string(o.benchmarks)}};
  };
  json view = figure(OverallChange{"suite", 0, std::nan(""), std::nan(""), std::nan("")});
  view["any"] = !overall.empty();
  view["has_tiers"] = overall.size() > 2;  // the suite and at least two tiers
  view["tiers"] = json::array();
  for (std::size_t i = 0; i < overall.size(); ++i) {
    json one = figure(overall[i]);
    if (i == 0) {
      one["any"] = true;
      one["has_tiers"] = view["has_tiers"];
      one["tiers"] = json::array();
      view = std::move(one);
      continue;
    }
    one["tier"] = md(Untrusted(overall[i].scope));
    view["tiers"].push_back(std::move(one));
  }
  return view;
}

// Every row with a budget (at most kBudgetRows), in report order.
constexpr std::size_t kBudgetRows = 50;
json budgets_json(const OrderedRows& ordered) {
  json rows = json::array();
  std::size_t total = 0;
  FilledColumns columns;
  for (const auto& section : ordered.sections) {
    for (const auto* b : section) {
      if (!b->budget) continue;
      if (++total > kBudgetRows) continue;
      const RowText row = row_text(*b);
      columns.add(row);
      rows.push_back(row_json(row));
    }
  }
  return section_json(std::move(rows), total, columns);
}

}  // namespace

const std::array<const char*, kSectionCount>& section_keys() {
  static const std::array<const char*, kSectionCount> keys = {
      "regressions", "failed", "accepted", "inconclusive", "new", "removed", "improvements", "skipped", "unchanged"};
  return keys;
}

std::size_t section_of(Verdict v) {
  switch (v) {
    case Verdict::regression:
      return kRegressions;
    case Verdict::failed:
      return kFailed;
    case Verdict::accepted:
      return kAccepted;
    case Verdict::inconclusive:
      return kInconclusive;
    case Verdict::new_benchmark:
      return kNew;
    case Verdict::removed:
      return kRemoved;
    case Verdict::improvement:
      return kImprovements;
    case Verdict::skipped:
      return kSkipped;
    case Verdict::unchanged:
      return kUnchanged;
  }
  return kUnchanged;
}

json section_json(json rows, std::size_t total, const FilledColumns& columns) {
  const std::size_t shown = rows.size();
  return json{{"count", std::to_string(total)}, {"any", total > 0},
              {"has_rows", shown > 0},          {"rows", std::move(rows)},
              {"shown", std::to_string(shown)}, {"left_out", std::to_string(total - shown)},
              {"has_left_out", shown < total},  {"columns", columns.json()}};
}

void FilledColumns::add(const RowText& row) {
  for (std::size_t i = 0; i < RowText::kValues; ++i) {
    if (!row.values[i].empty() && row.values[i] != "—") filled[i] = true;
  }
}

void FilledColumns::add(const FilledColumns& other) {
  for (std::size_t i = 0; i < RowText::kValues; ++i) filled[i] = filled[i] || other.filled[i];
}

json FilledColumns::json() const {
  nlohmann::json object = nlohmann::json::object();
  for (std::size_t i = 0; i < RowText::kValues; ++i) object[RowText::value_keys()[i]] = filled[i];
  return object;
}

void set_folded(json& view, std::size_t left_out, std::size_t budget) {
  view["folded"] = json{{"any", left_out > 0},
                        {"rows", std::to_string(left_out)},
                        {"budget", std::to_string(budget)}};
}

RowText row_text(const BenchmarkComparison& benchmark) {
  const RowInput b = row_input(benchmark);
  const bool has_base = b.verdict != Verdict::new_benchmark && b.base_samples > 0;
  const bool has_head = b.verdict != Verdict::removed && b.head_samples > 0;
  const bool comparable = has_base && has_head;
  const std::string change = comparable ? format_change(b.change, kCell) : "—";
  std::string interval = comparable ? format_interval(b.ci_low, b.ci_high, kCell) : "";
  RowText r;
  auto& v = r.values;
  v[RowText::name] = md(b.name);
  v[RowText::tier] = md(b.tier);
  v[RowText::threshold] = format_threshold(b.threshold, kCell);
  v[RowText::action] = b.action == TierAction::fail ? "fail" : "warn";
  v[RowText::verdict] = verdict_name(b.verdict);
  v[RowText::verdict_text] = verdict_text(b);
  v[RowText::base] = has_base ? md_value(b.base_center, b.unit, b.counter) : "—";
  v[RowText::head] = has_head ? md_value(b.head_center, b.unit, b.counter) : "—";
  v[RowText::change] = change;
  v[RowText::change_with_interval] = interval.empty() ? change : change + " " + interval;
  v[RowText::interval] = std::move(interval);
  v[RowText::p_value] = comparable ? format_p_value(b.p_value) : "—";
  v[RowText::p_adjusted] = comparable ? format_p_value(b.p_adjusted) : "—";
  v[RowText::mde] = comparable ? "±" + format_threshold(b.mde, kCell) : "—";
  v[RowText::samples] = std::to_string(b.base_samples) + " / " + std::to_string(b.head_samples);
  v[RowText::runs] = std::to_string(b.base_runs) + " / " + std::to_string(b.head_runs);
  v[RowText::repetitions_needed] =
      b.repetitions_needed > 0 ? "≈" + std::to_string(b.repetitions_needed) : "—";
  const std::string advice = advice_cell(b.advice);  // numbers and fixed words only
  v[RowText::advice] = advice.empty() ? "—" : advice;
  v[RowText::noise_source] = md(b.noise_source);
  v[RowText::message] = md(b.message);
  v[RowText::label] = b.label.markdown(kLabelLimit);
  v[RowText::confirmation] = confirmation_text(b);
  v[RowText::direction] = b.direction == Direction::bigger_is_better ? "bigger" : "smaller";
  const double throughput = has_head ? b.head_throughput : b.base_throughput;
  v[RowText::throughput] = throughput > 0 ? format_counter(throughput, md(b.throughput_unit), kCell) : "";
  set_budget_text(b, v);
  r.flags[RowText::has_throughput] = throughput > 0;
  r.flags[RowText::has_budget] = b.budget.has_value();
  r.flags[RowText::warn_only] = b.action == TierAction::warn;
  r.flags[RowText::has_repetitions_needed] = b.repetitions_needed > 0;
  r.flags[RowText::has_advice] = !advice.empty();
  r.flags[RowText::has_message] = b.has_message;
  r.flags[RowText::has_label] = !b.label.empty();
  r.flags[RowText::has_confirmation] = b.confirmation.done;
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
                                                        "advice",
                                                        "noise_source",
                                                        "message",
                                                        "label",
                                                        "confirmation",
                                                        "direction",
                                                        "throughput",
                                                        "budget",
                                                        "budget_measure",
                                                        "budget_verdict"};
  return keys;
}

const std::array<const char*, RowText::kFlags>& RowText::flag_keys() {
  static const std::array<const char*, kFlags> keys = {
      "warn_only",  "has_repetitions_needed", "has_advice",     "has_message",
      "has_label",  "has_confirmation",       "has_throughput", "has_budget"};
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
                     return worsening(*a) > worsening(*b);
                   });
  return ordered;
}

namespace {

// issue 13: HEAD's first-parent commits since the baseline and the change points among them
// (filled for the nightly report; empty lists otherwise).
json line_json(const Comparison& c) {
  json commits = json::array(), changes = json::array();
  for (std::size_t i = 0; i < c.line_commits.size() && i < kListLimit; ++i) {
    commits.push_back({{"short", md(Untrusted(short_id(c.line_commits[i].id)))},
                       {"subject", c.line_commits[i].subject.empty()
                                       ? std::string("—")
                                       : Untrusted(c.line_commits[i].subject).markdown(100)}});
  }
  for (std::size_t i = 0; i < c.change_points.size() && i < kListLimit; ++i) {
    const LineChange& cp = c.change_points[i];
    const std::string after = md(Untrusted(short_id(cp.after_commit)));
    changes.push_back(
        {{"name", md(Untrusted(cp.name))},
         {"change", format_change(cp.change)},
         {"interval", format_interval(cp.ci_low, cp.ci_high)},
         {"p_value", format_p_value(cp.p_value)},
         {"where", cp.commits <= 1 ? "in " + after
                                   : "in " + std::to_string(cp.commits) + " commits " +
                                         md(Untrusted(short_id(cp.before_commit))) + ".." +
                                         after}});
  }
  const auto left_out = [](std::size_t n) {
    return n > kListLimit ? std::to_string(n - kListLimit) : std::string();
  };
  return json{{"has_commits", !c.line_commits.empty()},
              {"commits", commits},
              {"commit_count", std::to_string(c.line_commits.size())},
              {"has_commits_left_out", c.line_commits.size() > kListLimit},
              {"commits_left_out", left_out(c.line_commits.size())},
              {"has_changes", !c.change_points.empty()},
              {"changes", changes},
              {"change_count", std::to_string(c.change_points.size())},
              {"has_changes_left_out", c.change_points.size() > kListLimit},
              {"changes_left_out", left_out(c.change_points.size())}};
}

}  // namespace

json view_skeleton(const Comparison& comparison, const ReportOptions& options,
                   const OrderedRows& ordered) {
  const ComparisonFacts c = comparison_facts(comparison);
  std::array<std::size_t, kSectionCount> n{};
  for (std::size_t s = 0; s < kSectionCount; ++s) n[s] = ordered.sections[s].size();
  const std::size_t warn_regressions = ordered.warn_regressions;
  const std::size_t fail_regressions = n[kRegressions] - warn_regressions;

  json view;
  view["title"] = md(Untrusted(options.title));
  view["has_title"] = !options.title.empty();
  view["headline"] = headline(c, n, warn_regressions);
  view["status"] = status_name(c, fail_regressions, warn_regressions, n[kFailed]);
  view["passed"] = c.exit_code == ExitCode::pass;
  view["tool_version"] = options.tool_version;
  view["counts"] = json{{"total", std::to_string(c.benchmarks)},
                        {"regressions", std::to_string(n[kRegressions])},
                        {"regressions_failing", std::to_string(fail_regressions)},
                        {"regressions_warning", std::to_string(warn_regressions)},
                        {"failed", std::to_string(n[kFailed])},
                        {"accepted", std::to_string(n[kAccepted])},
                        {"inconclusive", std::to_string(n[kInconclusive])},
                        {"new", std::to_string(n[kNew])},
                        {"removed", std::to_string(n[kRemoved])},
                        {"improvements", std::to_string(n[kImprovements])},
                        {"skipped", std::to_string(n[kSkipped])},
                        {"unchanged", std::to_string(n[kUnchanged])}};
  set_folded(view, 0, options.budget);
  // One line for the rows a reviewer need not read first (their tables are collapsed below).
  std::vector<std::string> quiet;
  if (n[kInconclusive] > 0) quiet.push_back(std::to_string(n[kInconclusive]) + " inconclusive");
  if (n[kUnchanged] > 0) quiet.push_back(std::to_string(n[kUnchanged]) + " unchanged");
  std::string quiet_summary = "**Also:** ";
  for (std::size_t i = 0; i < quiet.size(); ++i) quiet_summary += (i ? " · " : "") + quiet[i];
  view["has_quiet_rows"] = !quiet.empty();
  view["quiet_summary"] = quiet_summary + " (collapsed below)";
  view["commits"] = json{
      {"base_rev", md(c.base_rev)},
      {"base_commit", md(c.base_commit)},
      {"base_short", md(c.base_short)},
      {"head_rev", md(c.head_rev)},
      {"head_commit", md(c.head_commit)},
      {"head_short", md(c.head_short)},
      {"merge_base", md(c.merge_base)},
      {"merge_base_short", md(c.merge_base_short)},
      {"has_merge_base", c.has_merge_base},
      {"baseline_commit", md(c.baseline_commit)},
      {"baseline_short", md(c.baseline_short)},
      {"baseline_distance", std::to_string(c.baseline_distance)},
      {"baseline_note", baseline_note(c)},
      {"head_subject", c.head_subject.markdown(kSubjectLimit)},
      {"has_head_subject", !c.head_subject.empty()},
      // GitHub's pull_request checkout: HEAD is the synthetic merge, pr_head the PR's head.
      {"is_pr_merge", !c.pr_head.empty()},
      {"pr_head", md(c.pr_head)},
      {"pr_head_short", md(c.pr_head_short)},
      {"pr_head_subject", c.pr_head_subject.markdown(kSubjectLimit)},
      {"has_pr_head_subject", !c.pr_head_subject.empty()},
  };
  view["environments"] = json{
      {"differ", c.environments_differ},
      {"differences", strings_json(c.environment_differences)},
      {"base", environments_json(c.base_environments)},
      {"head", environments_json(c.head_environments)},
      {"columns", environment_columns(c.base_environments, c.head_environments)},
  };
  view["overall"] = overall_json(comparison.benchmarks);
  view["budgets"] = budgets_json(ordered);
  view["missing_shards"] = strings_json(c.missing_shards);
  view["has_missing_shards"] = !c.missing_shards.empty();
  view["information"] = strings_json(c.information);  // issue 16: complexity fits, repeated runs
  view["has_information"] = !c.information.empty();
  view["disturbance"] = strings_json(c.disturbance);  // issue 17: disturbed runs
  view["has_disturbance"] = !c.disturbance.empty();
  view["mode"] = std::string(mode_name(c.mode));  // one of three fixed names
  if (c.mode == CompareMode::paired) {
    view["mode_text"] = "paired (base and head built and run now, interleaved, on this machine)";
  } else if (c.mode == CompareMode::stored_confirmed) {
    view["mode_text"] =
        "stored+confirmed (baseline from stored runs in git notes; failing-tier regressions "
        "re-measured before the verdict)";
  } else {
    view["mode_text"] = std::string(mode_name(c.mode)) + " (baseline from stored runs in git notes)";
  }
  // Paired rows: base and head are medians pooled over every block, the change is the paired
  // estimate (median of per-block ratios), so the two can disagree; the templates say so.
  view["paired"] = c.mode == CompareMode::paired;
  view["centers_note"] =
      "Paired mode: *base* and *head* are medians of every repetition pooled over all blocks; "
      "*change* is the paired estimate (the median of the per-block ratios head/base), which "
      "cancels drift between blocks — so it can differ from head/base − 1 of the two medians.";
  // The decision rule and correction are paragraphs of bench-gate's own words: a longer bound.
  view["rule"] = c.rule.markdown(kRuleTextLimit);
  view["correction"] = c.correction.markdown(kRuleTextLimit);
  view["line"] = line_json(comparison);
  return view;
}

json build_view_model(const Comparison& c, const ReportOptions& options) {
  const OrderedRows ordered = order_rows(c);
  json view = view_skeleton(c, options, ordered);
  for (std::size_t s = 0; s < kSectionCount; ++s) {
    json rows = json::array();
    FilledColumns columns;
    for (const auto* b : ordered.sections[s]) {
      const RowText row = row_text(*b);
      columns.add(row);
      rows.push_back(row_json(row));
    }
    view[section_keys()[s]] = section_json(std::move(rows), ordered.sections[s].size(), columns);
  }
  return view;
}

}  // namespace bg
