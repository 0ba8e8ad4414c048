// Untrusted text reaches every sink through its escaper: a seeded property test over thousands of
// generated fields (random bytes, invalid UTF-8, < | ` newlines "::" ESC, URLs, e-mail
// addresses, huge fields) for the Markdown report, the log's terminal table and each escaper.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "../fuzz/report_properties.hpp"
#include "bench_gate/report/log_view.hpp"
#include "bench_gate/report/render.hpp"
#include "bench_gate/report/untrusted.hpp"

namespace {

// Pieces an attacker would put in a name, label, unit, message, host or note text.
const std::vector<std::string>& pieces() {
  static const std::vector<std::string> p = {
      "<", ">", "|", "`", "```", "\n", "\r\n", "::", "::error::x", "::add-mask::", "##[error]",
      "\x1b", "\x1b[31m", "\x1b]0;title\x07", "\xc2\x9b", "\xe2\x80\xae", "\xe2\x80\xa8",
      "https://evil.example/x", "http://a.b", "HTTPS://X.Y", "www.evil.com", "WwW.x.org",
      "ftp://f.g", "a@b.co", "@org/team", "mailto:a@b.c", "xmpp:a@b.c", "[x](javascript:1)",
      "![i](http://i)", "<img src=x onerror=alert(1)>", "<!--", "&lt;", "&#60;", "\\", "\\<",
      "*", "_", "~", "#", "$", "-", "+", "=", " ", "  ", "\t", ":", "/", "//", ".", "w", "www",
      "\xff", "\xc3", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x80", "é", "€", "😀", "BM_Foo",
      "<std::pair<int,int>>/8", "{{headline}}", "}}", "\0"};
  return p;
}

std::string random_field(std::mt19937& rng) {
  std::string out;
  const int kind = static_cast<int>(rng() % 20);
  if (kind == 0) return "";
  if (kind == 1) {  // random bytes
    const std::size_t n = rng() % 64;
    for (std::size_t i = 0; i < n; ++i) out += static_cast<char>(rng() % 256);
    return out;
  }
  if (kind == 2) {  // huge: a 100k-character field
    const std::string& p = pieces()[rng() % pieces().size()];
    while (out.size() < 100000) out += p.empty() ? std::string("x") : p;
    return out;
  }
  const std::size_t n = 1 + rng() % 8;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& p = pieces()[rng() % pieces().size()];
    out += p == std::string("\0") ? std::string(1, '\0') : p;
  }
  return out;
}

}  // namespace

TEST_CASE("untrusted: every Markdown report of generated fields is safe and within budget") {
  std::mt19937 rng(20261130);
  const std::string pr = bg::load_template("pr-comment");
  const std::string nightly = bg::load_template("nightly");
  constexpr int kCases = 3000;
  int checked = 0;
  for (int n = 0; n < kCases; ++n) {
    std::vector<std::string> fields;
    const bg::Comparison c = bg::props::comparison_from_fields([&](int) {
      fields.push_back(random_field(rng));
      return fields.back();
    });
    bg::ReportOptions options;
    options.budget = 60000;
    options.title = random_field(rng);
    for (const std::string* tmpl : {&pr, &nightly}) {
      const std::string out = bg::render_markdown(c, *tmpl, "t", options);
      const std::string problem = bg::props::markdown_problem(out);
      if (!problem.empty() || out.size() > options.budget) {
        INFO("case " << n << ": " << problem << " (" << out.size() << " bytes)");
        REQUIRE(false);
      }
      ++checked;
    }
  }
  CHECK(checked == 2 * kCases);
}

TEST_CASE("untrusted: a 100k-character host or name keeps the report small (kind 9)") {
  bg::Comparison c = bg::props::comparison_from_fields([](int) { return std::string("x"); });
  c.base_environments[0].host = std::string(100000, 'h');
  c.benchmarks[0].name = std::string(100000, 'n');
  c.benchmarks[0].unit = std::string(100000, 'u');
  c.environment_differences.assign(1000, std::string(1000, 'd'));
  const std::string out =
      bg::render_markdown(c, bg::load_template("pr-comment"), "pr-comment", bg::ReportOptions{});
  MESSAGE("report of 100k-character fields: " << out.size() << " bytes");
  CHECK(out.size() < 20000);
  CHECK(out.find("### Regressions (1)") != std::string::npos);  // the regression table stays
  CHECK(out.find(std::string(bg::kUntrustedFieldLimit, 'h') + "…") != std::string::npos);
  CHECK(out.find(std::string(bg::kUntrustedFieldLimit + 1, 'h')) == std::string::npos);
  CHECK(out.find("… 990 more") != std::string::npos);
}

