#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/aead.hpp"

namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes hex(std::string_view text) {
  Bytes out;
  auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(nibble(text[i]) << 4 | nibble(text[i + 1])));
  }
  return out;
}

Bytes bytes(std::string_view text) { return Bytes(text.begin(), text.end()); }

Bytes pattern(std::size_t size) {
  Bytes out(size);
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>(i * 31 + 7);
  return out;
}

struct KnownAnswer {
  wl::AeadAlgorithm algorithm;
  Bytes key, nonce, plaintext, aad, ciphertext, tag;
};

// Seal with the fixed nonce twice (the keyed context is reused) and open the result.
void check_known_answer(const KnownAnswer& kat) {
  wl::Aead aead(kat.algorithm, kat.key);
  Bytes expected = kat.nonce;
  expected.insert(expected.end(), kat.ciphertext.begin(), kat.ciphertext.end());
  expected.insert(expected.end(), kat.tag.begin(), kat.tag.end());
  std::span<const std::uint8_t, wl::kAeadNonceSize> nonce(kat.nonce.data(), wl::kAeadNonceSize);
  for (int round = 0; round < 2; ++round) {
    Bytes sealed(wl::sealed_size(kat.plaintext.size()));
    REQUIRE(aead.seal_with_nonce_into(nonce, kat.plaintext, kat.aad, sealed) == sealed.size());
    CHECK(sealed == expected);
  }
  const auto opened = aead.open(expected, kat.aad);
  REQUIRE(opened.has_value());
  CHECK(*opened == kat.plaintext);
}

}  // namespace

TEST_CASE("crypto: AES-256-GCM known answers (McGrew-Viega GCM spec test cases 13-16)") {
  const Bytes zero_key(32, 0), zero_nonce(12, 0);
  SUBCASE("test case 13: empty plaintext") {
    check_known_answer({wl::AeadAlgorithm::aes256gcm,
                        zero_key,
                        zero_nonce,
                        {},
                        {},
                        {},
                        hex("530f8afbc74536b9a963b4f1c4cb738b")});
  }
  SUBCASE("test case 14: one zero block") {
    check_known_answer({wl::AeadAlgorithm::aes256gcm,
                        zero_key,
                        zero_nonce,
                        Bytes(16, 0),
                        {},
                        hex("cea7403d4d606b6e074ec5d3baf39d18"),
                        hex("d0d1c8a799996bf0265b98b5d48ab919")});
  }
  const Bytes key = hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
  const Bytes nonce = hex("cafebabefacedbaddecaf888");
  SUBCASE("test case 15: 64 bytes, no AAD") {
    check_known_answer({wl::AeadAlgorithm::aes256gcm,
                        key,
                        nonce,
                        hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                            "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255"),
                        {},
                        hex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                            "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad"),
                        hex("b094dac5d93471bdec1a502270e3cc6c")});
  }
  SUBCASE("test case 16: 60 bytes with AAD") {
    check_known_answer({wl::AeadAlgorithm::aes256gcm, key, nonce,
                        hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                            "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"),
                        hex("feedfacedeadbeeffeedfacedeadbeefabaddad2"),
                        hex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                            "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"),
                        hex("76fc6ece0f4e1768cddf8853bb2d551b")});
  }
}

TEST_CASE("crypto: ChaCha20-Poly1305 known answer (RFC 8439 section 2.8.2)") {
  check_known_answer(
      {wl::AeadAlgorithm::chacha20poly1305,
       hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"),
       hex("070000004041424344454647"),
       bytes("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for "
             "the future, sunscreen would be it."),
       hex("50515253c0c1c2c3c4c5c6c7"),
       hex("d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
           "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
           "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
           "3ff4def08e4b7a9de576d26586cec64b6116"),
       hex("1ae10b594f09e26a7e902ecbd0600691")});
}

