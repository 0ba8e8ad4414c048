// bench-gate log, bench-gate show, bench-gate sync.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>


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

std::string format_ns(double ns) {
  char buf[48];
  if (ns < 1e3)
    std::snprintf(buf, sizeof buf, "%.3g ns", ns);
  else if (ns < 1e6)
    std::snprintf(buf, sizeof buf, "%.3g us", ns / 1e3);
  else if (ns < 1e9)
    std::snprintf(buf, sizeof buf, "%.3g ms", ns / 1e6);
  else
    std::snprintf(buf, sizeof buf, "%.3g s", ns / 1e9);
  return buf;
}

}  // namespace

int log_command(const GlobalOptions& global, const LogOptions& options) {
  if (options.limit < 1) throw Error(ExitCode::input_error, "--limit: must be at least 1");
  const NameFilter filter(options.filter, "--filter");  // RE2: linear time, no crash
  const Workspace ws(global);
  const std::string start = ws.resolve(options.rev);
  git::Repository::History line = ws.repo.first_parent_history(start, options.limit);
  if (line.commits.empty()) line.commits.push_back(start);
  std::reverse(line.commits.begin(), line.commits.end());  // oldest first

  LogView view;
  std::map<std::string, std::size_t> index;  // benchmark name → series position
  std::vector<std::string> problems;
  std::size_t reported = 0;
  for (std::size_t c = 0; c < line.commits.size(); ++c) {
    const std::string& commit = line.commits[c];
    view.commits.push_back(util::short_id(commit));
    auto info = ws.repo.commit_info(commit);
    view.subjects.push_back(Untrusted(info ? info->summary : std::string()));
    auto runs = ws.runs_of(commit, nullptr, &problems);
    for (; reported < problems.size(); ++reported)
      std::cerr << "bench-gate: warning: " << Untrusted(problems[reported]).one_line() << "\n";
    if (!runs) continue;
    std::map<std::string, std::vector<double>> pooled;
    for (const auto& run : *runs) {
      for (const auto& b : run.benchmarks) {
        if (!filter.matches(b.name)) continue;
        const auto& s = samples_of(b, ws.config.metric);
        pooled[b.name].insert(pooled[b.name].end(), s.begin(), s.end());
      }
    }
    for (auto& [name, samples] : pooled) {
      auto it = index.find(name);
      if (it == index.end()) {
        it = index.emplace(name, view.series.size()).first;
        view.series.push_back(LogSeries{
            Untrusted(name), ws.config.metric == Metric::instructions ? "instructions" : "ns", {}});
      }
      auto& values = view.series[it->second].values;
      values.resize(line.commits.size());
      if (!samples.empty()) values[c] = stats::median(samples);
    }
  }
  for (auto& s : view.series) s.values.resize(line.commits.size());
  std::sort(view.series.begin(), view.series.end(),
            [](const LogSeries& a, const LogSeries& b) { return a.name < b.name; });
  if (line.ends_at_shallow_boundary) {
    view.history_note = Untrusted("history ends at the shallow clone boundary after " +
                                  std::to_string(line.commits.size()) +
                                  " commits; fetch more with `git fetch --deepen=N`");
  } else if (line.ends_at_root) {
    view.history_note = Untrusted("history ends at the root commit");
  } else {
    view.history_note = Untrusted("last " + std::to_string(line.commits.size()) +
                                  " first-parent commits of " + options.rev);
  }
  std::cout << (options.markdown ? render_log(view) : render_log_text(view));
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
      const std::string median = s.empty() ? "-"
                                 : ws.config.metric == Metric::instructions
                                     ? format_quantity(stats::median(s), "instructions")
                                     : format_ns(stats::median(s));
      line += std::string(median.size() < 12 ? 12 - median.size() : 0, ' ') + median;
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
