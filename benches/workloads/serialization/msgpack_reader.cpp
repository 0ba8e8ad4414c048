// The typed MessagePack reader: bounds-checked cursor, strict types, no DOM.
#include "serialization/msgpack_typed.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>
#include <string_view>

#include <simdjson.h>

namespace wl {

namespace {

// Thrown inside the reader only; decode_msgpack_typed turns it into DecodeResult::error.
struct Malformed {
  std::string what;
};

constexpr int kMaxSkipDepth = 64;

// Most strings are short and ASCII: checking that inline beats a call into the UTF-8 validator.
bool is_ascii(const char* data, std::size_t n) {
  std::uint64_t high_bits = 0;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, data + i, 8);
    high_bits |= word;
  }
  for (; i < n; ++i) high_bits |= static_cast<unsigned char>(data[i]);
  return (high_bits & 0x8080808080808080ULL) == 0;
}

class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> bytes)
      : begin_(bytes.data()), cursor_(bytes.data()), end_(bytes.data() + bytes.size()) {}

  bool at_end() const { return cursor_ == end_; }
  std::size_t offset() const { return static_cast<std::size_t>(cursor_ - begin_); }

  // Array or map header: the element count, checked against the bytes left (each element
  // takes at least `min_element_size` bytes) so a forged count cannot trigger a huge allocation.
  std::size_t array_header(const char* what) { return container(0x90, 0xdc, 0xdd, 1, what); }
  std::size_t map_header(const char* what) { return container(0x80, 0xde, 0xdf, 2, what); }

  std::string_view string(const char* what) {
    const std::uint8_t tag = next(what);
    std::size_t n;
    if ((tag & 0xe0) == 0xa0) {
      n = tag & 0x1f;
    } else if (tag == 0xd9) {
      n = big_endian<std::uint8_t>(what);
    } else if (tag == 0xda) {
      n = big_endian<std::uint16_t>(what);
    } else if (tag == 0xdb) {
      n = big_endian<std::uint32_t>(what);
    } else {
      wrong_type(what, "string", tag);
    }
    const char* data = reinterpret_cast<const char*>(take(n, what));
    if (!is_ascii(data, n) && !simdjson::validate_utf8(data, n)) fail(what, "invalid UTF-8");
    return {data, n};
  }

  std::uint64_t unsigned_integer(const char* what) {
    const std::uint8_t tag = next(what);
    if (tag < 0x80) return tag;
    switch (tag) {
      case 0xcc:
        return big_endian<std::uint8_t>(what);
      case 0xcd:
        return big_endian<std::uint16_t>(what);
      case 0xce:
        return big_endian<std::uint32_t>(what);
      case 0xcf:
        return big_endian<std::uint64_t>(what);
      case 0xd0:
      case 0xd1:
      case 0xd2:
      case 0xd3: {
        const std::int64_t v = signed_payload(tag, what);
        if (v < 0) fail(what, "negative value");
        return static_cast<std::uint64_t>(v);
      }
      default:
        wrong_type(what, "unsigned integer", tag);
    }
  }

  std::int64_t signed_integer(const char* what) {
    const std::uint8_t tag = next(what);
    if (tag < 0x80) return tag;
    if (tag >= 0xe0) return static_cast<std::int8_t>(tag);
    switch (tag) {
      case 0xcc:
        return big_endian<std::uint8_t>(what);
      case 0xcd:
        return big_endian<std::uint16_t>(what);
      case 0xce:
        return big_endian<std::uint32_t>(what);
      case 0xcf: {
        const std::uint64_t v = big_endian<std::uint64_t>(what);
        if (v > static_cast<std::uint64_t>(INT64_MAX)) fail(what, "out of int64 range");
        return static_cast<std::int64_t>(v);
      }
      case 0xd0:
      case 0xd1:
      case 0xd2:
      case 0xd3:
        return signed_payload(tag, what);
      default:
        wrong_type(what, "integer", tag);
    }
  }

  double number(const char* what) {
    const std::uint8_t tag = peek(what);
    if (tag == 0xcb) {
      ++cursor_;
      return std::bit_cast<double>(big_endian<std::uint64_t>(what));
    }
    if (tag == 0xca) {
      ++cursor_;
      return std::bit_cast<float>(big_endian<std::uint32_t>(what));
    }
    if (tag < 0x80 || (tag >= 0xcc && tag <= 0xcf)) {
      return static_cast<double>(unsigned_integer(what));
    }
    if (tag >= 0xe0 || (tag >= 0xd0 && tag <= 0xd3)) {
      return static_cast<double>(signed_integer(what));
    }
    wrong_type(what, "number", tag);
  }

  bool boolean(const char* what) {
    const std::uint8_t tag = next(what);
    if (tag == 0xc2) return false;
    if (tag == 0xc3) return true;
    wrong_type(what, "boolean", tag);
  }

  // Step over one value of any type (an unknown field), nested at most kMaxSkipDepth deep.
  void skip(int depth = 0) {
    const char* what = "unknown field";
    if (depth > kMaxSkipDepth) fail(what, "nested too deeply");
    const std::uint8_t tag = peek(what);
    if ((tag & 0xf0) == 0x90 || tag == 0xdc || tag == 0xdd) {
      for (std::size_t n = array_header(what); n > 0; --n) skip(depth + 1);
      return;
    }
    if ((tag & 0xf0) == 0x80 || tag == 0xde || tag == 0xdf) {
      for (std::size_t n = 2 * map_header(what); n > 0; --n) skip(depth + 1);
      return;
    }
    ++cursor_;
    if (tag < 0x80 || tag >= 0xe0 || tag == 0xc0 || tag == 0xc2 || tag == 0xc3) return;
    if ((tag & 0xe0) == 0xa0) return void(take(tag & 0x1f, what));
    switch (tag) {
      case 0xc4:
      case 0xd9:
        return void(take(big_endian<std::uint8_t>(what), what));
      case 0xc5:
      case 0xda:
        return void(take(big_endian<std::uint16_t>(what), what));
      case 0xc6:
      case 0xdb:
        return void(take(big_endian<std::uint32_t>(what), what));
      case 0xc7:
        return void(take(big_endian<std::uint8_t>(what) + 1, what));  // ext 8
      case 0xc8:
        return void(take(big_endian<std::uint16_t>(what) + 1, what));
      case 0xc9:
        return void(take(big_endian<std::uint32_t>(what) + std::size_t{1}, what));
      case 0xca:
      case 0xce:
      case 0xd2:
        return void(take(4, what));
      case 0xcb:
      case 0xcf:
      case 0xd3:
        return void(take(8, what));
      case 0xcc:
      case 0xd0:
        return void(take(1, what));
      case 0xcd:
      case 0xd1:
        return void(take(2, what));
      case 0xd4:
      case 0xd5:
      case 0xd6:
      case 0xd7:
      case 0xd8:  // fixext 1..16, plus the type
        return void(take((std::size_t{1} << (tag - 0xd4)) + 1, what));
      default:
        fail(what, "reserved byte 0xc1");
    }
  }

  [[noreturn]] void fail(const char* what, const std::string& problem) const {
    throw Malformed{std::string(what) + ": " + problem + " at byte " + std::to_string(offset())};
  }

 private:
  [[noreturn]] void wrong_type(const char* what, const char* expected, std::uint8_t tag) const {
    static constexpr char kHex[] = "0123456789abcdef";
    fail(what, std::string("expected ") + expected + ", got type byte 0x" + kHex[tag >> 4] +
                   kHex[tag & 0xf]);
  }

  std::uint8_t peek(const char* what) const {
    if (cursor_ == end_) fail(what, "unexpected end of input");
    return *cursor_;
  }
  std::uint8_t next(const char* what) {
    const std::uint8_t tag = peek(what);
    ++cursor_;
    return tag;
  }
  const std::uint8_t* take(std::size_t n, const char* what) {
    if (static_cast<std::size_t>(end_ - cursor_) < n) fail(what, "unexpected end of input");
    const std::uint8_t* start = cursor_;
    cursor_ += n;
    return start;
  }
  template <typename T>
  T big_endian(const char* what) {
    const std::uint8_t* p = take(sizeof(T), what);
    T v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) v = static_cast<T>((v << 8) | p[i]);
    return v;
  }
  std::int64_t signed_payload(std::uint8_t tag, const char* what) {
    switch (tag) {
      case 0xd0:
        return static_cast<std::int8_t>(big_endian<std::uint8_t>(what));
      case 0xd1:
        return static_cast<std::int16_t>(big_endian<std::uint16_t>(what));
      case 0xd2:
        return static_cast<std::int32_t>(big_endian<std::uint32_t>(what));
      default:
        return static_cast<std::int64_t>(big_endian<std::uint64_t>(what));
    }
  }
  std::size_t container(std::uint8_t fix, std::uint8_t tag16, std::uint8_t tag32,
                        std::size_t min_element_size, const char* what) {
    const std::uint8_t tag = next(what);
    std::size_t n;
    if ((tag & 0xf0) == fix) {
      n = tag & 0x0f;
    } else if (tag == tag16) {
      n = big_endian<std::uint16_t>(what);
    } else if (tag == tag32) {
      n = big_endian<std::uint32_t>(what);
    } else {
      wrong_type(what, fix == 0x90 ? "array" : "map", tag);
    }
    if (n > static_cast<std::size_t>(end_ - cursor_) / min_element_size) {
      fail(what, "count larger than the input");
    }
    return n;
  }

  const std::uint8_t* begin_;
  const std::uint8_t* cursor_;
  const std::uint8_t* end_;
};

