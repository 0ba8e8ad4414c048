// Fuzz ingest_benchmark_json: any bytes either become a Run that keeps ingest's contract (paired,
// positive, finite samples; unique names; storable as a note) or are rejected with bg::Error.
#include <cmath>
#include <set>

#include "bench_gate/ingest.hpp"
#include "bench_gate/note_codec.hpp"
#include "fuzz_support.hpp"

namespace {

void check_run(const bg::Run& run) {
  using bg::fuzz::require;
  std::set<std::string> names;
  for (const auto& b : run.benchmarks) {
    require(names.insert(b.name).second, "benchmark names are unique");
    require(b.real_time_ns.size() == b.cpu_time_ns.size(), "real and cpu samples pair up");
    require(!b.real_time_ns.empty() || b.error.has_value() || b.skipped.has_value(),
            "a benchmark has samples, an error or a skip message");
    for (const auto* samples : {&b.real_time_ns, &b.cpu_time_ns}) {
      for (double v : *samples) {
        // 0 is a valid time since issue 16 (a sleeping benchmark's cpu_time, coarse clocks)
        require(std::isfinite(v) && v >= 0 && v <= 1e15, "samples are >= 0, finite, <= 1e15 ns");
      }
    }
  }
  require(run.environment.fingerprint.size() == 64, "fingerprint is a hex SHA-256");

  // What ingest accepts, record stores: the run must survive the note codec.
  bg::NoteDocument doc;
  doc.commit = "0000000000000000000000000000000000000000";
  bg::Run stored = run;
  stored.run_id = "fuzz";
  doc.runs.push_back(stored);
  const std::string text = bg::serialize_note(doc);
  bg::NoteDocument back;
  try {
    back = bg::parse_note(text, "fuzz-note");
  } catch (const bg::Error& e) {
    std::fprintf(stderr, "stored note rejected: %s\n", e.what());
    require(false, "an ingested run serializes into a note parse_note accepts");
  }
  require(back.runs.size() == 1 && back.runs[0].benchmarks.size() == run.benchmarks.size(),
          "note keeps every benchmark");
  for (std::size_t i = 0; i < run.benchmarks.size(); ++i) {
    const auto& a = run.benchmarks[i];
    const auto& b = back.runs[0].benchmarks[i];
    require(a.real_time_ns == b.real_time_ns && a.cpu_time_ns == b.cpu_time_ns,
            "note keeps samples exactly");
    require(a.error.has_value() == b.error.has_value(), "note keeps errors");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bg::Run run;
  try {
    run = bg::ingest_benchmark_json(bg::fuzz::as_text(data, size), "fuzz.json");
  } catch (const bg::Error& e) {
    bg::fuzz::require(e.code() == bg::ExitCode::input_error, "ingest rejects with input_error");
    return 0;
  }
  check_run(run);
  return 0;
}
