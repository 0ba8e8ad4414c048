// Internal to bg_report: the sections of the view model in order of importance, used to fold rows.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_gate/model.hpp"

namespace bg {

// Most important first; rows are left out from the last section backwards.
enum Section : std::size_t {
  kRegressions,
  kFailed,
  kAccepted,  // regressions within an acknowledged bound (acceptance.hpp)
  kInconclusive,
  kNew,
  kRemoved,
  kImprovements,
  kSkipped,  // issue 16: benchmarks the suite skipped (SkipWithMessage)
  kUnchanged,
  kSectionCount
};

// View-model keys of the sections, indexed by Section.
const std::array<const char*, kSectionCount>& section_keys();

std::size_t section_of(Verdict v);

// The text of one row of the view model (every string escaped or formatted).
struct RowText {
  enum Value : std::size_t {
    name,
    tier,
    threshold,
    action,
    verdict,
    verdict_text,
    base,
    head,
    change,
    interval,
    change_with_interval,
    p_value,
    p_adjusted,
    mde,
    samples,
    runs,
    repetitions_needed,
    advice,
    noise_source,
    message,
    label,         // Google Benchmark label, shown after the name
    confirmation,  // the re-measurement's change and interval, and how it was measured
    direction,
    throughput,
    budget,
    budget_measure,
    budget_verdict,
    kValues
  };
  enum Flag : std::size_t {
    warn_only,
    has_repetitions_needed,
    has_advice,
    has_message,
    has_label,
    has_confirmation,
    has_throughput,
    has_budget,
    kFlags
  };
  std::array<std::string, kValues> values;
  std::array<bool, kFlags> flags{};
  static const std::array<const char*, kValues>& value_keys();
  static const std::array<const char*, kFlags>& flag_keys();
};

RowText row_text(const BenchmarkComparison& b);
nlohmann::json row_json(const RowText& row);

// Which values of a section's rows say something (not "" and not "—"): a column whose flag stays
// false is dropped by the templates ({{#SECTION.columns.KEY}}). Add each shown row once.
struct FilledColumns {
  std::array<bool, RowText::kValues> filled{};
  void add(const RowText& row);
  void add(const FilledColumns& other);
  nlohmann::json json() const;  // {KEY: bool} for every value key
};

// The benchmarks of a comparison by section, in report order.
struct OrderedRows {
  std::array<std::vector<const BenchmarkComparison*>, kSectionCount> sections;
  std::size_t warn_regressions = 0;
};
OrderedRows order_rows(const Comparison& c);

struct ReportOptions;
// Return the view model without the section objects.
nlohmann::json view_skeleton(const Comparison& c, const ReportOptions& options,
                             const OrderedRows& ordered);

// Return a section object: {count, any, has_rows, rows, shown, left_out, has_left_out, columns}.
nlohmann::json section_json(nlohmann::json rows, std::size_t total, const FilledColumns& columns);

// Set view["folded"] = {any, rows, budget}.
void set_folded(nlohmann::json& view, std::size_t left_out, std::size_t budget);

// Throw Error(input_error, "<origin>: ...") when `template_text` is not valid Mustache or names a
// variable or section the view model (as described by `schema`) does not define.
void check_template(const std::string& template_text, const std::string& origin,
                    const nlohmann::json& schema);

// A comparison with one benchmark of every verdict and every list non-empty: its view model
// describes every key a template may use.
Comparison schema_comparison();

}  // namespace bg
