#pragma once
// Lyapunov equations, the exact stationary covariances of linear dynamics:
//   continuous  A S + S Aᵀ = Q        (OU dX = −AX dt + B dW: A S + S Aᵀ = BBᵀ; the SME on a
//                                      quadratic: H S + S H = ηΣ/B)
//   discrete    S = A S Aᵀ + Q         (SGD on a quadratic: A = I − ηH, Q = η²Σ/B)
// Solved by diagonalising A = V Λ V⁻¹ (complex in general): with S̃ = V⁻¹ S V⁻ᵀ and
// Q̃ = V⁻¹ Q V⁻ᵀ, S̃_ij = Q̃_ij/(λ_i + λ_j) or Q̃_ij/(1 − λ_i λ_j). When V is ill-conditioned
// (A close to defective) the d²×d² Kronecker system is solved instead; the Kronecker forms are
// exposed too, as the independent check the tests use.
#include <Eigen/Core>

namespace sgdsde::analysis {

// A S + S Aᵀ = Q through the d²×d² Kronecker system (I ⊗ A + A ⊗ I) vec S = vec Q.
Eigen::MatrixXd continuous_lyapunov_kronecker(const Eigen::MatrixXd& A, const Eigen::MatrixXd& Q);

// S = A S Aᵀ + Q through (I − A ⊗ A) vec S = vec Q.
Eigen::MatrixXd discrete_lyapunov_kronecker(const Eigen::MatrixXd& A, const Eigen::MatrixXd& Q);

// A S + S Aᵀ = Q, in A's eigenbasis (the Kronecker system when that basis is ill-conditioned).
Eigen::MatrixXd continuous_lyapunov(const Eigen::MatrixXd& A, const Eigen::MatrixXd& Q);

// S = A S Aᵀ + Q, in A's eigenbasis (the Kronecker system when that basis is ill-conditioned).
Eigen::MatrixXd discrete_lyapunov(const Eigen::MatrixXd& A, const Eigen::MatrixXd& Q);

}  // namespace sgdsde::analysis
