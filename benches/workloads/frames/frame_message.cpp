#include "frames/frame_message.hpp"

#include <chrono>
#include <cstring>
#include <limits>

#include <nlohmann/json.hpp>

#include "frames/base64.hpp"

namespace wl {
namespace {

bool digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > text.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

std::string message_json(std::string_view camera_id, nlohmann::json timestamp,
                         std::span<const std::uint8_t> jpeg) {
  nlohmann::json message;
  message["camera_id"] = std::string(camera_id);
  message["timestamp"] = std::move(timestamp);
  message["frame_data"] = base64_encode(jpeg);
  return message.dump();
}

}  // namespace

std::string_view to_string(FrameStatus status) {
  switch (status) {
    case FrameStatus::ok:
      return "ok";
    case FrameStatus::malformed_json:
      return "malformed_json";
    case FrameStatus::missing_field:
      return "missing_field";
    case FrameStatus::wrong_type:
      return "wrong_type";
    case FrameStatus::bad_timestamp:
      return "bad_timestamp";
    case FrameStatus::bad_base64:
      return "bad_base64";
    case FrameStatus::bad_jpeg:
      return "bad_jpeg";
  }
  return "unknown";
}

std::string make_frame_message(std::string_view camera_id, std::int64_t timestamp_ns,
                               std::span<const std::uint8_t> jpeg) {
  return message_json(camera_id, timestamp_ns, jpeg);
}

std::string make_frame_message(std::string_view camera_id, std::string_view iso_timestamp,
                               std::span<const std::uint8_t> jpeg) {
  return message_json(camera_id, std::string(iso_timestamp), jpeg);
}

bool parse_iso8601_ns(std::string_view text, std::int64_t& out) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!digits(text, 0, 4, year) || text.size() < 20 || text[4] != '-' ||
      !digits(text, 5, 2, month) || text[7] != '-' || !digits(text, 8, 2, day) ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !digits(text, 11, 2, hour) ||
      text[13] != ':' || !digits(text, 14, 2, minute) || text[16] != ':' ||
      !digits(text, 17, 2, second)) {
    return false;
  }
  const std::chrono::year_month_day date{std::chrono::year{year},
                                         std::chrono::month{unsigned(month)},
                                         std::chrono::day{unsigned(day)}};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) return false;
  std::size_t pos = 19;
  std::int64_t fraction_ns = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::int64_t scale = 100'000'000;
    const std::size_t start = pos;
    for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos) {
      fraction_ns += (text[pos] - '0') * scale;  // digits beyond nanoseconds are truncated
      scale /= 10;
    }
    if (pos == start) return false;
  }
  if (pos >= text.size()) return false;
  std::int64_t offset_s = 0;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    int off_h = 0, off_m = 0;
    if (!digits(text, pos + 1, 2, off_h) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !digits(text, pos + 4, 2, off_m) || off_h > 23 || off_m > 59) {
      return false;
    }
    offset_s = (off_h * 3600 + off_m * 60) * (text[pos] == '+' ? 1 : -1);
    pos += 6;
  } else {
    return false;
  }
  if (pos != text.size()) return false;
  const std::int64_t days = std::chrono::sys_days(date).time_since_epoch().count();
  const std::int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_s;
  // Years 0000-9999 always fit in seconds; the ns product may not.
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  if (seconds > (kMax - fraction_ns) / 1'000'000'000 || seconds < kMin / 1'000'000'000 + 1) {
    return false;
  }
  out = seconds * 1'000'000'000 + fraction_ns;
  return true;
}

FrameDecoder::FrameDecoder() = default;

FrameStatus FrameDecoder::fail(FrameStatus status, std::string message) {
  last_error_ = std::move(message);
  return status;
}

FrameStatus FrameDecoder::decode(std::string_view message, Frame& out) {
  namespace dom = simdjson::dom;
  last_error_.clear();
  // simdjson reads up to SIMDJSON_PADDING bytes past the end: parse a padded copy (reused).
  padded_.resize(message.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(padded_.data(), message.data(), message.size());
  std::memset(padded_.data() + message.size(), 0, simdjson::SIMDJSON_PADDING);

  dom::element root;
  if (auto error = parser_.parse(padded_.data(), message.size(), false).get(root)) {
    return fail(FrameStatus::malformed_json, simdjson::error_message(error));
  }
  dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    return fail(FrameStatus::malformed_json, "message is not a JSON object");
  }
  bool have_camera = false, have_timestamp = false, have_data = false;
  std::string_view frame_data;  // points into the parser; valid until the next parse
  for (const dom::key_value_pair field : object) {
    if (field.key == "camera_id") {
      if (have_camera) return fail(FrameStatus::malformed_json, "duplicate camera_id");
      std::string_view camera;
      if (field.value.get_string().get(camera) != simdjson::SUCCESS) {
        return fail(FrameStatus::wrong_type, "camera_id must be a string");
      }
      out.camera_id.assign(camera);
      have_camera = true;
    } else if (field.key == "timestamp") {
      if (have_timestamp) return fail(FrameStatus::malformed_json, "duplicate timestamp");
      switch (field.value.type()) {
        case dom::element_type::INT64:
          out.timestamp_ns = field.value.get_int64().value_unsafe();
          break;
        case dom::element_type::UINT64:
        case dom::element_type::DOUBLE:
          return fail(FrameStatus::bad_timestamp, "timestamp must be an int64 of nanoseconds");
        case dom::element_type::STRING:
          if (!parse_iso8601_ns(field.value.get_string().value_unsafe(), out.timestamp_ns)) {
            return fail(FrameStatus::bad_timestamp, "timestamp is not ISO 8601");
          }
          break;
        default:
          return fail(FrameStatus::wrong_type, "timestamp must be a number or a string");
      }
      have_timestamp = true;
    } else if (field.key == "frame_data") {
      if (have_data) return fail(FrameStatus::malformed_json, "duplicate frame_data");
      if (field.value.get_string().get(frame_data) != simdjson::SUCCESS) {
        return fail(FrameStatus::wrong_type, "frame_data must be a string");
      }
      have_data = true;
    }
    // Unknown fields are tolerated.
  }
  if (!have_camera) return fail(FrameStatus::missing_field, "camera_id missing");
  if (!have_timestamp) return fail(FrameStatus::missing_field, "timestamp missing");
  if (!have_data) return fail(FrameStatus::missing_field, "frame_data missing");

  jpeg_bytes_.resize(base64_max_decoded_size(frame_data.size()));
  const auto size = base64_decode_into(frame_data, jpeg_bytes_);
  if (!size) return fail(FrameStatus::bad_base64, "frame_data is not valid base64");
  if (!jpeg_.decode(std::span(jpeg_bytes_).first(*size), out.image)) {
    return fail(FrameStatus::bad_jpeg, jpeg_.last_error());
  }
  return FrameStatus::ok;
}

}  // namespace wl
