#include <doctest/doctest.h>

#include <string>

#include "bench_gate/note_codec.hpp"

namespace {

bg::Run make_run(const std::string& id, const std::string& shard, std::vector<std::string> names) {
  bg::Run run;
  run.run_id = id;
  run.shard = shard;
  run.commit = "0123456789abcdef0123456789abcdef01234567";
  run.recorded_at = "2026-11-23T12:00:00Z";
  run.tool_version = "0.1.0";
  run.source = "ingest:suite.json";
  run.environment.context = {{"host_name", "ci-1"}, {"num_cpus", 2}};
  run.environment.host = "ci-1";
  run.environment.compiler = "g++ 12.2";
  run.environment.build_type = "Release";
  run.environment.fingerprint = "ab12";
  for (const auto& name : names) {
    bg::BenchmarkResult b;
    b.name = name;
    b.real_time_ns = {100.5, 101.25, 1e-3};
    b.cpu_time_ns = {99.0, 100.0, 0.1 + 0.2};
    b.iterations = 123456789012;
    run.benchmarks.push_back(b);
  }
  return run;
}

std::string note_error(const std::string& text) {
  try {
    bg::parse_note(text, "note of abc123");
  } catch (const bg::Error& e) {
    CHECK(e.code() == bg::ExitCode::input_error);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("notes: round trip is lossless and deterministic") {
  bg::NoteDocument doc;
  doc.commit = "0123456789abcdef0123456789abcdef01234567";
  doc.runs.push_back(make_run("r1", "", {"BM_A", "BM_<script>|`x`"}));
  doc.runs.back().benchmarks[0].error = "disk full";
  doc.runs.back().benchmarks[1].label = "label";
  doc.runs.back().benchmarks[1].bytes_per_second = 2.5e9;
  doc.runs.push_back(make_run("r2", "1/2", {"BM_B"}));

  std::string text = bg::serialize_note(doc);
  CHECK(text.find('\n') == std::string::npos);  // compact
  bg::NoteDocument back = bg::parse_note(text, "note");
  CHECK(bg::serialize_note(back) == text);
  REQUIRE(back.runs.size() == 2);
  CHECK(back.commit == doc.commit);
  const auto& b0 = back.runs[0].benchmarks[0];
  CHECK(b0.error == std::optional<std::string>("disk full"));
  CHECK(b0.real_time_ns == doc.runs[0].benchmarks[0].real_time_ns);  // exact doubles
  CHECK(b0.cpu_time_ns[2] == 0.1 + 0.2);
  CHECK(b0.iterations == 123456789012);
  CHECK(back.runs[0].benchmarks[1].name == "BM_<script>|`x`");
  CHECK(back.runs[0].benchmarks[1].bytes_per_second == 2.5e9);
  CHECK_FALSE(back.runs[0].benchmarks[1].error);
  CHECK(back.runs[0].environment.context["num_cpus"] == 2);
  CHECK(back.runs[0].environment.compiler == "g++ 12.2");
  CHECK(back.runs[1].shard == "1/2");
}

TEST_CASE("notes: versions and malformed documents") {
  CHECK(note_error(R"({"schema_version": 2, "commit": "x", "runs": []})")
            .find("note of abc123: schema_version 2 is not supported") == 0);
  CHECK(note_error(R"({"commit": "x", "runs": []})").find("schema_version missing") !=
        std::string::npos);
  CHECK(note_error("{\"schema_version\": 1, \"runs\": [").find("truncated or invalid JSON") !=
        std::string::npos);
  CHECK(
      note_error(R"({"schema_version": 1, "runs": [{"benchmarks": []}]})").find("runs[0].run_id") !=
      std::string::npos);
  CHECK(
      note_error(
          R"({"schema_version": 1, "runs": [{"run_id": "a", "benchmarks": [{"name": "x", "real_time_ns": [null]}]}]})")
          .find("real_time_ns[0]") != std::string::npos);
  CHECK(note_error(
            R"({"schema_version": 1, "runs": [{"run_id": "a", "shard": "3/2", "benchmarks": []}]})")
            .find("shard") != std::string::npos);
  // Unknown fields anywhere are tolerated (written by a newer bench-gate).
  bg::NoteDocument doc = bg::parse_note(
      R"({"schema_version": 1, "future": true, "commit": "c", "runs": [{"run_id": "a", "x": 1,
          "environment": {"gpu": "none"}, "benchmarks": [{"name": "BM", "real_time_ns": [1],
          "cpu_time_ns": [1], "extra": [1, 2]}]}]})",
      "n");
  REQUIRE(doc.runs.size() == 1);
  CHECK(doc.runs[0].benchmarks[0].real_time_ns == std::vector<double>{1});
}

