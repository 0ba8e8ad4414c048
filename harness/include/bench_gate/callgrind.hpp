// Instruction counts from callgrind: the parts a suite process dumps (one file per part) and
// their attachment to the benchmarks of its Google Benchmark JSON. The suite runs under
//   valgrind --tool=callgrind --dump-after=benchmark::State::StartKeepRunning()
//            --dump-before=benchmark::State::FinishKeepRunning()
//            --dump-before=benchmark::JSONReporter::ReportRuns*
// so a part ended by FinishKeepRunning holds exactly the measured loop, and a part ended by
// ReportRuns closes one benchmark: parts are matched to benchmarks by these calls, never by
// counting parts (app/instructions.cpp runs it; README "Instruction counts" says why).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_gate/model.hpp"

namespace bg {

// What ended a part: the call it was dumped at.
enum class PartEnd { loop_start, loop_end, report, other };

struct CallgrindPart {
  int number = 0;             // "part: N" (1-based; the final part at program end has the last)
  PartEnd end = PartEnd::other;
  std::string trigger;        // the "desc: Trigger:" text, e.g. "--dump-before=..."
  double instructions = 0;    // "totals:" of event Ir
};

// Parse the header and totals of one callgrind output file. Throws Error(input_error,
// "<origin>: <what>") when it is not callgrind output, has no part number, or no Ir totals.
CallgrindPart parse_callgrind_part(std::string_view text, const std::string& origin);

// Set `instructions` (per iteration) on the benchmarks of `run` from the parts of the process
// that wrote `suite_json` (Google Benchmark JSON, run with one repetition). Parts are taken in
// part order; the k-th part ended by ReportRuns closes the k-th benchmark of the JSON; its
// count is the last loop part before it (a benchmark whose function ran more than once reports
// its last call) divided by the JSON's `iterations`. A benchmark with an error, no loop or no
// iterations keeps no count; a multi-threaded one is removed from `run` (its threads' loops
// interleave in the parts) and named in the returned warnings. Throws Error(suite_failed,
// "<origin>: ...") when the parts do not close the JSON's benchmarks one for one.
std::vector<std::string> attach_instructions(Run& run, std::vector<CallgrindPart> parts,
                                             const nlohmann::json& suite_json,
                                             const std::string& origin);

}  // namespace bg
