#include "bench_gate/util/utf8.hpp"

namespace bg::util {

namespace {

// The byte ranges of a well-formed sequence led by `lead` (Unicode Table 3-7): total length
// (0 when `lead` cannot start one) and the allowed range of the second byte.
struct Lead {
  std::size_t length = 0;
  unsigned char second_min = 0x80, second_max = 0xBF;
};

Lead lead_of(unsigned char c) {
  if (c < 0x80) return {1};
  if (c >= 0xC2 && c <= 0xDF) return {2};
  if (c == 0xE0) return {3, 0xA0, 0xBF};  // no overlong forms
  if (c == 0xED) return {3, 0x80, 0x9F};  // no surrogates
  if (c >= 0xE1 && c <= 0xEF) return {3};
  if (c == 0xF0) return {4, 0x90, 0xBF};  // no overlong forms
  if (c >= 0xF1 && c <= 0xF3) return {4};
  if (c == 0xF4) return {4, 0x80, 0x8F};  // nothing above U+10FFFF
  return {0};
}

// Bytes of the longest well-formed prefix of the sequence at text[pos] (at least 1), and whether
// it is the whole sequence.
std::size_t well_formed_prefix(std::string_view text, std::size_t pos, bool& complete) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const Lead lead = lead_of(byte(pos));
  complete = lead.length == 1;
  if (lead.length <= 1) return 1;
  std::size_t k = 1;
  for (; k < lead.length && pos + k < text.size(); ++k) {
    const unsigned char b = byte(pos + k);
    const unsigned char lo = k == 1 ? lead.second_min : 0x80;
    const unsigned char hi = k == 1 ? lead.second_max : 0xBF;
    if (b < lo || b > hi) break;
  }
  complete = k == lead.length;
  return k;
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view text, std::size_t pos) {
  bool complete = false;
  const std::size_t n = well_formed_prefix(text, pos, complete);
  return complete ? n : 0;
}

char32_t decode_utf8(std::string_view text, std::size_t pos, std::size_t& length) {
  bool complete = false;
  length = well_formed_prefix(text, pos, complete);
  if (!complete) return kReplacement;  // the maximal subpart is consumed, as one U+FFFD
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char b0 = byte(pos);
  if (length == 1) return b0;
  char32_t cp = length == 2 ? (b0 & 0x1F) : length == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (std::size_t i = 1; i < length; ++i) cp = (cp << 6) | (byte(pos + i) & 0x3F);
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = 0;
    if (utf8_sequence_length(text, i) == 0) {
      decode_utf8(text, i, length);
      append_utf8(out, kReplacement);
    } else {
      length = utf8_sequence_length(text, i);
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

}  // namespace bg::util
