#include "bench_gate/app/acceptances.hpp"

#include <algorithm>
#include <cctype>

#include "bench_gate/app/workspace.hpp"
#include "bench_gate/util/ids.hpp"
#include "bench_gate/util/text.hpp"

namespace bg {
namespace {

constexpr int kMaxRangeCommits = 10000;

// Trailer keys compare case-insensitively, as git's do.
bool is_accept_key(std::string_view key) {
  return std::equal(key.begin(), key.end(), kAcceptTrailer.begin(), kAcceptTrailer.end(),
                    [](char a, char b) {
                      return std::tolower(static_cast<unsigned char>(a)) ==
                             std::tolower(static_cast<unsigned char>(b));
                    });
}

}  // namespace

std::vector<Acceptance> acceptances_in_with(const Workspace& ws,
                                            const std::vector<std::string>& commits,
                                            const std::vector<Acceptance>& stored,
                                            std::vector<std::string>* problems) {
  std::vector<Acceptance> out;
  for (const auto& commit : commits) {
    std::string author;
    for (const auto& [key, value] : ws.repo.trailers(commit)) {
      if (!is_accept_key(key)) continue;
      Acceptance a;
      try {
        a = parse_accept_trailer(value, commit);
      } catch (const Error& e) {
        if (!problems) throw;
        problems->push_back(std::string(e.what()) + " (ignored in history)");
        continue;
      }
      if (author.empty()) {
        const auto info = ws.repo.commit_info(commit);
        author = info ? info->author : "?";
      }
      a.by = author;
      out.push_back(std::move(a));
    }
    for (const auto& a : stored) {
      if (a.commit == commit) out.push_back(a);
    }
  }
  return out;
}

std::vector<Acceptance> stored_acceptances(const Workspace& ws) {
  std::vector<Acceptance> out;
  for (const auto& [path, text] : ws.notes.read_entries(kAcceptEntryPrefix)) {
    out.push_back(acceptance_from_json(text, "acceptance " + path + " on " + ws.config.notes_ref));
  }
  return out;
}

std::vector<Acceptance> acceptances_in(const Workspace& ws,
                                       const std::vector<std::string>& commits) {
  return acceptances_in_with(ws, commits, stored_acceptances(ws));
}

std::vector<Acceptance> acceptances_between(const Workspace& ws, const std::string& baseline,
                                            const std::string& head) {
  if (baseline.empty() || baseline == head) return {};
  return acceptances_in(ws, ws.repo.commits_between(baseline, head, kMaxRangeCommits));
}

std::string store_acceptance(Workspace& ws, const Acceptance& acceptance) {
  return ws.notes.add_entry(kAcceptEntryPrefix, acceptance_to_json(acceptance),
                            "bench-gate: accept " + util::one_line_text(acceptance.glob) +
                                " up to " + util::signed_percent(acceptance.bound) + " for " +
                                acceptance.commit);
}

}  // namespace bg
