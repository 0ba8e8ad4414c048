// The compare flow (app/compare_flow.hpp) on real git repositories with a fake suite runner: which
// baseline it picks, when it runs HEAD, when it confirms, and what it decides -- without printing.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "bench_gate/app/compare_flow.hpp"
#include "bench_gate/app/workspace.hpp"
#include "bench_gate/note_codec.hpp"
#include "test_git_support.hpp"

namespace {

using bg::git::test::commit;
using bg::git::test::init_repo;
using bg::git::test::TempDir;

// A run of `reps` repetitions per benchmark around `ns` (a fixed ±0.5 % zig-zag, no randomness).
bg::Run make_run(const std::map<std::string, double>& ns, int reps = 12,
                 const std::map<std::string, std::string>& errors = {}) {
  bg::Run run;
  static int next_id = 0;
  run.run_id = std::to_string(++next_id);
  for (const auto& [name, center] : ns) {
    bg::BenchmarkResult b;
    b.name = name;
    for (int i = 0; i < reps; ++i) {
      const double v = center * (1 + 0.005 * ((i % 3) - 1));
      b.real_time_ns.push_back(v);
      b.cpu_time_ns.push_back(v);
    }
    b.iterations = 1000;
    if (auto e = errors.find(name); e != errors.end()) b.error = e->second;
    run.benchmarks.push_back(b);
  }
  return run;
}

// Returns the queued runs in order (the last one again when the queue is spent); records calls.
class FakeRunner : public bg::SuiteRunner {
 public:
  std::vector<bg::Run> queue;
  std::vector<bg::SuiteRequest> calls;
  bg::Run run(const bg::SuiteRequest& request) override {
    calls.push_back(request);
    const std::size_t i = std::min(calls.size(), queue.size()) - 1;
    return queue.at(i);
  }
  void build(const std::vector<std::string>&, const std::string&, int) override {}
};

// A repository with main: c1 -> c2 (c1 recorded), and a config whose suite is "./suite".
struct Fixture {
  TempDir dir;
  std::string c1, c2;
  bg::GlobalOptions global;

  Fixture() {
    auto repo = init_repo(dir.path());
    c1 = commit(repo, {{"bench-gate.json", R"({"suite_command": ["./suite"]})"}}, "c1", {});
    c2 = commit(repo, {{"bench-gate.json", R"({"suite_command": ["./suite"]})"}, {"a", "1"}},
                "c2", {c1});
    std::ofstream(dir.path("bench-gate.json")) << R"({"suite_command": ["./suite"]})";  // work tree
    global.repo_path = dir.path();
    global.quiet = true;
  }
  void record(const std::string& id, bg::Run run) {
    bg::Workspace ws(global);
    run.commit = id;
    ws.notes.update(
        id,
        [&](const std::optional<std::string>& current) {
          bg::NoteDocument doc;
          if (current) doc = bg::parse_note(*current, "test");
          doc.commit = id;
          doc.runs.push_back(run);
          return bg::serialize_note(doc);
        },
        "test");
  }
  bg::Comparison compare(bg::CompareRequest request, FakeRunner& runner) {
    const bg::Workspace ws(global);
    bg::NullProgress progress;
    return bg::compare(request, ws, runner, progress);
  }
};

const bg::BenchmarkComparison& row(const bg::Comparison& c, const std::string& name) {
  for (const auto& r : c.benchmarks) {
    if (r.name == name) return r;
  }
  FAIL("no row " << name);
  return c.benchmarks.front();
}

bg::CompareRequest request(const std::string& base = "main~1", const std::string& head = "HEAD") {
  bg::CompareRequest r;
  r.base = base;
  r.head = head;
  return r;
}

}  // namespace

