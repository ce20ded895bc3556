#pragma once
// Milstein (Itô): X_{n+1} = X_n + a h + Σ_j b_j ΔW_j + Σ_{j,k} (L^j b_k) I_(j,k),
//   L^j = Σ_l b_lj ∂/∂x_l,  I_(j,k) = ½ ΔW_j ΔW_k − ½ h δ_jk + A_jk  (A: Lévy areas).
//   Strong order 1.0, weak order 1.0.
//   Noise structures:
//     scalar       X += ½ (L b)(ΔW² − h)
//     diagonal     X_i += ½ g_i g_i' (ΔW_i² − h)
//     commutative  L^j b_k = L^k b_j, so the areas cancel and are not needed; the first step checks
//                  the declared commutativity at the initial state and refuses the problem if the
//                  check fails (general noise without areas would silently drop to strong order 0.5)
//     general      needs increments carrying Lévy areas (brownian_stream with areas, Wiktorsson's
//                  method, see levy_area.hpp); refuses increments without them.
//   L^j b comes from the problem's exact directional derivative when it has one; otherwise from the
//   derivative-free (Runge–Kutta) form L^j b ≈ (b(Ῡ_j) − b(X))/√h, Ῡ_j = X + a h + b_j √h, which
//   keeps strong order 1.0.
//   References: G. N. Milstein, Theory Probab. Appl. 19 (1974) 557–562; Kloeden & Platen (1992)
//   §10.3 (Milstein scheme) and §11.1 (derivative-free order 1.0 strong schemes).
#include <sgdsde/sde/commutativity.hpp>
#include <sgdsde/sde/stepper_base.hpp>

#include <cmath>
#include <stdexcept>

namespace sgdsde::sde {

template <class Problem>
class milstein;

struct milstein_scheme {
  static constexpr const char* name = "milstein";
  static constexpr const char* title = "Milstein";
  static constexpr double strong_order = 1.0;
  static constexpr double weak_order = 1.0;
  template <class Problem> using stepper = milstein<Problem>;
};

template <class Problem>
class milstein : public stepper_base<milstein<Problem>, Problem, milstein_scheme> {
  using base = stepper_base<milstein<Problem>, Problem, milstein_scheme>;
  using tag = typename Problem::noise_tag;
  using diffusion_type = typename Problem::diffusion_type;
  using noise_vector = typename Problem::noise_vector;

 public:
  using typename base::increment_type;
  using typename base::state_type;
  using base::do_step;
  static constexpr bool uses_levy_area = needs_levy_area<tag>;

  explicit milstein(const Problem& problem)
      : a_(problem.make_state()), dx_(problem.make_state()), support_(problem.make_state()),
        b_(problem.make_diffusion()), lb_(problem.make_diffusion()),
        c_(noise_vector::Zero(problem.noise_dim())) {
    this->increment_.resize(problem.noise_dim());
  }

  void do_step(const Problem& problem, state_type& x, double t, const increment_type& dw) {
    const double h = dw.dt;
    problem.drift(x, t, a_);
    problem.diffusion(x, t, b_);
    if constexpr (std::is_same_v<tag, scalar_noise>) {
      directional_derivative(problem, x, t, h, b_);
      const double w = dw.dW[0];
      x += a_ * h + b_ * w + 0.5 * (w * w - h) * lb_;
    } else if constexpr (std::is_same_v<tag, diagonal_noise>) {
      // Along v = g the directional derivative is (g_i g_i')_i because g_i depends on x_i only.
      directional_derivative(problem, x, t, h, b_);
      x += a_ * h + b_.cwiseProduct(dw.dW) + 0.5 * lb_.cwiseProduct((dw.dW.array().square() - h).matrix());
    } else {
      require_iterated_integrals(problem, x, t, dw, "milstein", commutativity_checked_);
      dx_ = a_ * h;
      dx_.noalias() += b_ * dw.dW;
      const int m = problem.noise_dim();
      for (int j = 0; j < m; ++j) {
        directional_derivative(problem, x, t, h, b_.col(j));
        c_ = (0.5 * dw.dW[j]) * dw.dW;
        c_[j] -= 0.5 * h;
        if constexpr (needs_levy_area<tag>) c_ += dw.area.row(j).transpose();
        dx_.noalias() += lb_ * c_;
      }
      x += dx_;
    }
  }

 private:
  // lb_ = Σ_l v_l ∂b/∂x_l at (x, t): exact when the problem provides it, else (b(x + a h + v√h) − b(x))/√h.
  template <class V>
  void directional_derivative(const Problem& problem, const state_type& x, double t, double h, const V& v) {
    if constexpr (Problem::has_diffusion_derivative) {
      support_ = v;
      problem.diffusion_derivative(x, t, support_, lb_);
    } else {
      const double root_h = std::sqrt(h);
      support_ = x + a_ * h + v * root_h;
      problem.diffusion(support_, t, lb_);
      lb_ = (lb_ - b_) / root_h;
    }
  }

  state_type a_, dx_, support_;
  diffusion_type b_, lb_;
  noise_vector c_;
  bool commutativity_checked_ = false;
};

}  // namespace sgdsde::sde
