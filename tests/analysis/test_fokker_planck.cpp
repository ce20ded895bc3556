#include <sgdsde/analysis/fokker_planck.hpp>
#include <sgdsde/sde/euler_maruyama.hpp>
#include <sgdsde/sde/observers.hpp>
#include <sgdsde/sde/simulate.hpp>

#include <boost/math/tools/minima.hpp>
#include <catch2/catch.hpp>

using namespace sgdsde;
using namespace sgdsde::analysis;

TEST_CASE("Fokker–Planck density: closed forms (OU, Gibbs, the multiplicative SME)", "[fokker_planck][oracle]") {
  // OU dX = −X dt + √(2T) dW: N(0, T).
  const double T = 0.3;
  const auto ou = fokker_planck_density([](double x) { return -x; }, [&](double) { return 2 * T; }, -6, 6);
  for (double x : {-1.0, 0.0, 0.4, 1.5})
    CHECK(ou.density(x) == Approx(std::exp(-x * x / (2 * T)) / std::sqrt(2 * M_PI * T)).epsilon(1e-6));
  CHECK(ou.cdf(0.0) == Approx(0.5).epsilon(1e-9));
  // Constant diffusion: the SME's density is the Gibbs density at T = ησ²/(2B).
  auto f = [](double x) { return (x * x - 1) * (x * x - 1); };
  auto df = [](double x) { return 4 * x * (x * x - 1); };
  const double eta = 0.2, sigma = 1.0, B = 2;
  const auto fp = fokker_planck_density([&](double x) { return -df(x); }, [&](double) { return eta * sigma * sigma / B; }, -3, 3);
  const auto gibbs = gibbs_density(f, eta * sigma * sigma / (2 * B), -3, 3);
  for (double x : {-1.0, -0.3, 0.0, 0.8, 1.2}) CHECK(fp.density(x) == Approx(gibbs.density(x)).epsilon(1e-5));
  // State-dependent diffusion 0.1(2x² + 1): p ∝ (2x² + 1)^(−1 − 1/(2·0.1)).
  const auto mult = fokker_planck_density([](double x) { return -x; }, [](double x) { return 0.1 * (2 * x * x + 1); }, -8, 8);
  const double ratio = mult.density(1.0) / mult.density(0.0);
  // the exponent is a cumulative trapezoid, error O(h²) with h = 16/20000: relative 1e-5 here
  CHECK(ratio == Approx(std::pow(3.0, -1.0 - 5.0)).epsilon(1e-5));
  CHECK_THROWS_WITH(fokker_planck_density([](double) { return 0.0; }, [](double) { return 0.0; }, -1, 1),
                    Catch::Contains("diffusion must be finite and > 0"));
  CHECK_THROWS_WITH(gibbs_density(f, -1, -1, 1), Catch::Contains("temperature"));
}

TEST_CASE("Gibbs densities from one table of the loss: f read once per grid point, whatever the temperatures",
          "[fokker_planck][gibbs]") {
  int calls = 0;
  auto f = [&calls](double x) { ++calls; return (x * x - 1) * (x * x - 1); };
  const tabulated_loss table(f, -3, 3, 2001);
  REQUIRE(calls == 2001);
  CHECK(table.values()[1000] == 1.0);  // x = 0
  for (double T : {0.05, 0.2, 1.0}) {
    const auto from_table = gibbs_density(table, T);
    const auto direct = gibbs_density(f, T, -3, 3, 2001);
    for (double x : {-1.7, -1.0, 0.0, 0.3, 2.9}) CHECK(from_table.density(x) == direct.density(x));  // same bits
  }
  CHECK(calls == 4 * 2001);  // the table once, and each direct density once
  CHECK_THROWS_WITH(gibbs_density(table, 0.0), Catch::Contains("temperature"));
}

namespace {
// dX = −X dt + √(0.1(2X² + 1)) dW: the random-feature SME at η = 0.1 (state-dependent noise).
auto multiplicative_sme() {
  return sde::make_sde<sde::scalar_noise, 1, 1>(
      [](const auto& x, double, auto& out) { out = -x; },
      [](const auto& x, double, auto& out) { out[0] = std::sqrt(0.1 * (2 * x[0] * x[0] + 1)); });
}
}  // namespace

