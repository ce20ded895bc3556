#pragma once
// The one pairing of an SGD run with its stochastic modified equation (design §7): from the SGD
// run's options, the SME's options and the time grid it is integrated on, so that nobody writes the
// noise scale or the clock twice.
//   drift      −∇f (order 1) or −(∇f + (η(t)/2) H∇f) (order 2)
//   diffusion  √(η(t) c Σ(X)/B) with the run's batch B and its sampler's c (sampler.hpp); injected
//              Gaussian noise has covariance Σ/B whatever the sampler, so c = 1 there
//   time       t_k = Σ_{i<k} η_i: `substeps` SDE steps of η_k/substeps per SGD step k, so SDE step
//              k·substeps lands on t_k and the records of both runs line up; same seed, ensemble and
//              divergence bound.
// Only updates that have this SME are paired: plain SGD and Gaussian injected noise. Momentum,
// stochastic approximation, heavy-tailed noise and reported averages have other limits and are refused.
#include <sgdsde/sde/simulation_options.hpp>
#include <sgdsde/sgd/sgd_options.hpp>
#include <sgdsde/sgd/sme.hpp>

#include <stdexcept>
#include <string>

namespace sgdsde::sgd {

struct sgd_sme_pair {
  sgd_options sgd;               // the SGD run, as given
  sme_options sme;               // its SME's options: make_sme(f, pair.sme)
  sde::simulation_options sde;   // the SME's time grid, seed, ensemble and bound
};

inline sgd_sme_pair pair_with_sme(const sgd_options& run, int order = 1, std::uint64_t substeps = 1,
                                  diffusion_form form = diffusion_form::automatic) {
  if (substeps < 1) throw std::invalid_argument("substeps must be >= 1, got 0");
  if (order != 1 && order != 2) throw std::invalid_argument("SME order must be 1 or 2, got " + std::to_string(order));
  const bool gaussian_injected = run.method == update::injected_noise && run.injected == noise_law::gaussian;
  if (run.method != update::plain && !gaussian_injected)
    throw std::invalid_argument(std::string("the SME pairs with plain SGD or Gaussian injected noise, not ") +
                                to_string(run.method) + (run.method == update::injected_noise ? " with a non-Gaussian law" : ""));
  if (run.report_average) throw std::invalid_argument("the SME pairs with the iterates, not their reported average");
  sgd_sme_pair pair;
  pair.sgd = run;
  pair.sme.order = order;
  pair.sme.schedule = run.schedule;
  pair.sme.batch = run.batch;
  pair.sme.sampler = gaussian_injected ? sampling::with_replacement : run.sampler;
  pair.sme.form = form;
  pair.sme.horizon_steps = run.n_steps;
  if (run.schedule.is_constant()) {
    pair.sde.dt = run.schedule(0) / double(substeps);
    pair.sde.n_steps = run.n_steps * substeps;
  } else {
    pair.sde.step_sizes = sme_step_sizes(run.schedule, run.n_steps, substeps);
  }
  pair.sde.seed = run.seed;
  pair.sde.ensemble = run.ensemble;
  pair.sde.bound = run.bound;
  return pair;
}

// The plain constant-rate SGD run the long-time studies pair (stationary laws, escape, Gibbs).
inline sgd_options constant_rate_run(double eta, std::size_t batch, sampling sampler, std::uint64_t steps,
                                     std::uint64_t seed, const sde::ensemble_options& ensemble = {}) {
  sgd_options run;
  run.schedule = learning_rate_schedule::constant(eta);
  run.batch = batch;
  run.sampler = sampler;
  run.n_steps = steps;
  run.seed = seed;
  run.ensemble = ensemble;
  return run;
}

}  // namespace sgdsde::sgd
