// The JSON fast path's reader: simdjson On-Demand straight into records. Stage 1 (structure and
// UTF-8 validation) runs the best kernel for the CPU, chosen by simdjson at run time.
#include "serialization/json_fast.hpp"

#include <array>
#include <cstring>

#include <simdjson.h>

namespace wl {

namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;

// Where a decode failed: the error and the field it was found in (nullptr: the record itself).
struct Failure {
  error_code code = simdjson::SUCCESS;
  const char* field = nullptr;
};

error_code read_string(simdjson::simdjson_result<od::value> value, std::string& out) {
  std::string_view text;
  const error_code error = value.get_string().get(text);
  if (!error) out.assign(text.data(), text.size());
  return error;
}

// On-Demand skips values nobody asks for without checking them, so unknown fields are walked
// here: their grammar is validated like the rest of the document.
constexpr int kMaxUnknownDepth = 256;

error_code check_unknown(simdjson::simdjson_result<od::value> result, int depth = 0) {
  od::value value;
  if (const error_code e = result.get(value)) return e;
  if (depth > kMaxUnknownDepth) return simdjson::DEPTH_ERROR;
  od::json_type type;
  if (const error_code e = value.type().get(type)) return e;
  switch (type) {
    case od::json_type::array: {
      od::array array;
      if (const error_code e = value.get_array().get(array)) return e;
      for (auto element : array) {
        if (const error_code e = check_unknown(element, depth + 1)) return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::object: {
      od::object object;
      if (const error_code e = value.get_object().get(object)) return e;
      for (auto field : object) {
        std::string_view key;
        if (const error_code e = field.unescaped_key().get(key)) return e;
        if (const error_code e = check_unknown(field.value(), depth + 1)) return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::number:
      return value.get_number().error();
    case od::json_type::string:
      return value.get_string().error();
    case od::json_type::boolean:
      return value.get_bool().error();
    case od::json_type::null: {
      bool is_null = false;
      if (const error_code e = value.is_null().get(is_null)) return e;
      return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
  }
  return simdjson::INCORRECT_TYPE;
}

Failure read_tag(simdjson::simdjson_result<od::value> element, Tag& tag) {
  od::object object;
  if (const error_code e = element.get_object().get(object)) return {e, "tags"};
  bool has_key = false;
  bool has_value = false;
  for (auto field : object) {
    std::string_view key;
    if (const error_code e = field.unescaped_key().get(key)) return {e, "tags"};
    if (key == "key") {
      if (const error_code e = read_string(field.value(), tag.key)) return {e, "tags.key"};
      has_key = true;
    } else if (key == "value") {
      if (const error_code e = read_string(field.value(), tag.value)) return {e, "tags.value"};
      has_value = true;
    } else if (const error_code e = check_unknown(field.value())) {
      return {e, "tags"};
    }
  }
  if (!has_key) return {simdjson::NO_SUCH_FIELD, "tags.key"};
  if (!has_value) return {simdjson::NO_SUCH_FIELD, "tags.value"};
  return {};
}

Failure read_tags(simdjson::simdjson_result<od::value> value, std::vector<Tag>& tags) {
  od::array array;
  if (const error_code e = value.get_array().get(array)) return {e, "tags"};
  tags.clear();
  for (auto element : array) {
    Tag& tag = tags.emplace_back();
    if (const Failure failure = read_tag(element, tag); failure.code) return failure;
  }
  return {};
}

// The fields of a record, one bit each, in declaration order.
constexpr std::array<const char*, 8> kFieldNames = {"id",   "name",  "email", "timestamp_ms",
                                                    "tags", "score", "ratio", "active"};
constexpr unsigned kAllFields = (1u << kFieldNames.size()) - 1;

Failure read_record(simdjson::simdjson_result<od::value> element, Record& r) {
  od::object object;
  if (const error_code e = element.get_object().get(object)) return {e, nullptr};
  unsigned seen = 0;
  for (auto field : object) {
    std::string_view key;
    if (const error_code e = field.unescaped_key().get(key)) return {e, nullptr};
    auto value = field.value();
    error_code e = simdjson::SUCCESS;
    unsigned bit = 0;
    if (key == "id") {
      e = value.get_uint64().get(r.id), bit = 0;
    } else if (key == "name") {
      e = read_string(value, r.name), bit = 1;
    } else if (key == "email") {
      e = read_string(value, r.email), bit = 2;
    } else if (key == "timestamp_ms") {
      e = value.get_int64().get(r.timestamp_ms), bit = 3;
    } else if (key == "tags") {
      if (const Failure failure = read_tags(value, r.tags); failure.code) return failure;
      bit = 4;
    } else if (key == "score") {
      e = value.get_double().get(r.score), bit = 5;
    } else if (key == "ratio") {
      e = value.get_double().get(r.ratio), bit = 6;
    } else if (key == "active") {
      e = value.get_bool().get(r.active), bit = 7;
    } else if (const error_code e = check_unknown(value)) {
      return {e, "(unknown field)"};
    } else {
      continue;
    }
    if (e) return {e, kFieldNames[bit]};
    seen |= 1u << bit;
  }
  if (seen != kAllFields) {
    for (unsigned bit = 0; bit < kFieldNames.size(); ++bit) {
      if (!(seen & (1u << bit))) return {simdjson::NO_SUCH_FIELD, kFieldNames[bit]};
    }
  }
  return {};
}

}  // namespace

struct JsonFastDecoder::Impl {
  simdjson::ondemand::parser parser;
  std::unique_ptr<char[]> padded;  // input copy followed by SIMDJSON_PADDING zero bytes
  std::size_t capacity = 0;
};

JsonFastDecoder::JsonFastDecoder() : impl_(std::make_unique<Impl>()) {}
JsonFastDecoder::~JsonFastDecoder() = default;

DecodeResult JsonFastDecoder::decode(std::string_view json) {
  Impl& impl = *impl_;
  const std::size_t needed = json.size() + simdjson::SIMDJSON_PADDING;
  if (impl.capacity < needed) {
    impl.padded = std::make_unique_for_overwrite<char[]>(needed);
    impl.capacity = needed;
  }
  std::memcpy(impl.padded.get(), json.data(), json.size());
  std::memset(impl.padded.get() + json.size(), 0, simdjson::SIMDJSON_PADDING);

  DecodeResult result;
  std::size_t index = 0;
  const auto fail = [&index](Failure failure, bool in_record) {
    DecodeResult failed;
    if (in_record) failed.error = "record " + std::to_string(index) + ": ";
    if (failure.code == simdjson::NO_SUCH_FIELD && failure.field != nullptr) {
      failed.error += std::string("missing field '") + failure.field + "'";
    } else {
      if (failure.field != nullptr) failed.error += std::string("field '") + failure.field + "': ";
      failed.error += simdjson::error_message(failure.code);
    }
    return failed;
  };

  od::document document;
  if (const error_code e =
          impl.parser.iterate(impl.padded.get(), json.size(), needed).get(document)) {
    return fail({e, nullptr}, false);
  }
  od::array array;
  if (const error_code e = document.get_array().get(array)) return fail({e, nullptr}, false);
  result.records.reserve(json.size() / 256);
  for (auto element : array) {
    Record& record = result.records.emplace_back();
    if (const Failure failure = read_record(element, record); failure.code) {
      return fail(failure, true);
    }
    ++index;
  }
  // Past the last token, current_location() reports OUT_OF_BOUNDS; anything else is left over.
  if (document.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    return fail({simdjson::TRAILING_CONTENT, nullptr}, false);
  }
  return result;
}

DecodeResult decode_json_fast(std::string_view json) { return JsonFastDecoder().decode(json); }

}  // namespace wl
