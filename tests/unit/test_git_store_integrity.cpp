// The notes store never loses or misreads what it holds (issue 11): non-note entries, unreadable
// blobs, fan-out layout through a merge, merges that cannot be done, symbolic refs, contention.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>

#include "../../harness/src/git/notes_tree.hpp"  // Backoff: private to the git room
#include "bench_gate/git/notes_store.hpp"
#include "bench_gate/git/sync.hpp"
#include "bench_gate/model.hpp"
#include "test_git_support.hpp"

using bg::git::NotesStore;
using bg::git::Repository;
using bg::git::test::commit;
using bg::git::test::init_repo;
using bg::git::test::line_union;
using bg::git::test::ok;
using bg::git::test::TempDir;

namespace {

const char* const kRef = "refs/notes/bench-gate";

Repository clone(const std::string& url, const std::string& path) {
  bg::git::Libgit2 guard;
  git_repository* raw = nullptr;
  ok(git_clone(&raw, url.c_str(), path.c_str(), nullptr), "clone");
  git_repository_free(raw);
  return Repository::open(path);
}

// Write a tree holding `files` (slash-separated paths -> blob text); return its id.
git_oid write_tree(git_repository* repo, const std::map<std::string, std::string>& files) {
  std::map<std::string, std::map<std::string, std::string>> subdirs;
  git_treebuilder* raw = nullptr;
  ok(git_treebuilder_new(&raw, repo, nullptr), "treebuilder");
  bg::git::TreeBuilderPtr builder(raw);
  for (const auto& [path, text] : files) {
    const auto slash = path.find('/');
    if (slash != std::string::npos) {
      subdirs[path.substr(0, slash)][path.substr(slash + 1)] = text;
      continue;
    }
    git_oid blob;
    ok(git_blob_create_from_buffer(&blob, repo, text.data(), text.size()), "blob");
    ok(git_treebuilder_insert(nullptr, builder.get(), path.c_str(), &blob, GIT_FILEMODE_BLOB),
       "insert");
  }
  for (const auto& [name, inner] : subdirs) {
    const git_oid sub = write_tree(repo, inner);
    ok(git_treebuilder_insert(nullptr, builder.get(), name.c_str(), &sub, GIT_FILEMODE_TREE),
       "insert tree");
  }
  git_oid id;
  ok(git_treebuilder_write(&id, builder.get()), "write tree");
  return id;
}

// Commit `files` as the notes tree on kRef (no parent); return the commit id.
std::string write_notes(const Repository& repo, const std::map<std::string, std::string>& files) {
  const git_oid tree_id = write_tree(repo.raw(), files);
  git_tree* raw_tree = nullptr;
  ok(git_tree_lookup(&raw_tree, repo.raw(), &tree_id), "tree");
  bg::git::TreePtr tree(raw_tree);
  git_signature* raw_sig = nullptr;
  ok(git_signature_now(&raw_sig, "T", "t@example.com"), "signature");
  bg::git::SignaturePtr sig(raw_sig);
  git_oid id;
  ok(git_commit_create(&id, repo.raw(), kRef, sig.get(), sig.get(), nullptr, "notes", tree.get(), 0,
                       nullptr),
     "commit");
  return bg::git::to_hex(id);
}

std::string tip(const Repository& repo) {
  git_oid id;
  REQUIRE(git_reference_name_to_id(&id, repo.raw(), kRef) == 0);
  return bg::git::to_hex(id);
}

// name -> is-a-tree of the root of kRef's tree.
std::map<std::string, bool> root_entries(const Repository& repo, const std::string& path = "") {
  git_object* raw = nullptr;
  REQUIRE(git_revparse_single(&raw, repo.raw(), (std::string(kRef) + ":" + path).c_str()) == 0);
  bg::git::ObjectPtr object(raw);
  auto* tree = reinterpret_cast<git_tree*>(object.get());
  std::map<std::string, bool> out;
  for (size_t i = 0; i < git_tree_entrycount(tree); ++i) {
    const git_tree_entry* e = git_tree_entry_byindex(tree, i);
    out[git_tree_entry_name(e)] = git_tree_entry_type(e) == GIT_OBJECT_TREE;
  }
  return out;
}

// A fake commit id: notes may annotate any object id.
std::string fake_id(int i) {
  char text[41];
  std::snprintf(text, sizeof text, "%08x%032x", static_cast<unsigned>(i) * 2654435761u,
                static_cast<unsigned>(i));
  return text;
}

// Check that every note sits in a two-hex-digit directory: the root holds only such directories
// (and `extra` non-note names).
void check_fanned_out(const Repository& repo, const std::set<std::string>& extra = {}) {
  for (const auto& [name, is_tree] : root_entries(repo)) {
    if (extra.count(name) != 0) continue;
    INFO("root entry " << name);
    CHECK(name.size() == 2);
    CHECK(is_tree);
  }
}

}  // namespace

