#pragma once
// Commutative noise means L^j b_k = L^k b_j for all j, k (L^j = Σ_l b_lj ∂_l). Milstein without
// Lévy areas is strong order 1 only then; this checks a declared-commutative problem at one state.
#include <sgdsde/sde/noise_structure.hpp>

#include <Eigen/Core>
#include <cmath>
#include <sstream>
#include <vector>
#include <stdexcept>

namespace sgdsde::sde {

// max_{j,k} |L^j b_k − L^k b_j| relative to max(1, max |L^j b_k|), at (x, t). Uses the problem's
// exact derivative if it has one, a central difference otherwise.
template <class Problem>
double commutativity_defect(const Problem& problem, const typename Problem::state_type& x, double t) {
  using diffusion_type = typename Problem::diffusion_type;
  const int m = problem.noise_dim();
  diffusion_type b = problem.make_diffusion(), plus = b, minus = b;
  problem.diffusion(x, t, b);
  std::vector<diffusion_type> L(m, b);
  for (int j = 0; j < m; ++j) {
    typename Problem::state_type v = b.col(j);
    if constexpr (Problem::has_diffusion_derivative) {
      problem.diffusion_derivative(x, t, v, L[j]);
    } else {
      const double eps = 1e-6 * std::max(1.0, x.cwiseAbs().maxCoeff()) / std::max(1e-300, v.cwiseAbs().maxCoeff());
      typename Problem::state_type xp = x + eps * v, xm = x - eps * v;
      problem.diffusion(xp, t, plus);
      problem.diffusion(xm, t, minus);
      L[j] = (plus - minus) / (2 * eps);
    }
  }
  double defect = 0.0, scale = 1.0;
  for (int j = 0; j < m; ++j) {
    scale = std::max(scale, L[j].cwiseAbs().maxCoeff());
    for (int k = j + 1; k < m; ++k) defect = std::max(defect, (L[j].col(k) - L[k].col(j)).cwiseAbs().maxCoeff());
  }
  return defect / scale;
}

template <class Problem>
void require_commutative_noise(const Problem& problem, const typename Problem::state_type& x, double t) {
  const double tolerance = Problem::has_diffusion_derivative ? 1e-10 : 1e-5;
  const double defect = commutativity_defect(problem, x, t);
  if (defect > tolerance) {
    std::ostringstream msg;
    msg << "milstein: the noise was declared commutative but L^j b_k != L^k b_j at the initial state "
           "(relative defect "
        << defect << "); declare it general_noise so Milstein uses Lévy areas";
    throw std::invalid_argument(msg.str());
  }
}

}  // namespace sgdsde::sde
