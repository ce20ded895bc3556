// Lyapunov equations (lyapunov.hpp), compiled once: the complex eigensolver and the LU
// decompositions cost seconds to compile in every unit that instantiates them.
#include <sgdsde/analysis/lyapunov.hpp>

#include <Eigen/Dense>
#include <Eigen/Eigenvalues>

#include <algorithm>
#include <complex>
#include <stdexcept>
#include <string>

namespace sgdsde::analysis {

namespace {
void check_square_pair(const Eigen::MatrixXd& A, const Eigen::MatrixXd& Q, const char* what) {
  if (A.rows() != A.cols() || Q.rows() != Q.cols() || A.rows() != Q.rows() || A.rows() == 0)
    throw std::invalid_argument(std::string(what) + ": A and Q must be square and of the same size");
  if (!A.allFinite() || !Q.allFinite()) throw std::invalid_argument(std::string(what) + ": non-finite entry");
}

Eigen::MatrixXd vec_solve(const Eigen::MatrixXd& K, const Eigen::MatrixXd& Q, const char* what) {
  const Eigen::Index d = Q.rows();
  Eigen::FullPivLU<Eigen::MatrixXd> lu(K);
  if (!lu.isInvertible()) throw std::invalid_argument(std::string(what) + ": the equation has no unique solution");
  const Eigen::VectorXd s = lu.solve(Eigen::Map<const Eigen::VectorXd>(Q.data(), d * d));
  Eigen::MatrixXd S = Eigen::Map<const Eigen::MatrixXd>(s.data(), d, d);
  return 0.5 * (S + S.transpose());
}

// Solves Λ S̃ + S̃ Λ = Q̃ (continuous) or S̃ − Λ S̃ Λ = Q̃ (discrete) in A's eigenbasis; false if V is
// too ill-conditioned to trust.
bool eigen_solve(const Eigen::MatrixXd& A, const Eigen::MatrixXd& Q, bool discrete, Eigen::MatrixXd& S,
                        const char* what) {
  using cmatrix = Eigen::MatrixXcd;
  Eigen::ComplexEigenSolver<cmatrix> eig(A.cast<std::complex<double>>());
  if (eig.info() != Eigen::Success) return false;
  const cmatrix& V = eig.eigenvectors();
  Eigen::PartialPivLU<cmatrix> lu(V);
  const double rcond = lu.rcond();
  if (!(rcond > 1e-10)) return false;
  const cmatrix Vinv = lu.inverse();
  const cmatrix Qt = Vinv * Q.cast<std::complex<double>>() * Vinv.transpose();
  const auto& lambda = eig.eigenvalues();
  cmatrix St(Qt.rows(), Qt.cols());
  const double scale = std::max(1.0, A.cwiseAbs().maxCoeff());
  for (Eigen::Index i = 0; i < St.rows(); ++i)
    for (Eigen::Index j = 0; j < St.cols(); ++j) {
      const std::complex<double> denominator = discrete ? 1.0 - lambda[i] * lambda[j] : lambda[i] + lambda[j];
      if (std::abs(denominator) < 1e-13 * (discrete ? 1.0 : scale))
        throw std::invalid_argument(std::string(what) + ": no unique solution (eigenvalues " +
                                    (discrete ? "with λ_i λ_j = 1" : "with λ_i + λ_j = 0") + ")");
      St(i, j) = Qt(i, j) / denominator;
    }
  const Eigen::MatrixXd full = (V * St * V.transpose()).real();
  S = 0.5 * (full + full.transpose());
  return true;
}
}  // namespace

// A S + S Aᵀ = Q through the d²×d² Kronecker system (I ⊗ A + A ⊗ I) vec S = vec Q.
Eigen::MatrixXd continuous_lyapunov_kronecker(const Eigen::MatrixXd& A, const Eigen::MatrixXd& Q) {
  check_square_pair(A, Q, "continuous Lyapunov");
  const Eigen::Index d = A.rows();
  const Eigen::MatrixXd I = Eigen::MatrixXd::Identity(d, d);
  Eigen::MatrixXd K = Eigen::MatrixXd::Zero(d * d, d * d);
  for (Eigen::Index i = 0; i < d; ++i)
    for (Eigen::Index j = 0; j < d; ++j) {
      K.block(i * d, j * d, d, d) += I(i, j) * A;
      K.block(i * d, j * d, d, d) += A(i, j) * I;
    }
  return vec_solve(K, Q, "continuous Lyapunov");
}

// S = A S Aᵀ + Q through (I − A ⊗ A) vec S = vec Q.
Eigen::MatrixXd discrete_lyapunov_kronecker(const Eigen::MatrixXd& A, const Eigen::MatrixXd& Q) {
  check_square_pair(A, Q, "discrete Lyapunov");
  const Eigen::Index d = A.rows();
  Eigen::MatrixXd K = Eigen::MatrixXd::Identity(d * d, d * d);
  for (Eigen::Index i = 0; i < d; ++i)
    for (Eigen::Index j = 0; j < d; ++j) K.block(i * d, j * d, d, d) -= A(i, j) * A;
  return vec_solve(K, Q, "discrete Lyapunov");
}

Eigen::MatrixXd continuous_lyapunov(const Eigen::MatrixXd& A, const Eigen::MatrixXd& Q) {
  check_square_pair(A, Q, "continuous Lyapunov");
  Eigen::MatrixXd S;
  if (eigen_solve(A, Q, false, S, "continuous Lyapunov")) return S;
  return continuous_lyapunov_kronecker(A, Q);
}

Eigen::MatrixXd discrete_lyapunov(const Eigen::MatrixXd& A, const Eigen::MatrixXd& Q) {
  check_square_pair(A, Q, "discrete Lyapunov");
  Eigen::MatrixXd S;
  if (eigen_solve(A, Q, true, S, "discrete Lyapunov")) return S;
  return discrete_lyapunov_kronecker(A, Q);
}

}  // namespace sgdsde::analysis
