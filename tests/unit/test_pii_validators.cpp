// Validators of the PII detector, checked one rule at a time.
#include <doctest/doctest.h>

#include "pii/validators.hpp"

TEST_CASE("pii validators: Luhn") {
  CHECK(wl::luhn_valid("4111111111111111"));
  CHECK(wl::luhn_valid("79927398713"));
  CHECK_FALSE(wl::luhn_valid("4111111111111112"));
  CHECK_FALSE(wl::luhn_valid("79927398710"));
  CHECK_FALSE(wl::luhn_valid("7"));
  CHECK_FALSE(wl::luhn_valid("41111111x1111111"));
}

TEST_CASE("pii validators: cards") {
  CHECK(wl::card_valid("4111 1111 1111 1111"));
  CHECK(wl::card_valid("5500-0000-0000-0004"));
  CHECK(wl::card_valid("378282246310005"));
  CHECK(wl::card_valid("3782 822463 10005"));
  CHECK(wl::card_valid("4222222222222"));  // 13-digit Visa
  CHECK(wl::card_valid("6011 0009 9013 9424"));
  CHECK_FALSE(wl::card_valid("4111 1111 1111 1112"));   // Luhn
  CHECK_FALSE(wl::card_valid("4111-1111 1111-1111"));   // mixed separators
  CHECK_FALSE(wl::card_valid("41 1111 1111 1111 11"));  // odd grouping
  CHECK_FALSE(wl::card_valid("4111  1111 1111 1111"));  // double space
  CHECK_FALSE(wl::card_valid("79927398713"));           // too short
  REQUIRE(wl::luhn_valid("8111111111111112"));
  CHECK_FALSE(wl::card_valid("8111111111111112"));  // Luhn-valid, but MII 8 is not a payment card
}

TEST_CASE("pii validators: IBAN") {
  CHECK(wl::iban_valid("GB82 WEST 1234 5698 7654 32"));
  CHECK(wl::iban_valid("GB82WEST12345698765432"));
  CHECK(wl::iban_valid("DE89370400440532013000"));
  CHECK(wl::iban_valid("DE89 3704 0044 0532 0130 00"));
  CHECK(wl::iban_valid("NO9386011117947"));
  CHECK_FALSE(wl::iban_valid("DE88370400440532013000"));  // check digits
  CHECK_FALSE(wl::iban_valid("GB82 WEST 1234 5698 7654 33"));
  CHECK_FALSE(wl::iban_valid("DE8937040044053201300"));   // length for DE is 22
  CHECK_FALSE(wl::iban_valid("ZZ89370400440532013000"));  // unknown country
  CHECK_FALSE(wl::iban_valid("GB82 WEST 123 45698 7654 32"));
  CHECK_FALSE(wl::iban_valid("gb82west12345698765432"));
}

TEST_CASE("pii validators: SSN") {
  CHECK(wl::ssn_valid("123-45-6789"));
  CHECK(wl::ssn_valid("899-01-0001"));
  CHECK_FALSE(wl::ssn_valid("000-12-3456"));
  CHECK_FALSE(wl::ssn_valid("666-12-3456"));
  CHECK_FALSE(wl::ssn_valid("900-12-3456"));
  CHECK_FALSE(wl::ssn_valid("999-12-3456"));
  CHECK_FALSE(wl::ssn_valid("123-00-4567"));
  CHECK_FALSE(wl::ssn_valid("123-45-0000"));
  CHECK_FALSE(wl::ssn_valid("123 45 6789"));
}

TEST_CASE("pii validators: IPv4 and IPv6") {
  CHECK(wl::ipv4_valid("0.0.0.0"));
  CHECK(wl::ipv4_valid("255.255.255.255"));
  CHECK(wl::ipv4_valid("192.168.1.10"));
  CHECK_FALSE(wl::ipv4_valid("256.1.1.1"));
  CHECK_FALSE(wl::ipv4_valid("1.2.3"));
  CHECK_FALSE(wl::ipv4_valid("1.2.3.4.5"));
  CHECK_FALSE(wl::ipv4_valid("01.2.3.4"));
  CHECK(wl::ipv6_valid("::1"));
  CHECK(wl::ipv6_valid("2001:db8::8a2e:370:7334"));
  CHECK(wl::ipv6_valid("2001:0db8:85a3:0000:0000:8a2e:0370:7334"));
  CHECK(wl::ipv6_valid("fe80::"));
  CHECK(wl::ipv6_valid("::ffff:192.0.2.1"));
  CHECK(wl::ipv6_valid("1:2:3:4:5:6:192.0.2.1"));
  CHECK_FALSE(wl::ipv6_valid("::"));
  CHECK_FALSE(wl::ipv6_valid("1::2::3"));
  CHECK_FALSE(wl::ipv6_valid("1:2:3:4:5:6:7"));
  CHECK_FALSE(wl::ipv6_valid("1:2:3:4:5:6:7:8:9"));
  CHECK_FALSE(wl::ipv6_valid("1:2:3:4::5:6:7:8"));
  CHECK_FALSE(wl::ipv6_valid("12345::1"));
  CHECK_FALSE(wl::ipv6_valid("::ffff:256.0.2.1"));
  CHECK_FALSE(wl::ipv6_valid("abc::def"));  // no decimal digit: a C++ scope, not an address
}

