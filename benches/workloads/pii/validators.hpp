// Validators the PII detector runs on every candidate span after the regex scan: checksums,
// number ranges, length tables and word boundaries live here, not in the patterns.
#pragma once

#include <cstddef>
#include <string_view>

#include "pii/span.hpp"

namespace wl {

// Return true when `digits` (ASCII digits only, at least 2) passes the Luhn checksum.
bool luhn_valid(std::string_view digits);

// Return true for a payment card number: 13-19 digits, contiguous or in groups separated by one
// consistent ' ' or '-' (4-4-...-4 with a last group of 1-4, or Amex/Diners 4-6-5 and 4-6-4),
// major industry identifier 2-6 (banking, travel, Visa, Mastercard, Discover...), Luhn valid.
bool card_valid(std::string_view text);

// Return true for an IBAN, compact (DE89370400440532013000) or in space-separated groups of 4
// (GB82 WEST 1234 5698 7654 32): upper-case, known country with its registry length, mod-97 == 1.
bool iban_valid(std::string_view text);

// Return true for a US SSN AAA-GG-SSSS whose area is not 000, 666 or 900-999, group not 00 and
// serial not 0000.
bool ssn_valid(std::string_view text);

// Return true for dotted-quad IPv4: four decimal octets 0-255 without leading zeros.
bool ipv4_valid(std::string_view text);

// Return true for textual IPv6 (RFC 4291): eight groups, or one "::" standing for at least one
// zero group, optionally ending in an embedded IPv4; at least one group must be written and the
// address must contain a decimal digit (so C++ scopes like `Add::Dec` are not addresses).
bool ipv6_valid(std::string_view text);

// Return true for local@domain: local part of [A-Za-z0-9._%+-] (1-64, no leading, trailing or
// doubled dot); domain of at least two labels [A-Za-z0-9-] (1-63, no edge hyphen), a top-level
// label of 2+ letters, 254 bytes at most. So `user@localhost` is not an address.
bool email_valid(std::string_view text);

// Return true for a phone number in one of the documented formats:
//   E.164 compact  +14155552671              (8-15 digits, known country code)
//   international  +44 20 7946 0958, +1-415-555-2671 (first group is the country code)
//   US (NANP)      (415) 555-2671, 415-555-2671, 415.555.2671, with optional +1 prefix
//   UK             020 7946 0958, 0161 496 0000, 07700 900123
//   France         01 23 45 67 89, 01.23.45.67.89
// Country rules: +1 NANP (area and exchange 2-9xx, not N11), +44 9-10 national digits,
// +33 9 digits, +49 6-13 digits; other codes 8-15 digits in total.
bool phone_valid(std::string_view text);

// Return true when [begin, end) of `text` is not part of a longer token for its type: no letter,
// digit or '_' next to it, and no joiner that continues a number ("1.2.3.4.5", "ORD-4111...",
// "+4111...", a space-separated digit group next to a card or phone, the tail of IBAN-shaped
// groups "GB77 BUNZ 6111 ...").
bool boundaries_ok(std::string_view text, std::size_t begin, std::size_t end, PiiType type);

// The two halves of boundaries_ok: the text before `begin`, the text from `end`.
bool left_boundary_ok(std::string_view text, std::size_t begin, PiiType type);
bool right_boundary_ok(std::string_view text, std::size_t end, PiiType type);

// Return true when [begin, end) of `text` is a valid, well-bounded span of `type`.
bool span_valid(std::string_view text, std::size_t begin, std::size_t end, PiiType type);

}  // namespace wl
