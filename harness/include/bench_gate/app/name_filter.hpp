// A benchmark-name filter given by the user (--filter): RE2, so matching is linear in the name's
// length whatever the pattern (no name or pattern can hang or crash bench-gate). Like Google
// Benchmark's --benchmark_filter: a partial match, and a leading '-' negates the pattern.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace bg {

class NameFilter {
 public:
  // "" matches every name. Throws input_error "<option>: '<pattern>' is not a valid RE2 regex:
  // <why>" for a pattern RE2 refuses (backreferences, lookaround).
  NameFilter(const std::string& pattern, const std::string& option);
  ~NameFilter();
  NameFilter(const NameFilter&) = delete;
  NameFilter& operator=(const NameFilter&) = delete;

  bool matches(std::string_view name) const;
  bool empty() const { return !re_; }

 private:
  std::unique_ptr<re2::RE2> re_;
  bool negated_ = false;
};

}  // namespace bg
