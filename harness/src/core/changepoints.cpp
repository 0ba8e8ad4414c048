// E-divisive means with a t test, split then merge (see changepoints.hpp for the sources).
#include "bench_gate/changepoints.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <unordered_map>

#include "bench_gate/stats.hpp"

namespace bg {
namespace {

// Sums and counts of the values inserted so far, indexed by rank (Fenwick tree).
class RankSums {
 public:
  void reset(std::size_t n) {
    count_.assign(n + 1, 0);
    sum_.assign(n + 1, 0.0);
    total_count_ = 0;
    total_sum_ = 0;
  }
  // Insert `value` of rank `rank` (0-based, unique); return the sum of |value - v| over the
  // values inserted before it.
  double insert(std::size_t rank, double value) {
    double below_sum = 0;
    std::size_t below_count = 0;
    for (std::size_t i = rank; i > 0; i -= i & (~i + 1)) {
      below_sum += sum_[i];
      below_count += count_[i];
    }
    const double distance = value * static_cast<double>(below_count) - below_sum +
                            (total_sum_ - below_sum) -
                            value * static_cast<double>(total_count_ - below_count);
    for (std::size_t i = rank + 1; i < count_.size(); i += i & (~i + 1)) {
      sum_[i] += value;
      ++count_[i];
    }
    ++total_count_;
    total_sum_ += value;
    return distance;
  }

 private:
  std::vector<std::size_t> count_;
  std::vector<double> sum_;
  std::size_t total_count_ = 0;
  double total_sum_ = 0;
};

struct Candidate {
  std::size_t index = 0;  // first value of the right side
  double q = -INFINITY;
};

class Detector {
 public:
  Detector(const HistorySeries& series, const ChangePointOptions& options)
      : x_(series.log_values), commit_(series.commit_of), options_(options) {}

  // The split of [begin, end) with the largest Q-hat (kappa = end), among splits between two
  // commits with min_runs on each side; nullopt when there is none.
  std::optional<Candidate> best_split(std::size_t begin, std::size_t end) {
    const std::size_t n = end - begin;
    const std::size_t min_runs = std::max<std::size_t>(options_.min_runs, 2);
    if (n < 2 * min_runs) return std::nullopt;
    order_.resize(n);
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    std::sort(order_.begin(), order_.end(),
              [&](std::size_t a, std::size_t b) { return x_[begin + a] < x_[begin + b]; });
    rank_.resize(n);
    for (std::size_t r = 0; r < n; ++r) rank_[order_[r]] = r;
    within_left_.assign(n + 1, 0.0);
    within_right_.assign(n + 1, 0.0);
    sums_.reset(n);
    for (std::size_t k = 0; k < n; ++k)
      within_left_[k + 1] = within_left_[k] + sums_.insert(rank_[k], x_[begin + k]);
    sums_.reset(n);
    for (std::size_t k = n; k-- > 0;)
      within_right_[k] = within_right_[k + 1] + sums_.insert(rank_[k], x_[begin + k]);
    const double total = within_left_[n];
    std::optional<Candidate> best;
    for (std::size_t k = min_runs; k + min_runs <= n; ++k) {
      if (commit_[begin + k - 1] == commit_[begin + k]) continue;
      const double a = static_cast<double>(k), b = static_cast<double>(n - k);
      const double cross = total - within_left_[k] - within_right_[k];
      const double energy = 2 * cross / (a * b) - within_left_[k] / (a * (a - 1) / 2) -
                            within_right_[k] / (b * (b - 1) / 2);
      const double q = a * b / (a + b) * energy;
      if (!best || q > best->q) best = Candidate{begin + k, q};
    }
    return best;
  }

