#include <doctest/doctest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "bench_gate/config.hpp"
#include "bench_gate/shard.hpp"

namespace {

std::string config_error(const std::string& text) {
  try {
    bg::parse_config(text, "bench-gate.json");
  } catch (const bg::Error& e) {
    CHECK(e.code() == bg::ExitCode::input_error);
    return e.what();
  }
  return "";
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "bg-core-config-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

void write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

}  // namespace

TEST_CASE("config: glob matching") {
  CHECK(bg::glob_match("BM_*", "BM_Foo/8"));
  CHECK(bg::glob_match("*", ""));
  CHECK(bg::glob_match("*/8", "BM_Foo/sub/8"));  // '*' crosses '/'
  CHECK_FALSE(bg::glob_match("BM_*", "XBM_Foo"));
  CHECK(bg::glob_match("BM_?oo", "BM_Foo"));
  CHECK_FALSE(bg::glob_match("BM_?oo", "BM_oo"));
  CHECK(bg::glob_match("BM_[FG]oo", "BM_Goo"));
  CHECK_FALSE(bg::glob_match("BM_[FG]oo", "BM_Hoo"));
  CHECK(bg::glob_match("BM_[a-c]x", "BM_bx"));
  CHECK(bg::glob_match("BM_[!a-c]x", "BM_dx"));
  CHECK_FALSE(bg::glob_match("BM_[!a-c]x", "BM_bx"));
  CHECK(bg::glob_match("BM_[^a-c]x", "BM_Zx"));
  CHECK(bg::glob_match("BM_[]]", "BM_]"));
  CHECK(bg::glob_match("BM_\\*", "BM_*"));
  CHECK_FALSE(bg::glob_match("BM_\\*", "BM_x"));
  CHECK(bg::glob_match("BM_Foo<std::pair<int,int>>/*", "BM_Foo<std::pair<int,int>>/8/real_time"));
  CHECK(bg::glob_match("*a*b*c*", "xxaxxbxxcxx"));
  CHECK_FALSE(bg::glob_match("*a*b*c*d", "xxaxxbxxcxx"));
  // No exponential backtracking on a pathological pattern.
  CHECK_FALSE(bg::glob_match("*a*a*a*a*a*a*a*a*a*a*b", std::string(2000, 'a')));

  CHECK_NOTHROW(bg::validate_glob("BM_[a-z]*"));
  CHECK_THROWS_AS(bg::validate_glob("BM_[a-z"), bg::Error);
  CHECK_THROWS_AS(bg::validate_glob("BM_\\"), bg::Error);
  CHECK_THROWS_AS(bg::validate_glob(""), bg::Error);
}

TEST_CASE("config: defaults and a full file") {
  bg::Config defaults = bg::parse_config("{}", "x.json");
  REQUIRE(defaults.tiers.size() == 3);
  CHECK(defaults.default_tier == "standard");
  CHECK(defaults.alpha == doctest::Approx(0.05));

  bg::Config c = bg::parse_config(R"({
    "suite_command": ["build/bench-suite", "--benchmark_filter=BM_"],
    "build_command": ["cmake", "--build", "build"],
    "repetitions": 15, "processes": 3, "notes_ref": "refs/notes/perf", "metric": "cpu_time",
    "tiers": {"critical": {"threshold_percent": 3}, "background": {"action": "fail"},
              "nightly": {"threshold_percent": 50, "action": "warn"}},
    "rules": [{"pattern": "BM_Crypto*", "tier": "critical"},
              {"pattern": "BM_*/1024", "tier": "nightly"}],
    "default_tier": "background", "max_baseline_distance": 20, "history_runs": 5,
    "noise_floor_percent": 1.5, "alpha": 0.01, "timeout_seconds": 600, "report_budget": 5000
  })",
                                  "x.json");
  CHECK(c.suite_command == std::vector<std::string>{"build/bench-suite", "--benchmark_filter=BM_"});
  CHECK(c.build_command.size() == 3);
  CHECK(c.repetitions == 15);
  CHECK(c.processes == 3);
  CHECK(c.notes_ref == "refs/notes/perf");
  CHECK(c.metric == bg::Metric::cpu_time);
  REQUIRE(c.tiers.size() == 4);
  CHECK(c.tiers[0].threshold == doctest::Approx(0.03));
  CHECK(c.tiers[0].action == bg::TierAction::fail);
  CHECK(c.tiers[2].threshold == doctest::Approx(0.20));  // merged over the default
  CHECK(c.tiers[2].action == bg::TierAction::fail);
  CHECK(c.noise_floor == doctest::Approx(0.015));
  CHECK(c.alpha == doctest::Approx(0.01));
  CHECK(c.report_budget == 5000);

  SUBCASE("tier_for: first matching rule, else the default tier") {
    CHECK(bg::tier_for(c, "BM_Crypto/1024").name == "critical");  // first rule wins
    CHECK(bg::tier_for(c, "BM_Hash/1024").name == "nightly");
    CHECK(bg::tier_for(c, "BM_Hash/64").name == "background");
    CHECK(bg::tier_for(defaults, "anything").name == "standard");
  }
}

