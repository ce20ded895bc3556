#pragma once
// One path of an SDE on the path loop (path_loop.hpp), and the lockstep runners' divergence rule.
#include <sgdsde/sde/brownian_stream.hpp>
#include <sgdsde/sde/divergence_error.hpp>
#include <sgdsde/sde/early_stop.hpp>
#include <sgdsde/sde/path_loop.hpp>
#include <sgdsde/sde/simulation_options.hpp>

#include <cmath>
#include <stdexcept>
#include <string>

namespace sgdsde::sde {

// One path as a process of the path loop (path_loop.hpp): its stepper, state, noise and observer.
template <class Stepper, class Problem, class Observer>
class single_path_process {
 public:
  single_path_process(Stepper& stepper, const Problem& problem, typename Problem::state_type& x,
                      brownian_stream<Problem::fixed_noise_dim>& noise, typename Stepper::increment_type& dw,
                      double bound, std::uint64_t path, Observer& observer)
      : stepper_(stepper), problem_(problem), x_(x), noise_(noise), dw_(dw), bound_(bound), path_(path), observer_(observer) {}
  void advance(std::uint64_t, double t, double h) {
    noise_.next(h, dw_);
    stepper_.do_step(problem_, x_, t, dw_);
  }
  bool within(double limit) const { return state_within(x_, limit); }
  [[noreturn]] void diverged(std::uint64_t step, double t) const {
    if (!x_.allFinite()) throw divergence_error(path_, step, t);
    throw divergence_error(path_, step, t, "state beyond the bound " + bound_text(bound_));
  }
  void observe(std::uint64_t step, double t) { observer_.observe(step, t, x_); }
  bool done() const { return path_done(observer_); }
  void finish(double t) { observer_.finish(x_, t); }

 private:
  Stepper& stepper_;
  const Problem& problem_;
  typename Problem::state_type& x_;
  brownian_stream<Problem::fixed_noise_dim>& noise_;
  typename Stepper::increment_type& dw_;
  double bound_;
  std::uint64_t path_;
  Observer& observer_;
};

// Integrates one path from x (in place), calling observer.observe at every step and finish at the end.
template <class Stepper, class Problem, class Observer>
void integrate_path(Stepper& stepper, const Problem& problem, typename Problem::state_type& x,
                    brownian_stream<Problem::fixed_noise_dim>& noise, typename Stepper::increment_type& dw,
                    const simulation_options& options, std::uint64_t path, Observer& observer) {
  noise.expect_steps(options.steps());
  single_path_process<Stepper, Problem, Observer> process(stepper, problem, x, noise, dw, options.bound, path, observer);
  run_path_loop(process, grid_clock(options), options.bound);
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
