#pragma once
// Escape from a well in 1-D: mean first-passage times, exact and asymptotic, and an observer that
// measures them on SGD runs and SDE paths.
//
// Exact (quadrature): for dX = a(X) dt + √D(X) dW started at x0 < b, reflected at lo < x0, the mean
// time to reach b solves (D/2)T″ + aT′ = −1, T′(lo) = 0, T(b) = 0:
//   T(x0) = ∫_{x0}^{b} J(y) dy,   J(y) = ∫_{lo}^{y} (2/D(z)) exp(Φ(z) − Φ(y)) dz,   Φ′ = 2a/D
// (Gardiner, Handbook of Stochastic Methods, §5.2.7). J is accumulated with the exponent difference
// inside, so barriers of many temperatures neither overflow nor underflow. Put lo where the
// stationary density is negligible to model a well open to −∞.
//
// Kramers' asymptotic (additive noise D, temperature ε = D/2, f with a minimum x_m and a saddle x_s):
//   T ≈ 2π/√(f″(x_m)|f″(x_s)|) · exp((f(x_s) − f(x_m))/ε),
// the mean time to cross from the well into the next one (reaching a point well past the saddle,
// e.g. the next minimum; reaching the saddle itself takes about half as long). Relative error O(ε/ΔF).
#include <sgdsde/sde/running_moments.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>

namespace sgdsde::analysis {

inline double mean_first_passage_time(const std::function<double(double)>& drift,
                                      const std::function<double(double)>& diffusion, double x0, double target,
                                      double lo, int points = 200001) {
  if (!(std::isfinite(lo) && std::isfinite(x0) && std::isfinite(target) && lo < x0 && x0 <= target))
    throw std::invalid_argument("first passage: need finite lo < x0 <= target, got lo = " + std::to_string(lo) +
                                ", x0 = " + std::to_string(x0) + ", target = " + std::to_string(target));
  if (points < 101) throw std::invalid_argument("first passage: points must be >= 101");
  const double h = (target - lo) / double(points - 1);
  double D = diffusion(lo), a = drift(lo);
  auto check = [](double Dv, double av, double x) {
    if (!(Dv > 0.0) || !std::isfinite(Dv) || !std::isfinite(av))
      throw std::invalid_argument("first passage: the diffusion must be finite and > 0 and the drift finite on "
                                  "[lo, target]; at x = " + std::to_string(x) + " D = " + std::to_string(Dv) +
                                  ", a = " + std::to_string(av));
  };
  check(D, a, lo);
  double J = 0.0, T_total = 0.0, T_before_x0 = 0.0;
  bool passed_x0 = false;
  for (int i = 1; i < points; ++i) {
    const double y = lo + h * double(i);
    const double D1 = diffusion(y), a1 = drift(y);
    check(D1, a1, y);
    const double dphi = 0.5 * h * (2.0 * a / D + 2.0 * a1 / D1);  // Φ(y) − Φ(y − h)
    const double decay = std::exp(-dphi);
    const double J1 = J * decay + 0.5 * h * ((2.0 / D) * decay + 2.0 / D1);
    const double y_prev = y - h;
    // ∫ J over [y − h, y], split at x0 when x0 falls inside (J interpolated linearly).
    if (!passed_x0 && x0 < y) {
      const double frac = (x0 - y_prev) / h;
      const double Jx0 = J + frac * (J1 - J);
      T_before_x0 += 0.5 * (x0 - y_prev) * (J + Jx0);
      passed_x0 = true;
    } else if (!passed_x0) {
      T_before_x0 += 0.5 * h * (J + J1);
    }
    T_total += 0.5 * h * (J + J1);
    J = J1, D = D1, a = a1;
  }
  return T_total - T_before_x0;
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
