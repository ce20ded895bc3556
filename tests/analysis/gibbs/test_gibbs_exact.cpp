#include <sgdsde/analysis/exact_moments.hpp>
#include <sgdsde/analysis/gibbs/gibbs.hpp>
#include <sgdsde/analysis/gibbs/gibbs_exact.hpp>
#include <sgdsde/analysis/lyapunov.hpp>
#include <sgdsde/sgd/least_squares.hpp>
#include <sgdsde/sgd/noisy_quadratic.hpp>
#include <sgdsde/sgd/random_feature_regression.hpp>

#include <Eigen/Cholesky>
#include <catch2/catch.hpp>

#include <cmath>

using namespace sgdsde;
using analysis::exact_gibbs;
using analysis::gibbs_exact_options;

namespace {
analysis::gibbs_exact_options gibbs_exact_at(double eta, std::size_t batch,
                                             sgd::sampling sampler = sgd::sampling::with_replacement) {
  analysis::gibbs_exact_options o;
  o.eta = eta;
  o.batch = batch;
  o.sampler = sampler;
  return o;
}
}  // namespace

TEST_CASE("exact Gibbs, constant noise: the moment fixed points are the Lyapunov solutions", "[gibbs][exact]") {
  // Independent routes: the fixed point of the moment recursion / zero of the moment equation (an LU
  // solve of size d + d²) against the Lyapunov solvers in H's eigenbasis. Both are exact; the
  // tolerance is rounding in systems of size 6 with condition below 1e3.
  const auto f = sgd::non_commuting_quadratic(1.0, 4.0, 0.6);
  const double eta = 0.1;
  const auto r = exact_gibbs(analysis::affine_model(f), gibbs_exact_at(eta, 2));
  const Eigen::MatrixXd H = f.H(), Sigma = f.A() * f.A().transpose(), I = Eigen::MatrixXd::Identity(2, 2);
  CHECK(r.dim == 2);
  CHECK(r.c_over_b == 0.5);  // a population objective: c = 1
  CHECK_FALSE(r.noise_depends_on_x);
  CHECK(r.minimizer.norm() < 1e-14);
  CHECK((r.noise_covariance_at_minimizer - Sigma).norm() < 1e-14);
  const Eigen::MatrixXd D = eta * 0.5 * Sigma;
  const Eigen::MatrixXd S_sgd = analysis::discrete_lyapunov(I - eta * H, eta * D), S_sme = analysis::continuous_lyapunov(H, D);
  CHECK((r.sgd.stationary_covariance - S_sgd).norm() < 1e-12 * S_sgd.norm());
  CHECK((r.sme.stationary_covariance - S_sme).norm() < 1e-12 * S_sme.norm());
  CHECK(r.sgd.stationary_mean.norm() < 1e-14);
  // With constant noise the Gaussian approximation at the minimizer is exact.
  CHECK(r.sgd.gaussian_relative_difference < 1e-12);
  CHECK(r.sme.gaussian_relative_difference < 1e-12);
  // The area rate in the plane (0, 1) is the 2-D study's exact current, and it is not zero: H and Σ
  // do not commute.
  CHECK(r.sme.area_rates(0, 1) == Approx(analysis::ou_area_rate(H, S_sme)).epsilon(1e-10));
  CHECK(r.sgd.area_rates(0, 1) == Approx(analysis::ou_area_rate(H, S_sgd)).epsilon(1e-10));
  CHECK(std::abs(r.sme.area_rates(0, 1)) > 1e-3);
  CHECK(r.sme.area_rates(1, 0) == -r.sme.area_rates(0, 1));
  const auto fit = analysis::fit_gibbs(H, S_sme);
  CHECK(r.sme.fit.temperature == Approx(fit.temperature).epsilon(1e-12));
  CHECK(r.sme.fit.residual_kl == Approx(fit.residual_kl).epsilon(1e-8));
  CHECK(r.sgd.moment_stability < 1.0);
  CHECK(r.sme.moment_stability < 0.0);
}

