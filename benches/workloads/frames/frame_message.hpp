// Camera frames as a frame-processing API receives them: one JSON message per frame,
//   {"camera_id": "<text>", "timestamp": <int64 ns since epoch> | "<ISO 8601>",
//    "frame_data": "<base64 JPEG>"}
// Unknown fields are ignored; each known field must appear exactly once.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "frames/image.hpp"
#include "frames/jpeg.hpp"

namespace wl {

// A decoded frame.
struct Frame {
  std::string camera_id;
  std::int64_t timestamp_ns = 0;  // since the Unix epoch, UTC
  RgbImage image;
};

enum class FrameStatus {
  ok,
  malformed_json,  // not a JSON object, syntax error, trailing content, duplicate field
  missing_field,   // camera_id, timestamp or frame_data absent
  wrong_type,      // a known field has the wrong JSON type
  bad_timestamp,   // integer out of range or ISO text not understood
  bad_base64,      // frame_data is not strict base64
  bad_jpeg,        // corrupt, truncated or oversized JPEG
};

// Return a short lower-case name for status ("ok", "bad_base64", ...).
std::string_view to_string(FrameStatus status);

// Return the message for a frame (encoder side: start-up, tests). camera_id is JSON-escaped.
std::string make_frame_message(std::string_view camera_id, std::int64_t timestamp_ns,
                               std::span<const std::uint8_t> jpeg);
// Same, with the timestamp written as ISO 8601 text (e.g. "2026-11-23T12:00:00.123456789Z").
std::string make_frame_message(std::string_view camera_id, std::string_view iso_timestamp,
                               std::span<const std::uint8_t> jpeg);

// Parse "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)" into ns since the epoch; false if the
// text is not such a timestamp (or is out of the int64 range).
bool parse_iso8601_ns(std::string_view text, std::int64_t& out);

// Decodes frame messages (JSON, base64, JPEG) reusing its parser, handle and buffers across
// frames. Not thread-safe; use one decoder per thread.
class FrameDecoder {
 public:
  FrameDecoder();

  // Decode message into out, reusing out's buffers. On failure out is unspecified and
  // last_error() describes the problem. Never throws for bad input.
  FrameStatus decode(std::string_view message, Frame& out);

  const std::string& last_error() const { return last_error_; }

 private:
  FrameStatus fail(FrameStatus status, std::string message);

  simdjson::dom::parser parser_;  // DOM: runtime-dispatched SIMD kernels, validates fully
  JpegDecoder jpeg_;
  std::vector<char> padded_;              // message copy with simdjson's padding
  std::vector<std::uint8_t> jpeg_bytes_;  // base64-decoded payload
  std::string last_error_;
};

}  // namespace wl
