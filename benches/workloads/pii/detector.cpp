#include "pii/detector.hpp"

#include <hs/hs.h>

#include <algorithm>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string>

#include "pii/text_parts.hpp"
#include "pii/validators.hpp"

namespace wl {
namespace {

struct Pattern {
  PiiType type;
  bool word_start;  // with HS_FLAG_SOM_LEFTMOST, wrap in \b(?:...) so the start is a boundary
  const char* regex;
  const char* end_only_regex = nullptr;  // replaces `regex` when starts come from left extension
};

#define PII_HEX "[0-9A-Fa-f]{1,4}"
#define PII_V4 "\\d{1,3}(?:\\.\\d{1,3}){3}"

// Loose shapes only: validators.hpp decides. A trailing `\b` keeps digit runs from matching
// inside longer runs and cuts the number of reported ends. Without SOM no leading `\b` is
// needed (the code checks the left boundary) and leaving it out makes the scan ~1.4x faster.
constexpr Pattern kPatterns[] = {
    {PiiType::email, false,
     R"([A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}\b)",
     "@"},  // with left extension, the span is grown around each '@' in code
    // IBAN: compact, or groups of four separated by single spaces.
    {PiiType::iban, true, R"([A-Z]{2}\d{2}[A-Z0-9]{11,30}\b)"},
    {PiiType::iban, true, R"([A-Z]{2}\d{2}(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?\b)"},
    // Cards: contiguous, groups of four (space or dash), Amex/Diners 4-6-5 / 4-6-4.
    {PiiType::card, true, R"(\d{13,19}\b)"},
    {PiiType::card, true, R"(\d{4}(?:[ \-]\d{4}){2,3}(?:[ \-]\d{1,4})?\b)"},
    {PiiType::card, true, R"(\d{4}[ \-]\d{6}[ \-]\d{4,5}\b)"},
    {PiiType::ssn, true, R"(\d{3}-\d{2}-\d{4}\b)"},
    // Phones: E.164 compact and international, US (NANP), UK, France.
    {PiiType::phone, false, R"(\+[1-9]\d{7,14}\b)"},
    {PiiType::phone, false, R"(\+[1-9]\d{0,2}(?:[ \-]\d{1,8}){1,6}\b)"},
    {PiiType::phone, false, R"((?:\+1[ \-.]?)?\(\d{3}\) ?\d{3}-\d{4}\b)"},
    {PiiType::phone, false, R"((?:\+1[ \-.]?)?\b\d{3}[\-.]\d{3}[\-.]\d{4}\b)"},
    {PiiType::phone, true, R"(0\d{2} \d{4} \d{4}\b|0\d{3} \d{3} \d{4}\b|0\d{4} \d{6}\b)"},
    {PiiType::phone, true, R"(0[1-9](?: \d{2}){4}\b|0[1-9](?:\.\d{2}){4}\b)"},
    {PiiType::ipv4, true, PII_V4 "\\b"},
    // IPv6: full, compressed with groups on both sides / left only / right only, IPv4 tail.
    {PiiType::ipv6, true, PII_HEX "(?::" PII_HEX "){7}\\b"},
    {PiiType::ipv6, true, PII_HEX "(?::" PII_HEX "){0,5}::" PII_HEX "(?::" PII_HEX "){0,5}\\b"},
    {PiiType::ipv6, true, PII_HEX "(?::" PII_HEX "){0,6}::"},
    {PiiType::ipv6, false, "::" PII_HEX "(?::" PII_HEX "){0,6}\\b"},
    {PiiType::ipv6, true, "(?:" PII_HEX ":){6}" PII_V4 "\\b"},
    {PiiType::ipv6, false,
     "(?:\\b" PII_HEX "(?::" PII_HEX "){0,4})?::(?:" PII_HEX ":){0,5}" PII_V4 "\\b"},
};

#undef PII_HEX
#undef PII_V4

constexpr std::size_t kPatternCount = sizeof(kPatterns) / sizeof(kPatterns[0]);

bool in_run(PiiType type, char c) {
  bool digit = c >= '0' && c <= '9';
  switch (type) {
    case PiiType::email:
      return false;
    case PiiType::iban:
      return digit || (c >= 'A' && c <= 'Z') || c == ' ';
    case PiiType::card:
      return digit || c == ' ' || c == '-';
    case PiiType::ssn:
      return digit || c == '-';
    case PiiType::phone:
      return digit || c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '+';
    case PiiType::ipv6:
      return digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
    case PiiType::ipv4:
      return digit || c == '.';
  }
  return false;
}

// Longest span a type can have (bounds the left extension).
std::size_t max_length(PiiType type) {
  switch (type) {
    case PiiType::email:
      return 254;
    case PiiType::iban:
      return 42;  // 34 characters in groups of four
    case PiiType::card:
      return 23;  // 19 digits in groups of four
    case PiiType::ssn:
      return 11;
    case PiiType::phone:
      return 24;
    case PiiType::ipv6:
      return 45;
    case PiiType::ipv4:
      return 15;
  }
  return 0;
}

using pii_text::is_word;

// Cheap filter before the validators: the first character a span of `type` can have.
bool can_start(PiiType type, char c) {
  switch (type) {
    case PiiType::iban:
      return c >= 'A' && c <= 'Z';
    case PiiType::phone:
      return (c >= '0' && c <= '9') || c == '+' || c == '(';
    case PiiType::ipv6:
      return c != '.';
    default:
      return c >= '0' && c <= '9';
  }
}

// Return the start of the longest valid span of `type` that ends at `end`, or npos.
std::size_t extend_left(std::string_view text, std::size_t end, PiiType type) {
  std::size_t limit = end > max_length(type) ? end - max_length(type) : 0;
  std::size_t run = end;
  if (!right_boundary_ok(text, end, type)) return std::string_view::npos;
  while (run > limit && in_run(type, text[run - 1])) --run;
  for (std::size_t start = run; start < end; ++start) {
    if (start > 0 && is_word(text[start - 1])) continue;
    if (!can_start(type, text[start])) continue;
    if (span_valid(text, start, end, type)) return start;
  }
  return std::string_view::npos;
}

// Set `span` to the longest valid email whose '@' is at `at`; false when there is none.
bool email_around(std::string_view text, std::size_t at, Span& span) {
  auto local = [](char c) { return is_word(c) || c == '.' || c == '%' || c == '+' || c == '-'; };
  auto domain = [](char c) { return is_word(c) || c == '.' || c == '-'; };
  std::size_t begin = at;
  std::size_t limit = at > 65 ? at - 65 : 0;
  while (begin > limit && local(text[begin - 1])) --begin;
  if (begin == at) return false;
  if (!left_boundary_ok(text, begin, PiiType::email)) return false;
  std::size_t run_end = at + 1;
  while (run_end < text.size() && run_end - begin < 254 && domain(text[run_end])) ++run_end;
  for (std::size_t end = run_end; end > at + 1; --end) {
    if (end != run_end && text[end] != '.' && text[end] != '-') continue;
    if (span_valid(text, begin, end, PiiType::email)) {
      span = {PiiType::email, begin, end};
      return true;
    }
  }
  return false;
}

// What the match callback needs: candidates are validated as Hyperscan reports them, while the
// text around them is still in cache.
struct ScanContext {
  std::string_view text;
  StartOffsets starts;
  std::vector<Span>* valid;
  std::size_t last_end[kPiiTypeCount];  // several patterns of a type may report the same end
};

int on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int,
             void* context) {
  ScanContext& scan = *static_cast<ScanContext*>(context);
  PiiType type = kPatterns[id].type;
  if (scan.starts == StartOffsets::hyperscan_som) {
    if (span_valid(scan.text, from, to, type)) scan.valid->push_back({type, from, to});
    return 0;
  }
  std::size_t& last = scan.last_end[static_cast<int>(type)];
  if (last == to) return 0;
  last = to;
  if (type == PiiType::email) {
    Span span{};
    if (email_around(scan.text, to - 1, span)) scan.valid->push_back(span);
    return 0;
  }
  std::size_t begin = extend_left(scan.text, to, type);
  if (begin != std::string_view::npos) scan.valid->push_back({type, begin, to});
  return 0;
}

}  // namespace

