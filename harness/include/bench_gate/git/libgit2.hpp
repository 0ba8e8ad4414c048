// libgit2 plumbing shared by the git room: the library's lifetime guard, RAII handles for its
// objects, error translation into bg::Error, and object-id text conversion.
#pragma once

#include <git2.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace bg::git {

// Keep libgit2 initialised while any instance lives (git_libgit2_init is reference counted).
// Every Repository holds one, so callers only need their own guard for libgit2 calls made
// before opening a repository.
class Libgit2 {
 public:
  Libgit2();
  ~Libgit2();
  Libgit2(const Libgit2&);
  Libgit2& operator=(const Libgit2&) { return *this; }
};

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const {
    if (p != nullptr) Free(p);
  }
};

using RepositoryPtr = std::unique_ptr<git_repository, Deleter<git_repository, git_repository_free>>;
using CommitPtr = std::unique_ptr<git_commit, Deleter<git_commit, git_commit_free>>;
using ReferencePtr = std::unique_ptr<git_reference, Deleter<git_reference, git_reference_free>>;
using NotePtr = std::unique_ptr<git_note, Deleter<git_note, git_note_free>>;
using NoteIteratorPtr =
    std::unique_ptr<git_note_iterator, Deleter<git_note_iterator, git_note_iterator_free>>;
using TreePtr = std::unique_ptr<git_tree, Deleter<git_tree, git_tree_free>>;
using TreeBuilderPtr =
    std::unique_ptr<git_treebuilder, Deleter<git_treebuilder, git_treebuilder_free>>;
using BlobPtr = std::unique_ptr<git_blob, Deleter<git_blob, git_blob_free>>;
using SignaturePtr = std::unique_ptr<git_signature, Deleter<git_signature, git_signature_free>>;
using RevwalkPtr = std::unique_ptr<git_revwalk, Deleter<git_revwalk, git_revwalk_free>>;
using RemotePtr = std::unique_ptr<git_remote, Deleter<git_remote, git_remote_free>>;
using ObjectPtr = std::unique_ptr<git_object, Deleter<git_object, git_object_free>>;
using IndexPtr = std::unique_ptr<git_index, Deleter<git_index, git_index_free>>;
using PackbuilderPtr =
    std::unique_ptr<git_packbuilder, Deleter<git_packbuilder, git_packbuilder_free>>;
using OdbPtr = std::unique_ptr<git_odb, Deleter<git_odb, git_odb_free>>;

// A git_buf that is disposed of when it goes out of scope.
struct Buf {
  git_buf buf = GIT_BUF_INIT;
  Buf() = default;
  Buf(const Buf&) = delete;
  Buf& operator=(const Buf&) = delete;
  ~Buf() { git_buf_dispose(&buf); }
  std::string str() const { return buf.ptr != nullptr ? std::string(buf.ptr, buf.size) : ""; }
};

// Return libgit2's message for the last error on this thread, "" when there is none.
std::string last_error_message();

// Throw bg::Error(input_error) with `what`, followed by libgit2's last error message.
[[noreturn]] void throw_git_error(std::string_view what);

// Throw as throw_git_error when `rc` is negative; return rc otherwise.
int check(int rc, std::string_view what);

// Return the 40-character lowercase hex form of an object id.
std::string to_hex(const git_oid& id);

// Parse a full 40-character hex object id; nullopt for anything else.
std::optional<git_oid> parse_oid(std::string_view hex);

// Parse a full hex object id or throw bg::Error naming `hex`.
git_oid require_oid(std::string_view hex);

}  // namespace bg::git
