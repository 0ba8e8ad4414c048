// Small allocation-free text helpers shared by the PII validators (internal to the pii family).
#pragma once

#include <array>
#include <cstddef>
#include <cstring>
#include <string_view>

namespace wl::pii_text {

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool is_alpha(char c) { return is_upper(c) || (c >= 'a' && c <= 'z'); }
inline bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
inline bool is_word(char c) { return is_alnum(c) || c == '_'; }
inline bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
inline bool is_email_local(char c) {
  return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

// Fixed-capacity text: validators run per candidate and never allocate. Overflow poisons it.
class ShortText {
 public:
  ShortText& append(std::string_view s) {
    if (size_ + s.size() > sizeof(data_)) {
      overflow_ = true;
    } else {
      std::memcpy(data_ + size_, s.data(), s.size());
      size_ += s.size();
    }
    return *this;
  }
  std::string_view view() const {
    return overflow_ ? std::string_view() : std::string_view(data_, size_);
  }
  std::size_t size() const { return view().size(); }
  char operator[](std::size_t i) const { return data_[i]; }

 private:
  char data_[64];
  std::size_t size_ = 0;
  bool overflow_ = false;
};

inline bool all_digits(std::string_view s) {
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return !s.empty();
}

// Split `s` on single `sep` characters; false when a piece is empty or there are too many.
template <std::size_t N>
bool split(std::string_view s, char sep, std::array<std::string_view, N>& parts,
           std::size_t& count) {
  count = 0;
  std::size_t start = 0;
  for (;;) {
    std::size_t pos = s.find(sep, start);
    std::string_view piece = s.substr(start, pos == std::string_view::npos ? pos : pos - start);
    if (piece.empty() || count == N) return false;
    parts[count++] = piece;
    if (pos == std::string_view::npos) return true;
    start = pos + 1;
  }
}

}  // namespace wl::pii_text