TEST_CASE("flow: HEAD without runs is measured now, and a regression is confirmed before failing") {
  Fixture f;
  f.record(f.c1, make_run({{"BM_a", 1000}, {"BM_b", 500}}));
  FakeRunner runner;
  runner.queue = {make_run({{"BM_a", 1300}, {"BM_b", 500}}), make_run({{"BM_a", 1300}})};
  const bg::Comparison c = f.compare(request(), runner);
  REQUIRE(runner.calls.size() == 2);                     // HEAD's run, then the confirmation
  CHECK(runner.calls[1].filter == "^(BM_a)$");          // only the suspect is re-measured
  CHECK(row(c, "BM_a").verdict == bg::Verdict::regression);
  CHECK(row(c, "BM_a").noise_source.find("confirmed by re-measurement") != std::string::npos);
  CHECK(row(c, "BM_b").verdict == bg::Verdict::unchanged);
  CHECK(c.mode == bg::CompareMode::stored_confirmed);
  CHECK(c.exit_code == bg::ExitCode::regression);
  CHECK(c.baseline_commit == f.c1);
  CHECK(c.head_commit == f.c2);
}

TEST_CASE("flow: a regression the re-measurement does not show passes the gate") {
  Fixture f;
  f.record(f.c1, make_run({{"BM_a", 1000}}));
  FakeRunner runner;
  runner.queue = {make_run({{"BM_a", 1300}}), make_run({{"BM_a", 1000}}), make_run({{"BM_a", 1000}})};
  const bg::Comparison c = f.compare(request(), runner);
  CHECK(row(c, "BM_a").verdict != bg::Verdict::regression);
  CHECK(row(c, "BM_a").message.find("not confirmed by re-measurement") != std::string::npos);
  CHECK(c.exit_code == bg::ExitCode::pass);
}

TEST_CASE("flow: --no-confirm keeps the first verdict; stored HEAD runs are not re-measured") {
  Fixture f;
  f.record(f.c1, make_run({{"BM_a", 1000}}));
  FakeRunner runner;
  runner.queue = {make_run({{"BM_a", 1300}})};
  bg::CompareRequest r = request();
  r.confirm = bg::ConfirmMode::never;
  bg::Comparison c = f.compare(r, runner);
  CHECK(runner.calls.size() == 1);
  CHECK(c.mode == bg::CompareMode::stored);
  CHECK(c.exit_code == bg::ExitCode::regression);

  f.record(f.c2, make_run({{"BM_a", 1300}}));
  FakeRunner idle;
  c = f.compare(request(), idle);  // automatic: HEAD was stored, so no confirmation
  CHECK(idle.calls.empty());
  CHECK(c.exit_code == bg::ExitCode::regression);
}

TEST_CASE("flow: no baseline, no HEAD run allowed, bad revisions") {
  Fixture f;
  FakeRunner runner;
  try {
    f.compare(request(), runner);
    FAIL("expected no_baseline");
  } catch (const bg::Error& e) {
    CHECK(e.code() == bg::ExitCode::no_baseline);
    CHECK(std::string(e.what()).find("no stored run for main~1") != std::string::npos);
  }
  f.record(f.c1, make_run({{"BM_a", 1000}}));
  bg::CompareRequest r = request();
  r.no_run = true;
  try {
    f.compare(r, runner);
    FAIL("expected no_baseline");
  } catch (const bg::Error& e) {
    CHECK(e.code() == bg::ExitCode::no_baseline);
    CHECK(std::string(e.what()).find("--no-run") != std::string::npos);
  }
  CHECK(runner.calls.empty());
  try {
    f.compare(request("no-such-branch"), runner);
    FAIL("expected input_error");
  } catch (const bg::Error& e) {
    CHECK(e.code() == bg::ExitCode::input_error);
  }
}

TEST_CASE("flow: the baseline is the merge-base, walked back to the nearest stored run") {
  Fixture f;
  auto repo = bg::git::Repository::open(f.dir.path());
  // main moves on past the fork point; the pull request branches off c2.
  const std::string m3 = commit(repo, {{"b", "2"}}, "m3", {f.c2});
  const std::string pr = commit(repo, {{"c", "3"}}, "pr", {f.c2}, "refs/heads/pr");
  f.record(f.c1, make_run({{"BM_a", 1000}}));  // c2 (the merge-base) has none: walk back to c1
  f.record(m3, make_run({{"BM_a", 5000}}));    // must not be used: not an ancestor of pr
  f.record(pr, make_run({{"BM_a", 1000}}));
  FakeRunner runner;
  const bg::Comparison c = f.compare(request("main", "pr"), runner);
  CHECK(runner.calls.empty());
  CHECK(c.merge_base == f.c2);
  CHECK(c.baseline_commit == f.c1);
  CHECK(c.baseline_distance == 1);
  CHECK(row(c, "BM_a").verdict == bg::Verdict::unchanged);
  CHECK(c.exit_code == bg::ExitCode::pass);
}

