#include <sgdsde/analysis/lyapunov.hpp>
#include <sgdsde/sde/observers.hpp>
#include <sgdsde/sgd/noisy_quadratic.hpp>
#include <sgdsde/sgd/sgd_simulator.hpp>

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

TEST_CASE("SGD's stationary covariance is the discrete Lyapunov solution, O(η) away from the SME's", "[lyapunov][sgd][oracle]") {
  // Non-commuting quadratic (H = diag(1, 4), gradient noise Az, AAᵀ = [[1, .6], [.6, 1]]), B = 1, from
  // the minimum: SGD's covariance tends to S = M S Mᵀ + η²Σ (M = I − ηH), the SME's solves
  // HS + SH = ηΣ. SGD iterates are Gaussian here, so a sample covariance entry has standard error
  // √((S_ii S_jj + S_ij²)/N); after K steps the start's remainder (1 − η)^{2K} is below 1e-5.
  const auto f = sgdsde::sgd::non_commuting_quadratic(1.0, 4.0, 0.6);
  const Eigen::MatrixXd H = f.H();
  Eigen::MatrixXd Sigma;
  f.gradient_covariance(Eigen::VectorXd::Zero(2), Sigma);
  for (double eta : {0.2, 0.1}) {
    const Eigen::MatrixXd M = Eigen::MatrixXd::Identity(2, 2) - eta * H;
    const Eigen::MatrixXd S_sgd = discrete_lyapunov(M, eta * eta * Sigma);
    const Eigen::MatrixXd S_sme = continuous_lyapunov(H, eta * Sigma);
    sgdsde::sgd::sgd_options o;
    o.schedule = sgdsde::sgd::learning_rate_schedule::constant(eta);
    o.n_steps = std::uint64_t(std::ceil(6.0 / eta));
    o.seed = 11;
    o.ensemble.n_paths = 40000;
    const auto m = sgdsde::sgd::simulate_sgd(f, Eigen::VectorXd::Zero(2), o, sgdsde::sde::final_moments<>(2)).moments();
    const double N = double(m.count());
    const Eigen::MatrixXd C = m.covariance();
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j) {
        const double se = std::sqrt((S_sgd(i, i) * S_sgd(j, j) + S_sgd(i, j) * S_sgd(i, j)) / N);
        INFO("eta " << eta << " entry " << i << j << ": sample " << C(i, j) << ", discrete Lyapunov " << S_sgd(i, j)
                    << ", SME " << S_sme(i, j) << ", se " << se);
        CHECK(std::abs(C(i, j) - S_sgd(i, j)) < 4 * se);
        if (i == j) CHECK(std::abs(C(i, j) - S_sme(i, j)) > 5 * se);  // and rejects the SME's covariance
      }
  }
  // The exact relative gap in total variance is O(η): positive, and halving η halves it once ηL is
  // small (η = 0.02: ηL = 0.08; in one direction it is ηh/(2 − ηh) exactly).
  auto relative_gap = [&](double eta) {
    const Eigen::MatrixXd M = Eigen::MatrixXd::Identity(2, 2) - eta * H;
    return discrete_lyapunov(M, eta * eta * Sigma).trace() / continuous_lyapunov(H, eta * Sigma).trace() - 1.0;
  };
  for (double eta : {0.02, 0.01}) {
    CHECK(relative_gap(eta) > 0.0);
    CHECK(relative_gap(eta) / relative_gap(eta / 2) == Approx(2.0).epsilon(0.05));
  }
}
