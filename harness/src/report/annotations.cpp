// render_github_annotations: GitHub workflow commands for the gate's findings, capped per level.
#include <algorithm>
#include <cmath>
#include <vector>

#include "bench_gate/advice.hpp"
#include "bench_gate/report/escape.hpp"
#include "bench_gate/report/format.hpp"
#include "bench_gate/report/render.hpp"

namespace bg {
namespace {

// GitHub shows at most 10 annotations of each level per step and drops the rest silently.
constexpr std::size_t k_annotations_per_level = 10;

struct Annotation {
  int rank = 0;     // within a level: lower is worse (shown first)
  double size = 0;  // then: the larger |change|, the worse
  std::string title;
  std::string message;
};

void command(std::string& out, const char* kind, std::string_view title, std::string_view message) {
  out += "::";
  out += kind;
  out += " title=";
  out += escape_github_annotation(title, AnnotationField::property);
  out += "::";
  out += escape_github_annotation(message);
  out += '\n';
}

// Worst first; when there are more than the cap, the last slot says how many more the report has.
void emit_level(std::string& out, const char* kind, const char* plural,
                std::vector<Annotation> items) {
  std::stable_sort(items.begin(), items.end(), [](const Annotation& a, const Annotation& b) {
    return a.rank != b.rank ? a.rank < b.rank : a.size > b.size;
  });
  const bool capped = items.size() > k_annotations_per_level;
  const std::size_t shown = capped ? k_annotations_per_level - 1 : items.size();
  for (std::size_t i = 0; i < shown; ++i) command(out, kind, items[i].title, items[i].message);
  if (capped) {
    const std::size_t more = items.size() - shown;
    command(out, kind, "bench-gate: " + std::to_string(more) + " more",
            std::to_string(more) + " more " + plural + " (of " + std::to_string(items.size()) +
                ", worst shown first) are not annotated: see the report");
  }
}

// A center of the row: a counter with its prefix, else a time or count.
std::string value_text(const BenchmarkComparison& b, double value) {
  return b.counter.empty() ? format_quantity(value, b.unit) : format_counter(value, b.unit);
}

std::string change_text(const BenchmarkComparison& b) {
  if (b.budget && b.budget_verdict == BudgetVerdict::broken) {  // judged on head alone
    return b.name + ": " + b.message + " (head " + value_text(b, b.head_center) + ", 95 % CI " +
           value_text(b, b.budget_low) + " to " + value_text(b, b.budget_high) + ")";
  }
  return b.name + ": " + format_change(b.change) + " " + format_interval(b.ci_low, b.ci_high) +
         " (" + value_text(b, b.base_center) + " → " + value_text(b, b.head_center) + "); tier " +
         b.tier + " allows " + format_threshold(b.threshold);
}

std::string inconclusive_text(const BenchmarkComparison& b) {
  std::string message = b.name + ": inconclusive, " + format_change(b.change) + " " +
                        format_interval(b.ci_low, b.ci_high) + "; too noisy to resolve the " +
                        format_threshold(b.threshold) + " threshold of tier " + b.tier +
                        " (detectable ±" + format_threshold(b.mde) + ")";
  if (b.advice.action != AdviceAction::none) message += "; " + advice_text(b.advice);
  if (b.budget_verdict == BudgetVerdict::inconclusive) message += "; " + b.message;
  return message;
}

}  // namespace

std::string render_github_annotations(const Comparison& c) {
  std::string out;
  if (c.environments_differ) {
    std::string message = "base and head were measured in different environments";
    for (std::size_t i = 0; i < c.environment_differences.size(); ++i) {
      message += (i == 0 ? ": " : "; ") + c.environment_differences[i];
    }
    command(out, "notice", "bench-gate: environments differ", message);
  }
  // The tier's action decides the level, never its name: a failing tier's regression is an error,
  // a warn-only tier's a warning; a failing tier too noisy to decide is a warning too.
  std::vector<Annotation> errors, warnings;
  for (const auto& b : c.benchmarks) {
    const double size = std::isfinite(b.change) ? std::abs(b.change) : 0;
    switch (b.verdict) {
      case Verdict::failed:
        errors.push_back({0, 0, "bench-gate: benchmark failed",
                          b.name + (b.message.empty() ? "" : ": " + b.message)});
        break;
      case Verdict::regression:
        if (b.action == TierAction::fail) {
          errors.push_back({1, size, "bench-gate: regression", change_text(b)});
        } else {
          warnings.push_back({0, size, "bench-gate: regression (warn-only tier)", change_text(b)});
        }
        break;
      case Verdict::inconclusive:
        if (b.action == TierAction::fail) {
          warnings.push_back(
              {1, size, "bench-gate: inconclusive in a failing tier", inconclusive_text(b)});
        }
        break;
      default:
        break;
    }
  }
  emit_level(out, "error", "errors (failed benchmarks, regressions)", std::move(errors));
  emit_level(out, "warning", "warnings (warn-only regressions, inconclusive benchmarks)",
             std::move(warnings));
  return out;
}

}  // namespace bg