TEST_CASE("flow: a benchmark that errored in HEAD fails the suite (exit 4), in base only it does not") {
  Fixture f;
  f.record(f.c1, make_run({{"BM_a", 1000}, {"BM_b", 1000}}, 12, {{"BM_b", "base broke"}}));
  FakeRunner runner;
  runner.queue = {make_run({{"BM_a", 1000}, {"BM_b", 1000}})};
  bg::Comparison c = f.compare(request(), runner);
  CHECK(row(c, "BM_b").verdict == bg::Verdict::failed);
  CHECK(row(c, "BM_b").failed_side == bg::FailedSide::base);
  CHECK(c.exit_code == bg::ExitCode::pass);

  f.record(f.c2, make_run({{"BM_a", 1000}, {"BM_b", 1000}}, 12, {{"BM_a", "head: broke"}}));
  c = f.compare(request(), runner);
  CHECK(row(c, "BM_a").failed_side == bg::FailedSide::head);
  CHECK(c.exit_code == bg::ExitCode::suite_failed);
}

TEST_CASE("flow: --filter compares only the selected benchmarks (the others are not 'removed')") {
  Fixture f;
  f.record(f.c1, make_run({{"BM_a", 1000}, {"BM_b", 500}, {"BM_c", 700}}));
  FakeRunner runner;
  runner.queue = {make_run({{"BM_a", 1000}})};  // the suite ran with --benchmark_filter=BM_a
  bg::CompareRequest r = request();
  r.run.filter = "BM_a";
  bg::Comparison c = f.compare(r, runner);
  REQUIRE(runner.calls.size() == 1);
  CHECK(runner.calls[0].filter == "BM_a");
  REQUIRE(c.benchmarks.size() == 1);
  CHECK(c.benchmarks[0].name == "BM_a");
  CHECK(c.benchmarks[0].verdict == bg::Verdict::unchanged);

  f.record(f.c2, make_run({{"BM_a", 1000}, {"BM_b", 500}, {"BM_c", 700}}));
  r.run.filter = "-BM_[ab]";  // Google Benchmark's negative filter
  c = f.compare(r, runner);
  REQUIRE(c.benchmarks.size() == 1);
  CHECK(c.benchmarks[0].name == "BM_c");

  r.run.filter = "(a)\\1";  // a backreference: RE2 refuses it, before anything runs
  FakeRunner idle;
  try {
    f.compare(r, idle);
    FAIL("expected input_error");
  } catch (const bg::Error& e) {
    CHECK(e.code() == bg::ExitCode::input_error);
    CHECK(std::string(e.what()).find("--filter") == 0);
  }
  CHECK(idle.calls.empty());
}

namespace {

// 10 benchmarks BM_0..BM_9 at 1000 + 100 i ns, each scaled by `level`; the even ones also by `even`.
bg::Run suite_run(double level, double even = 1.0) {
  std::map<std::string, double> ns;
  for (int i = 0; i < 10; ++i) {
    std::string name = "BM_";
    name += std::to_string(i);
    ns[name] = (1000 + 100 * i) * level * (i % 2 ? 1 : even);
  }
  return make_run(ns);
}

// main: c1 -> c2 -> h3 .. h7 (HEAD); c1..h6 recorded with levels a few tenths of a percent apart.
struct HistoryFixture : Fixture {
  std::string head;
  HistoryFixture() {
    auto repo = bg::git::Repository::open(dir.path());
    record(c1, suite_run(1.000));
    record(c2, suite_run(1.004));
    std::string parent = c2;
    const double levels[] = {0.997, 1.002, 0.999, 1.001};
    for (int i = 0; i < 5; ++i) {
      std::string subject = "h";
      subject += std::to_string(i + 3);
      parent = commit(repo, {{"bench-gate.json", R"({"suite_command": ["./suite"]})"},
                             {"n", std::to_string(i)}},
                      subject, {parent});
      if (i < 4) record(parent, suite_run(levels[i]));
    }
    head = parent;
  }
};

}  // namespace

