#pragma once
// A user's finite sum from lambdas, in a few lines:
//
//   auto f = sgdsde::sgd::make_finite_sum(n, d,
//       [&](const vector& x, std::size_t i) { return 0.5 * std::pow(X.row(i).dot(x) - y[i], 2); },
//       [&](const vector& x, std::size_t i, vector& g) { g = (X.row(i).dot(x) - y[i]) * X.row(i).transpose(); });
//
// value(x, i) returns f_i(x); gradient(x, i, g) writes ∇f_i(x) into g (sized d); the optional
// hessian(x, i, H) writes ∇²f_i(x) into H (d×d). Without it, Hessians (needed by the second-order
// SME only) come from central differences of the gradient, step 1e-5·max(1, |x|∞) (relative error ~1e-9).
#include <sgdsde/sgd/finite_sum.hpp>

#include <algorithm>
#include <string>
#include <type_traits>

namespace sgdsde::sgd {

struct no_sample_hessian {};

template <class Value, class Gradient, class Hessian = no_sample_hessian>
class lambda_finite_sum : public finite_sum<lambda_finite_sum<Value, Gradient, Hessian>> {
 public:
  lambda_finite_sum(std::size_t n, int d, Value value, Gradient gradient, Hessian hessian = {})
      : n_(n), d_(d), value_(std::move(value)), gradient_(std::move(gradient)), hessian_(std::move(hessian)) {
    if (n < 1) throw std::invalid_argument("finite sum: n must be >= 1");
    if (d < 1) throw std::invalid_argument("finite sum: d must be >= 1, got " + std::to_string(d));
  }

  int dim() const { return d_; }
  std::size_t size() const { return n_; }

  double sample_value(const vector& x, std::size_t i) const { return value_(x, i); }
  void add_sample_gradient(const vector& x, std::size_t i, double scale, vector& g) const {
    vector& gi = scratch();
    gi.setZero(d_);
    gradient_(x, i, gi);
    if (gi.size() != d_)
      throw std::invalid_argument("finite sum: the gradient lambda resized g to " + std::to_string(gi.size()) +
                                  ", expected d = " + std::to_string(d_));
    g.noalias() += scale * gi;
  }
  void add_sample_hessian(const vector& x, std::size_t i, double scale, matrix& H) const {
    if constexpr (!std::is_same_v<Hessian, no_sample_hessian>) {
      matrix Hi = matrix::Zero(d_, d_);
      hessian_(x, i, Hi);
      H.noalias() += scale * Hi;
    } else {
      const double h = 1e-5 * std::max(1.0, x.cwiseAbs().maxCoeff());
      vector xp = x, xm = x, gp(d_), gm(d_);
      for (int j = 0; j < d_; ++j) {
        xp[j] += h;
        xm[j] -= h;
        gp.setZero();
        gm.setZero();
        gradient_(xp, i, gp);
        gradient_(xm, i, gm);
        H.col(j).noalias() += (scale / (2.0 * h)) * (gp - gm);
        xp[j] = x[j];
        xm[j] = x[j];
      }
    }
  }
  std::string description() const { return "user finite sum, n = " + std::to_string(n_) + ", d = " + std::to_string(d_); }

 private:
  static vector& scratch() {
    thread_local vector buffer;  // the objective is shared read-only between workers
    return buffer;
  }
  std::size_t n_;
  int d_;
  Value value_;
  Gradient gradient_;
  Hessian hessian_;
};

template <class Value, class Gradient, class Hessian = no_sample_hessian>
auto make_finite_sum(std::size_t n, int d, Value value, Gradient gradient, Hessian hessian = {}) {
  return lambda_finite_sum<Value, Gradient, Hessian>(n, d, std::move(value), std::move(gradient), std::move(hessian));
}

}  // namespace sgdsde::sgd
