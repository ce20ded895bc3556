#pragma once
// The time-averaged law of one coordinate along long chains (one chain per path of an ensemble),
// after a burn-in, with per-bin error bars from batch means. Each chain's post-burn-in steps are cut
// into `batches` consecutive batches of equal length L; a bin's frequency within one batch is one
// batch mean, and the spread of those over all chains' batches gives the bin's standard error. Valid
// when L is much longer than the chain's autocorrelation time τ, which is reported (from batch means
// of the coordinate itself: τ = L·Var(batch means)/Var(x)) so a caller can check it.
// Memory: the bins and one batch's counts per chain; never the chain.
#include <sgdsde/sde/histogram.hpp>
#include <sgdsde/sde/running_moments.hpp>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace sgdsde::analysis {

class time_averaged_histogram {
 public:
  // Steps burn_in + 1 … burn_in + batches·L count, L = ⌊(total_steps − burn_in)/batches⌋.
  time_averaged_histogram(double lo, double hi, int bins, std::uint64_t burn_in_steps, std::uint64_t total_steps,
                          int batches = 16, int coordinate = 0)
      : histogram_(lo, hi, bins), burn_in_(burn_in_steps), coordinate_(coordinate),
        batch_counts_(std::size_t(bins), 0), bin_batch_means_(std::size_t(bins)) {
    if (batches < 2) throw std::invalid_argument("time-averaged histogram: batches must be >= 2");
    if (coordinate < 0) throw std::invalid_argument("time-averaged histogram: coordinate must be >= 0");
    if (!(total_steps > burn_in_steps) || (total_steps - burn_in_steps) / std::uint64_t(batches) < 1)
      throw std::invalid_argument("time-averaged histogram: need at least one step per batch after the burn-in (" +
                                  std::to_string(total_steps) + " steps, burn-in " + std::to_string(burn_in_steps) +
                                  ", " + std::to_string(batches) + " batches)");
    batch_length_ = (total_steps - burn_in_steps) / std::uint64_t(batches);
    scale_ = double(bins) / (hi - lo);
    last_counted_ = burn_in_steps + batch_length_ * std::uint64_t(batches);
  }

  template <class State>
  void observe(std::uint64_t k, double, const State& x) {
    if (k <= burn_in_ || k > last_counted_) return;
    const double v = x[coordinate_];
    histogram_.add(v);
    values_.add(v);
    batch_sum_ += v;
    if (v >= histogram_.lo() && v < histogram_.hi()) {
      std::size_t i = std::size_t((v - histogram_.lo()) * scale_);  // the histogram's own binning
      ++batch_counts_[std::min(i, batch_counts_.size() - 1)];
    }
    if ((k - burn_in_) % batch_length_ == 0) close_batch();
  }
  template <class State>
  void finish(const State&, double) {}  // an unfinished batch (a path stopped early) is dropped

  void merge(const time_averaged_histogram& o) {
    histogram_.merge(o.histogram_);
    values_.merge(o.values_);
    value_batch_means_.merge(o.value_batch_means_);
    for (std::size_t i = 0; i < bin_batch_means_.size(); ++i) bin_batch_means_[i].merge(o.bin_batch_means_[i]);
  }

  const sde::histogram& counts() const { return histogram_; }  // every counted step
  std::uint64_t batch_length() const { return batch_length_; }
  std::uint64_t batches() const { return value_batch_means_.count(); }  // over all chains
  // Fraction of counted steps in bin i, and its batch-means standard error.
  double probability(int i) const { return double(histogram_.counts()[std::size_t(i)]) / double(histogram_.total()); }
  double standard_error(int i) const {
    const auto& s = bin_batch_means_[std::size_t(i)];
    return s.count() > 1 ? std::sqrt(s.variance() / double(s.count())) : std::nan("");
  }
  // Integrated autocorrelation time of the coordinate (in steps) and the effective sample size.
  double autocorrelation_time() const {
    if (value_batch_means_.count() < 2 || !(values_.variance() > 0.0)) return std::nan("");
    return double(batch_length_) * value_batch_means_.variance() / values_.variance();
  }
  double effective_sample_size() const { return double(values_.count()) / autocorrelation_time(); }
  const sde::running_stat& values() const { return values_; }

 private:
  void close_batch() {
    const double L = double(batch_length_);
    for (std::size_t i = 0; i < batch_counts_.size(); ++i) {
      bin_batch_means_[i].add(double(batch_counts_[i]) / L);
      batch_counts_[i] = 0;
    }
    value_batch_means_.add(batch_sum_ / L);
    batch_sum_ = 0.0;
  }

  sde::histogram histogram_;
  std::uint64_t burn_in_, batch_length_ = 1, last_counted_ = 0;
  int coordinate_;
  double scale_ = 1.0;
  std::vector<std::uint64_t> batch_counts_;  // this chain's current batch
  double batch_sum_ = 0.0;
  std::vector<sde::running_stat> bin_batch_means_;
  sde::running_stat values_, value_batch_means_;
};

}  // namespace sgdsde::analysis
