#include <sgdsde/analysis/distances.hpp>

#include <catch2/catch.hpp>

using namespace sgdsde;
using namespace sgdsde::analysis;

TEST_CASE("binned distances on hand-computed cases", "[distances]") {
  const std::vector<double> p{0.5, 0.5, 0.0}, q{0.25, 0.25, 0.5};
  CHECK(total_variation(p, q) == Approx(0.5));
  CHECK(hellinger(p, q) == Approx(std::sqrt(0.5 * (2 * std::pow(std::sqrt(0.5) - 0.5, 2) + 0.5))));
  CHECK(hellinger(p, p) == 0.0);
  const auto kl = kl_divergence(p, q);
  CHECK(kl.value == Approx(std::log(2.0)));
  CHECK(kl.infinite_bins == 0);
  const auto inf = kl_divergence(q, p);  // q has mass where p has none
  CHECK(std::isinf(inf.value));
  CHECK(inf.infinite_bins == 1);
  CHECK(inf.mass_on_infinite_bins == 0.5);
  CHECK(inf.finite_part == Approx(2 * 0.25 * std::log(0.5)));
  CHECK(wasserstein1_binned({1, 0, 0}, {0, 0, 1}, 0.5) == Approx(1.0));
  CHECK_THROWS_WITH(total_variation({1.0}, {0.5, 0.5}), Catch::Contains("same"));
  CHECK_THROWS_WITH(hellinger({-1.0}, {1.0}), Catch::Contains(">= 0"));
}

TEST_CASE("sample distances: W1 of a shift, KS p-values, sliced W1", "[distances]") {
  sde::random_stream s(5, 0);
  std::vector<double> x(2000), y(2000), z(3000);
  for (auto& v : x) v = sde::standard_normal(s);
  for (std::size_t i = 0; i < y.size(); ++i) y[i] = x[i] + 0.3;
  for (auto& v : z) v = sde::standard_normal(s);
  CHECK(wasserstein1(x, y) == Approx(0.3).epsilon(1e-12));
  CHECK(wasserstein1(x, x) == 0.0);
  CHECK(wasserstein1({0.0}, {1.0, 3.0}) == Approx(2.0));
  auto normal_cdf = [](double t) { return 0.5 * std::erfc(-t / std::sqrt(2.0)); };
  const auto good = kolmogorov_smirnov(z, normal_cdf);
  CHECK(good.p_value > 0.001);  // a true null rejected at 0.1% would be a one-in-a-thousand event
  const auto bad = kolmogorov_smirnov(z, [&](double t) { return normal_cdf(t - 0.2); });
  CHECK(bad.p_value < 1e-6);
  CHECK(kolmogorov_survival(1.358) == Approx(0.05).epsilon(0.01));
  Eigen::MatrixXd X(500, 2), Y(500, 2);
  for (int i = 0; i < 500; ++i) {
    X(i, 0) = sde::standard_normal(s);
    X(i, 1) = sde::standard_normal(s);
  }
  Y = X;
  CHECK(sliced_wasserstein1(X, Y) == 0.0);
  Y.col(0).array() += 1.0;
  // a shift c projects to |u·c|, whose mean over directions is (2/π)|c|
  CHECK(sliced_wasserstein1(X, Y, 2000) == Approx(2.0 / M_PI).epsilon(0.05));
}
