#pragma once
// Solve: an ensemble of paths of one SDE with one stepper at a constant step, each path driven by
// its own Brownian stream (seed, path) and streamed into an observer. The same seed gives
// bit-identical observers for any thread count (see ensemble.hpp).
#include <sgdsde/sde/brownian_stream.hpp>
#include <sgdsde/sde/divergence_error.hpp>
#include <sgdsde/sde/early_stop.hpp>
#include <sgdsde/sde/noise_structure.hpp>
#include <sgdsde/sde/ensemble.hpp>
#include <sgdsde/sde/integrate_path.hpp>
#include <sgdsde/sde/lane_paths_runner.hpp>
#include <sgdsde/sde/simulation_options.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace sgdsde::sde {

// Paths one worker advances in lockstep when the problem does not run across paths (see
// lane_paths_runner.hpp). Each step is a dependency chain (a state-dependent 2×2 Cholesky alone is
// sqrt → div → sqrt; even 1-D OU is mul → add → finite check), and brownian_stream generates its
// normals in blocks between steps, so a lone path leaves the CPU waiting on its chain; four
// independent paths overlap theirs (2-D covariance: 20M → 38M path-steps/s; 1-D OU: 101M → 130M).
// Results never depend on it: every path streams into its own fresh copy of the prototype
// observer, merged into the chunk's observer in path order.
inline constexpr std::size_t interleaved_paths = 4;

// The per-worker state of simulate_ensemble: one stepper, stream, state and observer per lane.
template <class Stepper, class Problem, class Observer>
class interleaved_paths_runner {
 public:
  using state_type = typename Problem::state_type;
  using noise_type = brownian_stream<Problem::fixed_noise_dim>;

  interleaved_paths_runner(const Problem& problem, const state_type& x0, const simulation_options& options,
                           const Observer& prototype)
      : problem_(problem), x0_(x0), options_(options), prototype_(prototype) {
    lanes_.reserve(interleaved_paths);
    for (std::size_t l = 0; l < interleaved_paths; ++l) lanes_.emplace_back(problem_, x0_, options_);
  }

  void operator()(path_range range, Observer& chunk_observer) {
    constexpr std::size_t lanes = interleaved_paths;
    std::uint64_t first = range.begin;
    // Lockstep lanes all run n_steps, so an observer that stops its path early runs one at a time.
    if constexpr (!stops_early_v<Observer>)
      for (; first + lanes <= range.end; first += lanes) run_group<lanes>(first, chunk_observer);
    for (; first < range.end; ++first) run_one(first, chunk_observer);
  }

 private:
  void run_one(std::uint64_t path, Observer& chunk_observer) {
    lane& p = lanes_[0];
    p.noise = noise_type(options_.seed, path, problem_.noise_dim(), Stepper::uses_levy_area,
                         options_.levy_area_tolerance);
    p.x = x0_;
    p.observer.emplace(prototype_);  // copy-constructed: observers holding lambdas are not assignable
    integrate_path(p.stepper, problem_, p.x, p.noise, p.dw, options_, path, *p.observer);
    chunk_observer.merge(*p.observer);
  }

  struct lane;

  // Lanes paths in lockstep as one process of the path loop. Lanes is a compile-time count so the
  // lane loops unroll.
  template <std::size_t Lanes>
  struct lockstep_group {
    interleaved_paths_runner& runner;
    lane* lanes;
    std::uint64_t first;
    void advance(std::uint64_t, double t, double h) {
      for (std::size_t l = 0; l < Lanes; ++l) lanes[l].noise.next(h, lanes[l].dw);
      for (std::size_t l = 0; l < Lanes; ++l) lanes[l].stepper.do_step(runner.problem_, lanes[l].x, t, lanes[l].dw);
    }
    bool within(double limit) const {
      bool inside = true;
      for (std::size_t l = 0; l < Lanes; ++l) inside &= state_within(lanes[l].x, limit);
      return inside;
    }
    [[noreturn]] void diverged(std::uint64_t, double) const {
      rethrow_first_divergence<Stepper>(runner.problem_, runner.x0_, runner.options_, runner.prototype_, first, Lanes);
    }
    void observe(std::uint64_t k, double t) {
      for (std::size_t l = 0; l < Lanes; ++l) lanes[l].observer->observe(k, t, lanes[l].x);
    }
    bool done() const { return false; }  // early-stopping observers run one path at a time
    void finish(double t) {
      for (std::size_t l = 0; l < Lanes; ++l) lanes[l].observer->finish(lanes[l].x, t);
    }
  };

  template <std::size_t Lanes>
  void run_group(std::uint64_t first, Observer& chunk_observer) {
    lane* lanes = lanes_.data();
    for (std::size_t l = 0; l < Lanes; ++l) {
      lanes[l].noise = noise_type(options_.seed, first + l, problem_.noise_dim(), Stepper::uses_levy_area,
                                  options_.levy_area_tolerance);
      lanes[l].noise.expect_steps(options_.steps());
      lanes[l].x = x0_;
      lanes[l].observer.emplace(prototype_);
    }
    lockstep_group<Lanes> group{*this, lanes, first};
    run_path_loop(group, grid_clock(options_), options_.bound);
    for (std::size_t l = 0; l < Lanes; ++l) chunk_observer.merge(*lanes[l].observer);
  }

  // One path's working set, cache-line aligned so two workers never write the same line.
  struct alignas(64) lane {
    lane(const Problem& problem, const state_type& x0, const simulation_options& options)
        : stepper(problem), dw(problem.noise_dim()),
          noise(options.seed, 0, problem.noise_dim(), Stepper::uses_levy_area, options.levy_area_tolerance),
          x(x0) {}
    Stepper stepper;
    typename Stepper::increment_type dw;
    noise_type noise;
    state_type x;
    std::optional<Observer> observer;
  };

  Problem problem_;  // a copy per worker: functors with workspaces are never shared between threads
  state_type x0_;
  simulation_options options_;
  Observer prototype_;
  std::vector<lane> lanes_;
};

// Runs options.ensemble.n_paths paths from x0 with StepperT (euler_maruyama, milstein) and returns
// the merged observer. `prototype` must be empty: each path streams into a copy of it.
template <template <class> class StepperT, class Problem, class Observer>
Observer simulate_ensemble(const Problem& problem, const typename Problem::state_type& x0,
                           const simulation_options& options, const Observer& prototype) {
  std::string error;
  if (!options.is_valid(&error)) throw std::invalid_argument("simulation_options: " + error);
  problem.check_state(x0);
  // Each worker copies the runner: its own problem, steppers and buffers, no sharing.
  using stepper = StepperT<Problem>;
  if constexpr (runs_across_paths_v<stepper, Problem, Observer>) {
    lane_paths_runner<stepper, Problem, Observer> runner(problem, x0, options, prototype);
    return run_ensemble(options.ensemble, prototype, runner);
  } else {
    interleaved_paths_runner<stepper, Problem, Observer> runner(problem, x0, options, prototype);
    return run_ensemble(options.ensemble, prototype, runner);
  }
}

}  // namespace sgdsde::sde
