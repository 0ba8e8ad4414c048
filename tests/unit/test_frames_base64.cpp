#include <doctest/doctest.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frames/base64.hpp"

namespace {

using Bytes = std::vector<std::uint8_t>;

std::optional<Bytes> decode(std::string_view text) {
  Bytes out(wl::base64_max_decoded_size(text.size()));
  const auto size = wl::base64_decode_into(text, out);
  if (!size) return std::nullopt;
  out.resize(*size);
  return out;
}

Bytes bytes(std::string_view text) { return Bytes(text.begin(), text.end()); }

}  // namespace

TEST_CASE("frames: base64 RFC 4648 test vectors") {
  const std::pair<std::string_view, std::string_view> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    CAPTURE(plain);
    CHECK(wl::base64_encode(bytes(plain)) == encoded);
    const auto decoded = decode(encoded);
    REQUIRE(decoded.has_value());
    CHECK(*decoded == bytes(plain));
  }
}

TEST_CASE("frames: base64 round trips every length and byte value") {
  Bytes data;
  for (std::size_t size = 0; size < 300; ++size) {
    CAPTURE(size);
    const std::string text = wl::base64_encode(data);
    CHECK(text.size() == (size + 2) / 3 * 4);
    const auto decoded = decode(text);
    REQUIRE(decoded.has_value());
    CHECK(*decoded == data);
    data.push_back(static_cast<std::uint8_t>(size * 97 + 13));
  }
  Bytes all(256);
  for (int i = 0; i < 256; ++i) all[i] = static_cast<std::uint8_t>(i);
  CHECK(decode(wl::base64_encode(all)) == all);
}

TEST_CASE("frames: base64 rejects invalid characters and bad padding") {
  SUBCASE("every byte outside the alphabet, at every position of a quantum") {
    const std::string_view alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const std::string valid = wl::base64_encode(bytes("the quick brown fox jumps!!"));
    REQUIRE(valid.size() == 36);
    REQUIRE(decode(valid).has_value());
    for (int c = 0; c < 256; ++c) {
      if (alphabet.find(static_cast<char>(c)) != std::string_view::npos) continue;
      // '=' in the last place is valid padding (of other bytes): covered by the padding cases.
      for (std::size_t position : {0, 1, 2, 3, 13, 30, 35}) {
        if (c == '=' && position == 35) continue;
        std::string text = valid;
        text[position] = static_cast<char>(c);
        CAPTURE(c);
        CAPTURE(position);
        CHECK_FALSE(decode(text).has_value());
      }
    }
  }
  SUBCASE("malformed padding and lengths") {
    for (std::string_view text : std::initializer_list<std::string_view>{
             "Zg=", "Zg", "Z", "Zm9vY", "Z===", "====", "=Zg=", "Zm=v", "Zm9=Yg==", "Zg==Zg==",
             "Zh==", "Zm9=", "Zm8=\n", " Zm8=", "Zm-_", std::string_view("Zm9v\0Yg=", 8)}) {
      CAPTURE(text);
      CHECK_FALSE(decode(text).has_value());
    }
  }
  SUBCASE("output buffer too small") {
    Bytes out(2);
    CHECK_FALSE(wl::base64_decode_into("Zm9v", out).has_value());
  }
}
