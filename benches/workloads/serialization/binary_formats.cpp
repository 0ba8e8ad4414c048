#include "serialization/binary_formats.hpp"

#include <nlohmann/json.hpp>

#include "serialization/json_nlohmann.hpp"

namespace wl {

using nlohmann::json;

std::vector<std::uint8_t> encode_msgpack(const std::vector<Record>& records) {
  return json::to_msgpack(json(records));
}

DecodeResult decode_msgpack(std::span<const std::uint8_t> bytes) {
  json document;
  try {
    document = json::from_msgpack(bytes.begin(), bytes.end());
  } catch (const json::exception& e) {
    return {{}, e.what()};
  }
  return records_from_document(document);
}

std::vector<std::uint8_t> encode_cbor(const std::vector<Record>& records) {
  return json::to_cbor(json(records));
}

DecodeResult decode_cbor(std::span<const std::uint8_t> bytes) {
  json document;
  try {
    document = json::from_cbor(bytes.begin(), bytes.end());
  } catch (const json::exception& e) {
    return {{}, e.what()};
  }
  return records_from_document(document);
}

}  // namespace wl
