#pragma once
// Streaming mean and covariance (Welford), mergeable by Chan et al.'s pairwise update, so chunk
// results combine exactly the same way whatever thread produced them. Memory: O(d²), not O(samples).
#include <Eigen/Core>
#include <cmath>
#include <cstdint>

namespace sgdsde::sde {

template <int D = Eigen::Dynamic>
class running_moments {
 public:
  using vector_type = Eigen::Matrix<double, D, 1>;
  using matrix_type = Eigen::Matrix<double, D, D>;

  running_moments() : running_moments(D == Eigen::Dynamic ? 0 : D) {}
  explicit running_moments(int dim)
      : mean_(vector_type::Zero(dim)), comoment_(matrix_type::Zero(dim, dim)), delta_(vector_type::Zero(dim)) {}

  template <class Vector>
  void add(const Vector& x) {
    ++n_;
    delta_ = x - mean_;
    mean_ += delta_ / double(n_);
    comoment_.noalias() += delta_ * (x - mean_).transpose();
  }

  void merge(const running_moments& other) {
    if (other.n_ == 0) return;
    if (n_ == 0) {
      *this = other;
      return;
    }
    const double na = double(n_), nb = double(other.n_), n = na + nb;
    const vector_type delta = other.mean_ - mean_;
    mean_ += delta * (nb / n);
    comoment_ += other.comoment_ + delta * delta.transpose() * (na * nb / n);
    n_ += other.n_;
  }

  std::uint64_t count() const { return n_; }
  int dim() const { return static_cast<int>(mean_.size()); }
  const vector_type& mean() const { return mean_; }
  // Unbiased sample covariance (n − 1).
  matrix_type covariance() const { return n_ > 1 ? matrix_type(comoment_ / double(n_ - 1)) : matrix_type(comoment_ * 0.0); }
  vector_type variance() const { return covariance().diagonal(); }
  // Standard error of each mean component.
  vector_type standard_error() const {
    return n_ > 1 ? vector_type((variance() / double(n_)).cwiseSqrt()) : vector_type(mean_ * 0.0);
  }

 private:
  std::uint64_t n_ = 0;
  vector_type mean_;
  matrix_type comoment_;
  vector_type delta_;
};

// The scalar case, for error estimates and test functionals.
class running_stat {
 public:
  void add(double x) {
    ++n_;
    const double delta = x - mean_;
    mean_ += delta / double(n_);
    m2_ += delta * (x - mean_);
  }
  void merge(const running_stat& other) {
    if (other.n_ == 0) return;
    if (n_ == 0) {
      *this = other;
      return;
    }
    const double na = double(n_), nb = double(other.n_), n = na + nb;
    const double delta = other.mean_ - mean_;
    mean_ += delta * nb / n;
    m2_ += other.m2_ + delta * delta * na * nb / n;
    n_ += other.n_;
  }
  std::uint64_t count() const { return n_; }
  double mean() const { return mean_; }
  double variance() const { return n_ > 1 ? m2_ / double(n_ - 1) : 0.0; }
  double standard_error() const { return n_ > 1 ? std::sqrt(variance() / double(n_)) : 0.0; }

 private:
  std::uint64_t n_ = 0;
  double mean_ = 0.0, m2_ = 0.0;
};

}  // namespace sgdsde::sde
