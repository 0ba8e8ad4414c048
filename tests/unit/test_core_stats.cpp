// Reference values computed with scipy 1.10.1 / numpy (see comments).
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "bench_gate/stats.hpp"

namespace st = bg::stats;

namespace {
const std::vector<double> kX = {1.1, 2.3, 3.5, 4.0, 5.2, 6.6};
const std::vector<double> kY = {0.5, 1.2, 2.3, 2.9, 3.1};  // 2.3 ties with kX
}  // namespace

TEST_CASE("stats: median, quantile, mad") {
  CHECK(st::median(kX) == doctest::Approx(3.75));
  CHECK(st::median(kY) == doctest::Approx(2.3));
  CHECK(st::quantile(kX, 0.25) == doctest::Approx(2.6));  // numpy.quantile
  CHECK(st::quantile(kY, 0.9) == doctest::Approx(3.02));
  CHECK(st::mad(kX) == doctest::Approx(1.45));  // scipy median_abs_deviation
  CHECK(std::isnan(st::median(std::vector<double>{})));
  CHECK(st::stddev(std::vector<double>{1.0}) == 0);
  CHECK(st::stddev(std::vector<double>{1, 2, 3, 4}) == doctest::Approx(1.2909944487));
}

TEST_CASE("stats: normal distribution") {
  CHECK(st::normal_quantile(0.975) == doctest::Approx(1.959963984540054).epsilon(1e-12));
  CHECK(st::normal_quantile(0.001) == doctest::Approx(-3.090232306167813).epsilon(1e-12));
  CHECK(st::normal_quantile(0.8) == doctest::Approx(0.8416212335729143).epsilon(1e-12));
  CHECK(st::normal_cdf(1.0) == doctest::Approx(0.8413447460685429).epsilon(1e-12));
  CHECK(st::normal_cdf(st::normal_quantile(1e-9)) == doctest::Approx(1e-9).epsilon(1e-6));
}

TEST_CASE("stats: Mann-Whitney U with ties matches scipy asymptotic") {
  // scipy.stats.mannwhitneyu(x, y, alternative=..., method='asymptotic', use_continuity=True)
  auto r = st::mann_whitney_u(kX, kY);
  CHECK(r.u == doctest::Approx(23.5));
  CHECK(r.p_greater == doctest::Approx(0.07160730600880734).epsilon(1e-9));
  CHECK(r.p_less == doctest::Approx(0.9502122330530663).epsilon(1e-9));
  CHECK(r.p_two_sided == doctest::Approx(0.14321461201761468).epsilon(1e-9));
  CHECK(r.z > 0);

  SUBCASE("all values tied: no evidence") {
    std::vector<double> same = {2, 2, 2};
    auto t = st::mann_whitney_u(same, same);
    CHECK(t.p_greater == 1);
    CHECK(t.p_less == 1);
  }
}

TEST_CASE("stats: Hodges-Lehmann shift and Moses interval") {
  // Pairwise differences x_i - y_j: median 1.75; k = floor(30/2 - 1.96 * sd_U) = 4 → the 4th
  // smallest and 4th largest differences.
  auto hl = st::hodges_lehmann(kX, kY, 0.95);
  CHECK(hl.shift == doctest::Approx(1.75));
  REQUIRE(hl.ci_valid);
  CHECK(hl.ci_low == doctest::Approx(-0.8));
  CHECK(hl.ci_high == doctest::Approx(4.3));

  SUBCASE("too few samples: full range, not valid") {
    std::vector<double> a = {1, 2}, b = {3};
    auto small = st::hodges_lehmann(a, b);
    CHECK_FALSE(small.ci_valid);
    CHECK(small.ci_low == doctest::Approx(-2));
    CHECK(small.ci_high == doctest::Approx(-1));
  }
  SUBCASE("pure shift is recovered") {
    std::vector<double> a, b;
    for (int i = 0; i < 20; ++i) {
      b.push_back(100 + (i * 7 % 11));
      a.push_back(110 + (i * 7 % 11));
    }
    auto s = st::hodges_lehmann(a, b);
    CHECK(s.shift == doctest::Approx(10));
    CHECK(s.ci_low <= 10);
    CHECK(s.ci_high >= 10);
  }
}

TEST_CASE("stats: Holm and Benjamini-Hochberg") {
  std::vector<double> p = {0.01, 0.04, 0.03, 0.005, 0.2};
  auto holm = st::holm_adjust(p);
  std::vector<double> holm_expected = {0.04, 0.09, 0.09, 0.025, 0.2};
  auto bh = st::bh_adjust(p);
  std::vector<double> bh_expected = {0.025, 0.05, 0.05, 0.025, 0.2};
  REQUIRE(holm.size() == p.size());
  REQUIRE(bh.size() == p.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    CHECK(holm[i] == doctest::Approx(holm_expected[i]));
    CHECK(bh[i] == doctest::Approx(bh_expected[i]));
  }
  CHECK(st::holm_adjust(std::vector<double>{0.6, 0.7})[1] == 1.0);  // capped
  CHECK(st::bh_adjust(std::vector<double>{}).empty());
}

TEST_CASE("stats: median_interval from order statistics") {
  const std::vector<double> five = {5, 1, 4, 2, 3};
  const auto range = bg::stats::median_interval(five);  // below 95 %: the range, not valid
  CHECK(range.ci_low == 1);
  CHECK(range.ci_high == 5);
  CHECK_FALSE(range.ci_valid);
  std::vector<double> twenty;
  for (int i = 1; i <= 20; ++i) twenty.push_back(i);
  // n = 20: P(B <= 5) = 0.0207 <= 0.025 < P(B <= 6): k = 6, [x(6), x(15)] (Hollander & Wolfe).
  CHECK(bg::stats::median_interval(twenty).ci_low == 6);
  CHECK(bg::stats::median_interval(twenty).ci_high == 15);
  CHECK(std::isnan(bg::stats::median_interval(std::vector<double>{}).ci_low));
}
