#include <sgdsde/analysis/escape/escape_time.hpp>
#include <sgdsde/sde/euler_maruyama.hpp>
#include <sgdsde/sde/simulate.hpp>

#include <catch2/catch.hpp>

using namespace sgdsde;
using namespace sgdsde::analysis;

TEST_CASE("mean first-passage quadrature matches closed forms", "[escape][oracle]") {
  // Reflected Brownian motion, D = 2: T(x) = (b² − x²)/D.
  auto zero = [](double) { return 0.0; };
  auto two = [](double) { return 2.0; };
  CHECK(mean_first_passage_time(zero, two, 0.3, 1.0, 0.0) == Approx((1.0 - 0.09) / 2.0).epsilon(1e-12));
  // Constant drift a toward the reflecting wall, D = 1:
  // T(x) = (b − x)/a + D/(2a²)(e^{−2a(b−lo)/D} − e^{−2a(x−lo)/D}).
  const double a = -1.0, D = 1.0, lo = 0.0, x = 0.5, b = 1.0;
  const double exact = (b - x) / a + D / (2 * a * a) * (std::exp(-2 * a * (b - lo) / D) - std::exp(-2 * a * (x - lo) / D));
  CHECK(mean_first_passage_time([a](double) { return a; }, [D](double) { return D; }, x, b, lo) ==
        Approx(exact).epsilon(1e-12));
  // Starting on the target: zero time.
  CHECK(mean_first_passage_time(zero, two, 1.0, 1.0, 0.0) == Approx(0.0).margin(1e-12));
}

TEST_CASE("mean first-passage times reach 1e-12 against 30-digit quadrature", "[escape][oracle]") {
  // References: T = ∫_{x0}^{b} dy ∫_{lo}^{y} (2/D(z)) exp(Φ(z) − Φ(y)) dz by nested tanh-sinh quadrature
  // at 30 significant digits (mpmath 1.3, mp.dps = 30), split at the extrema.
  // f = (x² − 1)², a = −f′, D = 2ε, from −1 to +1, reflected at −4 (barriers of 20 to 40 temperatures).
  const std::pair<double, double> double_well[] = {{0.1, 25527.0913642924592411961411458},
                                                   {0.05, 549661100.352072219047759986504},
                                                   {0.025, 263975217059275577.843694437569}};
  for (const auto& [eps, reference] : double_well) {
    const double T = mean_first_passage_time([](double x) { return -4.0 * x * (x * x - 1.0); },
                                             [eps = eps](double) { return 2.0 * eps; }, -1.0, 1.0, -4.0);
    INFO("eps " << eps);
    CHECK(std::abs(T / reference - 1.0) < 2e-12);
  }
  // State-dependent noise: a = −x, D = 0.1 (2x² + 1) (random-feature shape), 0 → 2, reflected at −6.
  const double T = mean_first_passage_time([](double x) { return -x; }, [](double x) { return 0.1 * (2 * x * x + 1); }, 0.0,
                                           2.0, -6.0);
  CHECK(std::abs(T / 134005.200102301899246886359719 - 1.0) < 2e-12);
}

TEST_CASE("critical points are found to full precision", "[escape][oracle]") {
  // f = (x² − 1)²/4: f′ = x(x² − 1), f″ = 3x² − 1. Brent's √eps guesses are polished by Newton.
  auto slope = [](double x) { return x * (x * x - 1.0); };
  auto curvature = [](double x) { return 3.0 * x * x - 1.0; };
  CHECK(std::abs(critical_point(slope, curvature, -0.99999998, -3.0, 0.0) + 1.0) < 1e-15);
  CHECK(std::abs(critical_point(slope, curvature, 2e-8, -0.5, 0.5)) < 1e-15);
  // No critical point in reach: the guess comes back.
  CHECK(critical_point([](double) { return 1.0; }, [](double) { return 0.0; }, 0.25, 0.0, 1.0) == 0.25);
}

