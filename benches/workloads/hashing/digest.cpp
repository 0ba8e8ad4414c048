#include "hashing/digest.hpp"

#include <xxhash.h>

#include <stdexcept>
#include <string>

namespace wl {
namespace {

const char* md_name(EvpDigestAlgorithm algorithm) {
  switch (algorithm) {
    case EvpDigestAlgorithm::sha256:
      return "SHA2-256";
    case EvpDigestAlgorithm::blake2b512:
      return "BLAKE2B-512";
  }
  return "";
}

[[noreturn]] void fail(const char* what) {
  throw std::runtime_error(std::string("OpenSSL digest: ") + what + " failed");
}

}  // namespace

EvpHasher::EvpHasher(EvpDigestAlgorithm algorithm)
    : md_(EVP_MD_fetch(nullptr, md_name(algorithm), nullptr)), ctx_(EVP_MD_CTX_new()) {
  if (!md_) fail("EVP_MD_fetch");
  if (!ctx_) fail("EVP_MD_CTX_new");
  digest_size_ = static_cast<std::size_t>(EVP_MD_get_size(md_.get()));
}

void EvpHasher::digest_into(std::span<const std::uint8_t> data, std::span<std::uint8_t> out) {
  if (out.size() < digest_size_) throw std::length_error("digest: output buffer too small");
  unsigned int written = 0;
  if (EVP_DigestInit_ex2(ctx_.get(), md_.get(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx_.get(), data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(ctx_.get(), out.data(), &written) != 1) {
    fail("EVP_Digest");
  }
}

Sha256Digest sha256(std::span<const std::uint8_t> data) {
  Sha256Digest out;
  EvpHasher(EvpDigestAlgorithm::sha256).digest_into(data, out);
  return out;
}

Blake2b512Digest blake2b512(std::span<const std::uint8_t> data) {
  Blake2b512Digest out;
  EvpHasher(EvpDigestAlgorithm::blake2b512).digest_into(data, out);
  return out;
}

std::uint64_t xxh3_64(std::span<const std::uint8_t> data) {
  return XXH3_64bits(data.data(), data.size());
}

Xxh128 xxh3_128(std::span<const std::uint8_t> data) {
  const XXH128_hash_t hash = XXH3_128bits(data.data(), data.size());
  return {hash.low64, hash.high64};
}

}  // namespace wl
