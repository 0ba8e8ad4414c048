// Tier globs match characters (UTF-8 code points), not bytes (issue 11, kind 15).
#include <doctest/doctest.h>

#include <string>

#include "bench_gate/config.hpp"

TEST_CASE("glob: '?' matches one UTF-8 character") {
  CHECK(bg::glob_match("x/?", "x/é"));         // 2 bytes
  CHECK(bg::glob_match("x/?", "x/€"));         // 3 bytes
  CHECK(bg::glob_match("x/?", "x/😀"));         // 4 bytes
  CHECK_FALSE(bg::glob_match("x/??", "x/é"));  // one character, not two bytes
  CHECK(bg::glob_match("BM_?oo/*", "BM_Ωoo/8"));
  CHECK(bg::glob_match("*é", "café"));
  CHECK_FALSE(bg::glob_match("*é", "cafe"));
}

TEST_CASE("glob: classes hold characters and ranges of characters") {
  CHECK(bg::glob_match("x/[éè]", "x/è"));
  CHECK_FALSE(bg::glob_match("x/[éè]", "x/e"));
  CHECK(bg::glob_match("x/[à-ÿ]", "x/ö"));
  CHECK_FALSE(bg::glob_match("x/[à-ÿ]", "x/a"));
  CHECK(bg::glob_match("x/[!é]", "x/ü"));
  CHECK_FALSE(bg::glob_match("x/[!é]", "x/é"));
  CHECK(bg::glob_match("x/[^a-z]", "x/€"));
  // A byte of é's encoding alone is not é, and a class with é does not match half of it.
  CHECK_FALSE(bg::glob_match("x/[é]", std::string("x/\xC3")));
  CHECK_FALSE(bg::glob_match("x/[é]y", std::string("x/\xC3\xA9\xA9y")));
}

TEST_CASE("glob: invalid UTF-8 bytes are characters of their own") {
  const std::string bad = "x/\xFF";
  CHECK(bg::glob_match("x/?", bad));
  CHECK(bg::glob_match(bad, bad));
  CHECK_FALSE(bg::glob_match(bad, "x/\xFE"));
  CHECK_FALSE(bg::glob_match("x/?",
                             "x/\xC3"
                             "a"));  // truncated sequence + 'a': two characters
  CHECK(bg::glob_match("x/??",
                       "x/\xC3"
                       "a"));
}

TEST_CASE("glob: validation with non-ASCII patterns") {
  CHECK_NOTHROW(bg::validate_glob("x/[à-ÿ]*"));
  CHECK_THROWS_AS(bg::validate_glob("é[à-ÿ"), bg::Error);
  try {
    bg::validate_glob("é[à-ÿ");
  } catch (const bg::Error& e) {
    CHECK(std::string(e.what()).find("at offset 2") != std::string::npos);  // byte offset
  }
}
