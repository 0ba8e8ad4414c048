#include "crypto/aead.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <stdexcept>
#include <string>

namespace wl {
namespace {

// EVP_*Update take an int length; feed larger buffers in chunks of this size.
constexpr std::size_t kMaxChunk = std::size_t{1} << 30;

const char* cipher_name(AeadAlgorithm algorithm) {
  switch (algorithm) {
    case AeadAlgorithm::aes256gcm:
      return "AES-256-GCM";
    case AeadAlgorithm::chacha20poly1305:
      return "ChaCha20-Poly1305";
  }
  return "";
}

[[noreturn]] void fail(const char* what) {
  throw std::runtime_error(std::string("OpenSSL AEAD: ") + what + " failed");
}

// Run data through ctx (encrypt or decrypt per ctx); out may be null to feed AAD.
bool update(EVP_CIPHER_CTX* ctx, std::uint8_t* out, const std::uint8_t* in, std::size_t size) {
  while (size > 0) {
    const std::size_t chunk = std::min(size, kMaxChunk);
    int written = 0;
    if (EVP_CipherUpdate(ctx, out, &written, in, static_cast<int>(chunk)) != 1) return false;
    if (out != nullptr) out += written;
    in += chunk;
    size -= chunk;
  }
  return true;
}

}  // namespace

Aead::Aead(AeadAlgorithm algorithm, std::span<const std::uint8_t> key) : algorithm_(algorithm) {
  if (key.size() != kAeadKeySize) throw std::invalid_argument("AEAD key must be 32 bytes");
  cipher_.reset(EVP_CIPHER_fetch(nullptr, cipher_name(algorithm), nullptr));
  if (!cipher_) fail("EVP_CIPHER_fetch");
  encrypt_.reset(EVP_CIPHER_CTX_new());
  decrypt_.reset(EVP_CIPHER_CTX_new());
  if (!encrypt_ || !decrypt_) fail("EVP_CIPHER_CTX_new");
  // Key both contexts once; each message then only sets its nonce (the key schedule is kept).
  if (EVP_EncryptInit_ex2(encrypt_.get(), cipher_.get(), key.data(), nullptr, nullptr) != 1 ||
      EVP_DecryptInit_ex2(decrypt_.get(), cipher_.get(), key.data(), nullptr, nullptr) != 1) {
    fail("key set-up");
  }
  if (EVP_CIPHER_CTX_get_iv_length(encrypt_.get()) != static_cast<int>(kAeadNonceSize)) {
    fail("nonce length check");
  }
}

std::size_t Aead::seal_into(std::span<const std::uint8_t> plaintext,
                            std::span<const std::uint8_t> aad, std::span<std::uint8_t> out) {
  std::array<std::uint8_t, kAeadNonceSize> nonce;
  if (RAND_bytes(nonce.data(), static_cast<int>(nonce.size())) != 1) fail("RAND_bytes");
  return seal_with_nonce_into(nonce, plaintext, aad, out);
}

std::size_t Aead::seal_with_nonce_into(std::span<const std::uint8_t, kAeadNonceSize> nonce,
                                       std::span<const std::uint8_t> plaintext,
                                       std::span<const std::uint8_t> aad,
                                       std::span<std::uint8_t> out) {
  const std::size_t total = sealed_size(plaintext.size());
  if (out.size() < total) throw std::length_error("AEAD seal: output buffer too small");
  EVP_CIPHER_CTX* ctx = encrypt_.get();
  if (EVP_EncryptInit_ex2(ctx, nullptr, nullptr, nonce.data(), nullptr) != 1) fail("nonce set-up");
  std::uint8_t* body = out.data() + kAeadNonceSize;
  if (!aad.empty() && !update(ctx, nullptr, aad.data(), aad.size())) fail("AAD");
  if (!update(ctx, body, plaintext.data(), plaintext.size())) fail("encrypt");
  int final_bytes = 0;
  if (EVP_EncryptFinal_ex(ctx, body + plaintext.size(), &final_bytes) != 1) fail("encrypt final");
  std::uint8_t* tag = body + plaintext.size();
  if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, static_cast<int>(kAeadTagSize), tag) != 1) {
    fail("get tag");
  }
  std::memcpy(out.data(), nonce.data(), kAeadNonceSize);
  return total;
}

std::vector<std::uint8_t> Aead::seal(std::span<const std::uint8_t> plaintext,
                                     std::span<const std::uint8_t> aad) {
  std::vector<std::uint8_t> out(sealed_size(plaintext.size()));
  seal_into(plaintext, aad, out);
  return out;
}

OpenResult Aead::open_into(std::span<const std::uint8_t> sealed, std::span<const std::uint8_t> aad,
                           std::span<std::uint8_t> out) {
  if (sealed.size() < kAeadOverhead) return {OpenStatus::too_short, 0};
  const std::size_t size = opened_size(sealed.size());
  if (out.size() < size) return {OpenStatus::output_too_small, 0};
  EVP_CIPHER_CTX* ctx = decrypt_.get();
  std::array<std::uint8_t, kAeadTagSize> tag;
  std::memcpy(tag.data(), sealed.data() + sealed.size() - kAeadTagSize, kAeadTagSize);
  int final_bytes = 0;
  const bool ok = EVP_DecryptInit_ex2(ctx, nullptr, nullptr, sealed.data(), nullptr) == 1 &&
                  EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, static_cast<int>(kAeadTagSize),
                                      tag.data()) == 1 &&
                  (aad.empty() || update(ctx, nullptr, aad.data(), aad.size())) &&
                  update(ctx, out.data(), sealed.data() + kAeadNonceSize, size) &&
                  EVP_DecryptFinal_ex(ctx, out.data() + size, &final_bytes) == 1;
  if (!ok) {
    // Never hand out plaintext that failed authentication.
    if (size > 0) std::memset(out.data(), 0, size);
    return {OpenStatus::auth_failed, 0};
  }
  return {OpenStatus::ok, size};
}

std::optional<std::vector<std::uint8_t>> Aead::open(std::span<const std::uint8_t> sealed,
                                                    std::span<const std::uint8_t> aad) {
  std::vector<std::uint8_t> out(opened_size(sealed.size()));
  if (!open_into(sealed, aad, out).ok()) return std::nullopt;
  return out;
}

}  // namespace wl
