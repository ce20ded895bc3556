#pragma once
// Exact 1-D stationary densities by quadrature.
//   Fokker–Planck: dX = a(X) dt + √D(X) dW on [lo, hi] (zero flux) has
//     p(x) ∝ exp(∫_{x0}^x 2a(y)/D(y) dy) / D(x);
//   for the SME of f, a = −f′ and D = ηcΣ(x)/B. With constant Σ = σ² this is the Gibbs density
//     p ∝ exp(−f/T), T = ηcσ²/(2B); with state-dependent Σ it is reversible but not Gibbs.
//   gibbs_density: exp(−f(x)/T) normalised on [lo, hi].
// Densities are tabulated on a uniform grid (cumulative trapezoid for the exponent, Simpson-weighted
// normalisation) and interpolated linearly; mass outside [lo, hi] is taken as negligible.
#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sgdsde::analysis {

class tabulated_density {
 public:
  tabulated_density(double lo, double hi, std::vector<double> values) : lo_(lo), hi_(hi), p_(std::move(values)) {
    h_ = (hi_ - lo_) / double(p_.size() - 1);
    // normalise with the trapezoid rule, then the cumulative distribution
    double mass = 0.0;
    cdf_.assign(p_.size(), 0.0);
    for (std::size_t i = 1; i < p_.size(); ++i) {
      mass += 0.5 * h_ * (p_[i - 1] + p_[i]);
      cdf_[i] = mass;
    }
    if (!(mass > 0.0) || !std::isfinite(mass)) throw std::invalid_argument("density: not normalisable on [lo, hi]");
    for (auto& v : p_) v /= mass;
    for (auto& v : cdf_) v /= mass;
  }
  double lo() const { return lo_; }
  double hi() const { return hi_; }
  double density(double x) const { return x < lo_ || x > hi_ ? 0.0 : interpolate(p_, x); }
  double cdf(double x) const { return x <= lo_ ? 0.0 : x >= hi_ ? 1.0 : interpolate(cdf_, x); }
  // Probability of [a, b) (within [lo, hi]).
  double mass(double a, double b) const { return std::max(0.0, cdf(b) - cdf(a)); }  // rounding can dip below 0
  // Bin probabilities of a uniform binning of [a, b).
  std::vector<double> bin_masses(double a, double b, int bins) const {
    std::vector<double> out(static_cast<std::size_t>(bins));
    for (int i = 0; i < bins; ++i) out[std::size_t(i)] = mass(a + (b - a) * i / bins, a + (b - a) * (i + 1) / bins);
    return out;
  }

 private:
  double interpolate(const std::vector<double>& v, double x) const {
    const double pos = (x - lo_) / h_;
    const std::size_t i = std::min(v.size() - 2, std::size_t(pos));
    const double frac = pos - double(i);
    return v[i] * (1 - frac) + v[i + 1] * frac;
  }
  double lo_, hi_, h_;
  std::vector<double> p_, cdf_;
};

namespace detail {
inline void check_grid(double lo, double hi, int points) {
  if (!(std::isfinite(lo) && std::isfinite(hi) && lo < hi)) throw std::invalid_argument("density: need finite lo < hi");
  if (points < 3) throw std::invalid_argument("density: grid points must be >= 3");
}
}  // namespace detail

inline tabulated_density fokker_planck_density(const std::function<double(double)>& drift,
                                               const std::function<double(double)>& diffusion_variance, double lo,
                                               double hi, int points = 20001) {
  detail::check_grid(lo, hi, points);
  const double h = (hi - lo) / (points - 1);
  const auto size = static_cast<std::size_t>(points);
  std::vector<double> x(size), ratio(size), log_p(size);
  for (int i = 0; i < points; ++i) {
    x[std::size_t(i)] = lo + h * i;
    const double D = diffusion_variance(x[std::size_t(i)]);
    if (!(D > 0.0) || !std::isfinite(D))
      throw std::invalid_argument("fokker_planck_density: the diffusion must be finite and > 0 on [lo, hi], got " +
                                  std::to_string(D) + " at x = " + std::to_string(x[std::size_t(i)]));
    ratio[std::size_t(i)] = 2.0 * drift(x[std::size_t(i)]) / D;
    log_p[std::size_t(i)] = -std::log(D);
  }
  double integral = 0.0;
  for (int i = 1; i < points; ++i) {
    integral += 0.5 * h * (ratio[std::size_t(i - 1)] + ratio[std::size_t(i)]);
    log_p[std::size_t(i)] += integral;
  }
  const double top = *std::max_element(log_p.begin(), log_p.end());
  std::vector<double> p(static_cast<std::size_t>(points));
  for (int i = 0; i < points; ++i) p[std::size_t(i)] = std::exp(log_p[std::size_t(i)] - top);
  return tabulated_density(lo, hi, std::move(p));
}

// f tabulated on the grid lo + (hi − lo)/(points − 1)·i, i = 0 … points − 1.
class tabulated_loss {
 public:
  tabulated_loss(const std::function<double(double)>& f, double lo, double hi, int points = 20001) : lo_(lo), hi_(hi) {
    detail::check_grid(lo, hi, points);
    const double h = (hi - lo) / (points - 1);
    values_.resize(static_cast<std::size_t>(points));
    for (int i = 0; i < points; ++i) values_[std::size_t(i)] = f(lo + h * i);
  }
  double lo() const { return lo_; }
  double hi() const { return hi_; }
  const std::vector<double>& values() const { return values_; }

 private:
  double lo_, hi_;
  std::vector<double> values_;
};

// exp(−f/T) normalised, from f's table: a temperature search evaluates f once, not once per temperature.
inline tabulated_density gibbs_density(const tabulated_loss& f, double temperature) {
  if (!(temperature > 0.0) || !std::isfinite(temperature))
    throw std::invalid_argument("gibbs_density: temperature must be finite and > 0");
  std::vector<double> e(f.values().size());
  for (std::size_t i = 0; i < e.size(); ++i) e[i] = -f.values()[i] / temperature;
  const double top = *std::max_element(e.begin(), e.end());
  for (auto& v : e) v = std::exp(v - top);
  return tabulated_density(f.lo(), f.hi(), std::move(e));
}

inline tabulated_density gibbs_density(const std::function<double(double)>& f, double temperature, double lo, double hi,
                                       int points = 20001) {
  return gibbs_density(tabulated_loss(f, lo, hi, points), temperature);
}

}  // namespace sgdsde::analysis
