// Helpers for the git room's tests: throw-away directories, repositories and commits made with
// libgit2, and the git CLI spawned without a shell (for clone --depth 1).
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_gate/git/libgit2.hpp"
#include "bench_gate/git/repository.hpp"

namespace bg::git::test {

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "bg-git-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string path(const std::string& child = "") const {
    return child.empty() ? path_.string() : (path_ / child).string();
  }

 private:
  std::filesystem::path path_;
};

inline void ok(int rc, const char* what) {
  if (rc < 0) throw std::runtime_error(std::string(what) + ": " + last_error_message());
}

// Create a repository whose HEAD is refs/heads/main and open it.
inline Repository init_repo(const std::string& path, bool bare = false) {
  Libgit2 guard;
  git_repository_init_options options;
  git_repository_init_options_init(&options, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
  options.flags = static_cast<uint32_t>(GIT_REPOSITORY_INIT_MKPATH) |
                  (bare ? static_cast<uint32_t>(GIT_REPOSITORY_INIT_BARE) : 0u);
  options.initial_head = "main";
  git_repository* raw = nullptr;
  ok(git_repository_init_ext(&raw, path.c_str(), &options), "init");
  git_repository_free(raw);
  return Repository::open(path);
}

// Write a commit of `files` (flat tree) with `parents`, move `ref` to it, return its id.
inline std::string commit(const Repository& repo, const std::map<std::string, std::string>& files,
                          const std::string& message, const std::vector<std::string>& parents,
                          const std::string& ref = "refs/heads/main") {
  static int clock = 1'700'000'000;
  git_repository* r = repo.raw();
  git_treebuilder* raw_builder = nullptr;
  ok(git_treebuilder_new(&raw_builder, r, nullptr), "treebuilder");
  TreeBuilderPtr builder(raw_builder);
  for (const auto& [name, content] : files) {
    git_oid blob;
    ok(git_blob_create_from_buffer(&blob, r, content.data(), content.size()), "blob");
    ok(git_treebuilder_insert(nullptr, builder.get(), name.c_str(), &blob, GIT_FILEMODE_BLOB),
       "insert");
  }
  git_oid tree_id;
  ok(git_treebuilder_write(&tree_id, builder.get()), "write tree");
  git_tree* raw_tree = nullptr;
  ok(git_tree_lookup(&raw_tree, r, &tree_id), "tree");
  TreePtr tree(raw_tree);
  std::vector<CommitPtr> owned;
  std::vector<const git_commit*> ptrs;
  for (const std::string& parent : parents) {
    git_oid id = require_oid(parent);
    git_commit* raw = nullptr;
    ok(git_commit_lookup(&raw, r, &id), "parent");
    owned.emplace_back(raw);
    ptrs.push_back(raw);
  }
  git_signature* raw_sig = nullptr;
  ok(git_signature_new(&raw_sig, "Test Author", "author@example.com", clock++, 0), "signature");
  SignaturePtr sig(raw_sig);
  git_oid id;
  ok(git_commit_create(&id, r, ref.empty() ? nullptr : ref.c_str(), sig.get(), sig.get(), nullptr,
                       message.c_str(), tree.get(), ptrs.size(), ptrs.data()),
     "commit");
  return to_hex(id);
}

// Run the git CLI with `args` (no shell), output discarded; return its exit status.
inline int run_git(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  std::string git = "git";
  argv.push_back(git.data());
  std::vector<std::string> copy = args;
  for (std::string& arg : copy) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    execvp("git", argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

inline std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

// Merge two notes as the union of their lines (local order first, then new remote lines).
inline std::string line_union(const std::string& local, const std::string& remote) {
  std::vector<std::string> merged = lines(local);
  for (const std::string& line : lines(remote)) {
    bool seen = false;
    for (const std::string& have : merged) seen = seen || have == line;
    if (!seen) merged.push_back(line);
  }
  std::string text;
  for (const std::string& line : merged) text += line + "\n";
  return text;
}

}  // namespace bg::git::test
