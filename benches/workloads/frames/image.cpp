#include "frames/image.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace wl {
namespace {

// splitmix64: a fixed, portable generator (std distributions differ between libraries).
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi).
  int range(int lo, int hi) {
    return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo));
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

struct Color {
  std::uint8_t r, g, b;
};

Color random_color(Random& random) {
  return {static_cast<std::uint8_t>(random.range(0, 256)),
          static_cast<std::uint8_t>(random.range(0, 256)),
          static_cast<std::uint8_t>(random.range(0, 256))};
}

class Canvas {
 public:
  explicit Canvas(RgbImage& image) : image_(image) {}

  void set(int x, int y, Color c) {
    if (x < 0 || y < 0 || x >= image_.width || y >= image_.height) return;
    std::uint8_t* p = &image_.pixels[(static_cast<std::size_t>(y) * image_.width + x) * 3];
    p[0] = c.r;
    p[1] = c.g;
    p[2] = c.b;
  }

  void blend(int x, int y, Color c, double alpha) {
    if (x < 0 || y < 0 || x >= image_.width || y >= image_.height) return;
    std::uint8_t* p = &image_.pixels[(static_cast<std::size_t>(y) * image_.width + x) * 3];
    const std::uint8_t channels[3] = {c.r, c.g, c.b};
    for (int i = 0; i < 3; ++i) {
      p[i] = static_cast<std::uint8_t>(std::lround(p[i] + (channels[i] - p[i]) * alpha));
    }
  }

  void fill_rect(int x0, int y0, int w, int h, Color c) {
    for (int y = y0; y < y0 + h; ++y) {
      for (int x = x0; x < x0 + w; ++x) set(x, y, c);
    }
  }

 private:
  RgbImage& image_;
};

// Diagonal three-colour gradient with a gentle horizontal wave (sky/wall-like background).
void paint_background(RgbImage& image, Random& random) {
  const Color a = random_color(random), b = random_color(random), c = random_color(random);
  const double wave = 2.0 + random.unit() * 3.0;
  for (int y = 0; y < image.height; ++y) {
    const double v = static_cast<double>(y) / image.height;
    for (int x = 0; x < image.width; ++x) {
      const double u = static_cast<double>(x) / image.width;
      const double t = 0.5 * (u + v) + 0.05 * std::sin(wave * 6.2831853 * u);
      const double s = std::clamp(t, 0.0, 1.0);
      auto mix = [&](std::uint8_t p, std::uint8_t q, std::uint8_t r) {
        const double first = s < 0.5 ? p + (q - p) * (s * 2) : q + (r - q) * ((s - 0.5) * 2);
        return static_cast<std::uint8_t>(std::clamp(first, 0.0, 255.0));
      };
      std::uint8_t* px = &image.pixels[(static_cast<std::size_t>(y) * image.width + x) * 3];
      px[0] = mix(a.r, b.r, c.r);
      px[1] = mix(a.g, b.g, c.g);
      px[2] = mix(a.b, b.b, c.b);
    }
  }
}

// Soft radial light spots.
void paint_blobs(RgbImage& image, Random& random, int count) {
  Canvas canvas(image);
  const int scale = std::min(image.width, image.height);
  for (int i = 0; i < count; ++i) {
    const int cx = random.range(0, image.width), cy = random.range(0, image.height);
    const int radius = random.range(scale / 10, scale / 4);
    const Color color = random_color(random);
    for (int y = cy - radius; y <= cy + radius; ++y) {
      for (int x = cx - radius; x <= cx + radius; ++x) {
        const double d = std::hypot(x - cx, y - cy) / radius;
        if (d < 1.0) canvas.blend(x, y, color, 0.6 * (1.0 - d) * (1.0 - d));
      }
    }
  }
}

// Hard-edged rectangles and discs (objects, signs).
void paint_shapes(RgbImage& image, Random& random, int count) {
  Canvas canvas(image);
  const int scale = std::min(image.width, image.height);
  for (int i = 0; i < count; ++i) {
    const Color color = random_color(random);
    const int x = random.range(0, image.width), y = random.range(0, image.height);
    const int size = random.range(scale / 20, scale / 6);
    if (i % 2 == 0) {
      canvas.fill_rect(x, y, size * 2, size, color);
    } else {
      for (int dy = -size; dy <= size; ++dy) {
        for (int dx = -size; dx <= size; ++dx) {
          if (dx * dx + dy * dy <= size * size) canvas.set(x + dx, y + dy, color);
        }
      }
    }
  }
}

// Lines of 5x7 dot-matrix glyphs on light panels (captions, licence plates, overlays).
void paint_text(RgbImage& image, Random& random, int lines) {
  Canvas canvas(image);
  const int cell = std::max(2, image.height / 240);  // glyph pixel size
  const int glyph_w = 6 * cell, glyph_h = 9 * cell;
  for (int line = 0; line < lines; ++line) {
    const int glyphs = random.range(8, 24);
    const int x0 = random.range(0, std::max(1, image.width - glyphs * glyph_w));
    const int y0 = random.range(0, std::max(1, image.height - glyph_h));
    canvas.fill_rect(x0 - cell, y0 - cell, glyphs * glyph_w + 2 * cell, glyph_h + cell,
                     {235, 235, 225});
    const Color ink = {static_cast<std::uint8_t>(random.range(0, 60)),
                       static_cast<std::uint8_t>(random.range(0, 60)),
                       static_cast<std::uint8_t>(random.range(0, 60))};
    for (int g = 0; g < glyphs; ++g) {
      const std::uint64_t bits = random.next();  // 35 bits used: 5 columns x 7 rows
      for (int row = 0; row < 7; ++row) {
        for (int col = 0; col < 5; ++col) {
          if ((bits >> (row * 5 + col)) & 1) {
            canvas.fill_rect(x0 + g * glyph_w + col * cell, y0 + row * cell, cell, cell, ink);
          }
        }
      }
    }
  }
}

}  // namespace

RgbImage make_scene(int width, int height, std::uint64_t seed) {
  if (width <= 0 || height <= 0) throw std::invalid_argument("make_scene: empty size");
  RgbImage image{width, height,
                 std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height * 3)};
  Random random(seed);
  paint_background(image, random);
  paint_blobs(image, random, 6);
  paint_shapes(image, random, 14);
  paint_text(image, random, 10);
  return image;
}

double psnr(const RgbImage& a, const RgbImage& b) {
  if (a.width != b.width || a.height != b.height || a.pixels.size() != b.pixels.size() ||
      a.pixels.empty()) {
    throw std::invalid_argument("psnr: images differ in size or are empty");
  }
  double sum = 0;
  for (std::size_t i = 0; i < a.pixels.size(); ++i) {
    const double d = static_cast<double>(a.pixels[i]) - b.pixels[i];
    sum += d * d;
  }
  if (sum == 0) return std::numeric_limits<double>::infinity();
  const double mse = sum / static_cast<double>(a.pixels.size());
  return 10.0 * std::log10(255.0 * 255.0 / mse);
}

}  // namespace wl
