#pragma once
// Gibbs versus non-Gibbs stationary laws on quadratics, f = ½xᵀHx, with Gaussian stationary
// covariance S (the SME's: H S + S H = ηΣ/B; SGD's: the discrete Lyapunov solution):
//   best-fit Gibbs temperature  T* = argmin_T KL(N(0,S) ‖ N(0, T H⁻¹)) = tr(HS)/d, and the residual KL;
//   per-direction temperatures   T_i = λ_i v_iᵀ S v_i for H = Σ λ_i v_i v_iᵀ (all equal iff Gibbs);
//   probability current         the stochastic-area rate ⟨x₁ dx₂ − x₂ dx₁⟩/dt = E[x₁a₂ − x₂a₁],
//                               for a = −Hx exactly (HS)₁₂ − (HS)₂₁: zero iff HS is symmetric,
//                               i.e. iff H and Σ commute.
// The trajectory estimator streams Itô products x₁(t)Δx₂ − x₂(t)Δx₁ through batch means, so a
// long correlated run gets an honest confidence interval.
#include <sgdsde/analysis/batch_means.hpp>
#include <sgdsde/analysis/gibbs/gibbs_fit.hpp>
#include <sgdsde/sgd/sampler.hpp>

#include <Eigen/Core>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace sgdsde::analysis {

// KL(N(0, S) ‖ N(0, R)) = ½[tr(R⁻¹S) − d + log det R − log det S].
double gaussian_kl(const Eigen::MatrixXd& S, const Eigen::MatrixXd& R);

// The best-fit Gibbs temperature, its residual KL and the per-direction temperatures of S against H.
gibbs_fit fit_gibbs(const Eigen::MatrixXd& H, const Eigen::MatrixXd& S);

// The inputs every stationary-law study shares: a finite rate η > 0, B >= 1, and independent
// minibatches (reshuffled ones are not a Markov chain of the iterate). False with the reason in *error.
bool stationary_rate_is_valid(double eta, std::size_t batch, sgd::sampling sampler, std::string* error);

// fit_gibbs beside the area rates HS − SH, zero iff the current vanishes in every coordinate plane.
hessian_comparison compare_with_hessian(const Eigen::MatrixXd& H, const Eigen::MatrixXd& S);

// Exact stationary area rate of dX = −HX dt + noise with stationary covariance S (2-D, coordinates 0, 1).
inline double ou_area_rate(const Eigen::MatrixXd& H, const Eigen::MatrixXd& S) {
  if (H.rows() < 2 || S.rows() != H.rows()) throw std::invalid_argument("ou_area_rate: need d >= 2 and matching S");
  const Eigen::MatrixXd HS = H * S;
  return HS(0, 1) - HS(1, 0);
}

// Streams a trajectory (states at equal time steps dt) and estimates ⟨x₁ dx₂ − x₂ dx₁⟩/dt with a
// batch-means standard error.
class area_rate_estimator {
 public:
  explicit area_rate_estimator(double dt) : dt_(dt) {
    if (!(dt > 0.0) || !std::isfinite(dt)) throw std::invalid_argument("area_rate_estimator: dt must be finite and > 0");
  }
  template <class State>
  void add(const State& x) {
    if (has_previous_) rate_.add((x0_ * (x[1] - x1_) - x1_ * (x[0] - x0_)) / dt_);
    x0_ = x[0];
    x1_ = x[1];
    has_previous_ = true;
  }
  void restart() { has_previous_ = false; }  // a new, independent trajectory follows
  const batch_means& rate() const { return rate_; }

 private:
  double dt_;
  double x0_ = 0.0, x1_ = 0.0;
  bool has_previous_ = false;
  batch_means rate_;
};

}  // namespace sgdsde::analysis
