#pragma once
// The built-in problems, each declared once: a descriptor with its name, formula, the parameters its
// help shows, its defaults, its JSON and its factory, and `problems`, the list of them. Built in one
// place (problem_factory.cpp), the objectives reach the studies erased (with_problem.hpp). Adding a problem is its objective's header (sgd/), a descriptor
// below, its entry in `problems`, and rows in problem_registry.cpp for parameters of its own.
#include <sgdsde/catalogue/problem_registry.hpp>
#include <sgdsde/sde/named_types.hpp>
#include <sgdsde/sde/text_format.hpp>
#include <sgdsde/sde/covariance_factor.hpp>
#include <sgdsde/sgd/dataset.hpp>
#include <sgdsde/sgd/double_well.hpp>
#include <sgdsde/sgd/least_squares.hpp>
#include <sgdsde/sgd/logistic_regression.hpp>
#include <sgdsde/sgd/noisy_quadratic.hpp>
#include <sgdsde/sgd/random_feature_regression.hpp>
#include <sgdsde/sgd/sampled_finite_sum.hpp>

#include <cstddef>
#include <cstdint>
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

// The --data file (or a front end's arrays) as the problem reads it: target column, standardised features.
inline sgd::dataset load_data_file(const problem_settings& p) {
  sgd::dataset data;
  if (p.data) {
    data = *p.data;
    data.check("X and y");
  } else {
    data = sgd::load_csv(p.data_file, sgd::csv_read_options{sgd::csv_header_from_string(p.header), p.target});
  }
  if (p.standardize) sgd::standardize_features(data);
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
// The parts that the two data-set problems (least_squares, logistic) and the population problems share.
inline bool generated_data(const problem_settings& p) { return p.data_file.empty() && !p.data; }
inline std::size_t data_size_or(const problem_settings& p, long long fallback) { return std::size_t(p.n < 0 ? fallback : p.n); }

inline void data_set_json(const problem_settings& p, int default_dim, long long default_n, nlohmann::json& j) {
  if (p.data) j.update({{"data", "arrays"}, {"standardize", p.standardize}});
  else if (!p.data_file.empty()) j.update({{"data_file", p.data_file}, {"target", p.target.empty() ? "last" : p.target}, {"standardize", p.standardize}});
  else j.update({{"dim", p.dim != -1 ? p.dim : default_dim}, {"n", p.n < 0 ? default_n : p.n}, {"data_seed", p.data_seed}});
}

inline void population_json(const problem_settings& p, nlohmann::json& j) {
  j["n"] = p.n < 0 ? 0 : p.n;
  if (p.n > 0) j["data_seed"] = p.data_seed;
}
}  // namespace detail

// A descriptor: name; formula (lines for --help); shown (the options whose defaults --help prints);
// data_set (reads --data / X, y, generates data otherwise); default_n (-1 → this; 0: a population);
// dimension(p); describe(p, json); build(p, callback) calls callback(objective, x0).
struct least_squares_problem {
  static constexpr const char* name = "least_squares";
  static constexpr const char* formula =
      "f = (1/n) sum 1/2 (x_i.w - y_i)^2 on the lecture's data: x_i ~ N(0, HH^T), H_ij ~ N(0,1),\n"
      "y_i = x_i.w* + sigma eps_i";
  static constexpr const char* shown[] = {"--dim", "--n", "--sigma", "--data-seed"};
  static constexpr bool data_set = true;
  static constexpr long long default_n = 200;
  static int dimension(const problem_settings& p) { return p.dim != -1 ? p.dim : 10; }
  static void describe(const problem_settings& p, nlohmann::json& j) {
    detail::data_set_json(p, dimension(problem_settings{}), default_n, j);
    if (detail::generated_data(p)) j["sigma"] = p.sigma;
  }
  template <class Callback>
  static void build(const problem_settings& p, Callback&& callback) {
    sgd::dataset data = detail::generated_data(p)
                            ? sgd::lecture_regression_data(dimension(p), detail::data_size_or(p, default_n), p.sigma, p.data_seed).data
                            : detail::load_data_file(p);
    const sgd::least_squares f(std::move(data));
    callback(f, detail::start_point(p, f.dim(), 0.0));
  }
};

struct logistic_problem {
  static constexpr const char* name = "logistic";
  static constexpr const char* formula =
      "f = (1/n) sum log(1 + exp(-y_i x_i.w)) + ridge/2 |w|^2, x_i ~ N(0, I), teacher w* = (s,0,..)";
  static constexpr const char* shown[] = {"--dim", "--n", "--teacher-scale", "--separable", "--ridge", "--data-seed"};
  static constexpr bool data_set = true;
  static constexpr long long default_n = 200;
  static int dimension(const problem_settings& p) { return p.dim != -1 ? p.dim : 10; }
  static void describe(const problem_settings& p, nlohmann::json& j) {
    detail::data_set_json(p, dimension(problem_settings{}), default_n, j);
    j.update({{"teacher_scale", p.teacher_scale}, {"separable", p.separable}, {"ridge", p.ridge}});
  }
  template <class Callback>
  static void build(const problem_settings& p, Callback&& callback) {
    sgd::dataset data;
    if (detail::generated_data(p)) {
      data = sgd::logistic_data(dimension(p), detail::data_size_or(p, default_n), p.teacher_scale, p.separable, p.data_seed);
    } else {
      data = detail::load_data_file(p);
      sgd::signed_labels(data.y);  // a user's labels as ±1
    }
    const sgd::logistic_regression f(std::move(data), p.ridge);
    callback(f, detail::start_point(p, f.dim(), 0.0));
  }
};

