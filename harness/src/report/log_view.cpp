// render_log and sparkline for `bench-gate log`.
#include "bench_gate/report/log_view.hpp"

#include <algorithm>
#include <cmath>

#include "bench_gate/report/escape.hpp"
#include "bench_gate/report/format.hpp"

namespace bg {

std::string sparkline(const std::vector<std::optional<double>>& values) {
  static constexpr const char* kBlocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& v : values) {
    if (v && std::isfinite(*v)) lo = std::min(lo, *v), hi = std::max(hi, *v);
  }
  std::string out;
  for (const auto& v : values) {
    if (!v || !std::isfinite(*v)) {
      out += "·";
    } else if (hi - lo <= 0) {
      out += kBlocks[3];
    } else {
      const double level = (*v - lo) / (hi - lo) * 7.0;
      out += kBlocks[std::clamp(static_cast<int>(std::lround(level)), 0, 7)];
    }
  }
  return out;
}

std::string render_log(const LogView& view) {
  std::string out;
  if (!view.commits.empty()) {
    out += "Benchmarks over " + std::to_string(view.commits.size()) + " commits, " +
           escape_markdown_inline(view.commits.front()) + " → " +
           escape_markdown_inline(view.commits.back()) + " (oldest → newest)\n\n";
  }
  if (view.series.empty()) {
    out += "No stored runs on these commits.\n";
  } else {
    out += "| benchmark | latest | min | max | change vs first | trend |\n";
    out += "| --- | ---: | ---: | ---: | ---: | --- |\n";
    for (const auto& s : view.series) {
      std::optional<double> first, last;
      double lo = INFINITY, hi = -INFINITY;
      for (const auto& v : s.values) {
        if (!v || !std::isfinite(*v)) continue;
        if (!first) first = v;
        last = v;
        lo = std::min(lo, *v);
        hi = std::max(hi, *v);
      }
      const bool any = first.has_value();
      std::string change = "—";
      if (any && *first != 0) change = format_change(*last / *first - 1);
      out += "| " + escape_markdown_inline(s.name) + " | " +
             (any ? format_quantity(*last, s.unit) : "—") + " | " +
             (any ? format_quantity(lo, s.unit) : "—") + " | " +
             (any ? format_quantity(hi, s.unit) : "—") + " | " + change + " | " +
             sparkline(s.values) + " |\n";
    }
  }
  if (!view.history_note.empty()) {
    out += "\n_" + escape_markdown_inline(view.history_note) + "_\n";
  }
  return out;
}

}  // namespace bg
