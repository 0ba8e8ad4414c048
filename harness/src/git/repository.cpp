#include "bench_gate/git/repository.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <set>

#include "bench_gate/util/error.hpp"

namespace bg::git {
namespace {

std::string without_trailing_slash(const char* path) {
  std::string text = path != nullptr ? path : "";
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

std::string iso_utc(git_time_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// " (did you mean 'origin/main'?)" when `rev` names a branch that exists only on a remote, as in
// CI checkouts; "" otherwise.
std::string remote_hint(git_repository* repo, const std::string& rev) {
  git_strarray remotes{};
  if (git_remote_list(&remotes, repo) < 0) {
    git_error_clear();
    return "";
  }
  std::string hint;
  for (size_t i = 0; i < remotes.count && hint.empty(); ++i) {
    const std::string candidate = std::string(remotes.strings[i]) + "/" + rev;
    git_oid id;
    if (git_reference_name_to_id(&id, repo, ("refs/remotes/" + candidate).c_str()) == 0) {
      hint = " (did you mean '" + candidate + "'?)";
    }
  }
  git_strarray_dispose(&remotes);
  git_error_clear();
  return hint;
}

// Throw the refusal of a repository owned by another user as git words it, not as "not a git
// repository". libgit2 applies git's safe.directory rule but 1.5 reports it as GIT_ENOTFOUND
// ("config value 'safe.directory' was not found"), later versions as GIT_EOWNER.
void throw_if_unsafe(int rc, const std::string& path) {
  if (rc >= 0) return;
  const std::string detail = last_error_message();
  struct stat st {};
  const bool foreign = ::stat(path.c_str(), &st) == 0 && st.st_uid != ::geteuid();
  if (rc != GIT_EOWNER && detail.find("safe.directory") == std::string::npos) return;
  git_error_clear();
  std::string top = without_trailing_slash(path.c_str());  // git names the work tree, not .git
  if (top.size() > 5 && top.compare(top.size() - 5, 5, "/.git") == 0) top.resize(top.size() - 5);
  throw Error(ExitCode::input_error,
              "repository " + top + " is owned by another user (uid " +
                  (foreign ? std::to_string(st.st_uid) : std::string("?")) +
                  "); git refuses it (safe.directory): if you trust it, run `git config --global "
                  "--add safe.directory " +
                  top + "`");
}

}  // namespace

Repository Repository::discover(const std::string& start_path) {
  Libgit2 guard;
  Buf found;
  const int rc = git_repository_discover(&found.buf, start_path.c_str(), 0, nullptr);
  throw_if_unsafe(rc, start_path);
  if (rc < 0) throw Error(ExitCode::input_error, "not a git repository: " + start_path);
  return open(found.str());
}

Repository Repository::open(const std::string& path) {
  Libgit2 guard;
  git_repository* raw = nullptr;
  const int rc = git_repository_open(&raw, path.c_str());
  throw_if_unsafe(rc, path);
  if (rc < 0) {
    const std::string detail = last_error_message();
    throw Error(ExitCode::input_error,
                "not a git repository: " + path + (detail.empty() ? "" : " (" + detail + ")"));
  }
  return Repository(RepositoryPtr(raw));
}

std::string Repository::workdir() const {
  return without_trailing_slash(git_repository_workdir(repo_.get()));
}

bool Repository::is_bare() const { return git_repository_is_bare(repo_.get()) == 1; }

bool Repository::is_shallow() const { return git_repository_is_shallow(repo_.get()) == 1; }

std::string Repository::git_dir() const {
  return without_trailing_slash(git_repository_path(repo_.get()));
}

std::string Repository::resolve_commit(std::string_view rev) const {
  const std::string text(rev);
  if (std::optional<git_oid> id = parse_oid(text)) {
    git_object* raw = nullptr;
    if (git_object_lookup(&raw, repo_.get(), &*id, GIT_OBJECT_ANY) < 0) {
      return to_hex(*id);  // absent object (shallow clone): the id is all we can know
    }
    ObjectPtr object(raw);
    git_object* peeled = nullptr;
    if (git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) < 0) {
      throw_git_error("revision '" + text + "' is not a commit");
    }
    ObjectPtr commit(peeled);
    return to_hex(*git_object_id(commit.get()));
  }
  if (text.empty()) throw Error(ExitCode::input_error, "unknown revision '' (empty)");
  git_object* raw = nullptr;
  const int rc = git_revparse_single(&raw, repo_.get(), text.c_str());
  if (rc == GIT_EAMBIGUOUS) throw_git_error("ambiguous revision '" + text + "'");
  if (rc < 0) {
    const std::string detail = last_error_message();
    throw Error(ExitCode::input_error, "unknown revision '" + text + "'" +
                                           remote_hint(repo_.get(), text) +
                                           (detail.empty() ? "" : ": " + detail));
  }
  ObjectPtr object(raw);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) < 0) {
    throw_git_error("revision '" + text + "' is not a commit");
  }
  ObjectPtr commit(peeled);
  return to_hex(*git_object_id(commit.get()));
}

