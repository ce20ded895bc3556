#include <sgdsde/sde/brownian_stream.hpp>
#include <sgdsde/sde/levy_area.hpp>
#include <sgdsde/sde/running_moments.hpp>

#include <catch2/catch.hpp>

using namespace sgdsde::sde;

// Lévy's formula: given dW, A_12 has mean 0 and variance h²/12 + h|dW|²/12; unconditionally h²/4.
// We check E[A] = 0, E[A dW_1] = 0 and E[A² − (h²/12 + h|dW|²/12)] = 0, each within 4 standard errors.
TEST_CASE("Wiktorsson Lévy areas have the exact conditional variance", "[levy_area]") {
  const double h = 0.05;
  for (double tolerance : {1.0, 1e4}) {  // 1e4: p = 1 term, the tail correction carries the variance
    running_stat mean, cross, excess;
    brownian_stream<2> stream(11, 0, 2, true, tolerance);
    brownian_increment<2> inc;
    for (int i = 0; i < 200000; ++i) {
      stream.next(h, inc);
      const double a = inc.area(0, 1);
      REQUIRE(inc.area(1, 0) == -a);
      mean.add(a / h);
      cross.add(a * inc.dW[0] / std::pow(h, 1.5));
      excess.add((a * a - (h * h / 12 + h * inc.dW.squaredNorm() / 12)) / (h * h));
    }
    INFO("tolerance " << tolerance);
    CHECK(std::abs(mean.mean()) < 4 * mean.standard_error());
    CHECK(std::abs(cross.mean()) < 4 * cross.standard_error());
    CHECK(std::abs(excess.mean()) < 4 * excess.standard_error());
  }
}

TEST_CASE("Lévy area terms grow as 1/sqrt(h) and the m = 3 areas are antisymmetric with the right variance",
          "[levy_area]") {
  CHECK(levy_area_terms(1e-2, 2) < levy_area_terms(1e-4, 2));
  CHECK(levy_area_terms(1e-4, 2) == Approx(10 * levy_area_terms(1e-2, 2)).epsilon(0.15));
  CHECK(levy_area_terms(0.1, 1) == 0);
  CHECK_THROWS(levy_area_terms(0.0, 2));

  const double h = 0.1;
  brownian_stream<3> stream(5, 1, 3, true, 1e3);
  brownian_increment<3> inc;
  running_stat excess[3];
  for (int i = 0; i < 100000; ++i) {
    stream.next(h, inc);
    REQUIRE((inc.area + inc.area.transpose()).cwiseAbs().maxCoeff() == 0.0);
    int n = 0;
    for (int j = 0; j < 3; ++j)
      for (int k = j + 1; k < 3; ++k, ++n) {
        const double w2 = inc.dW[j] * inc.dW[j] + inc.dW[k] * inc.dW[k];
        excess[n].add((inc.area(j, k) * inc.area(j, k) - (h * h / 12 + h * w2 / 12)) / (h * h));
      }
  }
  for (auto& e : excess) CHECK(std::abs(e.mean()) < 4 * e.standard_error());
}

TEST_CASE("Increments carry an m x m area matrix only when areas are drawn (O(m) memory otherwise)", "[levy_area][memory]") {
  // Per-sample SME noise has m = n dimensions: an m x m matrix per increment was O(n^2) memory
  // (n = 2000: 32 MB each) for schemes that never read it.
  const int m = 2000;
  brownian_increment<> inc(m);
  CHECK(inc.area.size() == 0);
  brownian_stream<> without(1, 0, m, false);
  without.next(0.01, inc);
  CHECK(inc.area.size() == 0);
  CHECK(!inc.has_levy_area);
  brownian_stream<> with(1, 0, 3, true);
  brownian_increment<> small(3);
  with.next(0.01, small);
  CHECK(small.has_levy_area);
  CHECK(small.area.rows() == 3);
  small.resize(4);  // a resized increment forgets its areas
  CHECK(!small.has_levy_area);
  CHECK(small.area.size() == 0);
}
