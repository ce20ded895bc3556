#pragma once
// Quadratics with Gaussian gradient noise (population objectives, a fresh z ~ N(0, I_m) per sample):
//   f(x; z) = ½ xᵀHx − (Az)ᵀx + c(z),   ∇f(x; z) = Hx − Az,   f(x) = ½ xᵀHx,   Σ = AAᵀ.
// Two named cases:
//   li_tai_e_quadratic(H): A = H and c(z) = ½ zᵀHz − ½ tr H, i.e. f_γ(x) = ½(x−γ)ᵀH(x−γ) − ½ tr H
//     with γ ~ N(0, I) (Li, Tai, E 2017); Σ = H², which commutes with H (Gibbs-like).
//   non_commuting_quadratic(h1, h2, rho): H = diag(h1, h2), Σ = [[1, rho], [rho, 1]] (c = 0). For
//     rho ≠ 0 and h1 ≠ h2, Σ and H do not commute: the SME's stationary law is Gaussian but not Gibbs
//     and carries a rotating probability current.
#include <sgdsde/sde/covariance_factor.hpp>
#include <sgdsde/sde/random_stream.hpp>
#include <sgdsde/sgd/objective.hpp>

#include <string>

namespace sgdsde::sgd {

class noisy_quadratic {
 public:
  using sample_type = vector;  // z ~ N(0, I_m)
  static constexpr bool is_finite_sum = false;
  static constexpr bool constant_gradient_covariance = true;  // Σ = AAᵀ for every x (sme.hpp caches its factor)
  static constexpr bool additive_gradient_noise = true;  // ∇f(x; z) = Hx − Az: a finite sample's Σ is constant too

  noisy_quadratic(matrix H, matrix A, bool li_tai_e_constant = false, std::string name = "noisy quadratic")
      : H_(std::move(H)), A_(std::move(A)), li_tai_e_(li_tai_e_constant), name_(std::move(name)) {
    if (H_.rows() < 1 || H_.rows() != H_.cols()) throw std::invalid_argument(name_ + ": H must be square and non-empty");
    if (!H_.allFinite() || !A_.allFinite()) throw std::invalid_argument(name_ + ": H and A must be finite");
    if ((H_ - H_.transpose()).cwiseAbs().maxCoeff() > 1e-12 * std::max(1.0, H_.cwiseAbs().maxCoeff()))
      throw std::invalid_argument(name_ + ": H must be symmetric");
    if (A_.rows() != H_.rows() || A_.cols() < 1)
      throw std::invalid_argument(name_ + ": A must have d = " + std::to_string(H_.rows()) + " rows");
    if (li_tai_e_ && A_.cols() != H_.rows()) throw std::invalid_argument(name_ + ": the Li–Tai–E form needs A = H");
  }

  int dim() const { return int(H_.rows()); }
  std::size_t size() const { return 0; }
  int noise_dim() const { return int(A_.cols()); }
  const matrix& H() const { return H_; }
  const matrix& A() const { return A_; }

  void draw(sde::random_stream& stream, sample_type& z) const {
    z.resize(A_.cols());
    sde::fill_standard_normal(stream, z);
  }
  double sample_value(const vector& x, const sample_type& z) const {
    double v = 0.5 * x.dot(H_ * x) - (A_ * z).dot(x);
    if (li_tai_e_) v += 0.5 * z.dot(H_ * z) - 0.5 * H_.trace();
    return v;
  }
  void add_sample_gradient(const vector& x, const sample_type& z, double scale, vector& g) const {
    g.noalias() += scale * (H_ * x);
    g.noalias() -= scale * (A_ * z);
  }
  void add_sample_hessian(const vector&, const sample_type&, double scale, matrix& H) const { H += scale * H_; }

  double value(const vector& x) const { return 0.5 * x.dot(H_ * x); }
  void gradient(const vector& x, vector& g) const { g.noalias() = H_ * x; }
  void hessian(const vector&, matrix& H) const { H = H_; }
  void gradient_covariance(const vector&, matrix& S) const { S.noalias() = A_ * A_.transpose(); }
  std::string description() const { return name_ + ", d = " + std::to_string(dim()); }

 private:
  matrix H_, A_;
  bool li_tai_e_;
  std::string name_;
};

inline noisy_quadratic li_tai_e_quadratic(const matrix& H) { return noisy_quadratic(H, H, true, "Li-Tai-E quadratic"); }

inline noisy_quadratic non_commuting_quadratic(double h1 = 1.0, double h2 = 4.0, double rho = 0.6) {
  if (!(h1 > 0.0) || !(h2 > 0.0)) throw std::invalid_argument("non-commuting quadratic: h1, h2 must be > 0");
  if (!(std::abs(rho) < 1.0)) throw std::invalid_argument("non-commuting quadratic: rho must be in (-1, 1)");
  matrix H = matrix::Zero(2, 2);
  H(0, 0) = h1;
  H(1, 1) = h2;
  matrix S(2, 2);
  S << 1.0, rho, rho, 1.0;
  matrix A(2, 2);
  sde::psd_factor(S, A);
  return noisy_quadratic(H, A, false, "non-commuting quadratic");
}

}  // namespace sgdsde::sgd
