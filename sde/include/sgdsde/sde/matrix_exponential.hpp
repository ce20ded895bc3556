#pragma once
// exp(A) of a square matrix, by Eigen's scaling and squaring with Padé approximants
// (unsupported/MatrixFunctions), compiled once in the library (src/matrix_exponential.cpp): it costs
// seconds to compile in every unit that instantiates it. Fixed-size callers convert to and from
// Eigen::MatrixXd; the exact moments that use it are not on a hot path.
#include <Eigen/Core>

namespace sgdsde::sde {

Eigen::MatrixXd matrix_exponential(const Eigen::MatrixXd& A);

}  // namespace sgdsde::sde
