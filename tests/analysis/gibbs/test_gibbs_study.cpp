#include <sgdsde/analysis/gibbs/gibbs_study.hpp>
#include <sgdsde/sgd/noisy_quadratic.hpp>
#include <sgdsde/sgd/sampled_finite_sum.hpp>

#include <catch2/catch.hpp>

#include "sample_scale.hpp"

using namespace sgdsde;
using namespace sgdsde::analysis;

namespace {
gibbs_study_options options(std::uint64_t steps) {
  gibbs_study_options o;
  o.eta = 0.05;
  o.steps = testing::scaled(steps, 20000);
  o.burn_in = 2000;
  o.seed = 7;
  return o;
}
}  // namespace

TEST_CASE("Gibbs study on the non-commuting quadratic: exact covariances and currents, estimates within their errors",
          "[gibbs_study][oracle]") {
  const auto f = sgd::non_commuting_quadratic(1.0, 4.0, 0.6);
  const auto r = run_gibbs_study(f, sgd::vector::Zero(2), options(400000));
  const Eigen::MatrixXd H = r.hessian, D = r.options.eta * r.noise_covariance;  // B = 1, c = 1
  // The covariances solve their Lyapunov equations.
  CHECK((H * r.sme.stationary_covariance + r.sme.stationary_covariance * H - D).norm() < 1e-12);
  const Eigen::MatrixXd step = Eigen::MatrixXd::Identity(2, 2) - r.options.eta * H;
  const Eigen::MatrixXd& S = r.sgd.stationary_covariance;
  CHECK((step * S * step.transpose() + r.options.eta * D - S).norm() < 1e-12);
  // H and Σ do not commute: both laws carry a current and neither is Gibbs.
  CHECK(r.commutator_norm > 1.0);
  CHECK(r.sme.fit.residual_kl > 0.05);
  CHECK(std::abs(r.sme.area_rate_exact) > 1e-2);
  // SGD's trajectory estimates SGD's exact current; the SME's Euler–Maruyama trajectory its chain's.
  INFO("SGD " << r.sgd.area_rate.mean() << " ± " << r.sgd.area_rate.standard_error() << " vs " << r.sgd.area_rate_exact);
  CHECK(std::abs(r.sgd.area_rate.mean() - r.sgd.area_rate_exact) < 4 * r.sgd.area_rate.standard_error());
  INFO("SME " << r.sme.area_rate.mean() << " ± " << r.sme.area_rate.standard_error() << " vs "
              << r.sme_area_rate_exact_discretised);
  CHECK(std::abs(r.sme.area_rate.mean() - r.sme_area_rate_exact_discretised) < 4 * r.sme.area_rate.standard_error());
  // The report and the JSON carry the same numbers.
  const auto j = r.to_json();
  CHECK(j["sme"]["area_rate_exact"].get<double>() == r.sme.area_rate_exact);
  CHECK(r.brief_report().find("do not commute") != std::string::npos);
}

TEST_CASE("Gibbs study: the current field is stationary (divergence-free) and vanishes when H and Σ commute",
          "[gibbs_study][oracle]") {
  auto o = options(20000);
  const auto r = run_gibbs_study(sgd::non_commuting_quadratic(1.0, 4.0, 0.6), sgd::vector::Zero(2), o);
  // ∇·J = 0 for the stationary Fokker–Planck equation; central differences at a few points.
  const double eps = 1e-5;
  for (const Eigen::Vector2d& x : {Eigen::Vector2d(0.05, -0.03), Eigen::Vector2d(-0.1, 0.08), Eigen::Vector2d(0.2, 0.1)}) {
    const Eigen::Vector2d e0(eps, 0), e1(0, eps);
    const double div = (r.current(x + e0)[0] - r.current(x - e0)[0]) / (2 * eps) +
                       (r.current(x + e1)[1] - r.current(x - e1)[1]) / (2 * eps);
    const double scale = r.current(x).norm() / x.norm();
    INFO("x = " << x.transpose() << ": div J = " << div << ", |J|/|x| = " << scale);
    CHECK(scale > 1e-3);
    CHECK(std::abs(div) < 1e-6 * scale);
  }
  // Commuting H and Σ (ρ = 0): no current anywhere, though the law is still not Gibbs (h1 ≠ h2).
  const auto commuting = run_gibbs_study(sgd::non_commuting_quadratic(1.0, 4.0, 0.0), sgd::vector::Zero(2), o);
  CHECK(commuting.current(Eigen::Vector2d(0.1, -0.2)).norm() < 1e-12);
  CHECK(commuting.sme.area_rate_exact == Approx(0.0).margin(1e-15));
}

TEST_CASE("Gibbs study: every sampler's c enters the noise scale; bad input is refused", "[gibbs_study][input]") {
  const auto f = sgd::sampled_finite_sum<sgd::noisy_quadratic>(sgd::non_commuting_quadratic(1.0, 4.0, 0.6), 20, 3);
  auto o = options(20000);
  o.batch = 5;
  o.sampler = sgd::sampling::without_replacement;
  const auto r = run_gibbs_study(f, sgd::vector::Zero(2), o);
  CHECK(r.c_over_b == Approx((20.0 - 5.0) / (20.0 - 1.0) / 5.0).epsilon(1e-15));
  const Eigen::MatrixXd D = o.eta * (20.0 - 5.0) / (20.0 - 1.0) / 5.0 * r.noise_covariance;
  CHECK((r.hessian * r.sme.stationary_covariance + r.sme.stationary_covariance * r.hessian - D).norm() < 1e-12);
  // The JSON carries the same D (the figure book draws the current from it).
  CHECK((r.sme_diffusion() - D).norm() < 1e-15 * D.norm());
  const auto j = r.to_json();
  CHECK(j["c_over_b"].get<double>() == r.c_over_b);
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 2; ++b) CHECK(j["sme_diffusion"][a][b].get<double>() == r.sme_diffusion()(a, b));
  o.sampler = sgd::sampling::reshuffling;
  CHECK_THROWS_WITH(run_gibbs_study(f, sgd::vector::Zero(2), o), Catch::Contains("independent minibatches"));
  o = options(20000);
  o.eta = 0.5;  // L = 4: 2/L = 0.5
  CHECK_THROWS_WITH(run_gibbs_study(sgd::non_commuting_quadratic(), sgd::vector::Zero(2), o), Catch::Contains("2/L"));
  o = options(20000);
  o.integrator = "rk4";
  CHECK_THROWS_WITH(run_gibbs_study(sgd::non_commuting_quadratic(), sgd::vector::Zero(2), o), Catch::Contains("unknown integrator"));
}
