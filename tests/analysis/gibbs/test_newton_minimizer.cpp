#include <sgdsde/analysis/gibbs/newton_minimizer.hpp>
#include <sgdsde/sgd/double_well.hpp>
#include <sgdsde/sgd/least_squares.hpp>
#include <sgdsde/sgd/logistic_regression.hpp>

#include <Eigen/Cholesky>
#include <catch2/catch.hpp>

#include <string>

using namespace sgdsde;

namespace {
// ∇f by the per-sample sums, not the objective's vectorised full-data form the minimizer used.
template <class Objective>
Eigen::VectorXd summed_gradient(const Objective& f, const Eigen::VectorXd& x) {
  Eigen::VectorXd g = Eigen::VectorXd::Zero(f.dim());
  for (std::size_t i = 0; i < f.size(); ++i) f.add_sample_gradient(x, i, 1.0 / double(f.size()), g);
  return g;
}

}  // namespace

TEST_CASE("Newton's method: least squares in one step, the normal equations' solution", "[newton]") {
  const sgd::least_squares f(sgd::lecture_regression_data(5, 100, 0.3, 3).data);
  const auto m = analysis::newton_minimize(f, Eigen::VectorXd::Zero(5));
  const auto& X = f.data().X;
  const Eigen::VectorXd w = (X.transpose() * X).ldlt().solve(X.transpose() * f.data().y);
  CHECK((m.x - w).norm() < 1e-12 * w.norm());
  CHECK(m.iterations <= 2);  // one step, then the decrement is at round-off
  CHECK(m.hessian_eigenvalues[0] > 0.0);
  CHECK((m.hessian - X.transpose() * X / 100.0).norm() < 1e-12 * m.hessian.norm());
  // Noiseless data: f* = 0 exactly, where the decrement relative to f never gets small and the end
  // is round-off's floor.
  const sgd::least_squares exact_fit(sgd::lecture_regression_data(4, 50, 0.0, 2).data);
  const auto e = analysis::newton_minimize(exact_fit, Eigen::VectorXd::Zero(4));
  const auto& Xe = exact_fit.data().X;
  const Eigen::VectorXd we = (Xe.transpose() * Xe).ldlt().solve(Xe.transpose() * exact_fit.data().y);
  CHECK((e.x - we).norm() < 1e-10 * we.norm());
  CHECK(e.value < 1e-20);
}

TEST_CASE("Newton's method: logistic regression to its first-order condition", "[newton]") {
  const sgd::logistic_regression f(sgd::logistic_data(3, 400, 2.0, false, 5));
  const auto m = analysis::newton_minimize(f, Eigen::VectorXd::Zero(3));
  CHECK(summed_gradient(f, m.x).norm() < 1e-9);
  CHECK(m.gradient_norm < 1e-9);
  CHECK(m.iterations < 20);
  // Every eigenvalue of a logistic Hessian is at most max σ(1 − σ)|x_i|² ≤ max |x_i|²/4.
  CHECK(m.hessian_eigenvalues[0] > 0.0);
  CHECK(m.x[0] > 1.0);  // the teacher (2, 0, 0): the weight on the first feature is large and positive
}

TEST_CASE("Newton's method refuses separable data, and a ridge gives it a minimizer", "[newton]") {
  const sgd::dataset data = sgd::logistic_data(2, 100, 3.0, true, 2);
  const sgd::logistic_regression separable(data);
  CHECK_THROWS_WITH(analysis::newton_minimize(separable, Eigen::VectorXd::Zero(2)),
                    Catch::Contains("no finite minimizer") && Catch::Contains("--ridge"));
  const sgd::logistic_regression ridged(data, 0.1);
  const auto m = analysis::newton_minimize(ridged, Eigen::VectorXd::Zero(2));
  CHECK((summed_gradient(ridged, m.x)).norm() < 1e-9);  // the ridge's 0.1 w is in each sample's gradient
}

TEST_CASE("Newton's method: the double well's minimum from inside a well, a refusal from its top", "[newton]") {
  const sgd::double_well f(0.5, 1.0);
  const auto m = analysis::newton_minimize(f, Eigen::VectorXd::Constant(1, 1.7));
  CHECK(m.x[0] == Approx(1.0).epsilon(1e-12));
  CHECK(m.hessian(0, 0) == Approx(8.0 * 0.5).epsilon(1e-10));  // f'' = 4h(3x² − 1) = 8h at x = 1
  CHECK_THROWS_WITH(analysis::newton_minimize(f, Eigen::VectorXd::Zero(1)), Catch::Contains("not a strict minimum"));
}
