// Acknowledged regressions: "this slowdown is intended", said by a commit trailer
// `Bench-Gate-Accept: <glob> up to +15% <reason>` or by `bench-gate accept` (stored beside the
// notes). A regression of a matching benchmark no larger than the bound becomes the verdict
// `accepted` (exit 0); a larger one still fails. After the accepting commit, the history of a
// matching benchmark starts from the new level.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bench_gate/model.hpp"

namespace bg {

inline constexpr std::string_view kAcceptTrailer = "Bench-Gate-Accept";

struct Acceptance {
  std::string commit;  // the commit the acceptance is about (full hex id)
  std::string glob;    // benchmark names it covers (config glob syntax)
  double bound = 0;    // largest accepted slowdown, a fraction: 0.15 = +15 %
  std::string reason;  // untrusted text
  std::string by;      // who accepted: the commit's author (trailer) or the signature (accept)
  std::string source;  // "trailer" or "note"
};

// Parse the value of a Bench-Gate-Accept trailer of `commit`: "<glob> up to +<N>% <reason>"
// (N > 0 and at most 1000, "%" may follow a space; the reason may be empty). Throws
// Error(input_error) "commit <short id>: Bench-Gate-Accept: <what>" naming what is malformed.
Acceptance parse_accept_trailer(std::string_view value, const std::string& commit);

// Parse a bound given on the command line: "15%", "+15 %", "15" (percent). Throws input_error
// naming `field`.
double parse_accept_bound(std::string_view text, const std::string& field);

// Serialize / parse one stored acceptance (a small JSON object; unknown fields ignored). parse
// throws input_error naming `origin`.
std::string acceptance_to_json(const Acceptance& a);
Acceptance acceptance_from_json(std::string_view text, const std::string& origin);

// The first acceptance whose glob matches `name`, nullptr when none.
const Acceptance* acceptance_for(const std::vector<Acceptance>& acceptances,
                                 std::string_view name);

// Turn every regression of a matching benchmark with change <= bound into `accepted` (the row's
// message says the bound, the reason, who and which commit), then re-derive c.exit_code and the
// row order (verdict step). A regression beyond the bound stays one, with a message saying the
// acceptance did not cover it.
void apply_acceptances(Comparison& c, const std::vector<Acceptance>& acceptances);

// Drop, from runs of commits older than an accepting commit, the benchmarks its acceptances
// cover: the history of a benchmark starts again at the accepted level. `history` holds the runs
// of recorded first-parent commits, newest first; `accepted_at[i]` the acceptances of the commits
// from history[i-1] (inclusive; for i = 0 the baseline) back to history[i] (exclusive): those
// that separate history[i] from everything newer.
void cut_history_at_acceptances(std::vector<std::vector<Run>>& history,
                                const std::vector<std::vector<Acceptance>>& accepted_at);

}  // namespace bg