TEST_CASE("exact Gibbs, Li-Tai-E (Sigma = H^2 commutes with H): no current, yet not Gibbs", "[gibbs][exact]") {
  Eigen::MatrixXd H = Eigen::MatrixXd::Zero(3, 3);
  H.diagonal() << 0.5, 1.0, 2.0;
  const auto f = sgd::li_tai_e_quadratic(H);
  const double eta = 0.05;
  const auto r = exact_gibbs(analysis::affine_model(f), gibbs_exact_at(eta, 1));
  // The SME: H S + S H = η H², so S = η H / 2 and the per-direction temperatures are η λ_i² / 2.
  const Eigen::MatrixXd S = 0.5 * eta * H;
  CHECK((r.sme.stationary_covariance - S).norm() < 1e-12 * S.norm());
  CHECK(r.sme.area_rates.norm() < 1e-14);
  CHECK(r.sgd.area_rates.norm() < 1e-14);
  REQUIRE(r.sme.fit.direction_temperatures.size() == 3);
  for (int i = 0; i < 3; ++i)
    CHECK(r.sme.fit.direction_temperatures[i] == Approx(0.5 * eta * H(i, i) * H(i, i)).epsilon(1e-10));
  CHECK(r.sme.fit.residual_kl > 0.01);
}

TEST_CASE("exact Gibbs, least squares with state-dependent noise: the stationary moments are the long-run limits",
          "[gibbs][exact]") {
  // Independent routes to the same law: iterate SGD's exact moment recursion K times, and advance the
  // SME's moments by the matrix exponential over a long time, both from the minimizer's point mass.
  // Truncation: ρ^K and e^{αT} are below 1e-17 (ρ, α the reported spectral radius and abscissa);
  // rounding: K steps of relative size 1e-16 each, and ~20 squarings in the exponential.
  const sgd::least_squares f(sgd::lecture_regression_data(3, 50, 0.3, 7).data);
  const auto model = analysis::affine_model(f);
  const double eta = 0.05;
  const std::size_t batch = 2;
  const auto r = exact_gibbs(model, gibbs_exact_at(eta, batch));
  CHECK(r.noise_depends_on_x);
  CHECK(r.c_over_b == 0.5);
  const Eigen::VectorXd x_star = model.A_bar().llt().solve(model.b_bar());
  CHECK((r.minimizer - x_star).norm() < 1e-12 * x_star.norm());
  CHECK((r.sgd.stationary_mean - x_star).norm() < 1e-10 * x_star.norm());
  CHECK((r.sme.stationary_mean - x_star).norm() < 1e-10 * x_star.norm());

  const double rho = r.sgd.moment_stability;
  REQUIRE(rho < 1.0);
  const auto K = std::uint64_t(std::ceil(std::log(1e-17) / std::log(rho)));
  analysis::moment_state s = analysis::point_mass(x_star);
  for (std::uint64_t k = 0; k < K; ++k) s = analysis::sgd_moment_step(model, s, eta, r.c_over_b);
  const Eigen::MatrixXd S_sgd = s.covariance();
  CHECK((r.sgd.stationary_covariance - S_sgd).norm() < 1e-9 * S_sgd.norm());

  const double alpha = r.sme.moment_stability;
  REQUIRE(alpha < 0.0);
  const analysis::sme_moment_flow flow(model, eta, r.c_over_b, 1);
  const Eigen::MatrixXd S_sme = flow.advance(analysis::point_mass(x_star), std::log(1e-17) / alpha).covariance();
  CHECK((r.sme.stationary_covariance - S_sme).norm() < 1e-9 * S_sme.norm());

  // The state dependence matters: the Gaussian approximation at x* misses part of the covariance.
  CHECK(r.sgd.gaussian_relative_difference > 1e-6);
  CHECK(r.sme.gaussian_relative_difference > 1e-6);
  CHECK(r.sme.relative_area_rate > 0.0);
  // Without replacement c = (n - B)/(n - 1).
  const auto w = exact_gibbs(model, gibbs_exact_at(eta, batch, sgd::sampling::without_replacement));
  CHECK(w.c_over_b == Approx((50.0 - 2.0) / (49.0 * 2.0)).epsilon(1e-15));
  CHECK(w.sgd.stationary_covariance.trace() < r.sgd.stationary_covariance.trace());
}

