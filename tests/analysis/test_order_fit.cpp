#include <sgdsde/analysis/order_fit.hpp>

#include <catch2/catch.hpp>

using namespace sgdsde::analysis;

TEST_CASE("order fit recovers an exact power law over uneven step sizes", "[order_fit]") {
  const std::vector<double> h{0.1, 0.07, 0.03, 0.011, 0.004};
  std::vector<double> e;
  for (double x : h) e.push_back(-2.5 * std::pow(x, 1.5));  // signed errors are fitted on |e|
  const auto fit = fit_order(h, e);
  CHECK(fit.order == Approx(1.5).epsilon(1e-12));
  CHECK(std::exp(fit.log_constant) == Approx(2.5).epsilon(1e-12));
  CHECK(fit.residual_standard_error < 1e-10);
  CHECK(fit.points == 5);
}

TEST_CASE("order fit interval: residual part and Monte Carlo part", "[order_fit]") {
  const std::vector<double> h{0.1, 0.05, 0.025, 0.0125};
  // Residual scatter only: log e = log h + (+d, −d, +d, −d).
  const double d = 0.05;
  std::vector<double> e;
  for (std::size_t i = 0; i < h.size(); ++i) e.push_back(h[i] * std::exp(i % 2 ? -d : d));
  const auto fit = fit_order(h, e);
  // Hand computation: x = log h evenly spaced by log 2, Sxx = 5 (log 2)², residual variance from OLS.
  CHECK(fit.ci_low < 1.0);
  CHECK(fit.ci_high > 1.0);
  CHECK(fit.mc_standard_error == 0.0);
  // Independent level errors with relative standard error r: Var q = r² Σ w_k², w_k = (x_k − x̄)/Sxx.
  const double r = 0.1;
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(4, 4);
  for (int i = 0; i < 4; ++i) cov(i, i) = r * r * e[i] * e[i];
  const auto with_mc = fit_order(h, e, 0.95, &cov);
  const double sxx = 5.0 * std::log(2.0) * std::log(2.0);
  CHECK(with_mc.mc_standard_error == Approx(r / std::sqrt(sxx)).epsilon(1e-12));
  CHECK(with_mc.standard_error == Approx(std::hypot(with_mc.mc_standard_error, fit.residual_standard_error)));
  CHECK(with_mc.ci_high - with_mc.ci_low > fit.ci_high - fit.ci_low);
}

TEST_CASE("order fit rejects bad input", "[order_fit][input]") {
  CHECK_THROWS_WITH(fit_order({0.1, 0.2}, {1.0}), Catch::Contains("differ in length"));
  CHECK_THROWS_WITH(fit_order({0.1, -0.2}, {1.0, 2.0}), Catch::Contains("step sizes must be > 0"));
  CHECK_THROWS_WITH(fit_order({0.1, 0.1, 0.1}, {1.0, 2.0, 3.0}), Catch::Contains("not all be equal"));
  CHECK_THROWS_WITH(fit_order({0.1, 0.2}, {1.0, 2.0}, 1.5), Catch::Contains("confidence"));
}
