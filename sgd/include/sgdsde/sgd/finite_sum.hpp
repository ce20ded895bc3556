#pragma once
// The full-data quantities of a finite sum f = (1/n) Σ_i f_i from its per-sample ones (CRTP).
// Derived provides dim(), size(), sample_value, add_sample_gradient, add_sample_hessian; it gets
// value, gradient, hessian, gradient_covariance and centred_gradients (the d×n factor G with
// G Gᵀ = Σ(x), cheaper than Σ when n < d², see sme.hpp).
#include <sgdsde/sgd/objective.hpp>

#include <cmath>
#include <cstddef>

namespace sgdsde::sgd {

template <class Derived>
class finite_sum {
 public:
  using sample_type = std::size_t;
  static constexpr bool is_finite_sum = true;

  double value(const vector& x) const {
    double sum = 0.0;
    for (std::size_t i = 0; i < self().size(); ++i) sum += self().sample_value(x, i);
    return sum / double(self().size());
  }

  void gradient(const vector& x, vector& g) const {
    g.setZero(self().dim());
    const double w = 1.0 / double(self().size());
    for (std::size_t i = 0; i < self().size(); ++i) self().add_sample_gradient(x, i, w, g);
  }

  void hessian(const vector& x, matrix& H) const {
    H.setZero(self().dim(), self().dim());
    const double w = 1.0 / double(self().size());
    for (std::size_t i = 0; i < self().size(); ++i) self().add_sample_hessian(x, i, w, H);
  }

  // G (d×n) with columns (∇f_i(x) − ∇f(x))/√n, so that G Gᵀ = Σ(x).
  void centred_gradients(const vector& x, matrix& G) const {
    const std::size_t n = self().size();
    G.resize(self().dim(), Eigen::Index(n));
    thread_local vector column;  // the objective is shared read-only between workers
    for (std::size_t i = 0; i < n; ++i) {
      column.setZero(self().dim());
      self().add_sample_gradient(x, i, 1.0, column);
      G.col(Eigen::Index(i)) = column;
    }
    centre_columns(G);
  }

  // G z for z in R^n without forming G: Σ_i (∇f_i(x) − ∇f(x)) z_i / √n = (Σ_i ∇f_i(x) z_i − ∇f(x) Σ_i z_i) / √n.
  // O(nd) time and O(d) memory: the per-sample SME's Euler–Maruyama step (sme.hpp).
  void centred_gradients_times(const vector& x, const vector& z, vector& out) const {
    const std::size_t n = self().size();
    out.setZero(self().dim());
    for (std::size_t i = 0; i < n; ++i) self().add_sample_gradient(x, i, z[Eigen::Index(i)], out);
    thread_local vector mean;
    self().gradient(x, mean);
    out.noalias() -= z.sum() * mean;
    out /= std::sqrt(double(n));
  }

  void gradient_covariance(const vector& x, matrix& S) const {
    thread_local matrix G;
    self().centred_gradients(x, G);
    S.noalias() = G * G.transpose();
  }

 protected:
  // Columns of per-sample gradients → (column − mean)/√n.
  static void centre_columns(matrix& G) {
    const vector mean = G.rowwise().mean();
    G.colwise() -= mean;
    G /= std::sqrt(double(G.cols()));
  }

 private:
  const Derived& self() const { return static_cast<const Derived&>(*this); }
};

}  // namespace sgdsde::sgd
