#include <doctest/doctest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "test_serialization_support.hpp"

namespace {

using nlohmann::json;

// Both JSON decoders, by name.
const std::vector<std::pair<const char*, wl::DecodeResult (*)(std::string_view)>> kJsonDecoders = {
    {"fast", wl::decode_json_fast}, {"nlohmann", wl::decode_json_nlohmann}};

json valid_record() {
  wl::Record r = wl::generate_records(1)[0];
  r.tags = {{"k", "v"}};
  return json(std::vector<wl::Record>{r});
}

void check_json_rejected(const std::string& text, const std::string& mention = "") {
  for (const auto& [decoder_name, decode] : kJsonDecoders) {
    const std::string name = decoder_name;
    CAPTURE(name);
    CAPTURE(text);
    const wl::DecodeResult result = decode(text);
    CHECK_FALSE(result.ok());
    CHECK(result.records.empty());
    if (!mention.empty())
      CHECK_MESSAGE(result.error.find(mention) != std::string::npos, result.error);
  }
}

}  // namespace

TEST_CASE("serialization: every truncation of JSON is rejected") {
  const std::string json_text = wl::encode_json_fast(wl::testing::edge_records());
  for (std::size_t length = 0; length < json_text.size(); ++length) {
    check_json_rejected(json_text.substr(0, length));
  }
}

TEST_CASE("serialization: JSON that is not an array of records is rejected") {
  for (const char* text : {"", " ", "{}", "1", "\"x\"", "null", "[1]", "[[]]", "[null]", "[] x",
                           "[]]", "[{}", "[{\"id\":1,}]", "[\"\xff\"]"}) {
    check_json_rejected(text);
  }
}

TEST_CASE("serialization: malformed values of unknown fields are rejected too") {
  std::string text = valid_record().dump();
  text.insert(2, R"("extra":@,)");
  const auto at = text.find('@');
  for (const char* value : {"tru", "nul", "fals", "[1,]", "[1 2]", "01", "1.", "-", "{\"a\" 1}",
                            "{\"a\":}", "[[[]]", "\"\\q\""}) {
    std::string bad = text;
    bad.replace(at, 1, value);
    check_json_rejected(bad);
  }
  for (const char* value : {"true", "null", "[1,[2,{}]]", "-1.5e-3", "{\"a\":{\"b\":[]}}"}) {
    std::string good = text;
    good.replace(at, 1, value);
    CAPTURE(good);
    CHECK(wl::decode_json_fast(good).ok());
    CHECK(wl::decode_json_nlohmann(good).ok());
  }
  // Inside a tag as well.
  json doc = valid_record();
  std::string tag_text = doc.dump();
  tag_text.insert(tag_text.find("{\"key\"") + 1, "\"note\":[1 2],");
  check_json_rejected(tag_text);
}

TEST_CASE("serialization: a missing field is rejected and named") {
  for (const char* field :
       {"id", "name", "email", "timestamp_ms", "tags", "score", "ratio", "active"}) {
    json doc = valid_record();
    doc[0].erase(field);
    check_json_rejected(doc.dump(), std::string("'") + field + "'");
  }
  for (const char* field : {"key", "value"}) {
    json doc = valid_record();
    doc[0]["tags"][0].erase(field);
    check_json_rejected(doc.dump(), field);
  }
}

TEST_CASE("serialization: a value of the wrong type is rejected and named") {
  const std::vector<std::pair<const char*, json>> cases = {
      {"id", "1"},
      {"id", -1},
      {"id", 1.5},
      {"id", nullptr},
      {"name", 5},
      {"email", json::array()},
      {"timestamp_ms", 1.5},
      {"timestamp_ms", "0"},
      {"timestamp_ms", std::numeric_limits<std::uint64_t>::max()},
      {"tags", json::object()},
      {"tags", json::array({1})},
      {"tags", json::array({json{{"key", 1}, {"value", "v"}}})},
      {"score", "0.5"},
      {"ratio", true},
      {"active", 1},
      {"active", "true"},
  };
  for (const auto& [field, value] : cases) {
    json doc = valid_record();
    doc[0][field] = value;
    check_json_rejected(doc.dump(), field);
  }
}

TEST_CASE("serialization: numbers out of range are rejected") {
  json doc = valid_record();
  std::string text = doc.dump();
  const std::string id = "\"id\":" + std::to_string(doc[0]["id"].get<std::uint64_t>());
  text.replace(text.find(id), id.size(), "\"id\":18446744073709551616");  // 2^64
  check_json_rejected(text, "id");
}

TEST_CASE("serialization: every truncation of MessagePack and CBOR is rejected") {
  const auto records = wl::testing::edge_records();
  const auto msgpack = wl::encode_msgpack(records);
  const auto cbor = wl::encode_cbor(records);
  for (std::size_t length = 0; length < msgpack.size(); ++length) {
    CAPTURE(length);
    const auto result = wl::decode_msgpack(std::span(msgpack.data(), length));
    CHECK_FALSE(result.ok());
  }
  for (std::size_t length = 0; length < msgpack.size(); ++length) {
    CAPTURE(length);
    CHECK_FALSE(wl::decode_msgpack_typed(std::span(msgpack.data(), length)).ok());
  }
  for (std::size_t length = 0; length < cbor.size(); ++length) {
    CAPTURE(length);
    CHECK_FALSE(wl::decode_cbor(std::span(cbor.data(), length)).ok());
  }
}

