// The JSON fast path's writers: a typed writer (std::to_chars numbers, table-driven escapes)
// and the RapidJSON Writer it was measured against.
#include "serialization/json_fast.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace wl {

namespace {

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

}  // namespace wl