std::optional<std::string> Repository::head_commit() const {
  git_oid id;
  const int rc = git_reference_name_to_id(&id, repo_.get(), "HEAD");
  if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) return std::nullopt;
  check(rc, "cannot read HEAD of " + git_dir());
  return to_hex(id);
}

git_oid Repository::commit_oid(const std::string& id_or_rev) const {
  if (std::optional<git_oid> id = parse_oid(id_or_rev)) return *id;
  return require_oid(resolve_commit(id_or_rev));
}

std::optional<std::string> Repository::merge_base(const std::string& a,
                                                  const std::string& b) const {
  const git_oid one = commit_oid(a);
  const git_oid two = commit_oid(b);
  git_odb* raw_odb = nullptr;
  check(git_repository_odb(&raw_odb, repo_.get()), "cannot open the object database");
  OdbPtr odb(raw_odb);
  if (git_odb_exists(odb.get(), &one) == 0 || git_odb_exists(odb.get(), &two) == 0) {
    return std::nullopt;  // a commit outside this (shallow) clone
  }
  // In a shallow clone git_merge_base fails (and leaks) where history is cut: only ask it when
  // every ancestor of both commits is present.
  if (is_shallow() && (!history_complete(one) || !history_complete(two))) return std::nullopt;
  git_oid base;
  if (git_merge_base(&base, repo_.get(), &one, &two) < 0) {
    git_error_clear();  // none, or history missing (shallow): both mean "no merge-base here"
    return std::nullopt;
  }
  return to_hex(base);
}

bool Repository::history_complete(const git_oid& start) const {
  std::vector<git_oid> pending{start};
  std::set<std::string> seen;
  while (!pending.empty()) {
    const git_oid id = pending.back();
    pending.pop_back();
    if (!seen.insert(to_hex(id)).second) continue;
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo_.get(), &id) < 0) {
      git_error_clear();
      return false;
    }
    CommitPtr commit(raw);
    for (unsigned i = 0; i < git_commit_parentcount(commit.get()); ++i) {
      pending.push_back(*git_commit_parent_id(commit.get(), i));
    }
  }
  return true;
}

Repository::History Repository::first_parent_history(const std::string& start, int limit) const {
  History history;
  git_oid id = commit_oid(start);
  while (static_cast<int>(history.commits.size()) < limit) {
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo_.get(), &id) < 0) {
      git_error_clear();
      history.ends_at_shallow_boundary = true;
      break;
    }
    CommitPtr commit(raw);
    history.commits.push_back(to_hex(id));
    if (git_commit_parentcount(commit.get()) == 0) {
      history.ends_at_root = true;
      break;
    }
    id = *git_commit_parent_id(commit.get(), 0);
  }
  return history;
}

