#pragma once
// The built-in problems' parameters by name (named as the command line spells them, so that a front
// end's message and the CLI's agree), their documentation, ranges and caps, and the checks made before
// anything is built. Light on purpose: the catalogue's requests and the front ends include it; the
// objectives and the dispatcher that builds them are in problem_catalog.hpp.
#include <sgdsde/sde/text_format.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
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

// The range of a real parameter, where the built-in problems' numerics hold: the CLI's options and
// check_problem_values read the same table.
struct parameter_range {
  const char* option;
  double lo, hi;
  bool lo_open = false, hi_open = false;
};

inline const parameter_range& problem_range(const std::string& option) {
  static const parameter_range ranges[] = {
      {"--sigma", 0, 1e6},         {"--teacher-scale", 0, 1e6, true}, {"--ridge", 0, 1e6},
      {"--curvatures", 1e-6, 1e6}, {"--height", 1e-6, 1e6},           {"--tilt-sd", 0, 1e3},
      {"--noise-sd", 0, 1e3},      {"--h1", 1e-6, 1e6},               {"--h2", 1e-6, 1e6},
      {"--rho", -1, 1, true, true}, {"--x0", -1e6, 1e6},       {"--noise-cov", -1e6, 1e6}};
  for (const auto& r : ranges)
    if (option == r.option) return r;
  throw std::logic_error("no range for " + option);
}

// The names --problem accepts, in the order problem_help() documents them.
inline const std::vector<std::string>& problem_names() {
  static const std::vector<std::string> names{"least_squares", "logistic", "li_tai_e", "double_well", "random_feature",
                                              "non_commuting"};
  return names;
}

struct problem_settings {
  std::string name = "least_squares";
  std::string data_file;      // least_squares / logistic: the user's CSV (features..., target)
  std::shared_ptr<const sgd::dataset> data;  // or a front end's arrays X, y (Python)
  std::string header = "auto";  // does the CSV's first line name the columns: yes | no | auto
  std::string target;         // the CSV's target column (1-based index or header name); empty: the last
  bool standardize = false;   // centre and scale the CSV's feature columns
  int dim = -1;               // generated least_squares/logistic data, random_feature; -1: the problem's default
  // d as the problem reads it: dim, or the default (10 for generated data sets, 1 for random_feature).
  int resolved_dim() const { return dim != -1 ? dim : name == "random_feature" ? 1 : 10; }
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

  nlohmann::json to_json() const {
    nlohmann::json j = {{"name", name}};
    if (name == "least_squares" || name == "logistic") {
      if (data) j.update({{"data", "arrays"}, {"standardize", standardize}});
      else if (!data_file.empty()) j.update({{"data_file", data_file}, {"target", target.empty() ? "last" : target}, {"standardize", standardize}});
      else if (!data) j.update({{"dim", resolved_dim()}, {"n", n < 0 ? 200 : n}, {"data_seed", data_seed}});
      if (name == "least_squares" && data_file.empty() && !data) j["sigma"] = sigma;
      if (name == "logistic") j.update({{"teacher_scale", teacher_scale}, {"separable", separable}, {"ridge", ridge}});
    } else {
      j["n"] = n < 0 ? 0 : n;
      if (n > 0) j["data_seed"] = data_seed;
      if (name == "li_tai_e") j["curvatures"] = curvatures;
      if (name == "double_well") j.update({{"height", height}, {"tilt_sd", tilt_sd}});
      if (name == "random_feature") j.update({{"noise_sd", noise_sd}, {"dim", resolved_dim()}});
      if (name == "non_commuting") j.update({{"h1", h1}, {"h2", h2}});
      if (name == "non_commuting" && noise_cov.empty()) j["rho"] = rho;
      if ((name == "li_tai_e" || name == "non_commuting") && !noise_cov.empty()) j["noise_cov"] = noise_cov;
    }
    return j;
  }
};

inline const char* problem_help() {
  return "Problems (--problem) and their parameters:\n"
         "  least_squares   f = (1/n) sum 1/2 (x_i.w - y_i)^2 on the lecture's data: x_i ~ N(0, HH^T), H_ij ~ N(0,1),\n"
         "                  y_i = x_i.w* + sigma eps_i  [--dim 10 --n 200 --sigma 0.1 --data-seed 1], or --data FILE.csv\n"
         "  logistic        f = (1/n) sum log(1 + exp(-y_i x_i.w)) + ridge/2 |w|^2, x_i ~ N(0, I), teacher w* = (s,0,..)\n"
         "                  [--dim 2 --n 200 --teacher-scale 3 --separable --ridge 0 --data-seed 1], or --data FILE.csv\n"
         "  li_tai_e        f_g(x) = 1/2 (x-g)^T H (x-g) - 1/2 tr H, g ~ N(0, I), H = diag(--curvatures 1,0.5);\n"
         "                  population (fresh g each sample) or finite with --n N\n"
         "  double_well     f(x; w) = h (x^2 - 1)^2 + w x, w ~ N(0, tilt_sd^2)  [--height 1 --tilt-sd 1] (additive noise)\n"
         "  random_feature  f(x; a, e) = 1/2 (a.x - e)^2, a ~ N(0, I_d), e ~ N(0, noise_sd^2)  [--noise-sd 1 --dim 1]\n"
         "                  (multiplicative noise, Sigma(x) = (|x|^2 + noise_sd^2) I + x x^T, i.e. 2x^2 + noise_sd^2 in 1-D;\n"
         "                  heavy-tailed stationary law)\n"
         "  non_commuting   f(x; z) = 1/2 x^T H x - (Az)^T x, H = diag(h1, h2), AA^T = [[1, rho], [rho, 1]]\n"
         "                  [--h1 1 --h2 4 --rho 0.6] (noise covariance does not commute with H: non-Gibbs)\n"
         "  --noise-cov S   li_tai_e and non_commuting: f(x; z) = 1/2 x^T H x - (Az)^T x with AA^T = S instead, z ~ N(0, I):\n"
         "                  any symmetric positive semi-definite S, as d values (its diagonal) or d*d (row by row)\n"
         "Population problems become finite sums of --n samples drawn with --data-seed when --n > 0.\n";
}

