// The generated files of the static history site (bench-gate publish).
#include "bench_gate/report/site.hpp"

#include <algorithm>
#include <cmath>

#include "bench_gate/report/format.hpp"

namespace bg {
namespace {

// No inline script or style anywhere: every script and style sheet is a file of the site.
constexpr std::string_view kHead =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
    "script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; "
    "form-action 'none'\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<link rel=\"icon\" href=\"data:,\">\n";

std::string head(std::string_view root, const std::string& title) {
  std::string out(kHead);
  out += "<title>" + title + "</title>\n";
  out += "<link rel=\"stylesheet\" href=\"" + std::string(root) + "vendor/uPlot.min.css\">\n";
  out += "<link rel=\"stylesheet\" href=\"" + std::string(root) + "site.css\">\n</head>\n";
  return out;
}

std::string scripts(std::string_view root, std::string_view data) {
  std::string out;
  for (std::string_view src : {std::string_view("vendor/uPlot.iife.min.js"),
                               std::string_view("data/history.js"), data,
                               std::string_view("site.js")}) {
    if (src.empty()) continue;
    out += "<script src=\"" + std::string(root) + std::string(src) + "\"></script>\n";
  }
  return out + "</body>\n</html>\n";
}

nlohmann::json numbers(const std::vector<std::optional<double>>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& v : values) {
    if (v && std::isfinite(*v))
      out.push_back(*v);
    else
      out.push_back(nullptr);
  }
  return out;
}

std::string verdict_cell(const SiteSeries& s) {
  if (s.verdict.empty()) return "<td>—</td>";
  return "<td class=\"verdict " + s.verdict + "\">" + s.verdict + "</td>";
}

std::string latest_median(const SiteSeries& s) {
  for (auto it = s.median.rbegin(); it != s.median.rend(); ++it)
    if (*it) return format_quantity(**it, s.unit);
  return "—";
}

std::string index_html(const SiteView& view) {
  std::string out = head("", "bench-gate: " + view.title.html());
  out += "<body data-page=\"index\">\n<header>\n<h1>Benchmarks of " + view.title.html() +
         "</h1>\n<p>" + view.history_note.html() + " · " + std::to_string(view.series.size()) +
         " benchmarks";
  if (!view.verdict_note.empty()) out += " · latest verdicts: " + view.verdict_note.html();
  out += "</p>\n</header>\n<main>\n<section aria-labelledby=\"trend-title\">\n"
         "<h2 id=\"trend-title\">Suite trend: geometric mean of each benchmark's median relative "
         "to its first stored value</h2>\n"
         "<div id=\"chart\" class=\"chart\" role=\"img\" aria-labelledby=\"trend-title\"></div>\n"
         "<p id=\"hover\" class=\"hover\" aria-live=\"polite\"></p>\n"
         "<details><summary>Data table</summary><table id=\"data-table\"></table></details>\n"
         "</section>\n<section aria-labelledby=\"list-title\">\n"
         "<h2 id=\"list-title\">Benchmarks</h2>\n<form id=\"filters\" role=\"search\">\n"
         "<label for=\"search\">Name contains</label> <input id=\"search\" type=\"search\" "
         "autocomplete=\"off\">\n<label for=\"tier\">Tier</label> <select id=\"tier\">"
         "<option value=\"\">all</option>";
  std::vector<std::string> tiers;
  for (const auto& s : view.series) {
    const std::string t = s.tier.html();
    if (std::find(tiers.begin(), tiers.end(), t) == tiers.end()) tiers.push_back(t);
  }
  for (const auto& t : tiers) out += "<option value=\"" + t + "\">" + t + "</option>";
  out += "</select>\n<output id=\"shown\" aria-live=\"polite\"></output>\n</form>\n"
         "<table id=\"benchmarks\">\n<thead><tr><th scope=\"col\">benchmark</th>"
         "<th scope=\"col\">tier</th><th scope=\"col\">latest verdict</th>"
         "<th scope=\"col\">change</th><th scope=\"col\">latest median</th></tr></thead>\n"
         "<tbody>\n";
  for (std::size_t i = 0; i < view.series.size(); ++i) {
    const SiteSeries& s = view.series[i];
    const std::string name = s.name.html();
    out += "<tr data-name=\"" + name + "\" data-tier=\"" + s.tier.html() + "\"><td><a href=\"b/" +
           std::to_string(i) + ".html\">" + name + "</a></td><td>" + s.tier.html() + "</td>" +
           verdict_cell(s) + "<td>" + (s.change.empty() ? "—" : s.change) + "</td><td>" +
           latest_median(s) + "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n</section>\n</main>\n";
  return out + scripts("", "");
}

std::string benchmark_html(const SiteView& view, const SiteSeries& s, std::size_t i) {
  const std::string name = s.name.html();
  std::string out = head("../", name + " · bench-gate");
  out += "<body data-page=\"benchmark\">\n<nav><a href=\"../index.html\">All benchmarks of " +
         view.title.html() + "</a></nav>\n<main>\n<h1>" + name + "</h1>\n<p>tier " +
         s.tier.html() + " · latest verdict " + (s.verdict.empty() ? "—" : s.verdict) +
         (s.change.empty() ? "" : " (" + s.change + ")") + " · " + view.history_note.html() +
         "</p>\n<p><label><input id=\"log-scale\" type=\"checkbox\"> logarithmic scale</label></p>"
         "\n<figure>\n<figcaption id=\"chart-title\">" + name +
         ": median per commit with its 95 % interval, each run as a point" +
         (s.change_points.empty() ? "" : ", change points marked") +
         "</figcaption>\n<div id=\"chart\" class=\"chart\" role=\"img\" "
         "aria-labelledby=\"chart-title\"></div>\n</figure>\n"
         "<p id=\"hover\" class=\"hover\" aria-live=\"polite\"></p>\n"
         "<details><summary>Data table</summary><table id=\"data-table\"></table></details>\n"
         "</main>\n";
  return out + scripts("../", "data/b" + std::to_string(i) + ".js");
}

std::string series_script(const SiteSeries& s) {
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& r : s.runs) runs.push_back(r);
  nlohmann::json data = {{"name", s.name.script_value()},  {"tier", s.tier.script_value()},
                         {"unit", s.unit},                 {"median", numbers(s.median)},
                         {"low", numbers(s.low)},          {"high", numbers(s.high)},
                         {"runs", runs},                   {"change_points", s.change_points},
                         {"verdict", s.verdict},           {"change", s.change}};
  return "window.BENCH_GATE_SERIES = " + script_json(data) + ";\n";
}

std::string history_script(const SiteView& view) {
  nlohmann::json commits = nlohmann::json::array();
  for (const auto& c : view.commits) {
    std::string url;
    if (!view.commit_url.empty()) {
      url = view.commit_url;
      for (std::size_t at; (at = url.find("{sha}")) != std::string::npos;)
        url.replace(at, 5, c.id);
    }
    commits.push_back(
        {{"id", c.id}, {"subject", c.subject.script_value()}, {"date", c.date}, {"url", url}});
  }
  nlohmann::json data = {{"commits", commits},
                         {"geomean", numbers(suite_geomean(view.series, view.commits.size()))}};
  return "window.BENCH_GATE_HISTORY = " + script_json(data) + ";\n";
}

}  // namespace

