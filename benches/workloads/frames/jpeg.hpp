// JPEG encode/decode of RGB frames through TurboJPEG (libjpeg-turbo 2.1 API).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <turbojpeg.h>

#include "frames/image.hpp"

namespace wl {

struct TjHandleDeleter {
  void operator()(void* handle) const { tjDestroy(handle); }
};
using TjHandle = std::unique_ptr<void, TjHandleDeleter>;

// Encodes RGB frames as baseline JPEG with 4:2:0 chroma subsampling. Not thread-safe.
class JpegEncoder {
 public:
  // Throws std::runtime_error if TurboJPEG cannot be initialised.
  JpegEncoder();

  // Return the JPEG of image at quality 1..100. Throws std::runtime_error on failure.
  std::vector<std::uint8_t> encode(const RgbImage& image, int quality = 85);

 private:
  TjHandle handle_;
};

// Frames larger than this in either dimension are refused before any allocation.
inline constexpr int kMaxJpegDimension = 8192;

// Decodes JPEG images to RGB, reusing one TurboJPEG handle. Not thread-safe.
class JpegDecoder {
 public:
  // Throws std::runtime_error if TurboJPEG cannot be initialised.
  JpegDecoder();

  // Decode jpeg into out, reusing out.pixels' capacity. Return false for corrupt or truncated
  // data (TurboJPEG warnings included) or oversized frames; last_error() then says why.
  bool decode(std::span<const std::uint8_t> jpeg, RgbImage& out);

  const std::string& last_error() const { return last_error_; }

 private:
  bool fail(const char* what);

  TjHandle handle_;
  std::string last_error_;
};

}  // namespace wl
