// The properties every rendered output of untrusted text must have, shared by the libFuzzer
// target fuzz_report and the seeded property test tests/unit/test_report_untrusted.cpp:
// a Markdown report holds no raw '<' (outside the templates' own tags), no line starting with
// "::" (a GitHub workflow command), no text GitHub would autolink, and fits its budget; terminal
// output holds no ESC (nor any other control byte but '\n') and no line starting with "::".
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "bench_gate/model.hpp"

namespace bg::props {

inline std::string lower(std::string_view text) {
  std::string out(text);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// Return what is wrong with a line-based output (no line may start with "::" after blanks).
inline std::string workflow_command_problem(std::string_view text) {
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    const std::size_t first = line.find_first_not_of(" \t\r\v\f");
    if (first != std::string_view::npos && line.substr(first, 2) == "::") {
      return "a line starts with '::': " + std::string(line.substr(0, 80));
    }
    if (first != std::string_view::npos && line.substr(first, 3) == "##[") {
      return "a line starts with '##[': " + std::string(line.substr(0, 80));
    }
    start = end + 1;
  }
  return "";
}

// Return "" when `markdown` keeps the properties above, else what broke.
inline std::string markdown_problem(std::string_view markdown) {
  static const std::vector<std::string_view> kTemplateTags = {
      "<details>", "</details>", "<summary>", "</summary>", "<sub>", "</sub>"};
  for (std::size_t at = markdown.find('<'); at != std::string_view::npos;
       at = markdown.find('<', at + 1)) {
    const bool tag = std::any_of(kTemplateTags.begin(), kTemplateTags.end(),
                                 [&](std::string_view t) { return markdown.substr(at, t.size()) == t; });
    if (!tag) return "raw '<' at byte " + std::to_string(at) + ": " +
                     std::string(markdown.substr(at, 40));
  }
  if (std::string p = workflow_command_problem(markdown); !p.empty()) return p;
  // GFM extended autolinks (https://github.github.com/gfm/#autolinks-extension-): www., a
  // scheme followed by "//", and e-mail addresses (an '@' followed by a domain character).
  const std::string low = lower(markdown);
  for (std::string_view link : {"www.", "://", "mailto:", "xmpp:"}) {
    if (const auto at = low.find(link); at != std::string::npos) {
      if (link == "mailto:" || link == "xmpp:") {
        // Only a link with an address after it; the '@' rule below catches it.
        continue;
      }
      return "autolink '" + std::string(link) + "' at byte " + std::to_string(at) + ": " +
             std::string(markdown.substr(at > 20 ? at - 20 : 0, 60));
    }
  }
  for (std::size_t at = low.find('@'); at != std::string::npos; at = low.find('@', at + 1)) {
    const unsigned char next = at + 1 < low.size() ? low[at + 1] : ' ';
    if (std::isalnum(next) || next == '-' || next == '_' || next == '.') {
      return "e-mail autolink or mention at byte " + std::to_string(at);
    }
  }
  return "";
}

// Return "" when `text` (terminal output) keeps the properties above, else what broke.
inline std::string terminal_problem(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char ch = static_cast<unsigned char>(text[i]);
    if (ch == 0x1B) return "ESC at byte " + std::to_string(i);
    if ((ch < 0x20 && ch != '\n') || ch == 0x7F)
      return "control byte " + std::to_string(ch) + " at byte " + std::to_string(i);
    // C1 controls U+0080–U+009F are 0xC2 0x80–0x9F in UTF-8 (8-bit CSI is U+009B).
    if (ch == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(text[i + 1]) <= 0x9F)
      return "C1 control at byte " + std::to_string(i);
  }
  return workflow_command_problem(text);
}

// Return a comparison whose every text field comes from `field(i)` (i = 0, 1, …): benchmark
// names, tiers, units, messages, noise sources, hosts, compilers, build types, revisions,
// rule, correction, environment differences and missing shards; one benchmark of every
// verdict so every section of the report is rendered.
template <typename Field>
Comparison comparison_from_fields(Field&& field) {
  Comparison c;
  c.base_rev = field(0);
  c.head_rev = field(1);
  c.base_commit = field(2);
  c.head_commit = field(3);
  c.merge_base = field(4);
  c.baseline_commit = field(5);
  (void)field(6);  // the mode is an enum now, not text
  c.mode = CompareMode::stored;
  c.rule = field(7);
  c.correction = field(8);
  c.environments_differ = true;
  c.environment_differences = {field(9), field(10)};
  c.missing_shards = {field(11)};
  Environment e;
  e.host = field(12);
  e.compiler = field(13);
  e.build_type = field(14);
  e.fingerprint = field(15);
  e.context = {{"num_cpus", field(16)}, {"mhz_per_cpu", field(17)}, {"host_name", field(18)}};
  c.base_environments = {e};
  Environment h = e;
  h.host = "";  // the report then shows context.host_name
  c.head_environments = {h};
  int i = 19;
  for (Verdict v : {Verdict::regression, Verdict::improvement, Verdict::unchanged,
                    Verdict::inconclusive, Verdict::new_benchmark, Verdict::removed,
                    Verdict::failed}) {
    BenchmarkComparison b;
    b.name = field(i++);
    b.tier = field(i++);
    b.unit = field(i++);
    b.message = field(i++);
    b.noise_source = field(i++);
    b.verdict = v;
    b.action = v == Verdict::regression ? TierAction::fail : TierAction::warn;
    b.base_center = 1000, b.head_center = 1300, b.change = 0.3;
    b.ci_low = 0.2, b.ci_high = 0.4, b.p_value = b.p_adjusted = 0.001, b.mde = 0.05;
    b.base_samples = b.head_samples = 10, b.base_runs = b.head_runs = 1;
    b.repetitions_needed = v == Verdict::inconclusive ? 40 : 0;
    c.benchmarks.push_back(std::move(b));
  }
  c.exit_code = ExitCode::regression;
  return c;
}

}  // namespace bg::props
