#include "bench_gate/git/sync.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "bench_gate/util/error.hpp"
#include "bench_gate/util/text.hpp"
#include "git_cli.hpp"
#include "notes_tree.hpp"

namespace bg::git {
namespace {

// Local paths and file:// URLs (as opposed to https://, ssh:// and scp-like user@host:path).
bool is_local_url(const std::string& url) {
  if (url.rfind("file://", 0) == 0) return true;
  if (url.find("://") != std::string::npos) return false;
  const auto colon = url.find(':');
  const auto slash = url.find('/');
  return colon == std::string::npos || (slash != std::string::npos && slash < colon);
}

std::string local_path(const std::string& url) {
  return url.rfind("file://", 0) == 0 ? url.substr(7) : url;
}

std::string without_trailing_slash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

std::string sanitized(const std::string& name) {
  std::string out;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    out += ok ? c : '_';
  }
  return out.empty() ? "_" : out;
}

struct CallbackState {
  int credential_calls = 0;
  std::vector<std::string> rejected;  // "ref: reason" reported by the remote
};

int credentials(git_credential** out, const char* /*url*/, const char* user_from_url,
                unsigned int allowed, void* payload) {
  auto* state = static_cast<CallbackState*>(payload);
  if (++state->credential_calls > 3) {
    git_error_set_str(GIT_ERROR_NET,
                      "authentication failed (set BENCH_GATE_GIT_TOKEN or GITHUB_TOKEN for https, "
                      "or load a key into ssh-agent)");
    return GIT_EAUTH;
  }
  if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) != 0) {
    const char* token = std::getenv("BENCH_GATE_GIT_TOKEN");
    if (token == nullptr || *token == '\0') token = std::getenv("GITHUB_TOKEN");
    if (token != nullptr && *token != '\0') {
      return git_credential_userpass_plaintext_new(
          out, user_from_url != nullptr ? user_from_url : "x-access-token", token);
    }
  }
  if ((allowed & GIT_CREDENTIAL_SSH_KEY) != 0) {
    return git_credential_ssh_key_from_agent(out, user_from_url != nullptr ? user_from_url : "git");
  }
  if ((allowed & GIT_CREDENTIAL_USERNAME) != 0) {
    return git_credential_username_new(out, user_from_url != nullptr ? user_from_url : "git");
  }
  return GIT_PASSTHROUGH;
}

int push_update_reference(const char* refname, const char* status, void* payload) {
  if (status != nullptr) {
    static_cast<CallbackState*>(payload)->rejected.push_back(std::string(refname) + ": " + status);
  }
  return 0;
}

git_remote_callbacks callbacks(CallbackState& state) {
  git_remote_callbacks cbs;
  git_remote_init_callbacks(&cbs, GIT_REMOTE_CALLBACKS_VERSION);
  cbs.credentials = credentials;
  cbs.push_update_reference = push_update_reference;
  cbs.payload = &state;
  return cbs;
}

RemotePtr open_remote(git_repository* repo, const std::string& name) {
  git_remote* raw = nullptr;
  const int rc = git_remote_lookup(&raw, repo, name.c_str());
  if (rc == 0) return RemotePtr(raw);
  git_error_clear();
  if (name.find('/') != std::string::npos || name.find(':') != std::string::npos) {
    check(git_remote_create_anonymous(&raw, repo, name.c_str()),
          "cannot use remote '" + name + "'");
    return RemotePtr(raw);
  }
  throw Error(ExitCode::input_error, "unknown remote '" + name + "' (not configured, not a URL)");
}

struct Connection {
  git_remote* remote;
  ~Connection() { git_remote_disconnect(remote); }
};

