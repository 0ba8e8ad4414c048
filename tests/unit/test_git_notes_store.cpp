#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bench_gate/git/notes_store.hpp"
#include "bench_gate/model.hpp"
#include "test_git_support.hpp"

using bg::git::NotesStore;
using bg::git::Repository;
using bg::git::test::commit;
using bg::git::test::init_repo;
using bg::git::test::lines;
using bg::git::test::TempDir;

namespace {

const char* const kRef = "refs/notes/bench-gate";

std::string append_line(const std::optional<std::string>& current, const std::string& line) {
  return current.value_or("") + line + "\n";
}

int notes_commit_count(const Repository& repo) {
  git_revwalk* raw = nullptr;
  REQUIRE(git_revwalk_new(&raw, repo.raw()) == 0);
  bg::git::RevwalkPtr walk(raw);
  REQUIRE(git_revwalk_push_ref(walk.get(), kRef) == 0);
  int count = 0;
  git_oid id;
  while (git_revwalk_next(&id, walk.get()) == 0) ++count;
  return count;
}

}  // namespace

TEST_CASE("notes store: read, update, read_all") {
  TempDir dir;
  Repository repo = init_repo(dir.path("work"));
  const std::string c1 = commit(repo, {{"a", "1"}}, "c1", {});
  const std::string c2 = commit(repo, {{"a", "2"}}, "c2", {c1});
  NotesStore store(repo, kRef);

  CHECK_FALSE(store.read(c1).has_value());
  CHECK(store.read_all().empty());

  int calls = 0;
  store.update(
      c1,
      [&](const std::optional<std::string>& current) {
        ++calls;
        CHECK_FALSE(current.has_value());
        return std::string("{\"runs\":[1]}");
      },
      "bench-gate: record c1");
  CHECK(calls == 1);
  CHECK(store.read(c1) == "{\"runs\":[1]}");
  CHECK_FALSE(store.read(c2).has_value());

  store.update(
      c1, [](const auto& current) { return current.value() + "+2"; }, "append");
  store.update(
      c2, [](const auto&) { return std::string("two"); }, "record c2");
  CHECK(store.read(c1) == "{\"runs\":[1]}+2");
  const auto all = store.read_all();
  REQUIRE(all.size() == 2);
  CHECK(all == std::vector<std::pair<std::string, std::string>>{
                   {std::min(c1, c2), std::min(c1, c2) == c1 ? "{\"runs\":[1]}+2" : "two"},
                   {std::max(c1, c2), std::max(c1, c2) == c1 ? "{\"runs\":[1]}+2" : "two"}});

  SUBCASE("the notes commit carries the message and history") {
    const int before = notes_commit_count(repo);
    CHECK(before == 3);
    store.update(
        c2, [](const auto& current) { return *current; }, "no-op");
    CHECK(notes_commit_count(repo) == before);  // unchanged text writes nothing
    git_oid tip;
    REQUIRE(git_reference_name_to_id(&tip, repo.raw(), kRef) == 0);
    auto info = repo.commit_info(bg::git::to_hex(tip));
    REQUIRE(info.has_value());
    CHECK(info->summary == "record c2");
  }
  SUBCASE("git reads the notes") {
    // `git notes --ref ... show` must agree (the format is git's own).
    CHECK(bg::git::test::run_git({"-C", dir.path("work"), "notes", "--ref", kRef, "show", c2}) ==
          0);
  }
  SUBCASE("NUL bytes: refused by update, kept by update_many") {
    const std::string text("a\0b\nc", 5);
    CHECK_THROWS_AS(store.update(
                        c2, [&](const auto&) { return text; }, "nul"),
                    bg::Error);
    CHECK(store.read(c2) == "two");
    store.update_many(
        [&](const auto&) {
          return std::map<std::string, std::string>{{c2, text}};
        },
        "nul many");
    CHECK(store.read(c2) == text);
  }
  SUBCASE("invalid input") {
    CHECK_THROWS_AS(store.read("HEAD"), bg::Error);
    CHECK_THROWS_AS(NotesStore(repo, "not a ref"), bg::Error);
  }
}

