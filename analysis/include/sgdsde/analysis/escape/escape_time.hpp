#pragma once
// Escape from a well in 1-D: mean first-passage times, exact and asymptotic, and an observer that
// measures them on SGD runs and SDE paths.
//
// Exact: for dX = a(X) dt + √D(X) dW started at x0 < b, reflected at lo < x0, the mean
// time to reach b solves (D/2)T″ + aT′ = −1, T′(lo) = 0, T(b) = 0:
//   T(x0) = ∫_{x0}^{b} J(y) dy,   J(y) = ∫_{lo}^{y} (2/D(z)) exp(Φ(z) − Φ(y)) dz,   Φ′ = 2a/D
// (Gardiner, Handbook of Stochastic Methods, §5.2.7), computed to about 1e-12 relative accuracy by
// an adaptive ODE solve (below). T grows like exp(barrier/temperature) and overflows to +inf when
// that exceeds double's range; callers check. Put lo where the stationary density is negligible to
// model a well open to −∞.
//
// Kramers' asymptotic (additive noise D, temperature ε = D/2, f with a minimum x_m and a saddle x_s):
//   T ≈ 2π/√(f″(x_m)|f″(x_s)|) · exp((f(x_s) − f(x_m))/ε),
// the mean time to cross from the well into the next one (reaching a point well past the saddle,
// e.g. the next minimum; reaching the saddle itself takes about half as long). Relative error O(ε/ΔF).
#include <sgdsde/sde/running_moments.hpp>

#include <boost/math/tools/roots.hpp>
#include <boost/numeric/odeint.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>

