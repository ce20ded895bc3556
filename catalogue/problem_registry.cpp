// The parameter table of the built-in problems and the queries that read it together with the problem
// list (problem_catalog.hpp): names, help, JSON, refusals and range checks, compiled once here.
#include <sgdsde/catalogue/problem_catalog.hpp>
#include <sgdsde/catalogue/problem_registry.hpp>
#include <sgdsde/catalogue/work_plan.hpp>

#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace sgdsde::catalogue {

namespace {

using P = problem_settings;

bool is_data_set(const P& p) {
  bool data_set = false;
  problems::for_each([&](auto problem) { data_set = data_set || (p.name == problem.name && problem.data_set); });
  return data_set;
}
bool user_data(const P& p) { return !p.data_file.empty() || p.data; }
bool generated(const P& p) { return is_data_set(p) && !user_data(p); }

constexpr real_range any_real{-1e6, 1e6};
constexpr real_range positive_curvature{1e-6, 1e6};

std::vector<problem_parameter> make_parameters() {
  const std::uint64_t seed_max = std::numeric_limits<std::uint64_t>::max();
  return {
      {"--problem", field<&P::name>(), "Objective (see above)", {}, {}, problem_names()},
      {"--data", field<&P::data_file>(), "CSV data set for least_squares/logistic: features..., target (see --header)", {}, {}, {},
       is_data_set, "least_squares and logistic"},
      {"--header", field<&P::header>(),
       "Does --data's first line name the columns: yes | no | auto (a header only when no cell of it is a\n"
       "number; a first line mixing numbers and text is refused)",
       {}, {}, {"yes", "no", "auto"}, [](const P& p) { return is_data_set(p) && !p.data_file.empty(); }, "--data files"},
      {"--target", field<&P::target>(), "--data's target column: a 1-based index or a header name (default: the last column)", {}, {}, {},
       [](const P& p) { return is_data_set(p) && !p.data_file.empty(); }, "--data files"},
      {"--standardize", field<&P::standardize>(),
       "Centre each --data feature column and divide it by its standard deviation (a constant column becomes 0)", {}, {}, {},
       [](const P& p) { return is_data_set(p) && user_data(p); }, "--data files and X, y"},
      problem_parameter{"--dim", field<&P::dim>(),
                        "Dimension d of the generated least_squares/logistic data (default 10) and of random_feature (default 1)", {},
                        integer_range{1, std::uint64_t(problem_limits::dimension)}, {},
                        [](const P& p) { return generated(p) || p.name == "random_feature"; },
                        "least_squares and logistic on generated data (a --data file fixes d) and random_feature"}
          .without_default(),  // -1: the problem's own
      problem_parameter{"--n", field<&P::n>(), "Data size n (least_squares/logistic default 200; population problems: 0 = population)",
                        {}, integer_range{0, std::uint64_t(problem_limits::data_size)}, {},
                        [](const P& p) { return !is_data_set(p) || generated(p); },
                        "generated data and population problems (a --data file fixes n)"}
          .without_default(),
      {"--sigma", field<&P::sigma>(), "least_squares label noise sigma", real_range{0, 1e6}, {}, {},
       [](const P& p) { return generated(p) && p.name == "least_squares"; }, "least_squares on generated data"},
      {"--data-seed", field<&P::data_seed>(), "Seed of the generated data set", {}, integer_range{0, seed_max}, {},
       [](const P& p) { return generated(p) || (!is_data_set(p) && p.n > 0); },
       "generated data sets (population problems with --n > 0)"},
      {"--teacher-scale", field<&P::teacher_scale>(), "logistic teacher weight s", real_range{0, 1e6, true}, {}, {},
       [](const P& p) { return generated(p) && p.name == "logistic"; }, "logistic on generated data"},
      {"--separable", field<&P::separable>(), "logistic: labels sign(x.w*) (separable) instead of Bernoulli", {}, {}, {},
       [](const P& p) { return generated(p) && p.name == "logistic"; }, "logistic on generated data"},
      {"--ridge", field<&P::ridge>(), "logistic ridge penalty", real_range{0, 1e6}, {}, {}, [](const P& p) { return p.name == "logistic"; },
       "logistic"},
      {"--curvatures", field<&P::curvatures>(), "li_tai_e: the diagonal of H (each)", positive_curvature, {}, {},
       [](const P& p) { return p.name == "li_tai_e"; }, "li_tai_e"},
      {"--height", field<&P::height>(), "double_well barrier height h", positive_curvature, {}, {},
       [](const P& p) { return p.name == "double_well"; }, "double_well"},
      {"--tilt-sd", field<&P::tilt_sd>(), "double_well tilt standard deviation", real_range{0, 1e3}, {}, {},
       [](const P& p) { return p.name == "double_well"; }, "double_well"},
      {"--noise-sd", field<&P::noise_sd>(), "random_feature label-noise standard deviation", real_range{0, 1e3}, {}, {},
       [](const P& p) { return p.name == "random_feature"; }, "random_feature"},
      {"--h1", field<&P::h1>(), "non_commuting curvature h1", positive_curvature, {}, {}, [](const P& p) { return p.name == "non_commuting"; },
       "non_commuting"},
      {"--h2", field<&P::h2>(), "non_commuting curvature h2", positive_curvature, {}, {}, [](const P& p) { return p.name == "non_commuting"; },
       "non_commuting"},
      {"--rho", field<&P::rho>(), "non_commuting noise correlation", real_range{-1, 1, true, true}, {}, {},
       [](const P& p) { return p.name == "non_commuting" && p.noise_cov.empty(); }, "non_commuting without --noise-cov"},
      {"--noise-cov", field<&P::noise_cov>(),
       "li_tai_e, non_commuting: the gradient noise covariance S, comma-separated: d values (its diagonal) or\n"
       "d*d (row by row); symmetric positive semi-definite",
       any_real, {}, {}, [](const P& p) { return p.name == "li_tai_e" || p.name == "non_commuting"; }, "li_tai_e and non_commuting"},
      {"--x0", field<&P::x0>(), "Initial point, comma-separated (default: problem-specific)", any_real, {}, {}},
  };
}

std::string default_text(const problem_parameter& parameter, P& p) {  // as --help shows it
  return std::visit(
      [&](auto member) -> std::string {
        using T = std::decay_t<decltype(member(p))>;
        const T& v = member(p);
        if constexpr (std::is_same_v<T, bool>) {
          return "";
        } else if constexpr (std::is_same_v<T, double>) {
          return sde::formatted("%g", v);
        } else if constexpr (std::is_same_v<T, std::vector<double>>) {
          std::string text;
          for (double x : v) text += (text.empty() ? "" : ",") + sde::formatted("%g", x);
          return text;
        } else if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_integral_v<T>) {
          return std::to_string(v);
        } else {
          return "";  // no problem parameter has another type
        }
      },
      parameter.field);
}