TEST_CASE("notes store: update_many") {
  TempDir dir;
  Repository repo = init_repo(dir.path("work"));
  const std::string c1 = commit(repo, {{"a", "1"}}, "c1", {});
  const std::string c2 = commit(repo, {{"a", "2"}}, "c2", {c1});
  const std::string c3 = commit(repo, {{"a", "3"}}, "c3", {c2});
  NotesStore store(repo, kRef);
  store.update(
      c1, [](const auto&) { return std::string("one"); }, "c1");
  store.update_many(
      [&](const std::map<std::string, std::string>& current) {
        CHECK(current.size() == 1);
        CHECK(current.at(c1) == "one");
        return std::map<std::string, std::string>{{c2, "two"}, {c3, "three"}};
      },
      "many");
  CHECK(store.read(c1) == "one");  // kept although not returned
  CHECK(store.read(c2) == "two");
  CHECK(store.read(c3) == "three");
  CHECK(notes_commit_count(repo) == 2);
  // git_note_commit_create on top of a tree written by update_many
  store.update(
      c3, [](const auto& current) { return *current + "!"; }, "c3 again");
  CHECK(store.read(c3) == "three!");
  CHECK(store.read_all().size() == 3);
}

TEST_CASE("notes store: fanned-out notes trees (as git writes them for many notes)") {
  TempDir dir;
  Repository repo = init_repo(dir.path("work"));
  // Build a notes tree by hand: "ab/<38 hex>" entries inside 2-character subtrees.
  std::vector<std::string> ids;
  std::map<std::string, std::map<std::string, git_oid>> fanout;
  for (int i = 0; i < 40; ++i) {
    const std::string id =
        commit(repo, {{"f", std::to_string(i)}}, std::to_string(i) + " commit", {}, "");
    ids.push_back(id);
    const std::string text = "note " + std::to_string(i);
    git_oid blob;
    REQUIRE(git_blob_create_from_buffer(&blob, repo.raw(), text.data(), text.size()) == 0);
    fanout[id.substr(0, 2)][id.substr(2)] = blob;
  }
  git_treebuilder* raw_root = nullptr;
  REQUIRE(git_treebuilder_new(&raw_root, repo.raw(), nullptr) == 0);
  bg::git::TreeBuilderPtr root(raw_root);
  for (const auto& [dir_name, entries] : fanout) {
    git_treebuilder* raw_sub = nullptr;
    REQUIRE(git_treebuilder_new(&raw_sub, repo.raw(), nullptr) == 0);
    bg::git::TreeBuilderPtr sub(raw_sub);
    for (const auto& [name, blob] : entries) {
      REQUIRE(git_treebuilder_insert(nullptr, sub.get(), name.c_str(), &blob, GIT_FILEMODE_BLOB) ==
              0);
    }
    git_oid sub_id;
    REQUIRE(git_treebuilder_write(&sub_id, sub.get()) == 0);
    REQUIRE(git_treebuilder_insert(nullptr, root.get(), dir_name.c_str(), &sub_id,
                                   GIT_FILEMODE_TREE) == 0);
  }
  git_oid tree_id;
  REQUIRE(git_treebuilder_write(&tree_id, root.get()) == 0);
  git_tree* raw_tree = nullptr;
  REQUIRE(git_tree_lookup(&raw_tree, repo.raw(), &tree_id) == 0);
  bg::git::TreePtr tree(raw_tree);
  git_signature* raw_sig = nullptr;
  REQUIRE(git_signature_now(&raw_sig, "T", "t@example.com") == 0);
  bg::git::SignaturePtr sig(raw_sig);
  git_oid notes_commit;
  REQUIRE(git_commit_create(&notes_commit, repo.raw(), kRef, sig.get(), sig.get(), nullptr,
                            "fanout", tree.get(), 0, nullptr) == 0);

  NotesStore store(repo, kRef);
  const auto all = store.read_all();
  REQUIRE(all.size() == ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    CHECK(store.read(ids[i]) == "note " + std::to_string(i));
  }
  store.update(
      ids[7], [](const auto& current) { return *current + " more"; }, "fanout update");
  CHECK(store.read(ids[7]) == "note 7 more");
  store.update_many(
      [&](const auto&) {
        return std::map<std::string, std::string>{{ids[8], "8"}};
      },
      "flatten");
  CHECK(store.read(ids[7]) == "note 7 more");
  CHECK(store.read(ids[8]) == "8");
  CHECK(store.read_all().size() == ids.size());
}

