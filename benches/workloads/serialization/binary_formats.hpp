// Binary baselines: records as MessagePack and CBOR arrays of maps (same keys as the JSON
// schema), through nlohmann/json's DOM.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "serialization/records.hpp"

namespace wl {

// Return `records` as one MessagePack array. Throws nlohmann::json::type_error on invalid UTF-8.
std::vector<std::uint8_t> encode_msgpack(const std::vector<Record>& records);

// Parse MessagePack bytes into records. Never throws: truncated or malformed input, a missing
// field or a value of the wrong type is reported in DecodeResult::error.
DecodeResult decode_msgpack(std::span<const std::uint8_t> bytes);

// Return `records` as one CBOR array. Throws nlohmann::json::type_error on invalid UTF-8.
std::vector<std::uint8_t> encode_cbor(const std::vector<Record>& records);

// Parse CBOR bytes into records; errors as decode_msgpack.
DecodeResult decode_cbor(std::span<const std::uint8_t> bytes);

}  // namespace wl
