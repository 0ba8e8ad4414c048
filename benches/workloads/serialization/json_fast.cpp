#include "serialization/json_fast.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <simdjson.h>

namespace wl {

namespace {

// ---- typed writer --------------------------------------------------------------------------

// For each byte: 0 when it is written as is, else the letter after the backslash ('u' = \u00XX).
constexpr std::array<char, 256> make_escape_table() {
  std::array<char, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = 'u';
  table['\b'] = 'b';
  table['\f'] = 'f';
  table['\n'] = 'n';
  table['\r'] = 'r';
  table['\t'] = 't';
  table['"'] = '"';
  table['\\'] = '\\';
  return table;
}
constexpr std::array<char, 256> kEscape = make_escape_table();

// An output buffer written through a raw cursor; callers reserve room before writing.
class Output {
 public:
  explicit Output(std::size_t estimate) : buffer_(estimate, '\0') { rebase(0); }

  void reserve(std::size_t n) {
    if (static_cast<std::size_t>(end_ - cursor_) < n) {
      const std::size_t used = cursor_ - buffer_.data();
      buffer_.resize(std::max(buffer_.size() * 2, used + n));
      rebase(used);
    }
  }
  void put(char c) { *cursor_++ = c; }
  template <std::size_t N>
  void put(const char (&literal)[N]) {
    std::memcpy(cursor_, literal, N - 1);
    cursor_ += N - 1;
  }
  void put_string(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    *cursor_++ = '"';
    for (const char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      const char escape = kEscape[c];
      if (escape == 0) {
        *cursor_++ = ch;
      } else if (escape != 'u') {
        *cursor_++ = '\\';
        *cursor_++ = escape;
      } else {
        std::memcpy(cursor_, "\\u00", 4);
        cursor_[4] = kHex[c >> 4];
        cursor_[5] = kHex[c & 0xF];
        cursor_ += 6;
      }
    }
    *cursor_++ = '"';
  }
  template <typename Integer>
  void put_integer(Integer value) {
    cursor_ = std::to_chars(cursor_, cursor_ + 24, value).ptr;
  }
  // Shortest text that reads back to the same double; always has a '.' or an exponent so that
  // every reader takes it as a double (-0.0 keeps its sign).
  void put_double(double value) {
    if (!std::isfinite(value)) throw std::invalid_argument("JSON cannot hold a non-finite double");
    char* const start = cursor_;
    cursor_ = std::to_chars(cursor_, cursor_ + 32, value).ptr;
    if (std::find_if(start, cursor_, [](char c) { return c == '.' || c == 'e'; }) == cursor_) {
      put(".0");
    }
  }
  std::string finish() {
    buffer_.resize(cursor_ - buffer_.data());
    return std::move(buffer_);
  }

 private:
  void rebase(std::size_t used) {
    cursor_ = buffer_.data() + used;
    end_ = buffer_.data() + buffer_.size();
  }

