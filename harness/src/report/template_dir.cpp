// template_dir: where the report templates are, installed or in the source tree.
#include <filesystem>
#include <system_error>

#include "bench_gate/report/render.hpp"

#ifndef BENCH_GATE_DATA_FROM_BIN
#define BENCH_GATE_DATA_FROM_BIN "../share/bench-gate"
#endif

namespace bg {

std::string template_dir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed =
        (exe.parent_path() / BENCH_GATE_DATA_FROM_BIN / "templates").lexically_normal();
    if (fs::is_regular_file(installed / "pr-comment.md.mustache", ec)) return installed.string();
  }
  return BENCH_GATE_TEMPLATE_DIR;  // a build tree: the source tree's templates/
}

}  // namespace bg
