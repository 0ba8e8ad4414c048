// `bench-gate log`: the history of benchmarks along a line of commits, as a plain-text table for
// the terminal or a Markdown table, with a sparkline per benchmark.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_gate/report/untrusted.hpp"

namespace bg {

// A change point of a series (core/changepoints.hpp): a new level starts at cell `cell`.
struct LogChange {
  std::size_t cell = 0;  // index into LogSeries::values: the first value after the change
  double change = 0;     // relative: 0.08 = 8 % slower
  double p_value = 1;
};

struct LogSeries {
  Untrusted name;
  std::string unit = "ns";  // a unit format_quantity knows (the log measures time)
  std::vector<std::optional<double>> values;  // oldest → newest, one per commit; nullopt = no run
  std::vector<LogChange> changes;             // oldest first
};

struct LogView {
  std::vector<std::string> commits;  // oldest → newest (short hex ids): the commits with runs
  std::vector<Untrusted> subjects;   // commit subjects, same order
  std::vector<LogSeries> series;
  Untrusted history_note;  // e.g. "last 20 first-parent commits of <rev>"
  std::size_t commits_read = 0;  // first-parent commits read (0 = as many as `commits`)
};

// Return a Markdown table: benchmark | latest | min | max | change vs first | trend, every text
// through Untrusted::markdown, followed by the commits it spans and the history note.
std::string render_log(const LogView& view);

// Return the same table as plain text for a terminal: aligned columns, every text through
// Untrusted::terminal (readable names, no control character, no ESC).
std::string render_log_text(const LogView& view);

// Return the view as JSON: commits (id, subject), and per series its values (null = no run) and
// change points (cell, commit, change, p_value).
nlohmann::json log_to_json(const LogView& view);

// Return one block character (▁▂▃▄▅▆▇█) per value scaled between the series' min and max, '·'
// for a missing value; a flat series is all '▄'. A '│' goes before each cell in `marks` (where a
// change point starts a new level).
std::string sparkline(const std::vector<std::optional<double>>& values,
                      const std::vector<std::size_t>& marks = {});

}  // namespace bg
