// Fuzz the escaping of untrusted text: escape_markdown_inline never lets a raw | < > ` or a
// control character through and always returns valid UTF-8; escape_github_annotation never lets
// a raw CR/LF (nor : , in properties) through and percent-encodes every '%'.
#include "bench_gate/report/escape.hpp"
#include "fuzz_support.hpp"

namespace {

using bg::fuzz::require;

void check_markdown(std::string_view input) {
  const std::string out = bg::escape_markdown_inline(input);
  require(bg::fuzz::is_valid_utf8(out), "markdown: output is valid UTF-8");
  for (std::size_t pos = 0; pos < out.size();) {
    const char32_t cp = bg::fuzz::next_code_point(out, pos);
    require(cp != '|' && cp != '<' && cp != '>' && cp != '`', "markdown: no raw | < > `");
    require(cp >= 0x20 && cp != 0x7F, "markdown: no C0 control or DEL (no raw \\n \\r \\t)");
    require(!(cp >= 0x80 && cp <= 0x9F), "markdown: no C1 control");
    require(!(cp >= 0x202A && cp <= 0x202E) && !(cp >= 0x2066 && cp <= 0x2069) && cp != 0x200E &&
                cp != 0x200F && cp != 0x061C,
            "markdown: no bidirectional control");
    require(cp != 0x2028 && cp != 0x2029, "markdown: no line or paragraph separator");
    if (cp == '@') {
      std::size_t next = pos;
      require(pos < out.size() && bg::fuzz::next_code_point(out, next) == 0x200B,
              "markdown: '@' is followed by a zero-width space");
    }
  }
  if (!out.empty()) {
    require(out[0] != '-' && out[0] != '+' && out[0] != '=', "markdown: no leading - + =");
  }
  if (input.empty()) require(out.empty(), "markdown: empty stays empty");
}

void check_annotation(std::string_view input, bg::AnnotationField field) {
  const std::string out = bg::escape_github_annotation(input, field);
  require(bg::fuzz::is_valid_utf8(out), "annotation: output is valid UTF-8");
  for (std::size_t i = 0; i < out.size(); ++i) {
    const char c = out[i];
    require(c != '\n' && c != '\r', "annotation: no raw CR or LF");
    if (field == bg::AnnotationField::property) {
      require(c != ':' && c != ',', "annotation property: no raw ':' or ','");
    }
    if (c == '%') {
      const std::string_view code = std::string_view(out).substr(i + 1, 2);
      require(code == "25" || code == "0D" || code == "0A" || code == "3A" || code == "2C",
              "annotation: every '%' starts a known escape");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = bg::fuzz::as_text(data, size);
  check_markdown(text);
  check_annotation(text, bg::AnnotationField::message);
  check_annotation(text, bg::AnnotationField::property);
  return 0;
}
