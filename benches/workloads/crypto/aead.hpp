// Authenticated encryption (AES-256-GCM, ChaCha20-Poly1305) through OpenSSL EVP.
// Sealed format: nonce (12 bytes) || ciphertext (same length as plaintext) || tag (16 bytes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include <openssl/evp.h>

namespace wl {

enum class AeadAlgorithm { aes256gcm, chacha20poly1305 };

inline constexpr std::size_t kAeadKeySize = 32;
inline constexpr std::size_t kAeadNonceSize = 12;
inline constexpr std::size_t kAeadTagSize = 16;
inline constexpr std::size_t kAeadOverhead = kAeadNonceSize + kAeadTagSize;

// Why open refused a message. Tampering is an expected outcome, never an exception.
enum class OpenStatus { ok, too_short, output_too_small, auth_failed };

// Outcome of open_into: on ok, `size` plaintext bytes were written; otherwise nothing usable was.
struct OpenResult {
  OpenStatus status = OpenStatus::auth_failed;
  std::size_t size = 0;
  bool ok() const { return status == OpenStatus::ok; }
};

// Return the size of the sealed form of a plaintext of `plaintext_size` bytes.
constexpr std::size_t sealed_size(std::size_t plaintext_size) {
  return plaintext_size + kAeadOverhead;
}

// Return the plaintext size of a sealed message of `sealed_bytes` (0 if it is too short).
constexpr std::size_t opened_size(std::size_t sealed_bytes) {
  return sealed_bytes < kAeadOverhead ? 0 : sealed_bytes - kAeadOverhead;
}

struct EvpCipherDeleter {
  void operator()(EVP_CIPHER* cipher) const { EVP_CIPHER_free(cipher); }
};
struct EvpCipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};

// One key, one algorithm: seals and opens messages, reusing the fetched cipher and one keyed
// context per direction. Not thread-safe; use one Aead per thread.
class Aead {
 public:
  // Throws std::invalid_argument unless key is 32 bytes; std::runtime_error if OpenSSL fails.
  Aead(AeadAlgorithm algorithm, std::span<const std::uint8_t> key);

  AeadAlgorithm algorithm() const { return algorithm_; }

  // Seal with a fresh random nonce into out (at least sealed_size(plaintext.size()) bytes).
  // Return the bytes written. Throws std::length_error if out is too small. out must not overlap
  // plaintext.
  std::size_t seal_into(std::span<const std::uint8_t> plaintext, std::span<const std::uint8_t> aad,
                        std::span<std::uint8_t> out);

  // Seal with a caller-chosen nonce (known-answer tests only: never reuse a nonce under one key).
  std::size_t seal_with_nonce_into(std::span<const std::uint8_t, kAeadNonceSize> nonce,
                                   std::span<const std::uint8_t> plaintext,
                                   std::span<const std::uint8_t> aad, std::span<std::uint8_t> out);

  // Return nonce || ciphertext || tag with a fresh random nonce.
  std::vector<std::uint8_t> seal(std::span<const std::uint8_t> plaintext,
                                 std::span<const std::uint8_t> aad = {});

  // Verify and decrypt a sealed message into out (at least opened_size(sealed.size()) bytes).
  // On any failure the plaintext region of out is zeroed.
  OpenResult open_into(std::span<const std::uint8_t> sealed, std::span<const std::uint8_t> aad,
                       std::span<std::uint8_t> out);

  // Return the plaintext, or nullopt if the message is malformed or fails authentication.
  std::optional<std::vector<std::uint8_t>> open(std::span<const std::uint8_t> sealed,
                                                std::span<const std::uint8_t> aad = {});

 private:
  AeadAlgorithm algorithm_;
  std::unique_ptr<EVP_CIPHER, EvpCipherDeleter> cipher_;
  std::unique_ptr<EVP_CIPHER_CTX, EvpCipherCtxDeleter> encrypt_;
  std::unique_ptr<EVP_CIPHER_CTX, EvpCipherCtxDeleter> decrypt_;
};

}  // namespace wl