namespace pii_detail {
void DatabaseDeleter::operator()(hs_database* db) const { hs_free_database(db); }
void ScratchDeleter::operator()(hs_scratch* scratch) const { hs_free_scratch(scratch); }
}  // namespace pii_detail

PiiScratch::PiiScratch(const Detector& detector) {
  hs_scratch_t* raw = nullptr;
  if (hs_alloc_scratch(detector.db_.get(), &raw) != HS_SUCCESS) {
    throw std::runtime_error("pii: hs_alloc_scratch failed");
  }
  scratch_.reset(raw);
  valid_.reserve(64);
}

Detector::Detector(StartOffsets starts) : starts_(starts) {
  std::string sources[kPatternCount];
  const char* expressions[kPatternCount];
  unsigned flags[kPatternCount];
  unsigned ids[kPatternCount];
  for (std::size_t i = 0; i < kPatternCount; ++i) {
    const Pattern& p = kPatterns[i];
    bool som = starts == StartOffsets::hyperscan_som;
    if (som) {
      sources[i] = p.word_start ? std::string("\\b(?:") + p.regex + ")" : p.regex;
    } else {
      sources[i] = p.end_only_regex ? p.end_only_regex : p.regex;
    }
    expressions[i] = sources[i].c_str();
    flags[i] = som ? HS_FLAG_SOM_LEFTMOST : 0;
    ids[i] = static_cast<unsigned>(i);
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(expressions, flags, ids, static_cast<unsigned>(kPatternCount), HS_MODE_BLOCK,
                       nullptr, &db, &error) != HS_SUCCESS) {
    std::string message = "pii: Hyperscan rejected pattern " + std::to_string(error->expression) +
                          ": " + error->message;
    hs_free_compile_error(error);
    throw std::runtime_error(message);
  }
  db_.reset(db);
}

