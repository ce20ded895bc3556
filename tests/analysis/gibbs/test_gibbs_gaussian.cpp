#include <sgdsde/analysis/gibbs/gibbs.hpp>
#include <sgdsde/analysis/gibbs/gibbs_exact.hpp>
#include <sgdsde/analysis/gibbs/gibbs_gaussian.hpp>
#include <sgdsde/sgd/least_squares.hpp>
#include <sgdsde/sgd/logistic_regression.hpp>

#include "sample_scale.hpp"
#include "same_bits.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace sgdsde;

namespace {
analysis::gibbs_gaussian_options gaussian_at(double eta, std::size_t batch, std::uint64_t runs) {
  analysis::gibbs_gaussian_options o;
  o.eta = eta;
  o.batch = batch;
  o.runs = runs;
  return o;
}

}  // namespace

TEST_CASE("chains' stationary moments: the mean of the time averages and the spread between chains", "[gibbs][gaussian]") {
  // d = 1 by hand: chains (μ, Q) = (0, 1), (0, 3), (0, 2), (0, 6). With every μ = 0 the covariance is
  // mean Q = 3 and its standard error sd(Q)/√R = √(14/3)/2.
  const auto a = analysis::stationary_moments_from_chains({0, 1, 0, 3, 0, 2, 0, 6}, 1);
  CHECK(a.covariance(0, 0) == Approx(3.0).epsilon(1e-15));
  CHECK(a.covariance_se(0, 0) == Approx(std::sqrt(14.0 / 3.0) / 2.0).epsilon(1e-15));
  CHECK(a.mean_offset_se[0] == 0.0);
  // Equal Q and μ = ±1: C = Q − m̂² with m̂ = 0.5 for (1, 1, 1, −1); the influence of μ on C is
  // −2 m̂ (μ − m̂), so se = |2 m̂| sd(μ)/√R = sd(μ)/2 with sd(μ) = 1.
  const auto b = analysis::stationary_moments_from_chains({1, 5, 1, 5, 1, 5, -1, 5}, 1);
  CHECK(b.mean_offset[0] == Approx(0.5));
  CHECK(b.covariance(0, 0) == Approx(5.0 - 0.25));
  CHECK(b.mean_offset_se[0] == Approx(0.5));  // sd(μ)/√4
  CHECK(b.covariance_se(0, 0) == Approx(0.5));
  // d = 2: the lower triangle by columns is mirrored.
  const auto c = analysis::stationary_moments_from_chains({0, 0, 1, 0.5, 2, 0, 0, 3, 0.5, 4}, 2);
  CHECK(c.covariance(0, 1) == c.covariance(1, 0));
  CHECK(c.covariance(0, 1) == Approx(0.5));
  CHECK(c.covariance(1, 1) == Approx(3.0));
  CHECK_THROWS_WITH(analysis::stationary_moments_from_chains({1, 2, 3}, 2), Catch::Contains("whole chains"));
}

TEST_CASE("Gaussian approximation beside SGD chains, least squares: the chains reproduce the exact stationary covariance",
          "[gibbs][gaussian]") {
  // Least squares has affine gradients, so its exact SGD stationary law is known (the fixed point of
  // the moment recursion, gibbs_exact.hpp) and differs from the Gaussian approximation at x* by the
  // state dependence of its noise. The chains' covariance must match the exact one within its
  // standard errors, and must resolve its difference from the approximation.
  // Features N(0, I) (well conditioned: short chains suffice), targets a line plus fixed residuals.
  sgd::dataset data = sgd::logistic_data(3, 60, 1.0, false, 11);
  const Eigen::Vector3d w(1.0, -1.0, 0.5);
  for (Eigen::Index i = 0; i < 60; ++i) data.y[i] = data.X.row(i).dot(w) + 0.7 * std::sin(1.3 * double(i));
  const sgd::least_squares f(std::move(data));
  const double eta = 0.1;
  analysis::gibbs_gaussian_options o = gaussian_at(eta, 1, testing::scaled(32, 8));
  o.ensemble.threads = 2;
  const auto r = analysis::run_gibbs_gaussian(f, Eigen::VectorXd::Zero(3), o);
  analysis::gibbs_exact_options eo;
  eo.eta = eta;
  const auto exact = analysis::exact_gibbs(analysis::affine_model(f), eo);
  CHECK((r.minimizer - exact.minimizer).norm() < 1e-12 * exact.minimizer.norm());
  CHECK((r.hessian - exact.hessian).norm() < 1e-12 * exact.hessian.norm());
  CHECK((r.noise_covariance_at_minimizer - exact.noise_covariance_at_minimizer).norm() <
        1e-10 * exact.noise_covariance_at_minimizer.norm());
  // The two Gaussian approximations are the exact study's, by the same Lyapunov equations.
  CHECK((r.gaussian.sgd.covariance - exact.sgd.gaussian_covariance).norm() < 1e-10 * exact.sgd.gaussian_covariance.norm());
  CHECK((r.gaussian.sme.covariance - exact.sme.gaussian_covariance).norm() < 1e-10 * exact.sme.gaussian_covariance.norm());
  CHECK(r.options.steps == 10000);  // 200 relaxation times are fewer: the floor
  CHECK(r.options.burn_in == std::uint64_t(std::ceil(5.0 * r.relaxation_steps)));
  // The chains against the exact stationary law: every entry within 4.5 standard errors (6 entries;
  // a false alarm has probability below 1e-4), and the mean at x* (affine gradients: unbiased).
  const auto& C = r.ensemble_moments;
  const Eigen::MatrixXd& S = exact.sgd.stationary_covariance;
  for (int j = 0; j < 3; ++j) {
    CHECK(std::abs(C.mean_offset[j]) < 4.5 * C.mean_offset_se[j]);
    for (int i = j; i < 3; ++i) CHECK(std::abs(C.covariance(i, j) - S(i, j)) < 4.5 * C.covariance_se(i, j));
  }
  // The test can fail: the exact law differs from the approximation by more than 4 relative
  // standard errors of the chains' estimate, and the chains see it.
  const double exact_gap = (S - exact.sgd.gaussian_covariance).norm() / S.norm();
  INFO("exact relative gap " << exact_gap << ", relative se " << r.relative_standard_error);
  CHECK(exact_gap > 4.0 * r.relative_standard_error);
  CHECK(r.sgd_max_z > 4.5);
  CHECK(r.ensemble.fit.temperature == Approx(analysis::fit_gibbs(r.hessian, C.covariance).temperature).epsilon(1e-14));
}

