// UTF-8, one code point at a time (RFC 3629): the one decoder every room uses, so invalid bytes
// are recovered from the same way everywhere.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace bg::util {

inline constexpr char32_t kReplacement = 0xFFFD;

// Length of the valid UTF-8 sequence starting at text[pos] (1 for ASCII), or 0 when the bytes
// there are not a valid sequence (overlong forms, surrogates, > U+10FFFF, truncated).
std::size_t utf8_sequence_length(std::string_view text, std::size_t pos);

// Decode the code point at text[pos]; `length` gets the bytes consumed (at least 1). An invalid
// sequence decodes as kReplacement and consumes only its valid prefix (at least one byte), so the
// next byte starts afresh (the "maximal subpart" practice of Unicode §3.9).
char32_t decode_utf8(std::string_view text, std::size_t pos, std::size_t& length);

// Append the UTF-8 encoding of `cp`.
void append_utf8(std::string& out, char32_t cp);

// Text with every invalid sequence replaced by U+FFFD (valid text is returned unchanged).
std::string valid_utf8(std::string_view text);

}  // namespace bg::util
