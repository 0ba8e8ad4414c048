// Deterministic PII corpus: English-ish text with personal data at known places, plus hard
// negatives (Luhn failures, never-issued SSNs, version strings, dates, times, order numbers,
// user@localhost, out-of-range IPs, IBANs with a wrong check digit, 20+ digit runs, MACs).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "pii/span.hpp"

namespace wl {

// Text with the spans a perfect detector must report (sorted by begin, non-overlapping).
struct LabelledText {
  std::string text;
  std::vector<Span> spans;
};

// How much of the text is personal data or a look-alike.
enum class PiiDensity {
  typical,  // 25 % of sentences carry PII, 15 % a hard negative, the rest plain prose
  dense,    // 44 % PII, 34 % hard negatives: about one span per 110 bytes (worst case)
};

// Return a sentence of about 60 bytes holding one PII span. Same seed, same sentence.
LabelledText make_pii_sentence(std::uint64_t seed = 42);

// Return a document of at least `min_bytes` (sentences in paragraphs). Same seed, same text.
LabelledText make_pii_document(std::size_t min_bytes, std::uint64_t seed = 42,
                               PiiDensity density = PiiDensity::typical);

// Return `count` independent records of about `record_bytes` each. Same seed, same records.
std::vector<LabelledText> make_pii_records(std::size_t count, std::size_t record_bytes,
                                           std::uint64_t seed = 42,
                                           PiiDensity density = PiiDensity::typical);

}  // namespace wl