  std::string buffer_;
  char* cursor_ = nullptr;
  char* end_ = nullptr;
};

// Upper bound of the bytes one record takes (every string byte may become a 6-byte escape).
std::size_t worst_case_size(const Record& r) {
  std::size_t text = r.name.size() + r.email.size();
  for (const Tag& tag : r.tags) text += tag.key.size() + tag.value.size();
  return 256 + 24 * r.tags.size() + 6 * text;
}

void write_record(Output& out, const Record& r) {
  out.reserve(worst_case_size(r));
  out.put("{\"id\":");
  out.put_integer(r.id);
  out.put(",\"name\":");
  out.put_string(r.name);
  out.put(",\"email\":");
  out.put_string(r.email);
  out.put(",\"timestamp_ms\":");
  out.put_integer(r.timestamp_ms);
  out.put(",\"tags\":[");
  for (std::size_t i = 0; i < r.tags.size(); ++i) {
    if (i != 0) out.put(',');
    out.put("{\"key\":");
    out.put_string(r.tags[i].key);
    out.put(",\"value\":");
    out.put_string(r.tags[i].value);
    out.put('}');
  }
  out.put("],\"score\":");
  out.put_double(r.score);
  out.put(",\"ratio\":");
  out.put_double(r.ratio);
  if (r.active) {
    out.put(",\"active\":true}");
  } else {
    out.put(",\"active\":false}");
  }
}

// ---- RapidJSON writer ----------------------------------------------------------------------

template <typename Writer>
void write_string(Writer& writer, const std::string& s) {
  writer.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

template <typename Writer>
void write_double(Writer& writer, double value) {
  if (!writer.Double(value)) throw std::invalid_argument("JSON cannot hold a non-finite double");
}

// ---- simdjson reader -----------------------------------------------------------------------

namespace od = simdjson::ondemand;
using simdjson::error_code;

// Where a decode failed: the error and the field it was found in (nullptr: the record itself).
struct Failure {
  error_code code = simdjson::SUCCESS;
  const char* field = nullptr;
};

error_code read_string(simdjson::simdjson_result<od::value> value, std::string& out) {
  std::string_view text;
  const error_code error = value.get_string().get(text);
  if (!error) out.assign(text.data(), text.size());
  return error;
}

Failure read_tag(simdjson::simdjson_result<od::value> element, Tag& tag) {
  od::object object;
  if (const error_code e = element.get_object().get(object)) return {e, "tags"};
  bool has_key = false;
  bool has_value = false;
  for (auto field : object) {
    std::string_view key;
    if (const error_code e = field.unescaped_key().get(key)) return {e, "tags"};
    if (key == "key") {
      if (const error_code e = read_string(field.value(), tag.key)) return {e, "tags.key"};
      has_key = true;
    } else if (key == "value") {
      if (const error_code e = read_string(field.value(), tag.value)) return {e, "tags.value"};
      has_value = true;
    }
  }
  if (!has_key) return {simdjson::NO_SUCH_FIELD, "tags.key"};
  if (!has_value) return {simdjson::NO_SUCH_FIELD, "tags.value"};
  return {};
}

Failure read_tags(simdjson::simdjson_result<od::value> value, std::vector<Tag>& tags) {
  od::array array;
  if (const error_code e = value.get_array().get(array)) return {e, "tags"};
  tags.clear();
  for (auto element : array) {
    Tag& tag = tags.emplace_back();
    if (const Failure failure = read_tag(element, tag); failure.code) return failure;
  }
  return {};
}

// The fields of a record, one bit each, in declaration order.
constexpr std::array<const char*, 8> kFieldNames = {"id",   "name",  "email", "timestamp_ms",
                                                    "tags", "score", "ratio", "active"};
constexpr unsigned kAllFields = (1u << kFieldNames.size()) - 1;

Failure read_record(simdjson::simdjson_result<od::value> element, Record& r) {
  od::object object;
  if (const error_code e = element.get_object().get(object)) return {e, nullptr};
  unsigned seen = 0;
  for (auto field : object) {
    std::string_view key;
    if (const error_code e = field.unescaped_key().get(key)) return {e, nullptr};
    auto value = field.value();
    error_code e = simdjson::SUCCESS;
    unsigned bit = 0;
    if (key == "id") {
      e = value.get_uint64().get(r.id), bit = 0;
    } else if (key == "name") {
      e = read_string(value, r.name), bit = 1;
    } else if (key == "email") {
      e = read_string(value, r.email), bit = 2;
    } else if (key == "timestamp_ms") {
      e = value.get_int64().get(r.timestamp_ms), bit = 3;
    } else if (key == "tags") {
      if (const Failure failure = read_tags(value, r.tags); failure.code) return failure;
      bit = 4;
    } else if (key == "score") {
      e = value.get_double().get(r.score), bit = 5;
    } else if (key == "ratio") {
      e = value.get_double().get(r.ratio), bit = 6;
    } else if (key == "active") {
      e = value.get_bool().get(r.active), bit = 7;
    } else {
      continue;  // unknown field: the iterator skips its value
    }
    if (e) return {e, kFieldNames[bit]};
    seen |= 1u << bit;
  }
  if (seen != kAllFields) {
    for (unsigned bit = 0; bit < kFieldNames.size(); ++bit) {
      if (!(seen & (1u << bit))) return {simdjson::NO_SUCH_FIELD, kFieldNames[bit]};
    }
  }
  return {};
}

}  // namespace

std::string encode_json_fast(const std::vector<Record>& records) {
  Output out(records.size() * 320 + 16);
  out.reserve(2);
  out.put('[');
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (i != 0) {
      out.reserve(1);
      out.put(',');
    }
    write_record(out, records[i]);
  }
  out.reserve(1);
  out.put(']');
  return out.finish();
}

std::string encode_json_rapidjson(const std::vector<Record>& records) {
  rapidjson::StringBuffer buffer(nullptr, records.size() * 320 + 16);
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartArray();
  for (const Record& r : records) {
    writer.StartObject();
    writer.Key("id");
    writer.Uint64(r.id);
    writer.Key("name");
    write_string(writer, r.name);
    writer.Key("email");
    write_string(writer, r.email);
    writer.Key("timestamp_ms");
    writer.Int64(r.timestamp_ms);
    writer.Key("tags");
    writer.StartArray();
    for (const Tag& tag : r.tags) {
      writer.StartObject();
      writer.Key("key");
      write_string(writer, tag.key);
      writer.Key("value");
      write_string(writer, tag.value);
      writer.EndObject();
    }
    writer.EndArray();
    writer.Key("score");
    write_double(writer, r.score);
    writer.Key("ratio");
    write_double(writer, r.ratio);
    writer.Key("active");
    writer.Bool(r.active);
    writer.EndObject();
  }
  writer.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize());
}

