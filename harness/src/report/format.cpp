#include "bench_gate/report/format.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace bg {
namespace {

constexpr const char* kDash = "—";

const char* space_text(UnitSpace space) { return space == UnitSpace::no_break ? "\u00a0" : " "; }

// Decimals that give 3 significant digits for |v| (v != 0), at most 6.
int decimals_for_3_digits(double v) {
  const int exponent = static_cast<int>(std::floor(std::log10(std::fabs(v))));
  const int d = 2 - exponent;
  return d < 0 ? 0 : (d > 6 ? 6 : d);
}

double round_to(double v, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(v * scale) / scale;
}

std::string fixed(double v, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  return buffer;
}

std::string three_digits(double v, std::string_view unit, UnitSpace space) {
  std::string text = "0";
  if (v != 0) {
    // Rounding may carry into one more digit (0.9997 → 1.000): take the decimals of the result.
    const int decimals = decimals_for_3_digits(v);
    const double rounded = round_to(v, decimals);
    text = fixed(v, rounded == 0 ? decimals : std::min(decimals, decimals_for_3_digits(rounded)));
  }
  if (!unit.empty()) {
    text += space_text(space);
    text += unit;
  }
  return text;
}

}  // namespace

std::string format_quantity(double value, std::string_view unit, UnitSpace space) {
  if (!std::isfinite(value)) return kDash;
  double ns = 0;
  if (unit == "ns") {
    ns = value;
  } else if (unit == "us" || unit == "µs") {
    ns = value * 1e3;
  } else if (unit == "ms") {
    ns = value * 1e6;
  } else if (unit == "s") {
    ns = value * 1e9;
  } else {
    return three_digits(value, unit, space);
  }
  if (ns == 0) return std::string("0") + space_text(space) + "ns";
  static constexpr std::array<std::pair<const char*, double>, 4> kUnits = {
      {{"ns", 1.0}, {"µs", 1e3}, {"ms", 1e6}, {"s", 1e9}}};
  std::size_t level = 0;
  while (level + 1 < kUnits.size() && std::fabs(ns) >= 1000 * kUnits[level].second) ++level;
  double scaled = ns / kUnits[level].second;
  // Rounding to 3 digits may reach 1000 (999.7 ns → "1000 ns"): move to the next unit then.
  if (level + 1 < kUnits.size() &&
      std::fabs(round_to(scaled, decimals_for_3_digits(scaled))) >= 1000) {
    ++level;
    scaled = ns / kUnits[level].second;
  }
  return three_digits(scaled, kUnits[level].first, space);
}

std::string format_counter(double value, std::string_view unit, UnitSpace space) {
  if (!std::isfinite(value)) return kDash;
  const bool bytes = unit == "B/s" || unit == "B";
  const double step = bytes ? 1024 : 1000;
  static constexpr std::array<const char*, 5> kBinary = {"", "Ki", "Mi", "Gi", "Ti"};
  static constexpr std::array<const char*, 5> kDecimal = {"", "k", "M", "G", "T"};
  std::size_t level = 0;
  double scaled = value;
  while (level + 1 < kBinary.size() && std::fabs(scaled) >= step) {
    scaled /= step;
    ++level;
  }
  std::string text = three_digits(scaled, "", space);
  const std::string_view prefix = bytes ? kBinary[level] : kDecimal[level];
  if (!prefix.empty() || !unit.empty()) text.append(space_text(space));
  text.append(prefix);
  if (!bytes && !prefix.empty() && !unit.empty()) text.append(space_text(space));
  text.append(unit);
  return text;
}

std::string format_change(double relative, UnitSpace space) {
  if (!std::isfinite(relative)) return kDash;
  const double percent = round_to(relative * 100.0, 1);
  if (percent == 0) return std::string("0.0") + space_text(space) + "%";
  std::string text(1, percent > 0 ? '+' : '-');
  text += fixed(std::fabs(percent), 1);
  text += space_text(space);
  text += '%';
  return text;
}

std::string format_interval(double low, double high, UnitSpace space) {
  std::string text = "[";
  text += format_change(low, space);
  text += ", ";
  text += format_change(high, space);
  text += ']';
  return text;
}

std::string format_threshold(double relative, UnitSpace space) {
  if (!std::isfinite(relative)) return kDash;
  std::string text = fixed(std::fabs(relative) * 100.0, 2);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text + space_text(space) + "%";
}

std::string format_p_value(double p) {
  if (!std::isfinite(p)) return kDash;
  if (p < 0.0001) return "< 0.0001";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2g", p);
  return buffer;
}

}  // namespace bg
