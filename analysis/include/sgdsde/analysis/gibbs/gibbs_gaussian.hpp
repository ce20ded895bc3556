#pragma once
// Gibbs versus non-Gibbs where the moments do not close (logistic regression, any objective with a
// strict minimum): the Gaussian approximation at the minimizer x* (Mandt, Hoffman & Blei 2017) beside
// the stationary covariance of an SGD ensemble.
//   x*        damped Newton on the full objective from x0 (newton_minimizer.hpp), which refuses a
//             point that is not a strict minimum and objectives without one (separable data);
//   Gaussian  H = ∇²f(x*), Σ(x*): SGD's linearised recursion (discrete Lyapunov) and the SME's OU
//             process (continuous Lyapunov), each with its Gibbs fit and area rates HS − SH;
//   ensemble  R independent SGD chains from x*, each time-averaged after a burn-in: the stationary
//             covariance C with standard errors from the spread between chains
//             (stationary_moments_from_chains), its Gibbs fit, and each approximation's distance from
//             it in Frobenius norm and in standard errors.
// The chain length defaults to the relaxation time 1/(η λ_min(H)): a burn-in of 5 of them (the
// covariance relaxes at twice that rate, and the chains start at x*) and 200 of them recorded (at
// least 10,000 steps). A state is recorded every ⌈d/2B⌉ steps, so that recording (d²/2 per state)
// costs no more than the step (B d).
#include <sgdsde/analysis/gibbs/gibbs_gaussian_result.hpp>
#include <sgdsde/analysis/gibbs/newton_minimizer.hpp>
#include <sgdsde/sgd/sgd_simulator.hpp>
#include <sgdsde/sgd/sme_pairing.hpp>

#include <Eigen/Core>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace sgdsde::analysis {

namespace detail {
// One chain's time averages of y = x − x* and y yᵀ after the burn-in, appended to the records at
// the chain's end (d values of μ, then Q's lower triangle by columns); merged in chain order.
class chain_stationary_moments {
 public:
  chain_stationary_moments(Eigen::VectorXd center, std::uint64_t burn_in, std::uint64_t every)
      : center_(std::move(center)), burn_in_(burn_in), every_(every) {}
  template <class State>
  void observe(std::uint64_t step, double, const State& x) {
    if (step < burn_in_ || (step - burn_in_) % every_ != 0) return;
    if (count_ == 0) {
      sum_.setZero(center_.size());
      square_sum_.setZero(center_.size(), center_.size());
    }
    y_ = x - center_;
    sum_ += y_;
    square_sum_.selfadjointView<Eigen::Lower>().rankUpdate(y_);
    ++count_;
  }
  template <class State>
  void finish(const State&, double) {
    const Eigen::Index d = center_.size();
    const double w = 1.0 / double(count_);
    for (Eigen::Index i = 0; i < d; ++i) records_.push_back(w * sum_[i]);
    for (Eigen::Index j = 0; j < d; ++j)
      for (Eigen::Index i = j; i < d; ++i) records_.push_back(w * square_sum_(i, j));
    count_ = 0;
  }
  void merge(const chain_stationary_moments& other) {
    records_.insert(records_.end(), other.records_.begin(), other.records_.end());
  }
  const std::vector<double>& records() const { return records_; }

 private:
  Eigen::VectorXd center_;
  std::uint64_t burn_in_, every_, count_ = 0;
  Eigen::VectorXd sum_, y_;
  Eigen::MatrixXd square_sum_;
  std::vector<double> records_;
};
}  // namespace detail

// Chain lengths the study takes from the relaxation time (where the options leave them to it).
inline void resolve_chain_lengths(gibbs_gaussian_options& o, double relaxation_steps) {
  auto steps_of = [relaxation_steps](double count, const char* what) {
    if (!(count <= 1e15))
      throw std::invalid_argument(sde::formatted("the relaxation time 1/(eta lambda_min(H)) = %.3g steps asks for %.3g %s; "
                                                 "give --burn-in and --steps yourself",
                                                 relaxation_steps, count, what));
    return std::uint64_t(std::ceil(count));
  };
  if (o.auto_burn_in) o.burn_in = steps_of(5.0 * relaxation_steps, "burn-in steps");
  if (o.auto_steps) o.steps = std::max<std::uint64_t>(10000, steps_of(200.0 * relaxation_steps, "steps"));
}

// The minimizer, Hessian and noise at x* and the chain lengths, without running the chains (a front
// end checks the work against its cap between the two; run_gibbs_gaussian does both).
template <class Objective>
gibbs_gaussian_result prepare_gibbs_gaussian(const Objective& f, const sgd::vector& x0, gibbs_gaussian_options options) {
  std::string error;
  if (!options.is_valid(&error)) throw std::invalid_argument("Gaussian-approximation Gibbs study: " + error);
  gibbs_gaussian_result r;
  r.dim = f.dim();
  r.c_over_b = sgd::minibatch_noise_scale(options.sampler, f.size(), options.batch);
  newton_minimum x_star = newton_minimize(f, x0);
  r.minimizer = std::move(x_star.x);
  r.newton_iterations = x_star.iterations;
  r.gradient_norm_at_minimizer = x_star.gradient_norm;
  r.hessian = std::move(x_star.hessian);
  r.hessian_eigenvalues = std::move(x_star.hessian_eigenvalues);
  f.gradient_covariance(r.minimizer, r.noise_covariance_at_minimizer);
  r.noise_covariance_at_minimizer = 0.5 * (r.noise_covariance_at_minimizer + r.noise_covariance_at_minimizer.transpose());
  const Eigen::MatrixXd& H = r.hessian;
  const Eigen::MatrixXd& Sigma = r.noise_covariance_at_minimizer;
  r.commutator_norm = (H * Sigma - Sigma * H).norm();
  const double L = r.hessian_eigenvalues[r.dim - 1];
  if (!(options.eta < 2.0 / L))
    throw std::invalid_argument(sde::formatted("eta %g >= 2/L = %.6g (L = %.6g, the largest curvature at x*): SGD has no "
                                               "stationary law there; lower --eta",
                                               options.eta, 2.0 / L, L));
  r.relaxation_steps = 1.0 / (options.eta * r.hessian_eigenvalues[0]);
  resolve_chain_lengths(options, r.relaxation_steps);
  r.record_every = std::max<std::uint64_t>(1, (std::uint64_t(r.dim) + 2 * options.batch - 1) / (2 * options.batch));
  r.options = options;
  r.gaussian = gaussian_approximation_at(H, Sigma, options.eta, r.c_over_b);
  return r;
}

// Runs the chains of a prepared study and compares.
template <class Objective>
void run_gibbs_gaussian_chains(const Objective& f, gibbs_gaussian_result& r) {
  const auto& o = r.options;
  auto run = sgd::constant_rate_run(o.eta, o.batch, o.sampler, o.burn_in + o.steps, o.seed);
  run.ensemble = o.ensemble;
  run.ensemble.n_paths = o.runs;
  const detail::chain_stationary_moments prototype(r.minimizer, o.burn_in + 1, r.record_every);
  const auto chains = sgd::simulate_sgd(f, r.minimizer, run, prototype);
  r.ensemble_moments = stationary_moments_from_chains(chains.records(), r.dim);
  r.compare();
}

template <class Objective>
gibbs_gaussian_result run_gibbs_gaussian(const Objective& f, const sgd::vector& x0, const gibbs_gaussian_options& options) {
  gibbs_gaussian_result r = prepare_gibbs_gaussian(f, x0, options);
  run_gibbs_gaussian_chains(f, r);
  return r;
}

}  // namespace sgdsde::analysis