struct li_tai_e_problem {
  static constexpr const char* name = "li_tai_e";
  static constexpr const char* formula =
      "f_g(x) = 1/2 (x-g)^T H (x-g) - 1/2 tr H, g ~ N(0, I), H = diag(curvatures);\n"
      "population (fresh g each sample) or finite with --n N";
  static constexpr const char* shown[] = {"--curvatures"};
  static constexpr bool data_set = false;
  static constexpr long long default_n = 0;
  static int dimension(const problem_settings& p) { return int(p.curvatures.size()); }
  static void describe(const problem_settings& p, nlohmann::json& j) {
    detail::population_json(p, j);
    j["curvatures"] = p.curvatures;
    if (!p.noise_cov.empty()) j["noise_cov"] = p.noise_cov;
  }
  template <class Callback>
  static void build(const problem_settings& p, Callback&& callback) {
    if (p.curvatures.empty()) throw std::invalid_argument("--curvatures needs at least one value");
    const sgd::vector h = Eigen::Map<const sgd::vector>(p.curvatures.data(), Eigen::Index(p.curvatures.size()));
    detail::quadratic_with_noise(p, sgd::li_tai_e_quadratic(h.asDiagonal().toDenseMatrix()), "diag(--curvatures)", callback);
  }
};

struct double_well_problem {
  static constexpr const char* name = "double_well";
  static constexpr const char* formula = "f(x; w) = h (x^2 - 1)^2 + w x, w ~ N(0, tilt_sd^2) (additive noise)";
  static constexpr const char* shown[] = {"--height", "--tilt-sd"};
  static constexpr bool data_set = false;
  static constexpr long long default_n = 0;
  static int dimension(const problem_settings&) { return 1; }
  static void describe(const problem_settings& p, nlohmann::json& j) {
    detail::population_json(p, j);
    j.update({{"height", p.height}, {"tilt_sd", p.tilt_sd}});
  }
  template <class Callback>
  static void build(const problem_settings& p, Callback&& callback) {
    detail::population_or_finite(p, sgd::double_well(p.height, p.tilt_sd), 1.0, callback);
  }
};

struct random_feature_problem {
  static constexpr const char* name = "random_feature";
  static constexpr const char* formula =
      "f(x; a, e) = 1/2 (a.x - e)^2, a ~ N(0, I_d), e ~ N(0, noise_sd^2) (multiplicative noise,\n"
      "Sigma(x) = (|x|^2 + noise_sd^2) I + x x^T, i.e. 2x^2 + noise_sd^2 in 1-D; heavy-tailed stationary law)";
  static constexpr const char* shown[] = {"--noise-sd", "--dim"};
  static constexpr bool data_set = false;
  static constexpr long long default_n = 0;
  static int dimension(const problem_settings& p) { return p.dim != -1 ? p.dim : 1; }
  static void describe(const problem_settings& p, nlohmann::json& j) {
    detail::population_json(p, j);
    j.update({{"noise_sd", p.noise_sd}, {"dim", dimension(p)}});
  }
  template <class Callback>
  static void build(const problem_settings& p, Callback&& callback) {
    detail::population_or_finite(p, sgd::random_feature_regression(p.noise_sd, dimension(p)), 1.0, callback);
  }
};

struct non_commuting_problem {
  static constexpr const char* name = "non_commuting";
  static constexpr const char* formula =
      "f(x; z) = 1/2 x^T H x - (Az)^T x, H = diag(h1, h2), AA^T = [[1, rho], [rho, 1]]\n"
      "(the noise covariance does not commute with H: non-Gibbs)";
  static constexpr const char* shown[] = {"--h1", "--h2", "--rho"};
  static constexpr bool data_set = false;
  static constexpr long long default_n = 0;
  static int dimension(const problem_settings&) { return 2; }
  static void describe(const problem_settings& p, nlohmann::json& j) {
    detail::population_json(p, j);
    j.update({{"h1", p.h1}, {"h2", p.h2}});
    if (p.noise_cov.empty()) j["rho"] = p.rho;
    else j["noise_cov"] = p.noise_cov;
  }
  template <class Callback>
  static void build(const problem_settings& p, Callback&& callback) {
    detail::quadratic_with_noise(p, sgd::non_commuting_quadratic(p.h1, p.h2, p.rho), "diag(h1, h2)", callback);
  }
};

struct problem_noun {
  static constexpr const char* noun = "problem";
};

// The catalogue, in the order --help documents it.
using problems = sde::named_types<problem_noun, least_squares_problem, logistic_problem, li_tai_e_problem, double_well_problem,
                                  random_feature_problem, non_commuting_problem>;

}  // namespace sgdsde::catalogue
