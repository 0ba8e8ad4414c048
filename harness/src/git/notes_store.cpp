#include "bench_gate/git/notes_store.hpp"

#include "bench_gate/util/error.hpp"
#include "notes_tree.hpp"

namespace bg::git {
namespace {

[[noreturn]] void throw_contended(const std::string& ref, const detail::Backoff& backoff) {
  throw Error(ExitCode::input_error,
              "cannot update " + ref + ": contention: other writers (bench-gate or git) moved it " +
                  "first on every try (" + backoff.describe() +
                  "); nothing was written, try again");
}

}  // namespace

NotesStore::NotesStore(const Repository& repo, std::string notes_ref)
    : repo_(&repo), notes_ref_(std::move(notes_ref)) {
  int valid = 0;
  if (git_reference_name_is_valid(&valid, notes_ref_.c_str()) < 0 || valid == 0 ||
      notes_ref_.rfind("refs/", 0) != 0) {
    throw Error(ExitCode::input_error, "invalid notes ref '" + notes_ref_ + "'");
  }
}

std::optional<std::string> NotesStore::read(const std::string& commit_id) const {
  const git_oid target = require_oid(commit_id);
  const std::optional<git_oid> tip = detail::ref_tip(repo_->raw(), notes_ref_);
  if (!tip) return std::nullopt;
  return detail::note_at(repo_->raw(), *tip, target);
}

NotesStore::Snapshot::Snapshot() = default;
NotesStore::Snapshot::Snapshot(Snapshot&&) noexcept = default;
NotesStore::Snapshot& NotesStore::Snapshot::operator=(Snapshot&&) noexcept = default;
NotesStore::Snapshot::~Snapshot() = default;

NotesStore::Snapshot NotesStore::snapshot() const {
  Snapshot out;
  if (const std::optional<git_oid> tip = detail::ref_tip(repo_->raw(), notes_ref_))
    out.finder_ = std::make_unique<detail::NoteFinder>(repo_->raw(), *tip);
  return out;
}

std::optional<std::string> NotesStore::Snapshot::read(const std::string& commit_id) const {
  const git_oid target = require_oid(commit_id);
  if (!finder_) return std::nullopt;
  return finder_->note(target);
}

std::vector<std::pair<std::string, std::string>> NotesStore::read_all() const {
  const std::optional<git_oid> tip = detail::ref_tip(repo_->raw(), notes_ref_);
  if (!tip) return {};
  std::map<std::string, std::string> notes = detail::notes_at(repo_->raw(), *tip);
  return {notes.begin(), notes.end()};
}

std::string NotesStore::add_entry(const std::string& prefix, const std::string& text,
                                  const std::string& message) {
  if (prefix.empty() || prefix.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos ||
      prefix.find('/') != std::string::npos) {
    throw Error(ExitCode::input_error, "invalid notes entry prefix '" + prefix + "'");
  }
  git_repository* repo = repo_->raw();
  const git_oid blob = detail::retry_object_writes([&] {
    git_oid id;
    check(git_blob_create_from_buffer(&id, repo, text.data(), text.size()),
          "cannot write an entry of " + notes_ref_);
    return id;
  });
  const std::string path = prefix + to_hex(blob);
  detail::Backoff backoff;
  while (true) {
    const std::optional<git_oid> tip = detail::ref_tip(repo, notes_ref_);
    detail::NotesTree tree = tip ? detail::read_notes_tree(repo, *tip) : detail::NotesTree{};
    if (tree.others.count(path) != 0) return path;  // the same text is there already
    tree.others[path] = detail::NotesTree::Entry{blob, GIT_FILEMODE_BLOB};
    std::vector<git_oid> parents;
    if (tip) parents.push_back(*tip);
    const git_oid created = detail::retry_object_writes(
        [&] { return detail::write_notes_commit(repo, tree, parents, message); });
    if (detail::move_ref(repo, notes_ref_, tip, created, message) == detail::Cas::moved) return path;
    if (!backoff.wait()) throw_contended(notes_ref_, backoff);
  }
}

std::vector<std::pair<std::string, std::string>> NotesStore::read_entries(
    const std::string& prefix) const {
  git_repository* repo = repo_->raw();
  const std::optional<git_oid> tip = detail::ref_tip(repo, notes_ref_);
  if (!tip) return {};
  // Only the top level of the tree: reading every note's entry (20,000 notes) would cost every
  // compare a third of a second.
  git_commit* raw_commit = nullptr;
  check(git_commit_lookup(&raw_commit, repo, &*tip), "cannot read " + notes_ref_);
  CommitPtr commit(raw_commit);
  git_tree* raw_tree = nullptr;
  check(git_commit_tree(&raw_tree, commit.get()), "cannot read the tree of " + notes_ref_);
  TreePtr tree(raw_tree);
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t i = 0; i < git_tree_entrycount(tree.get()); ++i) {
    const git_tree_entry* entry = git_tree_entry_byindex(tree.get(), i);
    const std::string name = git_tree_entry_name(entry);
    if (name.compare(0, prefix.size(), prefix) != 0 ||
        git_tree_entry_filemode(entry) != GIT_FILEMODE_BLOB) {
      continue;
    }
    git_blob* raw = nullptr;
    check(git_blob_lookup(&raw, repo, git_tree_entry_id(entry)),
          "cannot read the entry " + name + " of " + notes_ref_);
    BlobPtr blob(raw);
    out.emplace_back(name, std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                                       static_cast<std::size_t>(git_blob_rawsize(blob.get()))));
  }
  return out;
}

