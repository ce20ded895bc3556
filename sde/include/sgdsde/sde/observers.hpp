#pragma once
// Path observers: what the ensemble keeps of each path. An observer sees every state of a path
// (observe(step, t, x), step 0 is the initial state), is told when the path ends (finish), and merges
// with the observer of another chunk (merge). None stores a path unless it is a path_recorder.
// simulate_ensemble gives every path a fresh copy of the (empty) prototype and merges it into the
// chunk's observer in path order, so an observer sees one path at a time, from step 0 to finish.
#include <sgdsde/sde/histogram.hpp>
#include <sgdsde/sde/running_moments.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace sgdsde::sde {

// Mean and covariance of the final state over the ensemble.
template <int D = Eigen::Dynamic>
class final_moments {
 public:
  explicit final_moments(int dim = D) : moments_(dim) {}
  template <class State> void observe(std::uint64_t, double, const State&) {}
  template <class State> void finish(const State& x, double) { moments_.add(x); }
  void merge(const final_moments& other) { moments_.merge(other.moments_); }
  const running_moments<D>& moments() const { return moments_; }

 private:
  running_moments<D> moments_;
};

// Mean and covariance at chosen steps (e.g. the steps nearest to chosen times).
template <int D = Eigen::Dynamic>
class snapshot_moments {
 public:
  snapshot_moments(int dim, std::vector<std::uint64_t> steps) : steps_(std::move(steps)), moments_(steps_.size(), running_moments<D>(dim)) {
    if (!std::is_sorted(steps_.begin(), steps_.end()) || std::adjacent_find(steps_.begin(), steps_.end()) != steps_.end())
      throw std::invalid_argument("snapshot_moments: steps must be strictly increasing");
  }
  template <class State>
  void observe(std::uint64_t step, double, const State& x) {
    if (step == 0) cursor_ = 0;
    if (cursor_ < steps_.size() && steps_[cursor_] == step) moments_[cursor_++].add(x);
  }
  template <class State> void finish(const State&, double) {}
  void merge(const snapshot_moments& other) {
    for (std::size_t i = 0; i < moments_.size(); ++i) moments_[i].merge(other.moments_[i]);
  }
  const std::vector<std::uint64_t>& steps() const { return steps_; }
  const std::vector<running_moments<D>>& moments() const { return moments_; }

 private:
  std::vector<std::uint64_t> steps_;
  std::vector<running_moments<D>> moments_;
  std::size_t cursor_ = 0;
};

// Mean and covariance at every `stride`-th step: the ensemble's moment trajectory.
template <int D = Eigen::Dynamic>
class moment_trajectory {
 public:
  moment_trajectory(int dim, std::uint64_t n_steps, std::uint64_t stride = 1)
      : stride_(stride), moments_(stride ? n_steps / stride + 1 : 0, running_moments<D>(dim)) {
    if (stride < 1) throw std::invalid_argument("moment_trajectory: stride must be >= 1");
  }
  template <class State>
  void observe(std::uint64_t step, double, const State& x) {
    if (step % stride_ == 0 && step / stride_ < moments_.size()) moments_[step / stride_].add(x);
  }
  template <class State> void finish(const State&, double) {}
  void merge(const moment_trajectory& other) {
    for (std::size_t i = 0; i < moments_.size(); ++i) moments_[i].merge(other.moments_[i]);
  }
  std::uint64_t stride() const { return stride_; }
  const std::vector<running_moments<D>>& moments() const { return moments_; }

 private:
  std::uint64_t stride_;
  std::vector<running_moments<D>> moments_;
};

