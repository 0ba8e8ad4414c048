#include "bench_gate/report/escape.hpp"

#include "bench_gate/util/utf8.hpp"

namespace bg {
namespace {

bool is_bidi_control(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
         cp == 0x200F || cp == 0x061C;
}

bool is_www(std::string_view three) {
  for (char ch : three) {
    if (ch != 'w' && ch != 'W') return false;
  }
  return true;
}

}  // namespace

std::string escape_markdown_inline(std::string_view untrusted) {
  std::string out;
  out.reserve(untrusted.size() + untrusted.size() / 4 + 8);
  bool blank_so_far = true;  // only spaces before: a ':' here could start a workflow command
  for (std::size_t pos = 0; pos < untrusted.size();) {
    std::size_t length = 1;
    const char32_t cp = util::decode_utf8(untrusted, pos, length);
    const bool at_start = pos == 0;
    const bool after_blank = blank_so_far;
    blank_so_far = blank_so_far && cp == ' ';
    const std::size_t start = pos;
    pos += length;
    // Break GFM's extended autolinks (https://github.github.com/gfm/#autolinks-extension-):
    // "www." and "<scheme>://" get a zero-width space inside, so neither GitHub's parse-time
    // autolinker nor its later pass over the decoded text sees them ('@' is handled below).
    if (cp == '.' && start >= 3 && is_www(untrusted.substr(start - 3, 3))) {
      out += "\u200B.";
      continue;
    }
    if (cp == ':' && untrusted.substr(pos, 2) == "//") {
      out += after_blank ? "\\:\u200B" : ":\u200B";
      continue;
    }
    if (cp == ':' && after_blank) {  // a field at the start of a line never starts "::command"
      out += "\\:";
      continue;
    }
    if (cp < 0x20) {
      util::append_utf8(out, 0x2400 + cp);  // control pictures: ␀ … ␟ (␊ for newline)
      continue;
    }
    if (cp == 0x7F) {
      util::append_utf8(out, 0x2421);  // ␡
      continue;
    }
    if ((cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp)) {
      util::append_utf8(out, util::kReplacement);
      continue;
    }
    if (cp == 0x2028 || cp == 0x2029) {
      util::append_utf8(out, 0x2424);  // ␤
      continue;
    }
    switch (cp) {
      case '|':
        out += "&#124;";
        break;
      case '`':
        out += "&#96;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '@':
        out += "@\u200B";
        break;
      case '\\':
      case '*':
      case '_':
      case '[':
      case ']':
      case '#':
      case '~':
      case '$':
        out += '\\';
        out += static_cast<char>(cp);
        break;
      case '-':
      case '+':
      case '=':
        if (at_start) out += '\\';
        out += static_cast<char>(cp);
        break;
      default:
        util::append_utf8(out, cp);
    }
  }
  return out;
}

std::string escape_html(std::string_view untrusted) {
  std::string out;
  out.reserve(untrusted.size() + 16);
  for (std::size_t pos = 0; pos < untrusted.size();) {
    std::size_t length = 1;
    const char32_t cp = util::decode_utf8(untrusted, pos, length);
    pos += length;
    switch (cp) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default: {
        const bool control =
            (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F);
        util::append_utf8(out, control || is_bidi_control(cp) ? util::kReplacement : cp);
      }
    }
  }
  return out;
}

std::string escape_github_annotation(std::string_view untrusted, AnnotationField field) {
  std::string out;
  out.reserve(untrusted.size() + 8);
  for (std::size_t pos = 0; pos < untrusted.size();) {
    std::size_t length = 1;
    const char32_t cp = util::decode_utf8(untrusted, pos, length);
    pos += length;
    switch (cp) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      case ':':
        out += field == AnnotationField::property ? "%3A" : ":";
        break;
      case ',':
        out += field == AnnotationField::property ? "%2C" : ",";
        break;
      default:
        if (cp < 0x20 || cp == 0x7F) {
          util::append_utf8(out, cp == 0x7F ? 0x2421 : 0x2400 + cp);
        } else {
          util::append_utf8(out, cp);
        }
    }
  }
  return out;
}

}  // namespace bg
