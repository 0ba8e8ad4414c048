// The typed MessagePack writer: smallest integer forms, float64 doubles, no DOM.
#include "serialization/msgpack_typed.hpp"

#include <bit>
#include <cstdint>
#include <string_view>

namespace wl {

namespace {

class Writer {
 public:
  explicit Writer(std::size_t estimate) { bytes_.reserve(estimate); }

  void array_header(std::size_t n) { header(n, 0x90, 0xdc, 0xdd); }
  void map_header(std::size_t n) { header(n, 0x80, 0xde, 0xdf); }

  void string(std::string_view s) {
    const std::size_t n = s.size();
    if (n < 32) {
      byte(static_cast<std::uint8_t>(0xa0 | n));
    } else if (n <= 0xff) {
      byte(0xd9);
      byte(static_cast<std::uint8_t>(n));
    } else if (n <= 0xffff) {
      byte(0xda);
      big_endian(static_cast<std::uint16_t>(n));
    } else {
      byte(0xdb);
      big_endian(static_cast<std::uint32_t>(n));
    }
    bytes_.insert(bytes_.end(), s.begin(), s.end());
  }

  void unsigned_integer(std::uint64_t v) {
    if (v < 0x80) {
      byte(static_cast<std::uint8_t>(v));
    } else if (v <= 0xff) {
      byte(0xcc);
      byte(static_cast<std::uint8_t>(v));
    } else if (v <= 0xffff) {
      byte(0xcd);
      big_endian(static_cast<std::uint16_t>(v));
    } else if (v <= 0xffffffff) {
      byte(0xce);
      big_endian(static_cast<std::uint32_t>(v));
    } else {
      byte(0xcf);
      big_endian(v);
    }
  }

  void signed_integer(std::int64_t v) {
    if (v >= 0) return unsigned_integer(static_cast<std::uint64_t>(v));
    if (v >= -32) {
      byte(static_cast<std::uint8_t>(v));  // negative fixint
    } else if (v >= INT8_MIN) {
      byte(0xd0);
      byte(static_cast<std::uint8_t>(v));
    } else if (v >= INT16_MIN) {
      byte(0xd1);
      big_endian(static_cast<std::uint16_t>(v));
    } else if (v >= INT32_MIN) {
      byte(0xd2);
      big_endian(static_cast<std::uint32_t>(v));
    } else {
      byte(0xd3);
      big_endian(static_cast<std::uint64_t>(v));
    }
  }

  void float64(double v) {
    byte(0xcb);
    big_endian(std::bit_cast<std::uint64_t>(v));
  }
  void boolean(bool v) { byte(v ? 0xc3 : 0xc2); }

  std::vector<std::uint8_t> finish() { return std::move(bytes_); }

 private:
  void byte(std::uint8_t b) { bytes_.push_back(b); }
  template <typename T>
  void big_endian(T v) {
    for (int shift = 8 * (sizeof(T) - 1); shift >= 0; shift -= 8) {
      byte(static_cast<std::uint8_t>(v >> shift));
    }
  }
  void header(std::size_t n, std::uint8_t fix, std::uint8_t tag16, std::uint8_t tag32) {
    if (n < 16) {
      byte(static_cast<std::uint8_t>(fix | n));
    } else if (n <= 0xffff) {
      byte(tag16);
      big_endian(static_cast<std::uint16_t>(n));
    } else {
      byte(tag32);
      big_endian(static_cast<std::uint32_t>(n));
    }
  }

  std::vector<std::uint8_t> bytes_;
};

}  // namespace

std::vector<std::uint8_t> encode_msgpack_typed(const std::vector<Record>& records) {
  Writer out(records.size() * 240 + 8);
  out.array_header(records.size());
  for (const Record& r : records) {
    out.map_header(8);
    out.string("id");
    out.unsigned_integer(r.id);
    out.string("name");
    out.string(r.name);
    out.string("email");
    out.string(r.email);
    out.string("timestamp_ms");
    out.signed_integer(r.timestamp_ms);
    out.string("tags");
    out.array_header(r.tags.size());
    for (const Tag& tag : r.tags) {
      out.map_header(2);
      out.string("key");
      out.string(tag.key);
      out.string("value");
      out.string(tag.value);
    }
    out.string("score");
    out.float64(r.score);
    out.string("ratio");
    out.float64(r.ratio);
    out.string("active");
    out.boolean(r.active);
  }
  return out.finish();
}

}  // namespace wl
