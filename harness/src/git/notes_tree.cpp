// Notes trees read and written as git lays them out (see notes_tree.hpp).
#include "notes_tree.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

#include "bench_gate/util/error.hpp"

namespace bg::git::detail {
namespace {

CommitPtr lookup_commit(git_repository* repo, const git_oid& id, const char* what) {
  git_commit* raw = nullptr;
  check(git_commit_lookup(&raw, repo, &id), std::string("cannot read ") + what + " " + to_hex(id));
  return CommitPtr(raw);
}

bool is_hex(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool is_blob_mode(git_filemode_t mode) {
  return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

TreePtr lookup_tree(git_repository* repo, const git_oid& id) {
  git_tree* raw = nullptr;
  check(git_tree_lookup(&raw, repo, &id), "cannot read notes tree " + to_hex(id));
  return TreePtr(raw);
}

// As git's load_subtree: at a directory reached through the hex prefix `prefix`, an entry is a
// note when it is a blob named by the rest of a 40-hex id, a fan-out directory when it is a tree
// named by two hex digits, and anything else is kept as a non-note entry at `dir` + its name.
void load_subtree(git_repository* repo, const git_tree* tree, const std::string& prefix,
                  const std::string& dir, NotesTree& out) {
  const std::size_t remaining = GIT_OID_HEXSZ - prefix.size();
  for (std::size_t i = 0; i < git_tree_entrycount(tree); ++i) {
    const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
    const std::string name = git_tree_entry_name(entry);
    const git_filemode_t mode = git_tree_entry_filemode(entry);
    const git_oid& id = *git_tree_entry_id(entry);
    if (name.size() == remaining && is_hex(name) && is_blob_mode(mode)) {
      const std::string annotated = prefix + lower(name);
      if (!out.notes.emplace(annotated, id).second) {
        throw Error(ExitCode::input_error, "the notes tree holds two notes for commit " +
                                               annotated + " (one at " + dir + name +
                                               "); merge them with git notes");
      }
    } else if (name.size() == 2 && is_hex(name) && mode == GIT_FILEMODE_TREE && remaining > 2) {
      const std::string sub = prefix + lower(name);
      out.fanout.insert(sub);
      TreePtr child = lookup_tree(repo, id);
      load_subtree(repo, child.get(), sub, dir + lower(name) + "/", out);
    } else {
      out.others[dir + name] = NotesTree::Entry{id, mode};
    }
  }
}

TreePtr commit_tree(git_repository* repo, const git_oid& notes_commit) {
  CommitPtr commit = lookup_commit(repo, notes_commit, "notes commit");
  git_tree* raw = nullptr;
  check(git_commit_tree(&raw, commit.get()),
        "cannot read the tree of notes commit " + to_hex(notes_commit));
  return TreePtr(raw);
}

}  // namespace

NotesTree read_notes_tree(git_repository* repo, const git_oid& notes_commit) {
  TreePtr root = commit_tree(repo, notes_commit);
  NotesTree out;
  load_subtree(repo, root.get(), "", "", out);
  return out;
}

std::string note_text(git_repository* repo, const std::string& annotated, const git_oid& blob) {
  git_blob* raw = nullptr;
  if (git_blob_lookup(&raw, repo, &blob) < 0) {
    throw_git_error("cannot read the note of commit " + annotated + " (blob " + to_hex(blob) +
                    " is missing or corrupt; bench-gate will not treat it as absent)");
  }
  BlobPtr held(raw);
  const auto* data = static_cast<const char*>(git_blob_rawcontent(held.get()));
  return std::string(data, static_cast<std::size_t>(git_blob_rawsize(held.get())));
}

std::map<std::string, std::string> notes_at(git_repository* repo, const git_oid& notes_commit) {
  const NotesTree tree = read_notes_tree(repo, notes_commit);
  std::map<std::string, std::string> notes;
  for (const auto& [annotated, blob] : tree.notes) {
    notes.emplace(annotated, note_text(repo, annotated, blob));
  }
  return notes;
}

std::optional<std::string> note_at(git_repository* repo, const git_oid& notes_commit,
                                   const git_oid& target) {
  return NoteFinder(repo, notes_commit).note(target);
}

NoteFinder::NoteFinder(git_repository* repo, const git_oid& notes_commit)
    : repo_(repo), root_(commit_tree(repo, notes_commit)) {}

std::optional<std::string> NoteFinder::note(const git_oid& target) {
  const std::string hex = to_hex(target);
  const std::optional<git_oid> blob = find(root_.get(), hex, 0);
  if (!blob) return std::nullopt;
  return note_text(repo_, hex, *blob);
}

const git_tree* NoteFinder::tree(const git_oid& id) {
  TreePtr& slot = subtrees_[to_hex(id)];
  if (!slot) slot = lookup_tree(repo_, id);
  return slot.get();
}

// Find the note blob of `hex` below `tree` (reached through `offset` hex digits).
std::optional<git_oid> NoteFinder::find(const git_tree* tree, const std::string& hex,
                                        std::size_t offset) {
  std::optional<git_oid> found;
  const git_tree_entry* leaf = git_tree_entry_byname(tree, hex.substr(offset).c_str());
  if (leaf != nullptr && is_blob_mode(git_tree_entry_filemode(leaf))) {
    found = *git_tree_entry_id(leaf);
  }
  if (GIT_OID_HEXSZ - offset > 2) {
    const git_tree_entry* dir = git_tree_entry_byname(tree, hex.substr(offset, 2).c_str());
    if (dir != nullptr && git_tree_entry_filemode(dir) == GIT_FILEMODE_TREE) {
      if (std::optional<git_oid> deeper =
              find(this->tree(*git_tree_entry_id(dir)), hex, offset + 2)) {
        if (found) {
          throw Error(ExitCode::input_error, "the notes tree holds two notes for commit " + hex +
                                                 "; merge them with git notes");
        }
        found = deeper;
      }
    }
  }
  return found;
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

namespace {

// Fan the directory reached through `prefix` out into two-hex-digit subdirectories when the tree
// it was read from did (any subdirectory of it was a fan-out directory), or when it would
// otherwise hold more than kMaxNotesPerTree notes.
bool fans_out(const NotesTree& tree, const std::string& prefix, std::size_t notes_here) {
  if (GIT_OID_HEXSZ - prefix.size() <= 2) return false;
  for (auto it = tree.fanout.lower_bound(prefix);
       it != tree.fanout.end() && it->compare(0, prefix.size(), prefix) == 0; ++it) {
    if (it->size() == prefix.size() + 2) return true;
  }
  return notes_here > kMaxNotesPerTree;
}

void insert_entry(git_treebuilder* builder, const std::string& dir, const std::string& name,
                  const git_oid& id, git_filemode_t mode) {
  if (git_treebuilder_get(builder, name.c_str()) != nullptr) {
    throw Error(ExitCode::input_error, "cannot write the notes tree: two entries at " + dir + name);
  }
  check(git_treebuilder_insert(nullptr, builder, name.c_str(), &id, mode),
        "cannot write the notes tree entry " + dir + name);
}

using NoteIt = std::map<std::string, git_oid>::const_iterator;

// Write the directory reached through `prefix` (path `dir`) holding the notes [first, last) (all
// starting with `prefix`) and the non-note entries below `dir`; return its tree id.
git_oid write_level(git_repository* repo, const NotesTree& tree, const std::string& prefix,
                    const std::string& dir, NoteIt first, NoteIt last) {
  git_treebuilder* raw = nullptr;
  check(git_treebuilder_new(&raw, repo, nullptr), "cannot build a notes tree");
  TreeBuilderPtr builder(raw);
  const auto count = static_cast<std::size_t>(std::distance(first, last));
  if (fans_out(tree, prefix, count)) {
    // Subdirectories holding notes, and those that exist only for non-note entries.
    std::set<std::string> subdirs;
    for (NoteIt it = first; it != last; ++it) subdirs.insert(it->first.substr(prefix.size(), 2));
    for (auto it = tree.others.lower_bound(dir);
         it != tree.others.end() && it->first.compare(0, dir.size(), dir) == 0; ++it) {
      const std::string rest = it->first.substr(dir.size());
      const auto slash = rest.find('/');
      if (slash == 2) subdirs.insert(lower(rest.substr(0, 2)));
    }
    for (const std::string& sub : subdirs) {
      const std::string sub_prefix = prefix + sub;
      NoteIt begin = tree.notes.lower_bound(sub_prefix);
      NoteIt end = begin;
      while (end != last && end->first.compare(0, sub_prefix.size(), sub_prefix) == 0) ++end;
      const git_oid id = write_level(repo, tree, sub_prefix, dir + sub + "/", begin, end);
      insert_entry(builder.get(), dir, sub, id, GIT_FILEMODE_TREE);
    }
  } else {
    for (NoteIt it = first; it != last; ++it) {
      insert_entry(builder.get(), dir, it->first.substr(prefix.size()), it->second,
                   GIT_FILEMODE_BLOB);
    }
  }
  for (auto it = tree.others.lower_bound(dir);
       it != tree.others.end() && it->first.compare(0, dir.size(), dir) == 0; ++it) {
    const std::string name = it->first.substr(dir.size());
    if (name.find('/') != std::string::npos) continue;  // below a subdirectory: written there
    insert_entry(builder.get(), dir, name, it->second.id, it->second.mode);
  }
  git_oid id;
  check(git_treebuilder_write(&id, builder.get()), "cannot write a notes tree");
  return id;
}

}  // namespace

git_oid write_notes_commit(git_repository* repo, const NotesTree& notes,
                           const std::vector<git_oid>& parents, const std::string& message) {
  const git_oid tree_id = write_level(repo, notes, "", "", notes.notes.begin(), notes.notes.end());
  TreePtr tree = lookup_tree(repo, tree_id);

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

}  // namespace bg::git::detail
