// Shared fixtures of the serialization tests: edge-case records and the formats as a table.
#pragma once

#include <bit>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "serialization/binary_formats.hpp"
#include "serialization/json_fast.hpp"
#include "serialization/json_nlohmann.hpp"
#include "serialization/msgpack_typed.hpp"
#include "serialization/records.hpp"

namespace wl::testing {

// Records that push every field to its limits: extreme integers, awkward doubles, every control
// character, quotes, backslashes and multi-byte UTF-8.
inline std::vector<Record> edge_records() {
  std::string controls;
  for (int c = 0; c < 0x20; ++c) controls += static_cast<char>(c);
  const std::vector<double> doubles = {0.1,
                                       1e-300,
                                       -0.0,
                                       0.0,
                                       1.0,
                                       -1.5,
                                       0.30000000000000004,
                                       123456789012345680.0,
                                       1e21,
                                       1e22,
                                       9007199254740993.0,
                                       std::numeric_limits<double>::min(),
                                       std::numeric_limits<double>::denorm_min(),
                                       std::numeric_limits<double>::max(),
                                       std::numeric_limits<double>::lowest(),
                                       std::numeric_limits<double>::epsilon()};
  std::vector<Record> records;
  for (std::size_t i = 0; i < doubles.size(); ++i) {
    Record r;
    r.id = i;
    r.score = doubles[i];
    r.ratio = doubles[doubles.size() - 1 - i];
    r.active = i % 2 == 0;
    records.push_back(r);
  }
  Record big;
  big.id = std::numeric_limits<std::uint64_t>::max();
  big.timestamp_ms = std::numeric_limits<std::int64_t>::min();
  big.name = "quote\" backslash\\ slash/ del\x7f " + controls;
  big.email = "Zoë Łukasz Αλέξης Дмитрий 李小龍 🚀 \u2028\u2029 \xEF\xBB\xBF";
  big.tags = {{"", ""}, {controls, "\"\\"}, {"ключ", "値"}, {std::string("a\0b", 3), "\x1f"}};
  records.push_back(big);
  Record other;
  other.id = std::uint64_t{1} << 63;
  other.timestamp_ms = std::numeric_limits<std::int64_t>::max();
  other.name = "";
  other.email = "x@example.com";
  records.push_back(other);
  return records;
}

// Finite doubles spread over the whole range, from random bit patterns.
inline std::vector<double> random_doubles(std::size_t count) {
  std::vector<double> values;
  std::uint64_t state = 42;
  while (values.size() < count) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const double d = std::bit_cast<double>(state ^ (state >> 29));
    if (d == d && d - d == 0) values.push_back(d);  // finite
  }
  return values;
}

// One format: a name, and encode + decode through bytes held in a std::string.
struct Format {
  const char* name;
  std::function<std::string(const std::vector<Record>&)> encode;
  std::function<DecodeResult(const std::string&)> decode;
};

inline std::vector<std::uint8_t> as_bytes(const std::string& s) { return {s.begin(), s.end()}; }
inline std::string as_string(const std::vector<std::uint8_t>& b) { return {b.begin(), b.end()}; }

inline std::vector<Format> all_formats() {
  return {
      {"json_nlohmann", encode_json_nlohmann,
       [](const std::string& s) { return decode_json_nlohmann(s); }},
      {"json_fast", encode_json_fast, [](const std::string& s) { return decode_json_fast(s); }},
      {"json_rapidjson+fast", encode_json_rapidjson,
       [](const std::string& s) { return decode_json_fast(s); }},
      {"json_fast+nlohmann", encode_json_fast,
       [](const std::string& s) { return decode_json_nlohmann(s); }},
      {"json_nlohmann+fast", encode_json_nlohmann,
       [](const std::string& s) { return decode_json_fast(s); }},
      {"msgpack", [](const std::vector<Record>& r) { return as_string(encode_msgpack(r)); },
       [](const std::string& s) { return decode_msgpack(as_bytes(s)); }},
      {"msgpack_typed",
       [](const std::vector<Record>& r) { return as_string(encode_msgpack_typed(r)); },
       [](const std::string& s) { return decode_msgpack_typed(as_bytes(s)); }},
      {"msgpack_typed+nlohmann",
       [](const std::vector<Record>& r) { return as_string(encode_msgpack_typed(r)); },
       [](const std::string& s) { return decode_msgpack(as_bytes(s)); }},
      {"msgpack_nlohmann+typed",
       [](const std::vector<Record>& r) { return as_string(encode_msgpack(r)); },
       [](const std::string& s) { return decode_msgpack_typed(as_bytes(s)); }},
      {"cbor", [](const std::vector<Record>& r) { return as_string(encode_cbor(r)); },
       [](const std::string& s) { return decode_cbor(as_bytes(s)); }},
  };
}

}  // namespace wl::testing
