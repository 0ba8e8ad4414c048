#include "bench_gate/app/name_filter.hpp"

#include <re2/re2.h>

#include "bench_gate/util/error.hpp"
#include "bench_gate/util/text.hpp"

namespace bg {

NameFilter::NameFilter(const std::string& pattern, const std::string& option) {
  if (pattern.empty()) return;
  std::string_view body = pattern;
  if (body.front() == '-') {
    negated_ = true;
    body.remove_prefix(1);
  }
  RE2::Options options;
  options.set_log_errors(false);
  re_ = std::make_unique<RE2>(re2::StringPiece(body.data(), body.size()), options);
  if (!re_->ok()) {
    throw Error(ExitCode::input_error,
                util::one_line_text(option + ": '" + pattern +
                                    "' is not a valid RE2 regex: " + re_->error()));
  }
}

NameFilter::~NameFilter() = default;

bool NameFilter::matches(std::string_view name) const {
  if (!re_) return true;
  return RE2::PartialMatch(re2::StringPiece(name.data(), name.size()), *re_) != negated_;
}

}  // namespace bg
