// Untrusted text: the one place it is turned into output, one escaper per sink.
#include "bench_gate/report/untrusted.hpp"

#include <cstdio>

#include "bench_gate/util/utf8.hpp"

namespace bg {
namespace {

bool is_bidi_control(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
         cp == 0x200F || cp == 0x061C;
}

}  // namespace

std::string bound_text(std::string_view text, std::size_t limit) {
  std::size_t pos = 0;
  for (std::size_t count = 0; pos < text.size(); ++count) {
    if (count == limit) return std::string(text.substr(0, pos)) + "…";
    std::size_t length = 1;
    util::decode_utf8(text, pos, length);
    pos += length;
  }
  return std::string(text);
}

std::string escape_terminal(std::string_view untrusted) {
  std::string out;
  out.reserve(untrusted.size() + 8);
  // A field may be printed at the start of a CI log line: never let it start (after blanks) a
  // workflow command, "::name::" or the older "##[name]".
  const std::size_t first = untrusted.find_first_not_of(' ');
  std::size_t command_at = std::string_view::npos;
  if (first != std::string_view::npos &&
      (untrusted.substr(first, 2) == "::" || untrusted.substr(first, 3) == "##[")) {
    command_at = first;
  }
  for (std::size_t pos = 0; pos < untrusted.size();) {
    std::size_t length = 1;
    const char32_t cp = util::decode_utf8(untrusted, pos, length);
    char buffer[16];
    if (pos == command_at) {
      std::snprintf(buffer, sizeof buffer, "\\x%02x", static_cast<unsigned>(cp));
      out += buffer;
      pos += length;
      continue;
    }
    pos += length;
    if (cp < 0x20 || cp == 0x7F) {
      switch (cp) {
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case 0x1B:
          out += "\\e";
          break;
        default:
          std::snprintf(buffer, sizeof buffer, "\\x%02x", static_cast<unsigned>(cp));
          out += buffer;
      }
    } else if ((cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp) || cp == 0x2028 ||
               cp == 0x2029) {
      std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(cp));
      out += buffer;
    } else {
      util::append_utf8(out, cp);
    }
  }
  return out;
}

std::string Untrusted::markdown(std::size_t limit) const {
  return escape_markdown_inline(bound_text(text_, limit));
}

std::string Untrusted::html(std::size_t limit) const {
  return escape_html(bound_text(text_, limit));
}

std::string Untrusted::script_value(std::size_t limit) const {
  return bound_text(util::valid_utf8(text_), limit);
}

std::string Untrusted::terminal() const { return escape_terminal(bound_text(text_)); }

std::string Untrusted::one_line() const {
  return escape_terminal(bound_text(text_, kUntrustedMessageLimit));
}

std::string Untrusted::annotation(AnnotationField field) const {
  return escape_github_annotation(bound_text(text_), field);
}

std::size_t Untrusted::terminal_width() const {
  const std::string shown = terminal();
  std::size_t width = 0;
  for (unsigned char ch : shown) width += (ch & 0xC0) != 0x80;
  return width;
}

}  // namespace bg
