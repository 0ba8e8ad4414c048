// MessagePack fast path: a typed writer and reader straight between records and bytes (no DOM),
// same layout as encode_msgpack (an array of maps keyed by field name), so either side can be
// swapped for nlohmann's.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "serialization/records.hpp"

namespace wl {

// Return `records` as one MessagePack array; integers in their smallest form, doubles as
// float64. Strings are copied as bytes.
std::vector<std::uint8_t> encode_msgpack_typed(const std::vector<Record>& records);

// Parse MessagePack bytes into records. Accepts any integer width that fits the field, float32
// or integers for doubles, fields in any order, and skips unknown fields. Never throws: truncated
// input, trailing bytes, a missing field, a wrong type or invalid UTF-8 is reported in
// DecodeResult::error.
DecodeResult decode_msgpack_typed(std::span<const std::uint8_t> bytes);

}  // namespace wl
