#pragma once
// A fixed-range 1-D histogram with counted underflow, overflow and non-finite samples; merging adds
// counts, which is exact in any order.
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace sgdsde::sde {

class histogram {
 public:
  histogram() = default;
  histogram(double lo, double hi, int bins) : lo_(lo), hi_(hi), counts_(bins > 0 ? bins : 0, 0) {
    if (!(bins >= 1)) throw std::invalid_argument("histogram: bins must be >= 1, got " + std::to_string(bins));
    if (!(std::isfinite(lo) && std::isfinite(hi) && lo < hi))
      throw std::invalid_argument("histogram: need finite lo < hi");
    scale_ = bins / (hi - lo);
  }

  void add(double x) {
    if (!std::isfinite(x)) { ++non_finite_; return; }
    if (x < lo_) { ++underflow_; return; }
    if (x >= hi_) { ++overflow_; return; }
    std::size_t i = static_cast<std::size_t>((x - lo_) * scale_);
    if (i >= counts_.size()) i = counts_.size() - 1;  // rounding at the top edge
    ++counts_[i];
  }

  void merge(const histogram& other) {
    if (other.counts_.size() != counts_.size() || other.lo_ != lo_ || other.hi_ != hi_)
      throw std::invalid_argument("histogram::merge: different binning");
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    underflow_ += other.underflow_;
    overflow_ += other.overflow_;
    non_finite_ += other.non_finite_;
  }

  int bins() const { return static_cast<int>(counts_.size()); }
  double lo() const { return lo_; }
  double hi() const { return hi_; }
  double bin_width() const { return (hi_ - lo_) / bins(); }
  double bin_center(int i) const { return lo_ + (i + 0.5) * bin_width(); }
  const std::vector<std::uint64_t>& counts() const { return counts_; }
  std::uint64_t underflow() const { return underflow_; }
  std::uint64_t overflow() const { return overflow_; }
  std::uint64_t non_finite() const { return non_finite_; }
  std::uint64_t total() const {
    std::uint64_t n = underflow_ + overflow_ + non_finite_;
    for (auto c : counts_) n += c;
    return n;
  }
  // Density estimate of bin i, normalised by all samples (so mass outside the range is accounted).
  double density(int i) const { return total() ? double(counts_[i]) / (double(total()) * bin_width()) : 0.0; }

 private:
  double lo_ = 0.0, hi_ = 1.0, scale_ = 1.0;
  std::vector<std::uint64_t> counts_;
  std::uint64_t underflow_ = 0, overflow_ = 0, non_finite_ = 0;
};

}  // namespace sgdsde::sde
