// Phone numbers: E.164 / international, US (NANP), UK and French national formats.
#include <array>
#include <string_view>

#include "pii/text_parts.hpp"
#include "pii/validators.hpp"

namespace wl {
namespace {

using namespace pii_text;

// Length of the E.164 country code that starts `digits` (ITU assignments: 1 and 7 are one
// digit, the listed two-digit codes are two, everything else three). 0 when it starts with 0.
std::size_t country_code_length(std::string_view digits) {
  if (digits.empty() || digits[0] == '0') return 0;
  if (digits[0] == '1' || digits[0] == '7') return 1;
  if (digits.size() < 2) return 0;
  static constexpr std::string_view kTwoDigit[] = {
      "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
      "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
      "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98"};
  for (std::string_view code : kTwoDigit) {
    if (digits.substr(0, 2) == code) return 2;
  }
  return 3;
}

// NANP: area code and exchange start with 2-9 and are not N11 service codes.
bool nanp_valid(std::string_view d) {
  return d.size() == 10 && d[0] >= '2' && !(d[1] == '1' && d[2] == '1') && d[3] >= '2' &&
         !(d[4] == '1' && d[5] == '1');
}

bool international_valid(std::string_view digits, std::size_t cc_len) {
  if (digits.size() < 8 || digits.size() > 15 || cc_len == 0) return false;
  std::string_view cc = digits.substr(0, cc_len);
  std::string_view national = digits.substr(cc_len);
  if (cc == "1") return nanp_valid(national);
  if (national.empty() || national[0] == '0') return false;
  if (cc == "44") return national.size() == 9 || national.size() == 10;
  if (cc == "33") return national.size() == 9;
  if (cc == "49") return national.size() >= 6 && national.size() <= 13;
  if (cc == "7") return national.size() == 10;
  return true;
}

// (415) 555-2671, (415)555-2671, 415-555-2671, 415.555.2671.
bool us_national_valid(std::string_view s) {
  ShortText digits;
  if (!s.empty() && s[0] == '(') {
    if (s.size() != 13 && s.size() != 14) return false;
    if (s[4] != ')' || (s.size() == 14 && s[5] != ' ')) return false;
    std::string_view rest = s.substr(s.size() - 8);
    if (!all_digits(s.substr(1, 3)) || !all_digits(rest.substr(0, 3)) || rest[3] != '-' ||
        !all_digits(rest.substr(4)))
      return false;
    digits.append(s.substr(1, 3)).append(rest.substr(0, 3)).append(rest.substr(4));
    return nanp_valid(digits.view());
  }
  if (s.size() != 12 || (s[3] != '-' && s[3] != '.') || s[7] != s[3]) return false;
  if (!all_digits(s.substr(0, 3)) || !all_digits(s.substr(4, 3)) || !all_digits(s.substr(8)))
    return false;
  digits.append(s.substr(0, 3)).append(s.substr(4, 3)).append(s.substr(8));
  return nanp_valid(digits.view());
}

bool international_phone_valid(std::string_view s) {  // s without the leading '+'
  if (all_digits(s)) return international_valid(s, country_code_length(s));
  if (s.size() > 2 && s[0] == '1') {  // +1 followed by a US national format
    std::string_view t = s.substr(1);
    if (t[0] == ' ' || t[0] == '-' || t[0] == '.') t.remove_prefix(1);
    if (us_national_valid(t)) return true;
  }
  std::array<std::string_view, 8> groups;
  std::size_t count = 0;
  ShortText digits;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ' ' || s[i] == '-') {
      if (i == start || count == groups.size()) return false;
      groups[count++] = s.substr(start, i - start);
      start = i + 1;
    } else if (!is_digit(s[i])) {
      return false;
    }
  }
  if (count < 2) return false;
  for (std::size_t i = 0; i < count; ++i) digits.append(groups[i]);
  std::size_t cc_len = country_code_length(digits.view());
  return cc_len == groups[0].size() && international_valid(digits.view(), cc_len);
}

// UK 020 7946 0958 / 0161 496 0000 / 07700 900123; France 01 23 45 67 89 / 01.23.45.67.89.
bool european_national_valid(std::string_view s) {
  std::array<std::string_view, 6> g;
  std::size_t n = 0;
  char sep = s.find('.') != std::string_view::npos ? '.' : ' ';
  if (!split(s, sep, g, n)) return false;
  ShortText digits;
  for (std::size_t i = 0; i < n; ++i) {
    if (!all_digits(g[i])) return false;
    digits.append(g[i]);
  }
  if (digits.size() < 10 || digits[0] != '0' || digits[1] == '0') return false;
  if (n == 5) {  // France: five pairs
    for (std::size_t i = 0; i < n; ++i) {
      if (g[i].size() != 2) return false;
    }
    return true;
  }
  if (sep != ' ' || digits.size() != 11) return false;
  if (n == 3 && g[0].size() == 3 && g[1].size() == 4) return digits[1] == '2';
  if (n == 3 && g[0].size() == 4 && g[1].size() == 3) {
    return digits[1] == '1' || digits[1] == '3' || digits[1] == '8' || digits[1] == '9';
  }
  if (n == 2 && g[0].size() == 5) return digits[1] == '1' || digits[1] == '7';
  return false;
}
}  // namespace

bool phone_valid(std::string_view text) {
  if (text.size() < 9) return false;
  if (text[0] == '+') return international_phone_valid(text.substr(1));
  if (text[0] == '(' || text.size() == 12) {
    if (us_national_valid(text)) return true;
  }
  return text[0] == '0' && european_national_valid(text);
}

}  // namespace wl