// The default of the 1-D long-time commands (stationary, escape): the double well with barrier 0.25
// and sd(w) = 2, so the temperature ησ²/2 = 2η is a fair fraction of the barrier at η ~ 0.05 (the
// wells mix within T ~ 50, escape takes tens to hundreds of time units) and ηf″ stays below 2 on
// excursions (SGD would diverge otherwise).
inline void default_to_mixing_double_well(problem_settings& p) {
  p.name = "double_well";
  p.height = 0.25;
  p.tilt_sd = 2.0;
}


// A problem parameter given for a problem that never reads it is refused rather than ignored
// (e.g. `weak-error --data my.csv` would otherwise run the default problem on generated data).
inline void refuse_unread_problem_options(const problem_settings& p) {
  if (!p.given) return;
  const bool data_set = p.name == "least_squares" || p.name == "logistic";
  const bool user_data = !p.data_file.empty() || p.data;
  const bool generated = data_set && !user_data;
  struct rule {
    const char* option;
    bool read;
    const char* who;  // which problems read it
  };
  const rule rules[] = {
      {"--data", data_set, "least_squares and logistic"},
      {"--header", data_set && !p.data_file.empty(), "--data files"},
      {"--target", data_set && !p.data_file.empty(), "--data files"},
      {"--standardize", data_set && user_data, "--data files and X, y"},
      {"--dim", generated || p.name == "random_feature", "least_squares and logistic on generated data (a --data file fixes d) and random_feature"},
      {"--sigma", generated && p.name == "least_squares", "least_squares on generated data"},
      {"--teacher-scale", generated && p.name == "logistic", "logistic on generated data"},
      {"--separable", generated && p.name == "logistic", "logistic on generated data"},
      {"--ridge", p.name == "logistic", "logistic"},
      {"--curvatures", p.name == "li_tai_e", "li_tai_e"},
      {"--height", p.name == "double_well", "double_well"},
      {"--tilt-sd", p.name == "double_well", "double_well"},
      {"--noise-sd", p.name == "random_feature", "random_feature"},
      {"--h1", p.name == "non_commuting", "non_commuting"},
      {"--h2", p.name == "non_commuting", "non_commuting"},
      {"--rho", p.name == "non_commuting" && p.noise_cov.empty(), "non_commuting without --noise-cov"},
      {"--noise-cov", p.name == "li_tai_e" || p.name == "non_commuting", "li_tai_e and non_commuting"},
      {"--n", !data_set || generated, "generated data and population problems (a --data file fixes n)"},
      {"--data-seed", generated || (!data_set && p.n > 0), "generated data sets (population problems with --n > 0)"},
  };
  for (const auto& r : rules)
    if (!r.read && p.given(r.option))
      throw std::invalid_argument(std::string(r.option) + " is read only by " + r.who + "; here --problem is " + p.name +
                                  (!user_data || std::string(r.option) == "--data" ? "" : " with --data") +
                                  ", which would ignore it");
}


// The ranges of the parameters the problem reads (the CLI's options check the same ranges when they
// are parsed; a front end without such checks, Python, gets them here): std::invalid_argument naming
// the option, the value and the range.
inline void check_problem_values(const problem_settings& p) {
  auto real = [](const char* option, double v) {
    const parameter_range& r = problem_range(option);
    const bool ok = (r.lo_open ? v > r.lo : v >= r.lo) && (r.hi_open ? v < r.hi : v <= r.hi);
    if (!ok)
      throw std::invalid_argument(std::string(option) + " " + sde::short_number(v) + " is out of range " + (r.lo_open ? "(" : "[") +
                                  sde::short_number(r.lo) + ", " + sde::short_number(r.hi) + (r.hi_open ? ")" : "]"));
  };
  const bool generated = (p.name == "least_squares" || p.name == "logistic") && p.data_file.empty() && !p.data;
  if ((generated || p.name == "random_feature") && (p.resolved_dim() < 1 || p.resolved_dim() > problem_limits::dimension))
    throw std::invalid_argument("--dim " + std::to_string(p.dim) + " is out of range [1, " + std::to_string(problem_limits::dimension) + "]");
  if (p.n < -1 || p.n > problem_limits::data_size)  // -1: the problem's default
    throw std::invalid_argument("--n " + std::to_string(p.n) + " is out of range [0, " + std::to_string(problem_limits::data_size) + "]");
  if (generated && p.name == "least_squares") real("--sigma", p.sigma);
  if (generated && p.name == "logistic") real("--teacher-scale", p.teacher_scale);
  if (p.name == "logistic") real("--ridge", p.ridge);
  if (p.name == "li_tai_e")
    for (double h : p.curvatures) real("--curvatures", h);
  if (p.name == "double_well") {
    real("--height", p.height);
    real("--tilt-sd", p.tilt_sd);
  }
  if (p.name == "random_feature") real("--noise-sd", p.noise_sd);
  if (p.name == "non_commuting") {
    real("--h1", p.h1);
    real("--h2", p.h2);
    real("--rho", p.rho);
  }
  if (p.name == "li_tai_e" || p.name == "non_commuting")
    for (double v : p.noise_cov) real("--noise-cov", v);
  for (double x : p.x0) real("--x0", x);
}

}  // namespace sgdsde::catalogue
