#include "pii/fake_values.hpp"

#include <array>
#include <initializer_list>

namespace wl::pii_fake {
namespace {

constexpr std::array<std::string_view, 16> kFirst = {
    "james", "mary", "wei",   "fatima", "olga",  "pedro", "aiko", "liam",
    "noah",  "emma", "sofia", "arjun",  "chloe", "mateo", "hana", "lucas"};
constexpr std::array<std::string_view, 12> kLast = {"smith",  "garcia", "chen",    "kowalski",
                                                    "nguyen", "muller", "rossi",   "tanaka",
                                                    "okafor", "dubois", "johnson", "silva"};
constexpr std::array<std::string_view, 8> kDomains = {
    "example.com",     "mail.example.org", "corp.example.co.uk", "example.net",
    "shop.example.de", "example.io",       "support.example.fr", "eu.example.com"};
constexpr std::array<std::string_view, 8> kCities = {"Lisbon", "Denver", "Osaka",   "Leeds",
                                                     "Lyon",   "Munich", "Toronto", "Krakow"};

std::string digits(Rng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += rng.digit();
  return s;
}

// Concatenate; avoids `"literal" + temporary` (GCC 12 -Wrestrict false positives).
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string s;
  for (std::string_view p : parts) s.append(p);
  return s;
}

std::string padded(int value, int width) {
  std::string s = std::to_string(value);
  return cat({std::string(static_cast<std::size_t>(width) - s.size(), '0'), s});
}

std::string capitalized(std::string_view word) {
  std::string s(word);
  s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

}  // namespace

std::string email(Rng& rng) {
  std::string first(rng.pick(kFirst)), last(rng.pick(kLast));
  std::string local;
  switch (rng.range(0, 3)) {
    case 0:
      local = first + "." + last;
      break;
    case 1:
      local = first + "_" + last + std::to_string(rng.range(1, 99));
      break;
    case 2:
      local = first.substr(0, 1) + last + "+news";
      break;
    default:
      local = first + "-" + last;
      break;
  }
  return cat({local, "@", std::string(rng.pick(kDomains))});
}

namespace {

// Three NANP digits that start with 2-9 and are not N11.
std::string nanp_triple(Rng& rng) {
  std::string s;
  do {
    s = cat({std::string(1, static_cast<char>('0' + rng.range(2, 9))), digits(rng, 2)});
  } while (s[1] == '1' && s[2] == '1');
  return s;
}

}  // namespace

std::string phone(Rng& rng) {
  std::string a = nanp_triple(rng), e = nanp_triple(rng), n = digits(rng, 4);
  std::string london =
      cat({std::string(1, static_cast<char>('0' + rng.range(3, 8))), digits(rng, 3)});
  std::string london2 = digits(rng, 4);
  std::string fr = std::string(1, static_cast<char>('0' + rng.range(1, 9)));
  std::array<std::string, 4> pairs = {digits(rng, 2), digits(rng, 2), digits(rng, 2),
                                      digits(rng, 2)};
  switch (rng.range(0, 13)) {
    case 0:
      return cat({"(" + a + ") ", e, "-", n});
    case 1:
      return cat({a, "-", e, "-", n});
    case 2:
      return cat({a, ".", e, ".", n});
    case 3:
      return cat({"+1 ", a, "-", e, "-", n});
    case 4:
      return cat({"+1", a, e, n});
    case 5:
      return cat({"+1 (" + a + ") ", e, "-", n});
    case 6:
      return cat({"020 ", london, " ", london2});
    case 7:
      return cat({"0161 ", digits(rng, 3), " ", digits(rng, 4)});
    case 8:
      return cat({"07700 ", digits(rng, 6)});
    case 9:
      return cat({"+44 20 ", london, " ", london2});
    case 10:
      return cat({"+4420", london, london2});
    case 11:
      return cat({"0", fr, " ", pairs[0], " ", pairs[1], " ", pairs[2], " ", pairs[3]});
    case 12:
      return cat({"+33 ", fr, " ", pairs[0], " ", pairs[1], " ", pairs[2], " ", pairs[3]});
    default:
      return cat(
          {"+49 30 ", std::string(1, static_cast<char>('0' + rng.range(1, 9))), digits(rng, 7)});
  }
}

std::string ssn(Rng& rng, Validity validity) {
  int area = rng.range(1, 899);
  if (area == 666) area = 667;
  int group = rng.range(1, 99), serial = rng.range(1, 9999);
  if (validity == Validity::invalid) {
    switch (rng.range(0, 4)) {
      case 0:
        area = 0;
        break;
      case 1:
        area = 666;
        break;
      case 2:
        area = rng.range(900, 999);
        break;
      case 3:
        group = 0;
        break;
      default:
        serial = 0;
        break;
    }
  }
  return cat({padded(area, 3), "-", padded(group, 2), "-", padded(serial, 4)});
}

namespace {

char luhn_check_digit(std::string_view payload) {
  unsigned sum = 0;
  bool twice = true;  // the check digit will take the rightmost position
  for (std::size_t i = payload.size(); i-- > 0;) {
    unsigned d = static_cast<unsigned>(payload[i] - '0');
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

// Group `number` as 4-4-4-... or 4-6-rest, joined by `sep`.
std::string grouped(std::string_view number, char sep, bool amex_style) {
  std::string out;
  std::size_t pos = 0;
  int index = 0;
  while (pos < number.size()) {
    std::size_t len = (amex_style && index == 1) ? 6 : 4;
    if (amex_style && index == 2) len = number.size() - pos;
    if (!out.empty()) out += sep;
    out.append(number.substr(pos, len));
    pos += len;
    ++index;
  }
  return out;
}

}  // namespace

std::string card(Rng& rng, Validity validity) {
  struct Network {
    std::string_view prefix;
    int length;
  };
  static constexpr std::array<Network, 9> kNetworks = {{{"4", 16},
                                                        {"4", 13},
                                                        {"53", 16},
                                                        {"2221", 16},
                                                        {"37", 15},
                                                        {"6011", 16},
                                                        {"36", 14},
                                                        {"3528", 16},
                                                        {"62", 19}}};
  const Network& net = rng.pick(kNetworks);
  std::string number(net.prefix);
  number += digits(rng, net.length - 1 - static_cast<int>(net.prefix.size()));
  char check = luhn_check_digit(number);
  if (validity == Validity::invalid) check = static_cast<char>('0' + (check - '0' + 1) % 10);
  number += check;
  bool amex_style = net.length == 15 || net.length == 14;
  if (net.length == 13) return number;
  switch (rng.range(0, 2)) {
    case 0:
      return number;
    case 1:
      return grouped(number, ' ', amex_style);
    default:
      return grouped(number, '-', amex_style);
  }
}

std::string ipv4(Rng& rng) {
  return cat({std::to_string(rng.range(1, 223)), ".", std::to_string(rng.range(0, 255)), ".",
              std::to_string(rng.range(0, 255)), ".", std::to_string(rng.range(1, 254))});
}

namespace {

std::string hex_group(Rng& rng) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string s;
  int len = rng.range(1, 4);
  for (int i = 0; i < len; ++i) s += kHex[rng.next() % 16];
  if (s.size() > 1 && s[0] == '0') s[0] = '1';
  return s;
}

}  // namespace

std::string ipv6(Rng& rng) {
  std::string out;
  switch (rng.range(0, 4)) {
    case 0:  // full
      for (int i = 0; i < 8; ++i) out += cat({i ? ":" : "", hex_group(rng)});
      break;
    case 1: {  // documentation prefix, compressed
      out = cat({"2001:db8:", hex_group(rng), "::"});
      int right = rng.range(1, 3);
      for (int i = 0; i < right; ++i) out += cat({i ? ":" : "", hex_group(rng)});
      break;
    }
    case 2:
      out = "::1";
      break;
    case 3:
      out = cat({"fe80::", hex_group(rng), ":", hex_group(rng), ":", digits(rng, 3)});
      break;
    default:
      out = cat({"::ffff:", ipv4(rng)});
      break;
  }
  return out;
}

std::string iban(Rng& rng, Validity validity) {
  struct Country {
    std::string_view code;
    int letters;  // leading bank-code letters of the BBAN
    int length;
  };
  static constexpr std::array<Country, 10> kCountries = {{{"DE", 0, 22},
                                                          {"GB", 4, 22},
                                                          {"FR", 0, 27},
                                                          {"ES", 0, 24},
                                                          {"IT", 1, 27},
                                                          {"NL", 4, 18},
                                                          {"BE", 0, 16},
                                                          {"CH", 0, 21},
                                                          {"PL", 0, 28},
                                                          {"NO", 0, 15}}};
  const Country& c = rng.pick(kCountries);
  std::string bban;
  for (int i = 0; i < c.letters; ++i) bban += static_cast<char>('A' + rng.range(0, 25));
  bban += digits(rng, c.length - 4 - c.letters);
  unsigned r = 0;
  std::string rearranged = bban + std::string(c.code) + "00";
  for (char ch : rearranged) {
    if (ch >= 'A' && ch <= 'Z') {
      r = (r * 100 + static_cast<unsigned>(ch - 'A' + 10)) % 97;
    } else {
      r = (r * 10 + static_cast<unsigned>(ch - '0')) % 97;
    }
  }
  int check = 98 - static_cast<int>(r);
  if (validity == Validity::invalid) check = check == 98 ? 2 : check + 1;
  std::string compact = std::string(c.code) + padded(check, 2) + bban;
  return rng.range(0, 1) ? compact : grouped(compact, ' ', false);
}

std::string filler(Rng& rng, std::string_view kind) {
  if (kind == "VERSION") {
    static constexpr std::array<std::string_view, 4> k = {"1.2.3.4.5", "v2.14.1", "10.0.19045.2846",
                                                          "3.11.4.2.1"};
    return std::string(rng.pick(k));
  }
  if (kind == "DATE") {
    int d = rng.range(1, 28), m = rng.range(1, 12), y = rng.range(2019, 2026);
    switch (rng.range(0, 2)) {
      case 0:
        return cat({std::to_string(y), "-", padded(m, 2), "-", padded(d, 2)});
      case 1:
        return cat({padded(d, 2), ".", padded(m, 2), ".", std::to_string(y)});
      default:
        return cat({padded(m, 2), "/", padded(d, 2), "/", std::to_string(y)});
    }
  }
  if (kind == "TIME") {
    std::string t = cat({padded(rng.range(0, 23), 2), ":", padded(rng.range(0, 59), 2)});
    if (rng.range(0, 1)) return t;
    return cat({t, ":", padded(rng.range(0, 59), 2)});
  }
  if (kind == "ORDER") {
    switch (rng.range(0, 2)) {
      case 0:
        return cat({"ORD-", std::to_string(rng.range(2019, 2026)), "-", digits(rng, 6)});
      case 1:
        return cat({"#A", digits(rng, 4), "-", digits(rng, 2)});
      default:
        return cat({"INV-", digits(rng, 5)});
    }
  }
  if (kind == "LOCALMAIL") {
    static constexpr std::array<std::string_view, 4> k = {"root@localhost", "admin@intranet",
                                                          "ops@build-server", "user@host.x"};
    return std::string(rng.pick(k));
  }
  if (kind == "BADIP") {
    static constexpr std::array<std::string_view, 4> k = {"256.1.1.1", "192.168.1.300",
                                                          "10.0.0.999", "01.2.3.4"};
    return std::string(rng.pick(k));
  }
  if (kind == "LONGNUM") {
    std::string n =
        cat({std::string(1, static_cast<char>('0' + rng.range(1, 9))), digits(rng, 19)});
    return rng.range(0, 1) ? n : grouped(n, ' ', false);
  }
  if (kind == "BADPHONE") {
    switch (rng.range(0, 2)) {
      case 0:
        return cat({"555-", digits(rng, 4)});
      case 1:
        return cat({"123-456-", digits(rng, 4)});
      default:
        return cat({"(011) 555-", digits(rng, 4)});
    }
  }
  if (kind == "MAC") {
    std::string mac;
    for (int i = 0; i < 6; ++i) mac += cat({i ? ":" : "", padded(rng.range(10, 99), 2)});
    return mac;
  }
  if (kind == "BADCARD") return card(rng, Validity::invalid);
  if (kind == "BADSSN") return ssn(rng, Validity::invalid);
  if (kind == "BADIBAN") return iban(rng, Validity::invalid);
  if (kind == "NAME")
    return cat({capitalized(rng.pick(kFirst)), " ", capitalized(rng.pick(kLast))});
  if (kind == "CITY") return std::string(rng.pick(kCities));
  return std::to_string(rng.range(2, 99));  // N
}

}  // namespace wl::pii_fake
