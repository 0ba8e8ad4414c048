#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "bench_gate/report/escape.hpp"
#include "bench_gate/report/format.hpp"

namespace {

// True when `s` is valid UTF-8.
bool valid_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

void check_inline_safe(const std::string& escaped) {
  CHECK(escaped.find('|') == std::string::npos);
  CHECK(escaped.find('<') == std::string::npos);
  CHECK(escaped.find('>') == std::string::npos);
  CHECK(escaped.find('`') == std::string::npos);
  CHECK(escaped.find('\n') == std::string::npos);
  CHECK(escaped.find('\r') == std::string::npos);
  for (char c : escaped) CHECK((static_cast<unsigned char>(c) >= 0x20 && c != 0x7F));
  CHECK(valid_utf8(escaped));
}

}  // namespace

TEST_CASE("escape: markdown inline neutralises table, HTML and link syntax") {
  using bg::escape_markdown_inline;
  CHECK(escape_markdown_inline("BM_plain/8") == "BM\\_plain/8");
  CHECK(escape_markdown_inline("a|b") == "a&#124;b");
  CHECK(escape_markdown_inline("`code`") == "&#96;code&#96;");
  CHECK(escape_markdown_inline("<script>alert(1)</script>") ==
        "&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK(escape_markdown_inline("BM_Foo<std::pair<int,int>>/8/real_time") ==
        "BM\\_Foo&lt;std::pair&lt;int,int&gt;&gt;/8/real\\_time");
  CHECK(escape_markdown_inline("[link](javascript:alert(1))") == "\\[link\\](javascript:alert(1))");
  CHECK(escape_markdown_inline("a&amp;b") == "a&amp;amp;b");
  CHECK(escape_markdown_inline("*bold* _it_ ~s~ #1 $x$ \\") ==
        "\\*bold\\* \\_it\\_ \\~s\\~ \\#1 \\$x\\$ \\\\");
  CHECK(escape_markdown_inline("- item") == "\\- item");
  CHECK(escape_markdown_inline("a-b") == "a-b");
  CHECK(escape_markdown_inline("@team") == "@\u200Bteam");
  CHECK(escape_markdown_inline("") == "");
  for (const char* nasty : {"a|b", "`x`", "<script>alert(1)</script>", "x<img src=y>"}) {
    check_inline_safe(escape_markdown_inline(nasty));
  }
}

TEST_CASE("escape: control characters become visible, invalid UTF-8 becomes U+FFFD") {
  using bg::escape_markdown_inline;
  CHECK(escape_markdown_inline("a\nb") == "a␊b");
  CHECK(escape_markdown_inline("a\r\nb") == "a␍␊b");
  CHECK(escape_markdown_inline("a\tb") == "a␉b");
  CHECK(escape_markdown_inline(std::string("a\x01z", 3)) == "a␁z");
  CHECK(escape_markdown_inline(std::string("a\0z", 3)) == "a␀z");
  CHECK(escape_markdown_inline("a\x7F") == "a␡");
  CHECK(escape_markdown_inline("a\xFF"
                               "b") == "a\uFFFDb");
  CHECK(escape_markdown_inline("\xC3") == "\uFFFD");            // truncated sequence
  CHECK(escape_markdown_inline("\xC0\xAF") == "\uFFFD\uFFFD");  // overlong '/'
  // A surrogate: ED is a lead byte whose maximal well-formed subpart is ED alone (Unicode 15
  // §3.9, "U+FFFD substitution of maximal subparts", as the WHATWG decoder does): three U+FFFD,
  // as ingest and every other room decode it (util/utf8.hpp).
  CHECK(escape_markdown_inline("\xED\xA0\x80") == "\uFFFD\uFFFD\uFFFD");
  CHECK(escape_markdown_inline("\xE2\x80\xAE"
                               "evil") == "\uFFFDevil");  // bidi override
  CHECK(escape_markdown_inline("line\xE2\x80\xA8sep") == "line␤sep");
  CHECK(escape_markdown_inline("µs é 日本 😀") == "µs é 日本 😀");
  const std::string nasty("x\n| y |\r\n`z`\x01\xFE\xC3(", 17);
  check_inline_safe(escape_markdown_inline(nasty));
}

TEST_CASE("escape: GitHub workflow command data and properties") {
  using bg::AnnotationField;
  using bg::escape_github_annotation;
  CHECK(escape_github_annotation("100% slower\r\n::error::x") == "100%25 slower%0D%0A::error::x");
  CHECK(escape_github_annotation("a: b, c", AnnotationField::property) == "a%3A b%2C c");
  CHECK(escape_github_annotation("a: b, c") == "a: b, c");
  CHECK(escape_github_annotation("bad\xFF") == "bad\uFFFD");
  CHECK(escape_github_annotation(std::string("a\x01", 2)) == "a␁");
}

TEST_CASE("format: adaptive time units with 3 significant digits") {
  using bg::format_quantity;
  CHECK(format_quantity(0.5) == "0.500 ns");
  CHECK(format_quantity(12.345) == "12.3 ns");
  CHECK(format_quantity(950) == "950 ns");
  CHECK(format_quantity(999.7) == "1.00 µs");
  CHECK(format_quantity(1234) == "1.23 µs");
  CHECK(format_quantity(1.23e6) == "1.23 ms");
  CHECK(format_quantity(12.0e9) == "12.0 s");
  CHECK(format_quantity(4.5e12) == "4500 s");
  CHECK(format_quantity(0) == "0 ns");
  CHECK(format_quantity(1.5, "ms") == "1.50 ms");
  CHECK(format_quantity(2048, "B") == "2048 B");
  CHECK(format_quantity(NAN) == "—");
}

TEST_CASE("format: changes, intervals, thresholds, p-values") {
  CHECK(bg::format_change(0.152) == "+15.2 %");
  CHECK(bg::format_change(-0.03) == "-3.0 %");
  CHECK(bg::format_change(-0.0001) == "0.0 %");
  CHECK(bg::format_change(0.00049) == "0.0 %");
  CHECK(bg::format_interval(0.121, 0.184) == "[+12.1 %, +18.4 %]");
  CHECK(bg::format_threshold(0.05) == "5 %");
  CHECK(bg::format_threshold(0.025) == "2.5 %");
  CHECK(bg::format_p_value(0.0031) == "0.0031");
  CHECK(bg::format_p_value(0.42) == "0.42");
  CHECK(bg::format_p_value(1e-7) == "< 0.0001");
}
