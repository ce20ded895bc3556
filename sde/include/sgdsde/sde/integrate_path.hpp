#pragma once
// One path of an SDE: the loop every runner shares when it advances a single path.
#include <sgdsde/sde/brownian_stream.hpp>
#include <sgdsde/sde/divergence_error.hpp>
#include <sgdsde/sde/early_stop.hpp>
#include <sgdsde/sde/simulation_options.hpp>

#include <cmath>
#include <string>

namespace sgdsde::sde {

// Integrates one path from x (in place), calling observer.observe at every step and finish at the end.
template <class Stepper, class Problem, class Observer>
void integrate_path(Stepper& stepper, const Problem& problem, typename Problem::state_type& x,
                    brownian_stream<Problem::fixed_noise_dim>& noise, typename Stepper::increment_type& dw,
                    const simulation_options& options, std::uint64_t path, Observer& observer) {
  const bool bounded = std::isfinite(options.bound);
  double t = options.t0;
  observer.observe(0, t, x);
  const bool variable = !options.step_sizes.empty();
  const std::uint64_t n_steps = options.steps();
  for (std::uint64_t k = 0; k < n_steps; ++k) {
    const double h = options.step_size(k);
    noise.next(h, dw);
    stepper.do_step(problem, x, t, dw);
    t = variable ? t + h : options.t0 + double(k + 1) * options.dt;
    if (!x.allFinite()) throw divergence_error(path, k + 1, t);
    if (bounded && x.template lpNorm<Eigen::Infinity>() > options.bound)
      throw divergence_error(path, k + 1, t, "state beyond the bound " + std::to_string(options.bound));
    observer.observe(k + 1, t, x);
    if (path_done(observer)) break;
  }
  observer.finish(x, t);
}

}  // namespace sgdsde::sde
