// The typed record the serialization workloads encode and decode, and a deterministic generator
// of realistic datasets (ids, names, e-mails, timestamps, nested tags, floats).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace wl {

// One key/value label attached to a record.
struct Tag {
  std::string key;
  std::string value;

  bool operator==(const Tag&) const = default;
};

// One row of the dataset. Strings hold valid UTF-8 and may contain any character, including
// quotes, backslashes and control characters.
struct Record {
  std::uint64_t id = 0;
  std::string name;
  std::string email;
  std::int64_t timestamp_ms = 0;  // milliseconds since the Unix epoch
  std::vector<Tag> tags;
  double score = 0;
  double ratio = 0;
  bool active = false;
};

// Equal when every field is equal; doubles compare bit for bit (0.0 differs from -0.0).
bool operator==(const Record& a, const Record& b);

// What a decoder returns: the records, or the first error found (naming record and field).
struct DecodeResult {
  std::vector<Record> records;
  std::string error;  // empty when decoding succeeded

  bool ok() const { return error.empty(); }
};

inline constexpr std::uint64_t kDefaultSeed = 0x5EED'2026'0001ULL;

// Return `count` records generated from `seed`: the same arguments give the same records on every
// platform. About 1 record in 10 has a non-ASCII name and 1 in 13 a string that JSON must escape.
std::vector<Record> generate_records(std::size_t count, std::uint64_t seed = kDefaultSeed);

}  // namespace wl
