#pragma once
// Commutative noise means L^j b_k = L^k b_j for all j, k (L^j = Σ_l b_lj ∂_l). Milstein without
// Lévy areas is strong order 1 only then (and Platen's weak order 2.0 scheme needs no areas only then); this checks a declared-commutative problem at one state.
#include <sgdsde/sde/noise_structure.hpp>

#include <Eigen/Core>
#include <cmath>
#include <sstream>
#include <vector>
#include <stdexcept>
#include <string>

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
void require_commutative_noise(const Problem& problem, const typename Problem::state_type& x, double t,
                               const char* scheme) {
  const double tolerance = Problem::has_diffusion_derivative ? 1e-10 : 1e-5;
  const double defect = commutativity_defect(problem, x, t);
  if (defect > tolerance) {
    std::ostringstream msg;
    msg << scheme
        << ": the noise was declared commutative but L^j b_k != L^k b_j at the initial state (relative defect "
        << defect << "); declare it general_noise so the scheme uses Lévy areas";
    throw std::invalid_argument(msg.str());
  }
}

// For schemes that read the iterated integrals on matrix noise (Milstein, Platen's weak-2 scheme):
// general noise needs increments that carry Lévy areas; noise declared commutative is checked once,
// at the first step, because without areas a wrong declaration would silently lose the order.
template <class Problem, class Increment>
void require_iterated_integrals(const Problem& problem, const typename Problem::state_type& x, double t,
                                const Increment& dw, const char* scheme, bool& commutativity_checked) {
  if constexpr (needs_levy_area<typename Problem::noise_tag>) {
    if (!dw.has_levy_area)
      throw std::invalid_argument(std::string(scheme) +
                                  ": general (non-commutative) noise needs increments with Lévy areas; draw them with "
                                  "brownian_stream(seed, path, m, /*with_levy_area=*/true)");
  } else if (!commutativity_checked) {
    require_commutative_noise(problem, x, t, scheme);
    commutativity_checked = true;
  }
}

}  // namespace sgdsde::sde
