// Fuzz parse_note: it gives exactly the reference decoder's document or error, the fast decoder
// (simdjson) never answers anything else; an accepted note serializes and parses back to an equal
// document, the text is a fixed point, and merge_notes/combine_shards keep their contracts on it.
#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <set>

#include "bench_gate/note_codec.hpp"
#include "fuzz_support.hpp"

namespace {

using bg::fuzz::require;

bool same_samples(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

bool same_number(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0 || a == b; }

bool same_benchmark(const bg::BenchmarkResult& a, const bg::BenchmarkResult& b) {
  return a.name == b.name && same_samples(a.real_time_ns, b.real_time_ns) &&
         same_samples(a.cpu_time_ns, b.cpu_time_ns) && a.iterations == b.iterations &&
         a.label == b.label && a.error == b.error &&
         same_number(a.bytes_per_second, b.bytes_per_second) &&
         same_number(a.items_per_second, b.items_per_second);
}

bool same_run(const bg::Run& a, const bg::Run& b) {
  if (a.run_id != b.run_id || a.shard != b.shard || a.commit != b.commit ||
      a.recorded_at != b.recorded_at || a.tool_version != b.tool_version || a.source != b.source) {
    return false;
  }
  const auto& ea = a.environment;
  const auto& eb = b.environment;
  if (ea.context != eb.context || ea.host != eb.host || ea.compiler != eb.compiler ||
      ea.build_type != eb.build_type || ea.fingerprint != eb.fingerprint) {
    return false;
  }
  if (a.benchmarks.size() != b.benchmarks.size()) return false;
  for (std::size_t i = 0; i < a.benchmarks.size(); ++i) {
    if (!same_benchmark(a.benchmarks[i], b.benchmarks[i])) return false;
  }
  return true;
}

bool same_document(const bg::NoteDocument& a, const bg::NoteDocument& b) {
  if (a.schema_version != b.schema_version || a.commit != b.commit ||
      a.runs.size() != b.runs.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.runs.size(); ++i) {
    if (!same_run(a.runs[i], b.runs[i])) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = bg::fuzz::as_text(data, size);
  std::optional<bg::NoteDocument> reference;
  std::string reference_error;
  try {
    reference = bg::parse_note_reference(input, "fuzz-note");
  } catch (const bg::Error& e) {
    require(e.code() == bg::ExitCode::input_error, "the reference rejects with input_error");
    reference_error = e.what();
  }
  // The fast decoder answers only notes the reference accepts, with the reference's document.
  if (const std::optional<bg::NoteDocument> fast = bg::parse_note_fast(input)) {
    require(reference.has_value(), "the fast decoder accepts only what the reference accepts");
    require(same_document(*fast, *reference) &&
                bg::serialize_note(*fast) == bg::serialize_note(*reference),
            "the fast decoder's document is the reference's");
  }
  bg::NoteDocument doc;
  try {
    doc = bg::parse_note(input, "fuzz-note");
  } catch (const bg::Error& e) {
    require(e.code() == bg::ExitCode::input_error, "parse_note rejects with input_error");
    require(!reference && reference_error == e.what(), "parse_note fails as the reference does");
    return 0;
  }
  require(reference.has_value(), "parse_note accepts only what the reference accepts");
  require(same_document(doc, *reference) &&
              bg::serialize_note(doc) == bg::serialize_note(*reference),
          "parse_note's document is the reference's");
  require(doc.schema_version == bg::kNoteSchemaVersion, "accepted notes have the known version");

  const std::string text = bg::serialize_note(doc);
  bg::NoteDocument again;
  try {
    again = bg::parse_note(text, "fuzz-note-reserialized");
  } catch (const bg::Error& e) {
    std::fprintf(stderr, "re-parse failed: %s\n", e.what());
    require(false, "serialize_note output parses back");
  }
  require(same_document(doc, again), "parse(serialize(doc)) == doc");
  require(bg::serialize_note(again) == text, "serialize_note is a fixed point after one round");

  // Merging a document with itself leaves one run per (run_id, shard), in first-seen order.
  const bg::NoteDocument merged = bg::merge_notes(doc, doc);
  std::set<std::pair<std::string, std::string>> keys;
  for (const auto& run : doc.runs) keys.emplace(run.run_id, run.shard);
  require(merged.runs.size() == keys.size(), "merge_notes keeps one run per (run_id, shard)");
  require(same_document(bg::merge_notes(merged, doc), merged), "merge_notes is idempotent");

  std::vector<std::string> missing;
  const std::vector<bg::Run> combined = bg::combine_shards(doc.runs, &missing);
  require(combined.size() <= doc.runs.size(), "combine_shards never adds runs");
  for (const auto& run : combined) require(run.shard.empty(), "combined runs are whole runs");
  return 0;
}
