// Reading JSON documents from outside (results files, notes, configs, saved comparisons): one
// parse entry point and one typed field reader, with one error format:
//     "<origin>: <path>: <what>"        e.g. "bench-gate.json: tiers.critical.threshold_percent:
//                                              expected a number, got \"5\""
// Every error is bg::Error(ExitCode::input_error) on one line (untrusted parts are one-lined).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace bg::util {

// Parse `text` as JSON. Errors: "<origin>: truncated or invalid JSON at byte N (...)",
// "<origin>: a number is out of range (...)", "<origin>: JSON nested deeper than 512 levels at
// byte N" (kMaxStoredJsonDepth, json_depth.hpp: no document can overflow the stack).
nlohmann::json parse_json(std::string_view text, const std::string& origin);

// A JSON value as compact text for messages (invalid UTF-8 replaced), cut to ~80 characters.
std::string show_json(const nlohmann::json& value);

// Typed reads of the fields of one JSON object. `path` is where the object sits in the document
// ("" for the top level, "benchmarks[3]"); field paths are "<path>.<key>".
class JsonFields {
 public:
  // Throws "<origin>: <path or 'document'>: expected an object, got ..." when `object` is not one.
  JsonFields(const nlohmann::json& object, std::string origin, std::string path = {});

  [[noreturn]] void fail(std::string_view key, const std::string& what) const;
  std::string path_of(std::string_view key) const;

  bool has(const char* key) const;  // present and not null
  const nlohmann::json* find(const char* key) const;  // nullptr when absent (null is returned)
  const nlohmann::json& required(const char* key) const;  // "is missing" when absent or null

  // Optional fields: `fallback` when absent or null; a wrong type fails.
  std::string string(const char* key, std::string fallback = {}) const;
  double number(const char* key, double fallback = 0) const;
  std::int64_t integer(const char* key, std::int64_t lo, std::int64_t hi,
                       std::int64_t fallback = 0) const;
  bool boolean(const char* key, bool fallback = false) const;
  std::vector<std::string> strings(const char* key) const;  // array of strings, [] when absent

  const nlohmann::json& object() const { return object_; }
  const std::string& origin() const { return origin_; }

 private:
  const nlohmann::json& object_;
  std::string origin_, path_;
};

}  // namespace bg::util
