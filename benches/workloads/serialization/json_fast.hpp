// JSON fast path: a typed writer straight from records to text, and a simdjson On-Demand parser
// straight from text to records (no DOM on either side). Same schema as json_nlohmann.hpp.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "serialization/records.hpp"

namespace wl {

// Return `records` as one JSON array, doubles in their shortest exact form (std::to_chars).
// Strings are written byte for byte with JSON escapes; they must be valid UTF-8.
// Throws std::invalid_argument on a non-finite double.
std::string encode_json_fast(const std::vector<Record>& records);

// Same as encode_json_fast, through RapidJSON's Writer<StringBuffer> (Grisu2 doubles); kept to
// measure the typed writer against it.
std::string encode_json_rapidjson(const std::vector<Record>& records);

// Parses JSON arrays of records with simdjson On-Demand, reusing its buffers across calls.
// Rejects malformed JSON, invalid UTF-8, missing fields and values of the wrong type; ignores
// fields it does not know once their values are checked to be valid JSON (nested at most 256
// deep). Not thread-safe: use one decoder per thread.
class JsonFastDecoder {
 public:
  JsonFastDecoder();
  ~JsonFastDecoder();
  JsonFastDecoder(const JsonFastDecoder&) = delete;
  JsonFastDecoder& operator=(const JsonFastDecoder&) = delete;

  // Never throws on bad input; the first error is reported in DecodeResult::error.
  DecodeResult decode(std::string_view json);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One-shot convenience over JsonFastDecoder.
DecodeResult decode_json_fast(std::string_view json);

}  // namespace wl