  // Welch t test of [begin, split) against [split, end): the change point's figures. Welch, not
  // the pooled t of Otava: a short segment holding one slow process keeps its own large sd, so
  // it is not a change point (a pooled sd, dominated by the long quiet segment, made it one).
  ChangePoint test(std::size_t begin, std::size_t split, std::size_t end) const {
    const std::span<const double> left(x_.data() + begin, split - begin);
    const std::span<const double> right(x_.data() + split, end - split);
    const double nl = static_cast<double>(left.size()), nr = static_cast<double>(right.size());
    const double ml = stats::mean(left), mr = stats::mean(right);
    const double floor = options_.sd_floor;
    const double vl = std::pow(std::max(stats::stddev(left), floor), 2) / nl;
    const double vr = std::pow(std::max(stats::stddev(right), floor), 2) / nr;
    const double se = std::sqrt(vl + vr);
    const double df = (vl + vr) * (vl + vr) / (vl * vl / (nl - 1) + vr * vr / (nr - 1));
    const double d = mr - ml;
    const double half = stats::student_t_quantile(0.975, df) * se;
    ChangePoint cp;
    cp.before = commit_[split - 1];
    cp.after = commit_[split];
    cp.change = std::expm1(d);
    cp.ci_low = std::expm1(d - half);
    cp.ci_high = std::expm1(d + half);
    cp.p_value = std::min(1.0, 2 * (1 - stats::student_t_cdf(std::fabs(d / se), df)));
    cp.level_before = std::exp(ml);
    cp.level_after = std::exp(mr);
    cp.runs_before = left.size();
    cp.runs_after = right.size();
    return cp;
  }

  // Widen the change point at `split` to the splits the data cannot tell from it: every split
  // between two commits of [begin, end) whose two-segment sum of squares exceeds the best one's by
  // at most chi2(1, 0.95) = 3.84 residual variances (a likelihood-ratio confidence set for the
  // location, Hinkley 1970, Biometrika 57(1)). `before`/`after` become its ends.
  void locate(std::size_t begin, std::size_t split, std::size_t end, ChangePoint& cp) const {
    double total = 0, total2 = 0;
    for (std::size_t i = begin; i < end; ++i) total += x_[i], total2 += x_[i] * x_[i];
    const double n = static_cast<double>(end - begin);
    auto sse = [&](double left_sum, double k) {
      return total2 - left_sum * left_sum / k - (total - left_sum) * (total - left_sum) / (n - k);
    };
    double left_sum = 0;
    for (std::size_t i = begin; i < split; ++i) left_sum += x_[i];
    const double best = sse(left_sum, static_cast<double>(split - begin));
    const double variance = std::max(best / (n - 2), options_.sd_floor * options_.sd_floor);
    const double limit = best + 3.841458820694124 * variance;
    std::size_t first = split, last = split;
    left_sum = 0;
    for (std::size_t k = begin + 1; k < end; ++k) {
      left_sum += x_[k - 1];
      if (commit_[k - 1] == commit_[k]) continue;
      if (sse(left_sum, static_cast<double>(k - begin)) <= limit)
        first = std::min(first, k), last = std::max(last, k);
    }
    cp.before = commit_[first - 1];
    cp.after = commit_[last];
  }

