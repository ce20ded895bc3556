#pragma once
// The one path loop. Every runner — one path (integrate_path.hpp), four interleaved paths
// (simulate.hpp), eight SIMD lanes (lane_paths_runner.hpp), an SGD run (sgd_simulator.hpp) — is a
// *process* advanced by this loop, so the clock, the divergence check, the observers' calls and the
// early stop are written once. A process advances one path or a pack of paths in lockstep:
//   void advance(std::uint64_t k, double t, double h)  step k, from t to t + h (noise drawn inside)
//   bool within(double limit) const                     every state finite with |x|∞ ≤ limit
//   [[noreturn]] void diverged(std::uint64_t step, double t) const
//                                                       throws the divergence error of the
//                                                       lowest-indexed diverging path
//   void observe(std::uint64_t step, double t)          every path's observer
//   bool done() const                                   every path's observer stopped early
//   void finish(double t)
// A front end's stop request (interrupt.hpp) is checked before every step.
// A clock gives the steps: `steps()`, `step(k)` (h_k) and `after(k, t, h)` (t_{k+1}).
#include <sgdsde/sde/interrupt.hpp>
#include <sgdsde/sde/simulation_options.hpp>

#include <Eigen/Core>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace sgdsde::sde {

// The SDE grid of simulation_options: constant steps t_k = t0 + k·dt (no accumulated rounding), or
// the given variable steps t_{k+1} = t_k + h_k.
class grid_clock {
 public:
  explicit grid_clock(const simulation_options& o)
      : t0_(o.t0), dt_(o.dt), n_(o.steps()), sizes_(o.step_sizes.empty() ? nullptr : &o.step_sizes) {}
  double start() const { return t0_; }
  std::uint64_t steps() const { return n_; }
  double step(std::uint64_t k) const { return sizes_ ? (*sizes_)[k] : dt_; }
  double after(std::uint64_t k, double t, double h) const { return sizes_ ? t + h : t0_ + double(k + 1) * dt_; }

 private:
  double t0_, dt_;
  std::uint64_t n_;
  const std::vector<double>* sizes_;
};

// |x|∞ above bound is divergence; an infinite bound leaves only non-finite states (the largest double
// is then the limit, which every finite state is within).
inline double divergence_limit(double bound) { return std::isfinite(bound) ? bound : std::numeric_limits<double>::max(); }

// Runs the process over the clock's steps; returns the final time.
template <class Process, class Clock>
double run_path_loop(Process& process, const Clock& clock, double bound) {
  const double limit = divergence_limit(bound);
  double t = clock.start();
  process.observe(0, t);
  const std::uint64_t n = clock.steps();
  for (std::uint64_t k = 0; k < n; ++k) {
    check_interrupt();
    const double h = clock.step(k);
    process.advance(k, t, h);
    t = clock.after(k, t, h);
    if (!process.within(limit)) process.diverged(k + 1, t);
    process.observe(k + 1, t);
    if (process.done()) break;
  }
  process.finish(t);
  return t;
}

// Whether a state is finite with |x|∞ ≤ limit (limit = divergence_limit(bound)).
template <class State>
bool state_within(const State& x, double limit) {
  return x.allFinite() && x.template lpNorm<Eigen::Infinity>() <= limit;
}

}  // namespace sgdsde::sde
