#include "bench_gate/json_depth.hpp"

#include "bench_gate/ingest.hpp"
#include "bench_gate/model.hpp"

namespace bg {

std::optional<std::size_t> json_too_deep(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character cannot end the string
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > max_depth) return i;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
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

}  // namespace bg
