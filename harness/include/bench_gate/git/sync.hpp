// Exchange a notes ref with a remote: fetch, merge note by note with the caller's function,
// push as a fast-forward, retrying when someone else pushed in between.
//
// Remotes: a configured remote name, or a URL / local path used directly. Local paths and
// file:// need no credentials. For https, a token is read from BENCH_GATE_GIT_TOKEN or
// GITHUB_TOKEN (user name from the URL, else "x-access-token"); for ssh, the ssh-agent is used.
// The fetched remote tip is kept under refs/bench-gate/remote-notes/<remote>. Pushes to a
// repository on this machine copy the objects and compare-and-swap its ref directly (bare or
// not); network pushes rely on the server refusing non-fast-forwards. From a shallow clone,
// network transfers go through a temporary bare repository (libgit2 1.5 cannot negotiate there).
#pragma once

#include <functional>
#include <string>

#include "bench_gate/git/repository.hpp"

namespace bg::git {

struct SyncResult {
  int notes_merged = 0;  // local notes added or changed by the remote's notes (all attempts)
  int attempts = 0;      // fetch-merge(-push) rounds used
  bool pushed = false;   // the remote ref now holds the local notes
};

using NoteMerge = std::function<std::string(const std::string& local, const std::string& remote)>;

// Fetch `notes_ref` of `remote`, merge it into the local ref (notes on the same commit with
// different text are combined with `merge`; the merge commit has the local and the remote tip as
// parents), then push it when `push` is set; a rejected push (someone pushed meanwhile) restarts
// the round, up to max_attempts. Throws bg::Error naming the remote on failure.
SyncResult sync_notes(const Repository& repo, const std::string& remote_name,
                      const std::string& notes_ref, const NoteMerge& merge, int max_attempts = 5,
                      bool push = true);

// Fetch and merge into the local ref without pushing (e.g. a shallow CI checkout).
SyncResult fetch_notes(const Repository& repo, const std::string& remote_name,
                       const std::string& notes_ref, const NoteMerge& merge);

}  // namespace bg::git
