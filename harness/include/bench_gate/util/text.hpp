// Text helpers that know nothing of bench-gate: one-line rendering of untrusted text for error
// messages, percentages, and number formatting for messages.
#pragma once

#include <string>
#include <string_view>

namespace bg::util {

// Untrusted text (a benchmark name, a revision, a path, note text) fit for one line of an error
// message or a log: \n, \r, \t become those two-character escapes, other C0 controls, DEL and ESC
// become \xNN; everything else (including valid or invalid UTF-8) is kept byte for byte.
std::string one_line_text(std::string_view text);

// The last non-empty line of a process's output (trailing newlines dropped), for messages.
std::string last_line(std::string_view text);

// A fraction as a percentage with `decimals` decimals and a space before the sign:
// percent(0.052) == "5.2 %". signed_percent(0.052) == "+5.2 %", signed_percent(-0.1) == "-10.0 %".
std::string percent(double fraction, int decimals = 1);
std::string signed_percent(double fraction, int decimals = 1);

// A double in the shortest "%g" form ("0.05", "1e+03"): for config values quoted in messages.
std::string shortest(double value);

}  // namespace bg::util