std::optional<Repository::CommitInfo> Repository::commit_info(const std::string& id) const {
  const git_oid oid = commit_oid(id);
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo_.get(), &oid) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  CommitPtr commit(raw);
  CommitInfo info;
  info.id = to_hex(oid);
  const char* summary = git_commit_summary(commit.get());
  info.summary = summary != nullptr ? summary : "";
  const git_signature* author = git_commit_author(commit.get());
  info.author = std::string(author->name) + " <" + author->email + ">";
  info.time_iso = iso_utc(author->when.time);
  for (unsigned i = 0; i < git_commit_parentcount(commit.get()); ++i) {
    if (const git_oid* parent = git_commit_parent_id(commit.get(), i)) {
      info.parents.push_back(to_hex(*parent));
    }
  }
  info.commit_time = static_cast<long long>(git_commit_time(commit.get()));
  return info;
}

std::vector<std::pair<std::string, std::string>> Repository::trailers(const std::string& id) const {
  const git_oid oid = commit_oid(id);
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo_.get(), &oid) < 0) {
    git_error_clear();
    return {};
  }
  CommitPtr commit(raw);
  git_message_trailer_array array{};
  check(git_message_trailers(&array, git_commit_message(commit.get())),
        "cannot parse the trailers of commit " + to_hex(oid));
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t i = 0; i < array.count; ++i) {
    out.emplace_back(array.trailers[i].key, array.trailers[i].value);
  }
  git_message_trailer_array_free(&array);
  return out;
}

std::vector<std::string> Repository::commits_between(const std::string& hide,
                                                     const std::string& head, int limit) const {
  git_revwalk* raw = nullptr;
  check(git_revwalk_new(&raw, repo_.get()), "cannot walk history");
  RevwalkPtr walk(raw);
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
  const git_oid head_oid = commit_oid(head);
  const git_oid hide_oid = commit_oid(hide);
  std::vector<std::string> out;
  if (git_revwalk_push(walk.get(), &head_oid) < 0 || git_revwalk_hide(walk.get(), &hide_oid) < 0) {
    git_error_clear();  // an absent commit (shallow clone): nothing to walk
    return out;
  }
  git_oid id;
  while (static_cast<int>(out.size()) < limit) {
    const int rc = git_revwalk_next(&id, walk.get());
    if (rc < 0) {
      git_error_clear();  // GIT_ITEROVER, or history missing below a shallow boundary
      break;
    }
    out.push_back(to_hex(id));
  }
  return out;
}

bool Repository::is_ancestor(const std::string& ancestor, const std::string& commit) const {
  const git_oid a = commit_oid(ancestor);
  const git_oid c = commit_oid(commit);
  if (git_oid_equal(&a, &c)) return true;
  const int rc = git_graph_descendant_of(repo_.get(), &c, &a);
  if (rc < 0) git_error_clear();
  return rc == 1;
}

std::optional<Repository::NewestFile> Repository::newest_tracked_file() const {
  if (is_bare()) return std::nullopt;
  git_index* raw = nullptr;
  check(git_repository_index(&raw, repo_.get()), "cannot read the index");
  IndexPtr index(raw);
  const std::string top = workdir() + "/";
  std::optional<NewestFile> newest;
  for (std::size_t i = 0; i < git_index_entrycount(index.get()); ++i) {
    const git_index_entry* entry = git_index_get_byindex(index.get(), i);
    struct stat st {};
    if (entry == nullptr || lstat((top + entry->path).c_str(), &st) != 0) continue;
    const long long mtime = static_cast<long long>(st.st_mtime);
    if (!newest || mtime > newest->mtime) newest = NewestFile{entry->path, mtime};
  }
  return newest;
}

std::string Repository::user() const {
  git_signature* raw = nullptr;
  if (git_signature_default(&raw, repo_.get()) < 0) {
    git_error_clear();
    return "";
  }
  SignaturePtr sig(raw);
  return std::string(sig->name) + " <" + sig->email + ">";
}

bool Repository::has_local_changes() const {
  git_status_options options = GIT_STATUS_OPTIONS_INIT;
  options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  options.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;  // no untracked, no ignored files
  git_status_list* raw = nullptr;
  check(git_status_list_new(&raw, repo_.get(), &options), "cannot read the status of the work tree");
  const std::size_t count = git_status_list_entrycount(raw);
  git_status_list_free(raw);
  return count > 0;
}

}  // namespace bg::git
