#pragma once
// A whole Brownian path on [0, T] at the finest step T/2^K, kept so that coarser steps T/2^k can be
// built from it: coarsening sums increments and aggregates Lévy areas by Chen's relation, so
// every level sees the same path and strong errors between levels are meaningful.
#include <sgdsde/sde/brownian_stream.hpp>

#include <string>
#include <vector>

namespace sgdsde::sde {

template <int M = Eigen::Dynamic>
class brownian_path {
 public:
  using increment_type = brownian_increment<M>;

  // The path of ensemble member `path` at step T/2^fine_level, drawn from the same stream that
  // brownian_stream would use at that step.
  static brownian_path sample(std::uint64_t seed, std::uint64_t path, int noise_dim, double T, int fine_level,
                              bool with_levy_area, double area_tolerance = 1.0) {
    if (!(T > 0.0)) throw std::invalid_argument("brownian_path: T must be > 0");
    if (fine_level < 0 || fine_level > 24)
      throw std::invalid_argument("brownian_path: fine_level must be in [0, 24], got " + std::to_string(fine_level));
    brownian_stream<M> stream(seed, path, noise_dim, with_levy_area, area_tolerance);
    brownian_path result;
    result.T_ = T;
    const std::size_t n = std::size_t(1) << fine_level;
    result.steps_.resize(n, increment_type(noise_dim));
    const double dt = T / double(n);
    for (auto& inc : result.steps_) stream.next(dt, inc);
    return result;
  }

  // The same path at twice the step: each coarse increment is two fine ones joined by Chen.
  brownian_path coarsened() const {
    if (steps_.size() < 2) throw std::logic_error("brownian_path::coarsened: path has a single step");
    brownian_path result;
    result.T_ = T_;
    result.steps_.reserve(steps_.size() / 2);
    for (std::size_t i = 0; i + 1 < steps_.size(); i += 2) {
      increment_type joined = steps_[i];
      joined.append(steps_[i + 1]);
      result.steps_.push_back(joined);
    }
    return result;
  }

  // Coarsens in place (reuses storage): the hot path of convergence studies.
  void coarsen() {
    if (steps_.size() < 2) throw std::logic_error("brownian_path::coarsen: path has a single step");
    const std::size_t half = steps_.size() / 2;
    for (std::size_t i = 0; i < half; ++i) {
      increment_type joined = steps_[2 * i];
      joined.append(steps_[2 * i + 1]);
      steps_[i] = joined;
    }
    steps_.resize(half);
  }

  std::size_t size() const { return steps_.size(); }
  double horizon() const { return T_; }
  double dt() const { return T_ / double(steps_.size()); }
  const increment_type& operator[](std::size_t i) const { return steps_[i]; }
  auto begin() const { return steps_.begin(); }
  auto end() const { return steps_.end(); }

 private:
  double T_ = 0.0;
  std::vector<increment_type> steps_;
};

}  // namespace sgdsde::sde
