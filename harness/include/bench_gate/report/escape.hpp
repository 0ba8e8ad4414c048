// Escaping of untrusted text (benchmark names, labels, revisions, hosts) for the places bench-gate
// writes it: Markdown shown in a GitHub pull-request comment, and GitHub workflow commands.
#pragma once

#include <string>
#include <string_view>

namespace bg {

// Return `untrusted` made safe inside a Markdown table cell or a line of text: HTML entities for
// | ` < > & (so the result never holds a raw '|', '<', '>' or backtick), a backslash before the
// Markdown punctuation \ * _ [ ] # ~ $ (and a leading - + =), control characters U+0000–U+001F
// and U+007F shown as their visible Unicode control pictures (newline → "␊", tab → "␉"), line
// and paragraph separators as "␤", C1 controls and bidirectional overrides as U+FFFD, invalid
// UTF-8 as U+FFFD, and "@" followed by a zero-width space so a name never mentions anyone nor
// forms an e-mail autolink. GFM's other extended autolinks are broken the same way: a zero-width
// space between "www" and "." and after the ":" of "://". A ':' with only spaces before it is
// backslash-escaped, so a value at the start of a line never starts a "::" workflow command.
// Does not bound the length: Untrusted::markdown() (untrusted.hpp) does.
std::string escape_markdown_inline(std::string_view untrusted);

// Return `untrusted` safe as HTML text or inside a double- or single-quoted attribute value
// (HTML Living Standard §13.1): & < > " ' as character references, C0 controls (but tab and
// newline), DEL, C1 controls, bidirectional controls and invalid UTF-8 as U+FFFD. No raw '<' ever.
std::string escape_html(std::string_view untrusted);

enum class AnnotationField { message, property };

// Return `untrusted` safe inside a GitHub workflow command (`::error title=P::M`): % → %25,
// CR → %0D, LF → %0A, and for properties also : → %3A and , → %2C; invalid UTF-8 → U+FFFD.
std::string escape_github_annotation(std::string_view untrusted,
                                     AnnotationField field = AnnotationField::message);

}  // namespace bg
