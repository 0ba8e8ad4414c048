// Message digests: SHA-256 and BLAKE2b-512 through OpenSSL EVP, XXH3-64 and XXH3-128 (xxHash).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include <openssl/evp.h>

namespace wl {

using Sha256Digest = std::array<std::uint8_t, 32>;
using Blake2b512Digest = std::array<std::uint8_t, 64>;

// A 128-bit XXH3 value; `high` and `low` as XXH128_hash_t holds them.
struct Xxh128 {
  std::uint64_t low = 0;
  std::uint64_t high = 0;
  friend bool operator==(const Xxh128&, const Xxh128&) = default;
};

enum class EvpDigestAlgorithm { sha256, blake2b512 };

struct EvpMdDeleter {
  void operator()(EVP_MD* md) const { EVP_MD_free(md); }
};
struct EvpMdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

// Hashes whole messages with one OpenSSL digest, reusing the fetched EVP_MD and one context.
// Not thread-safe; use one hasher per thread.
class EvpHasher {
 public:
  // Throws std::runtime_error if OpenSSL cannot provide the algorithm.
  explicit EvpHasher(EvpDigestAlgorithm algorithm);

  // Return the digest length in bytes (32 for SHA-256, 64 for BLAKE2b-512).
  std::size_t digest_size() const { return digest_size_; }

  // Write the digest of data into out (at least digest_size() bytes). Throws on OpenSSL failure
  // or when out is too small.
  void digest_into(std::span<const std::uint8_t> data, std::span<std::uint8_t> out);

 private:
  std::unique_ptr<EVP_MD, EvpMdDeleter> md_;
  std::unique_ptr<EVP_MD_CTX, EvpMdCtxDeleter> ctx_;
  std::size_t digest_size_ = 0;
};

// Return SHA-256(data) (one-shot convenience; fetches the digest each call).
Sha256Digest sha256(std::span<const std::uint8_t> data);

// Return BLAKE2b-512(data), unkeyed (RFC 7693).
Blake2b512Digest blake2b512(std::span<const std::uint8_t> data);

// Return XXH3-64(data) with seed 0.
std::uint64_t xxh3_64(std::span<const std::uint8_t> data);

// Return XXH3-128(data) with seed 0.
Xxh128 xxh3_128(std::span<const std::uint8_t> data);

}  // namespace wl
