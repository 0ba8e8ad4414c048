// The git room's parts of issue 13: commit trailers as git parses them (libgit2's
// git_message_trailers), `rev-list hide..head`, ancestry, and entries beside the notes (where
// `bench-gate accept` stores acceptances) that note writers and git keep.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "bench_gate/git/notes_store.hpp"
#include "bench_gate/git/repository.hpp"
#include "bench_gate/util/error.hpp"
#include "test_git_support.hpp"

using bg::git::NotesStore;
using bg::git::Repository;
using bg::git::test::commit;
using bg::git::test::init_repo;
using bg::git::test::run_git;
using bg::git::test::TempDir;

TEST_CASE("repository: trailers of a commit message, as git parses them") {
  TempDir dir;
  Repository repo = init_repo(dir.path("work"));
  const std::string a = commit(repo, {{"f", "1"}},
                               "parser: validate\n\nBody text: not a trailer paragraph.\n\n"
                               "Bench-Gate-Accept: BM_Parse/* up to +15% <b>why</b>\n"
                               "Signed-off-by: Dev <dev@example.com>\n",
                               {});
  const auto trailers = repo.trailers(a);
  REQUIRE(trailers.size() == 2);
  CHECK(trailers[0].first == "Bench-Gate-Accept");
  CHECK(trailers[0].second == "BM_Parse/* up to +15% <b>why</b>");
  CHECK(trailers[1].first == "Signed-off-by");
  // A "Key: value" line in the body, not in the last paragraph, is no trailer (git's rule).
  const std::string b = commit(repo, {{"f", "2"}},
                               "subject\n\nBench-Gate-Accept: BM_* up to 5% x\n\nlast words.\n", {a});
  CHECK(repo.trailers(b).empty());
}

TEST_CASE("repository: commits_between and is_ancestor") {
  TempDir dir;
  Repository repo = init_repo(dir.path("work"));
  const std::string c1 = commit(repo, {{"f", "1"}}, "one\n", {});
  const std::string c2 = commit(repo, {{"f", "2"}}, "two\n", {c1});
  const std::string side = commit(repo, {{"f", "s"}}, "side\n", {c1}, "refs/heads/side");
  const std::string merge = commit(repo, {{"f", "m"}}, "merge\n", {c2, side});
  const auto between = repo.commits_between(c1, merge, 100);
  CHECK(between.size() == 3);  // merge, c2 and side: not only the first-parent line
  CHECK(between.front() == merge);
  CHECK(repo.commits_between(merge, merge, 100).empty());
  CHECK(repo.commits_between(c1, merge, 1).size() == 1);
  CHECK(repo.is_ancestor(c1, merge));
  CHECK(repo.is_ancestor(side, merge));
  CHECK(repo.is_ancestor(c2, c2));
  CHECK_FALSE(repo.is_ancestor(merge, c2));
  CHECK_FALSE(repo.is_ancestor(side, c2));
}

TEST_CASE("notes store: entries beside the notes survive note writers and git") {
  TempDir dir;
  Repository repo = init_repo(dir.path("work"));
  const std::string c1 = commit(repo, {{"f", "1"}}, "one\n", {});
  NotesStore store(repo, "refs/notes/bench-gate");
  store.update(c1, [](const auto&) { return std::string("note 1\n"); }, "note");
  const std::string path = store.add_entry("accept-", "{\"glob\": \"BM_*\"}\n", "accept");
  CHECK(path.rfind("accept-", 0) == 0);
  CHECK(path.size() == 7 + 40);
  CHECK(store.add_entry("accept-", "{\"glob\": \"BM_*\"}\n", "again") == path);  // same text: once
  store.add_entry("accept-", "{\"glob\": \"x\"}\n", "accept 2");
  CHECK_THROWS_AS(store.add_entry("abc", "x", "hex prefix"), bg::Error);
  // A note writer (git_note_commit_create) and git's own notes command keep the entries.
  store.update(c1, [](const auto&) { return std::string("note 2\n"); }, "note");
  REQUIRE(run_git({"-c", "user.name=T", "-c", "user.email=t@example.com", "-C", dir.path("work"), "notes", "--ref=bench-gate", "add", "-f", "-m",
                   "by git", c1}) == 0);
  const auto entries = store.read_entries("accept-");
  REQUIRE(entries.size() == 2);
  const auto& first = entries[0].first == path ? entries[0] : entries[1];
  CHECK(first.first == path);
  CHECK(first.second == "{\"glob\": \"BM_*\"}\n");
  CHECK(store.read(c1) == std::optional<std::string>("by git\n"));
  CHECK(store.read_all().size() == 1);  // never taken for notes
}