TEST_CASE("untrusted: escapers per sink") {
  SUBCASE("markdown breaks GFM autolinks and keeps the text readable") {
    const std::string out = bg::Untrusted("see https://evil.example and www.x.org, a@b.co").markdown();
    CHECK(out == "see https:\u200B//evil.example and www\u200B.x.org, a@\u200Bb.co");
    CHECK(bg::Untrusted("::error::x").markdown() == "\\::error::x");
    CHECK(bg::Untrusted("  ::warning::x").markdown() == "  \\::warning::x");
    CHECK(bg::Untrusted("BM_a::b").markdown() == "BM\\_a::b");  // mid-text '::' stays
    CHECK(bg::Untrusted("1 <b>|`x`</b>").markdown() == "1 &lt;b&gt;&#124;&#96;x&#96;&lt;/b&gt;");
  }
  SUBCASE("markdown and terminal bound a field on a code-point boundary") {
    std::string long_text;
    for (int i = 0; i < 300; ++i) long_text += "é";
    const std::string md = bg::Untrusted(long_text).markdown();
    std::string want;
    for (std::size_t i = 0; i < bg::kUntrustedFieldLimit; ++i) want += "é";
    CHECK(md == want + "…");
    CHECK(bg::Untrusted(long_text).terminal() == want + "…");
    CHECK(bg::bound_text("abc", 3) == "abc");
    CHECK(bg::bound_text("abcd", 3) == "abc…");
    CHECK(bg::bound_text("\xff\xff\xff\xff", 2) == "\xff\xff…");
  }
  SUBCASE("terminal shows names readably and neutralises controls") {
    CHECK(bg::Untrusted("BM_Foo<std::pair<int,int>>/8|x").terminal() ==
          "BM_Foo<std::pair<int,int>>/8|x");
    CHECK(bg::Untrusted("a\x1b[2Jb\nc\td\x7f").terminal() == "a\\e[2Jb\\nc\\td\\x7f");
    CHECK(bg::Untrusted("\xc2\x9b" "31m \xe2\x80\xae").terminal() == "\\u009b31m \\u202e");
    CHECK(bg::Untrusted("bad \xff").terminal() == "bad \xef\xbf\xbd");
    CHECK(bg::Untrusted("x\n::error::owned").terminal() == "x\\n::error::owned");
    CHECK(bg::Untrusted(" ::error::owned").terminal() == " \\x3a:error::owned");
    CHECK(bg::Untrusted("##[error]owned").terminal() == "\\x23#[error]owned");
  }
  SUBCASE("one-line messages keep more context than a field") {
    const std::string text(3000, 'm');
    CHECK(bg::Untrusted(text).one_line().size() == bg::kUntrustedMessageLimit + 3);
  }
  SUBCASE("annotation fields are escaped and bounded") {
    CHECK(bg::Untrusted("a\nb:c").annotation(bg::AnnotationField::property) == "a%0Ab%3Ac");
    CHECK(bg::Untrusted(std::string(1000, 'a')).annotation().size() ==
          bg::kUntrustedFieldLimit + 3);
  }
}

TEST_CASE("untrusted: the log's terminal table and Markdown table of generated names") {
  std::mt19937 rng(7);
  for (int n = 0; n < 2000; ++n) {
    bg::LogView view;
    view.commits = {"aaaa111", "bbbb222"};
    for (int s = 0; s < 3; ++s) {
      view.series.push_back({bg::Untrusted(random_field(rng)), "ns", {1000.0, 1200.0}, {}});
    }
    view.subjects = {bg::Untrusted(random_field(rng)), bg::Untrusted(random_field(rng))};
    view.history_note = bg::Untrusted(random_field(rng));
    const std::string text = bg::render_log_text(view);
    const std::string md = bg::render_log(view);
    const std::string tp = bg::props::terminal_problem(text);
    const std::string mp = bg::props::markdown_problem(md);
    if (!tp.empty() || !mp.empty()) {
      INFO("case " << n << ": terminal: " << tp << "; markdown: " << mp);
      REQUIRE(false);
    }
  }
}