namespace sgdsde::analysis {

inline double mean_first_passage_time(const std::function<double(double)>& drift,
                                      const std::function<double(double)>& diffusion, double x0, double target,
                                      double lo, double relative_tolerance = 1e-13) {
  if (!(std::isfinite(lo) && std::isfinite(x0) && std::isfinite(target) && lo < x0 && x0 <= target))
    throw std::invalid_argument("first passage: need finite lo < x0 <= target, got lo = " + std::to_string(lo) +
                                ", x0 = " + std::to_string(x0) + ", target = " + std::to_string(target));
  if (!(relative_tolerance >= 1e-15 && relative_tolerance <= 1e-3))
    throw std::invalid_argument("first passage: relative tolerance must be in [1e-15, 1e-3]");
  // J′ = (2 − 2aJ)/D with J(lo) = 0 is the same J as above (differentiate under the integral), and
  // T′ = J on [x0, target]: one linear ODE, integrated by Fehlberg's 7(8) pair with adaptive steps.
  // The error control is relative, so J's growth over the barrier (by exp(ΔΦ)) costs no accuracy.
  using state = std::array<double, 2>;  // J, and T accumulated from x0
  bool accumulate = false;
  auto system = [&](const state& s, state& ds, double y) {
    const double D = diffusion(y), a = drift(y);
    if (!(D > 0.0) || !std::isfinite(D) || !std::isfinite(a))
      throw std::invalid_argument("first passage: the diffusion must be finite and > 0 and the drift finite on "
                                  "[lo, target]; at x = " + std::to_string(y) + " the " +
                                  (std::isfinite(a) ? "diffusion is " + std::string(D > 0.0 ? "not finite" : "not > 0")
                                                    : std::string("drift is not finite")));
    ds[0] = (2.0 - 2.0 * a * s[0]) / D;
    ds[1] = accumulate ? s[0] : 0.0;
  };
  namespace odeint = boost::numeric::odeint;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"  // GCC 12 on odeint copying its scratch arrays
  auto stepper = odeint::make_controlled(0.0, relative_tolerance, odeint::runge_kutta_fehlberg78<state>());
#pragma GCC diagnostic pop
  state s{0.0, 0.0};
  const double first_step = (target - lo) * 1e-4;
  // A drift far steeper than the noise (stiffness |a|/D) would need ever smaller steps: stop at a
  // budget instead of running on.
  constexpr long max_steps = 20'000'000;
  long steps = 0;
  auto budget = [&](const state&, double y) {
    if (++steps > max_steps)
      throw std::invalid_argument("first passage: more than 2e7 adaptive steps reaching x = " + std::to_string(y) +
                                  ": the drift is too steep against the noise on [lo, target]; move lo closer");
  };
  odeint::integrate_adaptive(stepper, system, s, lo, x0, first_step, budget);
  if (x0 == target) return 0.0;
  accumulate = true;
  odeint::integrate_adaptive(stepper, system, s, x0, target, first_step, budget);
  return s[1];
}

// A critical point of f (f′ = 0) to full double precision: Newton's iteration on f′ with f″ from
// guess (e.g. Brent's minimum, which is only √eps accurate), kept inside [lo, hi]. Where Newton
// finds no better point (no zero of f′ in reach), the guess is returned.
inline double critical_point(const std::function<double(double)>& slope, const std::function<double(double)>& curvature,
                             double guess, double lo, double hi) {
  if (!(lo <= guess && guess <= hi)) throw std::invalid_argument("critical point: need lo <= guess <= hi");
  boost::uintmax_t iterations = 100;
  double x = guess;
  try {
    x = boost::math::tools::newton_raphson_iterate([&](double y) { return std::make_pair(slope(y), curvature(y)); },
                                                   guess, lo, hi, std::numeric_limits<double>::digits, iterations);
  } catch (const std::exception&) {
    return guess;  // no critical point Newton can reach (e.g. f′ has no zero in [lo, hi])
  }
  return std::abs(slope(x)) < std::abs(slope(guess)) ? x : guess;
}

inline double kramers_escape_time(double curvature_minimum, double curvature_saddle, double barrier, double temperature) {
  if (!(curvature_minimum > 0.0) || !(curvature_saddle != 0.0) || !(barrier >= 0.0) || !(temperature > 0.0))
    throw std::invalid_argument("Kramers: need f''(minimum) > 0, f''(saddle) != 0, barrier >= 0, temperature > 0");
  const double pi = 3.14159265358979323846;
  return 2.0 * pi / std::sqrt(curvature_minimum * std::abs(curvature_saddle)) * std::exp(barrier / temperature);
}

// Observer: the first time coordinate `coordinate` of the state reaches `level` (from below, or from
// above with `upward = false`). A path stops as soon as it hits (done()); paths that end without
// hitting are counted as censored, and the mean over hit paths is then biased low, so a caller
// should choose a horizon with no censoring (or report it).
class first_passage_time {
 public:
  first_passage_time(double level, bool upward = true, int coordinate = 0)
      : level_(level), upward_(upward), coordinate_(coordinate) {
    if (!std::isfinite(level)) throw std::invalid_argument("first passage: level must be finite");
    if (coordinate < 0) throw std::invalid_argument("first passage: coordinate must be >= 0");
  }

  template <class State>
  void observe(std::uint64_t, double t, const State& x) {
    if (hit_) return;
    const double v = x[coordinate_];
    if (upward_ ? v >= level_ : v <= level_) {
      hit_ = true;
      times_.add(t);
    }
  }
  template <class State>
  void finish(const State&, double) {
    if (!hit_) ++censored_;
  }
  bool done() const { return hit_; }
  void merge(const first_passage_time& o) {
    times_.merge(o.times_);
    censored_ += o.censored_;
  }

  const sde::running_stat& times() const { return times_; }  // over the paths that hit
  std::uint64_t censored() const { return censored_; }

 private:
  double level_;
  bool upward_;
  int coordinate_;
  bool hit_ = false;  // this path's state; merged observers only carry times_ and censored_
  std::uint64_t censored_ = 0;
  sde::running_stat times_;
};

}  // namespace sgdsde::analysis
