#pragma once
// One step of a Brownian path: dW over [t, t + dt] and, when asked for, its Lévy areas
// A_jk = ½ ∫ (W_j dW_k − W_k dW_j) (Itô; antisymmetric), which general-noise Milstein needs.
#include <Eigen/Core>
#include <stdexcept>

namespace sgdsde::sde {

template <int M = Eigen::Dynamic>
struct brownian_increment {
  using vector_type = Eigen::Matrix<double, M, 1>;
  using area_type = Eigen::Matrix<double, M, M>;

  double dt = 0.0;
  vector_type dW;
  area_type area;       // meaningful only when has_levy_area; with m known only at run time it stays
                        // 0×0 until areas are drawn (an m×m matrix per increment would cost O(m²)
                        // memory for schemes that never read it, e.g. m = n per-sample noise)
  bool has_levy_area = false;

  brownian_increment() { resize(M == Eigen::Dynamic ? 0 : M); }
  explicit brownian_increment(int noise_dim) { resize(noise_dim); }

  void resize(int noise_dim) {
    dW.setZero(noise_dim);
    if constexpr (M == Eigen::Dynamic) area.resize(0, 0);
    else area.setZero();
    has_levy_area = false;
  }
  int noise_dim() const { return static_cast<int>(dW.size()); }

  // Chen's relation: the increment over [s, u] followed by `later` over [u, t] is the increment
  // over [s, t]; areas add plus ½(W1 W2ᵀ − W2 W1ᵀ).
  void append(const brownian_increment& later) {
    if (has_levy_area) {
      if (!later.has_levy_area)
        throw std::invalid_argument("brownian_increment::append: later increment has no Lévy area");
      const auto cross = (dW * later.dW.transpose()).eval();
      area += later.area + 0.5 * (cross - cross.transpose());
    }
    dW += later.dW;
    dt += later.dt;
  }
};

}  // namespace sgdsde::sde
