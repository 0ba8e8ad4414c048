// bench-gate changes: where along a branch each benchmark's level moved (core/changepoints.hpp).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "bench_gate/app/branch_history.hpp"
#include "bench_gate/app/commands.hpp"
#include "bench_gate/app/name_filter.hpp"
#include "bench_gate/app/workspace.hpp"
#include "bench_gate/report/changes_view.hpp"
#include "bench_gate/report/untrusted.hpp"
#include "bench_gate/util/text.hpp"

namespace bg {
namespace {

ChangeCommit describe(const Workspace& ws, const std::string& id) {
  ChangeCommit c{id, "", ""};
  if (auto info = ws.repo.commit_info(id)) c.subject = info->summary, c.time = info->time_iso;
  return c;
}

bool looks_like_date(const std::string& s) {
  return s.size() >= 10 && std::isdigit(static_cast<unsigned char>(s[0])) && s[4] == '-' &&
         s[7] == '-';
}

// A --since that looks like a date must be one: YYYY-MM-DD (optionally followed by a time), a real
// day of the proleptic Gregorian calendar (std::chrono does the calendar); else exit 2.
void check_date(const std::string& s) {
  int y = 0;
  unsigned m = 0, d = 0;
  char rest = 0;
  const bool parsed = std::sscanf(s.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &rest) >= 3 &&
                      (s.size() == 10 || s[10] == 'T' || s[10] == ' ');
  const std::chrono::year_month_day day{std::chrono::year{y}, std::chrono::month{m},
                                        std::chrono::day{d}};
  if (!parsed || !day.ok()) {
    throw Error(ExitCode::input_error,
                "--since: '" + util::one_line_text(s) +
                    "' is not a date (YYYY-MM-DD, a real day) or a revision");
  }
}

// Keep the change points that lie after --since: a date compares with the first commit after the
// change (author time, UTC); a revision must be on the line read, and the change after it.
void apply_since(const Workspace& ws, const ChangesOptions& options, const BranchHistory& history,
                 ChangesView& view) {
  if (options.since.empty()) return;
  if (looks_like_date(options.since)) {
    std::erase_if(view.rows, [&](const ChangeRow& r) { return r.after.time < options.since; });
    return;
  }
  const std::string since = ws.resolve(options.since);
  const auto it = std::find(history.commits.begin(), history.commits.end(), since);
  if (it == history.commits.end()) {
    throw Error(ExitCode::input_error,
                "--since: " + util::one_line_text(options.since) + " (" + since.substr(0, 12) +
                    ") is not among the " + std::to_string(history.commits.size()) +
                    " first-parent commits of " + util::one_line_text(options.rev) +
                    " read (raise --limit)");
  }
  const std::size_t position = static_cast<std::size_t>(it - history.commits.begin());
  std::erase_if(view.rows, [&](const ChangeRow& r) {
    const auto after = std::find(history.commits.begin(), history.commits.end(), r.after.id);
    return static_cast<std::size_t>(after - history.commits.begin()) <= position;
  });
}

std::string history_note(const BranchHistory& history) {
  if (history.ends_at_shallow_boundary)
    return "history ends at the shallow clone boundary; fetch more with `git fetch --deepen=N`";
  if (history.ends_at_root) return "history ends at the root commit";
  return "";
}

}  // namespace

int changes_command(const GlobalOptions& global, const ChangesOptions& options) {
  if (options.limit < 2) throw Error(ExitCode::input_error, "--limit: must be at least 2");
  if (looks_like_date(options.since)) check_date(options.since);  // before any work
  const NameFilter filter(options.filter, "--filter");
  const Workspace ws(global);
  const std::string start = ws.resolve(options.rev);
  std::vector<std::string> problems;
  const BranchHistory history = load_branch_history(ws, start, options.limit, filter, problems);
  ChangesView view;
  view.rev = options.rev;
  view.since = options.since;
  view.commits = history.commits.size();
  view.recorded = history.recorded();
  const ChangePointOptions method = change_point_options(ws.config);
  view.max_p = method.max_p;
  view.sd_floor = method.sd_floor;
  view.history_note = history_note(history);
  const auto accepted = history_acceptances(ws, history, problems);
  for (const auto& p : problems)
    std::cerr << "bench-gate: warning: " << Untrusted(p).one_line() << "\n";
  for (const auto& change :
       branch_changes(history, ws.config, {}, &view.benchmarks, accepted)) {
    ChangeRow row{change.name, ws.config.metric == Metric::instructions ? "instructions" : "ns",
                  change.point, describe(ws, change.before_commit),
                  describe(ws, change.after_commit), {}};
    for (const auto& id : change.range) row.range.push_back(describe(ws, id));
    view.rows.push_back(std::move(row));
  }
  apply_since(ws, options, history, view);
  if (view.recorded == 0) {
    std::cerr << "bench-gate: no stored runs on the " << view.commits
              << " first-parent commits of " << Untrusted(options.rev).terminal() << " on "
              << Untrusted(ws.config.notes_ref).terminal() << "\n";
    return static_cast<int>(ExitCode::no_baseline);
  }
  switch (options.format) {
    case HistoryFormat::json:
      std::cout << changes_to_json(view).dump(2, ' ', false,
                                              nlohmann::json::error_handler_t::replace)
                << "\n";
      break;
    case HistoryFormat::markdown: std::cout << render_changes_markdown(view); break;
    case HistoryFormat::text: std::cout << render_changes_text(view); break;
  }
  return 0;
}

}  // namespace bg
