#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "bench_gate/report/escape.hpp"
#include "bench_gate/report/site.hpp"

namespace {

bg::SiteSeries series(const std::string& name, std::vector<std::optional<double>> medians) {
  bg::SiteSeries s;
  s.name = bg::Untrusted(name);
  s.tier = bg::Untrusted("critical");
  s.median = medians;
  s.low = s.high = medians;
  s.runs.resize(medians.size());
  return s;
}

const bg::SiteFile& file(const std::vector<bg::SiteFile>& files, const std::string& path) {
  for (const auto& f : files)
    if (f.path == path) return f;
  FAIL("no file " << path);
  return files.front();
}

}  // namespace

TEST_CASE("site: escape_html") {
  CHECK(bg::escape_html("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;");
  CHECK(bg::escape_html("x\x1b[2Jy") == "x\xEF\xBF\xBD[2Jy");
  CHECK(bg::escape_html("bidi\u202Eevil") == "bidi\xEF\xBF\xBD" "evil");
  CHECK(bg::escape_html("tab\tnl\n") == "tab\tnl\n");
  CHECK(bg::escape_html("bad \xC3") == "bad \xEF\xBF\xBD");
  CHECK(bg::Untrusted(std::string(1000, 'a')).html().size() < 300);
}

TEST_CASE("site: script_json escapes what could end a script or a line") {
  const nlohmann::json value = {{"name", "</script><img src=x onerror=alert(1)>&amp;"},
                                {"subject", "line\u2028sep\u2029para é"},
                                {"bad", std::string("\xff\xfe")}};
  const std::string text = bg::script_json(value);
  CHECK(text.find('<') == std::string::npos);
  CHECK(text.find('>') == std::string::npos);
  CHECK(text.find('&') == std::string::npos);
  CHECK(text.find("\\u003c/script\\u003e") != std::string::npos);
  CHECK(text.find("\\u2028") != std::string::npos);
  CHECK(text.find("\\u2029") != std::string::npos);
  CHECK(text.find("\\u00e9") != std::string::npos);
  for (char ch : text) CHECK(static_cast<unsigned char>(ch) < 0x80);
  // It is still the same data.
  const auto back = nlohmann::json::parse(text);
  CHECK(back["name"] == "</script><img src=x onerror=alert(1)>&amp;");
  CHECK(back["bad"] == "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("site: suite_geomean relative to each benchmark's first value") {
  std::vector<bg::SiteSeries> all = {series("a", {100.0, 200.0, std::nullopt, 400.0}),
                                     series("b", {std::nullopt, 10.0, 10.0, 40.0})};
  const auto g = bg::suite_geomean(all, 5);
  REQUIRE(g.size() == 5);
  CHECK(*g[0] == doctest::Approx(1.0));
  CHECK(*g[1] == doctest::Approx(std::sqrt(2.0 * 1.0)));  // a doubled, b starts
  CHECK(*g[2] == doctest::Approx(1.0));                   // only b, unchanged
  CHECK(*g[3] == doctest::Approx(4.0));                   // both 4x
  CHECK_FALSE(g[4].has_value());
}

TEST_CASE("site: render_site writes pages and data scripts, names only as text") {
  bg::SiteView view;
  view.commits = {{"1111111111111111111111111111111111111111", bg::Untrusted("<b>first</b>"), "d1"},
                  {"2222222222222222222222222222222222222222", bg::Untrusted("second"), "d2"}};
  view.series = {series("BM_<img src=x onerror=alert(1)>", {1.0, 2.0}), series("BM_ok", {3.0, 3.0})};
  view.series[0].change_points = {1};
  view.commit_url = "https://example.com/c/{sha}";
  view.title = bg::Untrusted("main<script>");
  view.history_note = bg::Untrusted("last 2 first-parent commits of main");
  const auto files = bg::render_site(view);
  CHECK(files.size() == 6);
  const std::string& index = file(files, "index.html").content;
  CHECK(index.find("Content-Security-Policy") != std::string::npos);
  CHECK(index.find("script-src 'self'") != std::string::npos);
  CHECK(index.find("<img") == std::string::npos);
  CHECK(index.find("<script>") == std::string::npos);
  CHECK(index.find("BM_&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
  CHECK(index.find("href=\"b/1.html\"") != std::string::npos);
  const std::string& page = file(files, "b/0.html").content;
  CHECK(page.find("<script src=\"../data/b0.js\"></script>") != std::string::npos);
  CHECK(page.find("<img") == std::string::npos);
  const std::string& data = file(files, "data/b0.js").content;
  REQUIRE(data.starts_with("window.BENCH_GATE_SERIES = "));
  const auto json = nlohmann::json::parse(data.substr(27, data.size() - 29));
  CHECK(json["name"] == "BM_<img src=x onerror=alert(1)>");
  CHECK(json["change_points"] == nlohmann::json::array({1}));
  const std::string& history = file(files, "data/history.js").content;
  CHECK(history.find("https://example.com/c/2222222222222222222222222222222222222222") !=
        std::string::npos);
  CHECK(history.find('<') == std::string::npos);
}
