#pragma once
// A fixed-range 2-D histogram with counted overflow (outside either range) and non-finite samples,
// merged exactly by adding counts; and pilot ranges: a range covering a chosen central fraction of
// a pilot sample, widened by a margin, for when no range is known in advance.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace sgdsde::analysis {

class histogram2d {
 public:
  histogram2d(double x_lo, double x_hi, int x_bins, double y_lo, double y_hi, int y_bins)
      : xlo_(x_lo), xhi_(x_hi), ylo_(y_lo), yhi_(y_hi), nx_(x_bins), ny_(y_bins),
        counts_(std::size_t(std::max(0, x_bins)) * std::size_t(std::max(0, y_bins)), 0) {
    if (x_bins < 1 || y_bins < 1) throw std::invalid_argument("histogram2d: bins must be >= 1");
    if (!(std::isfinite(x_lo) && std::isfinite(x_hi) && x_lo < x_hi && std::isfinite(y_lo) && std::isfinite(y_hi) &&
          y_lo < y_hi))
      throw std::invalid_argument("histogram2d: need finite lo < hi in both coordinates");
  }

  void add(double x, double y) {
    if (!std::isfinite(x) || !std::isfinite(y)) { ++non_finite_; return; }
    if (x < xlo_ || x >= xhi_ || y < ylo_ || y >= yhi_) { ++overflow_; return; }
    const int i = std::min(nx_ - 1, int((x - xlo_) / (xhi_ - xlo_) * nx_));
    const int j = std::min(ny_ - 1, int((y - ylo_) / (yhi_ - ylo_) * ny_));
    ++counts_[std::size_t(i) * std::size_t(ny_) + std::size_t(j)];
  }
  void merge(const histogram2d& o) {
    if (o.nx_ != nx_ || o.ny_ != ny_ || o.xlo_ != xlo_ || o.xhi_ != xhi_ || o.ylo_ != ylo_ || o.yhi_ != yhi_)
      throw std::invalid_argument("histogram2d::merge: different binning");
    for (std::size_t k = 0; k < counts_.size(); ++k) counts_[k] += o.counts_[k];
    overflow_ += o.overflow_;
    non_finite_ += o.non_finite_;
  }

  int x_bins() const { return nx_; }
  int y_bins() const { return ny_; }
  double x_center(int i) const { return xlo_ + (i + 0.5) * (xhi_ - xlo_) / nx_; }
  double y_center(int j) const { return ylo_ + (j + 0.5) * (yhi_ - ylo_) / ny_; }
  std::uint64_t count(int i, int j) const { return counts_[std::size_t(i) * std::size_t(ny_) + std::size_t(j)]; }
  std::uint64_t overflow() const { return overflow_; }
  std::uint64_t non_finite() const { return non_finite_; }
  std::uint64_t total() const {
    std::uint64_t n = overflow_ + non_finite_;
    for (auto c : counts_) n += c;
    return n;
  }
  // Density of cell (i, j), normalised by every sample (mass outside the range is accounted).
  double density(int i, int j) const {
    const double area = (xhi_ - xlo_) / nx_ * (yhi_ - ylo_) / ny_;
    return total() ? double(count(i, j)) / (double(total()) * area) : 0.0;
  }

 private:
  double xlo_, xhi_, ylo_, yhi_;
  int nx_, ny_;
  std::vector<std::uint64_t> counts_;
  std::uint64_t overflow_ = 0, non_finite_ = 0;
};

// [q_lo − m·w, q_hi + m·w] with q_lo, q_hi the (1 − coverage)/2 and (1 + coverage)/2 quantiles of
// the finite pilot values and w = q_hi − q_lo.
inline std::pair<double, double> pilot_range(std::vector<double> pilot, double coverage = 0.999, double margin = 0.1) {
  pilot.erase(std::remove_if(pilot.begin(), pilot.end(), [](double v) { return !std::isfinite(v); }), pilot.end());
  if (pilot.size() < 2) throw std::invalid_argument("pilot_range: need at least two finite pilot values");
  if (!(coverage > 0.0 && coverage <= 1.0)) throw std::invalid_argument("pilot_range: coverage must be in (0, 1]");
  if (!(margin >= 0.0)) throw std::invalid_argument("pilot_range: margin must be >= 0");
  std::sort(pilot.begin(), pilot.end());
  auto quantile = [&](double q) {
    const double pos = q * double(pilot.size() - 1);
    const std::size_t i = std::size_t(pos);
    const double frac = pos - double(i);
    return i + 1 < pilot.size() ? pilot[i] * (1 - frac) + pilot[i + 1] * frac : pilot.back();
  };
  double lo = quantile(0.5 * (1 - coverage)), hi = quantile(0.5 * (1 + coverage));
  if (hi == lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const double w = hi - lo;
  return {lo - margin * w, hi + margin * w};
}

}  // namespace sgdsde::analysis
