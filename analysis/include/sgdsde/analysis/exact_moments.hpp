#pragma once
// Exact first and second moments, no Monte Carlo, for objectives with affine per-sample gradients
// (affine_gradient_model.hpp), with mean m = E x and second moment M = E xxᵀ:
//
// SGD, batch B, with (c = 1) or without (c = (n−B)/(n−1)) replacement, rate η_k:
//   g = ḡ + noise, ḡ = Āx − b̄, E[ggᵀ | x] = ḡḡᵀ + (c/B) Cov_w(g_w | x), so
//   m' = m − η(Ām − b̄),
//   M' = M − η(MĀᵀ − m b̄ᵀ + ĀM − b̄ mᵀ) + η² [E ḡḡᵀ + (c/B)(G(m,M) − E ḡḡᵀ)].
//   (Random reshuffling correlates the batches of an epoch: not a Markov recursion, not covered.)
//
// The SME of order 1 or 2, drift −(Ãx − b̃) with Ã = Ā, b̃ = b̄ (order 1) or Ã = PĀ, b̃ = P b̄,
// P = I + (η/2)Ā (order 2), diffusion covariance (ηc/B) Σ(x):
//   dm/dt = −(Ãm − b̃),
//   dM/dt = −(ÃM + MÃᵀ) + b̃ mᵀ + m b̃ᵀ + (ηc/B) E Σ(x),   E Σ(x) = G(m, M) − E ḡḡᵀ.
// This is linear in z = (m, vec M) with constant coefficients while η is constant, so it is solved
// exactly by one matrix exponential of the (d + d² + 1)-square augmented system per distinct rate.
#include <sgdsde/analysis/affine_gradient_model.hpp>
#include <sgdsde/sde/matrix_exponential.hpp>
#include <sgdsde/sgd/sampler.hpp>
#include <sgdsde/sgd/schedule.hpp>


#include <map>
#include <stdexcept>

