#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>

#include <set>
#include <string>
#include <vector>

#include "bench_gate/git/notes_store.hpp"
#include "bench_gate/git/sync.hpp"
#include "bench_gate/model.hpp"
#include "test_git_support.hpp"

using bg::git::NotesStore;
using bg::git::Repository;
using bg::git::SyncResult;
using bg::git::test::commit;
using bg::git::test::init_repo;
using bg::git::test::line_union;
using bg::git::test::lines;
using bg::git::test::TempDir;

namespace {

const char* const kRef = "refs/notes/bench-gate";

Repository clone(const std::string& url, const std::string& path) {
  bg::git::Libgit2 guard;
  git_repository* raw = nullptr;
  bg::git::test::ok(git_clone(&raw, url.c_str(), path.c_str(), nullptr), "clone");
  git_repository_free(raw);
  return Repository::open(path);
}

void set_note(const Repository& repo, const std::string& id, const std::string& text) {
  NotesStore(repo, kRef)
      .update(
          id, [&](const auto&) { return text; }, "set");
}

void add_line(const Repository& repo, const std::string& id, const std::string& line) {
  NotesStore(repo, kRef)
      .update(
          id, [&](const auto& current) { return current.value_or("") + line + "\n"; }, "add");
}

std::set<std::string> line_set(const Repository& repo, const std::string& id) {
  const std::optional<std::string> note = NotesStore(repo, kRef).read(id);
  if (!note) return {};
  const std::vector<std::string> all = lines(*note);
  return {all.begin(), all.end()};
}

std::string tip(const Repository& repo) {
  git_oid id;
  REQUIRE(git_reference_name_to_id(&id, repo.raw(), kRef) == 0);
  return bg::git::to_hex(id);
}

struct World {
  TempDir dir;
  Repository remote = init_repo(dir.path("remote.git"), true);
  std::string c1 = commit(remote, {{"a", "1"}}, "c1", {});
  std::string c2 = commit(remote, {{"a", "2"}}, "c2", {c1});
  std::string c3 = commit(remote, {{"a", "3"}}, "c3", {c2});
  Repository a = clone(dir.path("remote.git"), dir.path("a"));
  Repository b = clone(dir.path("remote.git"), dir.path("b"));
};

}  // namespace

TEST_CASE("sync: two clones converge on the union of their notes") {
  World w;
  set_note(w.a, w.c1, "run-a\n");
  set_note(w.a, w.c2, "a-only\n");
  set_note(w.b, w.c1, "run-b\n");
  set_note(w.b, w.c3, "b-only\n");

  const SyncResult first = bg::git::sync_notes(w.a, "origin", kRef, line_union);
  CHECK(first.pushed);
  CHECK(first.attempts == 1);
  CHECK(first.notes_merged == 0);
  CHECK(tip(w.remote) == tip(w.a));

  const SyncResult second = bg::git::sync_notes(w.b, "origin", kRef, line_union);
  CHECK(second.pushed);
  CHECK(second.attempts == 1);
  CHECK(second.notes_merged == 2);  // c1 merged, c2 added
  CHECK(tip(w.remote) == tip(w.b));

  const SyncResult third = bg::git::sync_notes(w.a, "origin", kRef, line_union);
  CHECK(third.pushed);
  CHECK(third.notes_merged == 2);  // fast-forward: c1 changed, c3 added
  CHECK(tip(w.a) == tip(w.remote));

  for (const Repository* repo : {&w.remote, &w.a, &w.b}) {
    CHECK(line_set(*repo, w.c1) == std::set<std::string>{"run-a", "run-b"});
    CHECK(line_set(*repo, w.c2) == std::set<std::string>{"a-only"});
    CHECK(line_set(*repo, w.c3) == std::set<std::string>{"b-only"});
    CHECK(NotesStore(*repo, kRef).read_all().size() == 3);
  }

  // The merge commit has both tips as parents, so the history is a plain git notes history.
  git_oid merge_id = bg::git::require_oid(tip(w.remote));
  git_commit* raw = nullptr;
  REQUIRE(git_commit_lookup(&raw, w.remote.raw(), &merge_id) == 0);
  bg::git::CommitPtr merge(raw);
  CHECK(git_commit_parentcount(merge.get()) == 2);
  CHECK(bg::git::test::run_git({"-C", w.dir.path("remote.git"), "fsck", "--strict"}) == 0);
  CHECK(bg::git::test::run_git(
            {"-C", w.dir.path("remote.git"), "notes", "--ref", kRef, "show", w.c1}) == 0);

  // Nothing new: syncing again changes nothing.
  const std::string before = tip(w.remote);
  const SyncResult again = bg::git::sync_notes(w.b, "origin", kRef, line_union);
  CHECK(again.pushed);
  CHECK(again.notes_merged == 0);
  CHECK(tip(w.remote) == before);
}

