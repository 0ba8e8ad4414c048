// The static history site of `bench-gate publish`: the files generated from the stored history of
// a first-parent line (index.html, one page and one data script per benchmark, the shared history
// script). The static assets (site.js, site.css, vendor/uPlot) are copied by the command.
// Data reaches the pages only as <script src> files assigning one global (fetch() of a file://
// URL fails in Chromium), serialized by script_json; markup only through Untrusted::html.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_gate/report/untrusted.hpp"

namespace bg {

struct SiteCommit {
  std::string id;     // full hex object id
  Untrusted subject;  // commit subject
  std::string date;   // author time, UTC ISO 8601; "" when the commit object is absent
};

struct SiteSeries {
  Untrusted name;
  Untrusted tier;
  std::string unit = "ns";  // "ns" (time per iteration) or "instructions" (per iteration)
  // One entry per commit of SiteView::commits, oldest first; nullopt = nothing stored there.
  std::vector<std::optional<double>> median;     // of the pooled repetitions of all runs
  std::vector<std::optional<double>> low, high;  // its 95 % interval (stats::median_interval)
  std::vector<std::vector<double>> runs;         // the median of each stored run
  // Commit indices where a new level starts (change-point detection of the history); marked on
  // the chart, empty when none is known.
  std::vector<std::size_t> change_points;
  std::string verdict;  // the latest comparison's verdict ("regression", …), "" when none
  std::string change;   // its change, formatted ("+3.1 %"), "" when none
};

struct SiteView {
  std::vector<SiteCommit> commits;  // oldest first
  std::vector<SiteSeries> series;   // in the order the index lists them
  std::string commit_url;           // template with {sha} (checked by the caller), "" = no links
  Untrusted title;                  // what the site shows (e.g. the revision)
  Untrusted history_note;           // e.g. "last 30 first-parent commits of main"
  Untrusted verdict_note;           // which commits the latest verdicts compare, "" when none
};

struct SiteFile {
  std::string path;  // relative to the output directory, '/'-separated
  std::string content;
};

// Return the generated files: index.html, data/history.js (commits, suite trend), and per
// benchmark i (in view.series order) b/<i>.html and data/b<i>.js.
std::vector<SiteFile> render_site(const SiteView& view);

// Per commit: the geometric mean over benchmarks of median / the benchmark's first stored median
// (1 = where each benchmark started); nullopt where no benchmark has a median.
std::vector<std::optional<double>> suite_geomean(const std::vector<SiteSeries>& series,
                                                 std::size_t commits);

// Return `value` as JSON safe in a JavaScript file loaded by <script src> and in an HTML
// <script> element: non-ASCII as \uXXXX (so U+2028/U+2029 never end a line), < > & as
// \u003c \u003e \u0026, invalid UTF-8 as U+FFFD.
std::string script_json(const nlohmann::json& value);

}  // namespace bg
