// PII detector: finds typed spans (email, phone, SSN, card, IPv4, IPv6, IBAN) and redacts them.
//
// Engine: Hyperscan. One compiled database holds all 20 patterns, so one linear pass over the
// text reports candidates of all seven types; RE2 would need a pass per pattern (or an RE2::Set
// pass that only says *which* patterns matched, then a pass per matching pattern for offsets).
// Patterns are loose shapes; checksums (Luhn, mod-97), ranges (SSN areas, IPv4 octets), length
// and country tables and word boundaries are checked in code (validators.hpp).
// Starts: Hyperscan reports every end offset. By default patterns are compiled without SOM and
// the code extends left from each end, trying each token start of the run and keeping the
// longest valid span (emails are grown around each '@'). StartOffsets::hyperscan_som
// (HS_FLAG_SOM_LEFTMOST) gives the same spans but scans ~2.5x slower on the 1 MB corpus.
// Overlaps: the leftmost-longest valid span wins; equal extents go to the lower PiiType.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pii/span.hpp"

struct hs_database;
struct hs_scratch;

namespace wl {

namespace pii_detail {
struct DatabaseDeleter {
  void operator()(hs_database* db) const;
};
struct ScratchDeleter {
  void operator()(hs_scratch* scratch) const;
};
}  // namespace pii_detail

class Detector;

// Where candidate start offsets come from (both give the same spans; see the header comment).
enum class StartOffsets { left_extension, hyperscan_som };

// Per-thread working memory for a Detector: Hyperscan scratch plus span buffers. Reuse one
// per thread to scan many records without allocating; never share one between threads.
class PiiScratch {
 public:
  explicit PiiScratch(const Detector& detector);

 private:
  friend class Detector;

  // Where candidate start offsets come from (both give the same spans; see the header comment).
  enum class StartOffsets { left_extension, hyperscan_som };
  std::unique_ptr<hs_scratch, pii_detail::ScratchDeleter> scratch_;
  std::vector<Span> valid_;
  std::vector<Span> spans_;
};

// Compiled PII patterns. Build once (compilation takes milliseconds) and share between threads;
// every method is const and thread-safe given a scratch per thread.
class Detector {
 public:
  // Compile the pattern database. Throws std::runtime_error if Hyperscan rejects it.
  explicit Detector(StartOffsets starts = StartOffsets::left_extension);

  // Return the non-overlapping PII spans of `text`, sorted by begin offset. Allocates a
  // scratch per call: in loops use the overload below. Throws std::length_error over 4 GiB.
  std::vector<Span> find(std::string_view text) const;

  // Replace `out` with the spans of `text`, reusing `scratch` and the capacity of `out`.
  void find(std::string_view text, PiiScratch& scratch, std::vector<Span>& out) const;

  // Return `text` with every span replaced by its label ([EMAIL], [PHONE], [SSN], [CARD],
  // [IPV4], [IPV6], [IBAN]).
  std::string redact(std::string_view text) const;

  // Replace `out` with the redacted `text`, reusing `scratch` and the capacity of `out`.
  void redact(std::string_view text, PiiScratch& scratch, std::string& out) const;

 private:
  friend class PiiScratch;
  std::unique_ptr<hs_database, pii_detail::DatabaseDeleter> db_;
  StartOffsets starts_;
};

// Return `text` with `spans` (sorted, non-overlapping) replaced by their labels.
std::string apply_redaction(std::string_view text, const std::vector<Span>& spans);

}  // namespace wl
