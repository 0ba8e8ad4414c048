// bench-gate publish: the static history site (report/site.hpp) of a first-parent line, written
// to a staging directory next to OUTDIR and renamed into place, so OUTDIR is never half-written.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "bench_gate/app/branch_history.hpp"
#include "bench_gate/app/commands.hpp"
#include "bench_gate/app/workspace.hpp"
#include "bench_gate/compare.hpp"
#include "bench_gate/config.hpp"
#include "bench_gate/report/format.hpp"
#include "bench_gate/report/render.hpp"
#include "bench_gate/report/site.hpp"
#include "bench_gate/stats.hpp"
#include "bench_gate/util/ids.hpp"
#include "history_line.hpp"

namespace bg {
namespace {

namespace fs = std::filesystem;

// Marks a directory as a site bench-gate wrote: only such a directory (or an empty one) is replaced.
constexpr const char* kMarker = ".bench-gate-site";

void check_commit_url(const std::string& url) {
  if (!url.empty() && !is_commit_url_template(url))
    throw Error(ExitCode::input_error,
                "--commit-url: must start with https:// or http:// and contain {sha}: " +
                    Untrusted(url).one_line());
}

// Per benchmark (by name): the median, its interval and each run's median at every commit.
std::map<std::string, SiteSeries> collect_series(const HistoryLine& line, const Config& config) {
  const std::size_t n = line.commits.size();
  std::map<std::string, SiteSeries> by_name;
  for (std::size_t c = 0; c < n; ++c) {
    if (!line.commits[c].runs) continue;
    std::map<std::string, std::vector<double>> pooled, run_medians;
    for (const auto& run : *line.commits[c].runs) {
      for (const auto& b : run.benchmarks) {
        const auto& samples = samples_of(b, config.metric);
        if (samples.empty()) continue;
        pooled[b.name].insert(pooled[b.name].end(), samples.begin(), samples.end());
        run_medians[b.name].push_back(stats::median(samples));
      }
    }
    for (auto& [name, samples] : pooled) {
      auto [it, added] = by_name.try_emplace(name);
      SiteSeries& s = it->second;
      if (added) {
        s.name = Untrusted(name);
        s.tier = Untrusted(tier_for(config, name).name);
        s.unit = config.metric == Metric::instructions ? "instructions" : "ns";
        s.median.resize(n), s.low.resize(n), s.high.resize(n), s.runs.resize(n);
      }
      s.median[c] = stats::median(samples);
      const stats::MedianInterval interval = stats::median_interval(samples);  // range below 6
      s.low[c] = interval.ci_low, s.high[c] = interval.ci_high;
      s.runs[c] = std::move(run_medians[name]);
    }
  }
  return by_name;
}

// The latest verdicts: the newest commit with runs against the one before it, by the stored rule
// with the earlier commits' runs as its history. Returns which commits it compared ("" = none).
std::string add_latest_verdicts(const HistoryLine& line, const Config& config,
                                std::map<std::string, SiteSeries>& series) {
  std::vector<const StoredLineCommit*> stored;  // newest first
  for (auto it = line.commits.rbegin(); it != line.commits.rend(); ++it)
    if (it->runs && !it->runs->empty()) stored.push_back(&*it);
  if (stored.size() < 2) return "";
  CompareInput input;
  input.head_runs = *stored[0]->runs;
  input.base_runs = *stored[1]->runs;
  for (std::size_t k = 2; k < stored.size() && k < 2 + std::size_t(config.history_runs); ++k)
    input.history.push_back(*stored[k]->runs);
  input.config = config;
  const Comparison cmp = compare_runs(input);
  for (const BenchmarkComparison& b : cmp.benchmarks) {
    auto it = series.find(b.name);
    if (it == series.end()) continue;  // removed: no run on this line shows it
    SiteSeries& s = it->second;
    s.verdict = verdict_name(b.verdict);
    if (b.base_center > 0 && b.head_center > 0) s.change = format_change(b.change);
  }
  return util::short_id(stored[0]->id) + " against " + util::short_id(stored[1]->id) +
         " (the stored rule)";
}

void write_text(const fs::path& path, std::string_view text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out.flush())
    throw Error(ExitCode::input_error, path.string() + ": cannot write: " + std::strerror(errno));
}

// The staging directory next to OUTDIR; removed unless it was renamed into place.
struct Staging {
  fs::path path;
  ~Staging() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

void check_outdir(const fs::path& out) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(out, ec))) return;
  const bool replaceable =
      fs::is_directory(fs::symlink_status(out, ec)) &&
      (fs::is_empty(out, ec) || fs::is_regular_file(out / kMarker, ec));
  if (!replaceable)
    throw Error(ExitCode::input_error,
                out.string() + ": exists and is not a site bench-gate published (no " + kMarker +
                    "); name a new or empty directory");
}

