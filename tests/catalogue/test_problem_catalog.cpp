#include <sgdsde/analysis/affine_gradient_model.hpp>
#include <sgdsde/catalogue/problem_catalog.hpp>
#include <sgdsde/catalogue/with_problem.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <type_traits>
#include <variant>
#include <string>

using namespace sgdsde;
using catalogue::problem_settings;
using catalogue::with_problem;

namespace {
template <class Objective>
sgd::vector catalogue_gradient(const Objective& f, const sgd::vector& x) {
  sgd::vector g(f.dim());
  f.gradient(x, g);
  return g;
}

struct built_problem {
  int dim = 0;
  std::size_t size = 0;
  sgd::vector x0, gradient_at_x0_plus_one;
  std::string description;
};

built_problem build(const problem_settings& p) {
  built_problem b;
  with_problem(p, [&](const auto& f, const sgd::vector& x0) {
    b.dim = f.dim();
    b.size = f.size();
    b.x0 = x0;
    b.gradient_at_x0_plus_one = catalogue_gradient(f, x0 + sgd::vector::Ones(f.dim()));
    b.description = f.description();
  });
  return b;
}

std::string refusal(const problem_settings& p) {
  try {
    build(p);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST_CASE("problem catalogue: every problem of the registry builds its objective with its dimension, size and start", "[problem_catalog]") {
  REQUIRE(catalogue::problem_names() == catalogue::problems::names());
  std::set<std::string> names;
  catalogue::problems::for_each([&](auto problem) {
    CAPTURE(problem.name);
    CHECK(names.insert(problem.name).second);
    problem_settings p;
    p.name = problem.name;
    const auto b = build(p);
    CHECK(b.dim == catalogue::problem_dimension(p));
    CHECK(b.dim >= 1);
    CHECK(b.size == std::size_t(problem.default_n));  // data sets default to n = 200; the others are populations
    CHECK(b.x0 == sgd::vector::Constant(b.dim, problem.data_set ? 0.0 : 1.0));
    CHECK(b.gradient_at_x0_plus_one.allFinite());
    CHECK(catalogue::problem_json(p)["name"] == p.name);
    p.n = 50;
    CHECK(build(p).size == 50u);  // a population with --n becomes a finite sum of n draws
    for (const char* option : problem.shown) CHECK(catalogue::problem_parameter_named(option).is_read_by(p));
  });
  CHECK(names.size() == catalogue::problems::size);
}

TEST_CASE("problem registry: each parameter is declared once, with a CLI spelling and a keyword", "[problem_catalog]") {
  std::set<std::string> options, keywords;
  for (const auto& parameter : catalogue::problem_parameters()) {
    CAPTURE(parameter.option);
    CHECK(std::string(parameter.option).rfind("--", 0) == 0);
    CHECK(options.insert(parameter.option).second);
    CHECK(keywords.insert(parameter.keyword()).second);
    CHECK(&catalogue::problem_parameter_named(parameter.keyword()) == &parameter);
    CHECK(std::string(parameter.help).size() > 10);
    CHECK((parameter.read == nullptr) == (std::string(parameter.readers).empty()));
  }
  CHECK(catalogue::problem_parameter_named("tilt_sd").keyword() == "tilt_sd");
  CHECK(std::string(catalogue::problem_parameter_named("tilt_sd").option) == "--tilt-sd");
}

TEST_CASE("problem registry: --help shows every problem with the defaults it builds with", "[problem_catalog]") {
  const std::string help = catalogue::problem_help();
  for (const auto& name : catalogue::problem_names()) CHECK_THAT(help, Catch::Contains("  " + name + " "));
  // The defaults come from the settings the problem is built with (the hand-written text once said
  // logistic's d is 2 while it built 10).
  CHECK_THAT(help, Catch::Contains("[--dim 10 --n 200 --teacher-scale 3 --separable --ridge 0 --data-seed 1], or --data FILE.csv"));
  CHECK_THAT(help, Catch::Contains("[--dim 10 --n 200 --sigma 0.1 --data-seed 1], or --data FILE.csv"));
  CHECK_THAT(help, Catch::Contains("[--curvatures 1,0.5]"));
  CHECK_THAT(help, Catch::Contains("[--noise-sd 1 --dim 1]"));
  CHECK_THAT(help, Catch::Contains("[--h1 1 --h2 4 --rho 0.6]"));
}

TEST_CASE("problem registry: every parameter given to a problem that does not read it is refused, and only then", "[problem_catalog][input]") {
  for (const auto& parameter : catalogue::problem_parameters()) {
    catalogue::problems::for_each([&](auto problem) {
      problem_settings p;
      p.name = problem.name;
      const std::string option = parameter.option;
      p.given = [option](const std::string& o) { return o == option; };
      CAPTURE(problem.name, option);
      if (parameter.is_read_by(p)) {
        CHECK(refusal(p) == "no error");
      } else {
        CHECK(refusal(p) == option + " is read only by " + parameter.readers + "; here --problem is " + p.name + ", which would ignore it");
      }
    });
  }
}

TEST_CASE("problem registry: every ranged parameter refuses a value past either end, naming it", "[problem_catalog][input]") {
  for (const auto& parameter : catalogue::problem_parameters()) {
    if (!parameter.reals) continue;
    catalogue::problems::for_each([&](auto problem) {
      problem_settings p;
      p.name = problem.name;
      if (!parameter.is_read_by(p)) return;
      for (const double bad : {parameter.reals->hi * 2 + 1, parameter.reals->lo - std::abs(parameter.reals->lo) - 1, std::nan("")}) {
        problem_settings q = p;
        std::visit(
            [&](auto member) {
              auto& value = member(q);
              using T = std::decay_t<decltype(value)>;
              if constexpr (std::is_same_v<T, double>) value = bad;
              if constexpr (std::is_same_v<T, std::vector<double>>) value = std::vector<double>(std::max<std::size_t>(1, value.size()), bad);
            },
            parameter.field);
        CAPTURE(problem.name, parameter.option, bad);
        CHECK_THAT(refusal(q), Catch::StartsWith(std::string(parameter.option) + " ") && Catch::Contains("is out of range " + parameter.reals->text()));
      }
    });
  }
}

TEST_CASE("problem catalogue: the built objective is the one its constructor makes, bit for bit", "[problem_catalog]") {
  problem_settings p;
  p.dim = 4;
  p.n = 30;
  p.sigma = 0.3;
  p.data_seed = 9;
  p.x0 = {0.5, -1, 2, 0};
  const auto b = build(p);
  const sgd::least_squares direct(sgd::lecture_regression_data(4, 30, 0.3, 9).data);
  const sgd::vector x0 = (sgd::vector(4) << 0.5, -1, 2, 0).finished();
  CHECK(b.x0 == x0);
  CHECK(b.gradient_at_x0_plus_one == catalogue_gradient(direct, x0 + sgd::vector::Ones(4)));
  p.name = "double_well";
  p.x0 = {0.25};
  p.height = 0.5;
  const auto w = build(p);
  const sgd::sampled_finite_sum<sgd::double_well> direct_well(sgd::double_well(0.5, 1.0), 30, 9);
  CHECK(w.gradient_at_x0_plus_one == catalogue_gradient(direct_well, sgd::vector::Constant(1, 1.25)));
  CHECK(catalogue::problem_json(p) == nlohmann::json({{"name", "double_well"}, {"n", 30}, {"data_seed", 9}, {"height", 0.5}, {"tilt_sd", 1.0}}));
}

TEST_CASE("problem catalogue: bad parameters are refused naming the option, the value and the range", "[problem_catalog][input]") {
  problem_settings p;
  p.name = "li_tai_e";
  p.x0 = {1, 2, 3};
  CHECK(refusal(p) == "--x0 has 3 entries, the problem has d = 2");
  p.x0.clear();
  p.curvatures = {1.0, -2.0};
  CHECK(refusal(p) == "--curvatures -2 is out of range [1e-06, 1e+06]");
  p.curvatures = {1.0, std::nan("")};
  CHECK(refusal(p) == "--curvatures nan is out of range [1e-06, 1e+06]");
  p.name = "least_squares";  // li_tai_e's parameters are not read (nor checked) here
  p.n = 0;
  CHECK(refusal(p) == "--n must be >= 1 for least_squares");
  p.n = 100'000'000;
  CHECK_THAT(refusal(p), Catch::Contains("--n 100000000 samples of dimension 10 hold 1.1e+09 values; at most 5e+08"));
  p.n = -1;
  p.name = "nope";
  CHECK(refusal(p) == "unknown problem 'nope'; valid: least_squares, logistic, li_tai_e, double_well, random_feature, non_commuting");
  p.name = "double_wel";
  CHECK_THAT(refusal(p), Catch::StartsWith("unknown problem 'double_wel' (did you mean 'double_well'?); valid: "));
}

TEST_CASE("problem catalogue: a parameter given for a problem that never reads it is refused", "[problem_catalog][input]") {
  std::set<std::string> given{"--ridge"};
  problem_settings p;
  p.given = [&](const std::string& option) { return given.count(option) > 0; };
  CHECK(refusal(p) == "--ridge is read only by logistic; here --problem is least_squares, which would ignore it");
  p.name = "logistic";
  CHECK(refusal(p) == "no error");
  given = {"--dim"};
  p.name = "double_well";
  CHECK_THAT(refusal(p), Catch::Contains("--dim is read only by least_squares and logistic on generated data"));
  given = {"--data-seed"};
  CHECK_THAT(refusal(p), Catch::Contains("--data-seed is read only by generated data sets"));
  p.n = 10;
  CHECK(refusal(p) == "no error");  // a population with --n draws its samples with --data-seed
  p.given = nullptr;                // nothing told: nothing refused
  p.name = "least_squares";
  given = {"--ridge"};
  CHECK(refusal(p) == "no error");
}

TEST_CASE("problem catalogue: values out of the options' ranges are refused naming the range", "[problem_catalog][input]") {
  problem_settings p;
  p.dim = 0;
  CHECK(refusal(p) == "--dim 0 is out of range [1, 4096]");
  p.dim = 2;
  p.n = -5;
  CHECK(refusal(p) == "--n -5 is out of range [0, 1000000000]");
  p.n = -1;
  p.name = "non_commuting";
  p.rho = 1.0;
  CHECK(refusal(p) == "--rho 1 is out of range (-1, 1)");
  p.rho = 0.5;
  p.x0 = {0.0, 2e6};
  CHECK(refusal(p) == "--x0 2e+06 is out of range [-1e+06, 1e+06]");
  p.x0.clear();
  p.name = "double_well";
  p.tilt_sd = std::nan("");
  CHECK(refusal(p) == "--tilt-sd nan is out of range [0, 1e+03]");
}

TEST_CASE("problem catalogue: a front end's arrays are the same objective as the CSV file", "[problem_catalog]") {
  auto data = std::make_shared<sgd::dataset>();
  data->X.resize(4, 2);
  data->X << 1, 2, 3, 5, -1, 0.5, 2, 2;
  data->y.resize(4);
  data->y << 0, 1, 1, 0;
  problem_settings p;
  p.name = "logistic";
  p.standardize = true;
  p.data = data;
  const auto from_arrays = build(p);
  CHECK(from_arrays.dim == 2);
  CHECK(from_arrays.size == 4);
  sgd::dataset prepared = *data;  // what the catalogue does to a file's table: standardise, labels to ±1
  sgd::standardize_features(prepared);
  sgd::signed_labels(prepared.y);
  const sgd::logistic_regression direct(std::move(prepared), 0.0);
  CHECK(from_arrays.gradient_at_x0_plus_one == catalogue_gradient(direct, sgd::vector::Ones(2)));
  CHECK(catalogue::problem_json(p)["data"] == "arrays");
  p.name = "double_well";
  CHECK(refusal(p) == "X and y are read only by least_squares and logistic; here --problem is double_well");
  p.name = "logistic";
  p.data_file = "table.csv";
  CHECK(refusal(p) == "give X and y or --data, not both");
  p.data_file.clear();
  data->X(1, 1) = std::nan("");
  CHECK(refusal(p) == "X and y: non-finite feature at row 2, column 2");
}

TEST_CASE("problem catalogue: --noise-cov sets a quadratic's gradient noise covariance, and only a valid one", "[problem_catalog][input]") {
  // Oracle: the gradient noise covariance of f(x; z) = ½xᵀHx − (Az)ᵀx is AAᵀ at every x, computed by the
  // affine model from the factor the catalogue built. Rounding of one d × d factor product.
  auto noise_covariance = [](const problem_settings& p) {
    sgd::matrix Sigma, H;
    with_problem(p, [&](const auto& f, const sgd::vector&) {
      if (analysis::has_affine(f)) {
        const auto model = analysis::affine_model(f);
        const sgd::vector x = sgd::vector::Ones(f.dim());
        Sigma = model.expected_gradient_covariance(x, x * x.transpose());
        H = model.A_bar();
      }
    });
    return std::pair{Sigma, H};
  };
  problem_settings p;
  p.name = "li_tai_e";
  p.curvatures = {1.0, 2.0, 0.5};
  p.noise_cov = {2.0, 0.5, 0.0, 0.5, 1.0, -0.3, 0.0, -0.3, 0.7};
  const sgd::matrix S = Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>(p.noise_cov.data());
  auto [Sigma, H] = noise_covariance(p);
  CHECK((Sigma - S).norm() < 1e-14 * S.norm());
  CHECK((H - sgd::vector(sgd::vector::Map(p.curvatures.data(), 3)).asDiagonal().toDenseMatrix()).norm() == 0.0);
  p.noise_cov = {3.0, 0.0, 1.0};  // the diagonal; a singular covariance is allowed
  std::tie(Sigma, H) = noise_covariance(p);
  CHECK((Sigma - sgd::vector(sgd::vector::Map(p.noise_cov.data(), 3)).asDiagonal().toDenseMatrix()).norm() < 1e-15);
  p.name = "non_commuting";
  p.noise_cov = {1.0, 0.9, 0.9, 1.0};
  std::tie(Sigma, H) = noise_covariance(p);
  CHECK(std::abs(Sigma(0, 1) - 0.9) < 1e-15);
  CHECK(H(1, 1) == 4.0);

  p.noise_cov = {1.0, 0.5, 0.5};
  CHECK(refusal(p) == "--noise-cov '1,0.5,0.5' has 3 values; for d = 2 give 2 (the diagonal) or 4 (the matrix, row by row)");
  p.noise_cov = {1.0, 0.5, 0.4, 1.0};
  CHECK_THAT(refusal(p), Catch::Contains("--noise-cov '1,0.5,0.4,1': the covariance is not symmetric"));
  p.noise_cov = {1.0, 2.0, 2.0, 1.0};
  CHECK_THAT(refusal(p), Catch::Contains("--noise-cov '1,2,2,1': the covariance is not positive semi-definite: smallest eigenvalue -1"));
  p.noise_cov = {1.0, std::nan("")};
  CHECK(refusal(p) == "--noise-cov nan is out of range [-1e+06, 1e+06]");

  std::set<std::string> given{"--noise-cov"};
  p.given = [&](const std::string& option) { return given.count(option) > 0; };
  p.noise_cov = {1.0};
  p.name = "double_well";
  CHECK(refusal(p) == "--noise-cov is read only by li_tai_e and non_commuting; here --problem is double_well, which would ignore it");
  given = {"--noise-cov", "--rho"};
  p.name = "non_commuting";
  p.noise_cov = {1.0, 1.0};
  CHECK_THAT(refusal(p), Catch::Contains("--rho is read only by non_commuting without --noise-cov"));
}