TEST_CASE("Fokker–Planck density against an Euler–Maruyama ensemble at large time", "[fokker_planck][oracle]") {
  // dX = −X dt + √(0.1(2X² + 1)) dW, state-dependent (not Gibbs). 40000 independent paths to T = 8
  // (e^{−8} of the start left): each bin count is binomial, so its standard error is exact. EM's own
  // stationary bias at dt = 0.005 is O(dt), well below that.
  const auto problem = multiplicative_sme();
  sde::simulation_options o;
  o.dt = 0.005;
  o.n_steps = 1600;
  o.ensemble.n_paths = 40000;
  const int bins = 24;
  const auto h = sde::simulate_ensemble<sde::euler_maruyama>(problem, Eigen::Matrix<double, 1, 1>(0.5), o,
                                                              sde::final_histogram(0, -1.2, 1.2, bins)).result();
  const auto fp = fokker_planck_density([](double x) { return -x; }, [](double x) { return 0.1 * (2 * x * x + 1); }, -8, 8);
  const auto masses = fp.bin_masses(-1.2, 1.2, bins);
  const double N = double(h.total());
  for (int i = 0; i < bins; ++i) {
    const double p = masses[std::size_t(i)], observed = double(h.counts()[std::size_t(i)]) / N;
    INFO("bin " << i);
    CHECK(std::abs(observed - p) < 5 * std::sqrt(p * (1 - p) / N));
  }
}

TEST_CASE("1-D state-dependent noise: reversible (zero current) but not Gibbs", "[fokker_planck][gibbs][oracle]") {
  // The SME of the random-feature model at η = 0.1: a = −x, D = 0.1(2x² + 1). Its stationary density
  // carries no current, J = a p − ½(D p)′ = 0 (detailed balance), yet no Gibbs density exp(−f/T),
  // f = x²/2, fits it: the best-fit temperature leaves a KL gap, and an Euler–Maruyama ensemble
  // rejects that Gibbs law by hundreds of standard errors while it fits the Fokker–Planck density.
  auto a = [](double x) { return -x; };
  auto D = [](double x) { return 0.1 * (2 * x * x + 1); };
  const auto fp = fokker_planck_density(a, D, -8, 8, 40001);
  const double hstep = 1e-4;
  for (double x : {-1.5, -0.5, 0.2, 1.0, 2.0}) {
    const double dDp = (D(x + hstep) * fp.density(x + hstep) - D(x - hstep) * fp.density(x - hstep)) / (2 * hstep);
    const double current = a(x) * fp.density(x) - 0.5 * dDp;
    INFO("x " << x);
    CHECK(std::abs(current) < 1e-5 * std::abs(a(x) * fp.density(x)) + 1e-9);
  }
  const int bins = 24;
  const auto exact = fp.bin_masses(-1.2, 1.2, bins);
  auto quadratic = [](double x) { return 0.5 * x * x; };
  // Best-fit temperature: Brent's minimisation of KL(FP ‖ Gibbs_T) over T in [0.01, 1].
  auto kl_at = [&](double T) {
    const auto g = gibbs_density(quadratic, T, -8, 8, 40001);
    double kl = 0;
    for (double x = -8; x < 8; x += 0.002) {
      const double p = fp.density(x), q = g.density(x);
      if (p > 0) kl += 0.002 * p * std::log(p / q);
    }
    return kl;
  };
  const double T = boost::math::tools::brent_find_minima(kl_at, 0.01, 1.0, 30).first;
  CHECK(kl_at(T) > 1e-3);
  const auto gibbs = gibbs_density(quadratic, T, -8, 8, 40001).bin_masses(-1.2, 1.2, bins);
  const auto problem = multiplicative_sme();
  sde::simulation_options o;
  o.dt = 0.005;
  o.n_steps = 1600;
  o.seed = 7;
  o.ensemble.n_paths = 40000;
  const auto h = sde::simulate_ensemble<sde::euler_maruyama>(problem, Eigen::Matrix<double, 1, 1>(0.0), o,
                                                              sde::final_histogram(0, -1.2, 1.2, bins)).result();
  // Pearson statistics with binomial variances: about `bins` (± 3√(2 bins)) for the true law.
  const double N = double(h.total());
  double chi2_fp = 0, chi2_gibbs = 0;
  for (int i = 0; i < bins; ++i) {
    const double observed = double(h.counts()[std::size_t(i)]) / N;
    const double p = exact[std::size_t(i)], q = gibbs[std::size_t(i)];
    chi2_fp += (observed - p) * (observed - p) / (p * (1 - p) / N);
    chi2_gibbs += (observed - q) * (observed - q) / (q * (1 - q) / N);
  }
  INFO("chi2 against Fokker-Planck " << chi2_fp << ", against the best-fit Gibbs (T = " << T << ") " << chi2_gibbs);
  CHECK(chi2_fp < bins + 3 * std::sqrt(2.0 * bins));
  CHECK(chi2_gibbs > 20 * bins);
}
