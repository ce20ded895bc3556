#include <sgdsde/analysis/lyapunov.hpp>

#include <catch2/catch.hpp>

using namespace sgdsde::analysis;

namespace {
Eigen::MatrixXd random_matrix(int d, unsigned seed) {
  std::srand(seed);  // test-local data only
  return Eigen::MatrixXd::Random(d, d);
}
}  // namespace

TEST_CASE("continuous Lyapunov: eigenbasis solver equals the Kronecker system and solves the equation", "[lyapunov][oracle]") {
  for (int d : {1, 2, 3, 6}) {
    // A stable (eigenvalues with positive real part for A S + S Aᵀ = Q with S ≻ 0), non-symmetric.
    const Eigen::MatrixXd A = random_matrix(d, 10 + d) + 3.0 * Eigen::MatrixXd::Identity(d, d);
    const Eigen::MatrixXd R = random_matrix(d, 20 + d);
    const Eigen::MatrixXd Q = R * R.transpose() + Eigen::MatrixXd::Identity(d, d);
    const Eigen::MatrixXd S = continuous_lyapunov(A, Q), K = continuous_lyapunov_kronecker(A, Q);
    CHECK((S - K).norm() < 1e-11 * K.norm());
    CHECK((A * S + S * A.transpose() - Q).norm() < 1e-11 * Q.norm());
  }
  // A commuting case by hand: A = diag(1, 2), Q = I ⇒ S = diag(1/2, 1/4).
  const Eigen::MatrixXd S = continuous_lyapunov(Eigen::Vector2d(1, 2).asDiagonal().toDenseMatrix(), Eigen::MatrixXd::Identity(2, 2));
  CHECK(S(0, 0) == Approx(0.5));
  CHECK(S(1, 1) == Approx(0.25));
  CHECK(S(0, 1) == Approx(0.0).margin(1e-15));
}

TEST_CASE("discrete Lyapunov: eigenbasis solver equals the Kronecker system and the iterated recursion", "[lyapunov][oracle]") {
  for (int d : {1, 2, 4}) {
    const Eigen::MatrixXd A = 0.4 * random_matrix(d, 30 + d) / std::max(1, d / 2);
    const Eigen::MatrixXd R = random_matrix(d, 40 + d);
    const Eigen::MatrixXd Q = R * R.transpose();
    const Eigen::MatrixXd S = discrete_lyapunov(A, Q), K = discrete_lyapunov_kronecker(A, Q);
    CHECK((S - K).norm() < 1e-11 * (1 + K.norm()));
    Eigen::MatrixXd iterate = Eigen::MatrixXd::Zero(d, d);
    for (int k = 0; k < 2000; ++k) iterate = A * iterate * A.transpose() + Q;
    CHECK((S - iterate).norm() < 1e-10 * (1 + S.norm()));
  }
}

TEST_CASE("a near-defective A falls back to the Kronecker system", "[lyapunov]") {
  Eigen::MatrixXd A(2, 2);
  A << 1.0, 1.0, 0.0, 1.0;  // a Jordan block: not diagonalisable
  const Eigen::MatrixXd Q = Eigen::MatrixXd::Identity(2, 2);
  const Eigen::MatrixXd S = continuous_lyapunov(A, Q);
  CHECK((A * S + S * A.transpose() - Q).norm() < 1e-12);
}

TEST_CASE("Lyapunov equations without a unique solution are errors", "[lyapunov][input]") {
  const Eigen::MatrixXd A = Eigen::Vector2d(1, -1).asDiagonal();
  CHECK_THROWS_WITH(continuous_lyapunov(A, Eigen::MatrixXd::Identity(2, 2)), Catch::Contains("no unique solution"));
  CHECK_THROWS_WITH(discrete_lyapunov(Eigen::MatrixXd::Identity(2, 2), Eigen::MatrixXd::Identity(2, 2)),
                    Catch::Contains("no unique solution"));
  CHECK_THROWS_WITH(continuous_lyapunov(Eigen::MatrixXd::Identity(2, 2), Eigen::MatrixXd::Identity(3, 3)),
                    Catch::Contains("same size"));
}
