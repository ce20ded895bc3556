#pragma once
// The built-in problems by name: a dispatcher that hands the constructed objective (a concrete type)
// to a generic callback. Their parameters, documentation and checks are in problem_settings.hpp; the
// studies of every front end build their objective here.
#include <sgdsde/catalogue/problem_settings.hpp>
#include <sgdsde/sde/covariance_factor.hpp>
#include <sgdsde/sgd/dataset.hpp>
#include <sgdsde/sgd/double_well.hpp>
#include <sgdsde/sgd/least_squares.hpp>
#include <sgdsde/sgd/logistic_regression.hpp>
#include <sgdsde/sgd/noisy_quadratic.hpp>
#include <sgdsde/sgd/random_feature_regression.hpp>
#include <sgdsde/sgd/sampled_finite_sum.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

namespace sgdsde::catalogue {

namespace detail {
inline sgd::vector start_point(const problem_settings& p, int d, double fallback) {
  if (p.x0.empty()) return sgd::vector::Constant(d, fallback);
  if (int(p.x0.size()) != d)
    throw std::invalid_argument("--x0 has " + std::to_string(p.x0.size()) + " entries, the problem has d = " + std::to_string(d));
  return Eigen::Map<const sgd::vector>(p.x0.data(), d);
}

template <class Population, class Callback>
void population_or_finite(const problem_settings& p, Population f, double fallback, Callback&& callback) {
  const sgd::vector x0 = start_point(p, f.dim(), fallback);
  if (p.n > 0) callback(sgd::sampled_finite_sum<Population>(std::move(f), std::size_t(p.n), p.data_seed), x0);
  else callback(f, x0);
}

// The --data file as the problem reads it: target column, standardised features, logistic labels ±1.
inline sgd::dataset load_data_file(const problem_settings& p) {
  sgd::dataset data;
  if (p.data) {
    data = *p.data;
    data.check("X and y");
  } else {
    data = sgd::load_csv(p.data_file, sgd::csv_read_options{sgd::csv_header_from_string(p.header), p.target});
  }
  if (p.standardize) sgd::standardize_features(data);
  if (p.name == "logistic") sgd::signed_labels(data.y);
  return data;
}

// --noise-cov as a factor A of the d × d gradient-noise covariance, AAᵀ = Σ: d values are Σ's diagonal,
// d² its rows. Refused unless symmetric and positive semi-definite (psd_factor's checks and tolerance).
inline sgd::matrix noise_covariance_factor(const problem_settings& p, int d) {
  const std::vector<double>& v = p.noise_cov;
  std::string typed;
  for (double x : v) typed += (typed.empty() ? "" : ",") + sde::short_number(x);
  sgd::matrix S;
  if (v.size() == std::size_t(d)) {
    S = Eigen::Map<const sgd::vector>(v.data(), d).asDiagonal();
  } else if (v.size() == std::size_t(d) * std::size_t(d)) {
    S = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(v.data(), d, d);
  } else {
    throw std::invalid_argument("--noise-cov '" + typed + "' has " + std::to_string(v.size()) + " values; for d = " +
                                std::to_string(d) + " give " + std::to_string(d) + " (the diagonal) or " + std::to_string(d * d) +
                                " (the matrix, row by row)");
  }
  sgd::matrix A;
  try {
    sde::psd_factor(S, A);
  } catch (const sde::covariance_error& e) {
    throw std::invalid_argument("--noise-cov '" + typed + "': the " + e.what() + "; it must be a symmetric positive semi-definite matrix");
  }
  return A;
}

// A quadratic's own noise, or --noise-cov's: f(x; z) = ½xᵀHx − (Az)ᵀx, AAᵀ = Σ.
template <class Callback>
void quadratic_with_noise(const problem_settings& p, sgd::noisy_quadratic own, const char* curvature, Callback&& callback) {
  if (p.noise_cov.empty()) return population_or_finite(p, std::move(own), 1.0, callback);
  const sgd::matrix H = own.H();
  sgd::noisy_quadratic f(H, noise_covariance_factor(p, int(H.rows())), false,
                         std::string("quadratic, H = ") + curvature + ", noise covariance --noise-cov");
  population_or_finite(p, std::move(f), 1.0, callback);
}
}  // namespace detail

// Builds the objective and calls callback(objective, x0).
template <class Callback>
void with_problem(const problem_settings& p, Callback&& callback) {
  refuse_unread_problem_options(p);
  check_problem_values(p);
  if (p.data && p.name != "least_squares" && p.name != "logistic")
    throw std::invalid_argument("X and y are read only by least_squares and logistic; here --problem is " + p.name);
  if (p.data && !p.data_file.empty()) throw std::invalid_argument("give X and y or --data, not both");
  if (p.n == 0 && (p.name == "least_squares" || p.name == "logistic"))
    throw std::invalid_argument("--n must be >= 1 for " + p.name);
  // Generated data and finite samples are held in memory: refuse sizes beyond the cap up front.
  const double d = p.name == "li_tai_e" ? double(p.curvatures.size()) : p.name == "non_commuting" ? 2.0
                   : p.name == "least_squares" || p.name == "logistic" || p.name == "random_feature" ? double(p.resolved_dim())
                                                                        : 1.0;
  const double values = double(p.n < 0 ? 200 : p.n) * (d + 1.0);
  if (p.data_file.empty() && !p.data && values > problem_limits::data_values)
    throw std::invalid_argument("--n " + std::to_string(p.n) + " samples of dimension " + std::to_string(int(d)) + " hold " +
                                sde::short_number(values) + " values; at most " + sde::short_number(problem_limits::data_values) +
                                " (4 GB) are generated");
  const std::size_t n = p.n < 0 ? 200 : std::size_t(p.n);
  if (p.name == "least_squares") {
    sgd::dataset data = p.data_file.empty() && !p.data ? sgd::lecture_regression_data(p.resolved_dim(), n, p.sigma, p.data_seed).data
                                                       : detail::load_data_file(p);
    const sgd::least_squares f(std::move(data));
    callback(f, detail::start_point(p, f.dim(), 0.0));
  } else if (p.name == "logistic") {
    sgd::dataset data = p.data_file.empty() && !p.data ? sgd::logistic_data(p.resolved_dim(), n, p.teacher_scale, p.separable, p.data_seed)
                                                       : detail::load_data_file(p);
    const sgd::logistic_regression f(std::move(data), p.ridge);
    callback(f, detail::start_point(p, f.dim(), 0.0));
  } else if (p.name == "li_tai_e") {
    if (p.curvatures.empty()) throw std::invalid_argument("--curvatures needs at least one value");
    const sgd::vector h = Eigen::Map<const sgd::vector>(p.curvatures.data(), Eigen::Index(p.curvatures.size()));
    detail::quadratic_with_noise(p, sgd::li_tai_e_quadratic(h.asDiagonal().toDenseMatrix()), "diag(--curvatures)", callback);
  } else if (p.name == "double_well") {
    detail::population_or_finite(p, sgd::double_well(p.height, p.tilt_sd), 1.0, callback);
  } else if (p.name == "random_feature") {
    detail::population_or_finite(p, sgd::random_feature_regression(p.noise_sd, p.resolved_dim()), 1.0, callback);
  } else if (p.name == "non_commuting") {
    detail::quadratic_with_noise(p, sgd::non_commuting_quadratic(p.h1, p.h2, p.rho), "diag(h1, h2)", callback);
  } else {
    throw std::invalid_argument("unknown problem '" + p.name + "'");
  }
}

}  // namespace sgdsde::catalogue
