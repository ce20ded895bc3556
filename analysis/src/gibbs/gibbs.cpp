// Gibbs fits (gibbs.hpp), compiled once: the Cholesky, LU and symmetric eigen decompositions cost
// seconds to compile in every unit that instantiates them.
#include <sgdsde/analysis/gibbs/gibbs.hpp>

#include <Eigen/Dense>
#include <Eigen/Eigenvalues>

#include <stdexcept>

namespace sgdsde::analysis {

// KL(N(0, S) ‖ N(0, R)) = ½[tr(R⁻¹S) − d + log det R − log det S].
double gaussian_kl(const Eigen::MatrixXd& S, const Eigen::MatrixXd& R) {
  const Eigen::LLT<Eigen::MatrixXd> ls(S), lr(R);
  if (ls.info() != Eigen::Success || lr.info() != Eigen::Success)
    throw std::invalid_argument("gaussian_kl: covariances must be positive definite");
  const double logdet_s = 2.0 * ls.matrixLLT().diagonal().array().log().sum();
  const double logdet_r = 2.0 * lr.matrixLLT().diagonal().array().log().sum();
  return 0.5 * (lr.solve(S).trace() - double(S.rows()) + logdet_r - logdet_s);
}

gibbs_fit fit_gibbs(const Eigen::MatrixXd& H, const Eigen::MatrixXd& S) {
  if (H.rows() != H.cols() || S.rows() != S.cols() || H.rows() != S.rows())
    throw std::invalid_argument("fit_gibbs: H and S must be square and of the same size");
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(H);
  if (!(eig.eigenvalues().minCoeff() > 0.0)) throw std::invalid_argument("fit_gibbs: H must be positive definite");
  gibbs_fit fit;
  const double d = double(H.rows());
  fit.temperature = (H * S).trace() / d;
  fit.residual_kl = gaussian_kl(S, fit.temperature * H.inverse());
  for (Eigen::Index i = 0; i < H.rows(); ++i) {
    const Eigen::VectorXd v = eig.eigenvectors().col(i);
    fit.direction_temperatures.push_back(eig.eigenvalues()[i] * v.dot(S * v));
  }
  return fit;
}

bool stationary_rate_is_valid(double eta, std::size_t batch, sgd::sampling sampler, std::string* error) {
  const char* reason = !(eta > 0.0) || !std::isfinite(eta) ? "eta must be finite and > 0"
                       : batch < 1                          ? "batch must be >= 1"
                       : sampler == sgd::sampling::reshuffling
                           ? "the stationary laws assume independent minibatches: sampler with_replacement or without_replacement"
                           : nullptr;
  if (reason && error) *error = reason;
  return reason == nullptr;
}

hessian_comparison compare_with_hessian(const Eigen::MatrixXd& H, const Eigen::MatrixXd& S) {
  hessian_comparison c;
  c.fit = fit_gibbs(H, S);
  const Eigen::MatrixXd HS = H * S;
  c.area_rates = HS - HS.transpose();
  c.relative_area_rate = c.area_rates.norm() / HS.norm();
  return c;
}

}  // namespace sgdsde::analysis