TEST_CASE("crypto: round trips, random nonces and tamper rejection") {
  const Bytes key = pattern(32);
  for (auto algorithm : {wl::AeadAlgorithm::aes256gcm, wl::AeadAlgorithm::chacha20poly1305}) {
    CAPTURE(static_cast<int>(algorithm));
    wl::Aead aead(algorithm, key);
    const Bytes aad = bytes("camera-7|2026-11-23");

    SUBCASE("round trip at several sizes, with and without AAD") {
      for (std::size_t size : {0, 1, 15, 16, 17, 1024, 65537, 1 << 20}) {
        CAPTURE(size);
        const Bytes plaintext = pattern(size);
        const Bytes sealed = aead.seal(plaintext, aad);
        REQUIRE(sealed.size() == size + wl::kAeadOverhead);
        const auto opened = aead.open(sealed, aad);
        REQUIRE(opened.has_value());
        CHECK(*opened == plaintext);
        const Bytes sealed_plain = aead.seal(plaintext);
        const auto opened_plain = aead.open(sealed_plain);
        REQUIRE(opened_plain.has_value());
        CHECK(*opened_plain == plaintext);
      }
    }

    SUBCASE("each message gets a fresh nonce") {
      const Bytes plaintext = pattern(64);
      const Bytes first = aead.seal(plaintext);
      const Bytes second = aead.seal(plaintext);
      CHECK_FALSE(Bytes(first.begin(), first.begin() + 12) ==
                  Bytes(second.begin(), second.begin() + 12));
      CHECK_FALSE(first == second);
    }

    SUBCASE("seal_into and open_into use caller buffers") {
      const Bytes plaintext = pattern(1000);
      Bytes sealed(wl::sealed_size(plaintext.size()) + 5, 0xee);
      REQUIRE(aead.seal_into(plaintext, aad, sealed) == plaintext.size() + wl::kAeadOverhead);
      sealed.resize(plaintext.size() + wl::kAeadOverhead);
      Bytes out(plaintext.size());
      const wl::OpenResult result = aead.open_into(sealed, aad, out);
      REQUIRE(result.ok());
      CHECK(result.size == plaintext.size());
      CHECK(out == plaintext);
      Bytes small(plaintext.size() - 1);
      CHECK(aead.open_into(sealed, aad, small).status == wl::OpenStatus::output_too_small);
      Bytes too_small_for_seal(plaintext.size());
      CHECK_THROWS_AS(aead.seal_into(plaintext, aad, too_small_for_seal), std::length_error);
    }

    SUBCASE("any flipped bit or wrong AAD is rejected") {
      const Bytes plaintext = pattern(300);
      const Bytes sealed = aead.seal(plaintext, aad);
      Bytes out(plaintext.size());
      // Positions: nonce, first and last ciphertext byte, tag.
      for (std::size_t position : {std::size_t{0}, std::size_t{11}, std::size_t{12},
                                   sealed.size() - 17, sealed.size() - 16, sealed.size() - 1}) {
        CAPTURE(position);
        Bytes tampered = sealed;
        tampered[position] ^= 0x01;
        const wl::OpenResult result = aead.open_into(tampered, aad, out);
        CHECK(result.status == wl::OpenStatus::auth_failed);
        CHECK(out == Bytes(out.size(), 0));  // no unauthenticated plaintext leaks out
        CHECK_FALSE(aead.open(tampered, aad).has_value());
      }
      Bytes other_aad = aad;
      other_aad.back() ^= 0x80;
      CHECK_FALSE(aead.open(sealed, other_aad).has_value());
      CHECK_FALSE(aead.open(sealed).has_value());
      CHECK_FALSE(aead.open(Bytes(sealed.begin(), sealed.end() - 1), aad).has_value());
      CHECK(aead.open_into(Bytes(27, 0), aad, out).status == wl::OpenStatus::too_short);
      // The context recovers after failures.
      const auto opened = aead.open(sealed, aad);
      REQUIRE(opened.has_value());
      CHECK(*opened == plaintext);
    }

    SUBCASE("a different key cannot open") {
      Bytes other_key = key;
      other_key[5] ^= 0x20;
      wl::Aead other(algorithm, other_key);
      CHECK_FALSE(other.open(aead.seal(pattern(50), aad), aad).has_value());
    }
  }
}

TEST_CASE("crypto: key must be 32 bytes") {
  CHECK_THROWS_AS(wl::Aead(wl::AeadAlgorithm::aes256gcm, Bytes(16, 1)), std::invalid_argument);
  CHECK_THROWS_AS(wl::Aead(wl::AeadAlgorithm::chacha20poly1305, Bytes(33, 1)),
                  std::invalid_argument);
}