struct JsonFastDecoder::Impl {
  simdjson::ondemand::parser parser;
  std::unique_ptr<char[]> padded;  // input copy followed by SIMDJSON_PADDING zero bytes
  std::size_t capacity = 0;
};

JsonFastDecoder::JsonFastDecoder() : impl_(std::make_unique<Impl>()) {}
JsonFastDecoder::~JsonFastDecoder() = default;

DecodeResult JsonFastDecoder::decode(std::string_view json) {
  Impl& impl = *impl_;
  const std::size_t needed = json.size() + simdjson::SIMDJSON_PADDING;
  if (impl.capacity < needed) {
    impl.padded = std::make_unique<char[]>(needed);
    impl.capacity = needed;
  }
  std::memcpy(impl.padded.get(), json.data(), json.size());
  std::memset(impl.padded.get() + json.size(), 0, simdjson::SIMDJSON_PADDING);

  DecodeResult result;
  std::size_t index = 0;
  const auto fail = [&index](Failure failure, bool in_record) {
    DecodeResult failed;
    if (in_record) failed.error = "record " + std::to_string(index) + ": ";
    if (failure.code == simdjson::NO_SUCH_FIELD && failure.field != nullptr) {
      failed.error += std::string("missing field '") + failure.field + "'";
    } else {
      if (failure.field != nullptr) failed.error += std::string("field '") + failure.field + "': ";
      failed.error += simdjson::error_message(failure.code);
    }
    return failed;
  };

  od::document document;
  if (const error_code e =
          impl.parser.iterate(impl.padded.get(), json.size(), needed).get(document)) {
    return fail({e, nullptr}, false);
  }
  od::array array;
  if (const error_code e = document.get_array().get(array)) return fail({e, nullptr}, false);
  result.records.reserve(json.size() / 256);
  for (auto element : array) {
    Record& record = result.records.emplace_back();
    if (const Failure failure = read_record(element, record); failure.code) {
      return fail(failure, true);
    }
    ++index;
  }
  // Past the last token, current_location() reports OUT_OF_BOUNDS; anything else is left over.
  if (document.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    return fail({simdjson::TRAILING_CONTENT, nullptr}, false);
  }
  return result;
}

DecodeResult decode_json_fast(std::string_view json) { return JsonFastDecoder().decode(json); }

}  // namespace wl