void write_site(const std::string& outdir, const std::vector<SiteFile>& files) {
  fs::path out = fs::path(outdir).lexically_normal();
  if (!out.has_filename()) out = out.parent_path();
  check_outdir(out);
  const fs::path assets = fs::path(template_dir()) / "site";
  if (!fs::is_regular_file(assets / "site.js"))
    throw Error(ExitCode::input_error, assets.string() + ": the site's assets are missing");
  Staging staging{fs::absolute(out).parent_path() /
                  ("." + out.filename().string() + ".tmp-" + util::new_run_id())};
  try {
    fs::create_directories(staging.path);
    for (const auto& f : files) write_text(staging.path / f.path, f.content);
    for (const char* asset : {"site.js", "site.css"})
      fs::copy_file(assets / asset, staging.path / asset);
    fs::copy(assets / "vendor", staging.path / "vendor", fs::copy_options::recursive);
    write_text(staging.path / kMarker, "written by bench-gate publish; replaced by the next\n");
    std::error_code ec;
    const fs::path old = staging.path.string() + ".old";
    const bool replacing = fs::exists(out, ec);
    if (replacing) fs::rename(out, old);
    fs::rename(staging.path, out, ec);
    if (ec) {
      if (replacing) fs::rename(old, out);  // the earlier site stays as it was
      throw fs::filesystem_error("rename", staging.path, out, ec);
    }
    staging.path = old;  // removed now, when it exists
  } catch (const fs::filesystem_error& e) {
    throw Error(ExitCode::input_error, out.string() + ": cannot write the site: " +
                                           e.code().message());
  }
}

}  // namespace

int publish_command(const GlobalOptions& global, const PublishOptions& options) {
  if (options.limit < 1) throw Error(ExitCode::input_error, "--limit: must be at least 1");
  check_commit_url(options.commit_url);
  const Workspace ws(global);
  const HistoryLine line = read_history_line(ws, options.rev, options.limit);

  SiteView view;
  view.commit_url = options.commit_url.empty() ? ws.config.commit_url : options.commit_url;
  view.title = Untrusted(options.rev);
  view.history_note = line.note;
  for (const auto& c : line.commits)
    view.commits.push_back(SiteCommit{c.id, Untrusted(c.info ? c.info->summary : std::string()),
                                      c.info ? c.info->time_iso : std::string()});
  std::map<std::string, SiteSeries> series = collect_series(line, ws.config);
  // Change points (branch_history.hpp), acknowledged regressions starting a new level.
  BranchHistory history;
  for (const auto& c : line.commits) {
    history.commits.push_back(c.id);
    history.runs.push_back(c.runs.value_or(std::vector<Run>{}));
  }
  std::vector<std::string> problems;  // malformed trailers: `changes` and compare say so
  const auto accepted = history_acceptances(ws, history, problems);
  for (const auto& change : branch_changes(history, ws.config, {}, nullptr, accepted)) {
    const auto found = series.find(change.name);
    if (found != series.end()) found->second.change_points.push_back(change.point.after);
  }
  for (auto& [name, s] : series) std::sort(s.change_points.begin(), s.change_points.end());
  view.verdict_note = Untrusted(add_latest_verdicts(line, ws.config, series));
  view.series.reserve(series.size());
  for (auto& [name, s] : series) view.series.push_back(std::move(s));
  write_site(options.outdir, render_site(view));
  if (!global.quiet)
    std::cerr << "bench-gate: published " << view.series.size() << " benchmarks over "
              << view.commits.size() << " commits to " << Untrusted(options.outdir).one_line()
              << "\n";
  return 0;
}

}  // namespace bg
