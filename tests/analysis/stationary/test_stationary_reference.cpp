#include <sgdsde/analysis/stationary/stationary_reference.hpp>

#include <catch2/catch.hpp>

#include <boost/math/distributions/normal.hpp>

using namespace sgdsde::analysis;

TEST_CASE("stationary reference of an Ornstein-Uhlenbeck SME: Gaussian, Gibbs at T = D/2, central range",
          "[stationary_reference][oracle]") {
  // dX = −X dt + √D dW: stationary N(0, D/2) = exp(−f/T) with f = x²/2 and T = D/2.
  const double D = 0.3, sd = std::sqrt(D / 2);
  const auto r = make_stationary_reference([](double x) { return -x; }, [D](double) { return D; },
                                           [](double x) { return 0.5 * x * x; }, std::nullopt, 40);
  // The range is the central 1 − 1e-4 of N(0, D/2), found on a 0.01 grid.
  const double q = boost::math::quantile(boost::math::normal(0.0, sd), 5e-5);
  CHECK(std::abs(r.lo - q) < 0.011);
  CHECK(std::abs(r.hi + q) < 0.011);
  CHECK(r.gibbs_temperature == Approx(D / 2).epsilon(1e-5));
  CHECK(r.gibbs_residual_kl < 1e-9);
  // Bin masses against the normal CDF (the window holds 1 − 1e-4 of the mass; the table renormalises).
  const boost::math::normal n(0.0, sd);
  const double inside = boost::math::cdf(n, r.hi) - boost::math::cdf(n, r.lo);
  const double w = (r.hi - r.lo) / r.bins;
  for (int i = 0; i < r.bins; i += 7) {
    const double exact = (boost::math::cdf(n, r.lo + (i + 1) * w) - boost::math::cdf(n, r.lo + i * w)) / inside;
    CHECK(r.exact_coarse[std::size_t(i)] == Approx(exact).epsilon(1e-6).margin(1e-12));
  }
}

TEST_CASE("stationary reference: state-dependent noise is not Gibbs; the comparison of the exact law is zero",
          "[stationary_reference]") {
  // Random-feature SME: drift −x, diffusion η(2x² + 1): reversible, heavy-tailed, not Gibbs.
  const double eta = 0.2;
  const auto r = make_stationary_reference([](double x) { return -x; }, [eta](double x) { return eta * (2 * x * x + 1); },
                                           [](double x) { return 0.5 * x * x; }, std::make_pair(-4.0, 4.0), 40);
  CHECK(r.lo == -4.0);
  CHECK(r.hi == 4.0);
  CHECK(r.gibbs_residual_kl > 1e-3);
  const std::vector<double> se(r.exact_coarse.size(), 1e-3);
  const auto same = compare_with_reference(r, r.exact_fine, r.exact_coarse, se, 1e4);
  CHECK(same.total_variation == Approx(0.0).margin(1e-15));
  CHECK(same.ks_statistic == Approx(0.0).margin(1e-15));
  CHECK(same.max_bin_z == Approx(0.0).margin(1e-12));
  CHECK(same.ks_p_value == Approx(1.0));
  // The Gibbs law compared with the exact one: a real distance, the same KS as the CDF gap.
  std::vector<double> gibbs_fine = r.gibbs.bin_masses(r.lo, r.hi, r.fine_bins);
  const auto other = compare_with_reference(r, gibbs_fine, r.gibbs_coarse, se, 1e4);
  CHECK(other.total_variation > 1e-3);
  double F = 0, G = 0, ks = 0;
  for (std::size_t i = 0; i < gibbs_fine.size(); ++i) {
    F += gibbs_fine[i];
    G += r.exact_fine[i];
    ks = std::max(ks, std::abs(F - G));
  }
  CHECK(other.ks_statistic == ks);
  CHECK_THROWS_WITH(make_stationary_reference([](double x) { return -x; }, [](double) { return 0.0; },
                                              [](double x) { return x * x; }, std::make_pair(-1.0, 1.0), 10),
                    Catch::Contains("diffusion must be finite and > 0"));
}