TEST_CASE("notes: merge is a union keyed by (run_id, shard), order stable") {
  bg::NoteDocument a, b;
  a.commit = "c";
  a.runs = {make_run("r1", "", {"BM_A"}), make_run("r2", "1/2", {"BM_A"})};
  b.runs = {make_run("r2", "1/2", {"BM_X"}), make_run("r2", "2/2", {"BM_B"}),
            make_run("r3", "", {"BM_A"})};
  bg::NoteDocument merged = bg::merge_notes(a, b);
  REQUIRE(merged.runs.size() == 4);
  CHECK(merged.commit == "c");
  CHECK(merged.runs[0].run_id == "r1");
  CHECK(merged.runs[1].run_id == "r2");
  CHECK(merged.runs[1].benchmarks[0].name == "BM_A");  // a's copy wins
  CHECK(merged.runs[2].shard == "2/2");
  CHECK(merged.runs[3].run_id == "r3");
  // Idempotent.
  CHECK(bg::serialize_note(bg::merge_notes(merged, a)) == bg::serialize_note(merged));
}

TEST_CASE("notes: combine_shards joins shards of a run and reports missing ones") {
  std::vector<bg::Run> runs = {make_run("s", "1/3", {"BM_A", "BM_B"}),
                               make_run("whole", "", {"BM_A"}), make_run("s", "3/3", {"BM_C"})};
  std::vector<std::string> missing;
  auto combined = bg::combine_shards(runs, &missing);
  REQUIRE(combined.size() == 2);
  CHECK(combined[0].run_id == "s");
  CHECK(combined[0].shard == "");
  REQUIRE(combined[0].benchmarks.size() == 3);
  CHECK(combined[0].benchmarks[2].name == "BM_C");
  CHECK(combined[1].run_id == "whole");
  REQUIRE(missing.size() == 1);
  CHECK(missing[0] == "shard 2/3 of run s");

  SUBCASE("complete set: nothing missing") {
    runs.push_back(make_run("s", "2/3", {"BM_D"}));
    std::vector<std::string> none;
    auto all = bg::combine_shards(runs, &none);
    CHECK(none.empty());
    CHECK(all[0].benchmarks.size() == 4);
  }
}

TEST_CASE("notes: fields of a newer bench-gate survive a rewrite by this one (append, merge)") {
  // A note as a newer version might write it, schema_version still 1: one optional field at each
  // level this version reads (document, run, environment, benchmark).
  const std::string newer = R"({"schema_version": 1, "commit": "c", "future_doc": {"a": [1, 2]},
    "runs": [{"run_id": "r1", "shard": "", "commit": "c", "recorded_at": "", "tool_version": "9.0",
      "source": "run:x", "future_run": "kept",
      "environment": {"host": "h", "future_env": 42},
      "benchmarks": [{"name": "BM_a", "real_time_ns": [1.5], "cpu_time_ns": [1.5],
                      "iterations": 10, "future_bench": {"p99_ns": 7}}]}]})";
  bg::NoteDocument doc = bg::parse_note(newer, "test");
  bg::Run appended;  // what `record` appends: a run of this version
  appended.run_id = "r2";
  appended.commit = "c";
  doc.runs.push_back(appended);
  const nlohmann::json out = nlohmann::json::parse(bg::serialize_note(doc));
  CHECK(out["future_doc"] == nlohmann::json::parse(R"({"a": [1, 2]})"));
  CHECK(out["runs"][0]["future_run"] == "kept");
  CHECK(out["runs"][0]["environment"]["future_env"] == 42);
  CHECK(out["runs"][0]["benchmarks"][0]["future_bench"]["p99_ns"] == 7);
  CHECK_FALSE(out["runs"][1].contains("future_run"));  // nothing leaks into other runs
  CHECK(out["runs"][0]["benchmarks"][0]["real_time_ns"][0] == 1.5);  // known fields as before

  // A second rewrite is byte-identical (deterministic), and sync's merge keeps them too.
  CHECK(bg::serialize_note(bg::parse_note(bg::serialize_note(doc), "t")) == bg::serialize_note(doc));
  bg::NoteDocument other;
  other.commit = "c";
  const nlohmann::json merged =
      nlohmann::json::parse(bg::serialize_note(bg::merge_notes(other, doc)));
  CHECK(merged["future_doc"]["a"][1] == 2);
  CHECK(merged["runs"][0]["future_run"] == "kept");

  // A note without unknown fields writes none (no "unknown" key, no nulls).
  const std::string plain = bg::serialize_note(bg::parse_note(bg::serialize_note(other), "t"));
  CHECK(plain.find("null") == std::string::npos);
}
