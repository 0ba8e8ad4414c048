// Acknowledged regressions (issue 13 item 3): the Bench-Gate-Accept trailer value, its errors,
// the `accepted` verdict and the history cut at an accepted commit.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "bench_gate/acceptance.hpp"
#include "bench_gate/verdict.hpp"

namespace {

const std::string kCommit = "0123456789abcdef0123456789abcdef01234567";

std::string error_of(std::string_view value) {
  try {
    bg::parse_accept_trailer(value, kCommit);
  } catch (const bg::Error& e) {
    CHECK(e.code() == bg::ExitCode::input_error);
    return e.what();
  }
  return "";
}

bg::BenchmarkComparison regression(const std::string& name, double change) {
  bg::BenchmarkComparison row;
  row.name = name;
  row.verdict = bg::Verdict::regression;
  row.action = bg::TierAction::fail;
  row.change = change;
  row.threshold = 0.05;
  return row;
}

}  // namespace

TEST_CASE("acceptance: trailer value '<glob> up to +N% <reason>'") {
  SUBCASE("the documented form") {
    const bg::Acceptance a =
        bg::parse_accept_trailer("BM_Parse* up to +15% the new parser validates UTF-8", kCommit);
    CHECK(a.glob == "BM_Parse*");
    CHECK(a.bound == doctest::Approx(0.15));
    CHECK(a.reason == "the new parser validates UTF-8");
    CHECK(a.commit == kCommit);
    CHECK(a.source == "trailer");
  }
  SUBCASE("no sign, a space before '%', decimals, no reason") {
    CHECK(bg::parse_accept_trailer("x/* up to 12.5 %", kCommit).bound == doctest::Approx(0.125));
    CHECK(bg::parse_accept_trailer("x/* up to 8%", kCommit).reason.empty());
  }
  SUBCASE("hostile reason text is kept as data, whole") {
    const std::string hostile = "<script>alert(1)</script> | `code` [link](http://x) @team **b**";
    const bg::Acceptance a = bg::parse_accept_trailer("BM_* up to +15% " + hostile, kCommit);
    CHECK(a.reason == hostile);
    CHECK(a.glob == "BM_*");
  }
}

TEST_CASE("acceptance: a malformed trailer is one error naming the commit") {
  const struct {
    const char* value;
    const char* says;
  } cases[] = {
      {"", "no benchmark glob"},
      {"BM_* 15% reason", "no 'up to' bound"},
      {"BM_* up to fifteen% reason", "is not a percentage"},
      {"BM_* up to 15 reason", "has no '%'"},
      {"BM_* up to -15% reason", "is not a percentage"},
      {"BM_* up to 0% reason", "is not a percentage"},
      {"BM_* up to 5000% reason", "is not a percentage"},
      {"BM_[ up to 15% reason", "glob"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.value);
    const std::string error = error_of(c.value);
    CHECK(error.find("commit 0123456789ab: Bench-Gate-Accept: ") == 0);
    CHECK(error.find(c.says) != std::string::npos);
    CHECK(error.find('\n') == std::string::npos);
  }
  // A line break inside the value (a folded trailer) is shown on one line.
  CHECK(error_of("BM_*\nup to x%").find('\n') == std::string::npos);
}

TEST_CASE("acceptance: command-line bound and stored form") {
  CHECK(bg::parse_accept_bound("15%", "--up-to") == doctest::Approx(0.15));
  CHECK(bg::parse_accept_bound("+15 %", "--up-to") == doctest::Approx(0.15));
  CHECK(bg::parse_accept_bound("15", "--up-to") == doctest::Approx(0.15));
  CHECK_THROWS_WITH_AS(bg::parse_accept_bound("lots", "--up-to"),
                       doctest::Contains("--up-to: 'lots' is not a slowdown bound"), bg::Error);
  bg::Acceptance a{kCommit, "BM_*", 0.2, "why <b>", "A <a@x>", "note"};
  const bg::Acceptance b = bg::acceptance_from_json(bg::acceptance_to_json(a), "entry");
  CHECK(b.commit == a.commit);
  CHECK(b.glob == a.glob);
  CHECK(b.bound == doctest::Approx(a.bound));
  CHECK(b.reason == a.reason);
  CHECK(b.by == a.by);
  CHECK_THROWS_WITH_AS(bg::acceptance_from_json(R"({"commit":"x","glob":"BM_*","bound":-1})", "e"),
                       doctest::Contains("e: bound"), bg::Error);
}

TEST_CASE("acceptance: within the bound is 'accepted' and passes; beyond it still fails") {
  bg::Comparison c;
  c.benchmarks = {regression("BM_Parse/8", 0.12), regression("BM_Parse/64", 0.25),
                  regression("BM_Other", 0.10)};
  c.exit_code = bg::gate_exit_code(c.benchmarks);
  REQUIRE(c.exit_code == bg::ExitCode::regression);
  bg::Acceptance a{kCommit, "BM_Parse/*", 0.15, "intended", "Dev <dev@x>", "trailer"};

  SUBCASE("only matching regressions within the bound") {
    bg::apply_acceptances(c, {a});
    CHECK(c.exit_code == bg::ExitCode::regression);  // BM_Parse/64 (+25 %) and BM_Other
    int accepted = 0;
    for (const auto& row : c.benchmarks) {
      if (row.name == "BM_Parse/8") {
        CHECK(row.verdict == bg::Verdict::accepted);
        CHECK(row.message.find("intended") != std::string::npos);
        CHECK(row.message.find("Dev <dev@x>") != std::string::npos);
        CHECK(row.message.find("0123456789ab") != std::string::npos);
        ++accepted;
      } else {
        CHECK(row.verdict == bg::Verdict::regression);
      }
      if (row.name == "BM_Parse/64") CHECK(row.message.find("beyond the accepted bound") == 0);
    }
    CHECK(accepted == 1);
  }
  SUBCASE("every regression accepted: the gate passes") {
    c.benchmarks.erase(c.benchmarks.begin() + 1, c.benchmarks.end());
    bg::apply_acceptances(c, {a});
    CHECK(c.exit_code == bg::ExitCode::pass);
    CHECK(bg::verdict_name(c.benchmarks[0].verdict) == "accepted");
    CHECK(bg::verdict_from_name("accepted") == bg::Verdict::accepted);
  }
}

TEST_CASE("acceptance: history older than an accepting commit drops the covered benchmarks") {
  auto run_of = [](std::vector<std::string> names) {
    bg::Run r;
    for (auto& n : names) {
      bg::BenchmarkResult b;
      b.name = n;
      r.benchmarks.push_back(b);
    }
    return std::vector<bg::Run>{r};
  };
  std::vector<std::vector<bg::Run>> history = {run_of({"BM_A", "BM_B"}), run_of({"BM_A", "BM_B"}),
                                               run_of({"BM_A", "BM_B"})};
  bg::Acceptance a{kCommit, "BM_A", 0.15, "", "", "trailer"};
  // The acceptance sits between history[0] and history[1]: history[0] is at the new level.
  bg::cut_history_at_acceptances(history, {{}, {a}, {}});
  CHECK(history[0][0].benchmarks.size() == 2);
  REQUIRE(history[1][0].benchmarks.size() == 1);
  CHECK(history[1][0].benchmarks[0].name == "BM_B");
  REQUIRE(history[2][0].benchmarks.size() == 1);
  CHECK(history[2][0].benchmarks[0].name == "BM_B");
}