void check_range(const problem_parameter& parameter, P& p) {
  std::visit(
      [&](auto member) {
        using T = std::decay_t<decltype(member(p))>;
        const T& v = member(p);
        auto real = [&](double x) {
          if (!parameter.reals->contains(x))
            throw std::invalid_argument(std::string(parameter.option) + " " + sde::short_number(x) + " is out of range " +
                                        parameter.reals->text());
        };
        if constexpr (std::is_same_v<T, double>) {
          if (parameter.reals) real(v);
        } else if constexpr (std::is_same_v<T, std::vector<double>>) {
          if (parameter.reals)
            for (double x : v) real(x);
        } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
          if (!parameter.integers) return;
          if constexpr (std::is_signed_v<T>) {
            if (v == -1) return;  // the problem's default
            if (v < 0) throw std::invalid_argument(std::string(parameter.option) + " " + std::to_string(v) + " is out of range [" +
                                                   std::to_string(parameter.integers->lo) + ", " + std::to_string(parameter.integers->hi) + "]");
          }
          const auto u = std::uint64_t(v);
          if (u < parameter.integers->lo || u > parameter.integers->hi)
            throw std::invalid_argument(std::string(parameter.option) + " " + std::to_string(v) + " is out of range [" +
                                        std::to_string(parameter.integers->lo) + ", " + std::to_string(parameter.integers->hi) + "]");
        }
      },
      parameter.field);
}

}  // namespace

const std::vector<problem_parameter>& problem_parameters() {
  static const std::vector<problem_parameter> parameters = make_parameters();
  return parameters;
}

