#pragma once
// The spectral radius max |λ| and the spectral abscissa max Re λ of a square real matrix (not
// necessarily symmetric): the stability of a linear recursion (radius < 1) and of a linear ODE
// (abscissa < 0). By Eigen's EigenSolver (real Schur form), compiled once in the library
// (src/spectral_radius.cpp): it costs seconds to compile in every unit that instantiates it.
#include <Eigen/Core>

namespace sgdsde::analysis {

double spectral_radius(const Eigen::MatrixXd& A);
double spectral_abscissa(const Eigen::MatrixXd& A);

}  // namespace sgdsde::analysis
