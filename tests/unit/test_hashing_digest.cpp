#include <doctest/doctest.h>

#include <xxhash.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hashing/digest.hpp"

namespace {

using Bytes = std::vector<std::uint8_t>;

template <std::size_t N>
std::string to_hex(const std::array<std::uint8_t, N>& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t byte : digest) {
    out += kDigits[byte >> 4];
    out += kDigits[byte & 15];
  }
  return out;
}

Bytes bytes(std::string_view text) { return Bytes(text.begin(), text.end()); }

// The pseudo-random buffer xxHash's own sanity check (xxhsum) hashes; its published values below.
Bytes xxhash_sanity_buffer(std::size_t size) {
  constexpr std::uint64_t kPrime32 = 2654435761U;
  constexpr std::uint64_t kPrime64 = 11400714785074694797ULL;
  Bytes out(size);
  std::uint64_t generator = kPrime32;
  for (auto& byte : out) {
    byte = static_cast<std::uint8_t>(generator >> 56);
    generator *= kPrime64;
  }
  return out;
}

}  // namespace

TEST_CASE("hashing: SHA-256 known digests (FIPS 180-2 examples)") {
  CHECK(to_hex(wl::sha256(bytes("abc"))) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(to_hex(wl::sha256({})) ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(to_hex(wl::sha256(bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(to_hex(wl::sha256(Bytes(1000000, 'a'))) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("hashing: BLAKE2b-512 known digests (RFC 7693 appendix A)") {
  CHECK(to_hex(wl::blake2b512(bytes("abc"))) ==
        "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
        "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
  CHECK(to_hex(wl::blake2b512({})) ==
        "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
        "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce");
}

TEST_CASE("hashing: EvpHasher reuses its context and matches the one-shot helpers") {
  wl::EvpHasher sha(wl::EvpDigestAlgorithm::sha256);
  wl::EvpHasher blake(wl::EvpDigestAlgorithm::blake2b512);
  REQUIRE(sha.digest_size() == 32);
  REQUIRE(blake.digest_size() == 64);
  for (std::size_t size : {0, 1, 63, 64, 65, 4096, 100000}) {
    CAPTURE(size);
    const Bytes data = xxhash_sanity_buffer(size);
    wl::Sha256Digest sha_out{};
    sha.digest_into(data, sha_out);
    CHECK(sha_out == wl::sha256(data));
    wl::Blake2b512Digest blake_out{};
    blake.digest_into(data, blake_out);
    CHECK(blake_out == wl::blake2b512(data));
  }
  std::array<std::uint8_t, 31> small{};
  CHECK_THROWS_AS(sha.digest_into(bytes("abc"), small), std::length_error);
}

TEST_CASE("hashing: XXH3-64 matches xxHash's published sanity values (seed 0)") {
  const Bytes buffer = xxhash_sanity_buffer(2367);
  const std::pair<std::size_t, std::uint64_t> cases[] = {
      {0, 0x2D06800538D394C2ULL},    {1, 0xC44BDFF4074EECDBULL},    {6, 0x27B56A84CD2D7325ULL},
      {12, 0xA713DAF0DFBB77E7ULL},   {24, 0xA3FE70BF9D3510EBULL},   {48, 0x397DA259ECBA1F11ULL},
      {80, 0xBCDEFBBB2C47C90AULL},   {195, 0xCD94217EE362EC3AULL},  {403, 0xCDEB804D65C6DEA4ULL},
      {512, 0x617E49599013CB6BULL},  {2048, 0xDD59E2C3A5F038E0ULL}, {2240, 0x6E73A90539CF2948ULL},
      {2367, 0xCB37AEB9E5D361EDULL},
  };
  for (const auto& [size, expected] : cases) {
    CAPTURE(size);
    CHECK(wl::xxh3_64(std::span(buffer).first(size)) == expected);
  }
}

TEST_CASE("hashing: XXH3-128 matches xxHash's published sanity values (seed 0)") {
  const Bytes buffer = xxhash_sanity_buffer(2367);
  struct Case {
    std::size_t size;
    wl::Xxh128 expected;
  };
  const Case cases[] = {
      {0, {0x6001C324468D497FULL, 0x99AA06D3014798D8ULL}},
      {1, {0xC44BDFF4074EECDBULL, 0xA6CD5E9392000F6AULL}},
      {6, {0x3E7039BDDA43CFC6ULL, 0x082AFE0B8162D12AULL}},
      {12, {0x061A192713F69AD9ULL, 0x6E3EFD8FC7802B18ULL}},
      {24, {0x1E7044D28B1B901DULL, 0x0CE966E4678D3761ULL}},
      {48, {0xF942219AED80F67BULL, 0xA002AC4E5478227EULL}},
      {81, {0x5E8BAFB9F95FB803ULL, 0x4952F58181AB0042ULL}},
      {222, {0xF1AEBD597CEC6B3AULL, 0x337E09641B948717ULL}},
      {403, {0xCDEB804D65C6DEA4ULL, 0x1B6DE21E332DD73DULL}},
      {512, {0x617E49599013CB6BULL, 0x18D2D110DCC9BCA1ULL}},
      {2048, {0xDD59E2C3A5F038E0ULL, 0xF736557FD47073A5ULL}},
      {2240, {0x6E73A90539CF2948ULL, 0xCCB134FBFA7CE49DULL}},
      {2367, {0xCB37AEB9E5D361EDULL, 0xE89C0F6FF369B427ULL}},
  };
  for (const auto& [size, expected] : cases) {
    CAPTURE(size);
    const wl::Xxh128 got = wl::xxh3_128(std::span(buffer).first(size));
    CHECK(got.low == expected.low);
    CHECK(got.high == expected.high);
  }
}

TEST_CASE("hashing: XXH3 one-shot equals streaming over large inputs") {
  const Bytes data = xxhash_sanity_buffer(3 << 20);
  XXH3_state_t* state = XXH3_createState();
  REQUIRE(state != nullptr);
  REQUIRE(XXH3_64bits_reset(state) == XXH_OK);
  for (std::size_t offset = 0; offset < data.size(); offset += 777777) {
    const std::size_t chunk = std::min<std::size_t>(777777, data.size() - offset);
    REQUIRE(XXH3_64bits_update(state, data.data() + offset, chunk) == XXH_OK);
  }
  CHECK(XXH3_64bits_digest(state) == wl::xxh3_64(data));
  REQUIRE(XXH3_128bits_reset(state) == XXH_OK);
  REQUIRE(XXH3_128bits_update(state, data.data(), data.size()) == XXH_OK);
  const XXH128_hash_t streamed = XXH3_128bits_digest(state);
  XXH3_freeState(state);
  const wl::Xxh128 one_shot = wl::xxh3_128(data);
  CHECK(one_shot.low == streamed.low64);
  CHECK(one_shot.high == streamed.high64);
}
