#pragma once
// One path of an SDE: the loop every runner shares when it advances a single path.
#include <sgdsde/sde/brownian_stream.hpp>
#include <sgdsde/sde/divergence_error.hpp>
#include <sgdsde/sde/early_stop.hpp>
#include <sgdsde/sde/simulation_options.hpp>

#include <cmath>
#include <stdexcept>
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
  noise.expect_steps(n_steps);
  for (std::uint64_t k = 0; k < n_steps; ++k) {
    const double h = options.step_size(k);
    noise.next(h, dw);
    stepper.do_step(problem, x, t, dw);
    t = variable ? t + h : options.t0 + double(k + 1) * options.dt;
    if (!x.allFinite()) throw divergence_error(path, k + 1, t);
    if (bounded && x.template lpNorm<Eigen::Infinity>() > options.bound)
      throw divergence_error(path, k + 1, t, "state beyond the bound " + bound_text(options.bound));
    observer.observe(k + 1, t, x);
    if (path_done(observer)) break;
  }
  observer.finish(x, t);
}

// For runners that advance a group of paths [first, first + count) in lockstep, when one of them
// diverged: the run must stop with the error of the lowest-indexed diverging path, as if the paths
// had run one at a time, whichever path the lockstep noticed first. Paths are bit-identical either
// way, so running the group one at a time reproduces that error exactly (only on this failure path).
template <class Stepper, class Problem, class Observer>
[[noreturn]] void rethrow_first_divergence(const Problem& problem, const typename Problem::state_type& x0,
                                           const simulation_options& options, const Observer& prototype,
                                           std::uint64_t first, std::uint64_t count) {
  Stepper stepper(problem);
  typename Stepper::increment_type dw(problem.noise_dim());
  for (std::uint64_t path = first; path < first + count; ++path) {
    brownian_stream<Problem::fixed_noise_dim> noise(options.seed, path, problem.noise_dim(), Stepper::uses_levy_area,
                                                    options.levy_area_tolerance);
    typename Problem::state_type x = x0;
    Observer observer(prototype);
    integrate_path(stepper, problem, x, noise, dw, options, path, observer);
  }
  throw std::logic_error("a path diverged in lockstep but not on its own");
}

}  // namespace sgdsde::sde
