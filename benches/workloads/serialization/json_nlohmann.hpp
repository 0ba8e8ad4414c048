// JSON baseline: records as a JSON array of objects, through nlohmann/json's DOM.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "serialization/records.hpp"

namespace wl {

// nlohmann/json hooks (found by ADL). from_json throws std::invalid_argument naming the field
// that is missing or has the wrong type; fields it does not know are ignored.
void to_json(nlohmann::json& j, const Tag& tag);
void to_json(nlohmann::json& j, const Record& record);
void from_json(const nlohmann::json& j, Tag& tag);
void from_json(const nlohmann::json& j, Record& record);

// Return `records` as one JSON array. Throws std::invalid_argument on a non-finite double and
// nlohmann::json::type_error on a string that is not valid UTF-8.
std::string encode_json_nlohmann(const std::vector<Record>& records);

// Parse a JSON array of records. Never throws: a syntax error, a missing field or a value of the
// wrong type is reported in DecodeResult::error.
DecodeResult decode_json_nlohmann(std::string_view json);

// Convert a parsed document (JSON, MessagePack or CBOR) into records; errors as above.
DecodeResult records_from_document(const nlohmann::json& document);

}  // namespace wl
