#pragma once
// SGD at a constant rate η and its SME (covariance diffusion, Euler–Maruyama/Milstein at dt = η/s) set
// up side by side: same horizon (K SGD steps = Ks SDE steps), seed, ensemble and progress hook, so the
// long-time commands compare like with like.
#include <sgdsde/sde/simulate.hpp>
#include <sgdsde/sgd/sgd_options.hpp>
#include <sgdsde/sgd/sme.hpp>

namespace sgdsde::cli {

struct matched_runs {
  sgd::sgd_options sgd;
  sgd::sme_options sme;
  sde::simulation_options sim;
};

inline matched_runs match_runs(double eta, std::size_t batch, std::uint64_t steps, std::uint64_t substeps,
                               std::uint64_t seed, const sde::ensemble_options& ensemble) {
  matched_runs r;
  r.sgd.schedule = sgd::learning_rate_schedule::constant(eta);
  r.sgd.batch = batch;
  r.sgd.n_steps = steps;
  r.sgd.seed = seed;
  r.sgd.ensemble = ensemble;
  r.sme.schedule = r.sgd.schedule;
  r.sme.batch = batch;
  r.sme.form = sgd::diffusion_form::covariance;
  r.sim.dt = eta / double(substeps);
  r.sim.n_steps = steps * substeps;
  r.sim.seed = seed;
  r.sim.ensemble = ensemble;
  return r;
}

}  // namespace sgdsde::cli