// Ask the remote for its notes tip and download the objects into `repo` when missing; return the
// tip, nullopt when the remote has no notes.
std::optional<git_oid> fetch_tip(git_repository* repo, git_remote* remote, const std::string& label,
                                 const std::string& notes_ref) {
  CallbackState state;
  git_remote_callbacks cbs = callbacks(state);
  check(git_remote_connect(remote, GIT_DIRECTION_FETCH, &cbs, nullptr, nullptr),
        "cannot connect to remote '" + label + "'");
  Connection connection{remote};
  const git_remote_head** heads = nullptr;
  size_t count = 0;
  check(git_remote_ls(&heads, &count, remote), "cannot list refs of remote '" + label + "'");
  std::optional<git_oid> tip;
  for (size_t i = 0; i < count; ++i) {
    if (notes_ref == heads[i]->name) tip = heads[i]->oid;
  }
  if (!tip) return std::nullopt;
  git_odb* raw_odb = nullptr;
  check(git_repository_odb(&raw_odb, repo), "cannot open the object database");
  OdbPtr odb(raw_odb);
  if (git_odb_exists(odb.get(), &*tip) == 0) {
    git_fetch_options options;
    git_fetch_options_init(&options, GIT_FETCH_OPTIONS_VERSION);
    options.callbacks = cbs;
    options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
    std::string spec = "+" + notes_ref + ":refs/bench-gate/fetched";
    char* specs[] = {spec.data()};
    const git_strarray refspecs{specs, 1};
    check(git_remote_download(remote, &refspecs, &options),
          "cannot fetch " + notes_ref + " from remote '" + label + "'");
  }
  return tip;
}

// Point `tracking` at the fetched tip (keeps its objects reachable), or delete it.
void set_tracking(git_repository* repo, const std::string& tracking,
                  const std::optional<git_oid>& tip) {
  git_reference* raw = nullptr;
  if (tip) {
    check(git_reference_create(&raw, repo, tracking.c_str(), &*tip, 1, "bench-gate: fetch notes"),
          "cannot update " + tracking);
    ReferencePtr keep(raw);
    return;
  }
  if (git_reference_lookup(&raw, repo, tracking.c_str()) == 0) {
    ReferencePtr stale(raw);
    git_reference_delete(stale.get());
  }
  git_error_clear();
}

std::string pack_dir(git_repository* repo) {
  Buf objects;
  check(git_repository_item_path(&objects.buf, repo, GIT_REPOSITORY_ITEM_OBJECTS),
        "cannot locate the object database");
  std::string path = objects.str();
  if (!path.empty() && path.back() != '/') path += '/';
  return path + "pack";
}

OdbPtr odb_of(git_repository* repo) {
  git_odb* raw = nullptr;
  check(git_repository_odb(&raw, repo), "cannot open the object database");
  return OdbPtr(raw);
}

// Add `tree_id` and what it holds to `pb`, except objects `to` already has.
void insert_missing_tree(git_repository* from, git_odb* to, git_packbuilder* pb,
                         const git_oid& tree_id, std::set<std::string>& seen) {
  if (git_odb_exists(to, &tree_id) != 0 || !seen.insert(to_hex(tree_id)).second) return;
  git_tree* raw = nullptr;
  check(git_tree_lookup(&raw, from, &tree_id), "cannot read notes tree " + to_hex(tree_id));
  TreePtr tree(raw);
  check(git_packbuilder_insert(pb, &tree_id, nullptr), "cannot pack notes");
  for (size_t i = 0; i < git_tree_entrycount(tree.get()); ++i) {
    const git_tree_entry* entry = git_tree_entry_byindex(tree.get(), i);
    const git_oid* id = git_tree_entry_id(entry);
    if (git_tree_entry_type(entry) == GIT_OBJECT_TREE) {
      insert_missing_tree(from, to, pb, *id, seen);
    } else if (git_tree_entry_type(entry) == GIT_OBJECT_COMMIT) {
      continue;  // a submodule entry beside the notes: git does not transfer its commit either
    } else if (git_odb_exists(to, id) == 0) {
      check(git_packbuilder_insert(pb, id, nullptr), "cannot pack notes");
    }
  }
}

