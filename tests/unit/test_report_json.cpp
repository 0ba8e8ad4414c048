#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "bench_gate/report/comparison_json.hpp"

namespace {

bg::Comparison sample() {
  bg::Comparison c;
  c.base_rev = "main";
  c.head_rev = "feature|x";
  c.base_commit = std::string(40, 'a');
  c.head_commit = std::string(40, 'b');
  c.merge_base = std::string(40, 'c');
  c.baseline_commit = std::string(40, 'd');
  c.baseline_distance = 2;
  c.mode = bg::CompareMode::paired;
  bg::Environment e;
  e.host = "ci-1";
  e.compiler = "gcc 12";
  e.build_type = "Release";
  e.fingerprint = "f00d";
  e.context = {{"host_name", "ci-1"}, {"num_cpus", 4}};
  c.base_environments = {e};
  e.context["num_cpus"] = 8;
  c.head_environments = {e};
  c.environments_differ = true;
  c.environment_differences = {"num_cpus: 4 → 8"};
  c.missing_shards = {"head: shard 2/3 of run r1"};
  c.rule = "the rule";
  c.correction = "Holm";
  c.exit_code = bg::ExitCode::regression;
  bg::BenchmarkComparison b;
  b.name = "BM_x<int>";
  b.tier = "critical";
  b.threshold = 0.05;
  b.action = bg::TierAction::warn;
  b.verdict = bg::Verdict::new_benchmark;
  b.unit = "ns";
  b.base_center = 0;
  b.head_center = 12.5;
  b.change = 0.25;
  b.ci_low = 0.125;
  b.ci_high = 0.375;
  b.p_value = 0.001;
  b.p_adjusted = 0.004;
  b.mde = 0.03;
  b.base_samples = 10;
  b.head_samples = 9;
  b.base_runs = 1;
  b.head_runs = 2;
  b.repetitions_needed = 40;
  b.advice = {bg::AdviceAction::repetitions, 40, "within-run term dominates"};
  b.noise_source = "HL";
  b.message = "note";
  c.benchmarks = {b};
  b.name = "BM_y";
  b.verdict = bg::Verdict::failed;
  b.action = bg::TierAction::fail;
  c.benchmarks.push_back(b);
  return c;
}

}  // namespace

TEST_CASE("comparison json: round trip keeps every field") {
  const bg::Comparison c = sample();
  const nlohmann::json doc = bg::comparison_to_json(c);
  CHECK(doc["schema_version"] == 1);
  CHECK(doc["exit_code"] == 1);
  CHECK(doc["exit_status"] == "regression");
  CHECK(doc["benchmarks"][0]["verdict"] == "new");
  CHECK(doc["benchmarks"][0]["action"] == "warn");
  // Through text, as a file would.
  const bg::Comparison back = bg::comparison_from_json(nlohmann::json::parse(doc.dump()), "x.json");
  CHECK(bg::comparison_to_json(back) == doc);
  REQUIRE(back.benchmarks.size() == 2);
  CHECK(back.benchmarks[0].name == "BM_x<int>");
  CHECK(back.benchmarks[0].verdict == bg::Verdict::new_benchmark);
  CHECK(back.benchmarks[1].verdict == bg::Verdict::failed);
  CHECK(back.benchmarks[0].repetitions_needed == 40);
  CHECK(back.benchmarks[0].advice.action == bg::AdviceAction::repetitions);
  CHECK(back.benchmarks[0].advice.count == 40);
  CHECK(back.benchmarks[0].advice.reason == "within-run term dominates");
  CHECK(back.head_environments[0].context["num_cpus"] == 8);
  CHECK(back.exit_code == bg::ExitCode::regression);
  CHECK(back.mode == bg::CompareMode::paired);
}

TEST_CASE("comparison json: non-finite numbers are written as null and read as NaN") {
  bg::Comparison c = sample();
  c.benchmarks[0].ci_high = INFINITY;
  const nlohmann::json doc = bg::comparison_to_json(c);
  CHECK(doc["benchmarks"][0]["ci_high"].is_null());
  const bg::Comparison back = bg::comparison_from_json(doc, "x.json");
  CHECK(std::isnan(back.benchmarks[0].ci_high));
}

TEST_CASE("comparison json: errors name the origin and the field") {
  const nlohmann::json good = bg::comparison_to_json(sample());
  const auto message_of = [](const nlohmann::json& doc) -> std::string {
    try {
      bg::comparison_from_json(doc, "cmp.json");
    } catch (const bg::Error& e) {
      CHECK(e.code() == bg::ExitCode::input_error);
      return e.what();
    }
    FAIL("no error");
    return "";
  };
  SUBCASE("unknown schema_version") {
    nlohmann::json doc = good;
    doc["schema_version"] = 2;
    const std::string m = message_of(doc);
    CHECK(m.find("cmp.json") == 0);
    CHECK(m.find("schema_version") != std::string::npos);
  }
  SUBCASE("missing schema_version") {
    nlohmann::json doc = good;
    doc.erase("schema_version");
    CHECK(message_of(doc).find("cmp.json: schema_version: is missing") == 0);
  }
  SUBCASE("wrong type deep inside") {
    nlohmann::json doc = good;
    doc["benchmarks"][1]["change"] = "big";
    CHECK(message_of(doc) == "cmp.json: benchmarks[1].change: expected a number, got \"big\"");
  }
  SUBCASE("unknown verdict") {
    nlohmann::json doc = good;
    doc["benchmarks"][0]["verdict"] = "worse";
    CHECK(message_of(doc).find("benchmarks[0].verdict") != std::string::npos);
  }
  SUBCASE("not an object") {
    CHECK(message_of(nlohmann::json::array()).find("cmp.json: document: expected an object") == 0);
  }
  SUBCASE("environment context not an object") {
    nlohmann::json doc = good;
    doc["head_environments"][0]["context"] = 3;
    CHECK(message_of(doc) == "cmp.json: head_environments[0].context: expected an object");
  }
}

TEST_CASE("comparison json: unknown fields are ignored, optional fields default") {
  nlohmann::json doc = {{"schema_version", 1},
                        {"future_field", {1, 2}},
                        {"benchmarks", {{{"name", "BM_a"}, {"verdict", "unchanged"}}}}};
  const bg::Comparison c = bg::comparison_from_json(doc, "min.json");
  REQUIRE(c.benchmarks.size() == 1);
  CHECK(c.benchmarks[0].unit == "ns");
  CHECK(c.benchmarks[0].action == bg::TierAction::fail);
  CHECK(c.exit_code == bg::ExitCode::pass);
}
