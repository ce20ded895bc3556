#include <sgdsde/analysis/sgd_bounds.hpp>
#include <sgdsde/sde/observers.hpp>
#include <sgdsde/sgd/noisy_quadratic.hpp>
#include <sgdsde/sgd/sgd_simulator.hpp>

#include <catch2/catch.hpp>

#include "sample_scale.hpp"

using namespace sgdsde;
using namespace sgdsde::analysis;

TEST_CASE("Theorem 2.5's bound: by hand at T = 1, and (8) of the lecture for a constant rate", "[sgd_bounds]") {
  // η_t = 1/√(t+1), |x0 − x*|² = 2, σ² = 1.25: T = 1 gives (2 + 2·1.25·1)/(2/√2).
  const auto b = theorem_2_5_bounds([](std::uint64_t t) { return 1 / std::sqrt(double(t) + 1); }, 3, 2.0, 1.25);
  CHECK(b[0] == Approx(4.5 / std::sqrt(2.0)).epsilon(1e-15));
  // Constant η: (d + 2σ²Tη²)/(2Tη) = d/(2Tη) + ησ², the GD decay plus the noise floor.
  const double eta = 0.1;
  const auto c = theorem_2_5_bounds([eta](std::uint64_t) { return eta; }, 50, 2.0, 1.25);
  for (std::uint64_t T : {1, 10, 50}) CHECK(c[T - 1] == Approx(2.0 / (2 * T * eta) + eta * 1.25).epsilon(1e-13));
  CHECK(theorem_2_7_bound(1.0, 0.5, 1.25, 1) == Approx(1.25 / 0.5 * std::log(2.0)).epsilon(1e-15));
  CHECK_THROWS_WITH(theorem_2_7_bound(1.0, 0.0, 1.25, 10), Catch::Contains("mu > 0"));
}

// The bounds hold for SGD where their assumptions do: Li–Tai–E's quadratic, H = diag(1, ½) (L = 1,
// μ = ½, f* = 0), gradient noise −Hg with E|ξ|² = tr H² = 1.25 = σ², x0 = (1, 1). The Monte Carlo
// mean may exceed a bound only by its sampling error (4 standard errors).
TEST_CASE("SGD on the Li-Tai-E quadratic stays below Theorems 2.5 and 2.7", "[sgd_bounds][oracle]") {
  const auto f = sgd::li_tai_e_quadratic((sgd::matrix(2, 2) << 1.0, 0.0, 0.0, 0.5).finished());
  const sgd::vector x0 = sgd::vector::Ones(2);
  const double L = 1, mu = 0.5, sigma2 = 1.25, dist2 = 2;
  const std::uint64_t steps = 400, stride = 50;
  auto loss = [&f](const auto& x) { return f.value(x); };
  sgd::sgd_options o;
  o.n_steps = steps;
  o.seed = 5;
  o.ensemble.n_paths = testing::scaled(4000, 200);
  SECTION("Theorem 2.5: the eta-weighted average with eta_t = 1/sqrt(t+1)") {
    o.schedule = sgd::learning_rate_schedule::inverse_power(1.0, 0.5);
    o.average = sgd::averaging::eta_weighted;
    o.report_average = true;
    const auto r = sgd::simulate_sgd(f, x0, o, sde::scalar_trajectory(loss, steps, stride));
    const auto bound = theorem_2_5_bounds([&](std::uint64_t t) { return o.schedule(t); }, steps, dist2, sigma2);
    for (std::uint64_t k = 1; k < r.stats().size(); ++k) {
      const auto& s = r.stats()[k];
      INFO("T = " << k * stride << ": E f = " << s.mean() << " ± " << s.standard_error() << ", bound " << bound[k * stride - 1]);
      CHECK(s.mean() < bound[k * stride - 1] + 4 * s.standard_error());
    }
  }
  SECTION("Theorem 2.7: the last iterate with eta_t = 1/(mu (t+1))") {
    o.schedule = sgd::learning_rate_schedule::inverse_power(1 / mu, 1.0);
    const auto r = sgd::simulate_sgd(f, x0, o, sde::scalar_trajectory(loss, steps, stride));
    for (std::uint64_t k = 1; k < r.stats().size(); ++k) {
      const auto& s = r.stats()[k];
      const double bound = theorem_2_7_bound(L, mu, sigma2, k * stride);
      INFO("T = " << k * stride << ": E f = " << s.mean() << " ± " << s.standard_error() << ", bound " << bound);
      CHECK(s.mean() < bound + 4 * s.standard_error());
    }
  }
}
