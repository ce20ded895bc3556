#pragma once
// Solve: an ensemble of paths of one SDE with one stepper at a constant step, each path driven by
// its own Brownian stream (seed, path) and streamed into an observer. The same seed gives
// bit-identical observers for any thread count (see ensemble.hpp).
#include <sgdsde/sde/brownian_stream.hpp>
#include <sgdsde/sde/divergence_error.hpp>
#include <sgdsde/sde/ensemble.hpp>

#include <cmath>
#include <limits>
#include <string>

namespace sgdsde::sde {

struct simulation_options {
  double t0 = 0.0;
  double dt = 1e-2;
  std::uint64_t n_steps = 100;
  std::uint64_t seed = 1;
  double levy_area_tolerance = 1.0;                        // see levy_area.hpp
  double bound = std::numeric_limits<double>::infinity();  // |x|_∞ above this counts as divergence
  ensemble_options ensemble;

  bool is_valid(std::string* error) const {
    auto fail = [&](const std::string& m) { if (error) *error = m; return false; };
    if (!std::isfinite(t0)) return fail("t0 must be finite");
    if (!(dt > 0.0) || !std::isfinite(dt)) return fail("dt must be finite and > 0, got " + std::to_string(dt));
    if (n_steps < 1) return fail("n_steps must be >= 1");
    if (!(levy_area_tolerance > 0.0)) return fail("levy_area_tolerance must be > 0");
    if (!(bound > 0.0)) return fail("bound must be > 0");
    return ensemble.is_valid(error);
  }
};

// Integrates one path from x (in place), calling observer.observe at every step and finish at the end.
template <class Stepper, class Problem, class Observer>
void integrate_path(Stepper& stepper, const Problem& problem, typename Problem::state_type& x,
                    brownian_stream<Problem::fixed_noise_dim>& noise, typename Stepper::increment_type& dw,
                    const simulation_options& options, std::uint64_t path, Observer& observer) {
  const bool bounded = std::isfinite(options.bound);
  double t = options.t0;
  observer.observe(0, t, x);
  for (std::uint64_t k = 0; k < options.n_steps; ++k) {
    noise.next(options.dt, dw);
    stepper.do_step(problem, x, t, dw);
    t = options.t0 + double(k + 1) * options.dt;
    if (!x.allFinite()) throw divergence_error(path, k + 1, t);
    if (bounded && x.template lpNorm<Eigen::Infinity>() > options.bound)
      throw divergence_error(path, k + 1, t, "state beyond the bound " + std::to_string(options.bound));
    observer.observe(k + 1, t, x);
  }
  observer.finish(x, t);
}

template <template <class> class StepperT, class Problem, class Observer>
Observer simulate_ensemble(const Problem& problem, const typename Problem::state_type& x0,
                           const simulation_options& options, const Observer& prototype) {
  std::string error;
  if (!options.is_valid(&error)) throw std::invalid_argument("simulation_options: " + error);
  problem.check_state(x0);
  using stepper_type = StepperT<Problem>;
  constexpr bool areas = stepper_type::uses_levy_area;
  // Each worker copies this functor: its own problem, stepper and buffers, no sharing.
  auto run_path = [problem, x0, options, stepper = stepper_type(problem),
                   dw = typename stepper_type::increment_type(problem.noise_dim()),
                   x = x0](std::uint64_t path, Observer& observer) mutable {
    brownian_stream<Problem::fixed_noise_dim> noise(options.seed, path, problem.noise_dim(), areas,
                                                     options.levy_area_tolerance);
    x = x0;
    integrate_path(stepper, problem, x, noise, dw, options, path, observer);
  };
  return run_ensemble(options.ensemble, prototype, run_path);
}

}  // namespace sgdsde::sde
