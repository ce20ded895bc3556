#pragma once
// The spectral radius max |λ| of a square real matrix (not necessarily symmetric), by Eigen's
// EigenSolver (real Schur form), compiled once in the library (src/spectral_radius.cpp): it costs
// seconds to compile in every unit that instantiates it.
#include <Eigen/Core>

namespace sgdsde::analysis {

double spectral_radius(const Eigen::MatrixXd& A);

}  // namespace sgdsde::analysis
