#include "notes_tree.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <thread>

#include "bench_gate/util/error.hpp"

namespace bg::git::detail {
namespace {

CommitPtr lookup_commit(git_repository* repo, const git_oid& id, const char* what) {
  git_commit* raw = nullptr;
  check(git_commit_lookup(&raw, repo, &id), std::string("cannot read ") + what + " " + to_hex(id));
  return CommitPtr(raw);
}

std::string blob_text(git_repository* repo, const git_oid& blob_id) {
  git_blob* raw = nullptr;
  check(git_blob_lookup(&raw, repo, &blob_id), "cannot read note blob " + to_hex(blob_id));
  BlobPtr blob(raw);
  const auto* data = static_cast<const char*>(git_blob_rawcontent(blob.get()));
  return std::string(data, static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

// A ref lock is held for microseconds; one this old was left by a killed process (or a hung one).
constexpr auto kStaleLock = std::chrono::seconds(10);

// Throw when `ref`'s lock file exists and is older than kStaleLock: waiting cannot help, and git
// never removes a lock on its own, so say which file to remove.
void throw_if_stale_lock(git_repository* repo, const std::string& ref) {
  const std::filesystem::path lock =
      std::filesystem::path(git_repository_commondir(repo)) / (ref + ".lock");
  std::error_code ec;
  const auto written = std::filesystem::last_write_time(lock, ec);
  if (ec) return;  // gone already: an ordinary race
  const auto age = std::filesystem::file_time_type::clock::now() - written;
  if (age < kStaleLock) return;
  throw Error(ExitCode::input_error,
              "cannot update " + ref + ": its lock file " + lock.lexically_normal().string() +
                  " is " +
                  std::to_string(std::chrono::duration_cast<std::chrono::seconds>(age).count()) +
                  " s old (a git or bench-gate process was killed while writing, or still runs); "
                  "remove it if no such process is running");
}

}  // namespace

std::optional<git_oid> ref_tip(git_repository* repo, const std::string& ref) {
  git_oid id;
  const int rc = git_reference_name_to_id(&id, repo, ref.c_str());
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return std::nullopt;
  }
  check(rc, "cannot read ref " + ref);
  return id;
}

std::map<std::string, std::string> notes_at(git_repository* repo, const git_oid& notes_commit) {
  CommitPtr commit = lookup_commit(repo, notes_commit, "notes commit");
  git_note_iterator* raw = nullptr;
  const int rc = git_note_commit_iterator_new(&raw, commit.get());
  std::map<std::string, std::string> notes;
  if (rc == GIT_ENOTFOUND) {  // empty notes tree
    git_error_clear();
    return notes;
  }
  check(rc, "cannot list notes of " + to_hex(notes_commit));
  NoteIteratorPtr it(raw);
  git_oid blob_id, annotated;
  int next = 0;
  while ((next = git_note_next(&blob_id, &annotated, it.get())) == 0) {
    notes[to_hex(annotated)] = blob_text(repo, blob_id);
  }
  if (next != GIT_ITEROVER) check(next, "cannot list notes of " + to_hex(notes_commit));
  git_error_clear();
  return notes;
}

std::optional<std::string> note_at(git_repository* repo, const git_oid& notes_commit,
                                   const git_oid& target) {
  CommitPtr commit = lookup_commit(repo, notes_commit, "notes commit");
  git_note* raw = nullptr;
  const int rc = git_note_commit_read(&raw, repo, commit.get(), &target);
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return std::nullopt;
  }
  check(rc, "cannot read the note of " + to_hex(target));
  NotePtr note(raw);
  return blob_text(repo, *git_note_id(note.get()));
}

SignaturePtr signature(git_repository* repo) {
  git_signature* raw = nullptr;
  if (git_signature_default(&raw, repo) < 0) {
    git_error_clear();
    check(git_signature_now(&raw, "bench-gate", "bench-gate@localhost"),
          "cannot make a commit signature");
  }
  return SignaturePtr(raw);
}

git_oid write_notes_commit(git_repository* repo, const std::map<std::string, std::string>& notes,
                           const std::vector<git_oid>& parents, const std::string& message) {
  git_treebuilder* raw_builder = nullptr;
  check(git_treebuilder_new(&raw_builder, repo, nullptr), "cannot build a notes tree");
  TreeBuilderPtr builder(raw_builder);
  for (const auto& [annotated, text] : notes) {
    require_oid(annotated);
    git_oid blob;
    check(git_blob_create_from_buffer(&blob, repo, text.data(), text.size()),
          "cannot write the note of " + annotated);
    check(
        git_treebuilder_insert(nullptr, builder.get(), annotated.c_str(), &blob, GIT_FILEMODE_BLOB),
        "cannot add the note of " + annotated);
  }
  git_oid tree_id;
  check(git_treebuilder_write(&tree_id, builder.get()), "cannot write a notes tree");
  git_tree* raw_tree = nullptr;
  check(git_tree_lookup(&raw_tree, repo, &tree_id), "cannot read the notes tree");
  TreePtr tree(raw_tree);

  std::vector<CommitPtr> parent_commits;
  std::vector<const git_commit*> parent_ptrs;
  for (const git_oid& parent : parents) {
    parent_commits.push_back(lookup_commit(repo, parent, "notes commit"));
    parent_ptrs.push_back(parent_commits.back().get());
  }
  SignaturePtr sig = signature(repo);
  git_oid commit_id;
  check(git_commit_create(&commit_id, repo, nullptr, sig.get(), sig.get(), nullptr, message.c_str(),
                          tree.get(), parent_ptrs.size(), parent_ptrs.data()),
        "cannot write a notes commit");
  return commit_id;
}

Cas move_ref(git_repository* repo, const std::string& ref, const std::optional<git_oid>& expected,
             const git_oid& target, const std::string& log_message) {
  // The old value is compared under the ref's lock. A zero id means "must not exist": plain
  // git_reference_create(force=0) checks that before taking the lock, so two creators could
  // both win and one update would be lost.
  git_oid zero{};
  const git_oid& old_value = expected ? *expected : zero;
  git_reference* raw = nullptr;
  const int rc = git_reference_create_matching(&raw, repo, ref.c_str(), &target, 1, &old_value,
                                               log_message.c_str());
  ReferencePtr moved(raw);
  if (rc == GIT_ELOCKED) throw_if_stale_lock(repo, ref);
  if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS || rc == GIT_ELOCKED) {
    git_error_clear();
    return Cas::lost_race;
  }
  check(rc, "cannot update ref " + ref);
  return Cas::moved;
}

Backoff::Backoff(std::chrono::milliseconds budget)
    : deadline_(std::chrono::steady_clock::now() + budget), random_(std::random_device{}()) {}

bool Backoff::wait() {
  if (std::chrono::steady_clock::now() >= deadline_) return false;
  std::uniform_int_distribution<long> jitter(0, step_.count());
  std::this_thread::sleep_for(std::chrono::microseconds(step_.count() / 2 + jitter(random_)));
  step_ = std::min(step_ * 2, std::chrono::microseconds(100'000));
  return true;
}

}  // namespace bg::git::detail
