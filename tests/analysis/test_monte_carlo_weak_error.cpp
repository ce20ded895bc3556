#include <sgdsde/analysis/monte_carlo_weak_error.hpp>
#include <sgdsde/analysis/weak_error.hpp>
#include <sgdsde/sgd/double_well.hpp>
#include <sgdsde/sgd/least_squares.hpp>

#include <catch2/catch.hpp>

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
