#include "pii/validators.hpp"

#include <array>

#include "pii/text_parts.hpp"

namespace wl {
namespace {

using namespace pii_text;

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

}  // namespace wl
