#include <sgdsde/analysis/tail_index.hpp>
#include <sgdsde/sde/random_stream.hpp>

#include <boost/random/uniform_01.hpp>
#include <catch2/catch.hpp>

using namespace sgdsde;
using namespace sgdsde::analysis;

TEST_CASE("Hill estimator on Pareto samples is within its standard error", "[tail_index]") {
  sde::random_stream s(9, 0);
  boost::random::uniform_01<double> u;
  for (double alpha : {1.5, 3.0}) {
    std::vector<double> x(100000);
    for (auto& v : x) v = std::pow(1.0 - u(s), -1.0 / alpha);  // P(X > t) = t^{−α}, t ≥ 1
    const auto h = hill_estimator(x, 2000);
    CHECK(std::abs(h.alpha - alpha) < 4 * h.standard_error);
  }
  CHECK_THROWS_WITH(hill_estimator({1, 2, 3}, 1), Catch::Contains("k must be in"));
}

TEST_CASE("the Kesten tail index reaches 1e-12 against 30-digit values, below α = 1 too", "[tail_index][oracle]") {
  // References: the root of log E|1 − (η/B)χ²_B|^α by mpmath 1.3 at 30 digits (tanh-sinh split at the
  // kink, Anderson's root finder). Below α = 1 the integrand has a cusp |u − u*|^α at the kink.
  struct {
    double eta;
    std::size_t batch;
    double reference;
  } cases[] = {{1.8, 1, 0.270093840866847003504799859085},
               {1.5, 1, 0.477434808625963378146183724493},
               {0.5, 1, 2.90396622891633188716404037703},
               {2.5, 2, 0.0829105588162571300609591085175}};
  for (const auto& c : cases) {
    INFO("eta " << c.eta << ", B " << c.batch);
    CHECK(std::abs(sgd_tail_index_random_feature(c.eta, c.batch) / c.reference - 1.0) < 1e-12);
  }
}

TEST_CASE("random-feature SGD: the Kesten tail index solves E|1 − (η/B)χ²_B|^α = 1", "[tail_index][oracle]") {
  CHECK(kesten_moment(0.1, 1, 0.0) == Approx(1.0).epsilon(1e-10));
  // α = 2: E(1 − cS)² = 1 − 2cB + c²(B² + 2B) with c = η/B, closed form.
  const double eta = 0.3, B = 2, c = eta / B;
  CHECK(kesten_moment(eta, 2, 2.0) == Approx(1 - 2 * c * B + c * c * (B * B + 2 * B)).epsilon(1e-10));
  for (std::size_t batch : {1u, 4u})
    for (double e : {0.2, 0.5, 1.0}) {
      const double alpha = sgd_tail_index_random_feature(e, batch);
      INFO("eta " << e << ", B " << batch << ": alpha " << alpha << ", SME " << sme_tail_index_random_feature(e, batch));
      CHECK(kesten_moment(e, batch, alpha) == Approx(1.0).epsilon(1e-9));
      CHECK(alpha > 0.0);
    }
  // A larger step gives a heavier tail, and the SME's index 1 + B/η is a different number (at η = 0.1:
  // SGD 17.28, SME 11; SGD's tail comes from rare large multipliers |1 − ηa²| > 1, which the SME lacks).
  CHECK(sgd_tail_index_random_feature(1.0, 1) < sgd_tail_index_random_feature(0.5, 1));
  CHECK(sgd_tail_index_random_feature(0.1, 1) == Approx(17.28).epsilon(1e-3));
  CHECK(sme_tail_index_random_feature(0.1, 1) == Approx(11.0));
  CHECK_THROWS_WITH(sgd_tail_index_random_feature(5.0, 1), Catch::Contains("no stationary law"));
}
