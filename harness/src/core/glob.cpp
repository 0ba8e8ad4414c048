// Glob matching for tier rules: * ? [abc] [a-z] [!a-z] [^a-z] and \ escapes; '*' matches '/'.
// Pattern and name are matched by character (UTF-8 code point), not by byte: `x/?` matches
// `x/é` and `[à-ÿ]` is a range of characters. A byte that is not valid UTF-8 is one character of
// its own, equal only to the same byte.
#include <string>
#include <vector>

#include "bench_gate/config.hpp"
#include "bench_gate/util/utf8.hpp"

namespace bg {
namespace {

// Characters of the text plus the byte offset where each starts.
struct Decoded {
  std::u32string chars;
  std::vector<std::size_t> offsets;
};

// Invalid bytes decode above U+10FFFF, so they never equal a real character.
constexpr char32_t kInvalidByteBase = 0x110000;

Decoded decode(std::string_view s) {
  Decoded out;
  out.chars.reserve(s.size());
  out.offsets.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t length = 1;
    const char32_t cp = util::utf8_sequence_length(s, i) == 0
                            ? kInvalidByteBase + static_cast<unsigned char>(s[i])
                            : util::decode_utf8(s, i, length);
    out.chars.push_back(cp);
    out.offsets.push_back(i);
    i += length;
  }
  return out;
}

// Match a bracket expression starting at pattern[p] == '['. Sets `end` to the index after ']'.
// Returns false for `end` == npos when the class is unclosed.
bool match_class(const std::u32string& pattern, std::size_t p, char32_t c, std::size_t& end) {
  std::size_t i = p + 1;
  bool negate = false;
  if (i < pattern.size() && (pattern[i] == U'!' || pattern[i] == U'^')) {
    negate = true;
    ++i;
  }
  bool matched = false;
  bool first = true;
  while (i < pattern.size() && (pattern[i] != U']' || first)) {
    first = false;
    char32_t lo = pattern[i];
    if (lo == U'\\' && i + 1 < pattern.size()) lo = pattern[++i];
    char32_t hi = lo;
    if (i + 2 < pattern.size() && pattern[i + 1] == U'-' && pattern[i + 2] != U']') {
      hi = pattern[i + 2];
      if (hi == U'\\' && i + 3 < pattern.size()) {
        hi = pattern[i + 3];
        ++i;
      }
      i += 2;
    }
    if (lo <= c && c <= hi) matched = true;
    ++i;
  }
  if (i >= pattern.size()) {
    end = std::u32string::npos;
    return false;
  }
  end = i + 1;
  return matched != negate;
}

}  // namespace

void validate_glob(std::string_view pattern_text) {
  auto fail = [&](const std::string& what) {
    throw Error(ExitCode::input_error, "glob '" + std::string(pattern_text) + "': " + what);
  };
  if (pattern_text.empty()) fail("empty pattern");
  const Decoded decoded = decode(pattern_text);
  const std::u32string& pattern = decoded.chars;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == U'\\') {
      if (i + 1 >= pattern.size()) fail("trailing '\\'");
      ++i;
    } else if (pattern[i] == U'[') {
      std::size_t end = 0;
      match_class(pattern, i, U'\0', end);
      if (end == std::u32string::npos)
        fail("unclosed '[' at offset " + std::to_string(decoded.offsets[i]));
      i = end - 1;
    }
  }
}

bool glob_match(std::string_view pattern_text, std::string_view text_bytes) {
  const std::u32string pattern = decode(pattern_text).chars;
  const std::u32string text = decode(text_bytes).chars;
  // Iterative matcher: on mismatch, retry from the last '*' with one more character consumed.
  // At most O(|pattern| * |text|) steps, never exponential.
  std::size_t p = 0, t = 0;
  std::size_t star_p = std::u32string::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size()) {
      char32_t pc = pattern[p];
      if (pc == U'*') {
        star_p = ++p;
        star_t = t;
        continue;
      }
      if (pc == U'?') {
        ++p;
        ++t;
        continue;
      }
      if (pc == U'[') {
        std::size_t end = 0;
        bool ok = match_class(pattern, p, text[t], end);
        if (end == std::u32string::npos) {
          // Unclosed class: '[' is literal.
          if (text[t] == U'[') {
            ++p;
            ++t;
            continue;
          }
        } else if (ok) {
          p = end;
          ++t;
          continue;
        }
      } else {
        if (pc == U'\\' && p + 1 < pattern.size()) pc = pattern[p + 1];
        if (pc == text[t]) {
          p += pattern[p] == U'\\' && p + 1 < pattern.size() ? 2 : 1;
          ++t;
          continue;
        }
      }
    }
    if (star_p == std::u32string::npos) return false;
    p = star_p;
    t = ++star_t;
  }
  while (p < pattern.size() && pattern[p] == U'*') ++p;
  return p == pattern.size();
}

std::string glob_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    if (ch == '*' || ch == '?' || ch == '[' || ch == ']' || ch == '\\') out += '\\';
    out += ch;
  }
  return out;
}

}  // namespace bg
