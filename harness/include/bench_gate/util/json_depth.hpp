// Nesting limits for JSON read from outside, so that no document can exhaust the stack of a
// recursive parser, converter or serializer: parse_json (json_fields.hpp) scans every document
// it parses; results files are limited while RapidJSON reads them (core/ingest.cpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace bg::util {

// Deepest nesting of arrays/objects accepted in a benchmark results file.
inline constexpr std::size_t kMaxResultsJsonDepth = 256;
// Deepest nesting accepted by parse_json (notes, saved comparisons, run files, config): room for a
// results file's context plus the few levels a note or comparison wraps around it.
inline constexpr std::size_t kMaxStoredJsonDepth = 512;

// Return the byte offset of the first '[' or '{' (outside strings) that nests deeper than
// max_depth, or nullopt when the text never does. Linear time, no allocation.
std::optional<std::size_t> json_too_deep(std::string_view text, std::size_t max_depth);

// Throw Error(input_error, "<origin>: JSON nested deeper than N levels at byte K") when `text`
// nests deeper than max_depth.
void check_json_depth(std::string_view text, std::size_t max_depth, const std::string& origin);

}  // namespace bg::util
