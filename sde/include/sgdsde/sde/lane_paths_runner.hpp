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

  // Paths first, first+1, ..., first+active-1; lanes past `active` repeat the last path.
  void run_group(std::uint64_t first, int active, Observer& chunk_observer) {
    const double t0 = options_.t0, bound = options_.bound;
    const double limit = std::isfinite(bound) ? bound : std::numeric_limits<double>::max();
    const bool variable = !options_.step_sizes.empty();
    const std::uint64_t n_steps = options_.steps();
    for (int l = 0; l < N; ++l)
      streams_[l] = random_stream(options_.seed, first + std::uint64_t(std::min(l, active - 1)), substream::brownian);
    double last_h = std::numeric_limits<double>::quiet_NaN(), sqrt_h = 0.0;
    lane_state x;
    for (int i = 0; i < D; ++i) x[i] = lane(x0_[i]);
    for (int l = 0; l < active; ++l) {
      observers_[l].emplace(prototype_);  // copy-constructed: observers holding lambdas are not assignable
      observers_[l]->observe(0, t0, x0_);
    }
    lane_state a;
    lane_diffusion b;
    lane_noise dW;
    double t = t0;
    for (std::uint64_t k = 0; k < n_steps; ++k) {
      const double h = options_.step_size(k);
      if (h != last_h) last_h = h, sqrt_h = std::sqrt(h);
      // What brownian_stream::next draws: M standard normals from the path's brownian substream, × √h.
      // They are drawn block_steps steps ahead, one stream at a time: a tight loop on one stream
      // costs 5.7 ns a normal here, drawing round-robin across N streams 9.3 ns.
      const std::uint64_t in_block = k % block_steps;
      if (in_block == 0) {
        const int count = M * int(std::min<std::uint64_t>(block_steps, n_steps - k));
        for (int l = 0; l < N; ++l) fill_standard_normal(streams_[l], normals_.data() + l, std::size_t(count), N);
      }
      for (int j = 0; j < M; ++j) {
        lane z;
        std::memcpy(&z.v, normals_.data() + (in_block * M + j) * N, sizeof z.v);
        dW[j] = z * sqrt_h;
      }
      problem_.drift_across_paths(x, t, a);
      problem_.diffusion_across_paths(x, t, b);
      Stepper::advance(x, a, b, dW, h);
      t = variable ? t + h : t0 + double(k + 1) * options_.dt;
      bool inside = true;
      for (int i = 0; i < D; ++i) inside &= all_within(x[i], limit);
      if (!inside) rethrow_first_divergence<Stepper>(problem_, x0_, options_, prototype_, first, std::uint64_t(active));
      for (int l = 0; l < active; ++l) observers_[l]->observe(k + 1, t, lane_state_of(x, l));
    }
    for (int l = 0; l < active; ++l) {
      observers_[l]->finish(lane_state_of(x, l), t);
      chunk_observer.merge(*observers_[l]);
    }
  }

  Problem problem_;  // a copy per worker: functors with workspaces are never shared between threads
  state_type x0_;
  simulation_options options_;
  Observer prototype_;
  static constexpr std::uint64_t block_steps = M >= 256 ? 1 : 256 / M;  // ~256 normals per lane and block
  std::vector<random_stream> streams_ = std::vector<random_stream>(N, random_stream(0, 0));  // reset per group
  std::vector<double> normals_ = std::vector<double>(block_steps * M * N);  // [step in block × M + j][lane]
  std::array<std::optional<Observer>, N> observers_;
};

}  // namespace sgdsde::sde
