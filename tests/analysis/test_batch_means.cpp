#include <sgdsde/analysis/batch_means.hpp>
#include <sgdsde/analysis/histogram2d.hpp>
#include <sgdsde/sde/random_stream.hpp>

#include <catch2/catch.hpp>

using namespace sgdsde;
using namespace sgdsde::analysis;

TEST_CASE("batch means: AR(1) autocorrelation time (1+ρ)/(1−ρ) and the standard error of the mean", "[batch_means][oracle]") {
  // x_{t+1} = ρ x_t + √(1−ρ²) ε_t: stationary variance 1, τ = (1+ρ)/(1−ρ). The batch-means variance
  // has relative standard error √(2/(b−1)) with b batches; the test allows 5 of them (+ a bias of
  // order τ/L from the finite batch length L).
  for (double rho : {0.0, 0.5, 0.9}) {
    sde::random_stream s(7, 0);
    batch_means bm(64);
    double x = sde::standard_normal(s);
    const std::uint64_t n = std::uint64_t(1) << 21;
    for (std::uint64_t t = 0; t < n; ++t) {
      bm.add(x);
      x = rho * x + std::sqrt(1 - rho * rho) * sde::standard_normal(s);
    }
    const double tau = (1 + rho) / (1 - rho);
    const double rel = 5 * std::sqrt(2.0 / double(bm.batches() - 1)) + tau / double(bm.batch_length());
    INFO("rho " << rho << ": tau " << bm.autocorrelation_time() << " (exact " << tau << "), batches " << bm.batches());
    CHECK(std::abs(bm.autocorrelation_time() / tau - 1) < rel);
    CHECK(std::abs(bm.standard_error() / std::sqrt(tau / double(n)) - 1) < rel);
    CHECK(std::abs(bm.mean()) < 5 * std::sqrt(tau / double(n)));
    CHECK(bm.effective_sample_size() == Approx(double(n) / bm.autocorrelation_time()));
    CHECK(bm.batches() >= 64);
    CHECK(bm.batches() < 128);
  }
  CHECK_THROWS_WITH(batch_means(2), Catch::Contains("max_batches"));
  batch_means few;
  few.add(1.0);
  CHECK(std::isnan(few.standard_error()));
}

TEST_CASE("2-D histogram: counts, overflow, exact merge; pilot ranges", "[histogram]") {
  histogram2d a(0, 1, 2, 0, 2, 4), b(0, 1, 2, 0, 2, 4);
  a.add(0.25, 0.25);
  a.add(0.75, 1.9);
  a.add(1.5, 0.5);  // outside x
  a.add(std::nan(""), 0.5);
  b.add(0.25, 0.3);
  a.merge(b);
  CHECK(a.count(0, 0) == 2);
  CHECK(a.count(1, 3) == 1);
  CHECK(a.overflow() == 1);
  CHECK(a.non_finite() == 1);
  CHECK(a.total() == 5);
  CHECK(a.density(0, 0) == Approx(2.0 / (5 * 0.5 * 0.5)));
  CHECK_THROWS_WITH(a.merge(histogram2d(0, 1, 3, 0, 2, 4)), Catch::Contains("different binning"));
  CHECK_THROWS_WITH(histogram2d(1, 0, 2, 0, 1, 2), Catch::Contains("lo < hi"));
  std::vector<double> pilot;
  for (int i = 0; i <= 1000; ++i) pilot.push_back(i);
  const auto [lo, hi] = pilot_range(pilot, 0.9, 0.1);
  CHECK(lo == Approx(50 - 90));
  CHECK(hi == Approx(950 + 90));
  CHECK_THROWS_WITH(pilot_range({1.0}), Catch::Contains("two finite"));
}
