// render_github_annotations: GitHub workflow commands for the gate's findings.
#include "bench_gate/report/escape.hpp"
#include "bench_gate/report/format.hpp"
#include "bench_gate/report/render.hpp"

namespace bg {
namespace {

void command(std::string& out, const char* kind, std::string_view title, std::string_view message) {
  out += "::";
  out += kind;
  out += " title=";
  out += escape_github_annotation(title, AnnotationField::property);
  out += "::";
  out += escape_github_annotation(message);
  out += '\n';
}

std::string change_text(const BenchmarkComparison& b) {
  return b.name + ": " + format_change(b.change) + " " + format_interval(b.ci_low, b.ci_high) +
         " (" + format_quantity(b.base_center, b.unit) + " → " +
         format_quantity(b.head_center, b.unit) + "); tier " + b.tier + " allows " +
         format_threshold(b.threshold);
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
  for (const auto& b : c.benchmarks) {
    switch (b.verdict) {
      case Verdict::regression:
        if (b.action == TierAction::fail) {
          command(out, "error", "bench-gate: regression", change_text(b));
        } else {
          command(out, "warning", "bench-gate: regression (warn-only tier)", change_text(b));
        }
        break;
      case Verdict::failed:
        command(out, "error", "bench-gate: benchmark failed",
                b.name + (b.message.empty() ? "" : ": " + b.message));
        break;
      case Verdict::inconclusive:
        if (b.tier == "critical") {
          std::string message = b.name + ": inconclusive, " + format_change(b.change) + " " +
                                format_interval(b.ci_low, b.ci_high) +
                                "; too noisy to resolve the " + format_threshold(b.threshold) +
                                " threshold of tier " + b.tier + " (detectable ±" +
                                format_threshold(b.mde) + ")";
          if (b.repetitions_needed > 0) {
            message += "; needs ≈" + std::to_string(b.repetitions_needed) + " repetitions";
          }
          command(out, "warning", "bench-gate: inconclusive critical benchmark", message);
        }
        break;
      default:
        break;
    }
  }
  return out;
}

}  // namespace bg
