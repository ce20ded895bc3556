#pragma once
// What a Monte Carlo weak error estimates from one ensemble at each record time, with its standard
// error: the mean E φ of a function of the state, or the kurtosis of a coordinate (a ratio of central
// moments, with a delta-method standard error). Both record through one observer type, chosen at run
// time, so that the path loop is compiled once per objective and engine rather than once per statistic.
#include <sgdsde/sde/observers.hpp>
#include <sgdsde/sgd/objective.hpp>

#include <Eigen/Dense>

#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <vector>

namespace sgdsde::analysis {

struct statistic_estimate {
  double value = std::nan(""), standard_error = std::nan("");
};

// Power sums Σ (y − c)^j, j = 0..8, of one coordinate y: enough for its first four moments and the
// covariance of their estimates. The shift c (the start) keeps the sums well conditioned; the kurtosis
// does not depend on it.
using power_sums = std::array<double, 9>;

// The kurtosis E(y − μ)⁴ / (E(y − μ)²)² from power sums, with its delta-method standard error: the
// gradient of κ(a₁..a₄) in the raw moments a_j = E y^j against their covariance a_{j+k} − a_j a_k.
// NaN where the variance is 0 (e.g. every path still at its start).
inline statistic_estimate kurtosis_from_power_sums(const power_sums& s) {
  const double n = s[0];
  if (!(n >= 2.0)) return {};
  double a[9];
  for (int j = 0; j < 9; ++j) a[j] = s[j] / n;
  const double mu = a[1];
  const double m2 = a[2] - mu * mu;
  const double m4 = a[4] - 4.0 * a[3] * mu + 6.0 * a[2] * mu * mu - 3.0 * mu * mu * mu * mu;
  if (!(m2 > 0.0)) return {};
  const double kappa = m4 / (m2 * m2);
  const Eigen::Vector4d dm2(-2.0 * mu, 1.0, 0.0, 0.0);
  const Eigen::Vector4d dm4(-4.0 * a[3] + 12.0 * a[2] * mu - 12.0 * mu * mu * mu, 6.0 * mu * mu, -4.0 * mu, 1.0);
  const Eigen::Vector4d g = dm4 / (m2 * m2) - 2.0 * m4 / (m2 * m2 * m2) * dm2;
  Eigen::Matrix4d C;
  for (int j = 1; j <= 4; ++j)
    for (int k = 1; k <= 4; ++k) C(j - 1, k - 1) = (a[j + k] - a[j] * a[k]) * n / (n - 1.0);
  return {kappa, std::sqrt(std::max(0.0, g.dot(C * g) / n))};
}

class monte_carlo_statistic;

// The observer of a statistic: at every `stride`-th step, the running mean of φ (E φ) or the power
// sums of one coordinate (kurtosis).
class statistic_trajectory {
 public:
  statistic_trajectory(const monte_carlo_statistic& statistic, std::uint64_t n_steps, std::uint64_t stride);
  template <class State>
  void observe(std::uint64_t step, double, const State& x);
  template <class State> void finish(const State&, double) {}
  void merge(const statistic_trajectory& other) {
    for (std::size_t i = 0; i < stats_.size(); ++i) stats_[i].merge(other.stats_[i]);
    for (std::size_t i = 0; i < sums_.size(); ++i)
      for (std::size_t j = 0; j < sums_[i].size(); ++j) sums_[i][j] += other.sums_[i][j];
  }
  const std::vector<sde::running_stat>& stats() const { return stats_; }
  const std::vector<power_sums>& sums() const { return sums_; }

 private:
  const monte_carlo_statistic* statistic_;  // outlives the observer
  std::uint64_t stride_, records_;
  std::vector<sde::running_stat> stats_;  // E φ
  std::vector<power_sums> sums_;          // kurtosis
};

class monte_carlo_statistic {
 public:
  // E φ(x); φ outlives the statistic.
  static monte_carlo_statistic mean_of(const std::function<double(const sgd::vector&)>& phi) {
    monte_carlo_statistic s;
    s.phi_ = &phi;
    return s;
  }
  // The kurtosis of coordinate `coordinate` (0-based); `shift`: its start.
  static monte_carlo_statistic kurtosis_of(int coordinate, double shift) {
    if (coordinate < 0) throw std::invalid_argument("kurtosis: the coordinate must be >= 0");
    monte_carlo_statistic s;
    s.coordinate_ = coordinate;
    s.shift_ = shift;
    return s;
  }
  bool is_mean() const { return phi_ != nullptr; }

  statistic_trajectory observer(std::uint64_t n, std::uint64_t stride) const { return statistic_trajectory(*this, n, stride); }
  // One estimate per record of a merged observer.
  std::vector<statistic_estimate> estimates(const statistic_trajectory& o) const {
    std::vector<statistic_estimate> out;
    if (is_mean())
      for (const auto& s : o.stats()) out.push_back({s.mean(), s.standard_error()});
    else
      for (const auto& s : o.sums()) out.push_back(kurtosis_from_power_sums(s));
    return out;
  }

 private:
  friend class statistic_trajectory;
  const std::function<double(const sgd::vector&)>* phi_ = nullptr;
  int coordinate_ = 0;
  double shift_ = 0.0;
};

inline statistic_trajectory::statistic_trajectory(const monte_carlo_statistic& statistic, std::uint64_t n_steps,
                                                  std::uint64_t stride)
    : statistic_(&statistic), stride_(stride), records_(stride ? n_steps / stride + 1 : 0) {
  if (stride < 1) throw std::invalid_argument("statistic_trajectory: stride must be >= 1");
  if (statistic.is_mean()) stats_.resize(records_);
  else sums_.assign(records_, power_sums{});
}

template <class State>
void statistic_trajectory::observe(std::uint64_t step, double, const State& x) {
  if (step % stride_ != 0 || step / stride_ >= records_) return;
  const std::uint64_t r = step / stride_;
  if (statistic_->is_mean()) {
    stats_[r].add((*statistic_->phi_)(x));
    return;
  }
  const double y = x[statistic_->coordinate_] - statistic_->shift_;
  double p = 1.0;
  for (double& s : sums_[r]) {
    s += p;
    p *= y;
  }
}

}  // namespace sgdsde::analysis