TEST_CASE("serialization: binary documents with wrong types or missing fields are rejected") {
  json wrong = valid_record();
  wrong[0]["score"] = "high";
  json missing = valid_record();
  missing[0].erase("email");
  json not_array = valid_record()[0];
  for (const json& doc : {wrong, missing, not_array}) {
    const auto msgpack = json::to_msgpack(doc);
    const auto cbor = json::to_cbor(doc);
    const auto from_msgpack = wl::decode_msgpack(msgpack);
    const auto from_cbor = wl::decode_cbor(cbor);
    CHECK_FALSE(from_msgpack.ok());
    CHECK_FALSE(from_cbor.ok());
    CHECK(from_msgpack.error == from_cbor.error);
    CHECK_FALSE(wl::decode_msgpack_typed(msgpack).ok());
  }
}

TEST_CASE("serialization: typed MessagePack reader names the field at fault") {
  const std::vector<std::pair<const char*, json>> cases = {
      {"id", "1"},
      {"id", -1},
      {"id", 1.5},
      {"name", 5},
      {"email", nullptr},
      {"timestamp_ms", 1.5},
      {"timestamp_ms", std::numeric_limits<std::uint64_t>::max()},
      {"tags", json::object()},
      {"tags", json::array({json{{"key", 1}, {"value", "v"}}})},
      {"score", "0.5"},
      {"ratio", true},
      {"active", 1},
  };
  for (const auto& [field, value] : cases) {
    json doc = valid_record();
    doc[0][field] = value;
    const auto result = wl::decode_msgpack_typed(json::to_msgpack(doc));
    CHECK_FALSE(result.ok());
    CHECK_MESSAGE(result.error.find(field) != std::string::npos, result.error);
  }
  for (const char* field :
       {"id", "name", "email", "timestamp_ms", "tags", "score", "ratio", "active"}) {
    json doc = valid_record();
    doc[0].erase(field);
    const auto result = wl::decode_msgpack_typed(json::to_msgpack(doc));
    CHECK_FALSE(result.ok());
    CHECK_MESSAGE(result.error.find(field) != std::string::npos, result.error);
  }
}

TEST_CASE("serialization: typed MessagePack reader skips unknown fields and refuses forgeries") {
  json doc = valid_record();
  doc[0]["extra"] =
      json{{"bin", json::binary({1, 2, 3})}, {"list", {1, -70000, 2.5, nullptr, "s"}}};
  const auto with_extra = wl::decode_msgpack_typed(json::to_msgpack(doc));
  REQUIRE_MESSAGE(with_extra.ok(), with_extra.error);
  CHECK(with_extra.records.size() == 1);

  // An array32 claiming 4 billion records in 5 bytes.
  const std::vector<std::uint8_t> forged = {0xdd, 0xff, 0xff, 0xff, 0xff};
  CHECK_FALSE(wl::decode_msgpack_typed(forged).ok());
  // Trailing bytes after the array.
  auto trailing = wl::encode_msgpack_typed({});
  trailing.push_back(0xc0);
  CHECK_FALSE(wl::decode_msgpack_typed(trailing).ok());
  // An unknown field nested 10,000 deep fails cleanly instead of exhausting the stack.
  std::vector<std::uint8_t> deep = {0x91, 0x81, 0xa1, 'x'};
  deep.insert(deep.end(), 10'000, 0x91);
  deep.push_back(0xc0);
  const auto too_deep = wl::decode_msgpack_typed(deep);
  CHECK_FALSE(too_deep.ok());
  CHECK(too_deep.error.find("deep") != std::string::npos);
  // A string that is not UTF-8.
  auto bad_utf8 = wl::encode_msgpack_typed(wl::generate_records(1));
  const std::string name = wl::generate_records(1)[0].name;
  const auto at = std::search(bad_utf8.begin(), bad_utf8.end(), name.begin(), name.end());
  REQUIRE(at != bad_utf8.end());
  *at = 0xff;
  CHECK(wl::decode_msgpack_typed(bad_utf8).error.find("UTF-8") != std::string::npos);
}

TEST_CASE("serialization: random bytes never crash a decoder") {
  std::uint64_t state = 7;
  const auto byte = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint8_t>(state >> 56);
  };
  const auto valid = wl::encode_msgpack(wl::generate_records(5));
  for (int round = 0; round < 500; ++round) {
    std::vector<std::uint8_t> bytes = valid;
    for (int flips = 0; flips < 4; ++flips) bytes[byte() * bytes.size() / 256] = byte();
    const std::string text(bytes.begin(), bytes.end());
    // Only "no crash, no exception" is asserted: a flipped byte may still be valid.
    CHECK_NOTHROW((void)wl::decode_msgpack(bytes));
    CHECK_NOTHROW((void)wl::decode_cbor(bytes));
    CHECK_NOTHROW((void)wl::decode_msgpack_typed(bytes));
    CHECK_NOTHROW((void)wl::decode_json_fast(text));
    CHECK_NOTHROW((void)wl::decode_json_nlohmann(text));
  }
}
