#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "frames/base64.hpp"
#include "frames/frame_message.hpp"
#include "frames/image.hpp"
#include "frames/jpeg.hpp"

namespace {

using Bytes = std::vector<std::uint8_t>;

struct Fixture {
  wl::RgbImage scene = wl::make_scene(640, 480, 7);
  Bytes jpeg = wl::JpegEncoder().encode(scene, 85);
  std::string message = wl::make_frame_message("cam-42", 1795436112000000123, jpeg);
};

wl::FrameStatus decode(std::string_view message) {
  wl::FrameDecoder decoder;
  wl::Frame frame;
  return decoder.decode(message, frame);
}

std::string message_with_payload(std::string_view payload) {
  return std::string(R"({"camera_id":"c","timestamp":1,"frame_data":")") + std::string(payload) +
         "\"}";
}

}  // namespace

TEST_CASE("frames: scenes are deterministic per seed") {
  const wl::RgbImage a = wl::make_scene(320, 240, 3);
  const wl::RgbImage b = wl::make_scene(320, 240, 3);
  const wl::RgbImage c = wl::make_scene(320, 240, 4);
  REQUIRE(a.pixels.size() == 320u * 240u * 3u);
  CHECK(a.pixels == b.pixels);
  CHECK_FALSE(a.pixels == c.pixels);
  CHECK(wl::psnr(a, b) == std::numeric_limits<double>::infinity());
  CHECK(wl::psnr(a, c) < 20.0);
}

TEST_CASE("frames: decoded frames match the source at every resolution") {
  wl::JpegEncoder encoder;
  wl::FrameDecoder decoder;
  wl::Frame frame;  // reused across resolutions, as a service would
  for (int round = 0; round < 2; ++round) {
    for (const wl::Resolution& resolution : wl::kResolutions) {
      CAPTURE(resolution.name);
      const wl::RgbImage scene = wl::make_scene(resolution.width, resolution.height);
      const Bytes jpeg = encoder.encode(scene);
      REQUIRE(jpeg.size() > 1000);
      const std::string message = wl::make_frame_message(
          std::string("cam/") + std::string(resolution.name), 1795436112000000000 + round, jpeg);
      REQUIRE(decoder.decode(message, frame) == wl::FrameStatus::ok);
      CHECK(frame.camera_id == std::string("cam/") + std::string(resolution.name));
      CHECK(frame.timestamp_ns == 1795436112000000000 + round);
      REQUIRE(frame.image.width == resolution.width);
      REQUIRE(frame.image.height == resolution.height);
      CHECK(wl::psnr(scene, frame.image) >= 30.0);
    }
  }
}

TEST_CASE("frames: ISO 8601 timestamps") {
  std::int64_t ns = 0;
  CHECK(wl::parse_iso8601_ns("1970-01-01T00:00:00Z", ns));
  CHECK(ns == 0);
  CHECK(wl::parse_iso8601_ns("2026-11-23T12:15:12.5Z", ns));
  CHECK(ns == 1795436112500000000);
  CHECK(wl::parse_iso8601_ns("2026-11-23T13:15:12.000000123+01:00", ns));
  CHECK(ns == 1795436112000000123);
  CHECK(wl::parse_iso8601_ns("2000-02-29T23:59:59z", ns));
  CHECK(ns == 951868799000000000);
  CHECK(wl::parse_iso8601_ns("1969-12-31T22:00:00-01:00", ns));
  CHECK(ns == -3600000000000);
  for (std::string_view bad :
       {"", "2026-11-23", "2026-11-23T12:15:12", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-11-23T24:00:00Z", "2026-11-23T12:15:12.Z", "2026-11-23T12:15:12Zjunk",
        "2026-11-23T12:15:12+0100", "9999-12-31T23:59:59Z", "2026/11/23T12:15:12Z"}) {
    CAPTURE(bad);
    CHECK_FALSE(wl::parse_iso8601_ns(bad, ns));
  }

  Fixture fixture;
  wl::FrameDecoder decoder;
  wl::Frame frame;
  const std::string message =
      wl::make_frame_message("cam-iso", "2026-11-23T12:15:12.25Z", fixture.jpeg);
  REQUIRE(decoder.decode(message, frame) == wl::FrameStatus::ok);
  CHECK(frame.timestamp_ns == 1795436112250000000);
  CHECK(decode(wl::make_frame_message("c", "yesterday", fixture.jpeg)) ==
        wl::FrameStatus::bad_timestamp);
}

