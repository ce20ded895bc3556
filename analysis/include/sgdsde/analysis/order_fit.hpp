#pragma once
// Convergence order by least squares on log–log: log e = log C + q log h over the actual step sizes
// (no assumption that h halves). The slope's standard error combines
//   - the Monte Carlo part: q = Σ w_k log ê_k is linear in the log-errors, so by the delta method
//     Var q = Σ w_k w_l Cov(ê_k, ê_l)/(ê_k ê_l), with the covariance of the error estimates across
//     levels (levels share Brownian paths, so their errors are correlated, not independent), and
//   - the residual part: the OLS standard error from the scatter around the line (curvature of a
//     pre-asymptotic range shows up here),
// as √(se_mc² + se_ols²); the interval uses Student-t with n − 2 degrees of freedom.
#include <Eigen/Core>
#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace sgdsde::analysis {

struct order_fit {
  double order = std::nan("");           // fitted slope q
  double log_constant = std::nan("");    // fitted log C
  double standard_error = std::nan("");  // of q: √(mc² + residual²)
  double mc_standard_error = 0.0;        // Monte Carlo part (0 when no covariance given)
  double residual_standard_error = std::nan("");
  double ci_low = std::nan(""), ci_high = std::nan("");
  double confidence = 0.95;
  int points = 0;

  bool contains(double q) const { return ci_low <= q && q <= ci_high; }
};

// errors: signed error estimates (fitted on |e|); error_covariance (optional): covariance matrix of
// the estimates themselves (per-sample covariance / N).
inline order_fit fit_order(const std::vector<double>& step_sizes, const std::vector<double>& errors,
                           double confidence = 0.95, const Eigen::MatrixXd* error_covariance = nullptr) {
  if (step_sizes.size() != errors.size())
    throw std::invalid_argument("fit_order: step_sizes and errors differ in length");
  if (!(confidence > 0.0 && confidence < 1.0))
    throw std::invalid_argument("fit_order: confidence must be in (0, 1)");
  if (error_covariance && (error_covariance->rows() != Eigen::Index(errors.size()) ||
                           error_covariance->cols() != Eigen::Index(errors.size())))
    throw std::invalid_argument("fit_order: error covariance must be n×n");
  std::vector<double> lx, ly;
  std::vector<std::size_t> used;
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (!(step_sizes[i] > 0.0)) throw std::invalid_argument("fit_order: step sizes must be > 0");
    if (errors[i] != 0.0 && std::isfinite(errors[i])) {
      lx.push_back(std::log(step_sizes[i]));
      ly.push_back(std::log(std::abs(errors[i])));
      used.push_back(i);
    }
  }
  order_fit fit;
  fit.confidence = confidence;
  fit.points = static_cast<int>(lx.size());
  const std::size_t n = lx.size();
  if (n < 2) return fit;
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) { mx += lx[i]; my += ly[i]; }
  mx /= n;
  my /= n;
  double sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxx += (lx[i] - mx) * (lx[i] - mx);
    sxy += (lx[i] - mx) * (ly[i] - my);
  }
  if (!(sxx > 0.0)) throw std::invalid_argument("fit_order: step sizes must not all be equal");
  fit.order = sxy / sxx;
  fit.log_constant = my - fit.order * mx;
  if (n < 3) return fit;  // no residual degrees of freedom: no interval
  double rss = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double r = ly[i] - fit.log_constant - fit.order * lx[i];
    rss += r * r;
  }
  const double dof = double(n - 2);
  fit.residual_standard_error = std::sqrt(rss / dof / sxx);
  if (error_covariance) {
    double var = 0.0;
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = 0; b < n; ++b) {
        const std::size_t i = used[a], j = used[b];
        var += (lx[a] - mx) * (lx[b] - mx) / (sxx * sxx) * (*error_covariance)(i, j) / (errors[i] * errors[j]);
      }
    fit.mc_standard_error = std::sqrt(std::max(0.0, var));
  }
  fit.standard_error = std::hypot(fit.mc_standard_error, fit.residual_standard_error);
  const double t = boost::math::quantile(boost::math::students_t(dof), 0.5 + confidence / 2.0);
  fit.ci_low = fit.order - t * fit.standard_error;
  fit.ci_high = fit.order + t * fit.standard_error;
  return fit;
}

}  // namespace sgdsde::analysis
