#pragma once
// SIMD across paths: a worker of simulate_ensemble that advances lane_width paths per instruction.
// The state of a group of paths is one Eigen::Matrix<lanes<N>, D, 1>; the problem's functors
// (wrapped in across_paths()) are evaluated once per step for the whole group, and the stepper's
// update is shared with its one-path do_step, so every path is bit for bit the path the one-at-a-time
// runner computes (tested). Each path still draws from its own Brownian stream (seed, path) and
// streams into its own copy of the observer, merged in path order: results do not depend on the
// thread count, the chunk split, or whether a problem runs across paths at all.
//
// A chunk whose size is not a multiple of N fills its last group with copies of its last path; the
// copies are computed and thrown away, so every path of the problem takes the same route. A path
// that diverges stops the run with the error the one-path runner gives (same path, step, message).
#include <sgdsde/sde/brownian_stream.hpp>
#include <sgdsde/sde/early_stop.hpp>
#include <sgdsde/sde/ensemble.hpp>
#include <sgdsde/sde/integrate_path.hpp>
#include <sgdsde/sde/lanes.hpp>
#include <sgdsde/sde/path_loop.hpp>
#include <sgdsde/sde/random_stream.hpp>
#include <sgdsde/sde/simulation_options.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace sgdsde::sde {

// Paths per group: 8 doubles fill a 512-bit register, or four SSE2 registers on any x86-64.
inline constexpr int lane_width = 8;

template <class Stepper, class = void>
struct steps_across_paths : std::false_type {};
template <class Stepper>
struct steps_across_paths<Stepper, std::enable_if_t<Stepper::steps_across_paths>> : std::true_type {};

// True when simulate_ensemble runs this problem, stepper and observer N paths at a time. Observers
// that end paths early (first passage) need paths that stop on their own, so they run one at a time.
template <class Stepper, class Problem, class Observer>
inline constexpr bool runs_across_paths_v =
    Problem::runs_across_paths && steps_across_paths<Stepper>::value && !stops_early_v<Observer>;

template <class Stepper, class Problem, class Observer, int N = lane_width>
class lane_paths_runner {
 public:
  using state_type = typename Problem::state_type;
  using lane = lanes<N>;
  static constexpr int D = Problem::fixed_dim, M = Problem::fixed_noise_dim;
  using diffusion_type = typename Problem::diffusion_type;
  using lane_state = Eigen::Matrix<lane, D, 1>;
  using lane_noise = Eigen::Matrix<lane, M, 1>;
  using lane_diffusion = Eigen::Matrix<lane, diffusion_type::RowsAtCompileTime, diffusion_type::ColsAtCompileTime>;

  lane_paths_runner(const Problem& problem, const state_type& x0, const simulation_options& options,
                    const Observer& prototype)
      : problem_(problem), x0_(x0), options_(options), prototype_(prototype) {}

  void operator()(path_range range, Observer& chunk_observer) {
    for (std::uint64_t first = range.begin; first < range.end; first += N)
      run_group(first, static_cast<int>(std::min<std::uint64_t>(N, range.end - first)), chunk_observer);
  }

 private:
  state_type lane_state_of(const lane_state& x, int l) const {
    state_type out;
    for (int i = 0; i < D; ++i) out[i] = x[i][l];
    return out;
  }

  // Paths first, first+1, ..., first+active-1 as one process of the path loop (path_loop.hpp); lanes
  // past `active` repeat the last path.
  struct lane_group {
    lane_paths_runner& runner;
    Problem& problem;        // the runner's, cached with the buffers below so the step's loads stay local
    brownian_stream<M>* streams;
    double* normals;
    std::uint64_t first;
    int active;
    std::uint64_t n_steps;
    lane_state x, a;
    lane_diffusion b;
    lane_noise dW;
    bool variable;   // variable steps: √h per step; constant ones: √dt once
    double sqrt_dt;

    void advance(std::uint64_t k, double t, double h) {
      const double sqrt_h = variable ? std::sqrt(h) : sqrt_dt;
      const std::uint64_t in_block = k % block_steps;
      if (in_block == 0) {
        const int count = M * int(std::min<std::uint64_t>(block_steps, n_steps - k));
        for (int l = 0; l < N; ++l) streams[l].next_standard_normals(normals + l, std::size_t(count), N);
      }
      for (int j = 0; j < M; ++j) {
        lane z;
        std::memcpy(&z.v, normals + (in_block * M + j) * N, sizeof z.v);
        dW[j] = z * sqrt_h;
      }
      problem.drift_across_paths(x, t, a);
      problem.diffusion_across_paths(x, t, b);
      Stepper::advance(x, a, b, dW, h);
    }
    bool within(double limit) const {
      bool inside = true;
      for (int i = 0; i < D; ++i) inside &= all_within(x[i], limit);
      return inside;
    }
    [[noreturn]] void diverged(std::uint64_t, double) const {
      rethrow_first_divergence<Stepper>(runner.problem_, runner.x0_, runner.options_, runner.prototype_, first,
                                        std::uint64_t(active));
    }
    void observe(std::uint64_t k, double t) {
      for (int l = 0; l < active; ++l) runner.observers_[l]->observe(k, t, runner.lane_state_of(x, l));
    }
    bool done() const { return false; }
    void finish(double t) {
      for (int l = 0; l < active; ++l) runner.observers_[l]->finish(runner.lane_state_of(x, l), t);
    }
  };

  void run_group(std::uint64_t first, int active, Observer& chunk_observer) {
    for (int l = 0; l < N; ++l)
      streams_[l] = brownian_stream<M>(options_.seed, first + std::uint64_t(std::min(l, active - 1)), M);
    lane_group group{*this, problem_, streams_.data(), normals_.data(), first, active, options_.steps(), {}, {}, {}, {},
                     !options_.step_sizes.empty(), std::sqrt(options_.dt)};
    for (int i = 0; i < D; ++i) group.x[i] = lane(x0_[i]);
    for (int l = 0; l < active; ++l) observers_[l].emplace(prototype_);  // copy-constructed: observers holding lambdas are not assignable
    run_path_loop(group, grid_clock(options_), options_.bound);
    for (int l = 0; l < active; ++l) chunk_observer.merge(*observers_[l]);
  }

  Problem problem_;  // a copy per worker: functors with workspaces are never shared between threads
  state_type x0_;
  simulation_options options_;
  Observer prototype_;
  static constexpr std::uint64_t block_steps = M >= 256 ? 1 : 256 / M;  // ~256 normals per lane and block
  std::vector<brownian_stream<M>> streams_ = std::vector<brownian_stream<M>>(N, brownian_stream<M>(0, 0, M));  // reset per group
  std::vector<double> normals_ = std::vector<double>(block_steps * M * N);  // [step in block × M + j][lane]
  std::array<std::optional<Observer>, N> observers_;
};

}  // namespace sgdsde::sde
