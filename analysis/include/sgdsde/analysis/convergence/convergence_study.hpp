#pragma once
// Strong and weak errors of the registry's integrators (stepper_registry.hpp) against a solvable SDE,
// on shared Brownian paths at dt = T/2^k, k = coarsest..finest.
//
// Per path: the finest path is drawn once (with Lévy areas for general noise) and coarsened level by
// level (increments summed, areas joined by Chen's relation), so every level and every method sees
// the same Brownian path.
//   strong error  E|X_h(T) − X(T)|, X(T) the pathwise solution, or, where none is known, Milstein
//                 on the same path `reference_extra_levels` finer;
//   weak error    E φ(X_h(T)) − E φ(X(T)): with a pathwise solution estimated as the mean of
//                 φ(X_h) − φ(X(T)) on the same path (same expectation, far smaller variance);
//                 otherwise as mean φ(X_h) − (exact E φ), whose Monte Carlo error can swamp small
//                 weak errors;
//   weak order    fitted on the consecutive-level differences |E[φ(X_h) − φ(X_{h/2})]| on the same
//                 path, which behave as C h^q (1 − 2^{−q}) and have small variance whatever the
//                 reference: the weak-rate estimate of multilevel Monte Carlo (M. B. Giles,
//                 "Multilevel Monte Carlo path simulation", Oper. Res. 56(3) 607–617, 2008).
// Each error comes with its Monte Carlo standard error; orders are least-squares log–log fits whose
// intervals include the Monte Carlo covariance across levels (see order_fit.hpp).
#include <sgdsde/analysis/convergence/convergence_result.hpp>
#include <sgdsde/analysis/order_fit.hpp>
#include <sgdsde/sde/brownian_path.hpp>
#include <sgdsde/sde/divergence_error.hpp>
#include <sgdsde/sde/ensemble.hpp>
#include <sgdsde/sde/running_moments.hpp>
#include <sgdsde/sde/path_loop.hpp>
#include <sgdsde/sde/stepper_registry.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

