// Rendering of `bench-gate changes`.
#include "bench_gate/report/changes_view.hpp"

#include <cstdio>

#include "bench_gate/report/format.hpp"
#include "bench_gate/report/untrusted.hpp"
#include "bench_gate/util/ids.hpp"

namespace bg {
namespace {

constexpr std::size_t kRangeShown = 5;  // commits of a range listed before "… and N more"

std::string range_words(const ChangeRow& row) {
  const std::size_t n = row.range.size();
  return n == 1 ? "in commit " + util::short_id(row.after.id)
                : "in " + std::to_string(n) + " commits " + util::short_id(row.before.id) + ".." +
                      util::short_id(row.after.id);
}

std::string figures(const ChangeRow& row) {
  return format_change(row.point.change) + " " +
         format_interval(row.point.ci_low, row.point.ci_high) + ", p " +
         (row.point.p_value < 0.0001 ? "" : "= ") + format_p_value(row.point.p_value) + ", " +
         format_quantity(row.point.level_before, row.unit) + " → " +
         format_quantity(row.point.level_after, row.unit) + " (" +
         std::to_string(row.point.runs_before) + " runs before, " +
         std::to_string(row.point.runs_after) + " after)";
}

std::string header(const ChangesView& view, const std::string& rev) {
  return "Change points on the first-parent line of " + rev + ": " +
         std::to_string(view.commits) + " commits, " + std::to_string(view.recorded) +
         " with stored runs, " + std::to_string(view.benchmarks) + " benchmarks";
}

nlohmann::json commit_json(const ChangeCommit& c) {
  return {{"commit", c.id}, {"subject", c.subject}, {"time", c.time}};
}

}  // namespace

std::string change_method_text(const ChangesView& view) {
  char buffer[400];
  std::snprintf(buffer, sizeof buffer,
                "E-divisive means (Matteson & James 2014) over one point per stored run (the log "
                "of its median), split and merged as Hunter/Apache Otava do (Fleming et al., ICPE "
                "2023): a change point needs a two-sided Welch t p below %g between its "
                "neighbouring segments, sd never below %.1f %%, at least 3 runs on each side.",
                view.max_p, view.sd_floor * 100);
  return buffer;
}

std::string render_changes_text(const ChangesView& view) {
  std::string out = header(view, Untrusted(view.rev).terminal()) + "\n";
  if (!view.since.empty()) out += "Since " + Untrusted(view.since).terminal() + ".\n";
  out += change_method_text(view) + "\n\n";
  if (view.rows.empty()) out += "No change points.\n";
  for (const auto& row : view.rows) {
    out += Untrusted(row.name).terminal() + "  " + figures(row) + "\n    " + range_words(row) +
           ":\n";
    for (std::size_t i = 0; i < row.range.size() && i < kRangeShown; ++i) {
      const auto& c = row.range[row.range.size() - 1 - i];  // newest first, as git log
      out += "      " + util::short_id(c.id) + "  " + Untrusted(c.subject).terminal() + "\n";
    }
    if (row.range.size() > kRangeShown)
      out += "      … and " + std::to_string(row.range.size() - kRangeShown) + " more\n";
  }
  if (!view.history_note.empty()) out += "\n" + view.history_note + "\n";
  return out;
}

std::string render_changes_markdown(const ChangesView& view) {
  std::string out = header(view, Untrusted(view.rev).markdown()) + "\n\n";
  if (!view.since.empty()) out += "Since " + Untrusted(view.since).markdown() + ".\n\n";
  if (view.rows.empty()) {
    out += "No change points.\n";
  } else {
    out += "| benchmark | change | 95 % CI | p | before → after | where |\n";
    out += "| --- | ---: | --- | ---: | --- | --- |\n";
    for (const auto& row : view.rows) {
      std::string where = range_words(row);
      if (row.range.size() == 1) {
        where += ' ';  // GCC 12 warns (-Wrestrict) on " " + a temporary
        where += Untrusted(row.after.subject).markdown(80);
      }
      out += "| " + Untrusted(row.name).markdown() + " | " + format_change(row.point.change) +
             " | " + format_interval(row.point.ci_low, row.point.ci_high) + " | " +
             format_p_value(row.point.p_value) + " | " +
             format_quantity(row.point.level_before, row.unit) + " → " +
             format_quantity(row.point.level_after, row.unit) + " | " + where + " |\n";
    }
  }
  out += "\n_" + change_method_text(view) + "_\n";
  if (!view.history_note.empty()) out += "\n_" + view.history_note + "_\n";
  return out;
}

nlohmann::json changes_to_json(const ChangesView& view) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : view.rows) {
    nlohmann::json range = nlohmann::json::array();
    for (const auto& c : row.range) range.push_back(commit_json(c));
    rows.push_back({{"benchmark", row.name},
                    {"unit", row.unit},
                    {"change", row.point.change},
                    {"ci_low", row.point.ci_low},
                    {"ci_high", row.point.ci_high},
                    {"p_value", row.point.p_value},
                    {"level_before", row.point.level_before},
                    {"level_after", row.point.level_after},
                    {"runs_before", row.point.runs_before},
                    {"runs_after", row.point.runs_after},
                    {"before", commit_json(row.before)},
                    {"after", commit_json(row.after)},
                    {"range", range}});
  }
  return {{"schema_version", 1},
          {"rev", view.rev},
          {"since", view.since},
          {"commits", view.commits},
          {"recorded_commits", view.recorded},
          {"benchmarks", view.benchmarks},
          {"method", change_method_text(view)},
          {"max_p", view.max_p},
          {"sd_floor", view.sd_floor},
          {"history", view.history_note},
          {"change_points", rows}};
}

}  // namespace bg
