// Standard base64 (RFC 4648 section 4, '+' '/', '=' padding) for frame payloads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace wl {

// Return the padded base64 text of data.
std::string base64_encode(std::span<const std::uint8_t> data);

// Return the most bytes base64_decode_into can write for `text_size` characters.
constexpr std::size_t base64_max_decoded_size(std::size_t text_size) { return text_size / 4 * 3; }

// Decode strict base64 into out (at least base64_max_decoded_size(text.size()) bytes) and return
// the bytes written. Return nullopt for a length not a multiple of 4, any character outside the
// alphabet (whitespace included), misplaced or excess '=', or non-zero bits in the final padding.
std::optional<std::size_t> base64_decode_into(std::string_view text, std::span<std::uint8_t> out);

}  // namespace wl
