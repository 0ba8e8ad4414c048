#include <doctest/doctest.h>

#include <string>

#include "bench_gate/report/log_view.hpp"

namespace {

std::size_t count(const std::string& s, std::string_view what) {
  std::size_t n = 0;
  for (auto pos = s.find(what); pos != std::string::npos; pos = s.find(what, pos + what.size()))
    ++n;
  return n;
}

}  // namespace

TEST_CASE("log: sparkline scales between min and max") {
  CHECK(bg::sparkline({1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0}) == "▁▂▃▄▅▆▇█");
  CHECK(bg::sparkline({10.0, std::nullopt, 20.0}) == "▁·█");
  CHECK(bg::sparkline({5.0, 5.0, 5.0}) == "▄▄▄");
  CHECK(bg::sparkline({std::nullopt, std::nullopt}) == "··");
  CHECK(bg::sparkline({}) == "");
  CHECK(bg::sparkline({0.0, 100.0, 50.0}) == "▁█▅");
}

TEST_CASE("log: table with escaped names, change vs first, note") {
  bg::LogView view;
  view.commits = {"aaaa111", "bbbb222", "cccc333"};
  view.subjects = {bg::Untrusted("one"), bg::Untrusted("two"), bg::Untrusted("three")};
  view.series.push_back({bg::Untrusted("BM_a|b<x>"), "ns", {1000.0, 1100.0, 1200.0}, {}});
  view.series.push_back({bg::Untrusted("BM_gap"), "ns", {std::nullopt, 2.0e6, std::nullopt}, {}});
  view.series.push_back(
      {bg::Untrusted("BM_none"), "ns", {std::nullopt, std::nullopt, std::nullopt}, {}});
  view.history_note = bg::Untrusted("history ends at the root commit");
  const std::string out = bg::render_log(view);
  CHECK(out.find("aaaa111 → cccc333") != std::string::npos);
  CHECK(out.find("| BM\\_a&#124;b&lt;x&gt; | 1.20 µs | 1.00 µs | 1.20 µs | +20.0 % | — | ▁▅█ |") !=
        std::string::npos);
  CHECK(out.find("| BM\\_gap | 2.00 ms | 2.00 ms | 2.00 ms | 0.0 % | — | ·▄· |") != std::string::npos);
  CHECK(out.find("| BM\\_none | — | — | — | — | — | ··· |") != std::string::npos);
  CHECK(out.find("_history ends at the root commit_") != std::string::npos);
  // Every table line has the same number of cell separators.
  std::size_t start = 0;
  while (start < out.size()) {
    const auto end = out.find('\n', start);
    const std::string line = out.substr(start, end - start);
    if (!line.empty() && line[0] == '|') CHECK(count(line, "|") == 8);
    start = end == std::string::npos ? out.size() : end + 1;
  }
}

TEST_CASE("log: empty view") {
  const std::string out = bg::render_log(bg::LogView{});
  CHECK(out.find("No stored runs") != std::string::npos);
}

TEST_CASE("log: plain-text table for the terminal shows names readably, no control byte") {
  bg::LogView view;
  view.commits = {"aaaa111", "bbbb222"};
  view.series.push_back({bg::Untrusted("BM_Foo<int>|x"), "ns", {1000.0, 2000.0}, {}});
  view.series.push_back(
      {bg::Untrusted("BM_evil\x1b]0;owned\x07\n::error::x"), "ns", {5.0, std::nullopt}, {}});
  view.history_note = bg::Untrusted("last 2 first-parent commits of main\x1b[2J");
  const std::string out = bg::render_log_text(view);
  INFO(out);
  CHECK(out.find("BM_Foo<int>|x") != std::string::npos);  // not Markdown-escaped
  CHECK(out.find("BM\\_") == std::string::npos);
  CHECK(out.find("&#124;") == std::string::npos);
  CHECK(out.find("BM_evil\\e]0;owned\\x07\\n::error::x") != std::string::npos);
  CHECK(out.find('\x1b') == std::string::npos);
  CHECK(out.find("\n::") == std::string::npos);
  CHECK(out.find("last 2 first-parent commits of main\\e[2J") != std::string::npos);
  CHECK(out.find("+100.0 %") != std::string::npos);
  // Columns line up: the trend column starts at the same code point on every table line.
  std::vector<std::size_t> trend_at;
  std::size_t start = out.find("benchmark");
  for (int i = 0; i < 3; ++i) {
    const auto end = out.find('\n', start);
    const std::string line = out.substr(start, end - start);
    std::size_t cps = 0, at = 0;
    for (std::size_t b = 0; b < line.size(); ++b) {
      if ((static_cast<unsigned char>(line[b]) & 0xC0) == 0x80) continue;
      if (line.compare(b, 5, "trend") == 0 || line.compare(b, 3, "\u2581") == 0 ||
          line.compare(b, 3, "\u2588") == 0 || line.compare(b, 3, "\u2584") == 0)
        if (at == 0) at = cps;
      ++cps;
    }
    trend_at.push_back(at);
    start = end + 1;
  }
  CHECK(trend_at[0] == trend_at[1]);
  CHECK(trend_at[1] == trend_at[2]);
}

TEST_CASE("log: change points are marked in the sparkline and named; cells are recorded commits") {
  CHECK(bg::sparkline({1.0, 1.0, 2.0, 2.0}, {2}) == "▁▁│██");
  bg::LogView view;
  view.commits = {"aaaa111", "bbbb222", "cccc333", "dddd444"};
  view.subjects = {bg::Untrusted("a"), bg::Untrusted("b"), bg::Untrusted("c\x1b"),
                   bg::Untrusted("d")};
  view.commits_read = 30;
  view.series.push_back({bg::Untrusted("BM_step"), "ns", {100.0, 101.0, 110.0, 111.0},
                         {bg::LogChange{2, 0.09, 1e-6}}});
  const std::string text = bg::render_log_text(view);
  INFO(text);
  CHECK(text.find("Benchmarks over 4 commits with stored runs (of 30 read)") != std::string::npos);
  CHECK(text.find("+9.0 % at cccc333") != std::string::npos);
  CHECK(text.find("▁▂│▇█") != std::string::npos);
  const std::string md = bg::render_log(view);
  CHECK(md.find("| +9.0 % at cccc333 | ▁▂│▇█ |") != std::string::npos);
  const nlohmann::json json = bg::log_to_json(view);
  CHECK(json["commits_read"] == 30);
  CHECK(json["commits"][2]["subject"] == "c\x1b");  // JSON escapes it, as data
  CHECK(json["series"][0]["change_points"][0]["commit"] == "cccc333");
  CHECK(json["series"][0]["values"][3] == 111.0);
}
