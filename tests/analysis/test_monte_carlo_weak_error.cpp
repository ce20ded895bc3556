#include <sgdsde/analysis/monte_carlo_weak_error.hpp>
#include <sgdsde/analysis/weak_error.hpp>

#include <catch2/catch.hpp>

using namespace sgdsde;
using namespace sgdsde::analysis;

TEST_CASE("Monte Carlo weak errors agree with the exact ones within their standard errors", "[weak_error][oracle]") {
  const matrix H = (matrix(2, 2) << 1.0, 0.0, 0.0, 0.5).finished();
  const auto f = sgd::li_tai_e_quadratic(H);
  const vector x0 = vector::Ones(2);
  monte_carlo_weak_error_options mc;
  mc.horizon = 2.0;
  mc.steps = {2, 4, 8};
  mc.batch = 1;
  mc.ensemble.n_paths = 5000;
  mc.seed = 3;
  auto second_moment = [](const sgd::vector& x) { return x.squaredNorm(); };
  const auto r = monte_carlo_weak_error(f, x0, second_moment, mc);
  weak_error_options ex;
  ex.horizon = mc.horizon;
  ex.steps = mc.steps;
  ex.functional = moment_functional::parse("second_moment");
  const auto exact = exact_weak_error(affine_model(f), x0, ex);
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