TEST_CASE("frames: malformed messages are rejected with a reason") {
  Fixture fixture;
  REQUIRE(decode(fixture.message) == wl::FrameStatus::ok);
  const std::string data = wl::base64_encode(fixture.jpeg);
  const std::pair<std::string, wl::FrameStatus> cases[] = {
      {"", wl::FrameStatus::malformed_json},
      {"not json", wl::FrameStatus::malformed_json},
      {"[1,2,3]", wl::FrameStatus::malformed_json},
      {fixture.message.substr(0, fixture.message.size() / 2), wl::FrameStatus::malformed_json},
      {fixture.message + "}", wl::FrameStatus::malformed_json},
      {fixture.message + " {}", wl::FrameStatus::malformed_json},
      {R"({"camera_id":"c","timestamp":1})", wl::FrameStatus::missing_field},
      {R"({"timestamp":1,"frame_data":")" + data + "\"}", wl::FrameStatus::missing_field},
      {R"({"camera_id":"c","frame_data":")" + data + "\"}", wl::FrameStatus::missing_field},
      {R"({"camera_id":7,"timestamp":1,"frame_data":")" + data + "\"}",
       wl::FrameStatus::wrong_type},
      {R"({"camera_id":"c","timestamp":true,"frame_data":")" + data + "\"}",
       wl::FrameStatus::wrong_type},
      {R"({"camera_id":"c","timestamp":1,"frame_data":null})", wl::FrameStatus::wrong_type},
      {R"({"camera_id":"c","timestamp":1.5,"frame_data":")" + data + "\"}",
       wl::FrameStatus::bad_timestamp},
      {R"({"camera_id":"c","timestamp":18446744073709551615,"frame_data":")" + data + "\"}",
       wl::FrameStatus::bad_timestamp},
      {R"({"camera_id":"c","camera_id":"d","timestamp":1,"frame_data":")" + data + "\"}",
       wl::FrameStatus::malformed_json},
  };
  for (const auto& [message, expected] : cases) {
    CAPTURE(message.substr(0, 80));
    CHECK(wl::to_string(decode(message)) == wl::to_string(expected));
  }
  // Unknown fields are tolerated.
  CHECK(decode(R"({"camera_id":"c","extra":{"a":[1]},"timestamp":1,"frame_data":")" + data +
               "\"}") == wl::FrameStatus::ok);
}

TEST_CASE("frames: corrupt payloads are rejected") {
  Fixture fixture;
  const std::string data = wl::base64_encode(fixture.jpeg);
  wl::FrameDecoder decoder;
  wl::Frame frame;

  SUBCASE("invalid base64") {
    std::string bad = data;
    bad[bad.size() / 2] = '*';
    CHECK(decoder.decode(message_with_payload(bad), frame) == wl::FrameStatus::bad_base64);
    CHECK(decoder.decode(message_with_payload(data.substr(1)), frame) ==
          wl::FrameStatus::bad_base64);
    CHECK_FALSE(decoder.last_error().empty());
  }
  SUBCASE("not a JPEG, or an empty one") {
    CHECK(decoder.decode(message_with_payload(wl::base64_encode(Bytes(5000, 0x41))), frame) ==
          wl::FrameStatus::bad_jpeg);
    CHECK(decoder.decode(message_with_payload(""), frame) == wl::FrameStatus::bad_jpeg);
  }
  SUBCASE("truncated JPEG at many lengths") {
    for (std::size_t keep :
         {std::size_t{2}, std::size_t{100}, std::size_t{600}, fixture.jpeg.size() / 3,
          fixture.jpeg.size() / 2, fixture.jpeg.size() - 200, fixture.jpeg.size() - 2}) {
      CAPTURE(keep);
      const Bytes cut(fixture.jpeg.begin(), fixture.jpeg.begin() + keep);
      CHECK(decoder.decode(message_with_payload(wl::base64_encode(cut)), frame) ==
            wl::FrameStatus::bad_jpeg);
    }
  }
  SUBCASE("damaged JPEG headers and entropy data") {
    Bytes no_soi = fixture.jpeg;
    no_soi[1] = 0x00;
    CHECK(decoder.decode(message_with_payload(wl::base64_encode(no_soi)), frame) ==
          wl::FrameStatus::bad_jpeg);
    // A stray marker inside the entropy-coded segment.
    Bytes stray_marker = fixture.jpeg;
    stray_marker[stray_marker.size() / 2] = 0xFF;
    stray_marker[stray_marker.size() / 2 + 1] = 0xD3;
    CHECK(decoder.decode(message_with_payload(wl::base64_encode(stray_marker)), frame) ==
          wl::FrameStatus::bad_jpeg);
  }
  SUBCASE("the decoder recovers after errors") {
    CHECK(decoder.decode(message_with_payload("!!!!"), frame) == wl::FrameStatus::bad_base64);
    REQUIRE(decoder.decode(fixture.message, frame) == wl::FrameStatus::ok);
    CHECK(frame.camera_id == "cam-42");
    CHECK(frame.timestamp_ns == 1795436112000000123);
    CHECK(wl::psnr(fixture.scene, frame.image) >= 30.0);
  }
}

TEST_CASE("frames: mutated messages never crash the decoder") {
  Fixture fixture;
  wl::FrameDecoder decoder;
  wl::Frame frame;
  std::uint64_t state = 12345;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  int rejected = 0;
  for (int i = 0; i < 300; ++i) {
    std::string message = fixture.message;
    const int edits = 1 + static_cast<int>(next() % 4);
    for (int e = 0; e < edits; ++e) {
      message[next() % message.size()] = static_cast<char>(next() & 0xff);
    }
    if (i % 3 == 0) message.resize(next() % message.size());
    if (decoder.decode(message, frame) != wl::FrameStatus::ok) ++rejected;
  }
  CHECK(rejected > 100);
  REQUIRE(decoder.decode(fixture.message, frame) == wl::FrameStatus::ok);
}