TEST_CASE("sync: a push rejected because someone pushed meanwhile is retried") {
  World w;
  add_line(w.a, w.c1, "a1");
  REQUIRE(bg::git::sync_notes(w.a, "origin", kRef, line_union).pushed);
  add_line(w.a, w.c1, "a2");
  add_line(w.b, w.c1, "b1");
  REQUIRE(bg::git::sync_notes(w.b, "origin", kRef, line_union).pushed);

  // While A merges, B records and pushes again: A's push then finds the remote moved.
  int merges = 0;
  const auto racing_merge = [&](const std::string& local, const std::string& remote) {
    if (++merges == 1) {
      add_line(w.b, w.c1, "b2");
      REQUIRE(bg::git::sync_notes(w.b, "origin", kRef, line_union).pushed);
    }
    return line_union(local, remote);
  };
  const SyncResult result = bg::git::sync_notes(w.a, "origin", kRef, racing_merge);
  CHECK(result.pushed);
  CHECK(result.attempts == 2);
  CHECK(merges == 2);
  REQUIRE(bg::git::sync_notes(w.b, "origin", kRef, line_union).pushed);

  const std::set<std::string> all{"a1", "a2", "b1", "b2"};
  CHECK(line_set(w.remote, w.c1) == all);
  CHECK(line_set(w.a, w.c1) == all);
  CHECK(line_set(w.b, w.c1) == all);

  SUBCASE("gives up after max_attempts, local notes kept") {
    add_line(w.a, w.c2, "a3");
    int calls = 0;
    const auto always_racing = [&](const std::string& local, const std::string& remote) {
      add_line(w.b, w.c3, std::string("b").append(std::to_string(++calls)));
      REQUIRE(bg::git::sync_notes(w.b, "origin", kRef, line_union).pushed);
      return line_union(local, remote);
    };
    add_line(w.b, w.c2, "b-c2");
    REQUIRE(bg::git::sync_notes(w.b, "origin", kRef, line_union).pushed);
    try {
      bg::git::sync_notes(w.a, "origin", kRef, always_racing, 2);
      FAIL("expected a rejected push");
    } catch (const bg::Error& e) {
      CHECK(std::string(e.what()).find("origin") != std::string::npos);
      CHECK(std::string(e.what()).find("rejected 2 times") != std::string::npos);
    }
    CHECK(line_set(w.a, w.c2) == std::set<std::string>{"a3", "b-c2"});
  }
}

TEST_CASE("sync: remotes without notes, URLs, errors") {
  World w;
  SUBCASE("nothing anywhere") {
    const SyncResult result = bg::git::sync_notes(w.a, "origin", kRef, line_union);
    CHECK_FALSE(result.pushed);
    CHECK(result.attempts == 1);
    CHECK(NotesStore(w.a, kRef).read_all().empty());
  }
  SUBCASE("a path or file:// URL instead of a remote name") {
    set_note(w.a, w.c1, "x\n");
    CHECK(bg::git::sync_notes(w.a, w.dir.path("remote.git"), kRef, line_union).pushed);
    CHECK(NotesStore(w.remote, kRef).read(w.c1) == "x\n");
    const SyncResult fetched =
        bg::git::fetch_notes(w.b, "file://" + w.dir.path("remote.git"), kRef, line_union);
    CHECK_FALSE(fetched.pushed);
    CHECK(fetched.notes_merged == 1);
    CHECK(NotesStore(w.b, kRef).read(w.c1) == "x\n");
  }
  SUBCASE("a non-bare repository on this machine as the remote") {
    set_note(w.a, w.c1, "to b\n");
    CHECK(bg::git::sync_notes(w.a, w.dir.path("b"), kRef, line_union).pushed);
    CHECK(NotesStore(w.b, kRef).read(w.c1) == "to b\n");
  }
  SUBCASE("unknown remote") {
    try {
      bg::git::sync_notes(w.a, "upstream", kRef, line_union);
      FAIL("expected an error");
    } catch (const bg::Error& e) {
      CHECK(e.code() == bg::ExitCode::input_error);
      CHECK(std::string(e.what()).find("unknown remote 'upstream'") != std::string::npos);
    }
  }
  SUBCASE("unreachable remote") {
    CHECK_THROWS_AS(bg::git::sync_notes(w.a, w.dir.path("missing.git"), kRef, line_union),
                    bg::Error);
  }
}

TEST_CASE("sync: fetch into a shallow clone") {
  World w;
  set_note(w.a, w.c1, "old\n");
  set_note(w.a, w.c3, "tip\n");
  REQUIRE(bg::git::sync_notes(w.a, "origin", kRef, line_union).pushed);

  const std::string path = w.dir.path("shallow");
  REQUIRE(bg::git::test::run_git({"clone", "--quiet", "--depth", "1",
                                  "file://" + w.dir.path("remote.git"), path}) == 0);
  Repository shallow = Repository::open(path);
  REQUIRE(shallow.is_shallow());
  const SyncResult result = bg::git::fetch_notes(shallow, "origin", kRef, line_union);
  CHECK(result.notes_merged == 2);
  CHECK(NotesStore(shallow, kRef).read(w.c3) == "tip\n");
  CHECK(NotesStore(shallow, kRef).read(w.c1) == "old\n");  // note on a commit outside the clone

  // Record in the shallow clone and push back.
  add_line(shallow, w.c3, "ci");
  CHECK(bg::git::sync_notes(shallow, "origin", kRef, line_union).pushed);
  CHECK(line_set(w.remote, w.c3) == std::set<std::string>{"tip", "ci"});
}

