#include <doctest/doctest.h>

#include <cstring>

#include "test_serialization_support.hpp"

using wl::testing::all_formats;

TEST_CASE("serialization: Record equality compares doubles bit for bit") {
  wl::Record a;
  wl::Record b;
  CHECK(a == b);
  b.score = -0.0;
  CHECK_FALSE(a == b);
  b.score = 0.0;
  b.tags.push_back({"k", "v"});
  CHECK_FALSE(a == b);
}

TEST_CASE("serialization: every format round-trips the generated dataset exactly") {
  const auto records = wl::generate_records(2'000);
  for (const auto& format : all_formats()) {
    CAPTURE(format.name);
    const wl::DecodeResult result = format.decode(format.encode(records));
    REQUIRE_MESSAGE(result.ok(), result.error);
    CHECK(result.records == records);
  }
}

TEST_CASE("serialization: every format round-trips edge cases exactly") {
  const auto records = wl::testing::edge_records();
  for (const auto& format : all_formats()) {
    CAPTURE(format.name);
    const wl::DecodeResult result = format.decode(format.encode(records));
    REQUIRE_MESSAGE(result.ok(), result.error);
    REQUIRE(result.records.size() == records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
      CAPTURE(i);
      CHECK(result.records[i] == records[i]);
    }
    CHECK(std::signbit(result.records[2].score));  // -0.0 kept its sign
  }
}

TEST_CASE("serialization: random finite doubles round-trip bit-exactly through JSON") {
  const auto values = wl::testing::random_doubles(20'000);
  std::vector<wl::Record> records(values.size() / 2);
  for (std::size_t i = 0; i < records.size(); ++i) {
    records[i].score = values[2 * i];
    records[i].ratio = values[2 * i + 1];
  }
  for (const auto& format : all_formats()) {
    CAPTURE(format.name);
    const wl::DecodeResult result = format.decode(format.encode(records));
    REQUIRE_MESSAGE(result.ok(), result.error);
    CHECK(result.records == records);
  }
}

TEST_CASE("serialization: empty dataset") {
  for (const auto& format : all_formats()) {
    CAPTURE(format.name);
    const wl::DecodeResult result = format.decode(format.encode({}));
    REQUIRE_MESSAGE(result.ok(), result.error);
    CHECK(result.records.empty());
  }
}

TEST_CASE("serialization: fast JSON writer escapes as JSON requires") {
  wl::Record r;
  r.name = std::string("q\"b\\n\nnul\0u\x01", 12);
  r.email = "é/";
  r.score = -0.0;
  r.ratio = 2.0;
  const std::string json = wl::encode_json_fast({r});
  CHECK(json.find(R"("name":"q\"b\\n\nnul\u0000u\u0001")") != std::string::npos);
  CHECK(json.find(R"("email":"é/")") != std::string::npos);
  CHECK(json.find(R"("score":-0.0,)") != std::string::npos);
  CHECK(json.find(R"("ratio":2.0,)") != std::string::npos);
}

TEST_CASE("serialization: JSON encoders refuse non-finite doubles") {
  wl::Record r;
  r.ratio = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(wl::encode_json_fast({r}), std::invalid_argument);
  CHECK_THROWS_AS(wl::encode_json_rapidjson({r}), std::invalid_argument);
  CHECK_THROWS_AS(wl::encode_json_nlohmann({r}), std::invalid_argument);
  r.ratio = 0;
  r.score = -std::numeric_limits<double>::infinity();
  CHECK_THROWS_AS(wl::encode_json_fast({r}), std::invalid_argument);
}

TEST_CASE("serialization: one fast decoder is reusable across inputs, good and bad") {
  wl::JsonFastDecoder decoder;
  const auto small = wl::generate_records(3, 1);
  const auto large = wl::generate_records(500, 2);
  CHECK(decoder.decode(wl::encode_json_fast(large)).records == large);
  CHECK_FALSE(decoder.decode("[{").ok());
  CHECK(decoder.decode(wl::encode_json_fast(small)).records == small);
  CHECK(decoder.decode(wl::encode_json_fast(large)).records == large);
}

TEST_CASE("serialization: decoders accept any field order, integral doubles and unknown fields") {
  const std::string json =
      R"([{"active":false,"extra":{"nested":[1,{"x":null}]},"ratio":3,"score":-0.0,"tags":[)"
      R"({"value":"v","note":[],"key":"k"}],"timestamp_ms":-5,"email":"e","name":"\u00e9\"","id":7}])";
  const wl::Record expected{7, "\u00e9\"", "e", -5, {{"k", "v"}}, -0.0, 3.0, false};
  for (const auto& decode : {wl::decode_json_fast, wl::decode_json_nlohmann}) {
    const wl::DecodeResult result = decode(json);
    REQUIRE_MESSAGE(result.ok(), result.error);
    REQUIRE(result.records.size() == 1);
    CHECK(result.records[0] == expected);
  }
}

TEST_CASE("serialization: the fast decoder reads pretty-printed JSON") {
  const auto records = wl::testing::edge_records();
  const std::string pretty = nlohmann::json(records).dump(2);
  REQUIRE(pretty.find('\n') != std::string::npos);
  const wl::DecodeResult result = wl::decode_json_fast(pretty);
  REQUIRE_MESSAGE(result.ok(), result.error);
  CHECK(result.records == records);
}
