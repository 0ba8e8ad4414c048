// The Markdown report: a view model (JSON, every string escaped, every number formatted) rendered
// through a Mustache template, folded to a character budget; and GitHub workflow annotations.
// The view model's keys are documented in templates/README.md.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "bench_gate/model.hpp"

namespace bg {

struct ReportOptions {
  std::size_t budget = 60000;  // maximum characters (bytes) of the rendered report
  std::string title;           // optional heading; "" = none
};

// Return the view model of `comparison` with every row (no folding): all strings pre-escaped for
// Markdown, numbers pre-formatted, counts, one object per section, environments, commits, rule.
nlohmann::json build_view_model(const Comparison& comparison, const ReportOptions& options);

// Render `template_text` with the view model, leaving out the least important rows (unchanged,
// then improvements, then new/removed, then inconclusive, then failed and regressions) until the
// result fits options.budget; whole rows only. Every untrusted field is bounded (untrusted.hpp),
// lists of text to 10 entries and environments to 4 per side; when the report without any row
// still exceeds the budget it is cut after a whole line and ends with a note saying so, so the
// result never exceeds options.budget. Leading empty lines are dropped and runs of empty
// lines collapsed to one (Mustache leaves one per skipped section). Throws Error(input_error,
// "<template_origin>: ...") on a template syntax error or a tag naming something the view model
// does not define.
std::string render_markdown(const Comparison& comparison, const std::string& template_text,
                            const std::string& template_origin, const ReportOptions& options);

// Return the path of a built-in template in the source tree ("pr-comment" → ".../templates/
// pr-comment.md.mustache"); throws Error(input_error) for another name.
std::string default_template_path(std::string_view name);

// Return the text of a built-in template ("pr-comment", "nightly"; embedded in the library, so it
// works outside the source tree) or else of the file at that path. Throws Error(input_error)
// naming the path when it cannot be read.
std::string load_template(const std::string& path_or_name);

// Return the embedded text of a built-in template, or "" when `name` is not one.
std::string_view builtin_template(std::string_view name);

// Return GitHub workflow commands, one per line: ::error for fail-tier regressions and failed
// benchmarks, ::warning for warn-tier regressions and inconclusive critical benchmarks, ::notice
// for an environment mismatch. "" when there is nothing to say.
std::string render_github_annotations(const Comparison& comparison);

}  // namespace bg
