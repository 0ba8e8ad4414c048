#include "serialization/records.hpp"

#include <array>
#include <bit>
#include <string_view>

namespace wl {

bool operator==(const Record& a, const Record& b) {
  return a.id == b.id && a.name == b.name && a.email == b.email &&
         a.timestamp_ms == b.timestamp_ms && a.tags == b.tags &&
         std::bit_cast<std::uint64_t>(a.score) == std::bit_cast<std::uint64_t>(b.score) &&
         std::bit_cast<std::uint64_t>(a.ratio) == std::bit_cast<std::uint64_t>(b.ratio) &&
         a.active == b.active;
}

namespace {

// SplitMix64: tiny, fast, and identical everywhere (unlike std:: distributions).
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) (the modulo bias is irrelevant for test data).
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  // Uniform in [0, 1) with all 53 bits of mantissa.
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(unsigned percent) { return below(100) < percent; }

  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& table) {
    return table[below(N)];
  }

 private:
  std::uint64_t state_;
};

constexpr std::array<std::string_view, 24> kSyllables = {
    "an",  "bel", "cor", "da", "el",  "fin", "gar", "ha", "is", "jo",  "ka",  "lin",
    "mar", "no",  "or",  "pe", "qui", "ra",  "sol", "ta", "ul", "ven", "wil", "zo"};

// Valid UTF-8: Latin accents, Polish, Nordic, Greek, Cyrillic, CJK, and an astral-plane emoji.
constexpr std::array<std::string_view, 12> kUnicodeNames = {
    "Zoë",    "José",    "Łukasz", "Müller", "Ødegaard", "Þór",
    "Αλέξης", "Дмитрий", "李小龍", "Ñúñez",  "Renée",    "Kai 🚀"};

// Strings JSON writers must escape: quotes, backslashes, control characters (including NUL).
constexpr std::array<std::string_view, 8> kEscapedValues = {
    "say \"hi\"",        "C:\\Users\\bench",
    "line1\nline2",      "tab\tseparated",
    "bell\x07 and \x1f", std::string_view("nul\0byte", 8),
    "\r\n\b\f",          "\"\\/\""};

constexpr std::array<std::string_view, 8> kTagKeys = {"env", "region", "team", "tier",
                                                      "os",  "lang",   "note", "build"};
constexpr std::array<std::string_view, 12> kTagValues = {
    "prod",  "staging", "eu-west-1", "us-east-2", "payments", "search",
    "linux", "c++20",   "critical",  "standard",  "nightly",  "release-2026.11"};
constexpr std::array<std::string_view, 6> kDomains = {"example.com",     "mail.example.org",
                                                      "corp.test",       "bench-gate.dev",
                                                      "uni.example.edu", "example.net"};

std::string capitalized_word(SplitMix64& rng) {
  std::string word;
  const std::uint64_t syllables = 2 + rng.below(2);
  for (std::uint64_t i = 0; i < syllables; ++i) word += rng.pick(kSyllables);
  word[0] = static_cast<char>(word[0] - 'a' + 'A');
  return word;
}

Record make_record(SplitMix64& rng, std::uint64_t index) {
  Record r;
  // Mostly small sequential-looking ids, sometimes huge ones (up to 2^64 - 1).
  r.id = rng.chance(5) ? rng.next() | (1ULL << 63) : 1'000'000 + index * 7 + rng.below(7);
  const std::string first = capitalized_word(rng);
  const std::string last = capitalized_word(rng);
  if (rng.chance(10)) {
    r.name = std::string(rng.pick(kUnicodeNames)) + " " + last;
  } else if (rng.chance(3)) {
    r.name = first + " \"" + capitalized_word(rng) + "\" " + last;  // a nickname in quotes
  } else {
    r.name = first + " " + last;
  }
  r.email =
      first + "." + last + std::to_string(rng.below(100)) + "@" + std::string(rng.pick(kDomains));
  for (char& c : r.email) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  // Between 2020-01-01 and 2026-12-31, in milliseconds.
  r.timestamp_ms = 1'577'836'800'000LL + static_cast<std::int64_t>(rng.below(220'838'400'000ULL));
  const std::uint64_t tag_count = rng.below(5);
  for (std::uint64_t i = 0; i < tag_count; ++i) {
    Tag tag{std::string(rng.pick(kTagKeys)), std::string(rng.pick(kTagValues))};
    if (rng.chance(3)) tag.value = std::string(rng.pick(kEscapedValues));
    r.tags.push_back(std::move(tag));
  }
  // A score with two decimals (short text) and a full-precision ratio (17 significant digits).
  r.score = static_cast<double>(rng.below(10'001)) / 100.0;
  r.ratio = rng.unit();
  if (rng.chance(2)) r.ratio = -r.ratio * 1e-200;  // tiny negative values exercise exponents
  r.active = rng.chance(70);
  return r;
}

}  // namespace

std::vector<Record> generate_records(std::size_t count, std::uint64_t seed) {
  SplitMix64 rng(seed);
  std::vector<Record> records;
  records.reserve(count);
  for (std::size_t i = 0; i < count; ++i) records.push_back(make_record(rng, i));
  return records;
}

}  // namespace wl