TEST_CASE("exact Gibbs, random features in d = 3: isotropic multiplicative noise, closed-form laws", "[gibbs][exact]") {
  // f = ½(aᵀx − ε)², a ~ N(0, I): H = I and E Σ(x) = (tr M + σ²) I + M. By symmetry both laws are s I:
  //   SGD (B = 1): s = ησ² / (2 − η(d + 2))      (E[(I − ηaaᵀ) M (I − ηaaᵀ)] + η²σ² I = M),
  //   SME-1:       s = (η/B)σ² / (2 − (η/B)(d + 1)),
  // isotropic, so Gibbs with no current although the noise depends on x; the Gaussian approximation at
  // x* = 0 (Σ(0) = σ² I) misses the state-dependent part. Rounding in a 12-unknown solve.
  const int d = 3;
  const double eta = 0.1, sigma2 = 0.64;
  const auto r = exact_gibbs(analysis::affine_model(sgd::random_feature_regression(0.8, d)), gibbs_exact_at(eta, 1));
  const Eigen::MatrixXd I = Eigen::MatrixXd::Identity(d, d);
  CHECK(r.noise_depends_on_x);
  const double s_sgd = eta * sigma2 / (2.0 - eta * (d + 2)), s_sme = eta * sigma2 / (2.0 - eta * (d + 1));
  CHECK((r.sgd.stationary_covariance - s_sgd * I).norm() < 1e-14);
  CHECK((r.sme.stationary_covariance - s_sme * I).norm() < 1e-14);
  for (const auto* side : {&r.sgd, &r.sme}) {
    CHECK(side->stationary_mean.norm() < 1e-15);
    CHECK(side->fit.residual_kl < 1e-12);
    CHECK(side->relative_area_rate < 1e-13);
  }
  CHECK((r.sme.gaussian_covariance - 0.5 * eta * sigma2 * I).norm() < 1e-15);
  CHECK(std::abs(r.sme.gaussian_relative_difference - (s_sme - 0.5 * eta * sigma2) / s_sme) < 1e-12);
  // The SME's second moment exists iff (η/B)(d + 1) < 2: at η = 0.5 the abscissa is 0.5 · 4 − 2 = 0.
  CHECK_THROWS_WITH(exact_gibbs(analysis::affine_model(sgd::random_feature_regression(0.8, d)), gibbs_exact_at(0.6, 1)),
                    Catch::Contains("no stationary second moments"));
}

TEST_CASE("exact Gibbs refuses what has no answer, with the reason", "[gibbs][exact]") {
  const sgd::least_squares f(sgd::lecture_regression_data(3, 50, 0.3, 7).data);
  const auto model = analysis::affine_model(f);
  Eigen::VectorXd curvatures;
  sde::symmetric_eigen(model.A_bar(), curvatures);
  const double L = curvatures.maxCoeff();
  CHECK_THROWS_WITH(exact_gibbs(model, gibbs_exact_at(2.2 / L, 1)), Catch::Contains("SGD has no stationary second moments"));
  CHECK_THROWS_WITH(exact_gibbs(model, gibbs_exact_at(0.05, 1, sgd::sampling::reshuffling)), Catch::Contains("independent minibatches"));
  CHECK_THROWS_WITH(exact_gibbs(model, gibbs_exact_at(-1.0, 1)), Catch::Contains("eta must be finite and > 0"));
  const sgd::least_squares wide(sgd::lecture_regression_data(5, 3, 0.3, 7).data);  // n = 3 < d = 5
  CHECK_THROWS_WITH(exact_gibbs(analysis::affine_model(wide), gibbs_exact_at(0.05, 1)), Catch::Contains("rank 3 < d = 5"));
  const sgd::least_squares big(sgd::lecture_regression_data(33, 40, 0.3, 7).data);
  CHECK_THROWS_WITH(exact_gibbs(analysis::affine_model(big), gibbs_exact_at(0.05, 1)), Catch::Contains("above the limit of 32"));
}