const problem_parameter& problem_parameter_named(const std::string& name) {
  if (const auto* parameter = find_option(problem_parameters(), name)) return *parameter;
  throw std::logic_error("no problem parameter " + name);
}

const std::vector<std::string>& problem_names() {
  static const std::vector<std::string> names = problems::names();
  return names;
}

std::string problem_help() {
  std::string text = "Problems (--problem) and their parameters, with their defaults:\n";
  const std::string indent(18, ' ');
  problems::for_each([&](auto problem) {
    P p;  // the defaults, resolved as the problem reads them
    p.name = problem.name;
    p.n = problem.default_n;
    p.dim = problem.dimension(p);
    std::string line = "  " + std::string(problem.name);
    line.resize(indent.size(), ' ');
    std::string formula = problem.formula;
    for (std::size_t at; (at = formula.find('\n')) != std::string::npos; formula.erase(0, at + 1)) {
      text += line + formula.substr(0, at) + "\n";
      line = indent;
    }
    text += line + formula + "\n" + indent + "[";
    bool first = true;
    for (const char* option : problem.shown) {
      const std::string value = default_text(problem_parameter_named(option), p);
      text += (first ? "" : " ") + std::string(option) + (value.empty() ? "" : " " + value);
      first = false;
    }
    text += "]";
    if (problem.data_set) text += ", or --data FILE.csv (Python: X, y)";
    text += "\n";
  });
  text +=
      "  --noise-cov S   li_tai_e and non_commuting: f(x; z) = 1/2 x^T H x - (Az)^T x with AA^T = S instead, z ~ N(0, I):\n"
      "                  any symmetric positive semi-definite S, as d values (its diagonal) or d*d (row by row)\n"
      "Population problems become finite sums of --n samples drawn with --data-seed when --n > 0.\n";
  return text;
}

int problem_dimension(const problem_settings& p) {
  return problems::visit(p.name, [&](auto problem) { return problem.dimension(p); });
}

nlohmann::json problem_json(const problem_settings& p) {
  nlohmann::json j = {{"name", p.name}};
  problems::visit(p.name, [&](auto problem) { problem.describe(p, j); });
  return j;
}

void refuse_unread_problem_options(const problem_settings& p) {
  if (!problems::contains(p.name)) throw std::invalid_argument(problems::unknown_text(p.name));
  if (!p.given) return;
  for (const auto& parameter : problem_parameters())
    if (!parameter.is_read_by(p) && p.given(parameter.option))
      throw std::invalid_argument(std::string(parameter.option) + " is read only by " + parameter.readers + "; here --problem is " +
                                  p.name + (!user_data(p) || std::string(parameter.option) == "--data" ? "" : " with --data") +
                                  ", which would ignore it");
}

void check_problem_values(const problem_settings& p) {
  if (!problems::contains(p.name)) throw std::invalid_argument(problems::unknown_text(p.name));
  P fields = p;  // the fields' accessors take a mutable settings
  for (const auto& parameter : problem_parameters())
    if (parameter.is_read_by(p)) check_range(parameter, fields);
  if (p.n < -1 || p.n > problem_limits::data_size)  // -1: the problem's default; a --data file's n is checked too
    throw std::invalid_argument("--n " + std::to_string(p.n) + " is out of range [0, " + std::to_string(problem_limits::data_size) + "]");
  const bool data_set = is_data_set(p);
  if (p.data && !data_set) throw std::invalid_argument("X and y are read only by least_squares and logistic; here --problem is " + p.name);
  if (p.data && !p.data_file.empty()) throw std::invalid_argument("give X and y or --data, not both");
  if (p.n == 0 && data_set) throw std::invalid_argument("--n must be >= 1 for " + p.name);
  // Generated data and finite samples are held in memory: refuse sizes beyond the cap up front.
  if (user_data(p)) return;
  const double d = problem_dimension(p);
  const long long n = p.n < 0 ? problems::visit(p.name, [](auto problem) { return problem.default_n; }) : p.n;
  const double values = double(n) * (d + 1.0);
  if (values > problem_limits::data_values)
    throw std::invalid_argument("--n " + std::to_string(p.n) + " samples of dimension " + std::to_string(int(d)) + " hold " +
                                sde::short_number(values) + " values; at most " + sde::short_number(problem_limits::data_values) +
                                " (4 GB) are generated");
}

}  // namespace sgdsde::catalogue
