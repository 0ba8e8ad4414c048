// render_markdown: view model → Mustache → Markdown, folded to the budget; template loading.
#include "bench_gate/report/render.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>
#include <sstream>

#include <kainjow/mustache.hpp>

#include "view_model_internal.hpp"

namespace bg {
namespace {

using nlohmann::json;

using Data = kainjow::mustache::data;

Data to_data(const json& value) {
  switch (value.type()) {
    case json::value_t::object: {
      Data object{Data::type::object};
      for (const auto& [key, item] : value.items()) object[key] = to_data(item);
      return object;
    }
    case json::value_t::array: {
      Data list{Data::type::list};
      for (const auto& item : value) list.push_back(to_data(item));
      return list;
    }
    case json::value_t::string:
      return Data{value.get_ref<const std::string&>()};
    case json::value_t::boolean:
      return Data{value.get<bool>()};
    case json::value_t::null:
      return Data{false};
    default:
      return Data{value.dump()};
  }
}

// Drop leading empty lines and collapse runs of empty lines to one: kainjow leaves an empty line
// for every standalone section tag it skips, and in Markdown one empty line says the same.
std::string squeeze_blank_lines(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  std::size_t newlines = 2;  // as if after an empty line: leading empty lines go
  for (char ch : text) {
    if (ch == '\n') {
      if (++newlines > 2) continue;
    } else {
      newlines = 0;
    }
    out += ch;
  }
  return out;
}

Data row_data(const RowText& row) {
  Data object{Data::type::object};
  for (std::size_t i = 0; i < RowText::kValues; ++i) {
    object[RowText::value_keys()[i]] = Data{row.values[i]};
  }
  for (std::size_t i = 0; i < RowText::kFlags; ++i) {
    object[RowText::flag_keys()[i]] = Data{row.flags[i]};
  }
  return object;
}

// Renders the report keeping the K most important rows (sections in order, rows in order).
// Rows are formatted on first use only, so a large comparison folded to a small budget costs
// about as much as the rows that end up in the report.
class FoldingRenderer {
 public:
  FoldingRenderer(const Comparison& comparison, const ReportOptions& options,
                  const std::string& template_text, const std::string& origin)
      : ordered_(order_rows(comparison)),
        template_(template_text),
        origin_(origin),
        budget_(options.budget) {
    template_.set_custom_escape([](const std::string& s) { return s; });  // pre-escaped
    for (std::size_t s = 0; s < kSectionCount; ++s) total_rows_ += ordered_.sections[s].size();
    skeleton_ = to_data(view_skeleton(comparison, options, ordered_));
    cache_.resize(total_rows_);
    filled_.resize(total_rows_);
  }

  std::size_t total_rows() const { return total_rows_; }

  std::string render(std::size_t kept) {
    Data data = skeleton_;
    // Row data is lent to the lists for this render and taken back afterwards: kainjow copies
    // deeply, and moving is what keeps rendering thousands of rows cheap. kainjow offers no
    // mutable access to a list, but list_value() is the list's own (non-const) vector.
    std::vector<std::pair<kainjow::mustache::list*, std::size_t>> lent;  // list, first cache index
    struct GiveBack {
      FoldingRenderer& self;
      std::vector<std::pair<kainjow::mustache::list*, std::size_t>>& lent;
      ~GiveBack() {
        for (auto& [items, first] : lent) {
          for (std::size_t i = 0; i < items->size(); ++i)
            *self.cache_[first + i] = std::move((*items)[i]);
        }
      }
    } give_back{*this, lent};
    std::size_t remaining = kept;
    std::size_t index = 0;  // position of the section's first row in importance order
    for (std::size_t s = 0; s < kSectionCount; ++s) {
      const auto& rows = ordered_.sections[s];
      const std::size_t keep = std::min(remaining, rows.size());
      remaining -= keep;
      Data list{Data::type::list};
      auto& items = const_cast<kainjow::mustache::list&>(list.list_value());
      items.reserve(keep);
      lent.emplace_back(&items, index);
      FilledColumns columns;  // of the rows shown
      for (std::size_t i = 0; i < keep; ++i) {
        auto& cached = cache_[index + i];
        if (!cached) {
          const RowText text = row_text(*rows[i]);
          filled_[index + i].add(text);
          cached = std::make_unique<Data>(row_data(text));
        }
        columns.add(filled_[index + i]);
        items.push_back(std::move(*cached));
      }
      Data section{Data::type::object};
      const std::size_t total = rows.size();
      section["count"] = Data{std::to_string(total)};
      section["any"] = Data{total > 0};
      section["has_rows"] = Data{keep > 0};
      section["rows"] = std::move(list);  // moves the owning pointer: `items` stays valid
      section["shown"] = Data{std::to_string(keep)};
      section["left_out"] = Data{std::to_string(total - keep)};
      section["has_left_out"] = Data{keep < total};
      section["columns"] = to_data(columns.json());
      data[section_keys()[s]] = std::move(section);
      index += total;
    }
    json folded;
    set_folded(folded, total_rows_ - kept, budget_);
    data["folded"] = to_data(folded["folded"]);
    std::string out = template_.render(data);
    if (!template_.is_valid()) {
      throw Error(ExitCode::input_error,
                  origin_ + ": template error: " + template_.error_message());
    }
    return squeeze_blank_lines(out);
  }

