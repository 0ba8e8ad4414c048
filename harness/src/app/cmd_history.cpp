// bench-gate log, bench-gate show, bench-gate sync.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>


#include "bench_gate/app/branch_history.hpp"
#include "bench_gate/app/commands.hpp"
#include "bench_gate/app/name_filter.hpp"
#include "bench_gate/app/workspace.hpp"
#include "bench_gate/git/sync.hpp"
#include "bench_gate/ingest.hpp"
#include "bench_gate/note_codec.hpp"
#include "bench_gate/report/escape.hpp"
#include "bench_gate/report/format.hpp"
#include "bench_gate/report/log_view.hpp"
#include "bench_gate/report/untrusted.hpp"
#include "bench_gate/stats.hpp"
#include "bench_gate/util/ids.hpp"
#include "bench_gate/util/text.hpp"

namespace bg {

namespace {

// One cell per commit that has stored runs (a nightly records one commit of many: cells for the
// others would be dots), each the median of the pooled samples of that commit's runs.
LogView log_view_of(const Workspace& ws, const BranchHistory& history) {
  LogView view;
  view.commits_read = history.commits.size();
  std::vector<std::size_t> cell_of(history.commits.size(), 0);
  std::map<std::string, std::size_t> index;  // benchmark name → series position
  for (std::size_t c = 0; c < history.commits.size(); ++c) {
    if (history.runs[c].empty()) continue;
    const std::size_t cell = cell_of[c] = view.commits.size();
    view.commits.push_back(util::short_id(history.commits[c]));
    auto info = ws.repo.commit_info(history.commits[c]);
    view.subjects.push_back(Untrusted(info ? info->summary : std::string()));
    std::map<std::string, std::vector<double>> pooled;
    for (const auto& run : history.runs[c]) {
      for (const auto& b : run.benchmarks) {
        const auto& s = samples_of(b, ws.config.metric);
        pooled[b.name].insert(pooled[b.name].end(), s.begin(), s.end());
      }
    }
    for (auto& [name, samples] : pooled) {
      auto it = index.find(name);
      if (it == index.end()) {
        it = index.emplace(name, view.series.size()).first;
        view.series.push_back(LogSeries{
            Untrusted(name), ws.config.metric == Metric::instructions ? "instructions" : "ns", {},
            {}});
      }
      auto& values = view.series[it->second].values;
      values.resize(cell + 1);
      if (!samples.empty()) values[cell] = stats::median(samples);
    }
  }
  for (auto& s : view.series) s.values.resize(view.commits.size());
  std::vector<std::string> problems;  // malformed trailers: `changes` and compare say so
  const auto accepted = history_acceptances(ws, history, problems);
  for (const auto& change : branch_changes(history, ws.config, {}, nullptr, accepted)) {
    auto& series = view.series[index.at(change.name)];
    series.changes.insert(series.changes.begin(),  // branch_changes lists newest first
                          LogChange{cell_of[change.point.after], change.point.change,
                                    change.point.p_value});
  }
  std::sort(view.series.begin(), view.series.end(),
            [](const LogSeries& a, const LogSeries& b) { return a.name < b.name; });
  return view;
}

}  // namespace

int log_command(const GlobalOptions& global, const LogOptions& options) {
  if (options.limit < 1) throw Error(ExitCode::input_error, "--limit: must be at least 1");
  const NameFilter filter(options.filter, "--filter");  // RE2: linear time, no crash
  const Workspace ws(global);
  std::vector<std::string> problems;
  const BranchHistory history =
      load_branch_history(ws, ws.resolve(options.rev), options.limit, filter, problems);
  for (const auto& p : problems)
    std::cerr << "bench-gate: warning: " << Untrusted(p).one_line() << "\n";
  LogView view = log_view_of(ws, history);
  const std::string read = std::to_string(history.commits.size());
  if (history.ends_at_shallow_boundary) {
    view.history_note = Untrusted("history ends at the shallow clone boundary after " + read +
                                  " commits; fetch more with `git fetch --deepen=N`");
  } else if (history.ends_at_root) {
    view.history_note = Untrusted("history ends at the root commit");
  } else {
    view.history_note =
        Untrusted("last " + read + " first-parent commits of " + options.rev);
  }
  switch (options.format) {
    case HistoryFormat::json:
      std::cout << log_to_json(view).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                << "\n";
      break;
    case HistoryFormat::markdown: std::cout << render_log(view); break;
    case HistoryFormat::text: std::cout << render_log_text(view); break;
  }
  return 0;
}

int show_command(const GlobalOptions& global, const ShowOptions& options) {
  const Workspace ws(global);
  const std::string commit = ws.resolve(options.rev);
  std::optional<std::string> text = ws.notes.read(commit);
  // Everything printed below except fixed words goes through Untrusted::terminal: note text,
  // the revision as typed and the notes ref may hold newlines, ESC sequences or "::" commands.
  const auto term = [](const std::string& untrusted) { return Untrusted(untrusted).terminal(); };
  if (!text) {
    std::cerr << "bench-gate: nothing stored for " << term(options.rev) << " ("
              << util::short_id(commit) << ") on " << term(ws.config.notes_ref) << "\n";
    return static_cast<int>(ExitCode::no_baseline);
  }
  NoteDocument doc =
      parse_note(*text, "note of commit " + util::short_id(commit) + " on " + ws.config.notes_ref);
  if (options.json) {
    std::cout << nlohmann::json::parse(serialize_note(doc)).dump(2) << "\n";
    return 0;
  }
  std::cout << "commit " << commit << "  (" << term(ws.config.notes_ref) << ", "
            << doc.runs.size() << " run" << (doc.runs.size() == 1 ? "" : "s") << ")\n";
  for (const auto& run : doc.runs) {
    std::cout << "\nrun " << term(run.run_id)
              << (run.shard.empty() ? "" : "  shard " + term(run.shard)) << "  recorded "
              << term(run.recorded_at) << " by bench-gate " << term(run.tool_version) << "\n"
              << "  host " << term(run.environment.host) << ", fingerprint "
              << term(run.environment.fingerprint.substr(0, 12)) << ", source "
              << term(run.source) << "\n";
    std::size_t width = 10;
    for (const auto& b : run.benchmarks)
      width = std::max(width, std::min<std::size_t>(Untrusted(b.name).terminal_width(), 70));
    for (const auto& b : run.benchmarks) {
      const auto& s = samples_of(b, ws.config.metric);
      const Untrusted name(b.name);
      std::string line = "  " + name.terminal();
      line += std::string(width + 2 - std::min(width, name.terminal_width()), ' ');
      // The report's formatter (µs, not us); padded by display width, not bytes.
      const std::string median =
          s.empty()
              ? "-"
              : format_quantity(stats::median(s),
                                ws.config.metric == Metric::instructions ? "instructions" : "ns");
      const std::size_t median_width = Untrusted(median).terminal_width();
      line += std::string(median_width < 12 ? 12 - median_width : 0, ' ') + median;
      line += "  n=" + std::to_string(s.size());
      if (b.error) line += "  ERROR: " + term(*b.error);
      std::cout << line << "\n";
    }
  }
  return 0;
}

int sync_command(const GlobalOptions& global, const SyncOptions& options) {
  if (options.attempts < 1) throw Error(ExitCode::input_error, "--attempts: must be at least 1");
  const Workspace ws(global);
  const std::string ref = ws.config.notes_ref;
  // A note either side cannot read (a newer schema_version, a hand edit) is never merged away:
  // sync refuses, naming the commit (added by the git room) and the side.
  auto merge = [&](const std::string& local, const std::string& remote) -> std::string {
    NoteDocument a = parse_note(local, "the local note");
    NoteDocument b = parse_note(remote, "the remote note");
    return serialize_note(merge_notes(a, b));
  };
  git::SyncResult r =
      git::sync_notes(ws.repo, options.remote, ref, merge, options.attempts, options.push);
  if (!global.quiet) {
    std::cerr << "bench-gate: synced " << ref << " with " << options.remote << ": "
              << r.notes_merged << " note(s) merged, " << r.attempts << " attempt(s)"
              << (r.pushed ? ", pushed" : "") << "\n";
  }
  return 0;
}

}  // namespace bg
