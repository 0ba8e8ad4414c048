// Number formatting shared by the reports: adaptive time units and signed percentages.
#pragma once

#include <string>
#include <string_view>

namespace bg {

// The space between a number and its unit: a plain space (terminal, logs, annotations), or
// U+00A0 NO-BREAK SPACE in Markdown table cells, so "818 ns" never wraps between 818 and ns.
enum class UnitSpace { plain, no_break };

// Return `value` in `unit` with 3 significant digits; for unit "ns" pick ns/µs/ms/s so the number
// is below 1000 ("1.23 ms", "950 ns", "12.0 s"). Non-finite values give "—".
std::string format_quantity(double value, std::string_view unit = "ns",
                            UnitSpace space = UnitSpace::plain);

// Return a counter value with 3 significant digits and a prefix: "B/s" and "B" with binary
// prefixes as Google Benchmark prints them ("1.50 GiB/s", "64.0 MiB"), any other unit with SI
// prefixes ("2.40 M items/s", "1.20 k"). Non-finite values give "—".
std::string format_counter(double value, std::string_view unit,
                           UnitSpace space = UnitSpace::plain);

// Return a relative change as a signed percent with one decimal: 0.152 → "+15.2 %",
// -0.03 → "-3.0 %", a value that rounds to zero → "0.0 %". Non-finite values give "—".
std::string format_change(double relative, UnitSpace space = UnitSpace::plain);

// Return a confidence interval of a relative change: "[+12.1 %, +18.4 %]".
std::string format_interval(double low, double high, UnitSpace space = UnitSpace::plain);

// Return a relative threshold as an unsigned percent without needless decimals: 0.05 → "5 %",
// 0.025 → "2.5 %".
std::string format_threshold(double relative, UnitSpace space = UnitSpace::plain);

// Return a p-value with 2 significant digits ("0.0031", "0.42"), "< 0.0001" below that.
std::string format_p_value(double p);

}  // namespace bg
