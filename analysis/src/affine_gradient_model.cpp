// The per-sample second moment G(m, M) as one linear map (affine_gradient_model.hpp).
#include <sgdsde/analysis/affine_gradient_model.hpp>

#include <algorithm>
#include <vector>

namespace sgdsde::analysis {

namespace {

// vec of a d × d matrix (column-major), as a column of K.
vector vec(const matrix& G) { return Eigen::Map<const vector>(G.data(), G.size()); }

}  // namespace

matrix affine_gradient_model::second_moment_map() const {
  const Eigen::Index d = dim(), dd = d * d, n = d + dd;
  matrix K(dd, n + 1);
  if (rank_one_.size() == 0) {
    // Constant curvature and Gaussian features: G is affine in (m, M) at O(d³) an evaluation, so its
    // columns are its values at the unit vectors minus its value at 0 (O(d⁵) in all).
    const vector zero_m = vector::Zero(d);
    const matrix zero_M = matrix::Zero(d, d);
    K.col(n) = vec(sample_gradient_second_moment(zero_m, zero_M));
    for (Eigen::Index j = 0; j < d; ++j) K.col(j) = vec(sample_gradient_second_moment(vector::Unit(d, j), zero_M)) - K.col(n);
    for (Eigen::Index k = 0; k < dd; ++k) {
      matrix E = zero_M;
      E(k % d, k / d) = 1.0;
      K.col(d + k) = vec(sample_gradient_second_moment(zero_m, E)) - K.col(n);
    }
    return K;
  }
  // Least squares: with P the n × p matrix of the p = d(d+1)/2 distinct products a_ij a_ik (j ≤ k),
  //   S = (1/n) Pᵀ [−2 y∘a | P | y²],
  // then K's row (q, r) and column (j, k) of M read S at the pairs {q, r} and {j, k}. Pᵀ P is formed by
  // symmetric rank updates over blocks of samples, so the work is about n p² / 2 and the memory a block.
  const matrix& a = rank_one_;
  const Eigen::Index p = d * (d + 1) / 2;
  std::vector<Eigen::Index> pair_of(static_cast<std::size_t>(dd));  // (j, k) in vec order → its pair
  std::vector<Eigen::Index> first(static_cast<std::size_t>(p)), second(static_cast<std::size_t>(p));
  for (Eigen::Index k = 0, u = 0; k < d; ++k)
    for (Eigen::Index j = 0; j <= k; ++j, ++u) {
      first[std::size_t(u)] = j;
      second[std::size_t(u)] = k;
      pair_of[std::size_t(j + d * k)] = pair_of[std::size_t(k + d * j)] = u;
    }
  matrix PtP = matrix::Zero(p, p), Pt_linear = matrix::Zero(p, d);
  vector Pt_constant = vector::Zero(p);
  const Eigen::Index block = 1024;
  matrix P(std::min(block, a.rows()), p);
  for (Eigen::Index start = 0; start < a.rows(); start += block) {
    const Eigen::Index rows = std::min(block, a.rows() - start);
    const auto a_block = a.middleRows(start, rows);
    const auto y_block = y_.segment(start, rows);
    auto P_block = P.topRows(rows);
    for (Eigen::Index u = 0; u < p; ++u)
      P_block.col(u) = a_block.col(first[std::size_t(u)]).cwiseProduct(a_block.col(second[std::size_t(u)]));
    PtP.selfadjointView<Eigen::Lower>().rankUpdate(P_block.transpose());
    Pt_linear.noalias() -= 2.0 * P_block.transpose() * (y_block.asDiagonal() * a_block);
    Pt_constant.noalias() += P_block.transpose() * y_block.cwiseAbs2();
  }
  const double samples = double(a.rows());
  const matrix S = matrix(PtP.selfadjointView<Eigen::Lower>()) / samples;
  Pt_linear /= samples;
  Pt_constant /= samples;
  for (Eigen::Index row = 0; row < dd; ++row) {
    const Eigen::Index u = pair_of[std::size_t(row)];
    K.row(row).head(d) = Pt_linear.row(u);
    for (Eigen::Index col = 0; col < dd; ++col) K(row, d + col) = S(u, pair_of[std::size_t(col)]);
    K(row, n) = Pt_constant[u];
  }
  return K;
}

}  // namespace sgdsde::analysis
