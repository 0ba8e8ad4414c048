// RGB images and the deterministic synthetic camera scenes the frame benchmarks encode.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace wl {

// An 8-bit RGB image, rows top to bottom, 3 interleaved bytes per pixel, no row padding.
struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;  // width * height * 3 bytes
};

// A camera resolution the suite measures.
struct Resolution {
  std::string_view name;  // "480p", "720p", "1080p"
  int width;
  int height;
};

inline constexpr Resolution kResolutions[] = {
    {"480p", 640, 480}, {"720p", 1280, 720}, {"1080p", 1920, 1080}};

// Return a synthetic frame: smooth gradients, soft blobs, hard-edged shapes and rows of
// glyph-like strokes, scaled to the size. The same (width, height, seed) gives the same pixels.
RgbImage make_scene(int width, int height, std::uint64_t seed = 1);

// Return the peak signal-to-noise ratio of b against a in dB (infinity if identical).
// Throws std::invalid_argument if the sizes differ or the images are empty.
double psnr(const RgbImage& a, const RgbImage& b);

}  // namespace wl
