#include <sgdsde/analysis/weak_error/monte_carlo_weak_error.hpp>
#include <sgdsde/analysis/weak_error/weak_error.hpp>
#include <sgdsde/sgd/double_well.hpp>
#include <sgdsde/sgd/least_squares.hpp>

#include <catch2/catch.hpp>

#include <random>

#include "sample_scale.hpp"

using namespace sgdsde;
using namespace sgdsde::analysis;

namespace {
// The oracle problem: Li–Tai–E's quadratic, H = diag(1, ½), x0 = (1, 1), φ = |x|², T = 2, K = 2, 4, 8.
struct oracle_case {
  const sgd::noisy_quadratic f = sgd::li_tai_e_quadratic((matrix(2, 2) << 1.0, 0.0, 0.0, 0.5).finished());
  const vector x0 = vector::Ones(2);
  std::function<double(const sgd::vector&)> second_moment = [](const sgd::vector& x) { return x.squaredNorm(); };

  monte_carlo_weak_error_options monte_carlo(const std::string& integrator) const {
    monte_carlo_weak_error_options mc;
    mc.horizon = 2.0;
    mc.steps = {2, 4, 8};
    mc.batch = 1;
    mc.ensemble.n_paths = 5000;
    mc.seed = 3;
    mc.integrator = integrator;
    return mc;
  }
  weak_error_result exact() const {
    weak_error_options ex;
    ex.horizon = 2.0;
    ex.steps = {2, 4, 8};
    ex.functional = moment_functional::parse("second_moment");
    return exact_weak_error(affine_model(f), x0, ex);
  }
};
}  // namespace

TEST_CASE("Monte Carlo weak errors agree with the exact ones within their standard errors", "[weak_error][oracle]") {
  const oracle_case c;
  const auto r = monte_carlo_weak_error(c.f, c.x0, c.second_moment, c.monte_carlo("euler_maruyama"));
  const auto exact = c.exact();
  for (std::size_t p = 0; p < r.points.size(); ++p) {
    const auto& m = r.points[p];
    const auto& e = exact.points[p];
    INFO("eta " << m.eta);
    CHECK(std::abs(m.sgd - e.sgd) < 5 * m.sgd_se);
    CHECK(std::abs(m.sme[0] - e.sme1) < 5 * m.sme_se[0]);
    CHECK(std::abs(m.sme[1] - e.sme2) < 5 * m.sme_se[1]);
    CHECK(std::abs(m.error(1) - e.error1()) < 5 * m.error_se(1));
  }
  // The fitted SME-1 order's interval (Monte Carlo + residual) contains the exact fit's slope.
  CHECK(r.order1.contains(exact.order1.order));
}

TEST_CASE("Monte Carlo weak error: the maximum over t against the exact one", "[weak_error][oracle][max_over_t]") {
  // |max_k |a_k + e_k| − max_k |a_k|| ≤ max_k |e_k|: the estimated maximum is within the largest
  // error's noise of the exact maximum over t = kη (weak_error.hpp). The noise of |x|² grows from 0 at
  // t = 0, so the largest standard error over k is at most that at the maximum or at T.
  const oracle_case c;
  auto mc = c.monte_carlo("euler_maruyama");
  mc.ensemble.n_paths = testing::scaled(5000, 1000);
  const auto at_T = monte_carlo_weak_error(c.f, c.x0, c.second_moment, mc);
  mc.max_over_t = true;
  const auto r = monte_carlo_weak_error(c.f, c.x0, c.second_moment, mc);
  const auto exact = c.exact();
  for (std::size_t p = 0; p < r.points.size(); ++p) {
    const auto& m = r.points[p];
    const auto& e = exact.points[p];
    // Recording every step draws no other numbers: the values at T are the same bits.
    CHECK(m.sgd == at_T.points[p].sgd);
    CHECK(m.sme[0] == at_T.points[p].sme[0]);
    CHECK(std::isnan(at_T.points[p].max_error[0]));
    for (int order : {1, 2}) {
      const double tolerance = 5 * std::max(m.max_error_se[order - 1], m.error_se(order));
      INFO("eta " << m.eta << ", SME-" << order << ": max " << m.max_error[order - 1] << " ± " << m.max_error_se[order - 1]
                  << " at t = " << m.max_time[order - 1] << ", exact " << e.max_error[order - 1] << " at t = " << e.max_time[order - 1]);
      CHECK(std::abs(m.max_error[order - 1] - e.max_error[order - 1]) < tolerance);
      CHECK(m.max_error[order - 1] >= std::abs(m.error(order)));
      CHECK(m.max_time[order - 1] >= 0.0);
      CHECK(m.max_time[order - 1] <= 2.0);
    }
  }
  CHECK(r.max_order1.points == 3);
  CHECK(std::isnan(at_T.max_order1.order));
}

