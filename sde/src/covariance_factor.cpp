// The dense decompositions behind covariance_factor.hpp, compiled once: Eigen's Cholesky and symmetric
// eigensolver cost seconds to compile in every unit that instantiates them.
#include <sgdsde/sde/covariance_factor.hpp>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include <sstream>

namespace sgdsde::sde {

void symmetric_eigen(const Eigen::MatrixXd& S, Eigen::VectorXd& values, Eigen::MatrixXd* vectors) {
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(S, vectors ? Eigen::ComputeEigenvectors : Eigen::EigenvaluesOnly);
  values = eig.eigenvalues();
  if (vectors) *vectors = eig.eigenvectors();
}

namespace detail {

void psd_factor_dynamic(const Eigen::MatrixXd& S, Eigen::MatrixXd& L, double tolerance) {
  if (S.rows() != S.cols()) throw covariance_error("covariance is not square");
  if (!S.allFinite()) throw covariance_error("covariance has a non-finite entry");
  const double scale = std::max(1.0, S.cwiseAbs().maxCoeff());
  if ((S - S.transpose()).cwiseAbs().maxCoeff() > tolerance * scale)
    throw covariance_error("covariance is not symmetric");
  if (S.rows() == 1) {
    if (S(0, 0) < -tolerance * scale) throw covariance_error("covariance is not positive semi-definite");
    L.resize(1, 1);
    L(0, 0) = std::sqrt(std::max(0.0, double(S(0, 0))));
    return;
  }
  Eigen::LLT<Eigen::MatrixXd> llt(S);
  if (llt.info() == Eigen::Success) {
    L = llt.matrixL();
    return;
  }
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(S);
  const double smallest = eig.eigenvalues().minCoeff();
  if (smallest < -tolerance * scale) {
    std::ostringstream msg;
    msg << "covariance is not positive semi-definite: smallest eigenvalue " << smallest;
    throw covariance_error(msg.str());
  }
  L = eig.eigenvectors() * eig.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal();
}

}  // namespace detail
}  // namespace sgdsde::sde
