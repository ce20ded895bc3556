#include <sgdsde/sgd/gradient_flow.hpp>
#include <sgdsde/sgd/noisy_quadratic.hpp>

#include <Eigen/Eigenvalues>
#include <catch2/catch.hpp>

using namespace sgdsde::sgd;

TEST_CASE("gradient flow on a quadratic is exp(−Ht) x0 (dopri5, dense output)", "[gradient_flow][oracle]") {
  const matrix H = (matrix(2, 2) << 3.0, 1.0, 1.0, 0.5).finished();
  const noisy_quadratic f(H, matrix::Zero(2, 1));
  const vector x0 = (vector(2) << 1.0, 2.0).finished();
  const std::vector<double> times = {0.0, 0.1, 0.5, 2.0, 5.0};
  const auto path = gradient_flow(f, x0, times);
  REQUIRE(path.size() == times.size());
  Eigen::SelfAdjointEigenSolver<matrix> eig(H);
  for (std::size_t i = 0; i < times.size(); ++i) {
    const vector exact = eig.eigenvectors() * (-eig.eigenvalues().array() * times[i]).exp().matrix().asDiagonal() *
                         eig.eigenvectors().transpose() * x0;
    CHECK((path[i] - exact).norm() < 1e-8 * (1 + exact.norm()));
  }
  const auto later = gradient_flow(f, x0, {1.0});  // first time > 0: integrated from 0
  REQUIRE(later.size() == 1);
  CHECK((later[0] - path[0]).norm() > 0.1);
}

TEST_CASE("gradient flow rejects bad times and points", "[gradient_flow][input]") {
  const noisy_quadratic f(matrix::Identity(2, 2), matrix::Zero(2, 1));
  CHECK_THROWS_WITH(gradient_flow(f, vector::Zero(2), {1.0, 0.5}), Catch::Contains("non-decreasing"));
  CHECK_THROWS_WITH(gradient_flow(f, vector::Zero(2), {}), Catch::Contains("times is empty"));
  CHECK_THROWS_WITH(gradient_flow(f, vector::Zero(3), {1.0}), Catch::Contains("dimension 3"));
}
