// Fake personal data for the PII corpus: well-formed values of each type, invalid look-alikes
// and filler words, all drawn from a platform-independent generator (internal to the family).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace wl::pii_fake {

// splitmix64: tiny, fast and identical on every platform (std distributions are not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi].
  int range(int lo, int hi) {
    return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& items) {
    return items[next() % N];
  }
  char digit() { return static_cast<char>('0' + range(0, 9)); }

 private:
  std::uint64_t state_;
};

enum class Validity { valid, invalid };

// Return an address at example domains (john.doe@example.com, ...).
std::string email(Rng& rng);
// Return a phone number in one of the detector's documented formats.
std::string phone(Rng& rng);
// Return an SSN; `invalid` breaks one rule (area 000/666/9xx, group 00 or serial 0000).
std::string ssn(Rng& rng, Validity validity);
// Return a card number of a major network, contiguous or grouped; `invalid` fails Luhn.
std::string card(Rng& rng, Validity validity);
std::string ipv4(Rng& rng);
// Return IPv6 text: full, compressed, loopback, link-local or IPv4-mapped.
std::string ipv6(Rng& rng);
// Return an IBAN, compact or grouped; `invalid` has wrong check digits.
std::string iban(Rng& rng, Validity validity);
// Return a non-PII token of `kind`: VERSION, DATE, TIME, ORDER, LOCALMAIL, BADIP, LONGNUM,
// BADPHONE, MAC, BADCARD, BADSSN, BADIBAN (hard negatives), NAME, CITY or N (filler).
std::string filler(Rng& rng, std::string_view kind);

}  // namespace wl::pii_fake
