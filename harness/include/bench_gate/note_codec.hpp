// The note document stored per commit (NoteDocument, schema_version 1): JSON codec, merge, shards.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_gate/model.hpp"

namespace bg {

// Parse a stored note. Throws Error(input_error) naming origin on invalid JSON, a missing or
// unknown schema_version, or missing/mistyped fields; unknown fields are ignored.
// parse_note_fast, then parse_note_reference for every note the fast path declines.
NoteDocument parse_note(std::string_view text, const std::string& origin);

// The two decoders behind parse_note, public for the differential test and the fuzz target.
// parse_note_reference: nlohmann, the decoder that defines the result and every error.
// parse_note_fast: simdjson On Demand, ~10x faster; the reference's result for a note as
// serialize_note writes it (known fields, no escaped keys), nullopt for anything else, never
// throws: a note it declines may still be valid.
NoteDocument parse_note_reference(std::string_view text, const std::string& origin);
std::optional<NoteDocument> parse_note_fast(std::string_view text);

// Return the document as compact JSON; equal documents give byte-identical text.
std::string serialize_note(const NoteDocument& doc);

nlohmann::json run_to_json(const Run& run);
// Throws Error(input_error) naming origin and the field on a malformed run.
Run run_from_json(const nlohmann::json& json, const std::string& origin);

// Return a's runs followed by b's runs not already in a, keyed by (run_id, shard). commit is a's
// (b's when a's is empty).
NoteDocument merge_notes(const NoteDocument& a, const NoteDocument& b);

// Merge runs sharing run_id into one Run (benchmarks of all shards, shard ""), in first-seen
// order. When missing_shards is given, append one line per absent shard, e.g.
// "shard 2/3 of run abc". Whole runs (shard "") pass through unchanged.
std::vector<Run> combine_shards(const std::vector<Run>& runs,
                                std::vector<std::string>* missing_shards);

// Return the hex SHA-256 of what a run measured (names, every sample of both times, errors,
// skips), not of when or by whom it was recorded: the same results file recorded twice gives the
// same digest.
std::string measurement_digest(const Run& run);

// Return, per run, whether its measurements repeat an earlier run's (same measurement_digest);
// when lines is given, append one line per repeat ("run X repeats the measurements of run Y ...").
std::vector<bool> repeated_measurements(const std::vector<Run>& runs,
                                        std::vector<std::string>* lines);

}  // namespace bg