TEST_CASE("Monte Carlo weak error under a schedule agrees with the exact one", "[weak_error][oracle][schedule]") {
  // η_k = η e^{−kη/τ}: SGD's ensemble and the SME's (on its clock t = Σ η_k, pair_with_sme) against
  // the exact moments under the same rates, within 5 standard errors.
  const oracle_case c;
  auto mc = c.monte_carlo("euler_maruyama");
  mc.ensemble.n_paths = testing::scaled(4000, 1000);
  mc.schedule.name = "exponential";
  mc.schedule.decay_time = 0.5;
  const auto r = monte_carlo_weak_error(c.f, c.x0, c.second_moment, mc);
  weak_error_options ex;
  ex.horizon = 2.0;
  ex.steps = {2, 4, 8};
  ex.functional = moment_functional::parse("second_moment");
  ex.schedule = mc.schedule;
  const auto exact = exact_weak_error(affine_model(c.f), c.x0, ex);
  for (std::size_t p = 0; p < r.points.size(); ++p) {
    const auto& m = r.points[p];
    const auto& e = exact.points[p];
    INFO("eta " << m.eta << ": SGD " << m.sgd << " ± " << m.sgd_se << " (exact " << e.sgd << "), SME-1 " << m.sme[0] << " ± "
                << m.sme_se[0] << " (exact " << e.sme1 << ")");
    CHECK(m.sde_time == Approx(e.sde_time).epsilon(1e-14));
    CHECK(m.sde_time < ex.horizon);  // the rates decay
    CHECK(std::abs(m.sgd - e.sgd) < 5 * m.sgd_se);
    CHECK(std::abs(m.sme[0] - e.sme1) < 5 * m.sme_se[0]);
    CHECK(std::abs(m.sme[1] - e.sme2) < 5 * m.sme_se[1]);
  }
}

namespace {
// The kurtosis of a sample by the two-pass definition, m4/m2² about the sample mean.
double direct_kurtosis(const std::vector<double>& y) {
  double mean = 0;
  for (double v : y) mean += v;
  mean /= double(y.size());
  double m2 = 0, m4 = 0;
  for (double v : y) {
    m2 += (v - mean) * (v - mean);
    m4 += std::pow(v - mean, 4);
  }
  m2 /= double(y.size());
  m4 /= double(y.size());
  return m4 / (m2 * m2);
}
power_sums sums_of_powers(const std::vector<double>& y, double shift) {
  power_sums s{};
  for (double v : y)
    for (int j = 0; j < 9; ++j) s[j] += std::pow(v - shift, j);
  return s;
}
}  // namespace

TEST_CASE("kurtosis from power sums: the two-pass value for any shift, and the delta method's standard error",
          "[weak_error][kurtosis]") {
  std::vector<double> y;
  for (int i = 0; i < 1000; ++i) y.push_back(std::pow(std::sin(double(i)), 3) + 2.0 + 1e-3 * i);
  const double exact = direct_kurtosis(y);
  for (double shift : {0.0, 2.0, -5.0})
    CHECK(kurtosis_from_power_sums(sums_of_powers(y, shift)).value == Approx(exact).epsilon(1e-10));
  CHECK(std::isnan(kurtosis_from_power_sums(sums_of_powers(std::vector<double>(10, 1.5), 1.5)).value));  // no spread
  // Gaussian samples: Var κ̂ = 24/N to leading order. The delta method's estimate reads the eighth
  // moment, whose relative standard error at N = 1e5 is √(E y¹⁶/(E y⁸)² − 1)/√N = 4.3%, so the standard
  // error is within 2.2% (one sd) of √(24/N); 10% is 4.6 sd.
  std::mt19937_64 engine(12345);
  std::normal_distribution<double> normal;
  std::vector<double> g(100000);
  for (double& v : g) v = 1.0 + 0.5 * normal(engine);
  const auto k = kurtosis_from_power_sums(sums_of_powers(g, 1.0));
  INFO("kurtosis " << k.value << " ± " << k.standard_error << ", sqrt(24/N) = " << std::sqrt(24.0 / 1e5));
  CHECK(k.standard_error == Approx(std::sqrt(24.0 / 1e5)).epsilon(0.10));
  CHECK(std::abs(k.value - 3.0) < 5 * k.standard_error);
}