TEST_CASE("notes store: writers racing to create the ref lose nothing") {
  TempDir dir;
  const std::string path = dir.path("work");
  std::string target;
  {
    Repository repo = init_repo(path);
    target = commit(repo, {{"a", "1"}}, "c1", {});
  }
  for (int round = 0; round < 10; ++round) {
    const std::string ref = "refs/notes/race-" + std::to_string(round);
    std::vector<std::thread> threads;
    for (int w = 0; w < 8; ++w) {
      threads.emplace_back([&, w] {
        Repository repo = Repository::open(path);
        NotesStore(repo, ref).update(
            target, [&](const auto& current) { return append_line(current, std::to_string(w)); },
            "first");
      });
    }
    for (std::thread& t : threads) t.join();
    Repository repo = Repository::open(path);
    CHECK(lines(NotesStore(repo, ref).read(target).value_or("")).size() == 8);
  }
}

TEST_CASE("notes store: concurrent writers lose nothing (compare-and-swap)") {
  TempDir dir;
  const std::string path = dir.path("work");
  std::string target;
  {
    Repository repo = init_repo(path);
    target = commit(repo, {{"a", "1"}}, "c1", {});
  }
  constexpr int kWriters = 8;
  constexpr int kUpdates = 20;

  SUBCASE("threads, one Repository each") {
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < kWriters; ++w) {
      threads.emplace_back([&, w] {
        try {
          Repository repo = Repository::open(path);
          NotesStore store(repo, kRef);
          for (int i = 0; i < kUpdates; ++i) {
            const std::string line = "thread " + std::to_string(w) + " update " + std::to_string(i);
            store.update(
                target, [&](const auto& current) { return append_line(current, line); }, "append");
          }
        } catch (const std::exception&) {
          ++failures;
        }
      });
    }
    for (std::thread& t : threads) t.join();
    CHECK(failures == 0);
  }
  SUBCASE("processes") {
    std::vector<pid_t> children;
    for (int w = 0; w < kWriters; ++w) {
      const pid_t pid = fork();
      REQUIRE(pid >= 0);
      if (pid == 0) {
        int code = 0;
        try {
          Repository repo = Repository::open(path);
          NotesStore store(repo, kRef);
          for (int i = 0; i < kUpdates; ++i) {
            const std::string line = "thread " + std::to_string(w) + " update " + std::to_string(i);
            store.update(
                target, [&](const auto& current) { return append_line(current, line); }, "append");
          }
        } catch (const std::exception&) {
          code = 1;
        }
        _exit(code);
      }
      children.push_back(pid);
    }
    for (pid_t pid : children) {
      int status = 0;
      REQUIRE(waitpid(pid, &status, 0) == pid);
      CHECK(WIFEXITED(status));
      CHECK(WEXITSTATUS(status) == 0);
    }
  }

  Repository repo = Repository::open(path);
  NotesStore store(repo, kRef);
  const std::optional<std::string> note = store.read(target);
  REQUIRE(note.has_value());
  const std::vector<std::string> got = lines(*note);
  CHECK(got.size() == kWriters * kUpdates);
  const std::set<std::string> unique(got.begin(), got.end());
  CHECK(unique.size() == kWriters * kUpdates);
  for (int w = 0; w < kWriters; ++w) {
    for (int i = 0; i < kUpdates; ++i) {
      CHECK(unique.count("thread " + std::to_string(w) + " update " + std::to_string(i)) == 1);
    }
  }
  CHECK(notes_commit_count(repo) == kWriters * kUpdates);  // one commit per update, none lost
}
