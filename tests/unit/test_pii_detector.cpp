// PII detector on hand-picked text: each type found with exact offsets, look-alikes ignored,
// overlaps resolved, redaction output exact. Every check runs with both start-offset modes.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "pii/detector.hpp"

namespace {

const wl::Detector& detector(wl::StartOffsets mode) {
  static const wl::Detector extension(wl::StartOffsets::left_extension);
  static const wl::Detector som(wl::StartOffsets::hyperscan_som);
  return mode == wl::StartOffsets::hyperscan_som ? som : extension;
}

constexpr wl::StartOffsets kModes[] = {wl::StartOffsets::left_extension,
                                       wl::StartOffsets::hyperscan_som};

// The (type, text) pairs found in `text`.
std::vector<std::pair<wl::PiiType, std::string>> found(std::string_view text,
                                                       wl::StartOffsets mode) {
  std::vector<std::pair<wl::PiiType, std::string>> out;
  for (const wl::Span& s : detector(mode).find(text)) {
    out.emplace_back(s.type, std::string(text.substr(s.begin, s.end - s.begin)));
  }
  return out;
}

// Check that `value`, embedded in a sentence, is found as exactly one span of `type`.
void check_positive(wl::PiiType type, std::string_view value) {
  std::string text = "Details: " + std::string(value) + ", thanks.";
  for (wl::StartOffsets mode : kModes) {
    CAPTURE(value);
    CAPTURE(static_cast<int>(mode));
    auto spans = found(text, mode);
    REQUIRE(spans.size() == 1);
    CHECK(spans[0].first == type);
    CHECK(spans[0].second == value);
  }
}

void check_negative(std::string_view text) {
  for (wl::StartOffsets mode : kModes) {
    CAPTURE(text);
    CAPTURE(static_cast<int>(mode));
    auto spans = found(text, mode);
    CHECK(spans.empty());
    if (!spans.empty()) MESSAGE("found: " << spans[0].second);
  }
}

}  // namespace

