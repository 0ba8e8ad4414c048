#include "bench_gate/util/text.hpp"

#include <cstdio>

namespace bg::util {

std::string one_line_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<unsigned>(byte));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out;
}

std::string last_line(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  const auto nl = text.rfind('\n');
  return std::string(nl == std::string_view::npos ? text : text.substr(nl + 1));
}

std::string percent(double fraction, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f %%", decimals, fraction * 100);
  return buffer;
}

std::string signed_percent(double fraction, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%+.*f %%", decimals, fraction * 100);
  return buffer;
}

std::string shortest(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

}  // namespace bg::util