// Copy the notes commits reachable from `tip` that repository `to` lacks, with their trees and
// blobs, as one pack into `to`. The walk stops at commits `to` has (their history is there too),
// so it never needs history beyond the boundary of a shallow notes fetch
// (`git fetch --depth=1 origin refs/notes/...`), as long as `to` has what lies past it.
void copy_notes_objects(git_repository* from, const git_oid& tip, git_repository* to) {
  OdbPtr to_odb = odb_of(to);
  git_packbuilder* raw_pb = nullptr;
  check(git_packbuilder_new(&raw_pb, from), "cannot pack notes");
  PackbuilderPtr pb(raw_pb);
  std::vector<git_oid> pending{tip};
  std::set<std::string> seen_commits, seen_trees;
  while (!pending.empty()) {
    const git_oid id = pending.back();
    pending.pop_back();
    if (git_odb_exists(to_odb.get(), &id) != 0 || !seen_commits.insert(to_hex(id)).second) {
      continue;
    }
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, from, &id) < 0) {
      git_error_clear();
      throw Error(ExitCode::input_error,
                  "cannot copy notes commit " + to_hex(id) +
                      ": it is missing here (the notes ref was fetched shallow) and on the other "
                      "side; fetch its whole history with `git fetch --unshallow` or without "
                      "--depth");
    }
    CommitPtr commit(raw);
    check(git_packbuilder_insert(pb.get(), &id, nullptr), "cannot pack notes");
    insert_missing_tree(from, to_odb.get(), pb.get(), *git_commit_tree_id(commit.get()),
                        seen_trees);
    for (unsigned i = 0; i < git_commit_parentcount(commit.get()); ++i) {
      pending.push_back(*git_commit_parent_id(commit.get(), i));
    }
  }
  if (git_packbuilder_object_count(pb.get()) == 0) return;
  const std::string dir = pack_dir(to);
  check(git_packbuilder_write(pb.get(), dir.c_str(), 0, nullptr, nullptr),
        "cannot write notes objects to " + dir);
  git_odb_refresh(to_odb.get());
}

// A throw-away bare repository: libgit2 1.5 cannot negotiate or push over the network from a
// shallow clone (it walks code history past the boundary), so those transfers go through here.
struct Staging {
  std::string path;
  RepositoryPtr repo;
  Staging() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "bench-gate-staging-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw Error(ExitCode::input_error, "cannot create a temporary directory in " +
                                             std::filesystem::temp_directory_path().string());
    }
    path = pattern;
    git_repository* raw = nullptr;
    check(git_repository_init(&raw, path.c_str(), 1), "cannot create staging repository " + path);
    repo.reset(raw);
  }
  Staging(const Staging&) = delete;
  Staging& operator=(const Staging&) = delete;
  ~Staging() {
    repo.reset();
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

// True when `commit` has `ancestor` in its history. Where libgit2 cannot tell because the notes
// history was fetched shallow (a parent is missing), walk the commits that are present.
bool descends(git_repository* repo, const git_oid& commit, const git_oid& ancestor) {
  const int rc = git_graph_descendant_of(repo, &commit, &ancestor);
  git_error_clear();
  if (rc >= 0) return rc == 1;
  std::vector<git_oid> pending{commit};
  std::set<std::string> seen;
  while (!pending.empty()) {
    const git_oid id = pending.back();
    pending.pop_back();
    if (!seen.insert(to_hex(id)).second) continue;
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo, &id) < 0) {
      git_error_clear();
      continue;  // past the shallow boundary
    }
    CommitPtr c(raw);
    for (unsigned i = 0; i < git_commit_parentcount(c.get()); ++i) {
      const git_oid* parent = git_commit_parent_id(c.get(), i);
      if (git_oid_equal(parent, &ancestor)) return true;
      pending.push_back(*parent);
    }
  }
  return false;
}