 private:
  OrderedRows ordered_;
  kainjow::mustache::mustache template_;
  const std::string& origin_;
  std::size_t budget_;
  std::size_t total_rows_ = 0;
  Data skeleton_;
  std::vector<std::unique_ptr<Data>> cache_;
  std::vector<FilledColumns> filled_;  // per row, set when the row is first formatted
};

// The last resort when the report without any row is still over budget (every field is bounded,
// but lists of environments and differences add up): keep whole lines up to the budget and say so.
std::string cut_to_budget(std::string text, std::size_t budget) {
  const std::string note = "\n_bench-gate: report cut to its " + std::to_string(budget) +
                           "-character budget; `bench-gate compare --json FILE` has everything._\n";
  const bool with_note = budget > note.size();
  const std::size_t room = with_note ? budget - note.size() : budget;
  std::size_t keep = room == 0 ? std::string::npos : text.rfind('\n', room - 1);
  keep = keep == std::string::npos ? 0 : keep + 1;
  text.resize(keep);
  return with_note ? text + note : text;
}

}  // namespace

Comparison schema_comparison() {
  Comparison c;
  c.base_rev = "main";
  c.head_rev = "HEAD";
  c.base_commit = c.head_commit = c.merge_base = c.baseline_commit = std::string(40, '0');
  c.environment_differences = {"difference"};
  c.missing_shards = {"head: shard 2/2"};
  c.information = {"complexity of BM_schema (not gated): base O(N); head O(N)"};
  c.line_commits = {{std::string(40, '1'), "subject"}};
  c.change_points = {{"BM_schema", 0.08, 0.06, 0.1, 1e-6, std::string(40, '0'),
                      std::string(40, '1'), 1}};
  Environment e;
  e.host = "host";
  c.base_environments = {e};
  c.head_environments = {e};
  for (Verdict v :
       {Verdict::regression, Verdict::improvement, Verdict::unchanged, Verdict::inconclusive,
        Verdict::new_benchmark, Verdict::removed, Verdict::failed, Verdict::skipped,
        Verdict::accepted}) {
    BenchmarkComparison b;
    b.name = "BM_schema";
    b.verdict = v;
    if (v == Verdict::regression || v == Verdict::unchanged) {  // an overall figure, per tier
      b.tier = v == Verdict::regression ? "critical" : "standard";
      b.base_center = 1;
      b.head_center = 1.1;
      b.base_samples = b.head_samples = 1;
      b.budget = Budget{Budget::Kind::max, 1, true, "1ns"};
      b.budget_verdict = BudgetVerdict::broken;
    }
    c.benchmarks.push_back(b);
  }
  return c;
}

std::string render_markdown(const Comparison& comparison, const std::string& template_text,
                            const std::string& template_origin, const ReportOptions& options) {
  check_template(template_text, template_origin, build_view_model(schema_comparison(), options));
  FoldingRenderer renderer(comparison, options, template_text, template_origin);
  const std::size_t total = renderer.total_rows();
  const std::size_t budget = options.budget;
  // Find the largest number of kept rows whose render fits. The size grows with the rows kept,
  // roughly linearly: probe where the line through the last two measurements meets the budget,
  // falling back to bisection when that makes slow progress. Only rows that end up near the
  // report's size are ever formatted and rendered.
  std::string best = renderer.render(0);
  const std::size_t size0 = best.size();
  if (size0 > budget) return cut_to_budget(std::move(best), budget);  // no row left to drop
  if (total == 0) return best;
  std::size_t lo = 0, lo_size = size0;            // lo rows fit
  std::size_t hi = total + 1, hi_size = 0;        // hi rows do not (total + 1: unknown)
  std::size_t probe = std::min<std::size_t>(total, 64);
  for (int step = 0; hi - lo > 1; ++step) {
    std::string out = renderer.render(probe);
    if (out.size() <= budget) {
      lo = probe, lo_size = out.size(), best = std::move(out);
      if (lo == total) break;
    } else {
      hi = probe, hi_size = out.size();
    }
    if (hi - lo <= 1) break;
    double estimate = 0;
    if (hi > total) {  // no upper bound yet: extrapolate from the average row so far
      const double per_row =
          (static_cast<double>(lo_size) - static_cast<double>(size0)) / static_cast<double>(lo);
      estimate = per_row > 0
                     ? static_cast<double>(lo) + static_cast<double>(budget - lo_size) / per_row
                     : static_cast<double>(2 * lo);
    } else {
      estimate = static_cast<double>(lo) + static_cast<double>(budget - lo_size) *
                                               static_cast<double>(hi - lo) /
                                               static_cast<double>(hi_size - lo_size);
    }
    const double low = static_cast<double>(lo + 1);
    const double high = static_cast<double>(std::min(hi - 1, total));
    if (step >= 4 || !std::isfinite(estimate)) estimate = low + (high - low) / 2;
    probe = static_cast<std::size_t>(std::clamp(estimate, low, high));
    probe = std::clamp(probe, lo + 1, std::min(hi - 1, total));
  }
  return best;
}

std::string default_template_path(std::string_view name) {
  if (builtin_template(name).empty()) {
    throw Error(ExitCode::input_error, "no built-in template named '" + std::string(name) +
                                           "' (built-in: pr-comment, nightly)");
  }
  return template_dir() + "/" + std::string(name) + ".md.mustache";
}

std::string load_template(const std::string& path_or_name) {
  if (const std::string_view builtin = builtin_template(path_or_name); !builtin.empty()) {
    return std::string(builtin);
  }
  std::ifstream in(path_or_name, std::ios::binary);
  if (!in) {
    throw Error(ExitCode::input_error,
                path_or_name + ": cannot read template (built-in names: pr-comment, nightly)");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw Error(ExitCode::input_error, path_or_name + ": error reading template");
  return text.str();
}

}  // namespace bg
