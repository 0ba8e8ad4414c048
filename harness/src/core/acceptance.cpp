#include "bench_gate/acceptance.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

#include <nlohmann/json.hpp>

#include "bench_gate/config.hpp"
#include "bench_gate/util/error.hpp"
#include "bench_gate/util/ids.hpp"
#include "bench_gate/util/json_fields.hpp"
#include "bench_gate/util/text.hpp"
#include "bench_gate/verdict.hpp"

namespace bg {
namespace {

constexpr double kMaxBound = 10.0;  // +1000 %: beyond that "accept" means "stop gating"

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Split off the first whitespace-separated word of `s`.
std::string_view next_word(std::string_view& s) {
  s = trim(s);
  std::size_t end = 0;
  while (end < s.size() && !std::isspace(static_cast<unsigned char>(s[end]))) ++end;
  std::string_view word = s.substr(0, end);
  s.remove_prefix(end);
  return word;
}

// "+15%", "15 %", "15", "+12.5%": a percentage as a fraction; nullopt when malformed.
std::optional<double> percent_value(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.back() == '%') text = trim(text.substr(0, text.size() - 1));
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  if (!(value > 0) || value / 100 > kMaxBound) return std::nullopt;
  return value / 100;
}

}  // namespace

double parse_accept_bound(std::string_view text, const std::string& field) {
  if (auto v = percent_value(text)) return *v;
  throw Error(ExitCode::input_error,
              field + ": '" + util::one_line_text(text) +
                  "' is not a slowdown bound; give a percentage above 0 and at most 1000, e.g. 15%");
}

Acceptance parse_accept_trailer(std::string_view value, const std::string& commit) {
  const std::string where = "commit " + util::short_id(commit) + ": " + std::string(kAcceptTrailer);
  auto fail = [&](const std::string& what) -> Acceptance {
    throw Error(ExitCode::input_error, where + ": " + what + " (in '" +
                                           util::one_line_text(value) +
                                           "'; expected '<glob> up to +15% <reason>')");
  };
  std::string_view rest = value;
  Acceptance a;
  a.commit = commit;
  a.source = "trailer";
  a.glob = std::string(next_word(rest));
  if (a.glob.empty()) return fail("no benchmark glob");
  try {
    validate_glob(a.glob);
  } catch (const Error& e) {
    return fail(e.what());
  }
  if (next_word(rest) != "up" || next_word(rest) != "to") return fail("no 'up to' bound");
  std::string bound(next_word(rest));
  rest = trim(rest);
  if (!rest.empty() && rest.front() == '%') {  // "+15 %"
    bound += '%';
    rest.remove_prefix(1);
  }
  if (bound.empty() || bound.back() != '%') return fail("the bound '" + bound + "' has no '%'");
  const auto v = percent_value(bound);
  if (!v) return fail("the bound '" + bound + "' is not a percentage above 0 and at most 1000");
  a.bound = *v;
  a.reason = std::string(trim(rest));
  return a;
}

std::string acceptance_to_json(const Acceptance& a) {
  nlohmann::json j = {{"commit", a.commit}, {"glob", a.glob},  {"bound", a.bound},
                      {"reason", a.reason}, {"by", a.by}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Acceptance acceptance_from_json(std::string_view text, const std::string& origin) {
  const nlohmann::json j = util::parse_json(text, origin);
  const util::JsonFields f(j, origin);
  Acceptance a;
  a.commit = f.string("commit");
  a.glob = f.string("glob");
  a.bound = f.number("bound");
  a.reason = f.string("reason");
  a.by = f.string("by");
  a.source = "note";
  if (a.commit.empty()) f.fail("commit", "is missing");
  if (a.glob.empty()) f.fail("glob", "is missing");
  if (!(a.bound > 0) || a.bound > kMaxBound) f.fail("bound", "must be above 0 and at most 10");
  try {
    validate_glob(a.glob);
  } catch (const Error& e) {
    f.fail("glob", e.what());
  }
  return a;
}

const Acceptance* acceptance_for(const std::vector<Acceptance>& acceptances,
                                 std::string_view name) {
  for (const auto& a : acceptances) {
    if (glob_match(a.glob, name)) return &a;
  }
  return nullptr;
}

void apply_acceptances(Comparison& c, const std::vector<Acceptance>& acceptances) {
  if (acceptances.empty()) return;
  for (auto& row : c.benchmarks) {
    if (row.verdict != Verdict::regression) continue;
    const Acceptance* a = acceptance_for(acceptances, row.name);
    if (!a) continue;
    const std::string said = "up to " + util::signed_percent(a->bound) + " by " +
                             (a->by.empty() ? "?" : a->by) + " in commit " +
                             util::short_id(a->commit) +
                             (a->reason.empty() ? "" : ": " + a->reason);
    if (row.change <= a->bound) {
      row.verdict = Verdict::accepted;
      row.message = "accepted " + said;
    } else {
      row.message = "beyond the accepted bound (" + said + ")";
    }
  }
  c.exit_code = gate_exit_code(c.benchmarks);
  sort_rows(c.benchmarks);
}

void cut_history_at_acceptances(std::vector<std::vector<Run>>& history,
                                const std::vector<std::vector<Acceptance>>& accepted_at) {
  std::vector<Acceptance> seen;
  for (std::size_t i = 0; i < history.size(); ++i) {
    if (i < accepted_at.size()) seen.insert(seen.end(), accepted_at[i].begin(), accepted_at[i].end());
    if (seen.empty()) continue;
    for (Run& run : history[i]) {
      std::erase_if(run.benchmarks,
                    [&](const BenchmarkResult& b) { return acceptance_for(seen, b.name) != nullptr; });
    }
  }
}

}  // namespace bg
