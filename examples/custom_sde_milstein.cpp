// Your own SDE, integrated by Milstein (and Euler–Maruyama for contrast).
//
// dX = ½X dt + √(1 + X²) dW, whose solution is known on every path: X_t = sinh(W_t + asinh X_0)
// (Itô's formula on sinh). Scalar noise; we give the exact derivative of the diffusion so Milstein
// uses it (without it, Milstein falls back to its derivative-free Runge–Kutta form).
//   1. One path through Boost.Odeint's integrate_n_steps, with an observer.
//   2. Strong error against dt on shared Brownian paths (one fine path per sample, coarsened), with
//      fitted orders: ≈ ½ for Euler–Maruyama, ≈ 1 for Milstein.
//   3. An ensemble of 10⁵ paths on all cores: E X_T against the exact sinh(X_0') e^{T/2}.
// Run: build/bin/example_custom_sde_milstein
#include <sgdsde/analysis/order_fit.hpp>
#include <sgdsde/sde/brownian_path.hpp>
#include <sgdsde/sde/brownian_stream.hpp>
#include <sgdsde/sde/driven_sde.hpp>
#include <sgdsde/sde/euler_maruyama.hpp>
#include <sgdsde/sde/milstein.hpp>
#include <sgdsde/sde/observers.hpp>
#include <sgdsde/sde/running_moments.hpp>
#include <sgdsde/sde/simulate.hpp>

#include <boost/numeric/odeint/integrate/integrate_n_steps.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

using namespace sgdsde;
using state = Eigen::Matrix<double, 1, 1>;

int main() {
  auto problem = sde::make_sde<sde::scalar_noise, 1, 1>(
      [](const auto& x, double, auto& out) { out = 0.5 * x; },                                      // drift a(x)
      [](const auto& x, double, auto& out) { out[0] = std::sqrt(1 + x[0] * x[0]); },                // diffusion b(x)
      [](const auto& x, double, const auto& v, auto& out) { out[0] = v[0] * x[0] / std::sqrt(1 + x[0] * x[0]); });  // v·∇b
  const double x0 = 0.5, T = 1.0;
  auto exact = [&](double W) { return std::sinh(W + std::asinh(x0)); };

  // --- 1. One path through Odeint --------------------------------------------------------------------
  {
    sde::milstein stepper(problem);
    sde::brownian_stream<1> noise(/*seed=*/7, /*path=*/0, /*noise_dim=*/1);
    state x(x0);
    double last_t = 0;
    boost::numeric::odeint::integrate_n_steps(stepper, sde::drive(problem, noise), x, 0.0, T / 1000, 1000,
                                              [&](const state&, double t) { last_t = t; });
    // The same stream again gives the same path's W_T, hence the exact X_T to compare with.
    sde::brownian_stream<1> again(7, 0, 1);
    sde::brownian_increment<1> dw;
    double W = 0;
    for (int k = 0; k < 1000; ++k) again.next(T / 1000, dw), W += dw.dW[0];
    std::printf("One path (Odeint, Milstein, dt = 1e-3): X(%.3f) = %.6f, exact %.6f\n", last_t, x[0], exact(W));
  }

  // --- 2. Strong errors on shared Brownian paths --------------------------------------------------------
  const int fine = 10, coarsest = 3, paths = 2000;
  std::vector<double> dts;
  std::vector<sde::running_stat> em_err(fine - coarsest + 1), mil_err(fine - coarsest + 1);
  for (int p = 0; p < paths; ++p) {
    auto path = sde::brownian_path<1>::sample(/*seed=*/1, p, 1, T, fine, /*with_levy_area=*/false);
    double W = 0;
    for (const auto& inc : path) W += inc.dW[0];
    for (int level = fine; level >= coarsest; --level) {
      state em(x0), mil(x0);
      double t = 0;
      sde::euler_maruyama em_stepper(problem);
      sde::milstein mil_stepper(problem);
      for (const auto& inc : path) {
        em_stepper.do_step(problem, em, t, inc);
        mil_stepper.do_step(problem, mil, t, inc);
        t += inc.dt;
      }
      em_err[std::size_t(fine - level)].add(std::abs(em[0] - exact(W)));
      mil_err[std::size_t(fine - level)].add(std::abs(mil[0] - exact(W)));
      if (level > coarsest) path.coarsen();
    }
  }
  std::vector<double> em_mean, mil_mean;
  std::printf("\nStrong error E|X_T - X(T)| on %d shared paths\n  %-10s %-22s %-22s\n", paths, "dt", "Euler-Maruyama",
              "Milstein");
  for (int level = fine; level >= coarsest; --level) {
    const std::size_t i = std::size_t(fine - level);
    dts.push_back(T / double(1 << level));
    em_mean.push_back(em_err[i].mean());
    mil_mean.push_back(mil_err[i].mean());
    std::printf("  2^-%-7d %.3e +- %.1e    %.3e +- %.1e\n", level, em_err[i].mean(), em_err[i].standard_error(),
                mil_err[i].mean(), mil_err[i].standard_error());
  }
  const auto em_fit = analysis::fit_order(dts, em_mean), mil_fit = analysis::fit_order(dts, mil_mean);
  std::printf("  strong order: Euler-Maruyama %.3f [%.3f, %.3f], Milstein %.3f [%.3f, %.3f]\n", em_fit.order, em_fit.ci_low,
              em_fit.ci_high, mil_fit.order, mil_fit.ci_low, mil_fit.ci_high);

  // --- 3. An ensemble on all cores ------------------------------------------------------------------------
  sde::simulation_options opt;
  opt.dt = T / 256;
  opt.n_steps = 256;
  opt.ensemble.n_paths = 100000;
  const auto stats = sde::simulate_ensemble<sde::milstein>(problem, state(x0), opt, sde::final_moments<1>());
  std::printf("\nEnsemble of %zu paths (Milstein, dt = 1/256): E X_T = %.4f +- %.4f, exact %.4f\n", opt.ensemble.n_paths,
              stats.moments().mean()[0], stats.moments().standard_error()[0], x0 * std::exp(T / 2));
  return 0;
}