TEST_CASE("Monte Carlo weak error of the kurtosis against exact laws", "[weak_error][kurtosis][oracle]") {
  // (1) One SGD step from x0 on a finite sum with B = 1 draws x0 − η∇f_i(x0) with i uniform: its
  // kurtosis is the sample kurtosis of those n points, exactly.
  const sgd::least_squares ls(sgd::lecture_regression_data(3, 50, 0.5, 3).data);
  monte_carlo_weak_error_options o;
  o.horizon = 0.1;
  o.steps = {1, 2, 4};
  o.substeps = 1;
  o.ensemble.n_paths = testing::scaled(10000, 2000);
  o.max_over_t = true;
  const vector x0 = vector::Constant(3, 0.5);
  const auto r = monte_carlo_weak_error_of(ls, x0, monte_carlo_statistic::kurtosis_of(1, x0[1]), o);
  std::vector<double> one_step;
  for (std::size_t i = 0; i < ls.size(); ++i) {
    vector g = vector::Zero(3);
    ls.add_sample_gradient(x0, i, 1.0, g);
    one_step.push_back(x0[1] - 0.1 * g[1]);
  }
  INFO("one step: " << r.points[0].sgd << " ± " << r.points[0].sgd_se << ", exact " << direct_kurtosis(one_step));
  CHECK(std::abs(r.points[0].sgd - direct_kurtosis(one_step)) < 5 * r.points[0].sgd_se);
  // At t = 0 every path is at x0: no kurtosis there, so the maximum over t is over t > 0.
  for (const auto& p : r.points) {
    CHECK(std::isfinite(p.max_error[0]));
    CHECK(p.max_time[0] > 0.0);
  }
  // (2) Li–Tai–E's quadratic has Gaussian gradient noise and a linear drift: SGD's iterates and the
  // SME's (and Euler–Maruyama's) are Gaussian, kurtosis 3, at every η.
  const oracle_case c;
  auto mc = c.monte_carlo("euler_maruyama");
  mc.ensemble.n_paths = testing::scaled(20000, 2000);
  const auto gaussian = monte_carlo_weak_error_of(c.f, c.x0, monte_carlo_statistic::kurtosis_of(0, c.x0[0]), mc);
  for (const auto& p : gaussian.points) {
    INFO("eta " << p.eta << ": SGD " << p.sgd << " ± " << p.sgd_se << ", SME-1 " << p.sme[0] << " ± " << p.sme_se[0]);
    CHECK(std::abs(p.sgd - 3.0) < 5 * p.sgd_se);
    CHECK(std::abs(p.sme[0] - 3.0) < 5 * p.sme_se[0]);
    CHECK(std::abs(p.sme[1] - 3.0) < 5 * p.sme_se[1]);
    CHECK(p.sgd_se < 0.1);
  }
}

TEST_CASE("the SME side by Platen's weak order 2 scheme, without extrapolation, matches the exact SME moments",
          "[weak_error][oracle][platen_weak2]") {
  // The weak-2 scheme at dt = η/s has an O(dt²) bias like extrapolated EM, from one ensemble instead
  // of two: its estimate must agree with the exact E φ(X_T) of both SMEs.
  const oracle_case c;
  auto mc = c.monte_carlo("platen_weak2");
  const auto r = monte_carlo_weak_error(c.f, c.x0, c.second_moment, mc);
  const auto exact = c.exact();
  const auto richardson = monte_carlo_weak_error(c.f, c.x0, c.second_moment, c.monte_carlo("euler_maruyama"));
  for (std::size_t p = 0; p < r.points.size(); ++p) {
    const auto& m = r.points[p];
    const auto& e = exact.points[p];
    INFO("eta " << m.eta);
    CHECK(std::abs(m.sme[0] - e.sme1) < 5 * m.sme_se[0]);
    CHECK(std::abs(m.sme[1] - e.sme2) < 5 * m.sme_se[1]);
    // One ensemble instead of the extrapolation's 2E_fine − E_coarse: a smaller standard error.
    CHECK(m.sme_se[0] < richardson.points[p].sme_se[0]);
  }
  mc.integrator = "rk4";
  CHECK_THROWS_WITH(monte_carlo_weak_error(c.f, c.x0, c.second_moment, mc), Catch::Contains("unknown integrator 'rk4'"));
}

