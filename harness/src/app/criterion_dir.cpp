#include "bench_gate/app/criterion_dir.hpp"

#include <algorithm>
#include <set>
#include <system_error>
#include <vector>

#include "bench_gate/adapters.hpp"
#include "bench_gate/util/files.hpp"
#include "bench_gate/util/text.hpp"

namespace bg {

Run read_criterion_directory(const std::string& root, const std::string& baseline,
                             std::optional<std::filesystem::file_time_type> written_since) {
  namespace fs = std::filesystem;
  if (baseline.empty() || baseline.find('/') != std::string::npos || baseline == "." ||
      baseline == "..") {
    throw Error(ExitCode::input_error,
                util::one_line_text("--baseline: '" + baseline + "' is not a baseline name"));
  }
  std::error_code ec;
  std::vector<fs::path> dirs;
  std::set<std::string> other_baselines;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  if (ec) throw Error(ExitCode::input_error, util::one_line_text(root + ": " + ec.message()));
  for (; it != end; it.increment(ec)) {
    if (ec) throw Error(ExitCode::input_error, util::one_line_text(root + ": " + ec.message()));
    if (!it->is_directory(ec) || it->is_symlink(ec)) continue;
    const fs::path& p = it->path();
    if (p.filename() == "report") {
      it.disable_recursion_pending();  // Criterion's HTML reports
      continue;
    }
    if (!fs::is_regular_file(p / "benchmark.json", ec) || !fs::is_regular_file(p / "sample.json", ec))
      continue;
    if (p.filename() != baseline) {
      other_baselines.insert(p.filename().string());
      continue;
    }
    if (written_since && fs::last_write_time(p / "sample.json", ec) < *written_since) continue;
    dirs.push_back(p);
  }
  if (dirs.empty()) {
    std::string found;
    for (const auto& name : other_baselines) found += (found.empty() ? "" : ", ") + name;
    throw Error(ExitCode::input_error,
                util::one_line_text(root + ": no Criterion baseline '" + baseline + "'" +
                                    (written_since ? " written by this run" : "") +
                                    (found.empty() ? " (no saved baseline at all)"
                                                   : " (baselines found: " + found + ")")));
  }
  std::sort(dirs.begin(), dirs.end());
  std::vector<CriterionFiles> files;
  for (const auto& d : dirs) {
    files.push_back({d.string(), util::read_file((d / "benchmark.json").string()),
                     util::read_file((d / "sample.json").string())});
  }
  Run run = ingest_criterion_baseline(files);
  run.environment.context["criterion_baseline"] = baseline;
  return run;
}

}  // namespace bg
