#include "bench_gate/model.hpp"

namespace bg {

std::string_view metric_name(Metric metric) {
  switch (metric) {
    case Metric::cpu_time:
      return "cpu_time";
    case Metric::instructions:
      return "instructions";
    case Metric::real_time:
      break;
  }
  return "real_time";
}

std::optional<Metric> metric_from_name(std::string_view name) {
  for (Metric m : {Metric::real_time, Metric::cpu_time, Metric::instructions}) {
    if (metric_name(m) == name) return m;
  }
  return std::nullopt;
}

const std::vector<double>& samples_of(const BenchmarkResult& b, Metric metric) {
  switch (metric) {
    case Metric::cpu_time:
      return b.cpu_time_ns;
    case Metric::instructions:
      return b.instructions;
    case Metric::real_time:
      break;
  }
  return b.real_time_ns;
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