std::vector<std::optional<double>> suite_geomean(const std::vector<SiteSeries>& series,
                                                 std::size_t commits) {
  std::vector<double> log_sum(commits, 0.0);
  std::vector<std::size_t> count(commits, 0);
  for (const auto& s : series) {
    std::optional<double> first;
    for (std::size_t c = 0; c < commits && c < s.median.size(); ++c) {
      const auto& m = s.median[c];
      if (!m || !(*m > 0) || !std::isfinite(*m)) continue;
      if (!first) first = *m;
      log_sum[c] += std::log(*m / *first);
      ++count[c];
    }
  }
  std::vector<std::optional<double>> out(commits);
  for (std::size_t c = 0; c < commits; ++c)
    if (count[c] > 0) out[c] = std::exp(log_sum[c] / static_cast<double>(count[c]));
  return out;
}

std::string script_json(const nlohmann::json& value) {
  const std::string text = value.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size() + 16);
  for (char ch : text) {  // ASCII only (ensure_ascii); < > & occur only inside strings
    switch (ch) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::vector<SiteFile> render_site(const SiteView& view) {
  std::vector<SiteFile> files;
  files.reserve(2 * view.series.size() + 2);
  files.push_back({"index.html", index_html(view)});
  files.push_back({"data/history.js", history_script(view)});
  for (std::size_t i = 0; i < view.series.size(); ++i) {
    const std::string id = std::to_string(i);
    files.push_back({"b/" + id + ".html", benchmark_html(view, view.series[i], i)});
    files.push_back({"data/b" + id + ".js", series_script(view.series[i])});
  }
  return files;
}

}  // namespace bg
