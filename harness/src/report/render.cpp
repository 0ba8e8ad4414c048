// render_markdown: view model → Mustache → Markdown, folded to the budget; template loading.
#include "bench_gate/report/render.hpp"

#include <fstream>
#include <sstream>

#include <kainjow/mustache.hpp>

#include "view_model_internal.hpp"

namespace bg {
namespace {

using nlohmann::json;

kainjow::mustache::data to_data(const json& value) {
  using kainjow::mustache::data;
  switch (value.type()) {
    case json::value_t::object: {
      data object{data::type::object};
      for (const auto& [key, item] : value.items()) object.set(key, to_data(item));
      return object;
    }
    case json::value_t::array: {
      data list{data::type::list};
      for (const auto& item : value) list.push_back(to_data(item));
      return list;
    }
    case json::value_t::string:
      return data{value.get_ref<const std::string&>()};
    case json::value_t::boolean:
      return data{value.get<bool>()};
    case json::value_t::null:
      return data{false};
    default:
      return data{value.dump()};
  }
}

// Renders the view model with the first keep[s] rows of every section.
class FoldingRenderer {
 public:
  FoldingRenderer(const json& view, const std::string& template_text, const std::string& origin,
                  std::size_t budget)
      : view_(view), template_(template_text), origin_(origin), budget_(budget) {
    template_.set_custom_escape([](const std::string& s) { return s; });  // pre-escaped
    for (std::size_t s = 0; s < kSectionCount; ++s) {
      const json& rows = view_.at(section_keys()[s]).at("rows");
      totals_[s] = rows.size();
      total_rows_ += rows.size();
    }
    skeleton_ = to_data(without_rows());
  }

  std::size_t total_rows() const { return total_rows_; }

  // Render keeping the `kept` most important rows (sections in order, rows in order).
  std::string render(std::size_t kept) {
    kainjow::mustache::data data = skeleton_;
    std::size_t remaining = kept;
    for (std::size_t s = 0; s < kSectionCount; ++s) {
      const std::size_t keep = std::min(remaining, totals_[s]);
      remaining -= keep;
      const json& rows = view_.at(section_keys()[s]).at("rows");
      kainjow::mustache::data list{kainjow::mustache::data::type::list};
      for (std::size_t i = 0; i < keep; ++i) list.push_back(to_data(rows[i]));
      json section = section_json(json::array(), totals_[s]);
      section["has_rows"] = keep > 0;
      section["shown"] = std::to_string(keep);
      section["left_out"] = std::to_string(totals_[s] - keep);
      section["has_left_out"] = keep < totals_[s];
      section.erase("rows");
      kainjow::mustache::data section_data = to_data(section);
      section_data.set("rows", list);
      data.set(section_keys()[s], section_data);
    }
    json folded;
    set_folded(folded, total_rows_ - kept, budget_);
    data.set("folded", to_data(folded["folded"]));
    std::string out = template_.render(data);
    if (!template_.is_valid()) {
      throw Error(ExitCode::input_error, origin_ + ": template error: " + template_.error_message());
    }
    return out;
  }

 private:
  json without_rows() const {
    json copy = json::object();
    for (const auto& [key, item] : view_.items()) {
      bool is_section = false;
      for (const char* s : section_keys()) is_section = is_section || key == s;
      if (!is_section) copy[key] = item;
    }
    return copy;
  }

  const json& view_;
  kainjow::mustache::mustache template_;
  const std::string& origin_;
  std::size_t budget_;
  std::array<std::size_t, kSectionCount> totals_{};
  std::size_t total_rows_ = 0;
  kainjow::mustache::data skeleton_;
};

}  // namespace

Comparison schema_comparison() {
  Comparison c;
  c.base_rev = "main";
  c.head_rev = "HEAD";
  c.base_commit = c.head_commit = c.merge_base = c.baseline_commit = std::string(40, '0');
  c.environment_differences = {"difference"};
  c.missing_shards = {"head: shard 2/2"};
  Environment e;
  e.host = "host";
  c.base_environments = {e};
  c.head_environments = {e};
  for (Verdict v : {Verdict::regression, Verdict::improvement, Verdict::unchanged,
                    Verdict::inconclusive, Verdict::new_benchmark, Verdict::removed,
                    Verdict::failed}) {
    BenchmarkComparison b;
    b.name = "BM_schema";
    b.verdict = v;
    c.benchmarks.push_back(b);
  }
  return c;
}

std::string render_markdown(const Comparison& comparison, const std::string& template_text,
                            const std::string& template_origin, const ReportOptions& options) {
  check_template(template_text, template_origin,
                 build_view_model(schema_comparison(), options));
  const json view = build_view_model(comparison, options);
  FoldingRenderer renderer(view, template_text, template_origin, options.budget);
  const std::size_t total = renderer.total_rows();
  // Find the largest number of kept rows whose render fits: grow from a small prefix (cheap
  // renders) until one does not fit or all rows fit, then bisect between the last two probes.
  std::size_t lo = 0;
  std::string best = renderer.render(0);
  if (best.size() > options.budget || total == 0) {
    return best;  // no rows, or even the skeleton is over budget: nothing else to fold
  }
  std::size_t hi = total + 1;  // first count known not to fit
  for (std::size_t probe = std::min<std::size_t>(total, 64);; probe = std::min(total, probe * 2)) {
    std::string out = renderer.render(probe);
    if (out.size() <= options.budget) {
      lo = probe;
      best = std::move(out);
      if (probe == total) return best;
    } else {
      hi = probe;
      break;
    }
  }
  while (hi - lo > 1) {
    const std::size_t mid = lo + (hi - lo) / 2;
    std::string out = renderer.render(mid);
    if (out.size() <= options.budget) {
      lo = mid;
      best = std::move(out);
    } else {
      hi = mid;
    }
  }
  return best;
}

std::string default_template_path(std::string_view name) {
  if (builtin_template(name).empty()) {
    throw Error(ExitCode::input_error, "no built-in template named '" + std::string(name) +
                                           "' (built-in: pr-comment, nightly)");
  }
  return std::string(BENCH_GATE_TEMPLATE_DIR) + "/" + std::string(name) + ".md.mustache";
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
