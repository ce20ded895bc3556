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
class euler_maruyama : public stepper_base<euler_maruyama<Problem>, Problem> {
  using base = stepper_base<euler_maruyama<Problem>, Problem>;

 public:
  using typename base::increment_type;
  using typename base::state_type;
  using base::do_step;
  static constexpr double strong_order = 0.5;
  static constexpr double weak_order = 1.0;
  static constexpr bool uses_levy_area = false;
  static constexpr const char* name = "euler_maruyama";

  explicit euler_maruyama(const Problem& problem) : a_(problem.make_state()), b_(problem.make_diffusion()) {
    this->increment_.resize(problem.noise_dim());
  }

  void do_step(const Problem& problem, state_type& x, double t, const increment_type& dw) {
    const double h = dw.dt;
    problem.drift(x, t, a_);
    problem.diffusion(x, t, b_);
    using tag = typename Problem::noise_tag;
    if constexpr (std::is_same_v<tag, scalar_noise>) {
      x += a_ * h + b_ * dw.dW[0];
    } else if constexpr (std::is_same_v<tag, diagonal_noise>) {
      x += a_ * h + b_.cwiseProduct(dw.dW);
    } else {
      x += a_ * h;
      x.noalias() += b_ * dw.dW;
    }
  }

 private:
  state_type a_;
  typename Problem::diffusion_type b_;
};

}  // namespace sgdsde::sde
