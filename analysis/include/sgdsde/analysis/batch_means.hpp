#pragma once
// Error bars for the mean of a correlated chain (a long SGD or SDE run) in bounded memory: batch
// means with a fixed number of batches. Samples fill batches of length L; when 2·max_batches
// batches are full, neighbours merge pairwise and L doubles (Flegal & Jones' consistent batch means,
// in streaming form). From the batch means:
//   standard error of the mean   se = sd(batch means)/√(number of batches),
//   integrated autocorrelation   τ = L · Var(batch means)/Var(samples)  (τ = 1 for independent draws),
//   effective sample size        ESS = N/τ.
// Valid once L is much longer than τ, which the doubling ensures for long runs.
#include <sgdsde/sde/running_moments.hpp>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace sgdsde::analysis {

class batch_means {
 public:
  explicit batch_means(std::size_t max_batches = 64) : max_batches_(max_batches) {
    if (max_batches < 4) throw std::invalid_argument("batch_means: max_batches must be >= 4");
    means_.reserve(2 * max_batches);
  }

  void add(double x) {
    all_.add(x);
    current_sum_ += x;
    if (++current_count_ == length_) {
      means_.push_back(current_sum_ / double(length_));
      current_sum_ = 0.0;
      current_count_ = 0;
      if (means_.size() == 2 * max_batches_) halve();
    }
  }

  std::uint64_t count() const { return all_.count(); }
  double mean() const { return all_.mean(); }
  double variance() const { return all_.variance(); }
  std::uint64_t batch_length() const { return length_; }
  std::size_t batches() const { return means_.size(); }

  // Standard error of the mean from the completed batches (NaN with fewer than 4).
  double standard_error() const {
    if (means_.size() < 4) return std::nan("");
    sde::running_stat s;
    for (double m : means_) s.add(m);
    return std::sqrt(s.variance() / double(means_.size()));
  }
  double autocorrelation_time() const {
    if (means_.size() < 4 || !(variance() > 0.0)) return std::nan("");
    sde::running_stat s;
    for (double m : means_) s.add(m);
    return double(length_) * s.variance() / variance();
  }
  double effective_sample_size() const { return double(count()) / autocorrelation_time(); }

 private:
  void halve() {
    for (std::size_t i = 0; i < max_batches_; ++i) means_[i] = 0.5 * (means_[2 * i] + means_[2 * i + 1]);
    means_.resize(max_batches_);
    length_ *= 2;
  }

  std::size_t max_batches_;
  std::uint64_t length_ = 1, current_count_ = 0;
  double current_sum_ = 0.0;
  std::vector<double> means_;
  sde::running_stat all_;
};

}  // namespace sgdsde::analysis