TEST_CASE("config: errors name the file and the field") {
  CHECK(
      config_error(
          R"({"rules": [{"pattern": "a", "tier": "critical"}, {"pattern": "b", "tier": "standard"},
                          {"pattern": "c", "tier": "criticl"}]})") ==
      "bench-gate.json: rules[2].tier: unknown tier 'criticl' (known: critical, standard, "
      "background)");
  CHECK(config_error(R"({"tiers": {"critical": {"threshold_percent": -5}}})") ==
        "bench-gate.json: tiers.critical.threshold_percent: -5 is out of range (0, 100]");
  CHECK(config_error(R"({"repetitons": 5})").find("bench-gate.json: repetitons: unknown key") == 0);
  CHECK(config_error(R"({"repetitions": 0})").find("repetitions: 0 is out of range [1, 1000]") !=
        std::string::npos);
  CHECK(config_error(R"({"repetitions": 2.5})").find("repetitions: 2.5 is not an integer") !=
        std::string::npos);
  CHECK(config_error(R"({"processes": 0})").find("processes: 0 is out of range [1, 100]") !=
        std::string::npos);
  CHECK(config_error(R"({"processes": "3"})").find("processes") != std::string::npos);
  CHECK(config_error(R"({"notes_ref": "refs/heads/x"})").find("notes_ref") != std::string::npos);
  CHECK(config_error(R"({"metric": "wall"})").find("metric: 'wall'") != std::string::npos);
  CHECK(config_error(R"({"alpha": 0.5})").find("alpha: 0.5 is out of range (0, 0.5)") !=
        std::string::npos);
  CHECK(config_error(R"({"report_budget": 100})").find("report_budget") != std::string::npos);
  CHECK(config_error(R"({"rules": [{"pattern": "BM_[x", "tier": "standard"}]})")
            .find("rules[0].pattern: glob 'BM_[x': unclosed '['") != std::string::npos);
  CHECK(config_error(R"({"tiers": {"critical": {"action": "explode"}}})")
            .find("tiers.critical.action") != std::string::npos);
  CHECK(config_error(R"({"tiers": {"new": {"action": "warn"}}})")
            .find("tiers.new.threshold_percent: required") != std::string::npos);
  CHECK(config_error(R"({"default_tier": "nope"})").find("default_tier: unknown tier 'nope'") !=
        std::string::npos);
  CHECK(
      config_error(R"({"suite_command": "make bench"})").find("suite_command: expected an array") !=
      std::string::npos);
  CHECK(config_error(R"({"suite_command": ["a", 1]})").find("suite_command[1]") !=
        std::string::npos);
  CHECK(config_error(R"({"repetitions": 5)")
            .find("bench-gate.json: truncated or invalid JSON at byte") == 0);
  CHECK(config_error("[]").find("document: expected an object") != std::string::npos);
}

TEST_CASE("config: commit_url, the link template of publish") {
  CHECK(bg::parse_config(R"({"commit_url": "https://github.com/o/r/commit/{sha}"})", "x.json")
            .commit_url == "https://github.com/o/r/commit/{sha}");
  CHECK(bg::parse_config("{}", "x.json").commit_url.empty());
  CHECK(config_error(R"({"commit_url": "javascript:alert(1)//{sha}"})") ==
        "bench-gate.json: commit_url: must start with https:// or http:// and contain {sha}");
  CHECK(config_error(R"({"commit_url": "https://example.com/commit/"})").find("contain {sha}") !=
        std::string::npos);
}

TEST_CASE("config: find_config and load_config") {
  TempDir dir;
  CHECK_FALSE(bg::find_config(dir.path.string()));
  write(dir.path / "baselines" / "bench-gate.json", R"({"repetitions": 7})");
  auto found = bg::find_config(dir.path.string());
  REQUIRE(found);
  CHECK(*found == (dir.path / "baselines" / "bench-gate.json").string());
  write(dir.path / "bench-gate.json", R"({"repetitions": 9})");
  found = bg::find_config(dir.path.string());
  REQUIRE(found);
  bg::Config c = bg::load_config(*found);
  CHECK(c.repetitions == 9);
  CHECK(c.source_path == *found);

  try {
    bg::load_config((dir.path / "missing.json").string());
    FAIL("expected an error");
  } catch (const bg::Error& e) {
    CHECK(e.code() == bg::ExitCode::input_error);
    CHECK(std::string(e.what()).find("missing.json") != std::string::npos);
  }
}

TEST_CASE("shard: stable assignment") {
  CHECK(bg::fnv1a64("") == 0xcbf29ce484222325ULL);
  CHECK(bg::fnv1a64("a") == 0xaf63dc4c8601ec8cULL);  // published FNV-1a 64 test vector
  CHECK(bg::shard_of("BM_Foo", 1) == 1);
  CHECK(bg::shard_of("BM_Foo", 0) == 1);
  int counts[4] = {0, 0, 0, 0};
  for (int i = 0; i < 400; ++i) {
    int s = bg::shard_of("BM_Gen/" + std::to_string(i), 4);
    REQUIRE(s >= 1);
    REQUIRE(s <= 4);
    ++counts[s - 1];
  }
  for (int c : counts) CHECK(c > 50);  // roughly balanced
  CHECK(bg::shard_of("BM_Foo", 3) == static_cast<int>(bg::fnv1a64("BM_Foo") % 3) + 1);
  CHECK(bg::parse_shard("2/3") == std::pair{2, 3});
  CHECK_FALSE(bg::parse_shard("4/3"));
  CHECK_FALSE(bg::parse_shard("0/3"));
  CHECK_FALSE(bg::parse_shard("2/"));
  CHECK_FALSE(bg::parse_shard("x/3"));
}
