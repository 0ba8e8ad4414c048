#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "bench_gate/git/repository.hpp"
#include "bench_gate/model.hpp"
#include "test_git_support.hpp"

using bg::git::Repository;
using bg::git::test::commit;
using bg::git::test::init_repo;
using bg::git::test::TempDir;

namespace {

std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const bg::Error& e) {
    CHECK(e.code() == bg::ExitCode::input_error);
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("repository: open, discover, properties") {
  TempDir dir;
  Repository repo = init_repo(dir.path("work"));
  CHECK_FALSE(repo.is_bare());
  CHECK_FALSE(repo.is_shallow());
  CHECK(repo.workdir() == std::filesystem::canonical(dir.path("work")).string());
  CHECK(repo.git_dir() == repo.workdir() + "/.git");
  CHECK_FALSE(repo.head_commit().has_value());  // unborn

  std::filesystem::create_directories(dir.path("work/a/b"));
  Repository found = Repository::discover(dir.path("work/a/b"));
  CHECK(found.workdir() == repo.workdir());

  Repository bare = init_repo(dir.path("bare.git"), true);
  CHECK(bare.is_bare());
  CHECK(bare.workdir().empty());

  std::filesystem::create_directories(dir.path("plain"));
  const std::string message = error_of([&] { Repository::open(dir.path("plain")); });
  CHECK(contains(message, "not a git repository: " + dir.path("plain")));
}

TEST_CASE("repository: resolve revisions") {
  TempDir dir;
  Repository repo = init_repo(dir.path("work"));
  const std::string c1 = commit(repo, {{"a", "1"}}, "first", {});
  const std::string c2 = commit(repo, {{"a", "2"}}, "second", {c1});
  const std::string c3 = commit(repo, {{"a", "3"}}, "third\n\nbody", {c2});
  commit(repo, {{"b", "x"}}, "feature", {c2}, "refs/heads/feature");

  CHECK(repo.head_commit() == c3);
  CHECK(repo.resolve_commit("main") == c3);
  CHECK(repo.resolve_commit("HEAD") == c3);
  CHECK(repo.resolve_commit("HEAD~1") == c2);
  CHECK(repo.resolve_commit("main~2") == c1);
  CHECK(repo.resolve_commit("feature^") == c2);
  CHECK(repo.resolve_commit(c3.substr(0, 10)) == c3);
  CHECK(repo.resolve_commit(c2) == c2);

  SUBCASE("annotated tags are peeled") {
    git_object* raw = nullptr;
    git_oid target = bg::git::require_oid(c1);
    REQUIRE(git_object_lookup(&raw, repo.raw(), &target, GIT_OBJECT_COMMIT) == 0);
    bg::git::ObjectPtr object(raw);
    git_signature* sig = nullptr;
    REQUIRE(git_signature_now(&sig, "T", "t@example.com") == 0);
    bg::git::SignaturePtr owned(sig);
    git_oid tag;
    REQUIRE(git_tag_create(&tag, repo.raw(), "v1", object.get(), sig, "release", 0) == 0);
    CHECK(repo.resolve_commit("v1") == c1);
    CHECK(repo.resolve_commit(bg::git::to_hex(tag)) == c1);
  }
  SUBCASE("unknown revision") {
    CHECK(contains(error_of([&] { repo.resolve_commit("nope"); }), "unknown revision 'nope'"));
    CHECK(contains(error_of([&] { repo.resolve_commit("HEAD~9"); }), "unknown revision 'HEAD~9'"));
    CHECK(contains(error_of([&] { repo.resolve_commit(""); }), "unknown revision ''"));
  }
  SUBCASE("not a commit") {
    CHECK(contains(error_of([&] { repo.resolve_commit("HEAD^{tree}"); }),
                   "revision 'HEAD^{tree}' is not a commit"));
    git_oid blob;
    REQUIRE(git_blob_create_from_buffer(&blob, repo.raw(), "x", 1) == 0);
    const std::string hex = bg::git::to_hex(blob);
    CHECK(contains(error_of([&] { repo.resolve_commit(hex); }), "is not a commit"));
  }
  SUBCASE("a full id of an absent object is accepted as is") {
    const std::string absent(40, 'e');
    CHECK(repo.resolve_commit(absent) == absent);
    CHECK(repo.resolve_commit("ABCDEF0123456789ABCDEF0123456789ABCDEF01") ==
          "abcdef0123456789abcdef0123456789abcdef01");
  }
  SUBCASE("ambiguous short id") {
    // Write blobs until two ids share their first 4 hex digits (birthday bound: ~300 blobs).
    std::map<std::string, std::string> by_prefix;
    std::string prefix;
    for (int i = 0; i < 100000 && prefix.empty(); ++i) {
      const std::string content = "blob " + std::to_string(i);
      git_oid id;
      REQUIRE(git_blob_create_from_buffer(&id, repo.raw(), content.data(), content.size()) == 0);
      const std::string hex = bg::git::to_hex(id);
      if (!by_prefix.emplace(hex.substr(0, 4), hex).second) prefix = hex.substr(0, 4);
    }
    REQUIRE_FALSE(prefix.empty());
    CHECK(contains(error_of([&] { repo.resolve_commit(prefix); }),
                   "ambiguous revision '" + prefix + "'"));
  }
}

TEST_CASE("repository: merge-base and first-parent history") {
  TempDir dir;
  Repository repo = init_repo(dir.path("work"));
  // main: c1 - c2 - m4 (merge of c2 and f3) - c5 ; feature: c1 - f3 ; topic: m4 - t6
  const std::string c1 = commit(repo, {{"a", "1"}}, "c1", {});
  const std::string c2 = commit(repo, {{"a", "2"}}, "c2", {c1});
  const std::string f3 = commit(repo, {{"f", "3"}}, "f3", {c1}, "refs/heads/feature");
  const std::string m4 = commit(repo, {{"a", "2"}, {"f", "3"}}, "merge feature", {c2, f3});
  const std::string c5 = commit(repo, {{"a", "5"}}, "c5", {m4});
  const std::string t6 = commit(repo, {{"t", "6"}}, "t6", {m4}, "refs/heads/topic");
  const std::string lone = commit(repo, {{"z", "1"}}, "orphan", {}, "refs/heads/orphan");

  CHECK(repo.merge_base(c5, t6) == m4);
  CHECK(repo.merge_base("main", "topic") == m4);
  CHECK(repo.merge_base(c2, f3) == c1);
  CHECK(repo.merge_base(c5, c5) == c5);
  CHECK_FALSE(repo.merge_base(c5, lone).has_value());
  CHECK_FALSE(repo.merge_base(c5, std::string(40, 'd')).has_value());

  Repository::History all = repo.first_parent_history(c5, 100);
  CHECK(all.commits == std::vector<std::string>{c5, m4, c2, c1});  // f3 is not on the line
  CHECK(all.ends_at_root);
  CHECK_FALSE(all.ends_at_shallow_boundary);

  Repository::History two = repo.first_parent_history("main", 2);
  CHECK(two.commits == std::vector<std::string>{c5, m4});
  CHECK_FALSE(two.ends_at_root);
  CHECK_FALSE(two.ends_at_shallow_boundary);

  Repository::History absent = repo.first_parent_history(std::string(40, 'd'), 5);
  CHECK(absent.commits.empty());
  CHECK(absent.ends_at_shallow_boundary);

  auto info = repo.commit_info(m4);
  REQUIRE(info.has_value());
  CHECK(info->id == m4);
  CHECK(info->summary == "merge feature");
  CHECK(info->author == "Test Author <author@example.com>");
  CHECK(info->time_iso.size() == 20);
  CHECK(info->time_iso.back() == 'Z');
  CHECK_FALSE(repo.commit_info(std::string(40, 'd')).has_value());
}

TEST_CASE("repository: shallow clone") {
  TempDir dir;
  Repository upstream = init_repo(dir.path("upstream.git"), true);
  const std::string c1 = commit(upstream, {{"a", "1"}}, "c1", {});
  const std::string c2 = commit(upstream, {{"a", "2"}}, "c2", {c1});
  const std::string c3 = commit(upstream, {{"a", "3"}}, "c3", {c2});
  const std::string side = commit(upstream, {{"s", "1"}}, "side", {c2}, "refs/heads/side");
  const std::string clone_path = dir.path("clone");
  REQUIRE(bg::git::test::run_git({"clone", "--quiet", "--depth", "1", "--no-single-branch",
                                  "file://" + dir.path("upstream.git"), clone_path}) == 0);

  Repository clone = Repository::open(clone_path);
  CHECK(clone.is_shallow());
  CHECK(clone.resolve_commit("origin/main") == c3);
  CHECK(clone.resolve_commit("HEAD") == c3);
  CHECK(clone.resolve_commit(c1) == c1);  // absent but full id: accepted

  Repository::History history = clone.first_parent_history("origin/main", 10);
  CHECK(history.commits == std::vector<std::string>{c3});
  CHECK(history.ends_at_shallow_boundary);
  CHECK_FALSE(history.ends_at_root);

  CHECK_FALSE(clone.merge_base("origin/main", "origin/side").has_value());  // needs c2: absent
  CHECK(clone.resolve_commit("origin/side") == side);
  CHECK(contains(error_of([&] { clone.resolve_commit("side"); }),
                 "unknown revision 'side' (did you mean 'origin/side'?)"));
  CHECK_FALSE(clone.commit_info(c2).has_value());
  CHECK(clone.commit_info(c3).has_value());
}