TEST_CASE("flow: a HEAD run slowed +40 % on half its benchmarks by a disturbance is re-measured, "
          "marked, and not a regression") {
  HistoryFixture f;
  FakeRunner runner;
  runner.queue = {suite_run(1.0, 1.40), suite_run(1.001)};  // the episode, then a quiet process
  const bg::Comparison c = f.compare(request(), runner);
  REQUIRE(runner.calls.size() == 2);  // HEAD's run, then the re-measurement of a disturbed HEAD
  CHECK(c.exit_code == bg::ExitCode::pass);
  for (const auto& r : c.benchmarks) CHECK(r.verdict == bg::Verdict::unchanged);
  REQUIRE(c.disturbance.size() == 3);
  CHECK(c.disturbance[0].find("5 of 10 benchmarks slower together") != std::string::npos);
  CHECK(c.disturbance[1].find("undisturbed") != std::string::npos);
  CHECK(c.disturbance[2].find("how: a run is disturbed when") == 0);
}

TEST_CASE("flow: the same shift in the re-measurement is the code: a regression, said so") {
  HistoryFixture f;
  FakeRunner runner;
  runner.queue = {suite_run(1.0, 1.40), suite_run(1.0, 1.40)};  // the code is slower, every time
  const bg::Comparison c = f.compare(request(), runner);
  CHECK(c.exit_code == bg::ExitCode::regression);
  CHECK(row(c, "BM_0").verdict == bg::Verdict::regression);
  CHECK(row(c, "BM_1").verdict == bg::Verdict::unchanged);
  REQUIRE_FALSE(c.disturbance.empty());
  CHECK(c.disturbance[c.disturbance.size() - 2].find("it is the code, not the machine") !=
        std::string::npos);
}

TEST_CASE("flow: a disturbed history run leaves the noise estimate and stored HEAD runs are not re-run") {
  HistoryFixture f;
  f.record(f.c2, suite_run(1.0, 1.6));  // a second, disturbed run of c2
  f.record(f.head, suite_run(1.0));
  FakeRunner idle;
  const bg::Comparison c = f.compare(request(), idle);
  CHECK(idle.calls.empty());
  REQUIRE(c.disturbance.size() == 2);
  CHECK(c.disturbance[0].find("history run") == 0);
  CHECK(c.disturbance[0].find("left out of the noise estimate") != std::string::npos);
  CHECK(c.exit_code == bg::ExitCode::pass);
}

TEST_CASE("flow: a pull request's merge commit is named by the pull request's head") {
  Fixture f;
  auto repo = bg::git::Repository::open(f.dir.path());
  // GitHub's refs/pull/N/merge: first parent the base branch's tip, second the PR's head.
  const std::string m3 = commit(repo, {{"b", "2"}}, "m3", {f.c2});
  const std::string pr = commit(repo, {{"c", "3"}}, "Faster <parse>|path", {f.c2}, "refs/heads/pr");
  const std::string merge =
      commit(repo, {{"b", "2"}, {"c", "3"}}, "Merge pr into m3", {m3, pr}, "refs/pull/7/merge");
  const std::string other =
      commit(repo, {{"d", "4"}}, "Merge of two others", {pr, m3}, "refs/heads/other");
  for (const auto& id : {m3, merge, other}) f.record(id, make_run({{"BM_a", 1000}}));
  FakeRunner runner;
  SUBCASE("two parents, the first being the base: the second parent is the PR head") {
    const bg::Comparison c = f.compare(request(m3, "refs/pull/7/merge"), runner);
    CHECK(c.head_commit == merge);
    CHECK(c.head_subject == "Merge pr into m3");
    CHECK(c.pr_head == pr);
    CHECK(c.pr_head_subject == "Faster <parse>|path");  // raw: the report escapes it
  }
  SUBCASE("a merge whose first parent is not the base is named as itself") {
    const bg::Comparison c = f.compare(request(m3, "other"), runner);
    CHECK(c.head_commit == other);
    CHECK(c.pr_head.empty());
    CHECK(c.head_subject == "Merge of two others");
  }
  SUBCASE("--pr-head names the head explicitly (the merge's parents may be missing)") {
    bg::CompareRequest r = request(m3, "other");  // other's first parent is pr, not m3
    r.pr_head = pr;
    const bg::Comparison c = f.compare(r, runner);
    CHECK(c.pr_head == pr);
    CHECK(c.pr_head_subject == "Faster <parse>|path");
  }
  SUBCASE("a --pr-head that names no commit is an input error naming the option") {
    bg::CompareRequest r = request(m3, "refs/pull/7/merge");
    r.pr_head = "no-such-branch";
    try {
      f.compare(r, runner);
      FAIL("no error");
    } catch (const bg::Error& e) {
      CHECK(e.code() == bg::ExitCode::input_error);
      CHECK(std::string(e.what()).rfind("--pr-head: ", 0) == 0);
    }
  }
}