void NotesStore::update(const std::string& commit_id,
                        const std::function<std::string(const std::optional<std::string>&)>& fn,
                        const std::string& message) {
  git_repository* repo = repo_->raw();
  const git_oid target = require_oid(commit_id);
  SignaturePtr sig = detail::signature(repo);
  detail::Backoff backoff;
  while (true) {
    const std::optional<git_oid> tip = detail::ref_tip(repo, notes_ref_);
    const std::optional<std::string> current =
        tip ? detail::note_at(repo, *tip, target) : std::nullopt;
    const std::string text = fn(current);
    if (current && *current == text) return;
    if (text.find('\0') != std::string::npos) {
      throw Error(ExitCode::input_error, "the note of " + commit_id + " contains a NUL byte");
    }

    // A concurrent `git gc` may remove an object directory under the write: retried.
    const git_oid created = detail::retry_object_writes([&] {
      CommitPtr parent;
      if (tip) {
        git_commit* raw = nullptr;
        check(git_commit_lookup(&raw, repo, &*tip), "cannot read " + notes_ref_);
        parent.reset(raw);
      }
      // git_note_commit_create inserts into the existing (possibly fanned-out) tree; recommit its
      // tree to carry our message.
      git_oid scratch;
      check(git_note_commit_create(&scratch, nullptr, repo, parent.get(), sig.get(), sig.get(),
                                   &target, text.c_str(), 1),
            "cannot write the note of " + commit_id + " on " + notes_ref_);
      git_commit* raw_scratch = nullptr;
      check(git_commit_lookup(&raw_scratch, repo, &scratch), "cannot read a new notes commit");
      CommitPtr scratch_commit(raw_scratch);
      git_tree* raw_tree = nullptr;
      check(git_commit_tree(&raw_tree, scratch_commit.get()), "cannot read a new notes tree");
      TreePtr tree(raw_tree);
      const git_commit* parents[] = {parent.get()};
      git_oid made;
      check(git_commit_create(&made, repo, nullptr, sig.get(), sig.get(), nullptr, message.c_str(),
                              tree.get(), parent ? 1 : 0, parents),
            "cannot write a notes commit on " + notes_ref_);
      return made;
    });

    if (detail::move_ref(repo, notes_ref_, tip, created, message) == detail::Cas::moved) return;
    if (!backoff.wait()) throw_contended(notes_ref_, backoff);
  }
}

void NotesStore::update_many(const std::function<std::map<std::string, std::string>(
                                 const std::map<std::string, std::string>& current)>& fn,
                             const std::string& message) {
  git_repository* repo = repo_->raw();
  detail::Backoff backoff;
  while (true) {
    const std::optional<git_oid> tip = detail::ref_tip(repo, notes_ref_);
    detail::NotesTree tree = tip ? detail::read_notes_tree(repo, *tip) : detail::NotesTree{};
    std::map<std::string, std::string> current;
    for (const auto& [id, blob] : tree.notes) current[id] = detail::note_text(repo, id, blob);
    bool changed = false;
    for (auto& [id, text] : fn(current)) {
      const std::string key = to_hex(require_oid(id));
      auto it = current.find(key);
      if (it != current.end() && it->second == text) continue;
      tree.notes[key] = detail::retry_object_writes([&] {
        git_oid blob;
        check(git_blob_create_from_buffer(&blob, repo, text.data(), text.size()),
              "cannot write the note of " + key);
        return blob;
      });
      changed = true;
    }
    if (!changed) return;
    std::vector<git_oid> parents;
    if (tip) parents.push_back(*tip);
    const git_oid created = detail::retry_object_writes(
        [&] { return detail::write_notes_commit(repo, tree, parents, message); });
    if (detail::move_ref(repo, notes_ref_, tip, created, message) == detail::Cas::moved) return;
    if (!backoff.wait()) throw_contended(notes_ref_, backoff);
  }
}

}  // namespace bg::git