// Mean and standard error of a scalar function φ(x) (a loss, a coordinate, |x|²) at every
// `stride`-th step: e.g. the loss per epoch with stride = steps per epoch.
template <class Function>
class scalar_trajectory {
 public:
  scalar_trajectory(Function phi, std::uint64_t n_steps, std::uint64_t stride = 1)
      : phi_(std::move(phi)), stride_(stride), stats_(stride ? n_steps / stride + 1 : 0),
        times_(stats_.size(), std::numeric_limits<double>::quiet_NaN()) {
    if (stride < 1) throw std::invalid_argument("scalar_trajectory: stride must be >= 1");
  }
  template <class State>
  void observe(std::uint64_t step, double t, const State& x) {
    if (step % stride_ != 0 || step / stride_ >= stats_.size()) return;
    stats_[step / stride_].add(phi_(x));
    times_[step / stride_] = t;
  }
  template <class State> void finish(const State&, double) {}
  void merge(const scalar_trajectory& other) {
    for (std::size_t i = 0; i < stats_.size(); ++i) {
      stats_[i].merge(other.stats_[i]);
      if (std::isnan(times_[i])) times_[i] = other.times_[i];
    }
  }
  std::uint64_t stride() const { return stride_; }
  const std::vector<running_stat>& stats() const { return stats_; }
  // The time of each recorded step (NaN for a step no path reached).
  const std::vector<double>& times() const { return times_; }

 private:
  Function phi_;
  std::uint64_t stride_;
  std::vector<running_stat> stats_;
  std::vector<double> times_;
};

// Histogram of one coordinate of the final state.
class final_histogram {
 public:
  final_histogram(int coordinate, double lo, double hi, int bins) : coordinate_(coordinate), histogram_(lo, hi, bins) {
    if (coordinate < 0) throw std::invalid_argument("final_histogram: coordinate must be >= 0");
  }
  template <class State> void observe(std::uint64_t, double, const State&) {}
  template <class State> void finish(const State& x, double) { histogram_.add(x[coordinate_]); }
  void merge(const final_histogram& other) { histogram_.merge(other.histogram_); }
  const histogram& result() const { return histogram_; }

 private:
  int coordinate_;
  histogram histogram_;
};

// Stores whole paths (every `stride`-th state): only when asked, for plots of a few paths.
template <int D = Eigen::Dynamic>
class path_recorder {
 public:
  using state_type = Eigen::Matrix<double, D, 1>;
  explicit path_recorder(std::uint64_t stride = 1) : stride_(stride) {
    if (stride < 1) throw std::invalid_argument("path_recorder: stride must be >= 1");
  }
  template <class State>
  void observe(std::uint64_t step, double t, const State& x) {
    if (step == 0) paths_.emplace_back();
    if (step % stride_ == 0) paths_.back().push_back({t, x});
  }
  template <class State> void finish(const State&, double) {}
  void merge(const path_recorder& other) { paths_.insert(paths_.end(), other.paths_.begin(), other.paths_.end()); }
  struct point { double t; state_type x; };
  std::uint64_t stride() const { return stride_; }
  const std::vector<std::vector<point>>& paths() const { return paths_; }

 private:
  std::uint64_t stride_;
  std::vector<std::vector<point>> paths_;
};

// Several observers as one.
template <class... Observers>
class observer_set {
 public:
  explicit observer_set(Observers... observers) : observers_(std::move(observers)...) {}
  template <class State>
  void observe(std::uint64_t step, double t, const State& x) {
    std::apply([&](auto&... o) { (o.observe(step, t, x), ...); }, observers_);
  }
  template <class State>
  void finish(const State& x, double t) {
    std::apply([&](auto&... o) { (o.finish(x, t), ...); }, observers_);
  }
  void merge(const observer_set& other) { merge_each(other, std::index_sequence_for<Observers...>{}); }
  template <std::size_t I> const auto& get() const { return std::get<I>(observers_); }

 private:
  template <std::size_t... I>
  void merge_each(const observer_set& other, std::index_sequence<I...>) {
    (std::get<I>(observers_).merge(std::get<I>(other.observers_)), ...);
  }
  std::tuple<Observers...> observers_;
};

}  // namespace sgdsde::sde
