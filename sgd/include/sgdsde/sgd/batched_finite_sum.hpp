#pragma once
// A finite sum f = (1/n) Σ_i f_i given by functions that act on a set of samples at once, chosen at
// run time: what a front end in another language (Python, sgdsde.Objective) hands to the engine, one
// call per minibatch or full-data quantity instead of one per sample.
//
//   values(x, idx, out)     out[j] = f_{idx[j]}(x)                        (|idx|)
//   gradients(x, idx, out)  row j of out = ∇f_{idx[j]}(x)ᵀ                (|idx| × d)
//   hessian(x, out)         out = ∇²f(x), the full-data Hessian (d × d); optional: without it,
//                           central differences of the full gradient, step 1e-5·max(1, |x|∞)
//                           (needed by the second-order SME and the Hessian spectrum only)
//
// The functions are shared by every worker thread and may be called from several at once; they must
// return the same numbers for the same arguments (the engine's results then do not depend on the
// thread count). What they return is checked: a wrong shape is std::invalid_argument naming the
// function; a non-finite gradient reaches the iterate, where the run's divergence check stops it.
#include <sgdsde/sgd/finite_sum.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace sgdsde::sgd {

class batched_finite_sum : public finite_sum<batched_finite_sum> {
 public:
  using indices = std::vector<std::size_t>;
  using values_function = std::function<void(const vector& x, const indices& idx, vector& out)>;
  using gradients_function = std::function<void(const vector& x, const indices& idx, matrix& out)>;
  using hessian_function = std::function<void(const vector& x, matrix& out)>;

  batched_finite_sum(std::size_t n, int d, values_function values, gradients_function gradients,
                     hessian_function hessian = {}, std::string description = "a user's finite sum")
      : n_(n), d_(d), values_(std::move(values)), gradients_(std::move(gradients)), hessian_(std::move(hessian)),
        description_(std::move(description)), all_(n) {
    if (n < 1) throw std::invalid_argument("objective: n must be >= 1");
    if (d < 1) throw std::invalid_argument("objective: dim must be >= 1, got " + std::to_string(d));
    if (!values_ || !gradients_) throw std::invalid_argument("objective: values and gradients are both needed");
    std::iota(all_.begin(), all_.end(), std::size_t(0));
  }

  int dim() const { return d_; }
  std::size_t size() const { return n_; }
  std::string description() const { return description_; }
  bool has_hessian() const { return bool(hessian_); }

  // One sample (the generic interface; the engine's hot paths use the batched forms below).
  double sample_value(const vector& x, std::size_t i) const {
    thread_local vector v;
    call_values(x, indices{i}, v);
    return v[0];
  }
  void add_sample_gradient(const vector& x, std::size_t i, double scale, vector& g) const {
    add_minibatch_gradient(x, indices{i}, scale, g);
  }
  void add_sample_hessian(const vector& x, std::size_t i, double scale, matrix& H) const {
    // Central differences of ∇f_i: the per-sample Hessian is read by no engine path, only by
    // generic code written against the interface.
    const double h = step(x);
    vector xp = x, xm = x, gp(d_), gm(d_);
    for (int j = 0; j < d_; ++j) {
      xp[j] += h;
      xm[j] -= h;
      gp.setZero();
      gm.setZero();
      add_sample_gradient(xp, i, 1.0, gp);
      add_sample_gradient(xm, i, 1.0, gm);
      H.col(j).noalias() += (scale / (2.0 * h)) * (gp - gm);
      xp[j] = x[j];
      xm[j] = x[j];
    }
  }

  // g += scale Σ_{i ∈ idx} ∇f_i(x): one call for a whole minibatch (sgd_simulator uses it).
  void add_minibatch_gradient(const vector& x, const indices& idx, double scale, vector& g) const {
    thread_local matrix rows;
    call_gradients(x, idx, rows);
    g.noalias() += scale * rows.colwise().sum().transpose();
  }

  double value(const vector& x) const {
    thread_local vector v;
    call_values(x, all_, v);
    return v.mean();
  }
  void gradient(const vector& x, vector& g) const {
    thread_local matrix rows;
    call_gradients(x, all_, rows);
    g = rows.colwise().mean().transpose();
  }
  void hessian(const vector& x, matrix& H) const {
    if (hessian_) {
      H.resize(d_, d_);
      hessian_(x, H);
      if (H.rows() != d_ || H.cols() != d_)
        throw std::invalid_argument("objective: hessian(x) returned shape (" + std::to_string(H.rows()) + ", " +
                                    std::to_string(H.cols()) + "), expected (" + std::to_string(d_) + ", " + std::to_string(d_) + ")");
      return;
    }
    const double h = step(x);
    H.resize(d_, d_);
    vector xp = x, xm = x, gp, gm;
    for (int j = 0; j < d_; ++j) {
      xp[j] += h;
      xm[j] -= h;
      gradient(xp, gp);
      gradient(xm, gm);
      H.col(j) = (gp - gm) / (2.0 * h);
      xp[j] = x[j];
      xm[j] = x[j];
    }
    H = 0.5 * (H + H.transpose()).eval();  // differences are not exactly symmetric
  }
  // G (d×n), columns (∇f_i − ∇f)/√n: one call for all samples.
  void centred_gradients(const vector& x, matrix& G) const {
    thread_local matrix rows;
    call_gradients(x, all_, rows);
    G = rows.transpose();
    centre_columns(G);
  }
  // G z without forming G: (Σ_i ∇f_i z_i − ∇f Σ_i z_i)/√n, from one call for all samples.
  void centred_gradients_times(const vector& x, const vector& z, vector& out) const {
    thread_local matrix rows;
    call_gradients(x, all_, rows);
    const vector mean = rows.colwise().mean().transpose();
    out.noalias() = rows.transpose() * z;
    out.noalias() -= z.sum() * mean;
    out /= std::sqrt(double(n_));
  }

 private:
  double step(const vector& x) const { return 1e-5 * std::max(1.0, x.cwiseAbs().maxCoeff()); }

  void call_values(const vector& x, const indices& idx, vector& out) const {
    out.resize(Eigen::Index(idx.size()));
    values_(x, idx, out);
    if (out.size() != Eigen::Index(idx.size()))
      throw std::invalid_argument("objective: values(x, idx) returned " + std::to_string(out.size()) + " values for " +
                                  std::to_string(idx.size()) + " indices");
  }
  void call_gradients(const vector& x, const indices& idx, matrix& out) const {
    out.resize(Eigen::Index(idx.size()), d_);
    gradients_(x, idx, out);
    if (out.rows() != Eigen::Index(idx.size()) || out.cols() != d_)
      throw std::invalid_argument("objective: gradients(x, idx) returned shape (" + std::to_string(out.rows()) + ", " +
                                  std::to_string(out.cols()) + "), expected (" + std::to_string(idx.size()) + ", " +
                                  std::to_string(d_) + ")");
  }

  std::size_t n_;
  int d_;
  values_function values_;
  gradients_function gradients_;
  hessian_function hessian_;
  std::string description_;
  indices all_;
};

}  // namespace sgdsde::sgd
