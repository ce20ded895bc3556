#pragma once
// SGD at a constant rate η with replacement, paired with its SME (covariance diffusion, dt = η/s) by the
// library's one pairing, for the long-time commands: same horizon, seed, ensemble and progress hook.
#include <sgdsde/sgd/sme_pairing.hpp>

namespace sgdsde::cli {

inline sgd::sgd_sme_pair match_runs(double eta, std::size_t batch, std::uint64_t steps, std::uint64_t substeps,
                                    std::uint64_t seed, const sde::ensemble_options& ensemble) {
  sgd::sgd_options run;
  run.schedule = sgd::learning_rate_schedule::constant(eta);
  run.batch = batch;
  run.n_steps = steps;
  run.seed = seed;
  run.ensemble = ensemble;
  return sgd::pair_with_sme(run, 1, substeps, sgd::diffusion_form::covariance);
}

}  // namespace sgdsde::cli
