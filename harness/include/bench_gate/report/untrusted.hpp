// Untrusted text (benchmark names, labels, units, messages, hosts, revisions, commit subjects,
// note text) and the only ways to write it out: one escaper per sink. Untrusted has no conversion
// to a string, so code that sends it to a sink without the sink's escaper does not compile.
// Every escaper also bounds the field (kUntrustedFieldLimit), so no single field can blow a
// report's or a terminal's size.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "bench_gate/report/escape.hpp"

namespace bg {

// Code points of one untrusted field kept in any output; longer text is cut on a code-point
// boundary and ends with "…".
inline constexpr std::size_t kUntrustedFieldLimit = 256;
// Code points of a whole one-line message (an error or warning that quotes untrusted text).
inline constexpr std::size_t kUntrustedMessageLimit = 2048;
// The decision rule and correction texts (written by the code, ~2,200 characters for the stored
// rule; bounded because a saved comparison read by `report --input` may hold anything).
inline constexpr std::size_t kRuleTextLimit = 8192;

std::string bound_text(std::string_view text, std::size_t limit);

class Untrusted {
 public:
  Untrusted() = default;
  explicit Untrusted(std::string text) : text_(std::move(text)) {}
  explicit Untrusted(std::string_view text) : text_(text) {}
  explicit Untrusted(const char* text) : text_(text) {}

  bool empty() const { return text_.empty(); }
  // Compare with trusted text or another field (decisions, never output).
  bool operator==(std::string_view trusted) const { return text_ == trusted; }
  friend bool operator<(const Untrusted& a, const Untrusted& b) { return a.text_ < b.text_; }

  // Return the text for Markdown (a table cell or a line of text): escape_markdown_inline of the
  // text bounded to `limit` code points; no raw < | ` or line break, no autolink, no mention, no
  // leading ':'.
  std::string markdown(std::size_t limit = kUntrustedFieldLimit) const;

  // Return the text for a terminal or a CI log line (stdout/stderr, also one-line errors): C0
  // controls and DEL as \n \r \t \e or \xNN, C1 controls and bidirectional controls as \uNNNN,
  // invalid UTF-8 as U+FFFD, a leading "::" or "##[" (a CI workflow command) as \x3a: or \x23#[,
  // bounded; everything else (<, |, backslash) kept as it is, readable.
  std::string terminal() const;

  // Return the text for a one-line message on stderr (an error or a warning quoting note text):
  // as terminal(), bounded to kUntrustedMessageLimit so the message keeps its context.
  std::string one_line() const;

  // Return the text for HTML text or a quoted attribute value (escape_html), bounded.
  std::string html(std::size_t limit = kUntrustedFieldLimit) const;

  // Return the text bounded, with invalid UTF-8 as U+FFFD, as a string value of data that
  // script_json (report/site.hpp) serializes for a <script src> file: never for markup.
  std::string script_value(std::size_t limit = kUntrustedFieldLimit) const;

  // Return the text for a field of a GitHub workflow command (escape_github_annotation), bounded.
  std::string annotation(AnnotationField field = AnnotationField::message) const;

  // Return the text for a JSON string value, bounded: the JSON writer escapes it (dump it with
  // error_handler_t::replace, so invalid UTF-8 becomes U+FFFD).
  std::string json() const { return bound_text(text_, kUntrustedFieldLimit); }

  // Return the code points shown by terminal(), for column alignment.
  std::size_t terminal_width() const;

 private:
  std::string text_;
};

// Return `text` cut to at most `limit` code points on a code-point boundary, "…" appended when
// cut. Invalid UTF-8 counts one code point per decoded unit.
std::string bound_text(std::string_view text, std::size_t limit = kUntrustedFieldLimit);

// Return `untrusted` for a terminal or CI log line (see Untrusted::terminal), without the bound.
std::string escape_terminal(std::string_view untrusted);

}  // namespace bg
