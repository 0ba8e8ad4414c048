#include "bench_gate/app/process_facts.hpp"

#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "bench_gate/util/text.hpp"

extern char** environ;

namespace bg {
namespace {

// The first line of a small kernel file, "unknown" when it cannot be read.
std::string first_line(const char* path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line) || line.empty()) return "unknown";
  return util::one_line_text(line.substr(0, 64));
}

}  // namespace

void collect_process_facts(Environment& e) {
  long long bytes = 0;
  for (char** entry = environ; entry && *entry; ++entry) {
    bytes += static_cast<long long>(std::strlen(*entry)) + 1;
  }
  e.environment_bytes = bytes;
  std::error_code error;
  const auto cwd = std::filesystem::current_path(error);
  e.working_directory_length = error ? -1 : static_cast<long long>(cwd.native().size());
  e.aslr = first_line("/proc/sys/kernel/randomize_va_space");
  e.cpu_governor = first_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
}

}  // namespace bg
