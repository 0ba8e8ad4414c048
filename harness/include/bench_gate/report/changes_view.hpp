// `bench-gate changes`: the change points of a branch's history as plain text for a terminal, a
// Markdown list, or JSON. Names and commit subjects are untrusted text, escaped for each sink.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_gate/changepoints.hpp"

namespace bg {

struct ChangeCommit {
  std::string id;       // full hex id
  std::string subject;  // untrusted text
  std::string time;     // author time, ISO 8601 UTC
};

struct ChangeRow {
  std::string name;  // untrusted text
  std::string unit = "ns";
  ChangePoint point;
  ChangeCommit before, after;        // the last recorded commit before the change, the first after
  std::vector<ChangeCommit> range;   // (before, after], oldest first: where the change lies
};

struct ChangesView {
  std::string rev;              // as the user typed it (untrusted text)
  std::size_t commits = 0;      // first-parent commits read
  std::size_t recorded = 0;     // of which with stored runs
  std::size_t benchmarks = 0;   // benchmarks analysed
  std::string since;            // "" or what --since said (untrusted text)
  double max_p = 0.001, sd_floor = 0.01;
  std::string history_note;     // where the history ends (trusted text)
  std::vector<ChangeRow> rows;  // newest change first
};

// Return the method in one sentence (printed by every format).
std::string change_method_text(const ChangesView& view);

// Return the change points for a terminal: one block per change point, every untrusted text
// through Untrusted::terminal.
std::string render_changes_text(const ChangesView& view);

// Return the same as Markdown (a table, texts through Untrusted::markdown).
std::string render_changes_markdown(const ChangesView& view);

// Return the document of `changes --json` (schema_version 1; relative changes as fractions).
nlohmann::json changes_to_json(const ChangesView& view);

}  // namespace bg
