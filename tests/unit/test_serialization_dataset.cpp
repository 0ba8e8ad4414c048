#include <doctest/doctest.h>

#include <algorithm>

#include "serialization/json_nlohmann.hpp"
#include "serialization/records.hpp"

TEST_CASE("serialization: the generator is deterministic and seed-dependent") {
  const auto a = wl::generate_records(1'000);
  const auto b = wl::generate_records(1'000);
  const auto c = wl::generate_records(1'000, 7);
  REQUIRE(a.size() == 1'000);
  CHECK(a == b);
  CHECK_FALSE(a == c);
  // A prefix of a longer dataset is the shorter dataset.
  const auto longer = wl::generate_records(1'500);
  CHECK(std::equal(a.begin(), a.end(), longer.begin()));
}

TEST_CASE("serialization: the dataset exercises escaping, UTF-8, nesting and large ids") {
  const auto records = wl::generate_records(10'000);
  const auto count = [&](auto predicate) {
    return std::count_if(records.begin(), records.end(), predicate);
  };
  const auto needs_escape = [](const std::string& s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
      return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
    });
  };
  const auto non_ascii = [](const std::string& s) {
    return std::any_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  };
  CHECK(count([&](const wl::Record& r) { return non_ascii(r.name); }) > 500);
  CHECK(count([&](const wl::Record& r) {
          return needs_escape(r.name) ||
                 std::any_of(r.tags.begin(), r.tags.end(),
                             [&](const wl::Tag& t) { return needs_escape(t.value); });
        }) > 500);
  CHECK(count([](const wl::Record& r) { return r.tags.size() >= 3; }) > 1'000);
  CHECK(count([](const wl::Record& r) { return r.tags.empty(); }) > 1'000);
  CHECK(count([](const wl::Record& r) { return r.id > (std::uint64_t{1} << 63); }) > 100);
  CHECK(count([](const wl::Record& r) { return r.active; }) > 5'000);
  CHECK(count([](const wl::Record& r) { return r.ratio < 0; }) > 50);
  // Every string is valid UTF-8: nlohmann's strict dump would throw otherwise.
  CHECK_NOTHROW(wl::encode_json_nlohmann(records));
}
