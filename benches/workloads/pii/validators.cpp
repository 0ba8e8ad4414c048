#include "pii/validators.hpp"

#include <array>
#include <cstring>

namespace wl {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_alpha(char c) { return is_upper(c) || (c >= 'a' && c <= 'z'); }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
bool is_word(char c) { return is_alnum(c) || c == '_'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_email_local(char c) {
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

bool all_digits(std::string_view s) {
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

// --- phone ------------------------------------------------------------------------------------

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

// --- IBAN -------------------------------------------------------------------------------------

struct IbanCountry {
  char code[3];
  unsigned char length;
};

// SWIFT IBAN registry lengths.
constexpr IbanCountry kIbanCountries[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22},
    {"BH", 22}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24}, {"DE", 22},
    {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18}, {"FO", 18}, {"FR", 27},
    {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27}, {"GT", 28}, {"HR", 21}, {"HU", 28},
    {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27}, {"JO", 30}, {"KW", 30}, {"KZ", 20},
    {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21}, {"MC", 27}, {"MD", 24},
    {"ME", 22}, {"MK", 19}, {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NL", 18}, {"NO", 15}, {"PK", 24},
    {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"SA", 24}, {"SC", 31},
    {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"ST", 25}, {"SV", 28}, {"TL", 23}, {"TN", 24},
    {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20}};

std::size_t iban_length(std::string_view country) {
  for (const IbanCountry& c : kIbanCountries) {
    if (country == std::string_view(c.code, 2)) return c.length;
  }
  return 0;
}

// True when `begin` follows "CCdd XXXX ... " groups: the start of an IBAN-shaped sequence whose
// tail must not be read as a card (an IBAN that failed mod-97 is still not a card).
bool continues_iban_groups(std::string_view text, std::size_t begin) {
  std::size_t pos = begin;
  while (pos >= 5 && text[pos - 1] == ' ') {
    std::string_view g = text.substr(pos - 5, 4);
    for (char c : g) {
      if (!is_upper(c) && !is_digit(c)) return false;
    }
    bool head = pos == 5 || !is_alnum(text[pos - 6]);
    if (head && is_upper(g[0]) && is_upper(g[1]) && is_digit(g[2]) && is_digit(g[3])) return true;
    if (pos == 5 || text[pos - 6] != ' ') return false;
    pos -= 5;
  }
  return false;
}

}  // namespace

bool luhn_valid(std::string_view digits) {
  if (digits.size() < 2) return false;
  unsigned sum = 0;
  bool twice = false;
  for (std::size_t i = digits.size(); i-- > 0;) {
    if (!is_digit(digits[i])) return false;
    unsigned d = static_cast<unsigned>(digits[i] - '0');
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

bool card_valid(std::string_view text) {
  std::array<std::string_view, 6> g;
  std::size_t n = 0;
  char sep = text.find('-') != std::string_view::npos ? '-' : ' ';
  if (!split(text, sep, g, n)) return false;
  ShortText digits;
  for (std::size_t i = 0; i < n; ++i) {
    if (!all_digits(g[i])) return false;
    digits.append(g[i]);
  }
  if (digits.size() < 13 || digits.size() > 19 || digits[0] < '2' || digits[0] > '6') return false;
  if (n > 1) {
    bool fours = g[n - 1].size() <= 4;
    for (std::size_t i = 0; i + 1 < n; ++i) fours = fours && g[i].size() == 4;
    bool amex =
        n == 3 && g[0].size() == 4 && g[1].size() == 6 && (g[2].size() == 4 || g[2].size() == 5);
    if (!fours && !amex) return false;
  }
  return luhn_valid(digits.view());
}

bool iban_valid(std::string_view text) {
  ShortText buffer;
  if (text.find(' ') != std::string_view::npos) {
    std::array<std::string_view, 9> g;
    std::size_t n = 0;
    if (!split(text, ' ', g, n) || n < 2 || g[n - 1].size() > 4) return false;
    for (std::size_t i = 0; i + 1 < n; ++i) {
      if (g[i].size() != 4) return false;
    }
    for (std::size_t i = 0; i < n; ++i) buffer.append(g[i]);
  } else {
    buffer.append(text);
  }
  std::string_view compact = buffer.view();
  if (compact.size() < 15 || !is_upper(compact[0]) || !is_upper(compact[1]) ||
      !is_digit(compact[2]) || !is_digit(compact[3]))
    return false;
  if (iban_length(compact.substr(0, 2)) != compact.size()) return false;
  unsigned remainder = 0;
  for (std::size_t k = 0; k < compact.size(); ++k) {
    char c = compact[(k + 4) % compact.size()];
    if (is_digit(c)) {
      remainder = (remainder * 10 + static_cast<unsigned>(c - '0')) % 97;
    } else if (is_upper(c)) {
      remainder = (remainder * 100 + static_cast<unsigned>(c - 'A' + 10)) % 97;
    } else {
      return false;
    }
  }
  return remainder == 1;
}

bool ssn_valid(std::string_view s) {
  if (s.size() != 11 || s[3] != '-' || s[6] != '-') return false;
  std::string_view area = s.substr(0, 3), group = s.substr(4, 2), serial = s.substr(7);
  if (!all_digits(area) || !all_digits(group) || !all_digits(serial)) return false;
  return area != "000" && area != "666" && area[0] != '9' && group != "00" && serial != "0000";
}

bool ipv4_valid(std::string_view text) {
  std::array<std::string_view, 4> octets;
  std::size_t n = 0;
  if (!split(text, '.', octets, n) || n != 4) return false;
  for (std::string_view o : octets) {
    if (o.size() > 3 || !all_digits(o) || (o.size() > 1 && o[0] == '0')) return false;
    int value = 0;
    for (char c : o) value = value * 10 + (c - '0');
    if (value > 255) return false;
  }
  return true;
}

bool ipv6_valid(std::string_view text) {
  bool has_digit = false;
  for (char c : text) has_digit = has_digit || is_digit(c);
  if (!has_digit || text.size() < 3) return false;
  std::size_t groups = 0;
  std::string_view head = text;
  if (text.find('.') != std::string_view::npos) {  // embedded IPv4 tail: two groups
    std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos || !ipv4_valid(text.substr(colon + 1))) return false;
    head = text.substr(0, colon + 1);
    if (head.size() < 2 || head[head.size() - 2] != ':') head.remove_suffix(1);
    groups = 2;
  }
  auto count_groups = [](std::string_view part, std::size_t& count) {
    if (part.empty()) return true;
    std::array<std::string_view, 8> g;
    std::size_t n = 0;
    if (!split(part, ':', g, n)) return false;
    for (std::size_t i = 0; i < n; ++i) {
      if (g[i].size() > 4) return false;
      for (char c : g[i]) {
        if (!is_hex(c)) return false;
      }
    }
    count += n;
    return true;
  };
  std::size_t gap = head.find("::");
  if (gap == std::string_view::npos) {
    return !head.empty() && count_groups(head, groups) && groups == 8;
  }
  if (head.find("::", gap + 1) != std::string_view::npos) return false;
  std::size_t written = groups;
  if (!count_groups(head.substr(0, gap), written) || !count_groups(head.substr(gap + 2), written))
    return false;
  return written >= 1 && written <= 7;
}

bool email_valid(std::string_view text) {
  std::size_t at = text.find('@');
  if (at == std::string_view::npos || text.rfind('@') != at || text.size() > 254) return false;
  std::string_view local = text.substr(0, at), domain = text.substr(at + 1);
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos)
    return false;
  for (char c : local) {
    if (!is_email_local(c)) return false;
  }
  std::array<std::string_view, 16> labels;
  std::size_t n = 0;
  if (!split(domain, '.', labels, n) || n < 2) return false;
  for (std::size_t i = 0; i < n; ++i) {
    std::string_view l = labels[i];
    if (l.size() > 63 || l.front() == '-' || l.back() == '-') return false;
    for (char c : l) {
      if (!is_alnum(c) && c != '-') return false;
    }
  }
  std::string_view tld = labels[n - 1];
  if (tld.size() < 2) return false;
  for (char c : tld) {
    if (!is_alpha(c)) return false;
  }
  return true;
}

bool phone_valid(std::string_view text) {
  if (text.size() < 9) return false;
  if (text[0] == '+') return international_phone_valid(text.substr(1));
  if (text[0] == '(' || text.size() == 12) {
    if (us_national_valid(text)) return true;
  }
  return text[0] == '0' && european_national_valid(text);
}

bool left_boundary_ok(std::string_view text, std::size_t begin, PiiType type) {
  bool numeric_joiners = type == PiiType::card || type == PiiType::phone;
  if (begin > 0) {
    char p = text[begin - 1];
    char pp = begin > 1 ? text[begin - 2] : '\0';
    if (is_word(p)) return false;
    switch (type) {
      case PiiType::email:
        if (is_email_local(p) || p == '@') return false;
        break;
      case PiiType::ipv4:
        if (p == '.' && is_digit(pp)) return false;
        break;
      case PiiType::ipv6:
        if (p == ':' || (p == '.' && is_digit(pp))) return false;
        break;
      case PiiType::ssn:
      case PiiType::card:
      case PiiType::phone:
        if ((p == '-' && is_word(pp)) || (p == '.' && is_digit(pp))) return false;
        if (numeric_joiners && p == '+') return false;
        if (type == PiiType::card && p == ' ' && continues_iban_groups(text, begin)) return false;
        // "+44 ..." and "(415) ..." open a new number even after a digit group.
        if (numeric_joiners && p == ' ' && is_digit(pp) && text[begin] != '+' && text[begin] != '(')
          return false;
        break;
      case PiiType::iban:
        break;
    }
  }
  return true;
}

bool right_boundary_ok(std::string_view text, std::size_t end, PiiType type) {
  auto at = [&](std::size_t i) { return i < text.size() ? text[i] : '\0'; };
  bool numeric_joiners = type == PiiType::card || type == PiiType::phone;
  if (end < text.size()) {
    char q = text[end];
    char qq = at(end + 1);
    if (is_word(q)) return false;
    switch (type) {
      case PiiType::email:
        if (q == '@' || ((q == '.' || q == '-') && is_word(qq))) return false;
        break;
      case PiiType::ipv4:
        if (q == '.' && is_digit(qq)) return false;
        break;
      case PiiType::ipv6:
        if ((q == ':' && (is_hex(qq) || qq == ':')) || (q == '.' && is_digit(qq))) return false;
        break;
      case PiiType::ssn:
      case PiiType::card:
      case PiiType::phone:
        if ((q == '-' && is_word(qq)) || (q == '.' && is_digit(qq))) return false;
        if (numeric_joiners && q == ' ' && is_digit(qq)) return false;
        break;
      case PiiType::iban:
        break;
    }
  }
  return true;
}

bool boundaries_ok(std::string_view text, std::size_t begin, std::size_t end, PiiType type) {
  return left_boundary_ok(text, begin, type) && right_boundary_ok(text, end, type);
}

bool span_valid(std::string_view text, std::size_t begin, std::size_t end, PiiType type) {
  if (begin >= end || end > text.size() || !boundaries_ok(text, begin, end, type)) return false;
  std::string_view s = text.substr(begin, end - begin);
  switch (type) {
    case PiiType::email:
      return email_valid(s);
    case PiiType::iban:
      return iban_valid(s);
    case PiiType::card:
      return card_valid(s);
    case PiiType::ssn:
      return ssn_valid(s);
    case PiiType::phone:
      return phone_valid(s);
    case PiiType::ipv6:
      return ipv6_valid(s);
    case PiiType::ipv4:
      return ipv4_valid(s);
  }
  return false;
}

std::string_view type_name(PiiType type) {
  static constexpr std::string_view kNames[kPiiTypeCount] = {"email", "iban", "card", "ssn",
                                                             "phone", "ipv6", "ipv4"};
  return kNames[static_cast<int>(type)];
}

std::string_view redaction_label(PiiType type) {
  static constexpr std::string_view kLabels[kPiiTypeCount] = {
      "[EMAIL]", "[IBAN]", "[CARD]", "[SSN]", "[PHONE]", "[IPV6]", "[IPV4]"};
  return kLabels[static_cast<int>(type)];
}

}  // namespace wl
