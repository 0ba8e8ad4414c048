// render_log and sparkline for `bench-gate log`.
#include "bench_gate/report/log_view.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "bench_gate/report/format.hpp"

namespace bg {

std::string sparkline(const std::vector<std::optional<double>>& values,
                      const std::vector<std::size_t>& marks) {
  static constexpr const char* kBlocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& v : values) {
    if (v && std::isfinite(*v)) lo = std::min(lo, *v), hi = std::max(hi, *v);
  }
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto& v = values[i];
    if (std::find(marks.begin(), marks.end(), i) != marks.end()) out += "│";
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
  std::string latest = "—", min = "—", max = "—", change = "—", moved = "—";
};

std::vector<std::size_t> cells_of(const LogSeries& s) {
  std::vector<std::size_t> cells;
  for (const auto& c : s.changes) cells.push_back(c.cell);
  return cells;
}

// The newest change point: "+8.1 % at <commit>" (and how many more).
std::string moved(const LogSeries& s, const std::vector<std::string>& commits) {
  if (s.changes.empty()) return "—";
  const LogChange& last = s.changes.back();
  std::string text = format_change(last.change);
  if (last.cell < commits.size()) text += " at " + commits[last.cell];
  if (s.changes.size() > 1) text += " (+" + std::to_string(s.changes.size() - 1) + " earlier)";
  return text;
}

std::string commits_header(const LogView& view, const std::string& first, const std::string& last) {
  std::string out = "Benchmarks over " + std::to_string(view.commits.size()) + " commits";
  if (view.commits_read > view.commits.size())
    out += " with stored runs (of " + std::to_string(view.commits_read) + " read)";
  return out + ", " + first + " → " + last + " (oldest → newest; │ = change point)\n\n";
}

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

SeriesSummary summarize(const LogSeries& s, const std::vector<std::string>& commits) {
  SeriesSummary out = summarize(s);
  out.moved = moved(s, commits);
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
    out += commits_header(view, Untrusted(view.commits.front()).terminal(),
                          Untrusted(view.commits.back()).terminal());
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
    std::array<std::size_t, 6> width = {9, 6, 3, 3, 15, 14};  // the headers' widths
    for (const auto& s : view.series) {
      Line line{s.name.terminal(), summarize(s, view.commits), sparkline(s.values, cells_of(s))};
      const std::array<const std::string*, 6> cells = {
          &line.name,       &line.summary.latest, &line.summary.min,
          &line.summary.max, &line.summary.change, &line.summary.moved};
      for (std::size_t i = 0; i < cells.size(); ++i)
        width[i] = std::max(width[i], width_of(*cells[i]));
      lines.push_back(std::move(line));
    }
    const std::array<std::string, 6> headers = {"benchmark", "latest",          "min",
                                                "max",       "change vs first", "change point"};
    for (std::size_t i = 0; i < headers.size(); ++i) {
      pad(out, headers[i], width[i], i > 0 && i < 5);
      out += "  ";
    }
    out += "trend\n";
    for (const auto& line : lines) {
      const std::array<const std::string*, 6> cells = {
          &line.name,       &line.summary.latest, &line.summary.min,
          &line.summary.max, &line.summary.change, &line.summary.moved};
      for (std::size_t i = 0; i < cells.size(); ++i) {
        pad(out, *cells[i], width[i], i > 0 && i < 5);
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
    out += commits_header(view, Untrusted(view.commits.front()).markdown(),
                          Untrusted(view.commits.back()).markdown());
  }
  if (view.series.empty()) {
    out += "No stored runs on these commits.\n";
  } else {
    out += "| benchmark | latest | min | max | change vs first | change point | trend |\n";
    out += "| --- | ---: | ---: | ---: | ---: | --- | --- |\n";
    for (const auto& s : view.series) {
      const SeriesSummary summary = summarize(s, view.commits);
      out += "| " + s.name.markdown() + " | " + summary.latest + " | " + summary.min + " | " +
             summary.max + " | " + summary.change + " | " + summary.moved + " | " +
             sparkline(s.values, cells_of(s)) + " |\n";
    }
  }
  if (!view.history_note.empty()) {
    out += "\n_" + view.history_note.markdown() + "_\n";
  }
  return out;
}

nlohmann::json log_to_json(const LogView& view) {
  nlohmann::json commits = nlohmann::json::array();
  for (std::size_t i = 0; i < view.commits.size(); ++i) {
    commits.push_back({{"commit", view.commits[i]},
                       {"subject", i < view.subjects.size() ? view.subjects[i].json() : ""}});
  }
  nlohmann::json series = nlohmann::json::array();
  for (const auto& s : view.series) {
    nlohmann::json values = nlohmann::json::array(), changes = nlohmann::json::array();
    for (const auto& v : s.values) values.push_back(v ? nlohmann::json(*v) : nlohmann::json());
    for (const auto& c : s.changes) {
      changes.push_back({{"cell", c.cell},
                         {"commit", c.cell < view.commits.size() ? view.commits[c.cell] : ""},
                         {"change", c.change},
                         {"p_value", c.p_value}});
    }
    series.push_back({{"benchmark", s.name.json()},
                      {"unit", s.unit},
                      {"values", values},
                      {"change_points", changes}});
  }
  return {{"schema_version", 1},
          {"commits_read", std::max(view.commits_read, view.commits.size())},
          {"commits", commits},
          {"series", series},
          {"history", view.history_note.json()}};
}

}  // namespace bg