TEST_CASE("Gaussian approximation beside SGD chains, logistic: byte-identical for any thread count", "[gibbs][gaussian]") {
  const sgd::logistic_regression f(sgd::logistic_data(2, 200, 2.0, false, 3));
  analysis::gibbs_gaussian_options o = gaussian_at(0.2, 4, 8);
  o.auto_steps = false;
  o.steps = testing::scaled(4000, 1000);
  o.ensemble.threads = 1;
  const auto one = analysis::run_gibbs_gaussian(f, Eigen::VectorXd::Zero(2), o);
  o.ensemble.threads = 3;
  const auto three = analysis::run_gibbs_gaussian(f, Eigen::VectorXd::Zero(2), o);
  for (Eigen::Index k = 0; k < 4; ++k) {
    CHECK(testing::same_bits(one.ensemble_moments.covariance(k), three.ensemble_moments.covariance(k)));
    CHECK(testing::same_bits(one.ensemble_moments.covariance_se(k), three.ensemble_moments.covariance_se(k)));
  }
  CHECK(one.to_json().dump() == three.to_json().dump());
  // Σ(x*) is the per-sample gradients' covariance; at x* their mean is ∇f = 0, so Σ = mean g gᵀ.
  Eigen::MatrixXd second = Eigen::MatrixXd::Zero(2, 2);
  for (std::size_t i = 0; i < f.size(); ++i) {
    Eigen::VectorXd g = Eigen::VectorXd::Zero(2);
    f.add_sample_gradient(one.minimizer, i, 1.0, g);
    second += g * g.transpose() / double(f.size());
  }
  CHECK((one.noise_covariance_at_minimizer - second).norm() < 1e-12 * second.norm());
  CHECK(one.record_every == 1);
  CHECK(one.c_over_b == 0.25);
}

TEST_CASE("Gaussian approximation beside SGD chains: refusals", "[gibbs][gaussian]") {
  const sgd::logistic_regression f(sgd::logistic_data(2, 200, 2.0, false, 3));
  const Eigen::VectorXd x0 = Eigen::VectorXd::Zero(2);
  CHECK_THROWS_WITH(analysis::run_gibbs_gaussian(f, x0, gaussian_at(50.0, 1, 8)), Catch::Contains(">= 2/L"));
  CHECK_THROWS_WITH(analysis::run_gibbs_gaussian(f, x0, gaussian_at(0.1, 1, 3)), Catch::Contains("runs must be >= 4"));
  auto reshuffled = gaussian_at(0.1, 1, 8);
  reshuffled.sampler = sgd::sampling::reshuffling;
  CHECK_THROWS_WITH(analysis::run_gibbs_gaussian(f, x0, reshuffled), Catch::Contains("independent minibatches"));
  const sgd::logistic_regression separable(sgd::logistic_data(2, 100, 3.0, true, 2));
  CHECK_THROWS_WITH(analysis::run_gibbs_gaussian(separable, x0, gaussian_at(0.1, 1, 8)), Catch::Contains("--ridge"));
}