namespace sgdsde::analysis {

namespace detail {
// Per method: moments of the per-path vectors over levels (their covariance across levels feeds
// the order fits): strong errors, weak differences to the reference, consecutive weak differences.
struct convergence_accumulator {
  std::vector<sde::running_moments<>> strong, weak, weak_step;  // index: method
  void merge(const convergence_accumulator& o) {
    for (std::size_t i = 0; i < strong.size(); ++i) {
      strong[i].merge(o.strong[i]);
      weak[i].merge(o.weak[i]);
      weak_step[i].merge(o.weak_step[i]);
    }
  }
};

// One stored Brownian path (every level of the study integrates the same one) as a process of the
// path loop (sde/path_loop.hpp), with the path's own steps as its clock; no observer, no bound.
template <class Stepper, class Problem, class Path>
struct stored_path_process {
  Stepper& stepper;
  const Problem& problem;
  typename Problem::state_type x;
  const Path& path;
  std::uint64_t index;
  // the clock
  double start() const { return 0.0; }
  std::uint64_t steps() const { return path.size(); }
  double step(std::uint64_t k) const { return path[k].dt; }
  double after(std::uint64_t, double t, double h) const { return t + h; }
  // the process
  void advance(std::uint64_t k, double t, double) { stepper.do_step(problem, x, t, path[k]); }
  bool within(double limit) const { return sde::state_within(x, limit); }
  [[noreturn]] void diverged(std::uint64_t step, double t) const { throw sde::divergence_error(index, step, t); }
  void observe(std::uint64_t, double) {}
  bool done() const { return false; }
  void finish(double) {}
};

template <class Stepper, class Problem, class Path>
typename Problem::state_type integrate_on(Stepper& stepper, const Problem& problem,
                                          const typename Problem::state_type& x0, const Path& path,
                                          std::uint64_t path_index) {
  stored_path_process<Stepper, Problem, Path> process{stepper, problem, x0, path, path_index};
  sde::run_path_loop(process, process, std::numeric_limits<double>::infinity());
  return process.x;
}

template <class Problem, class... Schemes>
auto make_steppers(const Problem& problem, sde::scheme_list<Schemes...>) {
  return std::tuple<typename Schemes::template stepper<Problem>...>(
      typename Schemes::template stepper<Problem>(problem)...);
}

inline std::vector<bool> selected_methods(const std::vector<std::string>& methods) {
  std::vector<bool> selected;
  for (const auto& name : sde::integrators::names())
    selected.push_back(methods.empty() || std::find(methods.begin(), methods.end(), name) != methods.end());
  return selected;
}
}  // namespace detail

template <class Solvable>
std::vector<convergence_result> run_convergence_study(const Solvable& sde_case, const convergence_options& options) {
  std::string error;
  if (!options.is_valid(&error)) throw std::invalid_argument("convergence_options: " + error);
  const auto problem = sde_case.problem();
  using problem_type = std::decay_t<decltype(problem)>;
  using tag = typename problem_type::noise_tag;
  constexpr int M = problem_type::fixed_noise_dim;
  const auto x0 = sde_case.initial_state();
  const int n_levels = options.finest_level - options.coarsest_level + 1;
  const bool exact = Solvable::has_exact_solution;
  const int path_level = options.finest_level + (exact ? 0 : options.reference_extra_levels);

  constexpr std::size_t n_methods = sde::integrators::size;
  const std::vector<bool> selected = detail::selected_methods(options.methods);
  detail::convergence_accumulator prototype;
  prototype.strong.assign(n_methods, sde::running_moments<>(n_levels));
  prototype.weak.assign(n_methods, sde::running_moments<>(n_levels));
  prototype.weak_step.assign(n_methods, sde::running_moments<>(n_levels - 1));

  auto run_path = [&, steppers = detail::make_steppers(problem, sde::integrators{}),
                   reference_stepper = sde::milstein<problem_type>(problem),
                   strong = std::vector<Eigen::VectorXd>(n_methods, Eigen::VectorXd(n_levels)),
                   phi = std::vector<Eigen::VectorXd>(n_methods, Eigen::VectorXd(n_levels)),
                   phi_step = std::vector<Eigen::VectorXd>(n_methods, Eigen::VectorXd(n_levels - 1))](
                      std::uint64_t path_index, detail::convergence_accumulator& acc) mutable {
    auto path = sde::brownian_path<M>::sample(options.seed, path_index, problem.noise_dim(), sde_case.T, path_level,
                                              sde::needs_levy_area<tag>, options.levy_area_tolerance);
    typename problem_type::state_type reference;
    if constexpr (Solvable::has_exact_solution) {
      using noise_vector = typename problem_type::noise_vector;
      noise_vector W = noise_vector::Zero(problem.noise_dim());
      for (const auto& dw : path) W += dw.dW;
      reference = sde_case.exact_solution(W);
    } else {
      reference = detail::integrate_on(reference_stepper, problem, x0, path, path_index);
      for (int i = 0; i < options.reference_extra_levels; ++i) path.coarsen();
    }
    const double phi_reference = exact ? sde_case.functional(reference) : 0.0;
    for (int level = n_levels - 1; level >= 0; --level) {
      std::apply(
          [&](auto&... stepper) {
            std::size_t method = 0;
            auto one = [&](auto& s) {
              if (selected[method]) {
                const auto x = detail::integrate_on(s, problem, x0, path, path_index);
                strong[method][level] = (x - reference).norm();
                phi[method][level] = sde_case.functional(x) - phi_reference;
              }
              ++method;
            };
            (one(stepper), ...);
          },
          steppers);
      if (level > 0) path.coarsen();
    }
    for (std::size_t method = 0; method < n_methods; ++method) {
      if (!selected[method]) continue;
      phi_step[method] = phi[method].head(n_levels - 1) - phi[method].tail(n_levels - 1);
      acc.strong[method].add(strong[method]);
      acc.weak[method].add(phi[method]);
      acc.weak_step[method].add(phi_step[method]);
    }
  };
  const auto total = sde::run_ensemble(options.ensemble, prototype, run_path);

  const double weak_offset = exact ? 0.0 : sde_case.functional_expectation();
  std::vector<convergence_result> results;
  std::vector<convergence_result> described;
  sde::integrators::for_each([&](auto scheme) {
    convergence_result r;
    r.method = scheme.name;
    r.strong_order_theory = scheme.strong_order;
    r.weak_order_theory = scheme.weak_order;
    described.push_back(r);
  });
  for (std::size_t method = 0; method < n_methods; ++method) {
    if (!selected[method]) continue;
    convergence_result r = described[method];
    r.problem = Solvable::name;
    r.noise = tag::name;
    r.functional = Solvable::functional_name;
    r.paths = options.ensemble.n_paths;
    const auto& s = total.strong[method];
    const auto& w = total.weak[method];
    const auto& ws = total.weak_step[method];
    const double n = double(s.count());
    std::vector<double> dts, strong, weak_steps;
    for (int level = 0; level < n_levels; ++level) {
      level_error e;
      e.dt = sde_case.T / double(std::uint64_t(1) << (options.coarsest_level + level));
      e.strong = s.mean()[level];
      e.strong_se = s.standard_error()[level];
      e.weak = w.mean()[level] - weak_offset;
      e.weak_se = w.standard_error()[level];
      if (level + 1 < n_levels) {
        e.weak_difference = ws.mean()[level];
        e.weak_difference_se = ws.standard_error()[level];
        weak_steps.push_back(e.weak_difference);
      }
      r.levels.push_back(e);
      dts.push_back(e.dt);
      strong.push_back(e.strong);
    }
    const Eigen::MatrixXd strong_cov = s.covariance() / n, weak_cov = ws.covariance() / n;
    r.strong = fit_order(dts, strong, options.confidence, &strong_cov);
    r.weak = fit_order(std::vector<double>(dts.begin(), dts.end() - 1), weak_steps, options.confidence, &weak_cov);
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace sgdsde::analysis