namespace sgdsde::analysis {

struct moment_state {
  vector m;  // E x
  matrix M;  // E xxᵀ
  matrix covariance() const { return M - m * m.transpose(); }
};

inline moment_state point_mass(const vector& x0) { return {x0, x0 * x0.transpose()}; }

// ½(M + Mᵀ), exactly symmetric. Into a new matrix: assigned to M in place, the expression would read
// entries it has already overwritten (Eigen's transpose aliasing) and leave M slightly asymmetric.
inline matrix symmetric_part(const matrix& M) { return 0.5 * (M + M.transpose()); }

// c/B for the sampler; reshuffling is refused (its batches are not independent across steps).
inline double exact_noise_scale(const affine_gradient_model& model, sgd::sampling sampler, std::size_t batch) {
  if (sampler == sgd::sampling::reshuffling)
    throw std::invalid_argument("exact moments: random reshuffling is not a Markov recursion; use "
                                "with_replacement or without_replacement, or Monte Carlo");
  return sgd::minibatch_noise_scale(sampler, model.size(), batch);
}

// One SGD step of the exact moment recursion, given G = G(s.m, s.M), the per-sample gradients' second
// moment: the step is affine in (s, G), which lets the moment maps below take G's part from the model's
// own map of it. c_over_b = c/B.
inline moment_state sgd_moment_step_given(const affine_gradient_model& model, const moment_state& s, double eta,
                                          double c_over_b, const matrix& G) {
  const matrix& A = model.A_bar();
  const vector& b = model.b_bar();
  const matrix mean_part = model.mean_gradient_second_moment(s.m, s.M);
  const matrix gg = mean_part + c_over_b * (G - mean_part);
  const matrix xg = s.M * A.transpose() - s.m * b.transpose();  // E x ḡᵀ
  moment_state next;
  next.m = s.m - eta * (A * s.m - b);
  next.M = s.M - eta * (xg + xg.transpose()) + eta * eta * gg;
  next.M = symmetric_part(next.M);
  return next;
}

// One SGD step of the exact moment recursion; c_over_b = c/B.
inline moment_state sgd_moment_step(const affine_gradient_model& model, const moment_state& s, double eta,
                                    double c_over_b) {
  return sgd_moment_step_given(model, s, eta, c_over_b, model.sample_gradient_second_moment(s.m, s.M));
}

// z = (m, vec M), the moments as one vector, and back.
inline vector moment_vector(const moment_state& s) {
  const Eigen::Index d = s.m.size();
  vector z(d + d * d);
  z.head(d) = s.m;
  z.tail(d * d) = Eigen::Map<const vector>(s.M.data(), d * d);
  return z;
}
inline moment_state moment_state_of(const vector& z, int d) {
  moment_state s{z.head(d), Eigen::Map<const matrix>(z.data() + d, d, d)};
  s.M = symmetric_part(s.M);
  return s;
}

// An affine map z ↦ L z + c on z = (m, vec M): one SGD step of the moment recursion, or the
// right-hand side of the SME's moment equation.
struct affine_moment_map {
  matrix L;
  vector c;
};

// The affine map f on R^n as (L, c): c is the image of 0, column j of L the image of the j-th unit
// vector minus c (n + 1 evaluations).
template <class AffineFunction>
affine_moment_map affine_map_of(Eigen::Index n, const AffineFunction& f) {
  affine_moment_map map;
  map.c = f(vector::Zero(n));
  map.L.resize(n, n);
  for (Eigen::Index j = 0; j < n; ++j) map.L.col(j) = f(vector::Unit(n, j)) - map.c;
  return map;
}

// Adds weight × G's part to a moment map built with G = 0: G enters only the rows of vec M, and linearly
// (K = model.second_moment_map()). Evaluating G at each of the d + d² + 1 unit vectors instead would cost
// n d² each for a finite sum, n d⁴ in all: 25 s at n = 20,000 and d = 20.
inline void add_second_moment_part(affine_moment_map& map, const matrix& K, double weight) {
  const Eigen::Index n = map.c.size(), dd = K.rows();
  map.L.bottomRows(dd) += weight * K.leftCols(n);
  map.c.tail(dd) += weight * K.col(n);
}

// The affine map of one SGD step at rate eta, given K = model.second_moment_map() (a caller building
// several maps of one model computes K once). Cost: d + d² + 1 steps of the recursion without G, O(d⁵).
inline affine_moment_map sgd_moment_map(const affine_gradient_model& model, double eta, double c_over_b, const matrix& K) {
  const int d = model.dim();
  const Eigen::Index n = d + Eigen::Index(d) * d;
  const matrix no_G = matrix::Zero(d, d);
  auto step_without_G = [&](const vector& z) {
    const moment_state s{z.head(d), Eigen::Map<const matrix>(z.data() + d, d, d)};
    return moment_vector(sgd_moment_step_given(model, s, eta, c_over_b, no_G));
  };
  affine_moment_map map = affine_map_of(n, step_without_G);
  // The step keeps M' symmetric, ½(M' + M'ᵀ); G at a non-symmetric unit vector need not be (H E_jk H),
  // so its rows are symmetrised alike: row (q, r) becomes the mean of rows (q, r) and (r, q).
  matrix K_symmetric(K.rows(), K.cols());
  for (Eigen::Index r = 0; r < d; ++r)
    for (Eigen::Index q = 0; q < d; ++q) K_symmetric.row(q + d * r) = 0.5 * (K.row(q + d * r) + K.row(r + d * q));
  add_second_moment_part(map, K_symmetric, eta * eta * c_over_b);
  return map;
}
inline affine_moment_map sgd_moment_map(const affine_gradient_model& model, double eta, double c_over_b) {
  return sgd_moment_map(model, eta, c_over_b, model.second_moment_map());
}

// The SME's moment equation z' = L z + c at a constant rate eta (order 1 or 2), any d: see above; K as
// for sgd_moment_map.
inline affine_moment_map sme_moment_map(const affine_gradient_model& model, double eta, double c_over_b, int order,
                                        const matrix& K) {
  if (order != 1 && order != 2) throw std::invalid_argument("SME order must be 1 or 2");
  const int d = model.dim();
  const Eigen::Index n = d + Eigen::Index(d) * d;
  matrix At = model.A_bar();
  vector bt = model.b_bar();
  if (order == 2) {
    const matrix P = matrix::Identity(d, d) + 0.5 * eta * model.A_bar();
    At = P * model.A_bar();
    bt = P * model.b_bar();
  }
  // E Σ(x) = G − E ḡḡᵀ: here without G, added after.
  auto rhs_without_G = [&](const vector& z) {
    const vector m = z.head(d);
    const matrix M = Eigen::Map<const matrix>(z.data() + d, d, d);
    vector out(n);
    out.head(d) = -(At * m - bt);
    const matrix dM = -(At * M + M * At.transpose()) + bt * m.transpose() + m * bt.transpose() -
                      eta * c_over_b * model.mean_gradient_second_moment(m, M);
    Eigen::Map<matrix>(out.data() + d, d, d) = dM;
    return out;
  };
  affine_moment_map map = affine_map_of(n, rhs_without_G);
  add_second_moment_part(map, K, eta * c_over_b);
  return map;
}
inline affine_moment_map sme_moment_map(const affine_gradient_model& model, double eta, double c_over_b, int order) {
  return sme_moment_map(model, eta, c_over_b, order, model.second_moment_map());
}

// Moments after each of K SGD steps (element k is after k steps; element 0 is x0).
inline std::vector<moment_state> sgd_moments(const affine_gradient_model& model, const vector& x0,
                                             const sgd::learning_rate_schedule& schedule, std::uint64_t steps,
                                             std::size_t batch, sgd::sampling sampler) {
  const double c_over_b = exact_noise_scale(model, sampler, batch);
  std::vector<moment_state> out{point_mass(x0)};
  out.reserve(steps + 1);
  for (std::uint64_t k = 0; k < steps; ++k) out.push_back(sgd_moment_step(model, out.back(), schedule(k), c_over_b));
  return out;
}

// The largest dimension the exact SME moments accept: they exponentiate a dense (d + d² + 1)-square
// matrix, O(d⁶) time and O(d⁴) memory (d = 24: 601², about a second per rate; d = 100 would need
// 10101² and hours).
inline constexpr int exact_moments_max_dim = 24;

// The SME's moment equation for a constant rate, as z' = L z + c on z = (m, vec M).
class sme_moment_flow {
 public:
  sme_moment_flow(const affine_gradient_model& model, double eta, double c_over_b, int order) {
    const int d = model.dim();
    if (d > exact_moments_max_dim)
      throw std::invalid_argument("exact SME moments exponentiate a (d + d^2 + 1)-square matrix: d = " + std::to_string(d) +
                                  " is above the limit of " + std::to_string(exact_moments_max_dim) +
                                  "; use Monte Carlo (weak-error --mode monte_carlo)");
    const Eigen::Index n = d + Eigen::Index(d) * d;
    // The augmented generator [[L, c], [0, 0]] acts on (z, 1).
    const affine_moment_map map = sme_moment_map(model, eta, c_over_b, order);
    generator_ = matrix::Zero(n + 1, n + 1);
    generator_.topLeftCorner(n, n) = map.L;
    generator_.col(n).head(n) = map.c;
    d_ = d;
  }