TEST_CASE("store integrity: non-note entries are never taken for notes, and are kept") {
  TempDir dir;
  Repository repo = init_repo(dir.path("work"));
  const std::string a = fake_id(1), b = fake_id(2);
  write_notes(repo, {{a, "note a"},
                     {b.substr(0, 2) + "/" + b.substr(2), "note b"},
                     {"README", "these notes belong to bench-gate"},
                     {"docs/zz-not-hex", "doc"},
                     {b.substr(0, 2) + "/README", "inside a fan-out directory"}});
  NotesStore store(repo, kRef);
  const auto all = store.read_all();
  REQUIRE(all.size() == 2);
  CHECK(all[0].second != all[1].second);
  for (const auto& [id, text] : all) {
    CHECK((id == a || id == b));
    CHECK(text.rfind("note ", 0) == 0);
  }
  CHECK(store.read(a) == "note a");
  CHECK(store.read(b) == "note b");

  SUBCASE("update keeps them") {
    store.update(
        a, [](const auto& current) { return *current + "+"; }, "update");
  }
  SUBCASE("update_many keeps them") {
    store.update_many(
        [&](const auto&) {
          return std::map<std::string, std::string>{{b, "b2"}};
        },
        "update many");
  }
  const auto root = root_entries(repo);
  CHECK(root.count("README") == 1);
  CHECK(root.count("docs") == 1);
  CHECK(root_entries(repo, b.substr(0, 2)).count("README") == 1);
  CHECK(store.read_all().size() == 2);
}

TEST_CASE("store integrity: a note whose blob cannot be read is an error, never absent") {
  TempDir dir;
  Repository repo = init_repo(dir.path("work"));
  const std::string c = commit(repo, {{"f", "1"}}, "c", {});
  NotesStore store(repo, kRef);
  store.update(
      c, [](const auto&) { return std::string("three runs"); }, "set");
  git_object* raw = nullptr;
  REQUIRE(git_revparse_single(&raw, repo.raw(), (std::string(kRef) + ":" + c).c_str()) == 0);
  const std::string blob = bg::git::to_hex(*git_object_id(raw));
  git_object_free(raw);
  const std::string before = tip(repo);
  std::filesystem::remove(
      dir.path("work/.git/objects/" + blob.substr(0, 2) + "/" + blob.substr(2)));
  // A fresh repository handle: libgit2 caches objects it has read.
  Repository fresh = Repository::open(dir.path("work"));
  NotesStore reopened(fresh, kRef);
  CHECK_THROWS_WITH_AS(reopened.read(c), doctest::Contains(c.c_str()), bg::Error);
  CHECK_THROWS_AS(reopened.read_all(), bg::Error);
  bool called = false;
  CHECK_THROWS_WITH_AS(reopened.update(
                           c,
                           [&](const auto&) {
                             called = true;
                             return std::string("fresh");
                           },
                           "overwrite"),
                       doctest::Contains("missing or corrupt"), bg::Error);
  CHECK_FALSE(called);
  CHECK(tip(fresh) == before);
}

