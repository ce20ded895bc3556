#include <sgdsde/sde/brownian_path.hpp>

#include <catch2/catch.hpp>

using namespace sgdsde::sde;

TEST_CASE("coarsening sums fine increments exactly and joins Lévy areas by Chen's relation", "[brownian_path]") {
  auto fine = brownian_path<2>::sample(42, 3, 2, 1.0, 6, true);
  REQUIRE(fine.size() == 64);
  CHECK(fine.dt() == Approx(1.0 / 64));
  auto coarse = fine.coarsened();
  REQUIRE(coarse.size() == 32);
  for (std::size_t i = 0; i < coarse.size(); ++i) {
    const auto& a = fine[2 * i];
    const auto& b = fine[2 * i + 1];
    CHECK((coarse[i].dW - (a.dW + b.dW)).cwiseAbs().maxCoeff() < 1e-15);
    const double chen = a.area(0, 1) + b.area(0, 1) + 0.5 * (a.dW[0] * b.dW[1] - a.dW[1] * b.dW[0]);
    CHECK(coarse[i].area(0, 1) == Approx(chen).margin(1e-15));
    CHECK(coarse[i].dt == Approx(2.0 / 64));
  }
  // In-place coarsening agrees with the copying one; the whole path sums to W(T).
  auto in_place = fine;
  in_place.coarsen();
  for (std::size_t i = 0; i < coarse.size(); ++i) CHECK(in_place[i].dW == coarse[i].dW);
  Eigen::Vector2d total = Eigen::Vector2d::Zero();
  for (const auto& inc : fine) total += inc.dW;
  while (in_place.size() > 1) in_place.coarsen();
  CHECK((in_place[0].dW - total).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("Chen-aggregated areas keep the Lévy-area law at the coarse step", "[brownian_path]") {
  // Area over [0, 1] from 16 fine steps: E[A² − (1/12 + |W|²/12)] = 0 (Lévy), within 4 SE.
  double sum = 0, sum2 = 0;
  const int n = 20000;
  for (int p = 0; p < n; ++p) {
    auto path = brownian_path<2>::sample(9, p, 2, 1.0, 4, true);
    while (path.size() > 1) path.coarsen();
    const double e = path[0].area(0, 1) * path[0].area(0, 1) - (1.0 / 12 + path[0].dW.squaredNorm() / 12);
    sum += e;
    sum2 += e * e;
  }
  const double mean = sum / n, se = std::sqrt((sum2 / n - mean * mean) / n);
  CHECK(std::abs(mean) < 4 * se);
}

TEST_CASE("the same seed and path give the same increments with and without Lévy areas", "[brownian_stream]") {
  brownian_stream<2> with(1, 2, 2, true), without(1, 2, 2, false);
  brownian_increment<2> a, b;
  for (int i = 0; i < 100; ++i) {
    with.next(0.01, a);
    without.next(0.01, b);
    REQUIRE(a.dW == b.dW);
  }
  CHECK(a.has_levy_area);
  CHECK_FALSE(b.has_levy_area);
  brownian_stream<2> other_path(1, 3, 2);
  other_path.next(0.01, b);
  brownian_stream<2> first(1, 2, 2);
  first.next(0.01, a);
  CHECK(a.dW != b.dW);
}

TEST_CASE("Brownian sources reject bad input", "[brownian_stream]") {
  brownian_stream<> s(1, 0, 2);
  brownian_increment<> inc(2);
  CHECK_THROWS_WITH(s.next(0.0, inc), Catch::Contains("dt must be finite and > 0"));
  CHECK_THROWS_WITH(s.next(-1e-3, inc), Catch::Contains("dt"));
  CHECK_THROWS_WITH(s.next(std::nan(""), inc), Catch::Contains("dt"));
  CHECK_THROWS_WITH((brownian_stream<2>(1, 0, 3)), Catch::Contains("noise dimension"));
  CHECK_THROWS_WITH((brownian_stream<>(1, 0, 0)), Catch::Contains("noise dimension"));
  CHECK_THROWS_WITH(brownian_path<1>::sample(1, 0, 1, 0.0, 3, false), Catch::Contains("T must be > 0"));
  CHECK_THROWS_WITH(brownian_path<1>::sample(1, 0, 1, 1.0, -1, false), Catch::Contains("fine_level"));
}

TEST_CASE("normals generated ahead on a promise give the same increments as one step at a time", "[brownian_stream]") {
  // m = 3 does not divide the 128-normal buffer; m = 200 does not fit it; the promise runs out early.
  for (int m : {1, 3, 200}) {
    for (std::uint64_t promise : {0ull, 1ull, 50ull, 1000ull}) {
      brownian_stream<> ahead(9, 4, m), plain(9, 4, m);
      ahead.expect_steps(promise);
      brownian_increment<> a(m), b(m);
      std::size_t different = 0;
      for (int step = 0; step < 300; ++step) {
        const double dt = step % 7 == 0 ? 0.02 : 0.01;
        ahead.next(dt, a);
        plain.next(dt, b);
        for (int j = 0; j < m; ++j) different += a.dW[j] != b.dW[j];
      }
      CHECK(different == 0);
    }
  }
  // Lévy areas come from their own substream, untouched by the buffer.
  brownian_stream<2> ahead(1, 2, 2, true), plain(1, 2, 2, true);
  ahead.expect_steps(100);
  brownian_increment<2> a, b;
  for (int i = 0; i < 100; ++i) {
    ahead.next(0.01, a);
    plain.next(0.01, b);
    REQUIRE(a.dW == b.dW);
    REQUIRE(a.area == b.area);
  }
}

TEST_CASE("a law drawn beside the increments continues the path's own normal stream", "[brownian_stream]") {
  // Unit-time increments are the standard normals themselves; engine() hands on the same stream, so
  // increments and a side draw interleave exactly as on one random_stream (SGD's Student-t noise).
  brownian_stream<> s(5, 7, 3);
  random_stream raw(5, 7, substream::brownian);
  brownian_increment<> inc;
  for (int step = 0; step < 4; ++step) {
    s.next(1.0, inc);
    Eigen::VectorXd z(3);
    fill_standard_normal(raw, z);
    CHECK(inc.dW == z);
    CHECK(s.engine()() == raw());
  }
  s.expect_steps(10);
  s.next(1.0, inc);  // the promise buffers normals ahead: the stream is no longer at the step
  CHECK_THROWS_WITH(s.engine(), Catch::Contains("buffered ahead"));
}
