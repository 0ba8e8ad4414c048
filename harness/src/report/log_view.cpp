// render_log and sparkline for `bench-gate log`.
#include "bench_gate/report/log_view.hpp"

#include <algorithm>
#include <array>
#include <cmath>

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

namespace {

struct SeriesSummary {
  bool any = false;
  std::string latest = "—", min = "—", max = "—", change = "—";
};

SeriesSummary summarize(const LogSeries& s) {
  std::optional<double> first, last;
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& v : s.values) {
    if (!v || !std::isfinite(*v)) continue;
    if (!first) first = v;
    last = v;
    lo = std::min(lo, *v);
    hi = std::max(hi, *v);
  }
  SeriesSummary out;
  if (!first) return out;
  out.any = true;
  out.latest = format_quantity(*last, s.unit);
  out.min = format_quantity(lo, s.unit);
  out.max = format_quantity(hi, s.unit);
  if (*first != 0) out.change = format_change(*last / *first - 1);
  return out;
}

std::size_t width_of(const std::string& text) {
  std::size_t width = 0;
  for (unsigned char ch : text) width += (ch & 0xC0) != 0x80;
  return width;
}

void pad(std::string& out, const std::string& text, std::size_t width, bool right) {
  const std::size_t w = width_of(text);
  const std::size_t fill = width > w ? width - w : 0;
  if (right) out.append(fill, ' ');
  out += text;
  if (!right) out.append(fill, ' ');
}

}  // namespace

std::string render_log_text(const LogView& view) {
  std::string out;
  if (!view.commits.empty()) {
    out += "Benchmarks over " + std::to_string(view.commits.size()) + " commits, " +
           Untrusted(view.commits.front()).terminal() + " → " +
           Untrusted(view.commits.back()).terminal() + " (oldest → newest)\n\n";
  }
  if (view.series.empty()) {
    out += "No stored runs on these commits.\n";
  } else {
    struct Line {
      std::string name;
      SeriesSummary summary;
      std::string trend;
    };
    std::vector<Line> lines;
    std::array<std::size_t, 5> width = {9, 6, 3, 3, 15};  // the headers' widths
    for (const auto& s : view.series) {
      Line line{s.name.terminal(), summarize(s), sparkline(s.values)};
      const std::array<const std::string*, 5> cells = {&line.name, &line.summary.latest,
                                                       &line.summary.min, &line.summary.max,
                                                       &line.summary.change};
      for (std::size_t i = 0; i < cells.size(); ++i)
        width[i] = std::max(width[i], width_of(*cells[i]));
      lines.push_back(std::move(line));
    }
    const std::array<std::string, 5> headers = {"benchmark", "latest", "min", "max",
                                                "change vs first"};
    for (std::size_t i = 0; i < headers.size(); ++i) {
      pad(out, headers[i], width[i], i > 0);
      out += "  ";
    }
    out += "trend\n";
    for (const auto& line : lines) {
      const std::array<const std::string*, 5> cells = {&line.name, &line.summary.latest,
                                                       &line.summary.min, &line.summary.max,
                                                       &line.summary.change};
      for (std::size_t i = 0; i < cells.size(); ++i) {
        pad(out, *cells[i], width[i], i > 0);
        out += "  ";
      }
      out += line.trend + "\n";
    }
  }
  if (!view.history_note.empty()) {
    out += '\n';
    out += view.history_note.terminal();
    out += '\n';
  }
  return out;
}

std::string render_log(const LogView& view) {
  std::string out;
  if (!view.commits.empty()) {
    out += "Benchmarks over " + std::to_string(view.commits.size()) + " commits, " +
           Untrusted(view.commits.front()).markdown() + " → " +
           Untrusted(view.commits.back()).markdown() + " (oldest → newest)\n\n";
  }
  if (view.series.empty()) {
    out += "No stored runs on these commits.\n";
  } else {
    out += "| benchmark | latest | min | max | change vs first | trend |\n";
    out += "| --- | ---: | ---: | ---: | ---: | --- |\n";
    for (const auto& s : view.series) {
      const SeriesSummary summary = summarize(s);
      out += "| " + s.name.markdown() + " | " + summary.latest + " | " + summary.min + " | " +
             summary.max + " | " + summary.change + " | " + sparkline(s.values) + " |\n";
    }
  }
  if (!view.history_note.empty()) {
    out += "\n_" + view.history_note.markdown() + "_\n";
  }
  return out;
}

}  // namespace bg
