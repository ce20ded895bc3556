#pragma once
// The values of a built-in problem's parameters, as a front end fills them, and the caps on generated
// data. Each parameter (its option, keyword, range, help and who reads it) is declared in
// problem_registry.hpp; each problem (its formula, defaults and factory) in problem_catalog.hpp.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sgdsde::sgd {
struct dataset;
}  // namespace sgdsde::sgd

namespace sgdsde::catalogue {

namespace problem_limits {
// Generated data and finite samples are held in memory: samples x (features + target) values.
constexpr double data_values = 5e8;  // 4 GB of doubles
constexpr int dimension = 4096;      // d of generated data
constexpr long long data_size = 1'000'000'000;
}  // namespace problem_limits

struct problem_settings {
  std::string name = "least_squares";
  std::string data_file;      // least_squares / logistic: the user's CSV (features..., target)
  std::shared_ptr<const sgd::dataset> data;  // or a front end's arrays X, y (Python)
  std::string header = "auto";  // does the CSV's first line name the columns: yes | no | auto
  std::string target;         // the CSV's target column (1-based index or header name); empty: the last
  bool standardize = false;   // centre and scale the CSV's feature columns
  int dim = -1;               // generated least_squares/logistic data, random_feature; -1: the problem's default
  long long n = -1;           // data size; -1: the problem's default (200, or population)
  double sigma = 0.1;         // least_squares label noise
  std::uint64_t data_seed = 1;
  double teacher_scale = 3.0;  // logistic
  bool separable = false;
  double ridge = 0.0;
  std::vector<double> curvatures{1.0, 0.5};  // li_tai_e: H = diag(curvatures)
  double height = 1.0, tilt_sd = 1.0;          // double_well
  double noise_sd = 1.0;                       // random_feature
  double h1 = 1.0, h2 = 4.0, rho = 0.6;        // non_commuting
  // li_tai_e, non_commuting: the gradient noise's covariance Σ instead of the problem's own (H², or
  // [[1, rho], [rho, 1]]): d values (its diagonal) or d² (the matrix, row by row). Empty: the problem's.
  std::vector<double> noise_cov;
  std::vector<double> x0;                      // empty: the problem's default start
  // Was this parameter given explicitly (by its option name, "--tilt-sd")? A parameter given for a
  // problem that never reads it is refused rather than ignored. Empty: nothing is checked.
  std::function<bool(const std::string& option)> given;
};

// The default of the 1-D long-time commands (stationary, escape): the double well with barrier 0.25
// and sd(w) = 2, so the temperature ησ²/2 = 2η is a fair fraction of the barrier at η ~ 0.05 (the
// wells mix within T ~ 50, escape takes tens to hundreds of time units) and ηf″ stays below 2 on
// excursions (SGD would diverge otherwise).
inline void default_to_mixing_double_well(problem_settings& p) {
  p.name = "double_well";
  p.height = 0.25;
  p.tilt_sd = 2.0;
}

}  // namespace sgdsde::catalogue