// Merge the remote's notes into the local ref (compare-and-swap, retried); return the local tip
// and add the number of local notes added or changed to `merged`.
std::optional<git_oid> merge_into_local(git_repository* repo, const std::string& notes_ref,
                                        const std::optional<git_oid>& remote_tip,
                                        const NoteMerge& merge, const std::string& label,
                                        int& merged) {
  detail::Backoff backoff;
  while (true) {
    const std::optional<git_oid> local = detail::ref_tip(repo, notes_ref);
    if (!remote_tip) return local;
    if (local && (git_oid_equal(&*local, &*remote_tip) || descends(repo, *local, *remote_tip))) {
      return local;
    }
    detail::NotesTree notes = local ? detail::read_notes_tree(repo, *local) : detail::NotesTree{};
    const detail::NotesTree remote = detail::read_notes_tree(repo, *remote_tip);
    int changed = 0;
    for (const auto& [id, blob] : remote.notes) {
      auto [it, inserted] = notes.notes.try_emplace(id, blob);
      if (inserted) {
        ++changed;
        continue;
      }
      if (git_oid_equal(&it->second, &blob)) continue;
      const std::string mine = detail::note_text(repo, id, it->second);
      const std::string theirs = detail::note_text(repo, id, blob);
      std::string combined;
      try {
        combined = merge(mine, theirs);
      } catch (const Error& e) {
        throw Error(e.code(), "cannot merge the note of commit " + id + " with remote '" + label +
                                  "': " + e.what() + "; nothing was changed");
      }
      if (combined == mine) continue;
      it->second = detail::retry_object_writes([&] {
        git_oid blob_id;
        check(git_blob_create_from_buffer(&blob_id, repo, combined.data(), combined.size()),
              "cannot write the note of " + id);
        return blob_id;
      });
      ++changed;
    }
    // Non-note entries (a README beside the notes) and the fan-out layout of both sides are kept.
    notes.others.insert(remote.others.begin(), remote.others.end());
    notes.fanout.insert(remote.fanout.begin(), remote.fanout.end());
    git_oid target = *remote_tip;
    if (local && !descends(repo, *remote_tip, *local)) {
      target = detail::retry_object_writes([&] {
        return detail::write_notes_commit(repo, notes, {*local, *remote_tip},
                                          "bench-gate: merge notes from " + label);
      });
    }
    if (detail::move_ref(repo, notes_ref, local, target, "bench-gate: merge notes from " + label) ==
        detail::Cas::moved) {
      merged += changed;
      return target;
    }
    if (!backoff.wait()) {
      throw Error(ExitCode::input_error,
                  "cannot update " + notes_ref + ": contention: other writers moved it first on " +
                      "every try (" + backoff.describe() + "); nothing was changed, try again");
    }
  }
}

enum class Push { done, rejected };

// Push over a transport that checks the old value on the server (smart protocol).
Push push_smart(git_remote* remote, const std::string& label, const std::string& notes_ref) {
  CallbackState state;
  git_push_options options;
  git_push_options_init(&options, GIT_PUSH_OPTIONS_VERSION);
  options.callbacks = callbacks(state);
  std::string spec = notes_ref + ":" + notes_ref;  // no '+': the server refuses non-fast-forwards
  char* specs[] = {spec.data()};
  const git_strarray refspecs{specs, 1};
  const int rc = git_remote_push(remote, &refspecs, &options);
  if (rc == GIT_ENONFASTFORWARD) {
    git_error_clear();
    return Push::rejected;
  }
  check(rc, "cannot push " + notes_ref + " to remote '" + label + "'");
  return state.rejected.empty() ? Push::done : Push::rejected;
}

// `text` (output of git and of the remote's hooks: untrusted) on one line: lines joined with
// "; ", git's padding collapsed, control bytes escaped; at most `limit` bytes from its end.
std::string one_line_tail(const std::string& text, std::size_t limit) {
  std::string joined;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(begin, end - begin);
    begin = end + 1;
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    if (line.empty()) continue;
    joined += (joined.empty() ? "" : "; ") + line;
  }
  if (joined.size() > limit) joined = "..." + joined.substr(joined.size() - limit);
  return util::one_line_text(joined);
}

