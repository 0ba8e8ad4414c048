// `bench-gate log`: the history of benchmarks along a line of commits as a Markdown table with a
// sparkline per benchmark.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace bg {

struct LogSeries {
  std::string name;  // untrusted text
  std::string unit = "ns";
  std::vector<std::optional<double>> values;  // oldest → newest, one per commit; nullopt = no run
};

struct LogView {
  std::vector<std::string> commits;   // oldest → newest (short ids)
  std::vector<std::string> subjects;  // commit subjects, same order (untrusted text)
  std::vector<LogSeries> series;
  std::string history_note;  // e.g. "12 of 20 commits have runs"; untrusted text
};

// Return a Markdown table: benchmark | latest | min | max | change vs first | trend, names
// escaped, followed by the commits it spans and the history note.
std::string render_log(const LogView& view);

// Return one block character (▁▂▃▄▅▆▇█) per value scaled between the series' min and max, '·'
// for a missing value; a flat series is all '▄'.
std::string sparkline(const std::vector<std::optional<double>>& values);

}  // namespace bg