TEST_CASE("store integrity: a merging sync keeps the fan-out layout and non-note entries") {
  TempDir dir;
  Repository remote = init_repo(dir.path("remote.git"), true);
  const std::string c1 = commit(remote, {{"a", "1"}}, "c1", {});
  const std::string c2 = commit(remote, {{"a", "2"}}, "c2", {c1});
  const int n = 600;
  std::map<std::string, std::string> files{{"README", "readme"}};

  SUBCASE("a tree fanned out as git writes it stays fanned out") {
    for (int i = 0; i < n; ++i) {
      const std::string id = fake_id(i);
      files[id.substr(0, 2) + "/" + id.substr(2)] = "note " + std::to_string(i);
    }
  }
  SUBCASE("a flat tree of more than 256 notes is fanned out") {
    for (int i = 0; i < n; ++i) files[fake_id(i)] = "note " + std::to_string(i);
  }
  write_notes(remote, files);
  Repository a = clone(dir.path("remote.git"), dir.path("a"));
  Repository b = clone(dir.path("remote.git"), dir.path("b"));
  REQUIRE(bg::git::sync_notes(a, "origin", kRef, line_union).pushed);
  REQUIRE(bg::git::sync_notes(b, "origin", kRef, line_union).pushed);
  NotesStore(a, kRef).update(
      c1, [](const auto&) { return std::string("a\n"); }, "a");
  NotesStore(b, kRef).update(
      c2, [](const auto&) { return std::string("b\n"); }, "b");
  NotesStore(b, kRef).update(
      fake_id(5), [](const auto& current) { return *current + "\nb\n"; }, "b");
  REQUIRE(bg::git::sync_notes(a, "origin", kRef, line_union).pushed);
  const bg::git::SyncResult merged = bg::git::sync_notes(b, "origin", kRef, line_union);
  REQUIRE(merged.pushed);
  CHECK(merged.notes_merged == 1);  // c1 added
  CHECK(tip(remote) == tip(b));

  check_fanned_out(remote, {"README"});
  for (const auto& [name, is_tree] : root_entries(remote)) {
    if (!is_tree) continue;
    CHECK(root_entries(remote, name).size() <= bg::git::detail::kMaxNotesPerTree);
  }
  CHECK(root_entries(remote).count("README") == 1);
  NotesStore store(remote, kRef);
  CHECK(store.read_all().size() == n + 2);
  CHECK(store.read(c1) == "a\n");
  CHECK(store.read(c2) == "b\n");
  CHECK(store.read(fake_id(5)) == "note 5\nb\n");
  CHECK(store.read(fake_id(599)) == "note 599");
  CHECK(bg::git::test::run_git({"-C", dir.path("remote.git"), "fsck", "--strict"}) == 0);
  CHECK(bg::git::test::run_git(
            {"-C", dir.path("remote.git"), "notes", "--ref", kRef, "show", fake_id(599)}) == 0);
}

TEST_CASE("store integrity: sync refuses a note merge it cannot do, naming the commit") {
  TempDir dir;
  Repository remote = init_repo(dir.path("remote.git"), true);
  const std::string c1 = commit(remote, {{"a", "1"}}, "c1", {});
  Repository a = clone(dir.path("remote.git"), dir.path("a"));
  Repository b = clone(dir.path("remote.git"), dir.path("b"));
  NotesStore(a, kRef).update(
      c1, [](const auto&) { return std::string("newer schema\n"); }, "a");
  REQUIRE(bg::git::sync_notes(a, "origin", kRef, line_union).pushed);
  NotesStore(b, kRef).update(
      c1, [](const auto&) { return std::string("ours\n"); }, "b");
  const std::string remote_before = tip(remote), b_before = tip(b);
  const auto refuse = [](const std::string&, const std::string&) -> std::string {
    throw bg::Error(bg::ExitCode::input_error,
                    "the remote note: schema_version 2 is not supported");
  };
  CHECK_THROWS_WITH_AS(bg::git::sync_notes(b, "origin", kRef, refuse),
                       doctest::Contains((c1 + " with remote 'origin': the remote note").c_str()),
                       bg::Error);
  CHECK(tip(remote) == remote_before);
  CHECK(tip(b) == b_before);
  CHECK(NotesStore(remote, kRef).read(c1) == "newer schema\n");
}

TEST_CASE("store integrity: a symbolic notes ref is one clear error, not 30 s of retries") {
  TempDir dir;
  Repository repo = init_repo(dir.path("work"));
  const std::string c = commit(repo, {{"f", "1"}}, "c", {});
  NotesStore(repo, "refs/notes/real")
      .update(
          c, [](const auto&) { return std::string("x"); }, "set");
  git_reference* raw = nullptr;
  REQUIRE(git_reference_symbolic_create(&raw, repo.raw(), kRef, "refs/notes/real", 1, "sym") == 0);
  git_reference_free(raw);
  const auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH_AS(NotesStore(repo, kRef)
                           .update(
                               c, [](const auto&) { return std::string("y"); }, "update"),
                       doctest::Contains("symbolic ref (to refs/notes/real)"), bg::Error);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("store integrity: the contention budget scales with the time an attempt takes") {
  using namespace std::chrono;
  // Attempts of 10 ms against a 50 ms budget: the budget grows to 100 attempts' worth (~1 s).
  bg::git::detail::Backoff backoff(milliseconds(50));
  const auto start = steady_clock::now();
  int attempts = 0;
  do {
    std::this_thread::sleep_for(milliseconds(10));
    ++attempts;
  } while (backoff.wait() && attempts < 1000);
  const auto spent = steady_clock::now() - start;
  CHECK(spent > milliseconds(500));
  CHECK(spent < seconds(5));
  CHECK(backoff.describe().find(std::to_string(attempts) + " attempts in ") == 0);

  // Fast attempts keep the plain budget.
  bg::git::detail::Backoff quick(milliseconds(50));
  const auto quick_start = steady_clock::now();
  while (quick.wait()) {
  }
  CHECK(steady_clock::now() - quick_start < milliseconds(400));
}