  // exp(t·generator): maps (m, vec M, 1) at time 0 to time t.
  matrix propagator(double t) const { return sde::matrix_exponential(t * generator_); }

  // Moments after time t from s.
  moment_state advance(const moment_state& s, double t) const { return apply(propagator(t), s); }

  moment_state apply(const matrix& propagator, const moment_state& s) const {
    const Eigen::Index n = d_ + Eigen::Index(d_) * d_;
    vector z(n + 1);
    z.head(d_) = s.m;
    z.segment(d_, Eigen::Index(d_) * d_) = Eigen::Map<const vector>(s.M.data(), Eigen::Index(d_) * d_);
    z[n] = 1.0;
    const vector out = propagator * z;
    moment_state next{out.head(d_), Eigen::Map<const matrix>(out.data() + d_, d_, d_)};
    next.M = symmetric_part(next.M);
    return next;
  }

 private:
  matrix generator_;
  int d_ = 0;
};

// SME moments at the SGD times t_k, k = 0..K, for a schedule (η constant on [t_k, t_{k+1})).
inline std::vector<moment_state> sme_moments(const affine_gradient_model& model, const vector& x0,
                                             const sgd::learning_rate_schedule& schedule, std::uint64_t steps,
                                             std::size_t batch, sgd::sampling sampler, int order) {
  const double c_over_b = exact_noise_scale(model, sampler, batch);
  std::vector<moment_state> out{point_mass(x0)};
  out.reserve(steps + 1);
  // One generator and one step propagator exp(η_k L_η) per distinct rate.
  std::map<double, std::pair<sme_moment_flow, matrix>> cache;
  for (std::uint64_t k = 0; k < steps; ++k) {
    const double eta = schedule(k);
    auto it = cache.find(eta);
    if (it == cache.end()) {
      sme_moment_flow flow(model, eta, c_over_b, order);
      matrix step = flow.propagator(eta);
      it = cache.emplace(eta, std::make_pair(std::move(flow), std::move(step))).first;
    }
    out.push_back(it->second.first.apply(it->second.second, out.back()));
  }
  return out;
}

}  // namespace sgdsde::analysis
