#pragma once
// Euler–Maruyama: X_{n+1} = X_n + a(X_n, t_n) h + b(X_n, t_n) ΔW_n.
//   Strong order 0.5 (1.0 for additive noise), weak order 1.0.
//   Noise structures: all (scalar, diagonal, commutative, general); Lévy areas are not used.
//   Reference: P. E. Kloeden, E. Platen, Numerical Solution of Stochastic Differential Equations,
//   Springer 1992, §10.2 (strong) and §14.1 (weak).
#include <sgdsde/sde/stepper_base.hpp>

#include <stdexcept>

namespace sgdsde::sde {

template <class Problem>
class euler_maruyama;

struct euler_maruyama_scheme {
  static constexpr const char* name = "euler_maruyama";
  static constexpr const char* title = "Euler-Maruyama";
  static constexpr double strong_order = 0.5;
  static constexpr double weak_order = 1.0;
  template <class Problem> using stepper = euler_maruyama<Problem>;
};

template <class Problem>
class euler_maruyama : public stepper_base<euler_maruyama<Problem>, Problem, euler_maruyama_scheme> {
  using base = stepper_base<euler_maruyama<Problem>, Problem, euler_maruyama_scheme>;

 public:
  using typename base::increment_type;
  using typename base::state_type;
  using base::do_step;
  static constexpr bool uses_levy_area = false;

  explicit euler_maruyama(const Problem& problem)
      : a_(problem.make_state()), noise_(problem.make_state()), b_(problem.make_diffusion()) {
    this->increment_.resize(problem.noise_dim());
  }

  // Also advances N paths at once on lanes (lane_paths_runner.hpp); advance() is shared so that
  // both do the same operations in the same order.
  static constexpr bool steps_across_paths = true;

  void do_step(const Problem& problem, state_type& x, double t, const increment_type& dw) {
    problem.drift(x, t, a_);
    if (problem.applies_diffusion()) {  // b dW without forming b (the per-sample SME: b is d×n)
      problem.apply_diffusion(x, t, dw.dW, noise_);
      x += a_ * dw.dt;
      x += noise_;
      return;
    }
    problem.diffusion(x, t, b_);
    advance(x, a_, b_, dw.dW, dw.dt);
  }

  // x += a h + b ΔW in the storage of the problem's noise tag. Works for double and lanes states.
  template <class State, class Diffusion, class Noise>
  static void advance(State& x, const State& a, const Diffusion& b, const Noise& dW, double h) {
    using tag = typename Problem::noise_tag;
    if constexpr (std::is_same_v<tag, scalar_noise>) {
      x += a * h + b * dW[0];
    } else if constexpr (std::is_same_v<tag, diagonal_noise>) {
      x += a * h + b.cwiseProduct(dW);
    } else if constexpr (Problem::fixed_dim != Eigen::Dynamic && Problem::fixed_noise_dim != Eigen::Dynamic) {
      // Spelled out so the sum order is fixed: Eigen's product kernels may associate differently
      // for double (vectorised) and lanes (not), and lanes must match one path at a time exactly.
      for (int i = 0; i < Problem::fixed_dim; ++i) {
        x[i] += a[i] * h;
        auto noise = b(i, 0) * dW[0];
        for (int j = 1; j < Problem::fixed_noise_dim; ++j) noise += b(i, j) * dW[j];
        x[i] += noise;
      }
    } else {
      x += a * h;
      x.noalias() += b * dW;
    }
  }

 private:
  state_type a_, noise_;
  typename Problem::diffusion_type b_;
};

}  // namespace sgdsde::sde