TEST_CASE("Kramers' time is the small-temperature limit of the exact escape time", "[escape][oracle]") {
  // f = (x² − 1)²: f″(±1) = 8, f″(0) = −4, barrier 1. The exact/Kramers ratio is 1 + cε + O(ε²):
  // the gap shrinks linearly with the temperature (halving ε halves it, to within 10%).
  double previous_gap = 0.0;
  for (double eps : {0.05, 0.025, 0.0125}) {
    auto drift = [](double x) { return -4.0 * x * (x * x - 1.0); };
    auto diffusion = [eps](double) { return 2.0 * eps; };
    const double exact = mean_first_passage_time(drift, diffusion, -1.0, 1.0, -4.0);
    const double gap = exact / kramers_escape_time(8.0, -4.0, 1.0, eps) - 1.0;
    INFO("eps " << eps << " gap " << gap);
    CHECK(gap > 0.0);
    CHECK(gap < 0.5 * eps);
    if (previous_gap > 0.0) CHECK(previous_gap / gap == Approx(2.0).epsilon(0.1));
    previous_gap = gap;
  }
}

namespace {
// The first-passage observer without done(): every path runs to the end.
struct without_early_stop {
  first_passage_time inner;
  template <class State> void observe(std::uint64_t k, double t, const State& x) { inner.observe(k, t, x); }
  template <class State> void finish(const State& x, double t) { inner.finish(x, t); }
  void merge(const without_early_stop& o) { inner.merge(o.inner); }
};

auto double_well_sme(double D) {
  return sde::make_sde<sde::scalar_noise, 1, 1>(
      [](const auto& x, double, auto& out) { out[0] = -x[0] * (x[0] * x[0] - 1.0); },  // f = (x² − 1)²/4
      [D](const auto&, double, auto& out) { out.setConstant(std::sqrt(D)); });
}
}  // namespace

TEST_CASE("Euler–Maruyama escape times match the quadrature within Monte Carlo error", "[escape][oracle]") {
  // f = (x² − 1)²/4 (barrier 1/4), D = 0.2 (ε = 0.1): T ≈ 54 from −1 to +1. dt = 0.005 keeps EM's
  // own bias (about κ dt/2 of the temperature, ~0.5% of T here) well inside the 4-se tolerance (~8%).
  const double D = 0.2;
  const double exact = mean_first_passage_time([](double x) { return -x * (x * x - 1.0); }, [D](double) { return D; },
                                               -1.0, 1.0, -5.0);
  sde::simulation_options o;
  o.dt = 0.005;
  o.n_steps = std::uint64_t(40 * exact / o.dt);  // censoring probability ~e^{-40}
  o.seed = 5;
  o.ensemble.n_paths = 2000;
  const Eigen::Matrix<double, 1, 1> x0(-1.0);
  const auto r = sde::simulate_ensemble<sde::euler_maruyama>(double_well_sme(D), x0, o, first_passage_time(1.0));
  CHECK(r.censored() == 0);
  CHECK(r.times().count() == 2000);
  INFO("exact " << exact << " EM " << r.times().mean() << " +- " << r.times().standard_error());
  CHECK(std::abs(r.times().mean() - exact) < 4 * r.times().standard_error());
}

TEST_CASE("stopping a path at its first passage changes nothing but the work", "[escape]") {
  sde::simulation_options o;
  o.dt = 0.01;
  o.n_steps = 3000;  // short enough that some paths are censored
  o.ensemble.n_paths = 300;
  o.ensemble.threads = 2;
  const Eigen::Matrix<double, 1, 1> x0(-1.0);
  const auto stopped = sde::simulate_ensemble<sde::euler_maruyama>(double_well_sme(0.2), x0, o, first_passage_time(1.0));
  const auto full = sde::simulate_ensemble<sde::euler_maruyama>(double_well_sme(0.2), x0, o,
                                                                without_early_stop{first_passage_time(1.0)});
  CHECK(stopped.censored() > 0);
  CHECK(stopped.times().count() > 0);
  CHECK(stopped.censored() == full.inner.censored());
  CHECK(stopped.times().mean() == full.inner.times().mean());
  CHECK(stopped.times().variance() == full.inner.times().variance());
}

TEST_CASE("escape-time inputs are validated", "[escape][input]") {
  auto zero = [](double) { return 0.0; };
  auto one = [](double) { return 1.0; };
  CHECK_THROWS_WITH(mean_first_passage_time(zero, one, 0.5, 0.2, 0.0), Catch::Contains("x0 <= target"));
  CHECK_THROWS_WITH(mean_first_passage_time(zero, [](double) { return 0.0; }, 0.5, 1.0, 0.0), Catch::Contains("diffusion"));
  CHECK_THROWS_WITH(kramers_escape_time(-1.0, 1.0, 1.0, 0.1), Catch::Contains("f''(minimum) > 0"));
  CHECK_THROWS(first_passage_time(std::nan("")));
}
