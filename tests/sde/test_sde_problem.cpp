#include <sgdsde/sde/covariance_factor.hpp>
#include <sgdsde/sde/euler_maruyama.hpp>
#include <sgdsde/sde/sde_problem.hpp>

#include <catch2/catch.hpp>

using namespace sgdsde::sde;

namespace {
auto drift = [](const auto& x, double, auto& out) { out = -x; };
auto unit = [](const auto&, double, auto& out) { out.setOnes(); };
}  // namespace

TEST_CASE("mismatched dimensions are rejected with the parameter named", "[sde_problem][input]") {
  CHECK_THROWS_WITH(make_sde<diagonal_noise>(2, 3, drift, unit), Catch::Contains("diagonal noise needs m = d"));
  CHECK_THROWS_WITH(make_sde<scalar_noise>(2, 2, drift, unit), Catch::Contains("scalar noise needs m = 1"));
  CHECK_THROWS_WITH(make_sde<general_noise>(0, 2, drift, unit), Catch::Contains("dimension d must be >= 1"));
  CHECK_THROWS_WITH(make_sde<general_noise>(2, 0, drift, unit), Catch::Contains("noise dimension m must be >= 1"));
  using fixed = sde_problem<general_noise, 2, 2, decltype(drift), decltype(unit)>;
  CHECK_THROWS_WITH(fixed(3, 2, drift, unit), Catch::Contains("does not match the fixed size 2"));
  auto ok = make_sde<general_noise>(2, 3, drift, unit);
  CHECK(ok.dim() == 2);
  CHECK(ok.noise_dim() == 3);
  CHECK(ok.make_diffusion().rows() == 2);
  CHECK(ok.make_diffusion().cols() == 3);
}

TEST_CASE("fixed-size and dynamic-size problems give the same step", "[sde_problem]") {
  auto fixed = make_sde<general_noise, 2, 2>([](const auto& x, double, auto& out) { out << -x[0] * x[1], x[0]; },
                                             [](const auto& x, double, auto& out) { out << 1, x[0], x[1], 2; });
  auto dynamic = make_sde<general_noise>(2, 2, [](const auto& x, double, auto& out) { out.resize(2); out << -x[0] * x[1], x[0]; },
                                         [](const auto& x, double, auto& out) { out.resize(2, 2); out << 1, x[0], x[1], 2; });
  brownian_increment<2> dw;
  dw.dt = 0.1;
  dw.dW << 0.3, -0.1;
  brownian_increment<> dwd(2);
  dwd.dt = 0.1;
  dwd.dW = dw.dW;
  Eigen::Vector2d x(0.5, 1.0);
  Eigen::VectorXd y = x;
  euler_maruyama(fixed).do_step(fixed, x, 0.0, dw);
  euler_maruyama(dynamic).do_step(dynamic, y, 0.0, dwd);
  CHECK(x[0] == y[0]);
  CHECK(x[1] == y[1]);
}

TEST_CASE("covariance factors: Cholesky, PSD-safe for singular, rejected when not PSD", "[covariance_factor][input]") {
  Eigen::Matrix2d L;
  const Eigen::Matrix2d spd = (Eigen::Matrix2d() << 2.0, 0.3, 0.3, 1.0).finished();
  psd_factor(spd, L);
  CHECK((L * L.transpose() - spd).cwiseAbs().maxCoeff() < 1e-14);
  CHECK(L(0, 1) == 0.0);  // Cholesky: lower triangular

  const Eigen::Matrix2d singular = (Eigen::Matrix2d() << 1.0, 1.0, 1.0, 1.0).finished();
  psd_factor(singular, L);
  CHECK((L * L.transpose() - singular).cwiseAbs().maxCoeff() < 1e-14);
  const Eigen::Matrix2d zero = Eigen::Matrix2d::Zero();
  psd_factor(zero, L);
  CHECK(L.cwiseAbs().maxCoeff() == 0.0);

  const Eigen::Matrix2d indefinite = (Eigen::Matrix2d() << 1.0, 2.0, 2.0, 1.0).finished();
  CHECK_THROWS_WITH(psd_factor(indefinite, L), Catch::Contains("not positive semi-definite"));
  const Eigen::Matrix2d asymmetric = (Eigen::Matrix2d() << 1.0, 0.5, 0.0, 1.0).finished();
  CHECK_THROWS_WITH(psd_factor(asymmetric, L), Catch::Contains("not symmetric"));
  Eigen::Matrix2d nan = spd;
  nan(1, 1) = std::nan("");
  CHECK_THROWS_WITH(psd_factor(nan, L), Catch::Contains("non-finite"));
  Eigen::Matrix<double, 1, 1> neg(-1.0), l1;
  CHECK_THROWS_WITH(psd_factor(neg, l1), Catch::Contains("not positive semi-definite"));

  // A diffusion given by its covariance, √0.1·chol(Σ(x)), feeds a general-noise problem.
  auto diffusion = diffusion_from_covariance<2>(
      [](const auto& x, double, auto& S) { S << 1 + x[0] * x[0], 0.3, 0.3, 1 + x[1] * x[1]; }, 2, std::sqrt(0.1));
  Eigen::Matrix2d b;
  diffusion(Eigen::Vector2d(1.0, 0.0), 0.0, b);
  const Eigen::Matrix2d S = (Eigen::Matrix2d() << 2.0, 0.3, 0.3, 1.0).finished();
  CHECK((b * b.transpose() - 0.1 * S).cwiseAbs().maxCoeff() < 1e-14);
}
