#pragma once
// The Gibbs study: is the stationary law of SGD, and of its SME, a Gibbs law? On a quadratic with
// constant gradient noise (f = ½xᵀHx − ..., Σ constant; d = 2):
//   exact stationary covariances   SGD  S = (I − ηH) S (I − ηH)ᵀ + η² (c/B) Σ   (discrete Lyapunov)
//                                  SME  H S + S H = η (c/B) Σ                   (continuous Lyapunov)
//   per side: the best-fit Gibbs temperature, residual KL, per-direction temperatures (gibbs.hpp)
//   and the probability current as the stochastic-area rate, exact and estimated from one long
//   trajectory of each (batch means after a burn-in); the SME's trajectory by any registered
//   integrator at dt = η/substeps, paired with the SGD run by sgd::pair_with_sme.
//   the current field J(x) = (−Hx + ½ D S⁻¹x) p(x), D = η(c/B)Σ, p = N(0, S), at any x.
// SGD has a stationary law only for η < 2/L (L the largest curvature); the study refuses larger η.
#include <sgdsde/analysis/any_objective.hpp>
#include <sgdsde/analysis/affine_gradient_model.hpp>
#include <sgdsde/analysis/gibbs/gibbs.hpp>
#include <sgdsde/analysis/gibbs/gibbs_study_result.hpp>
#include <sgdsde/analysis/json_eigen.hpp>
#include <sgdsde/analysis/lyapunov.hpp>
#include <sgdsde/sde/simulate.hpp>
#include <sgdsde/sde/stepper_registry.hpp>
#include <sgdsde/sgd/paired_side.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <string>

namespace sgdsde::analysis {

namespace detail {
// Feeds the area-rate estimator from one long trajectory, after a burn-in.
class area_observer {
 public:
  area_observer(double dt, std::uint64_t burn_in) : estimator_(dt), burn_in_(burn_in) {}
  template <class State>
  void observe(std::uint64_t step, double, const State& x) {
    if (step >= burn_in_) estimator_.add(x);
  }
  template <class State> void finish(const State&, double) {}
  void merge(const area_observer& other) {
    if (other.estimator_.rate().count() > 0) *this = other;  // one run: the merge only moves it
  }
  const batch_means& rate() const { return estimator_.rate(); }

 private:
  area_rate_estimator estimator_;
  std::uint64_t burn_in_;
};

}  // namespace detail

// f: a quadratic with constant gradient noise in d = 2 (an objective with an affine model whose
// per-sample gradient covariance does not depend on x, e.g. sgd::noisy_quadratic).
template <class Objective>
gibbs_study_result run_gibbs_study(const Objective& f, const sgd::vector& x0, const gibbs_study_options& options) {
  static_assert(has_affine_model_v<Objective>, "the Gibbs study needs an objective with affine per-sample gradients");
  if (!has_affine(f)) throw std::invalid_argument("gibbs study: " + f.description() + " has no affine per-sample gradients");
  std::string error;
  if (!options.is_valid(&error)) throw std::invalid_argument("gibbs study: " + error);
  if (f.dim() != 2) throw std::invalid_argument("gibbs study: the probability current needs d = 2, got d = " + std::to_string(f.dim()));
  gibbs_study_result r;
  r.options = options;
  const auto model = affine_model(f);
  r.hessian = model.A_bar();
  const Eigen::MatrixXd zero = Eigen::MatrixXd::Zero(2, 2);
  r.noise_covariance = model.expected_gradient_covariance(Eigen::VectorXd::Zero(2), zero);
  if ((model.expected_gradient_covariance(Eigen::VectorXd::Ones(2), Eigen::MatrixXd::Identity(2, 2)) - r.noise_covariance)
          .norm() > 1e-12 * (1.0 + r.noise_covariance.norm()))
    throw std::invalid_argument("gibbs study: the gradient noise depends on x; the exact covariances need constant noise");
  r.c_over_b = sgd::minibatch_noise_scale(options.sampler, f.size(), options.batch);
  const double eta = options.eta;
  Eigen::VectorXd hessian_eigenvalues;
  sde::symmetric_eigen(r.hessian, hessian_eigenvalues);
  const double L = hessian_eigenvalues.maxCoeff();
  if (!(eta < 2.0 / L))
    throw std::invalid_argument("eta " + std::to_string(eta) + " >= 2/L = " + std::to_string(2.0 / L) +
                                ": SGD has no stationary law (it diverges); the SME still has one");
  const Eigen::MatrixXd I = Eigen::MatrixXd::Identity(2, 2), D = r.sme_diffusion();
  r.sgd.stationary_covariance = discrete_lyapunov(I - eta * r.hessian, eta * D);
  r.sme.stationary_covariance = continuous_lyapunov(r.hessian, D);
  r.commutator_norm = (r.hessian * r.noise_covariance - r.noise_covariance * r.hessian).norm();

  auto run = sgd::constant_rate_run(eta, options.batch, options.sampler, options.steps, options.seed);
  run.ensemble.n_paths = 1;
  const auto pair = sgd::pair_with_sme(run, 1, options.substeps, sgd::diffusion_form::covariance);
  r.sgd.area_rate = sgd::simulate_side("sgd", f, pair, x0, detail::area_observer(eta, options.burn_in)).rate();
  const detail::area_observer sme_observer(pair.sde.dt, options.burn_in * options.substeps);
  r.sme.area_rate = sgd::simulate_side(options.integrator, f, pair, x0, sme_observer).rate();
  for (gibbs_side* side : {&r.sgd, &r.sme}) {
    side->fit = fit_gibbs(r.hessian, side->stationary_covariance);
    side->area_rate_exact = ou_area_rate(r.hessian, side->stationary_covariance);
  }
  if (options.integrator == "euler_maruyama") {
    const double h = pair.sde.dt;
    r.sme_area_rate_exact_discretised = ou_area_rate(r.hessian, discrete_lyapunov(I - h * r.hessian, h * D));
  }
  return r;
}

}  // namespace sgdsde::analysis
