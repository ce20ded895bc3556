#pragma once
// The deterministic limit dX/dt = −∇f(X) (gradient flow), integrated by Boost.Odeint's adaptive
// Dormand–Prince 5(4) with dense output, reported at chosen times: the curve GD (η → 0) and the
// SME's mean (noise → 0) both approach.
#include <sgdsde/sgd/objective.hpp>

#include <boost/numeric/odeint.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace sgdsde::sgd {

struct gradient_flow_options {
  double abs_tolerance = 1e-10;
  double rel_tolerance = 1e-10;
  double initial_dt = 1e-3;
};

// X(t) at each of `times` (non-decreasing, >= 0), from X(0) = x0.
template <class Objective>
std::vector<vector> gradient_flow(const Objective& f, const vector& x0, const std::vector<double>& times,
                                  const gradient_flow_options& options = {}) {
  namespace odeint = boost::numeric::odeint;
  check_point(x0, f.dim(), "initial point x0");
  if (times.empty()) throw std::invalid_argument("gradient_flow: times is empty");
  if (!(times.front() >= 0.0) || !std::is_sorted(times.begin(), times.end()) ||
      !std::all_of(times.begin(), times.end(), [](double t) { return std::isfinite(t); }))
    throw std::invalid_argument("gradient_flow: times must be finite, >= 0 and non-decreasing");
  if (!(options.abs_tolerance > 0) || !(options.rel_tolerance > 0) || !(options.initial_dt > 0))
    throw std::invalid_argument("gradient_flow: tolerances and initial_dt must be > 0");
  using state = std::vector<double>;
  const int d = f.dim();
  vector xv(d), g(d);
  auto system = [&](const state& x, state& dxdt, double) {
    for (int i = 0; i < d; ++i) xv[i] = x[std::size_t(i)];
    f.gradient(xv, g);
    for (int i = 0; i < d; ++i) dxdt[std::size_t(i)] = -g[i];
  };
  std::vector<double> grid;
  grid.reserve(times.size() + 1);
  if (times.front() > 0.0) grid.push_back(0.0);
  grid.insert(grid.end(), times.begin(), times.end());
  std::vector<vector> out;
  out.reserve(times.size());
  const bool skip_first = times.front() > 0.0;
  bool first = true;
  auto observer = [&](const state& x, double t) {
    if (first && skip_first) {
      first = false;
      return;
    }
    first = false;
    vector v(d);
    for (int i = 0; i < d; ++i) v[i] = x[std::size_t(i)];
    if (!v.allFinite()) throw std::runtime_error("gradient flow diverged at t = " + std::to_string(t));
    out.push_back(std::move(v));
  };
  state x(x0.data(), x0.data() + d);
  auto stepper = odeint::make_dense_output(options.abs_tolerance, options.rel_tolerance,
                                           odeint::runge_kutta_dopri5<state>());
  odeint::integrate_times(stepper, system, x, grid.begin(), grid.end(), options.initial_dt, observer);
  return out;
}

}  // namespace sgdsde::sgd
