// Internal: decode UTF-8 one code point at a time, invalid sequences reported as U+FFFD.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace bg::detail {

inline constexpr char32_t kReplacement = 0xFFFD;

// Decode the code point at text[pos]; set `length` to the bytes consumed (at least 1). Overlong
// forms, surrogates, values above U+10FFFF and truncated sequences decode as kReplacement.
char32_t decode_utf8(std::string_view text, std::size_t pos, std::size_t& length);

// Append the UTF-8 encoding of `cp`.
void append_utf8(std::string& out, char32_t cp);

}  // namespace bg::detail