TEST_CASE("flow: a confirmed regression carries the re-measurement's figures") {
  Fixture f;
  f.record(f.c1, make_run({{"BM_a", 1000}}));
  FakeRunner runner;
  runner.queue = {make_run({{"BM_a", 1300}}), make_run({{"BM_a", 1300}})};
  const bg::Comparison c = f.compare(request(), runner);
  const bg::Confirmation& confirmed = row(c, "BM_a").confirmation;
  REQUIRE(confirmed.done);
  CHECK(confirmed.runs == 1);
  CHECK(confirmed.change > 0.25);
  CHECK(confirmed.ci_low <= confirmed.change);
  CHECK(confirmed.how == "one more HEAD run combined with the stored ones");
}

namespace {

// Paired: base runs from the temporary worktree, head from the work tree; each block gets the
// next noise value of a fixed zig-zag. BM_a is `slower` in head; BM_b is the same on both sides.
class PairedRunner : public bg::SuiteRunner {
 public:
  std::string top;
  double slower = 0.30;
  std::vector<bg::SuiteRequest> calls;
  bg::Run run(const bg::SuiteRequest& request) override {
    calls.push_back(request);
    const bool head = request.command.front().rfind(top, 0) == 0;
    const double wobble = 1 + 0.01 * static_cast<double>(static_cast<int>(calls.size() % 5) - 2);
    std::map<std::string, double> ns;
    if (request.filter.find("BM_a") != std::string::npos || request.filter.empty())
      ns["BM_a"] = 1000 * wobble * (head ? 1 + slower : 1);
    if (request.filter.find("BM_b") != std::string::npos || request.filter.empty())
      ns["BM_b"] = 500 * wobble;
    return make_run(ns, request.repetitions);
  }
  void build(const std::vector<std::string>&, const std::string&, int) override {}
};

}  // namespace

TEST_CASE("flow: paired, a row significant at an early look is measured on and decided at the "
          "last look; an unchanged one stops") {
  TempDir dir;
  auto repo = init_repo(dir.path());
  const std::string config =
      R"({"suite_command": ["./suite"], "build_command": ["true"], "default_tier": "critical"})";
  const std::string c1 = commit(repo, {{"bench-gate.json", config}, {"suite", "x"}}, "c1", {});
  const std::string c2 =
      commit(repo, {{"bench-gate.json", config}, {"suite", "x"}, {"a", "1"}}, "c2", {c1});
  std::ofstream(dir.path("bench-gate.json")) << config;
  std::ofstream(dir.path("suite")) << "x";
  bg::GlobalOptions global;
  global.repo_path = dir.path();
  global.quiet = true;
  const bg::Workspace ws(global);
  PairedRunner runner;
  runner.top = ws.repo.workdir();
  bg::CompareRequest r = request();
  r.paired = true;
  r.blocks = 4;
  bg::NullProgress progress;
  const bg::Comparison c = bg::compare(r, ws, runner, progress);
  // BM_a is a regression from the first look (4 blocks) on; it runs to the most blocks a
  // measurement runs, 4 x --blocks = 16, and is decided there. BM_b is unchanged at the first
  // look and stops. Before, both stopped after 4 blocks: a row was re-tested at every look and
  // stopped at the first significant one.
  CHECK(runner.calls.size() == 2 * 16);
  CHECK(runner.calls.back().filter == "^(BM_a)$");
  CHECK(row(c, "BM_a").verdict == bg::Verdict::regression);
  CHECK(row(c, "BM_a").base_runs == 16);
  CHECK(row(c, "BM_b").verdict == bg::Verdict::unchanged);
  CHECK(row(c, "BM_b").base_runs < 16);
}
