#include "bench_gate/util/json_depth.hpp"

#include <cstring>

#include "bench_gate/util/error.hpp"
#include "bench_gate/util/text.hpp"

namespace bg::util {

std::optional<std::size_t> json_too_deep(std::string_view text, std::size_t max_depth) {
  // Strings are skipped with memchr; everything else costs one comparison per byte.
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  std::size_t depth = 0;
  for (const char* p = begin; p < end; ++p) {
    const char c = *p;
    if (c == '"') {
      // Find the closing quote: one preceded by an even number of backslashes.
      const char* q = p + 1;
      while (true) {
        q = static_cast<const char*>(std::memchr(q, '"', static_cast<std::size_t>(end - q)));
        if (q == nullptr) return std::nullopt;  // unterminated string: the parser reports it
        std::size_t backslashes = 0;
        while (q - backslashes > p + 1 && q[-1 - static_cast<std::ptrdiff_t>(backslashes)] == '\\')
          ++backslashes;
        if (backslashes % 2 == 0) break;
        ++q;
      }
      p = q;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return static_cast<std::size_t>(p - begin);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

void check_json_depth(std::string_view text, std::size_t max_depth, const std::string& origin) {
  if (auto at = json_too_deep(text, max_depth)) {
    throw Error(ExitCode::input_error,
                one_line_text(origin + ": JSON nested deeper than " + std::to_string(max_depth) +
                              " levels at byte " + std::to_string(*at)));
  }
}

}  // namespace bg::util