void read_tag(Reader& in, Tag& tag) {
  bool has_key = false;
  bool has_value = false;
  for (std::size_t n = in.map_header("tags"); n > 0; --n) {
    const std::string_view key = in.string("tags");
    if (key == "key") {
      tag.key = in.string("tags.key");
      has_key = true;
    } else if (key == "value") {
      tag.value = in.string("tags.value");
      has_value = true;
    } else {
      in.skip();
    }
  }
  if (!has_key) in.fail("tags.key", "missing field");
  if (!has_value) in.fail("tags.value", "missing field");
}

constexpr const char* kFieldNames[] = {"id",   "name",  "email", "timestamp_ms",
                                       "tags", "score", "ratio", "active"};
constexpr unsigned kAllFields = 0xff;

void read_record(Reader& in, Record& r) {
  unsigned seen = 0;
  for (std::size_t n = in.map_header("record"); n > 0; --n) {
    const std::string_view key = in.string("record key");
    unsigned bit;
    if (key == "id") {
      r.id = in.unsigned_integer("id"), bit = 0;
    } else if (key == "name") {
      r.name = in.string("name"), bit = 1;
    } else if (key == "email") {
      r.email = in.string("email"), bit = 2;
    } else if (key == "timestamp_ms") {
      r.timestamp_ms = in.signed_integer("timestamp_ms"), bit = 3;
    } else if (key == "tags") {
      r.tags.clear();
      for (std::size_t count = in.array_header("tags"); count > 0; --count) {
        read_tag(in, r.tags.emplace_back());
      }
      bit = 4;
    } else if (key == "score") {
      r.score = in.number("score"), bit = 5;
    } else if (key == "ratio") {
      r.ratio = in.number("ratio"), bit = 6;
    } else if (key == "active") {
      r.active = in.boolean("active"), bit = 7;
    } else {
      in.skip();
      continue;
    }
    seen |= 1u << bit;
  }
  for (unsigned bit = 0; bit < 8; ++bit) {
    if (!(seen & (1u << bit))) in.fail(kFieldNames[bit], "missing field");
  }
}

}  // namespace

DecodeResult decode_msgpack_typed(std::span<const std::uint8_t> bytes) {
  Reader in(bytes);
  DecodeResult result;
  std::size_t index = 0;
  bool in_records = false;
  try {
    const std::size_t count = in.array_header("top level");
    // A record takes well over 64 bytes: a forged count cannot reserve much more than the input.
    result.records.reserve(std::min(count, bytes.size() / 64));
    in_records = true;
    for (; index < count; ++index) read_record(in, result.records.emplace_back());
    in_records = false;
    if (!in.at_end()) in.fail("top level", "trailing bytes");
  } catch (const Malformed& e) {
    result.records.clear();
    result.error = in_records ? "record " + std::to_string(index) + ": " + e.what : e.what;
  }
  return result;
}

}  // namespace wl
