// Glob matching for tier rules: * ? [abc] [a-z] [!a-z] [^a-z] and \ escapes; '*' matches '/'.
#include <string>

#include "bench_gate/config.hpp"

namespace bg {
namespace {

// Match a bracket expression starting at pattern[p] == '['. Sets `end` to the index after ']'.
// Returns false for `end` == npos when the class is unclosed.
bool match_class(std::string_view pattern, std::size_t p, char c, std::size_t& end) {
  std::size_t i = p + 1;
  bool negate = false;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
    negate = true;
    ++i;
  }
  bool matched = false;
  bool first = true;
  while (i < pattern.size() && (pattern[i] != ']' || first)) {
    first = false;
    char lo = pattern[i];
    if (lo == '\\' && i + 1 < pattern.size()) lo = pattern[++i];
    char hi = lo;
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      hi = pattern[i + 2];
      if (hi == '\\' && i + 3 < pattern.size()) {
        hi = pattern[i + 3];
        ++i;
      }
      i += 2;
    }
    auto uc = static_cast<unsigned char>(c);
    if (static_cast<unsigned char>(lo) <= uc && uc <= static_cast<unsigned char>(hi)) {
      matched = true;
    }
    ++i;
  }
  if (i >= pattern.size()) {
    end = std::string_view::npos;
    return false;
  }
  end = i + 1;
  return matched != negate;
}

}  // namespace

void validate_glob(std::string_view pattern) {
  auto fail = [&](const std::string& what) {
    throw Error(ExitCode::input_error, "glob '" + std::string(pattern) + "': " + what);
  };
  if (pattern.empty()) fail("empty pattern");
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      if (i + 1 >= pattern.size()) fail("trailing '\\'");
      ++i;
    } else if (pattern[i] == '[') {
      std::size_t end = 0;
      match_class(pattern, i, '\0', end);
      if (end == std::string_view::npos) fail("unclosed '[' at offset " + std::to_string(i));
      i = end - 1;
    }
  }
}

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative matcher: on mismatch, retry from the last '*' with one more character consumed.
  // At most O(|pattern| * |text|) steps, never exponential.
  std::size_t p = 0, t = 0;
  std::size_t star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size()) {
      char pc = pattern[p];
      if (pc == '*') {
        star_p = ++p;
        star_t = t;
        continue;
      }
      if (pc == '?') {
        ++p;
        ++t;
        continue;
      }
      if (pc == '[') {
        std::size_t end = 0;
        bool ok = match_class(pattern, p, text[t], end);
        if (end == std::string_view::npos) {
          // Unclosed class: '[' is literal.
          if (text[t] == '[') {
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
        if (pc == '\\' && p + 1 < pattern.size()) pc = pattern[p + 1];
        if (pc == text[t]) {
          p += pattern[p] == '\\' && p + 1 < pattern.size() ? 2 : 1;
          ++t;
          continue;
        }
      }
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    t = ++star_t;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace bg
