// frames/<operation>/<resolution>: one camera frame per iteration.
//   decode       the full path a frame API runs: JSON parse + base64 decode + JPEG decode to RGB
//   jpeg_only    the JPEG decode alone, for reference
//   base64_only  the base64 decode of the payload alone, for reference
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "frames/base64.hpp"
#include "frames/frame_message.hpp"
#include "frames/image.hpp"
#include "frames/jpeg.hpp"

namespace {

// The encoded inputs of one resolution, built once on first use (scene + JPEG + message).
struct EncodedFrame {
  std::vector<std::uint8_t> jpeg;
  std::string base64;
  std::string message;
};

const EncodedFrame& encoded(std::size_t index) {
  static std::array<std::optional<EncodedFrame>, std::size(wl::kResolutions)> cache;
  if (!cache[index]) {
    const wl::Resolution& resolution = wl::kResolutions[index];
    const wl::RgbImage scene = wl::make_scene(resolution.width, resolution.height);
    EncodedFrame frame;
    frame.jpeg = wl::JpegEncoder().encode(scene, 85);
    frame.base64 = wl::base64_encode(frame.jpeg);
    frame.message = wl::make_frame_message("camera-01", 1795436112000000000, frame.jpeg);
    cache[index] = std::move(frame);
  }
  return *cache[index];
}

void decode(benchmark::State& state, std::size_t index) {
  const EncodedFrame& input = encoded(index);
  wl::FrameDecoder decoder;
  wl::Frame frame;
  for (auto _ : state) {
    if (decoder.decode(input.message, frame) != wl::FrameStatus::ok) {
      state.SkipWithError(decoder.last_error().c_str());
      break;
    }
    benchmark::DoNotOptimize(frame.image.pixels.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input.message.size()));
}

void jpeg_only(benchmark::State& state, std::size_t index) {
  const EncodedFrame& input = encoded(index);
  wl::JpegDecoder decoder;
  wl::RgbImage image;
  for (auto _ : state) {
    if (!decoder.decode(input.jpeg, image)) {
      state.SkipWithError(decoder.last_error().c_str());
      break;
    }
    benchmark::DoNotOptimize(image.pixels.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input.jpeg.size()));
}

void base64_only(benchmark::State& state, std::size_t index) {
  const EncodedFrame& input = encoded(index);
  std::vector<std::uint8_t> out(wl::base64_max_decoded_size(input.base64.size()));
  for (auto _ : state) {
    if (!wl::base64_decode_into(input.base64, out)) {
      state.SkipWithError("base64 decode failed");
      break;
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input.base64.size()));
}

const bool kRegistered = [] {
  for (std::size_t i = 0; i < std::size(wl::kResolutions); ++i) {
    const std::string resolution(wl::kResolutions[i].name);
    benchmark::RegisterBenchmark(("frames/decode/" + resolution).c_str(),
                                 [i](benchmark::State& state) { decode(state, i); })
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("frames/jpeg_only/" + resolution).c_str(),
                                 [i](benchmark::State& state) { jpeg_only(state, i); })
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("frames/base64_only/" + resolution).c_str(),
                                 [i](benchmark::State& state) { base64_only(state, i); })
        ->Unit(benchmark::kMicrosecond);
  }
  return true;
}();

}  // namespace