TEST_CASE("pii validators: email") {
  CHECK(wl::email_valid("john.doe@example.com"));
  CHECK(wl::email_valid("a+tag@mail.example.co.uk"));
  CHECK_FALSE(wl::email_valid("name@localhost"));
  CHECK_FALSE(wl::email_valid("name@host.x"));
  CHECK_FALSE(wl::email_valid("name@host.c0m"));
  CHECK_FALSE(wl::email_valid(".name@example.com"));
  CHECK_FALSE(wl::email_valid("na..me@example.com"));
  CHECK_FALSE(wl::email_valid("name@-example.com"));
  CHECK_FALSE(wl::email_valid("name@example..com"));
  CHECK_FALSE(wl::email_valid("a@b@example.com"));
}

TEST_CASE("pii validators: phones") {
  CHECK(wl::phone_valid("+14155552671"));
  CHECK(wl::phone_valid("+44 20 7946 0958"));
  CHECK(wl::phone_valid("+1 (415) 555-2671"));
  CHECK(wl::phone_valid("+1-415-555-2671"));
  CHECK(wl::phone_valid("+33 1 23 45 67 89"));
  CHECK(wl::phone_valid("+49 30 12345678"));
  CHECK(wl::phone_valid("(415) 555-2671"));
  CHECK(wl::phone_valid("415-555-2671"));
  CHECK(wl::phone_valid("415.555.2671"));
  CHECK(wl::phone_valid("020 7946 0958"));
  CHECK(wl::phone_valid("0161 496 0000"));
  CHECK(wl::phone_valid("07700 900123"));
  CHECK(wl::phone_valid("01 23 45 67 89"));
  CHECK(wl::phone_valid("01.23.45.67.89"));
  CHECK_FALSE(wl::phone_valid("123-456-7890"));      // NANP area cannot start with 1
  CHECK_FALSE(wl::phone_valid("415-155-2671"));      // nor the exchange
  CHECK_FALSE(wl::phone_valid("911-555-2671"));      // N11 service code
  CHECK_FALSE(wl::phone_valid("415-555.2671"));      // mixed separators
  CHECK_FALSE(wl::phone_valid("+1415555267"));       // NANP needs 10 national digits
  CHECK_FALSE(wl::phone_valid("+4 420 7946 0958"));  // first group is not the country code
  CHECK_FALSE(wl::phone_valid("+0123456789"));
  CHECK_FALSE(wl::phone_valid("030 7946 0958"));  // 3-4-4 is London-style 02x only
  CHECK_FALSE(wl::phone_valid("00 23 45 67 89"));
}

TEST_CASE("pii validators: boundaries") {
  using wl::PiiType;
  auto ok = [](std::string_view text, std::string_view part, PiiType type) {
    std::size_t at = text.find(part);
    REQUIRE(at != std::string_view::npos);
    return wl::span_valid(text, at, at + part.size(), type);
  };
  CHECK(ok("card 4111111111111111.", "4111111111111111", PiiType::card));
  CHECK_FALSE(ok("x 94111111111111111 y", "4111111111111111", PiiType::card));
  CHECK_FALSE(ok("ORD-4111111111111111", "4111111111111111", PiiType::card));
  CHECK_FALSE(ok("+4111111111111111", "4111111111111111", PiiType::card));
  CHECK_FALSE(ok("4111 1111 1111 1111 1234", "4111 1111 1111 1111", PiiType::card));
  CHECK_FALSE(ok("GB77 BUNZ 6111 2518 9158 47", "6111 2518 9158 47", PiiType::card));
  CHECK(ok("ip 1.2.3.4.", "1.2.3.4", PiiType::ipv4));
  CHECK(ok("at 1.2.3.4:8080", "1.2.3.4", PiiType::ipv4));
  CHECK_FALSE(ok("v 1.2.3.4.5", "1.2.3.4", PiiType::ipv4));
  CHECK_FALSE(ok("v 1.2.3.4.5", "2.3.4.5", PiiType::ipv4));
  CHECK_FALSE(ok("a@b.example.com", "b.example.com", PiiType::email));
  CHECK_FALSE(ok("x.john@example.com", "john@example.com", PiiType::email));
  CHECK_FALSE(ok("2001:db8::1:2", "2001:db8::1", PiiType::ipv6));
}
