#include <sgdsde/sde/matrix_exponential.hpp>

#include <unsupported/Eigen/MatrixFunctions>

namespace sgdsde::sde {

Eigen::MatrixXd matrix_exponential(const Eigen::MatrixXd& A) { return A.exp(); }

}  // namespace sgdsde::sde
