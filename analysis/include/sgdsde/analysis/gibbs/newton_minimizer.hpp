#pragma once
// The minimizer x* of a full objective by damped Newton: from x0, steps p = −(H + μI)⁻¹∇f with μ = 0
// where the Hessian is positive definite (Levenberg's shift otherwise) and Armijo backtracking on f;
// once the predicted decrease is below f's round-off, full steps, which must keep shrinking the
// gradient quadratically. Converged when the Newton decrement ∇fᵀH⁻¹∇f is 1e-20 of |f|, or at
// round-off's floor (f* = 0). Quadratic convergence near a strict minimum; on least squares one
// step. The studies that use x* need a strict minimum, so the end is checked: a Hessian that is not
// positive definite at x* (a saddle or maximum, e.g. the double well started at its top) and
// iterates that run away (no finite minimizer: separable logistic data without a ridge, where f → 0
// as |w| → ∞) are errors that say so, with the numbers.
#include <sgdsde/sde/text_format.hpp>

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <Eigen/Eigenvalues>

#include <cmath>
#include <stdexcept>

namespace sgdsde::analysis {

struct newton_minimum {
  Eigen::VectorXd x;
  Eigen::MatrixXd hessian;              // ∇²f(x*)
  Eigen::VectorXd hessian_eigenvalues;  // ascending, all > 0
  double value = 0;                     // f(x*)
  double gradient_norm = 0;             // |∇f(x*)|
  int iterations = 0;
};

struct newton_options {
  int max_iterations = 200;
  // Converged when the Newton decrement λ² = ∇fᵀH⁻¹∇f (twice the predicted f − f*) is at most this
  // times |f|: |x − x*|²_H ≤ 1e-20 |f|, far below any stationary covariance the study compares.
  double decrement_tolerance = 1e-20;
  double runaway_norm = 1e8;  // |x| beyond this (and beyond 1e3 |x0|): no finite minimizer
};

template <class Objective>
newton_minimum newton_minimize(const Objective& f, Eigen::VectorXd x, const newton_options& options = {}) {
  const Eigen::Index d = x.size();
  const Eigen::MatrixXd I = Eigen::MatrixXd::Identity(d, d);
  const double runaway = std::max(options.runaway_norm, 1e3 * x.norm());
  Eigen::VectorXd g(d), p(d), trial(d);
  Eigen::MatrixXd H(d, d);
  f.gradient(x, g);
  const double start_value = f.value(x), start_gradient = g.norm();
  double value = start_value;
  if (!std::isfinite(value) || !g.allFinite())
    throw std::invalid_argument("Newton's method: f or its gradient is not finite at the start point");
  bool converged = false, stalled = false;
  int k = 0;
  for (; k < options.max_iterations; ++k) {
    f.hessian(x, H);
    // The Newton direction where H is positive definite, else Levenberg's shift until it is.
    double shift = 0.0;
    Eigen::LLT<Eigen::MatrixXd> llt(H);
    while (llt.info() != Eigen::Success) {
      shift = shift == 0.0 ? 1e-8 * std::max(1.0, H.norm()) : 10.0 * shift;
      if (!std::isfinite(shift) || !H.allFinite())
        throw std::invalid_argument(sde::formatted("Newton's method: the Hessian at |x| = %.3g is not finite", x.norm()));
      llt.compute(H + shift * I);
    }
    p = llt.solve(-g);
    const double decrement = -g.dot(p);
    // At a stationary point that is not a minimum (shift > 0) this stops too: the check below names it.
    if (decrement <= options.decrement_tolerance * std::abs(value)) {
      converged = true;
      break;
    }
    if (shift == 0.0 && decrement <= 1e-8 * (1.0 + std::abs(value))) {
      // Near the minimum f cannot resolve the decrease (about λ²/2) against its own round-off, so
      // the full step is taken unchecked; it must shrink the gradient quadratically, and when it no
      // longer does, the gradient is at round-off's floor.
      const double before = g.norm();
      x += p;
      value = f.value(x);
      f.gradient(x, g);
      if (!(g.norm() <= 0.5 * before)) {
        stalled = true;
        break;
      }
      if (!(x.norm() <= runaway) || !g.allFinite()) break;
      continue;
    }
    double t = 1.0, next = value;
    int halvings = 0;
    for (; halvings < 60; ++halvings, t *= 0.5) {
      trial = x + t * p;
      next = f.value(trial);
      if (std::isfinite(next) && next <= value - 1e-4 * t * decrement) break;
    }
    if (halvings == 60) {  // no decrease left at this precision
      stalled = true;
      break;
    }
    x = trial;
    value = next;
    f.gradient(x, g);
    if (!(x.norm() <= runaway) || !g.allFinite()) break;
  }
  // A stall counts as converged at round-off's floor: the last Newton step within 1e-8 of |x| and the
  // gradient within 1e-8 of its start (f* = 0 exactly, e.g. noiseless data). Iterates running away
  // (separable data) stall with steps of order one, and are not.
  if (stalled && p.norm() <= 1e-8 * (1.0 + x.norm()) && g.norm() <= 1e-8 * std::max(1.0, start_gradient)) converged = true;
  if (!converged) {
    const bool falling = value < start_value;
    throw std::invalid_argument(sde::formatted(
        "Newton's method found no minimizer: after %d iterations |x| = %.3g, f = %.6g (%.6g at the start), |grad f| = %.3g%s",
        k, x.norm(), value, start_value, g.norm(),
        falling ? "; f is still falling as x runs away, so it may have no finite minimizer (separable logistic data has "
                  "none; a --ridge > 0 gives one)"
                : ""));
  }
  newton_minimum m;
  f.hessian(x, m.hessian);
  m.hessian = 0.5 * (m.hessian + m.hessian.transpose());
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(m.hessian, Eigen::EigenvaluesOnly);
  m.hessian_eigenvalues = eigen.eigenvalues();
  const double lo = m.hessian_eigenvalues[0], hi = m.hessian_eigenvalues[d - 1];
  if (!(lo > 1e-12 * std::max(std::abs(hi), 1e-300)))
    throw std::invalid_argument(sde::formatted(
        "Newton's method stopped at a point that is not a strict minimum: the Hessian's eigenvalues there range over "
        "[%.6g, %.6g] (a saddle, a maximum or a flat direction; start elsewhere with --x0, or add curvature)",
        lo, hi));
  m.x = std::move(x);
  m.value = value;
  m.gradient_norm = g.norm();
  m.iterations = k;
  return m;
}

}  // namespace sgdsde::analysis