namespace {

// `git daemon` serving a directory over git:// (libgit2's smart protocol, as over https/ssh).
class Daemon {
 public:
  explicit Daemon(const std::string& base) {
    std::mt19937 random(std::random_device{}());
    for (int tries = 0; tries < 10 && url_.empty(); ++tries) {
      const int port = 20000 + static_cast<int>(random() % 30000);
      std::vector<std::string> args = {"git",
                                       "daemon",
                                       "--reuseaddr",
                                       "--listen=127.0.0.1",
                                       "--port=" + std::to_string(port),
                                       "--base-path=" + base,
                                       "--export-all",
                                       "--enable=receive-pack",
                                       base};
      std::vector<char*> argv;
      for (std::string& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      pid_ = fork();
      if (pid_ == 0) {
        const int null = ::open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execvp("git", argv.data());
        _exit(127);
      }
      for (int wait = 0; wait < 100; ++wait) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
          pid_ = -1;  // exited: port taken, try another
          break;
        }
        if (listening(port)) {
          url_ = "git://127.0.0.1:" + std::to_string(port) + "/";
          break;
        }
        usleep(50'000);
      }
    }
  }
  ~Daemon() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;
  const std::string& url() const { return url_; }  // "" when the daemon could not start

 private:
  static bool listening(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    close(fd);
    return ok;
  }
  pid_t pid_ = -1;
  std::string url_;
};

void set_origin(const Repository& repo, const std::string& url) {
  bg::git::test::ok(git_remote_set_url(repo.raw(), "origin", url.c_str()), "set url");
}

}  // namespace

TEST_CASE("sync: over the smart protocol (git daemon), full and shallow clones") {
  World w;
  Daemon daemon(w.dir.path());
  if (daemon.url().empty()) {
    MESSAGE("git daemon could not start; smart-protocol sync not tested");
    return;
  }
  const std::string url = daemon.url() + "remote.git";
  set_origin(w.a, url);
  set_origin(w.b, url);

  add_line(w.a, w.c1, "a1");
  add_line(w.b, w.c1, "b1");
  add_line(w.b, w.c2, "b-only");
  CHECK(bg::git::sync_notes(w.a, "origin", kRef, line_union).pushed);
  const SyncResult b = bg::git::sync_notes(w.b, "origin", kRef, line_union);
  CHECK(b.pushed);
  CHECK(b.notes_merged == 1);
  CHECK(line_set(w.remote, w.c1) == std::set<std::string>{"a1", "b1"});

  // Rejected push: B pushes while A merges.
  add_line(w.a, w.c1, "a2");
  int merges = 0;
  const auto racing_merge = [&](const std::string& local, const std::string& remote) {
    if (++merges == 1) {
      add_line(w.b, w.c1, "b2");
      REQUIRE(bg::git::sync_notes(w.b, "origin", kRef, line_union).pushed);
    }
    return line_union(local, remote);
  };
  const SyncResult a = bg::git::sync_notes(w.a, "origin", kRef, racing_merge);
  CHECK(a.pushed);
  CHECK(a.attempts == 2);
  CHECK(line_set(w.remote, w.c1) == std::set<std::string>{"a1", "a2", "b1", "b2"});
  CHECK(line_set(w.remote, w.c2) == std::set<std::string>{"b-only"});

  // A shallow CI checkout fetches, records and pushes.
  const std::string path = w.dir.path("shallow");
  REQUIRE(bg::git::test::run_git({"clone", "--quiet", "--depth", "1", url, path}) == 0);
  Repository shallow = Repository::open(path);
  REQUIRE(shallow.is_shallow());
  const SyncResult fetched = bg::git::fetch_notes(shallow, "origin", kRef, line_union);
  CHECK(fetched.notes_merged == 2);
  CHECK(line_set(shallow, w.c1) == std::set<std::string>{"a1", "a2", "b1", "b2"});
  add_line(shallow, w.c3, "ci");
  add_line(w.a, w.c3, "a3");
  REQUIRE(bg::git::sync_notes(w.a, "origin", kRef, line_union).pushed);
  const SyncResult pushed = bg::git::sync_notes(shallow, "origin", kRef, line_union);
  CHECK(pushed.pushed);
  CHECK(pushed.notes_merged == 1);
  CHECK(line_set(w.remote, w.c3) == std::set<std::string>{"ci", "a3"});
  CHECK(bg::git::test::run_git({"-C", w.dir.path("remote.git"), "fsck", "--strict"}) == 0);
}
