#include "serialization/json_nlohmann.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace wl {

namespace {

using nlohmann::json;

const json& field(const json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end()) throw std::invalid_argument(std::string("missing field '") + name + "'");
  return *it;
}

[[noreturn]] void wrong_type(const char* name, const char* expected, const json& value) {
  throw std::invalid_argument(std::string("field '") + name + "': expected " + expected + ", got " +
                              value.type_name());
}

std::uint64_t unsigned_field(const json& object, const char* name) {
  const json& value = field(object, name);
  if (!value.is_number_unsigned()) wrong_type(name, "unsigned integer", value);
  return value.get<std::uint64_t>();
}

std::int64_t signed_field(const json& object, const char* name) {
  const json& value = field(object, name);
  if (value.is_number_unsigned()) {
    const auto u = value.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      throw std::invalid_argument(std::string("field '") + name + "': out of int64 range");
    }
    return static_cast<std::int64_t>(u);
  }
  if (!value.is_number_integer()) wrong_type(name, "integer", value);
  return value.get<std::int64_t>();
}

double double_field(const json& object, const char* name) {
  const json& value = field(object, name);
  if (!value.is_number()) wrong_type(name, "number", value);
  return value.get<double>();
}

std::string string_field(const json& object, const char* name) {
  const json& value = field(object, name);
  if (!value.is_string()) wrong_type(name, "string", value);
  return value.get<std::string>();
}

double finite(double value) {
  if (!std::isfinite(value)) throw std::invalid_argument("JSON cannot hold a non-finite double");
  return value;
}

}  // namespace

void to_json(json& j, const Tag& tag) { j = json{{"key", tag.key}, {"value", tag.value}}; }

void to_json(json& j, const Record& record) {
  j = json{{"id", record.id},       {"name", record.name},
           {"email", record.email}, {"timestamp_ms", record.timestamp_ms},
           {"tags", record.tags},   {"score", record.score},
           {"ratio", record.ratio}, {"active", record.active}};
}

void from_json(const json& j, Tag& tag) {
  if (!j.is_object())
    throw std::invalid_argument(std::string("tag: expected object, got ") + j.type_name());
  tag.key = string_field(j, "key");
  tag.value = string_field(j, "value");
}

void from_json(const json& j, Record& record) {
  if (!j.is_object())
    throw std::invalid_argument(std::string("expected object, got ") + j.type_name());
  record.id = unsigned_field(j, "id");
  record.name = string_field(j, "name");
  record.email = string_field(j, "email");
  record.timestamp_ms = signed_field(j, "timestamp_ms");
  const json& tags = field(j, "tags");
  if (!tags.is_array()) wrong_type("tags", "array", tags);
  record.tags.clear();
  record.tags.reserve(tags.size());
  for (std::size_t i = 0; i < tags.size(); ++i) {
    try {
      record.tags.push_back(tags[i].get<Tag>());
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("tags[" + std::to_string(i) + "]: " + e.what());
    }
  }
  record.score = double_field(j, "score");
  record.ratio = double_field(j, "ratio");
  const json& active = field(j, "active");
  if (!active.is_boolean()) wrong_type("active", "boolean", active);
  record.active = active.get<bool>();
}

std::string encode_json_nlohmann(const std::vector<Record>& records) {
  for (const Record& record : records) {
    finite(record.score);
    finite(record.ratio);
  }
  return json(records).dump();
}

DecodeResult records_from_document(const json& document) {
  DecodeResult result;
  if (!document.is_array()) {
    result.error = std::string("expected an array of records, got ") + document.type_name();
    return result;
  }
  result.records.reserve(document.size());
  for (std::size_t i = 0; i < document.size(); ++i) {
    try {
      result.records.push_back(document[i].get<Record>());
    } catch (const std::exception& e) {
      result.records.clear();
      result.error = "record " + std::to_string(i) + ": " + e.what();
      return result;
    }
  }
  return result;
}

DecodeResult decode_json_nlohmann(std::string_view json_text) {
  json document;
  try {
    document = json::parse(json_text);
  } catch (const json::parse_error& e) {
    return {{}, e.what()};  // names the byte offset of the error
  }
  return records_from_document(document);
}

}  // namespace wl
