#include "bench_gate/util/json_fields.hpp"

#include <cmath>

#include "bench_gate/util/error.hpp"
#include "bench_gate/util/json_depth.hpp"
#include "bench_gate/util/text.hpp"

namespace bg::util {

using nlohmann::json;

json parse_json(std::string_view text, const std::string& origin) {
  check_json_depth(text, kMaxStoredJsonDepth, origin);
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::out_of_range& e) {
    throw Error(ExitCode::input_error,
                one_line_text(origin + ": a number is out of range (" + e.what() + ")"));
  } catch (const json::parse_error& e) {
    throw Error(ExitCode::input_error,
                one_line_text(origin + ": truncated or invalid JSON at byte " +
                              std::to_string(e.byte > 0 ? e.byte - 1 : 0) + " (" + e.what() + ")"));
  }
}

std::string show_json(const json& value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > 80) text = text.substr(0, 77) + "...";
  return text;
}

JsonFields::JsonFields(const json& object, std::string origin, std::string path)
    : object_(object), origin_(std::move(origin)), path_(std::move(path)) {
  if (!object_.is_object()) {
    throw Error(ExitCode::input_error,
                one_line_text(origin_ + ": " + (path_.empty() ? "document" : path_) +
                              ": expected an object, got " + show_json(object_)));
  }
}

std::string JsonFields::path_of(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void JsonFields::fail(std::string_view key, const std::string& what) const {
  throw Error(ExitCode::input_error, one_line_text(origin_ + ": " + path_of(key) + ": " + what));
}

const json* JsonFields::find(const char* key) const {
  auto it = object_.find(key);
  return it == object_.end() ? nullptr : &*it;
}

bool JsonFields::has(const char* key) const {
  const json* v = find(key);
  return v && !v->is_null();
}

const json& JsonFields::required(const char* key) const {
  const json* v = find(key);
  if (!v || v->is_null()) fail(key, "is missing");
  return *v;
}

std::string JsonFields::string(const char* key, std::string fallback) const {
  const json* v = find(key);
  if (!v || v->is_null()) return fallback;
  if (!v->is_string()) fail(key, "expected a string, got " + show_json(*v));
  return v->get<std::string>();
}

double JsonFields::number(const char* key, double fallback) const {
  const json* v = find(key);
  if (!v || v->is_null()) return fallback;
  if (!v->is_number()) fail(key, "expected a number, got " + show_json(*v));
  return v->get<double>();
}

std::int64_t JsonFields::integer(const char* key, std::int64_t lo, std::int64_t hi,
                                 std::int64_t fallback) const {
  const json* v = find(key);
  if (!v || v->is_null()) return fallback;
  std::string range = "[";
  range.append(std::to_string(lo)).append(", ").append(std::to_string(hi)).append("]");
  if (v->is_number_unsigned()) {
    const unsigned long long x = v->get<unsigned long long>();
    if (x > static_cast<unsigned long long>(hi) || (lo > 0 && x < static_cast<unsigned long long>(lo)))
      fail(key, show_json(*v) + " is out of range " + range);
    return static_cast<std::int64_t>(v->get<unsigned long long>());
  }
  if (v->is_number_integer()) {
    const auto x = v->get<long long>();
    if (x < lo || x > hi) fail(key, show_json(*v) + " is out of range " + range);
    return x;
  }
  if (v->is_number_float()) {
    const double d = v->get<double>();
    if (!std::isfinite(d) || std::floor(d) != d) fail(key, show_json(*v) + " is not an integer");
    if (d < static_cast<double>(lo) || d > static_cast<double>(hi))
      fail(key, show_json(*v) + " is out of range " + range);
    return static_cast<std::int64_t>(d);
  }
  fail(key, "expected an integer, got " + show_json(*v));
}

bool JsonFields::boolean(const char* key, bool fallback) const {
  const json* v = find(key);
  if (!v || v->is_null()) return fallback;
  if (!v->is_boolean()) fail(key, "expected true or false, got " + show_json(*v));
  return v->get<bool>();
}

std::vector<std::string> JsonFields::strings(const char* key) const {
  std::vector<std::string> out;
  const json* v = find(key);
  if (!v || v->is_null()) return out;
  if (!v->is_array()) fail(key, "expected an array of strings, got " + show_json(*v));
  for (std::size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_string()) {
      fail(std::string(key) + "[" + std::to_string(i) + "]",
           "expected a string, got " + show_json((*v)[i]));
    }
    out.push_back((*v)[i].get<std::string>());
  }
  return out;
}

}  // namespace bg::util
