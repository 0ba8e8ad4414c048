#include "bench_gate/model.hpp"

namespace bg {

std::string_view metric_name(Metric metric) {
  return metric == Metric::cpu_time ? "cpu_time" : "real_time";
}

std::optional<Metric> metric_from_name(std::string_view name) {
  if (name == "real_time") return Metric::real_time;
  if (name == "cpu_time") return Metric::cpu_time;
  return std::nullopt;
}

const std::vector<double>& samples_of(const BenchmarkResult& b, Metric metric) {
  return metric == Metric::cpu_time ? b.cpu_time_ns : b.real_time_ns;
}

std::string_view mode_name(CompareMode mode) {
  switch (mode) {
    case CompareMode::stored:
      return "stored";
    case CompareMode::stored_confirmed:
      return "stored+confirmed";
    case CompareMode::paired:
      return "paired";
  }
  return "stored";
}

std::optional<CompareMode> mode_from_name(std::string_view name) {
  for (CompareMode m : {CompareMode::stored, CompareMode::stored_confirmed, CompareMode::paired}) {
    if (mode_name(m) == name) return m;
  }
  return std::nullopt;
}

}  // namespace bg
