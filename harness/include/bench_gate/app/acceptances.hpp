// Where acknowledged regressions (bench_gate/acceptance.hpp) come from: `Bench-Gate-Accept`
// trailers of commit messages, and acceptances stored by `bench-gate accept` as entries of the
// notes ref beside the notes (`accept-<blob id>`: older bench-gate versions and `git notes` ignore
// and keep them; sync carries them).
#pragma once

#include <string>
#include <vector>

#include "bench_gate/acceptance.hpp"

namespace bg {

class Workspace;

// Prefix of the notes-tree entries that hold stored acceptances.
inline constexpr const char* kAcceptEntryPrefix = "accept-";

// Every stored acceptance (bench-gate accept) of the notes ref. Throws input_error naming the
// entry when one cannot be parsed.
std::vector<Acceptance> stored_acceptances(const Workspace& ws);

// The acceptances of `commits` (any order; result in that order): their trailers (by = the
// commit's author) and the stored acceptances about them. Throws input_error naming the commit
// when a trailer is malformed.
std::vector<Acceptance> acceptances_in(const Workspace& ws, const std::vector<std::string>& commits);

// As acceptances_in, with the stored acceptances already read (one read for many calls). With
// `problems`, a malformed trailer is appended there (one line naming the commit) and skipped
// instead of thrown: history that has landed must not break every later gate.
std::vector<Acceptance> acceptances_in_with(const Workspace& ws,
                                            const std::vector<std::string>& commits,
                                            const std::vector<Acceptance>& stored,
                                            std::vector<std::string>* problems = nullptr);

// The acceptances of the change being gated: commits reachable from `head` and not from
// `baseline` (`git rev-list baseline..head`, at most 10,000).
std::vector<Acceptance> acceptances_between(const Workspace& ws, const std::string& baseline,
                                            const std::string& head);

// Store an acceptance (bench-gate accept); returns the entry's path.
std::string store_acceptance(Workspace& ws, const Acceptance& acceptance);

}  // namespace bg
