#include <sgdsde/analysis/gibbs/gibbs.hpp>
#include <sgdsde/analysis/lyapunov.hpp>
#include <sgdsde/sde/random_stream.hpp>

#include <Eigen/Cholesky>
#include <catch2/catch.hpp>

using namespace sgdsde;
using namespace sgdsde::analysis;

TEST_CASE("Gibbs fit: isotropic noise is Gibbs at T = ησ²/(2B); anisotropic noise is not", "[gibbs][oracle]") {
  const Eigen::MatrixXd H = Eigen::Vector2d(1.0, 4.0).asDiagonal();
  const double eta = 0.1, B = 2, sigma2 = 1.5;
  const Eigen::MatrixXd S_iso = continuous_lyapunov(H, eta * sigma2 / B * Eigen::MatrixXd::Identity(2, 2));
  const auto iso = fit_gibbs(H, S_iso);
  CHECK(iso.temperature == Approx(eta * sigma2 / (2 * B)));
  CHECK(iso.residual_kl == Approx(0.0).margin(1e-14));
  CHECK(iso.direction_temperatures[0] == Approx(iso.direction_temperatures[1]));
  CHECK(ou_area_rate(H, S_iso) == Approx(0.0).margin(1e-15));
  // Commuting but anisotropic: no current, but not Gibbs (the directions run at different temperatures).
  const Eigen::MatrixXd S_comm = continuous_lyapunov(H, eta / B * Eigen::Vector2d(1.0, 3.0).asDiagonal().toDenseMatrix());
  const auto comm = fit_gibbs(H, S_comm);
  CHECK(comm.residual_kl > 1e-3);
  CHECK(comm.direction_temperatures[1] == Approx(3 * comm.direction_temperatures[0]));
  CHECK(ou_area_rate(H, S_comm) == Approx(0.0).margin(1e-15));
  // Non-commuting: a non-zero current.
  Eigen::MatrixXd Sigma(2, 2);
  Sigma << 1.0, 0.6, 0.6, 1.0;
  const Eigen::MatrixXd S_nc = continuous_lyapunov(H, eta / B * Sigma);
  CHECK(std::abs(ou_area_rate(H, S_nc)) > 1e-3);
}

TEST_CASE("area-rate estimator on a long chain matches the exact discrete value", "[gibbs][oracle]") {
  // EM chain x' = (I − hH)x + √h L z has stationary covariance S_h = discrete_lyapunov(I − hH, hQ)
  // and Itô area rate exactly (H S_h)₀₁ − (H S_h)₁₀. One long correlated chain, batch-means error.
  const Eigen::MatrixXd H = Eigen::Vector2d(1.0, 4.0).asDiagonal();
  for (double rho : {0.0, 0.6}) {
    Eigen::MatrixXd Q(2, 2);
    Q << 0.05, 0.05 * rho, 0.05 * rho, 0.05;
    const double h = 0.05;
    const Eigen::MatrixXd A = Eigen::MatrixXd::Identity(2, 2) - h * H;
    const Eigen::MatrixXd S = discrete_lyapunov(A, h * Q);
    const double exact = ou_area_rate(H, S);
    const Eigen::MatrixXd L = Q.llt().matrixL();
    sde::random_stream s(4, 0);
    area_rate_estimator est(h);
    Eigen::Vector2d x = Eigen::Vector2d::Zero(), z;
    for (int k = 0; k < 2000000; ++k) {
      z << sde::standard_normal(s), sde::standard_normal(s);
      x = A * x + std::sqrt(h) * L * z;
      if (k >= 1000) est.add(x);
    }
    INFO("rho " << rho << ": estimate " << est.rate().mean() << " ± " << est.rate().standard_error() << ", exact " << exact);
    CHECK(std::abs(est.rate().mean() - exact) < 5 * est.rate().standard_error());
    if (rho != 0.0) CHECK(std::abs(exact) > 5 * est.rate().standard_error());  // the current is resolved
  }
}
