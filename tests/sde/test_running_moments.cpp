#include <sgdsde/sde/histogram.hpp>
#include <sgdsde/sde/random_stream.hpp>
#include <sgdsde/sde/running_moments.hpp>

#include <catch2/catch.hpp>

using namespace sgdsde::sde;

TEST_CASE("merged Welford moments equal the two-pass sample moments", "[running_moments]") {
  random_stream s(3, 0);
  std::vector<Eigen::Vector2d> xs;
  for (int i = 0; i < 1000; ++i) xs.emplace_back(standard_normal(s) + 3.0, 2.0 * standard_normal(s) - 1.0);
  running_moments<2> a, b, all;
  for (int i = 0; i < 1000; ++i) {
    (i < 300 ? a : b).add(xs[i]);
    all.add(xs[i]);
  }
  a.merge(b);
  Eigen::Vector2d mean = Eigen::Vector2d::Zero();
  for (auto& x : xs) mean += x / 1000.0;
  Eigen::Matrix2d cov = Eigen::Matrix2d::Zero();
  for (auto& x : xs) cov += (x - mean) * (x - mean).transpose() / 999.0;
  CHECK((a.mean() - mean).cwiseAbs().maxCoeff() < 1e-12);
  CHECK((a.covariance() - cov).cwiseAbs().maxCoeff() < 1e-12);
  CHECK((all.covariance() - cov).cwiseAbs().maxCoeff() < 1e-12);
  CHECK(a.count() == 1000);
  running_moments<2> empty;
  empty.merge(all);
  CHECK(empty.mean() == all.mean());
}

TEST_CASE("histograms count overflow, underflow and non-finite samples", "[histogram]") {
  histogram h(-1.0, 1.0, 4);
  for (double x : {-2.0, -0.75, -0.25, 0.25, 0.75, 0.999999, 1.0, 5.0, std::nan("")}) h.add(x);
  CHECK(h.counts() == std::vector<std::uint64_t>{1, 1, 1, 2});
  CHECK(h.underflow() == 1);
  CHECK(h.overflow() == 2);
  CHECK(h.non_finite() == 1);
  CHECK(h.total() == 9);
  CHECK_THROWS(histogram(1.0, 1.0, 4));
  CHECK_THROWS(histogram(0.0, 1.0, 0));
  histogram other(-1.0, 1.0, 5);
  CHECK_THROWS(h.merge(other));
}