TEST_CASE("pii detector: positives of every type") {
  using wl::PiiType;
  for (std::string_view v :
       {"john.doe@example.com", "a+tag@mail.example.co.uk", "x_y-z@ex-ample.io"})
    check_positive(PiiType::email, v);
  for (std::string_view v :
       {"+14155552671", "+44 20 7946 0958", "+1 (415) 555-2671", "(415) 555-2671", "415-555-2671",
        "415.555.2671", "020 7946 0958", "0161 496 0000", "07700 900123", "01 23 45 67 89",
        "+33 1 23 45 67 89", "+49 30 12345678"})
    check_positive(PiiType::phone, v);
  for (std::string_view v : {"123-45-6789", "001-01-0001", "899-99-9999"})
    check_positive(PiiType::ssn, v);
  for (std::string_view v : {"4111 1111 1111 1111", "4111111111111111", "5500-0000-0000-0004",
                             "378282246310005", "3782 822463 10005", "6011 0009 9013 9424"})
    check_positive(PiiType::card, v);
  for (std::string_view v : {"10.0.0.1", "255.255.255.255", "0.0.0.0"})
    check_positive(PiiType::ipv4, v);
  for (std::string_view v :
       {"::1", "2001:db8::8a2e:370:7334", "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        "fe80::1ff:fe23:4567:890a", "::ffff:192.0.2.1"})
    check_positive(PiiType::ipv6, v);
  for (std::string_view v :
       {"GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "NO9386011117947"})
    check_positive(PiiType::iban, v);
}

TEST_CASE("pii detector: hard negatives") {
  check_negative("Card 4111111111111112 failed Luhn.");
  check_negative("SSNs 000-12-3456, 666-12-3456, 900-12-3456, 123-00-4567 and 123-45-0000.");
  check_negative("Mail name@localhost or root@intranet or a@b.c please.");
  check_negative("Hosts 256.1.1.1, 192.168.1.300 and 01.2.3.4 are invalid.");
  check_negative("Version 1.2.3.4.5 and build 10.0.19045.2846 shipped.");
  check_negative("IBAN DE88370400440532013000 has a wrong check digit.");
  check_negative("Ledger 94111111111111111 and 41111111111111110000 are digit runs.");
  check_negative("Groups 4111 1111 1111 1111 1234 form a 20-digit number.");
  check_negative("Order ORD-4111111111111111 and ref +4111111111111111x.");
  check_negative("Meet at 14:30:05 on 2024-03-15 or 15.03.2024, MAC 00:1a:2b:3c:4d:5e.");
  check_negative("Dial 555-0199, 123-456-7890 or (011) 555-2671.");
  check_negative("C++ names like std::abs and Base::Add are not addresses.");
}

TEST_CASE("pii detector: overlaps and boundaries") {
  for (wl::StartOffsets mode : kModes) {
    // IPv6 with an IPv4 tail is one span, not an IPv6 prefix plus an IPv4.
    auto spans = found("host ::ffff:10.1.2.3 up", mode);
    REQUIRE(spans.size() == 1);
    CHECK(spans[0].first == wl::PiiType::ipv6);
    // A card number inside an email's local part belongs to the email.
    spans = found("send to 4111111111111111@example.com now", mode);
    REQUIRE(spans.size() == 1);
    CHECK(spans[0].first == wl::PiiType::email);
    // IPv4 with a port, and an IP range: both addresses found.
    spans = found("from 10.0.0.1:8080 and 10.0.0.1-10.0.0.255.", mode);
    REQUIRE(spans.size() == 3);
    CHECK(spans[0].second == "10.0.0.1");
    CHECK(spans[2].second == "10.0.0.255");
    // Sentence punctuation is not part of a span.
    spans = found("Mail a.b@example.com. Call 415-555-2671.", mode);
    REQUIRE(spans.size() == 2);
    CHECK(spans[0].second == "a.b@example.com");
    CHECK(spans[1].second == "415-555-2671");
  }
}

TEST_CASE("pii detector: redaction") {
  for (wl::StartOffsets mode : kModes) {
    const wl::Detector& d = detector(mode);
    CHECK(d.redact("Mail john.doe@example.com or call +1 (415) 555-2671.") ==
          "Mail [EMAIL] or call [PHONE].");
    CHECK(d.redact("SSN 123-45-6789, card 4111 1111 1111 1111, bad 4111 1111 1111 1112.") ==
          "SSN [SSN], card [CARD], bad 4111 1111 1111 1112.");
    CHECK(d.redact("10.0.0.1 -> 2001:db8::1 via GB82 WEST 1234 5698 7654 32") ==
          "[IPV4] -> [IPV6] via [IBAN]");
    CHECK(d.redact("no personal data here") == "no personal data here");
    CHECK(d.redact("") == "");
    CHECK(d.redact("a@example.com") == "[EMAIL]");
  }
}

TEST_CASE("pii detector: scratch reuse gives the same spans") {
  const wl::Detector& d = detector(wl::StartOffsets::left_extension);
  wl::PiiScratch scratch(d);
  std::vector<wl::Span> spans;
  d.find("call 415-555-2671 now", scratch, spans);
  REQUIRE(spans.size() == 1);
  d.find("nothing", scratch, spans);
  CHECK(spans.empty());
  d.find("ip 10.0.0.1 and ::1", scratch, spans);
  REQUIRE(spans.size() == 2);
  CHECK(spans[0] == wl::Span{wl::PiiType::ipv4, 3, 11});
  CHECK(spans[1] == wl::Span{wl::PiiType::ipv6, 16, 19});
  std::string out;
  d.redact("ip 10.0.0.1", scratch, out);
  CHECK(out == "ip [IPV4]");
}

TEST_CASE("pii detector: one detector, a scratch per thread") {
  const wl::Detector& d = detector(wl::StartOffsets::left_extension);
  const std::string text = "Mail a.b@example.com, call 415-555-2671, card 4111 1111 1111 1111.";
  std::vector<std::size_t> counts(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < counts.size(); ++t) {
    threads.emplace_back([&, t] {
      wl::PiiScratch scratch(d);
      std::vector<wl::Span> spans;
      for (int i = 0; i < 500; ++i) {
        d.find(text, scratch, spans);
        counts[t] += spans.size();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (std::size_t count : counts) CHECK(count == 3 * 500);
}
