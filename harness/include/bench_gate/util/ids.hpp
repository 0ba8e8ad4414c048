// Identifiers: short commit ids for messages and reports, fresh random run ids.
#pragma once

#include <string>
#include <string_view>

namespace bg::util {

// The first 12 hex digits of an object id (what the reports and messages show); shorter ids are
// returned whole.
inline constexpr std::size_t kShortIdLength = 12;
std::string short_id(std::string_view id);

// A new random run id: 32 lowercase hex digits from std::random_device (128 bits).
std::string new_run_id();

}  // namespace bg::util