// Push through git's own receive side (`git push`, spawned by argv), which runs the remote's
// hooks; the lease makes it the same compare-and-swap as the direct path.
Push push_through_git(git_repository* repo, const std::string& label, const std::string& url,
                      const std::string& notes_ref, const git_oid& local_tip,
                      const std::optional<git_oid>& expected,
                      const std::vector<std::string>& hooks) {
  std::string hook_list;
  for (const std::string& hook : hooks) hook_list += (hook_list.empty() ? "" : ", ") + hook;
  const detail::GitRun run = detail::run_git(
      {"--git-dir=" + without_trailing_slash(git_repository_path(repo)), "push", "--porcelain",
       "--force-with-lease=" + notes_ref + ":" + (expected ? to_hex(*expected) : ""), url,
       to_hex(local_tip) + ":" + notes_ref});
  if (!run.started) {
    throw Error(ExitCode::input_error,
                "cannot push " + notes_ref + " to remote '" + label + "': it has receive hooks (" +
                    hook_list +
                    ") that only git runs, and the git command was not found; install "
                    "git or push the notes with git yourself");
  }
  if (run.exit_status == 0) return Push::done;
  std::string remote_says;
  bool refused = false, stale = false;
  std::size_t begin = 0;
  while (begin < run.output.size()) {
    std::size_t end = run.output.find('\n', begin);
    if (end == std::string::npos) end = run.output.size();
    const std::string line = run.output.substr(begin, end - begin);
    begin = end + 1;
    if (line.rfind("remote: ", 0) == 0) remote_says += line.substr(8) + "\n";
    if (line.rfind("!", 0) == 0 && line.find("[remote rejected]") != std::string::npos) {
      if (line.find("hook declined") == std::string::npos &&
          run.output.find("cannot lock ref") != std::string::npos) {
        stale = true;  // another push moved the ref between git's check and its update
        continue;
      }
      refused = true;
      remote_says += line.substr(line.find("[remote rejected]") + 18) + "\n";
    } else if (line.rfind("!", 0) == 0 && line.find("[rejected]") != std::string::npos) {
      stale = true;  // stale info, fetch first, non-fast-forward: someone pushed meanwhile
    }
  }
  if (stale && !refused) return Push::rejected;
  throw Error(ExitCode::input_error, "remote '" + label + "' refused the push of " + notes_ref +
                                         " (its receive hooks: " + hook_list + ")" + ": " +
                                         one_line_tail(refused ? remote_says : run.output, 400));
}

// Push to a repository on this machine. Where it has receive hooks, through `git push` so that
// they run; otherwise copy the new notes objects into it, then compare-and-swap its ref
// (libgit2's local transport would overwrite the ref without checking its old value, and runs no
// hooks either).
Push push_local(git_repository* repo, const std::string& label, const std::string& url,
                const std::string& path, const std::string& notes_ref, const git_oid& local_tip,
                const std::optional<git_oid>& expected) {
  git_repository* raw = nullptr;
  check(git_repository_open(&raw, path.c_str()),
        "cannot open repository '" + path + "' of remote '" + label + "'");
  RepositoryPtr target(raw);
  const std::vector<std::string> hooks = detail::receive_hooks(target.get());
  if (!hooks.empty()) {
    return push_through_git(repo, label, url, notes_ref, local_tip, expected, hooks);
  }
  copy_notes_objects(repo, local_tip, target.get());
  // A lost race where the ref still holds `expected` means another writer held its lock for a
  // moment (a slow process on a loaded machine): wait and retry rather than spend an attempt.
  detail::Backoff backoff(std::chrono::seconds(10));
  while (true) {
    if (detail::move_ref(target.get(), notes_ref, expected, local_tip, "bench-gate: sync") ==
        detail::Cas::moved) {
      return Push::done;
    }
    const std::optional<git_oid> now = detail::ref_tip(target.get(), notes_ref);
    const bool unchanged =
        now.has_value() == expected.has_value() && (!now || git_oid_equal(&*now, &*expected));
    if (!unchanged || !backoff.wait()) return Push::rejected;
  }
}

}  // namespace

