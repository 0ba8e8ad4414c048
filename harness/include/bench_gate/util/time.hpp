// Wall-clock time as text.
#pragma once

#include <string>

namespace bg::util {

// Now, UTC, ISO 8601 with second precision: "2026-11-30T15:42:29Z".
std::string utc_now();

// A duration in seconds as "42s" or "3m07s" (for progress lines).
std::string duration_text(double seconds);

}  // namespace bg::util