 private:
  const std::vector<double>& x_;
  const std::vector<std::size_t>& commit_;
  const ChangePointOptions& options_;
  std::vector<std::size_t> order_, rank_;
  std::vector<double> within_left_, within_right_;
  RankSums sums_;
};

// Value indices where a reset starts a new segment, with 0 and n: the fixed boundaries.
std::vector<std::size_t> fixed_boundaries(const HistorySeries& s,
                                          const std::vector<std::size_t>& resets) {
  std::vector<std::size_t> out = {0};
  for (std::size_t i = 1; i < s.commit_of.size(); ++i) {
    if (s.commit_of[i] == s.commit_of[i - 1]) continue;
    for (std::size_t r : resets) {
      if (s.commit_of[i - 1] < r && s.commit_of[i] >= r) {
        out.push_back(i);
        break;
      }
    }
  }
  out.push_back(s.commit_of.size());
  return out;
}

}  // namespace

std::vector<ChangePoint> find_change_points(const HistorySeries& series,
                                            const ChangePointOptions& options) {
  const std::size_t n = std::min(series.log_values.size(), series.commit_of.size());
  if (n == 0 || series.log_values.size() != series.commit_of.size()) return {};
  const ChangePointOptions& o = options;
  Detector detector(series, o);
  const std::vector<std::size_t> fixed = fixed_boundaries(series, options.resets);
  // Split: binary segmentation, each interval's best split cached, first-pass level 10 x max_p.
  const double first_pass = std::min(0.5, o.max_p * 10);
  std::vector<std::size_t> bounds = fixed;  // sorted interval boundaries
  std::vector<std::optional<Candidate>> best(bounds.size() - 1);
  for (std::size_t i = 0; i + 1 < bounds.size(); ++i)
    best[i] = detector.best_split(bounds[i], bounds[i + 1]);
  while (true) {
    std::size_t pick = best.size();
    for (std::size_t i = 0; i < best.size(); ++i) {
      if (best[i] && (pick == best.size() || best[i]->q > best[pick]->q)) pick = i;
    }
    if (pick == best.size()) break;
    const std::size_t split = best[pick]->index;
    if (detector.test(bounds[pick], split, bounds[pick + 1]).p_value >= first_pass) break;
    bounds.insert(bounds.begin() + static_cast<std::ptrdiff_t>(pick) + 1, split);
    best[pick] = detector.best_split(bounds[pick], split);
    best.insert(best.begin() + static_cast<std::ptrdiff_t>(pick) + 1,
                detector.best_split(split, bounds[pick + 2]));
  }
  // Merge: drop the weakest change point (largest p, tested against its neighbours) until every
  // one is below max_p. Fixed boundaries are never dropped and carry no change point.
  auto is_fixed = [&](std::size_t b) { return std::binary_search(fixed.begin(), fixed.end(), b); };
  auto test_at = [&](std::size_t i) { return detector.test(bounds[i - 1], bounds[i], bounds[i + 1]); };
  while (true) {
    std::size_t weakest = 0;
    double weakest_p = -1;
    for (std::size_t i = 1; i + 1 < bounds.size(); ++i) {
      if (is_fixed(bounds[i])) continue;
      const double p = test_at(i).p_value;
      if (p > weakest_p) weakest_p = p, weakest = i;
    }
    if (weakest == 0 || weakest_p < o.max_p) break;
    bounds.erase(bounds.begin() + static_cast<std::ptrdiff_t>(weakest));
  }
  std::vector<ChangePoint> out;
  for (std::size_t i = 1; i + 1 < bounds.size(); ++i) {
    if (is_fixed(bounds[i])) continue;
    ChangePoint cp = test_at(i);
    cp.likeliest = series.commit_of[bounds[i]];
    detector.locate(bounds[i - 1], bounds[i], bounds[i + 1], cp);
    out.push_back(cp);
  }
  return out;
}

std::map<std::string, HistorySeries> history_series(const std::vector<std::vector<Run>>& history,
                                                    Metric metric) {
  std::unordered_map<std::string, HistorySeries> series;
  std::vector<double> usable;
  for (std::size_t position = 0; position < history.size(); ++position) {
    for (const auto& run : history[position]) {
      for (const auto& b : run.benchmarks) {
        if (b.error || b.skipped) continue;
        usable.clear();
        for (double v : samples_of(b, metric)) {
          if (v > 0 && std::isfinite(v)) usable.push_back(v);
        }
        if (usable.empty()) continue;
        HistorySeries& s = series[b.name];
        s.log_values.push_back(std::log(stats::median(usable)));
        s.commit_of.push_back(position);
      }
    }
  }
  return {std::make_move_iterator(series.begin()), std::make_move_iterator(series.end())};
}

ChangePointOptions change_point_options(const Config& config) {
  ChangePointOptions options;
  options.sd_floor = (config.metric == Metric::instructions ? config.instruction_noise_floor
                                                            : config.noise_floor) /
                     2;
  return options;
}

}  // namespace bg
