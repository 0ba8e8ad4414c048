// The kinds of personal data the PII detector finds, and one found (or labelled) span of text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace wl {

// Ordered by priority: when two valid spans cover exactly the same bytes, the smaller value wins.
enum class PiiType : std::uint8_t { email, iban, card, ssn, phone, ipv6, ipv4 };

inline constexpr int kPiiTypeCount = 7;

// One typed span [begin, end) of byte offsets into the scanned text.
struct Span {
  PiiType type;
  std::size_t begin;
  std::size_t end;

  friend bool operator==(const Span&, const Span&) = default;
};

// Return the lower-case name of a type ("email", "phone", ...).
std::string_view type_name(PiiType type);

// Return the redaction label of a type ("[EMAIL]", "[PHONE]", ...).
std::string_view redaction_label(PiiType type);

}  // namespace wl
