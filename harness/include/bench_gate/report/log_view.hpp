// `bench-gate log`: the history of benchmarks along a line of commits, as a plain-text table for
// the terminal or a Markdown table, with a sparkline per benchmark.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bench_gate/report/untrusted.hpp"

namespace bg {

struct LogSeries {
  Untrusted name;
  std::string unit = "ns";  // a unit format_quantity knows (the log measures time)
  std::vector<std::optional<double>> values;  // oldest → newest, one per commit; nullopt = no run
};

struct LogView {
  std::vector<std::string> commits;  // oldest → newest (short hex ids)
  std::vector<Untrusted> subjects;   // commit subjects, same order
  std::vector<LogSeries> series;
  Untrusted history_note;  // e.g. "last 20 first-parent commits of <rev>"
};

// Return a Markdown table: benchmark | latest | min | max | change vs first | trend, every text
// through Untrusted::markdown, followed by the commits it spans and the history note.
std::string render_log(const LogView& view);

// Return the same table as plain text for a terminal: aligned columns, every text through
// Untrusted::terminal (readable names, no control character, no ESC).
std::string render_log_text(const LogView& view);

// Return one block character (▁▂▃▄▅▆▇█) per value scaled between the series' min and max, '·'
// for a missing value; a flat series is all '▄'.
std::string sparkline(const std::vector<std::optional<double>>& values);

}  // namespace bg
