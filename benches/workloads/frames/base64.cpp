#include "frames/base64.hpp"

#include <array>
#include <cstring>

namespace wl {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// A value no valid quantum can produce: bit 24 set, so OR-ing it into a quantum flags it.
constexpr std::uint32_t kInvalid = 0x01000000;

// For each input position of a quantum, a table from character to its bits already placed in the
// little-endian 24-bit output word (byte 0 first). Invalid characters map to kInvalid.
struct DecodeTables {
  std::array<std::uint32_t, 256> at[4];
};

constexpr DecodeTables make_tables() {
  DecodeTables tables{};
  for (auto& table : tables.at) table.fill(kInvalid);
  for (std::uint32_t v = 0; v < 64; ++v) {
    const auto c = static_cast<unsigned char>(kAlphabet[v]);
    tables.at[0][c] = v << 2;
    tables.at[1][c] = (v >> 4) | ((v & 0x0f) << 12);
    tables.at[2][c] = ((v >> 2) << 8) | ((v & 0x03) << 22);
    tables.at[3][c] = v << 16;
  }
  return tables;
}

constexpr DecodeTables kTables = make_tables();

inline std::uint32_t quantum(const unsigned char* in) {
  return kTables.at[0][in[0]] | kTables.at[1][in[1]] | kTables.at[2][in[2]] | kTables.at[3][in[3]];
}

}  // namespace

std::string base64_encode(std::span<const std::uint8_t> data) {
  std::string out;
  out.resize((data.size() + 2) / 3 * 4);
  char* o = out.data();
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    const std::uint32_t word = data[i] << 16 | data[i + 1] << 8 | data[i + 2];
    *o++ = kAlphabet[word >> 18];
    *o++ = kAlphabet[(word >> 12) & 63];
    *o++ = kAlphabet[(word >> 6) & 63];
    *o++ = kAlphabet[word & 63];
  }
  if (const std::size_t rest = data.size() - i; rest > 0) {
    const std::uint32_t word = data[i] << 16 | (rest == 2 ? data[i + 1] << 8 : 0);
    *o++ = kAlphabet[word >> 18];
    *o++ = kAlphabet[(word >> 12) & 63];
    *o++ = rest == 2 ? kAlphabet[(word >> 6) & 63] : '=';
    *o++ = '=';
  }
  return out;
}

std::optional<std::size_t> base64_decode_into(std::string_view text, std::span<std::uint8_t> out) {
  if (text.size() % 4 != 0 || out.size() < base64_max_decoded_size(text.size())) {
    return std::nullopt;
  }
  if (text.empty()) return 0;
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  std::uint8_t* o = out.data();
  const std::size_t full = text.size() / 4 - 1;  // the last quantum may carry padding
  std::uint32_t errors = 0;
  std::size_t q = 0;
  // Two quanta per step, each stored as a 4-byte word whose 4th byte the next store overwrites.
  for (; q + 2 <= full; q += 2) {
    const std::uint32_t a = quantum(in + q * 4);
    const std::uint32_t b = quantum(in + q * 4 + 4);
    errors |= a | b;
    std::memcpy(o, &a, 4);
    std::memcpy(o + 3, &b, 4);  // the byte past this word is still inside out: q+2 <= full
    o += 6;
  }
  for (; q < full; ++q) {
    const std::uint32_t a = quantum(in + q * 4);
    errors |= a;
    std::memcpy(o, &a, 3);
    o += 3;
  }
  if (errors & kInvalid) return std::nullopt;

  // Final quantum: "xxxx", "xxx=" or "xx==".
  const unsigned char* last = in + full * 4;
  std::size_t tail = 3;
  unsigned char chars[4] = {last[0], last[1], last[2], last[3]};
  if (chars[3] == '=') {
    tail = chars[2] == '=' ? 1 : 2;
    // Padding bits must be zero (canonical encoding).
    const std::uint32_t pad_mask = tail == 1 ? 0x0f : 0x03;
    const std::uint32_t pad_value =
        tail == 1 ? kTables.at[1][chars[1]] >> 12 : kTables.at[2][chars[2]] >> 22;
    if ((pad_value & pad_mask) != 0) return std::nullopt;
    chars[3] = 'A';
    if (tail == 1) chars[2] = 'A';
  }
  const std::uint32_t word = quantum(chars);
  if (word & kInvalid) return std::nullopt;
  std::memcpy(o, &word, tail);
  return static_cast<std::size_t>(o - out.data()) + tail;
}

}  // namespace wl
