#include <sgdsde/analysis/spectral_radius.hpp>

#include <Eigen/Eigenvalues>

namespace sgdsde::analysis {

double spectral_radius(const Eigen::MatrixXd& A) { return Eigen::EigenSolver<Eigen::MatrixXd>(A, false).eigenvalues().cwiseAbs().maxCoeff(); }

double spectral_abscissa(const Eigen::MatrixXd& A) {
  return Eigen::EigenSolver<Eigen::MatrixXd>(A, false).eigenvalues().real().maxCoeff();
}

}  // namespace sgdsde::analysis
