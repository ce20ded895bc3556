#pragma once
// Platen's explicit order 2.0 weak scheme (derivative-free), with Ῡ = X + a h + Σ_j b^j ΔW_j,
// R^j_± = X + a h ± b^j √h and U^r_± = X ± b^r √h:
//   X_{n+1} = X + ½ (a(Ῡ, t+h) + a) h
//           + ¼ Σ_j [b^j(R^j_+) + b^j(R^j_−) + 2 b^j] ΔW_j + ¼ Σ_j [b^j(R^j_+) − b^j(R^j_−)] (ΔW_j² − h)/√h
//           + ¼ Σ_r Σ_{j≠r} [b^j(U^r_+) + b^j(U^r_−) − 2 b^j] ΔW_j
//           + ¼ Σ_r Σ_{j≠r} [b^j(U^r_+) − b^j(U^r_−)] (ΔW_j ΔW_r + V_rj)/√h,
// a, b at (X, t); R, Ῡ at t + h and U at t (time treated as a state component with drift 1).
//   Weak order 2.0; strong order 1.0 here, because the increments are exact Gaussians and, for
//   general noise, V_rj = 2 A_rj with A the Lévy areas, so the scheme contains Milstein's.
//   Noise structures:
//     scalar       2 extra diffusion and 1 extra drift evaluation per step
//     diagonal     the same (b^j depends on x_j only, so the U terms vanish)
//     commutative  4m extra diffusion evaluations; V is not needed (its terms cancel in pairs because
//                  L^r b^j = L^j b^r); the declared commutativity is checked at the first step
//     general      4m extra diffusion evaluations and the increments' Lévy areas (refused without)
//   References: Kloeden & Platen (1992), §15.1, eqs. (15.1.1) (scalar) and (15.1.3) (multi-dimensional);
//   E. Platen, "Derivative free numerical methods for stochastic differential equations", Lecture
//   Notes in Control and Information Sciences 96 (1987) 187–193.
#include <sgdsde/sde/commutativity.hpp>
#include <sgdsde/sde/stepper_base.hpp>

#include <cmath>
#include <stdexcept>

namespace sgdsde::sde {

template <class Problem>
class platen_weak2;

struct platen_weak2_scheme {
  static constexpr const char* name = "platen_weak2";
  static constexpr const char* title = "Platen weak 2.0";
  static constexpr double strong_order = 1.0;
  static constexpr double weak_order = 2.0;
  template <class Problem> using stepper = platen_weak2<Problem>;
};

template <class Problem>
class platen_weak2 : public stepper_base<platen_weak2<Problem>, Problem, platen_weak2_scheme> {
  using base = stepper_base<platen_weak2<Problem>, Problem, platen_weak2_scheme>;
  using tag = typename Problem::noise_tag;
  using diffusion_type = typename Problem::diffusion_type;
  using noise_vector = typename Problem::noise_vector;

 public:
  using typename base::increment_type;
  using typename base::state_type;
  using base::do_step;
  static constexpr bool uses_levy_area = needs_levy_area<tag>;

  explicit platen_weak2(const Problem& problem)
      : a_(problem.make_state()), a_support_(problem.make_state()), moved_(problem.make_state()),
        support_(problem.make_state()), dx_(problem.make_state()), b_(problem.make_diffusion()),
        plus_(problem.make_diffusion()), minus_(problem.make_diffusion()),
        w_(noise_vector::Zero(problem.noise_dim())), c_(noise_vector::Zero(problem.noise_dim())) {
    this->increment_.resize(problem.noise_dim());
  }

  void do_step(const Problem& problem, state_type& x, double t, const increment_type& dw) {
    const double h = dw.dt, root_h = std::sqrt(h), t1 = t + h;
    problem.drift(x, t, a_);
    problem.diffusion(x, t, b_);
    moved_ = x + a_ * h;  // X + a h, the base of Ῡ and R
    if constexpr (std::is_same_v<tag, scalar_noise>) {
      const double w = dw.dW[0];
      support_ = moved_ + b_ * w;
      problem.drift(support_, t1, a_support_);
      dx_ = 0.5 * h * (a_support_ + a_);
      evaluate_r_supports(problem, t1, root_h);
      dx_ += (0.25 * w) * (plus_ + minus_ + 2.0 * b_) + (0.25 * (w * w - h) / root_h) * (plus_ - minus_);
    } else if constexpr (std::is_same_v<tag, diagonal_noise>) {
      // b^j = g_j e_j with g_j a function of x_j only: every R^j is evaluated at once by moving all
      // coordinates, and the U terms vanish.
      support_ = moved_ + b_.cwiseProduct(dw.dW);
      problem.drift(support_, t1, a_support_);
      dx_ = 0.5 * h * (a_support_ + a_);
      evaluate_r_supports(problem, t1, root_h);
      dx_ += 0.25 * (plus_ + minus_ + 2.0 * b_).cwiseProduct(dw.dW) +
             (0.25 / root_h) * (plus_ - minus_).cwiseProduct((dw.dW.array().square() - h).matrix());
    } else {
      require_iterated_integrals(problem, x, t, dw, "platen_weak2", commutativity_checked_);
      const int m = problem.noise_dim();
      support_ = moved_;
      support_.noalias() += b_ * dw.dW;
      problem.drift(support_, t1, a_support_);
      dx_ = 0.5 * h * (a_support_ + a_);
      for (int j = 0; j < m; ++j) {
        const double wj = dw.dW[j];
        support_ = moved_ + b_.col(j) * root_h;
        problem.diffusion(support_, t1, plus_);
        support_ = moved_ - b_.col(j) * root_h;
        problem.diffusion(support_, t1, minus_);
        dx_ += (0.25 * wj) * (plus_.col(j) + minus_.col(j) + 2.0 * b_.col(j)) +
               (0.25 * (wj * wj - h) / root_h) * (plus_.col(j) - minus_.col(j));
      }
      for (int r = 0; r < m; ++r) {
        support_ = x + b_.col(r) * root_h;
        problem.diffusion(support_, t, plus_);
        support_ = x - b_.col(r) * root_h;
        problem.diffusion(support_, t, minus_);
        w_ = dw.dW;
        w_[r] = 0.0;  // the sums run over j ≠ r
        c_ = dw.dW[r] * w_;
        if constexpr (needs_levy_area<tag>) c_ += 2.0 * dw.area.row(r).transpose();
        c_[r] = 0.0;
        // Products one matrix at a time: (plus_ + minus_ − 2b) w would evaluate the sum into a
        // temporary, an allocation per r and step for run-time sizes.
        dx_.noalias() += 0.25 * (plus_ * w_);
        dx_.noalias() += 0.25 * (minus_ * w_);
        dx_.noalias() -= 0.5 * (b_ * w_);
        dx_.noalias() += (0.25 / root_h) * (plus_ * c_);
        dx_.noalias() -= (0.25 / root_h) * (minus_ * c_);
      }
    }
    x += dx_;
  }

 private:
  // plus_, minus_ = b(X + a h ± b √h, t + h) for vector-stored diffusions.
  void evaluate_r_supports(const Problem& problem, double t1, double root_h) {
    support_ = moved_ + b_ * root_h;
    problem.diffusion(support_, t1, plus_);
    support_ = moved_ - b_ * root_h;
    problem.diffusion(support_, t1, minus_);
  }

  state_type a_, a_support_, moved_, support_, dx_;
  diffusion_type b_, plus_, minus_;
  noise_vector w_, c_;
  bool commutativity_checked_ = false;
};

}  // namespace sgdsde::sde
