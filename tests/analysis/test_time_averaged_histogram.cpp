#include <sgdsde/analysis/time_averaged_histogram.hpp>
#include <sgdsde/sde/random_stream.hpp>

#include <Eigen/Dense>
#include <catch2/catch.hpp>

#include <cmath>

using namespace sgdsde;
using namespace sgdsde::analysis;

namespace {
double normal_cdf(double x, double sd) { return 0.5 * std::erfc(-x / (sd * std::sqrt(2.0))); }

// Chains of the AR(1) x' = φx + z, z ~ N(0, 1): stationary N(0, 1/(1 − φ²)), integrated
// autocorrelation time τ = (1 + φ)/(1 − φ). Each chain starts far out, so the burn-in matters.
time_averaged_histogram ar1_chains(double phi, int chains, std::uint64_t steps, std::uint64_t burn_in, int bins) {
  const double sd = 1.0 / std::sqrt(1.0 - phi * phi);
  time_averaged_histogram total(-4 * sd, 4 * sd, bins, burn_in, steps);
  for (int c = 0; c < chains; ++c) {
    time_averaged_histogram chain(-4 * sd, 4 * sd, bins, burn_in, steps);
    sde::random_stream stream(3, std::uint64_t(c));
    Eigen::Matrix<double, 1, 1> x(50.0);
    chain.observe(0, 0.0, x);
    for (std::uint64_t k = 1; k <= steps; ++k) {
      x[0] = phi * x[0] + sde::standard_normal(stream);
      chain.observe(k, double(k), x);
    }
    chain.finish(x, double(steps));
    total.merge(chain);
  }
  return total;
}
}  // namespace

TEST_CASE("time-averaged histogram of correlated chains: bins and error bars against the exact law", "[stationary][oracle]") {
  const double phi = 0.9, sd = 1.0 / std::sqrt(1.0 - phi * phi);
  const int bins = 20;
  const auto h = ar1_chains(phi, 8, 400000, 1000, bins);
  CHECK(h.batches() == 8 * 16);
  // τ = 19 for φ = 0.9; batch means over batches of 25 000 steps resolve it to a few per cent.
  CHECK(h.autocorrelation_time() == Approx((1 + phi) / (1 - phi)).epsilon(0.15));
  // Each bin within 4 of its own standard errors, and the errors calibrated: Σ z² ≈ bins.
  double chi2 = 0;
  for (int i = 0; i < bins; ++i) {
    const double a = -4 * sd + 8 * sd * i / bins, b = a + 8 * sd / bins;
    const double exact = normal_cdf(b, sd) - normal_cdf(a, sd);
    const double z = (h.probability(i) - exact) / h.standard_error(i);
    INFO("bin " << i << " p " << h.probability(i) << " exact " << exact << " se " << h.standard_error(i));
    CHECK(std::abs(z) < 4);
    chi2 += z * z;
  }
  CHECK(chi2 < bins + 4 * std::sqrt(2.0 * bins));
  CHECK(chi2 > bins - 4 * std::sqrt(2.0 * bins));  // error bars not inflated either
  // The error bars carry the correlation. A narrow bin's indicator decorrelates fast, but for the
  // half-line bin [0, 4sd) the indicator 1{x > 0} has τ = 1 + 2Σ(2/π)arcsin(φ^k) ≈ 13: its error bar
  // must be about √13 ≈ 3.6 times the independent-draw (binomial) one.
  const auto halves = ar1_chains(phi, 8, 400000, 1000, 2);
  const double p = halves.probability(1);
  CHECK(std::abs(p - 0.5) < 4 * halves.standard_error(1));
  CHECK(halves.standard_error(1) > 2.5 * std::sqrt(p * (1 - p) / double(halves.values().count())));
}

TEST_CASE("time-averaged histogram: the burn-in is excluded and bad setups are refused", "[stationary][input]") {
  // The start at x = 50 decays as 50·0.5^k: steps 1–3 lie beyond the range (4 sd = 4.6). With a
  // burn-in of 100 they are not counted; without, they are (2 chains × 3 more overflows at least:
  // the counted window 1…10000 contains the burnt-in one, 101…9988).
  const auto h = ar1_chains(0.5, 2, 10000, 100, 10);
  const auto no_burn_in = ar1_chains(0.5, 2, 10000, 0, 10);
  CHECK(no_burn_in.counts().overflow() >= h.counts().overflow() + 6);
  CHECK(h.values().count() == 2 * 16 * ((10000 - 100) / 16));
  CHECK_THROWS_WITH(time_averaged_histogram(-1, 1, 10, 100, 100), Catch::Contains("at least one step per batch"));
  CHECK_THROWS_WITH(time_averaged_histogram(-1, 1, 10, 0, 100, 1), Catch::Contains("batches must be >= 2"));
}
