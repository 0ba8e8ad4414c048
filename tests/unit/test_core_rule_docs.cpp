// The decision rule has one source, the code's own description (decision_rule_steps,
// paired_rule_text): the README's copy must be exactly what the code says for the default
// configuration, so documentation and behaviour cannot drift apart.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "bench_gate/compare.hpp"
#include "bench_gate/paired.hpp"

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The text between <!-- NAME:begin --> and <!-- NAME:end --> in the README (top level, or the
// harness/ page the rule may live in); "" when no page has the markers.
std::string block(const std::string& name) {
  for (const char* page : {"/README.md", "/harness/README.md"}) {
    const std::string text = read(std::string(BENCH_GATE_SOURCE_DIR) + page);
    const std::string begin = "<!-- " + name + ":begin -->\n", end = "<!-- " + name + ":end -->";
    const auto b = text.find(begin);
    const auto e = text.find(end);
    if (b != std::string::npos && e != std::string::npos && e > b)
      return text.substr(b + begin.size(), e - b - begin.size());
  }
  return "";
}

}  // namespace

TEST_CASE("rule docs: the README states the stored rule exactly as the code does") {
  std::string expected;
  int n = 0;
  for (const auto& step : bg::decision_rule_steps(bg::Config{})) {
    expected += std::to_string(++n) + ". " + step + "\n";
  }
  INFO("put this between <!-- rule-stored:begin --> and <!-- rule-stored:end -->:\n" << expected);
  CHECK(block("rule-stored") == expected);
}

TEST_CASE("rule docs: the README states the paired rule exactly as the code does") {
  const std::string expected = bg::paired_rule_text(bg::Config{}) + "\n";
  INFO("put this between <!-- rule-paired:begin --> and <!-- rule-paired:end -->:\n" << expected);
  CHECK(block("rule-paired") == expected);
}

TEST_CASE("rule docs: the report's rule is the code's") {
  bg::CompareInput input;
  const bg::Comparison c = bg::compare_runs(input);
  std::string joined;
  for (const auto& step : bg::decision_rule_steps(input.config)) {
    joined += (joined.empty() ? "" : " ") + step;
  }
  CHECK(c.rule == joined);
}

TEST_CASE("rule docs: the README states the counter and budget steps exactly as the code does") {
  bg::Config config;
  bg::TierRule counter;
  counter.counter = "bytes_per_second";
  bg::TierRule budget;
  budget.budget = bg::Budget{};
  config.rules = {counter, budget};
  std::string expected;
  int n = 7;
  for (const auto& step : bg::gate_rule_steps(config)) {
    expected += std::to_string(++n) + ". " + step + "\n";
  }
  INFO("put this between <!-- rule-gates:begin --> and <!-- rule-gates:end -->:\n" << expected);
  CHECK(block("rule-gates") == expected);
  CHECK(bg::gate_rule_steps(bg::Config{}).empty());  // the default rule has no such steps
}