void Detector::find(std::string_view text, PiiScratch& scratch, std::vector<Span>& out) const {
  out.clear();
  scratch.valid_.clear();
  if (text.empty()) return;
  if (text.size() > std::numeric_limits<unsigned>::max()) {
    throw std::length_error("pii: text longer than 4 GiB; scan it in pieces");
  }
  ScanContext scan{text, starts_, &scratch.valid_, {}};
  std::fill(std::begin(scan.last_end), std::end(scan.last_end), std::string_view::npos);
  if (hs_scan(db_.get(), text.data(), static_cast<unsigned>(text.size()), 0, scratch.scratch_.get(),
              on_match, &scan) != HS_SUCCESS) {
    throw std::runtime_error("pii: hs_scan failed");
  }
  // Leftmost first; at equal begin the longest; at equal extent the higher-priority type.
  std::sort(scratch.valid_.begin(), scratch.valid_.end(), [](const Span& a, const Span& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end != b.end) return a.end > b.end;
    return a.type < b.type;
  });
  std::size_t taken_end = 0;
  for (const Span& s : scratch.valid_) {
    if (!out.empty() && s.begin < taken_end) continue;
    out.push_back(s);
    taken_end = s.end;
  }
}

std::vector<Span> Detector::find(std::string_view text) const {
  PiiScratch scratch(*this);
  std::vector<Span> out;
  find(text, scratch, out);
  return out;
}

void Detector::redact(std::string_view text, PiiScratch& scratch, std::string& out) const {
  find(text, scratch, scratch.spans_);
  out.clear();
  std::size_t pos = 0;
  for (const Span& s : scratch.spans_) {
    out.append(text.substr(pos, s.begin - pos));
    out.append(redaction_label(s.type));
    pos = s.end;
  }
  out.append(text.substr(pos));
}

std::string Detector::redact(std::string_view text) const {
  PiiScratch scratch(*this);
  std::string out;
  redact(text, scratch, out);
  return out;
}

std::string apply_redaction(std::string_view text, const std::vector<Span>& spans) {
  std::string out;
  std::size_t pos = 0;
  for (const Span& s : spans) {
    out.append(text.substr(pos, s.begin - pos));
    out.append(redaction_label(s.type));
    pos = s.end;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace wl