SyncResult sync_notes(const Repository& repo, const std::string& remote_name,
                      const std::string& notes_ref, const NoteMerge& merge, int max_attempts,
                      bool push) {
  git_repository* raw_repo = repo.raw();
  RemotePtr remote = open_remote(raw_repo, remote_name);
  const char* raw_url = git_remote_url(remote.get());
  const std::string url = raw_url != nullptr ? raw_url : remote_name;
  const std::string tracking = "refs/bench-gate/remote-notes/" + sanitized(remote_name);
  const bool local = is_local_url(url);
  if (local) {
    std::error_code ec;
    const std::filesystem::path path = local_path(url);
    if (!std::filesystem::exists(path, ec)) {
      throw Error(ExitCode::input_error,
                  "remote '" + remote_name + "': path " +
                      std::filesystem::absolute(path, ec).lexically_normal().string() +
                      " does not exist");
    }
  }

  std::optional<Staging> staging;
  RemotePtr staged_remote;
  if (!local && repo.is_shallow()) {
    staging.emplace();
    git_remote* raw_remote = nullptr;
    check(git_remote_create_anonymous(&raw_remote, staging->repo.get(), url.c_str()),
          "cannot use remote '" + remote_name + "'");
    staged_remote.reset(raw_remote);
  }
  git_repository* transfer_repo = staging ? staging->repo.get() : raw_repo;
  git_remote* transfer_remote = staging ? staged_remote.get() : remote.get();

  SyncResult result;
  detail::Backoff between_attempts(std::chrono::hours(1));  // jitter only; attempts bound it
  for (int attempt = 1; attempt <= std::max(1, max_attempts); ++attempt) {
    // Rejected: someone pushed meanwhile. A jittered pause keeps racing syncs from colliding in
    // lockstep until the attempts run out.
    if (attempt > 1) between_attempts.wait();
    result.attempts = attempt;
    const std::optional<git_oid> remote_tip =
        fetch_tip(transfer_repo, transfer_remote, remote_name, notes_ref);
    if (staging && remote_tip) {
      copy_notes_objects(transfer_repo, *remote_tip, raw_repo);
    }
    set_tracking(raw_repo, tracking, remote_tip);
    const std::optional<git_oid> local_tip =
        merge_into_local(raw_repo, notes_ref, remote_tip, merge, remote_name, result.notes_merged);
    if (!push) return result;
    if (!local_tip) return result;  // nothing on either side
    if (remote_tip && git_oid_equal(&*local_tip, &*remote_tip)) {
      result.pushed = true;  // already in sync
      return result;
    }
    Push outcome = Push::rejected;
    if (local) {
      outcome = push_local(raw_repo, remote_name, url, local_path(url), notes_ref, *local_tip,
                           remote_tip);
    } else {
      if (staging) {
        copy_notes_objects(raw_repo, *local_tip, transfer_repo);
        git_reference* raw_ref = nullptr;
        check(git_reference_create(&raw_ref, transfer_repo, notes_ref.c_str(), &*local_tip, 1,
                                   "bench-gate: stage"),
              "cannot stage " + notes_ref);
        ReferencePtr staged_ref(raw_ref);
      }
      outcome = push_smart(transfer_remote, remote_name, notes_ref);
    }
    if (outcome == Push::done) {
      result.pushed = true;
      return result;
    }
  }
  throw Error(ExitCode::input_error, "cannot push " + notes_ref + " to remote '" + remote_name +
                                         "': rejected " + std::to_string(result.attempts) +
                                         " times because others kept pushing; run sync again");
}

SyncResult fetch_notes(const Repository& repo, const std::string& remote_name,
                       const std::string& notes_ref, const NoteMerge& merge) {
  return sync_notes(repo, remote_name, notes_ref, merge, 1, false);
}

}  // namespace bg::git
