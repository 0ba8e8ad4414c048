#include "frames/jpeg.hpp"

#include <stdexcept>

namespace wl {
namespace {

struct TjBufferDeleter {
  void operator()(unsigned char* buffer) const { tjFree(buffer); }
};

}  // namespace

JpegEncoder::JpegEncoder() : handle_(tjInitCompress()) {
  if (!handle_) throw std::runtime_error("TurboJPEG: tjInitCompress failed");
}

std::vector<std::uint8_t> JpegEncoder::encode(const RgbImage& image, int quality) {
  if (image.width <= 0 || image.height <= 0 ||
      image.pixels.size() != static_cast<std::size_t>(image.width) * image.height * 3) {
    throw std::invalid_argument("JPEG encode: image size does not match its pixels");
  }
  unsigned char* raw = nullptr;
  unsigned long size = 0;
  const int rc = tjCompress2(handle_.get(), image.pixels.data(), image.width, 0, image.height,
                             TJPF_RGB, &raw, &size, TJSAMP_420, quality, TJFLAG_ACCURATEDCT);
  std::unique_ptr<unsigned char, TjBufferDeleter> buffer(raw);
  if (rc != 0) {
    throw std::runtime_error(std::string("TurboJPEG encode: ") + tjGetErrorStr2(handle_.get()));
  }
  return std::vector<std::uint8_t>(raw, raw + size);
}

JpegDecoder::JpegDecoder() : handle_(tjInitDecompress()) {
  if (!handle_) throw std::runtime_error("TurboJPEG: tjInitDecompress failed");
}

bool JpegDecoder::fail(const char* what) {
  last_error_ = std::string(what) + ": " + tjGetErrorStr2(handle_.get());
  return false;
}

bool JpegDecoder::decode(std::span<const std::uint8_t> jpeg, RgbImage& out) {
  last_error_.clear();
  if (jpeg.empty()) {
    last_error_ = "empty JPEG";
    return false;
  }
  int width = 0, height = 0, subsampling = 0, colorspace = 0;
  if (tjDecompressHeader3(handle_.get(), jpeg.data(), static_cast<unsigned long>(jpeg.size()),
                          &width, &height, &subsampling, &colorspace) != 0) {
    return fail("JPEG header");
  }
  if (width <= 0 || height <= 0 || width > kMaxJpegDimension || height > kMaxJpegDimension) {
    last_error_ = "JPEG dimensions out of range";
    return false;
  }
  out.width = width;
  out.height = height;
  out.pixels.resize(static_cast<std::size_t>(width) * height * 3);
  // Stop at the first warning: a truncated or damaged stream is an error, not a grey frame.
  if (tjDecompress2(handle_.get(), jpeg.data(), static_cast<unsigned long>(jpeg.size()),
                    out.pixels.data(), width, 0, height, TJPF_RGB, TJFLAG_STOPONWARNING) != 0) {
    return fail(tjGetErrorCode(handle_.get()) == TJERR_WARNING ? "JPEG data (warning)"
                                                               : "JPEG data");
  }
  return true;
}

}  // namespace wl
