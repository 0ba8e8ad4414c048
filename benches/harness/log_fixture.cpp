#include "log_fixture.hpp"

#include <cstdlib>
#include <filesystem>
#include <map>
#include <vector>

#include "bench_gate/git/libgit2.hpp"
#include "bench_gate/git/notes_store.hpp"
#include "bench_gate/git/repository.hpp"
#include "bench_gate/note_codec.hpp"
#include "synthetic_gbench.hpp"

namespace bgbench {
namespace {

using bg::git::check;

// Write `count` commits with empty trees on one first-parent line; return their ids, oldest first.
std::vector<std::string> write_line(git_repository* repo, int count) {
  git_treebuilder* raw_builder = nullptr;
  check(git_treebuilder_new(&raw_builder, repo, nullptr), "treebuilder");
  bg::git::TreeBuilderPtr builder(raw_builder);
  git_oid tree_id;
  check(git_treebuilder_write(&tree_id, builder.get()), "write empty tree");
  git_tree* raw_tree = nullptr;
  check(git_tree_lookup(&raw_tree, repo, &tree_id), "lookup empty tree");
  bg::git::TreePtr tree(raw_tree);

  std::vector<std::string> ids;
  bg::git::CommitPtr parent;
  for (int i = 0; i < count; ++i) {
    git_signature* raw_sig = nullptr;
    check(git_signature_new(&raw_sig, "Bench Fixture", "fixture@example.com",
                            1'700'000'000 + 3600LL * i, 0),
          "signature");
    bg::git::SignaturePtr sig(raw_sig);
    const std::string message = "change " + std::to_string(i) + ": tune the hot path\n";
    const git_commit* parents[1] = {parent.get()};
    git_oid id;
    check(git_commit_create(&id, repo, nullptr, sig.get(), sig.get(), nullptr, message.c_str(),
                            tree.get(), parent ? 1 : 0, parents),
          "commit");
    git_commit* raw_commit = nullptr;
    check(git_commit_lookup(&raw_commit, repo, &id), "lookup commit");
    parent.reset(raw_commit);
    ids.push_back(bg::git::to_hex(id));
  }
  git_reference* raw_ref = nullptr;
  check(git_reference_create(&raw_ref, repo, "refs/heads/main", git_commit_id(parent.get()), 1,
                             "fixture"),
        "create main");
  bg::git::ReferencePtr ref(raw_ref);
  check(git_repository_set_head(repo, "refs/heads/main"), "set HEAD");
  return ids;
}

}  // namespace

LogFixture::LogFixture(int commits, int benchmarks, int repetitions) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "bench-harness-log.XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;

  bg::git::Libgit2 guard;
  std::vector<std::string> ids;
  {
    git_repository* raw = nullptr;
    check(git_repository_init(&raw, path_.c_str(), 0), "init");
    bg::git::RepositoryPtr repo(raw);
    ids = write_line(repo.get(), commits);
  }
  const bg::git::Repository repo = bg::git::Repository::open(path_);
  bg::git::NotesStore store(repo, "refs/notes/bench-gate");
  std::map<std::string, std::string> notes;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    bg::NoteDocument doc;
    doc.commit = ids[i];
    doc.runs.push_back(small_run(benchmarks, repetitions, static_cast<int>(i), ids[i]));
    std::string text = bg::serialize_note(doc);
    note_bytes_ += text.size();
    notes.emplace(ids[i], std::move(text));
  }
  store.update_many([&](const std::map<std::string, std::string>&) { return notes; },
                    "bench-harness fixture");
}

LogFixture::~LogFixture() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace bgbench