TEST_CASE("Monte Carlo weak-error options are validated", "[weak_error][input]") {
  const auto f = sgd::li_tai_e_quadratic(matrix::Identity(2, 2));
  monte_carlo_weak_error_options o;
  o.substeps = 0;
  auto phi = [](const sgd::vector& x) { return x[0]; };
  CHECK_THROWS_WITH(monte_carlo_weak_error(f, vector::Ones(2), phi, o), Catch::Contains("substeps"));
  o.substeps = 4;
  o.steps = {4, 2, 8};
  CHECK_THROWS_WITH(monte_carlo_weak_error(f, vector::Ones(2), phi, o), Catch::Contains("strictly increasing"));
}

TEST_CASE("A diverging SGD point is reported and left out of the fits, not crashed on", "[weak_error][divergence]") {
  // Double well 4x(x²−1) from x0 = 2: at η = 0.25 the first step overshoots to −4 and the cubic
  // slope throws every run to infinity within a few steps; at η ≤ 0.125 SGD and the SME settle.
  const sgd::double_well f(1.0, 1.0);
  monte_carlo_weak_error_options o;
  o.horizon = 2.0;
  o.steps = {8, 16, 32, 64};
  o.ensemble.n_paths = 400;
  auto phi = [](const sgd::vector& x) { return x[0] * x[0]; };
  const auto r = monte_carlo_weak_error(f, vector::Constant(1, 2.0), phi, o);
  REQUIRE(r.points.size() == 4);
  const auto& bad = r.points[0];
  CHECK(bad.eta == 0.25);
  CHECK_THAT(bad.sgd_divergence, Catch::Contains("run") && Catch::Contains("step"));
  CHECK(std::isnan(bad.sgd));
  CHECK_FALSE(bad.usable(1));
  // The SME-1 has a law at every η and its EM steps (dt = η/8) stay stable: estimated everywhere.
  // (The SME-2 drift −f′(1 + (η/2)f″) is steeper still, so its EM may itself blow up at η = 0.25,
  // as explicit schemes do on superlinear drifts; that too would be reported, not thrown.)
  for (const auto& p : r.points) {
    CHECK(p.sme_divergence[0].empty());
    CHECK(std::isfinite(p.sme[0]));
  }
  for (std::size_t p = 1; p < 4; ++p) {
    CHECK(r.points[p].usable(1));
    CHECK(r.points[p].usable(2));
  }
  CHECK(r.order1.points == 3);
  CHECK(r.order2.points == 3);
  // A bound turns slow growth into a reported divergence as well.
  o.bound = 1.5;
  const auto bounded = monte_carlo_weak_error(f, vector::Constant(1, 2.0), phi, o);
  CHECK_THAT(bounded.points[0].sgd_divergence, Catch::Contains("bound"));
  o.bound = 0.0;
  CHECK_THROWS_WITH(monte_carlo_weak_error(f, vector::Constant(1, 2.0), phi, o), Catch::Contains("bound"));
}

TEST_CASE("Monte Carlo weak error: an integrator reading Levy areas runs the SME in covariance form (m = d)", "[weak_error][diffusion]") {
  // Least squares, d = 8, n = 300: per_sample is the cheaper form for Euler-Maruyama (10800 flops per
  // step against 19530), and m = n would make Platen's scheme draw n(n-1)/2 = 44850 areas per step.
  const sgd::least_squares f(sgd::lecture_regression_data(8, 300, 0.3, 7).data);
  monte_carlo_weak_error_options o;
  o.horizon = 0.25;
  o.steps = {2, 4, 8};
  o.batch = 10;
  o.substeps = 1;
  o.ensemble.n_paths = 64;
  const auto phi = [](const sgd::vector& x) { return x.squaredNorm(); };
  CHECK(monte_carlo_weak_error(f, sgd::vector::Zero(8), phi, o).diffusion.form == sgd::diffusion_form::per_sample);
  o.integrator = "platen_weak2";
  const auto r = monte_carlo_weak_error(f, sgd::vector::Zero(8), phi, o);
  CHECK(r.diffusion.form == sgd::diffusion_form::covariance);
  CHECK(r.diffusion.noise_dims == 8);
  CHECK_THAT(r.diffusion.reason, Catch::Contains("integrator platen_weak2 reads Levy areas"));
  for (const auto& point : r.points) CHECK(point.usable(1));
}
