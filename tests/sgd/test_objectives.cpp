#include <sgdsde/sde/running_moments.hpp>
#include <sgdsde/sgd/double_well.hpp>
#include <sgdsde/sgd/lambda_objective.hpp>
#include <sgdsde/sgd/least_squares.hpp>
#include <sgdsde/sgd/logistic_regression.hpp>
#include <sgdsde/sgd/noisy_quadratic.hpp>
#include <sgdsde/sgd/random_feature_regression.hpp>
#include <sgdsde/sgd/sampled_finite_sum.hpp>

#include <catch2/catch.hpp>

using namespace sgdsde::sgd;
using sgdsde::sde::random_stream;

namespace {
// Per-sample gradient against central differences of the per-sample value, and per-sample Hessian
// against central differences of the gradient.
template <class Objective, class Sample>
void check_sample_derivatives(const Objective& f, const vector& x, const Sample& w) {
  const int d = f.dim();
  vector g = vector::Zero(d);
  f.add_sample_gradient(x, w, 1.0, g);
  matrix H = matrix::Zero(d, d);
  f.add_sample_hessian(x, w, 1.0, H);
  const double h = 1e-6;
  for (int j = 0; j < d; ++j) {
    vector xp = x, xm = x;
    xp[j] += h;
    xm[j] -= h;
    const double fd = (f.sample_value(xp, w) - f.sample_value(xm, w)) / (2 * h);
    CHECK(g[j] == Approx(fd).epsilon(1e-6).margin(1e-7));
    vector gp = vector::Zero(d), gm = vector::Zero(d);
    f.add_sample_gradient(xp, w, 1.0, gp);
    f.add_sample_gradient(xm, w, 1.0, gm);
    for (int i = 0; i < d; ++i) CHECK(H(i, j) == Approx((gp[i] - gm[i]) / (2 * h)).epsilon(1e-6).margin(1e-7));
  }
}
}  // namespace

TEST_CASE("finite sums: per-sample derivatives match finite differences", "[objectives]") {
  const auto reg = lecture_regression_data(3, 20, 0.5, 4);
  const least_squares ls(reg.data);
  const logistic_regression lr(logistic_data(3, 20, 2.0, false, 5), 0.1);
  vector x(3);
  x << 0.3, -0.7, 1.1;
  for (std::size_t i : {0u, 7u, 19u}) {
    check_sample_derivatives(ls, x, i);
    check_sample_derivatives(lr, x, i);
  }
}

TEST_CASE("population objectives: per-sample derivatives match finite differences", "[objectives]") {
  random_stream s(3, 0);
  const double_well well(1.5, 0.7);
  const random_feature_regression rf(0.8), rf3(0.8, 3);
  const vector x3 = (vector(3) << 0.4, -1.1, 0.7).finished();
  const auto lte = li_tai_e_quadratic((matrix(2, 2) << 2.0, 0.5, 0.5, 1.0).finished());
  const auto nc = non_commuting_quadratic();
  vector x1(1);
  x1 << 0.4;
  vector x2(2);
  x2 << -0.3, 0.9;
  for (int r = 0; r < 3; ++r) {
    double w;
    well.draw(s, w);
    check_sample_derivatives(well, x1, w);
    random_feature_regression::sample_type a;
    rf.draw(s, a);
    check_sample_derivatives(rf, x1, a);
    rf3.draw(s, a);
    check_sample_derivatives(rf3, x3, a);
    vector z;
    lte.draw(s, z);
    check_sample_derivatives(lte, x2, z);
    nc.draw(s, z);
    check_sample_derivatives(nc, x2, z);
  }
}

TEST_CASE("the finite-sum base: value, gradient, Hessian and Σ are the sample averages", "[objectives]") {
  const auto reg = lecture_regression_data(2, 9, 0.3, 2);
  const least_squares f(reg.data);
  vector x(2);
  x << 0.2, -0.1;
  // Two-pass reference computed here from the data directly.
  const matrix& X = reg.data.X;
  const vector r = X * x - reg.data.y;
  CHECK(f.value(x) == Approx(0.5 * r.squaredNorm() / 9).epsilon(1e-13));
  vector g;
  f.gradient(x, g);
  const vector g_ref = X.transpose() * r / 9.0;
  CHECK((g - g_ref).norm() < 1e-12 * g_ref.norm());
  matrix H;
  f.hessian(x, H);
  CHECK((H - X.transpose() * X / 9.0).norm() < 1e-12 * H.norm());
  matrix S;
  f.gradient_covariance(x, S);
  matrix S_ref = matrix::Zero(2, 2);
  for (int i = 0; i < 9; ++i) {
    const vector gi = r[i] * X.row(i).transpose() - g_ref;
    S_ref += gi * gi.transpose() / 9.0;
  }
  CHECK((S - S_ref).norm() < 1e-12 * S_ref.norm());
}

TEST_CASE("population Σ(x) in closed form agrees with a Monte Carlo estimate", "[objectives]") {
  // random-feature regression: Σ(x) = 2x² + σ². Sample variance of ∇f(x; a, ε) over N draws, with
  // its standard error from the sample fourth moment.
  const random_feature_regression rf(0.8);
  vector x(1);
  x << 1.3;
  matrix S;
  rf.gradient_covariance(x, S);
  random_stream s(11, 0);
  const int N = 200000;
  std::vector<double> gs(N);
  for (auto& g : gs) {
    random_feature_regression::sample_type w;
    rf.draw(s, w);
    vector gv = vector::Zero(1);
    rf.add_sample_gradient(x, w, 1.0, gv);
    g = gv[0];
  }
  double mean = 0;
  for (double g : gs) mean += g / N;
  sgdsde::sde::running_stat sq;
  for (double g : gs) sq.add((g - mean) * (g - mean));
  CHECK(mean == Approx(x[0]).margin(5 * std::sqrt(S(0, 0) / N)));
  CHECK(std::abs(sq.mean() - S(0, 0)) < 5 * sq.standard_error());
  CHECK(S(0, 0) == Approx(2 * 1.3 * 1.3 + 0.64));
}

TEST_CASE("random-feature regression in d dimensions: mean gradient x and Σ(x) = (|x|² + σ²) I + xxᵀ", "[objectives]") {
  // Every entry of the sample mean and sample covariance of ∇f(x; a, ε) over N draws within 5 standard
  // errors of the closed forms (the covariance's errors from the per-entry running statistics).
  const int d = 3;
  const random_feature_regression rf(0.8, d);
  CHECK(rf.dim() == d);
  const vector x = (vector(d) << 0.5, -1.0, 0.3).finished();
  matrix S;
  rf.gradient_covariance(x, S);
  matrix S_closed = x * x.transpose();
  const double sigma2 = 0.8 * 0.8;
  S_closed.diagonal().array() += x.squaredNorm() + sigma2;
  CHECK((S - S_closed).norm() == 0.0);
  random_stream s(13, 0);
  const int N = 200000;
  std::vector<vector> gs(N, vector::Zero(d));
  random_feature_regression::sample_type w;
  for (auto& g : gs) {
    rf.draw(s, w);
    REQUIRE(w.size() == d + 1);
    rf.add_sample_gradient(x, w, 1.0, g);
  }
  std::vector<sgdsde::sde::running_stat> mean(d), product(d * d);
  for (const auto& g : gs)
    for (int i = 0; i < d; ++i) mean[i].add(g[i]);
  for (const auto& g : gs)
    for (int i = 0; i < d; ++i)
      for (int j = 0; j < d; ++j) product[i * d + j].add((g[i] - x[i]) * (g[j] - x[j]));
  for (int i = 0; i < d; ++i) {
    CHECK(std::abs(mean[i].mean() - x[i]) < 5 * mean[i].standard_error());
    for (int j = 0; j < d; ++j) CHECK(std::abs(product[i * d + j].mean() - S(i, j)) < 5 * product[i * d + j].standard_error());
  }
  vector g(d);
  rf.gradient(x, g);
  CHECK(g == x);
  CHECK(rf.value(x) == 0.5 * (x.squaredNorm() + sigma2));
  CHECK_THROWS_WITH(random_feature_regression(1.0, 0), Catch::Contains("d must be >= 1"));
}

TEST_CASE("the Li–Tai–E quadratic: E f_γ = ½xᵀHx and Σ = H²", "[objectives]") {
  const matrix H = (matrix(2, 2) << 2.0, 0.5, 0.5, 1.0).finished();
  const auto f = li_tai_e_quadratic(H);
  matrix S;
  vector x(2);
  x << 1.0, -2.0;
  f.gradient_covariance(x, S);
  CHECK((S - H * H).norm() < 1e-14);
  // The finite-n version over many samples approaches the population objective.
  const sampled_finite_sum<noisy_quadratic> finite(f, 20000, 3);
  // f_γ(x) has variance Var(γᵀHx... ) + …; its sample mean over n = 20000 is within 5 SE of ½xᵀHx.
  sgdsde::sde::running_stat values;
  for (std::size_t i = 0; i < finite.size(); ++i) values.add(finite.sample_value(x, i));
  CHECK(std::abs(values.mean() - f.value(x)) < 5 * values.standard_error());
  CHECK(finite.value(x) == Approx(values.mean()).epsilon(1e-12));
}

TEST_CASE("a user objective from lambdas equals the built-in, with or without its Hessian", "[objectives]") {
  const auto reg = lecture_regression_data(3, 15, 0.2, 8);
  const least_squares ls(reg.data);
  const matrix X = reg.data.X;
  const vector y = reg.data.y;
  auto value = [&](const vector& w, std::size_t i) { const double r = X.row(i).dot(w) - y[i]; return 0.5 * r * r; };
  auto gradient = [&](const vector& w, std::size_t i, vector& g) { g = (X.row(i).dot(w) - y[i]) * X.row(i).transpose(); };
  auto hessian = [&](const vector&, std::size_t i, matrix& H) { H = X.row(i).transpose() * X.row(i); };
  const auto with_h = make_finite_sum(15, 3, value, gradient, hessian);
  const auto without_h = make_finite_sum(15, 3, value, gradient);
  vector x(3);
  x << 0.5, 0.1, -0.4;
  vector g1, g2;
  ls.gradient(x, g1);
  with_h.gradient(x, g2);
  CHECK((g1 - g2).norm() < 1e-12 * g1.norm());
  matrix H1, H2, H3;
  ls.hessian(x, H1);
  with_h.hessian(x, H2);
  without_h.hessian(x, H3);
  CHECK((H1 - H2).norm() < 1e-12 * H1.norm());
  CHECK((H1 - H3).norm() < 1e-6 * H1.norm());  // central differences of the gradient
  CHECK(with_h.value(x) == Approx(ls.value(x)).epsilon(1e-13));
  CHECK_THROWS_WITH(make_finite_sum(0, 3, value, gradient), Catch::Contains("n must be >= 1"));
  auto wrong_size = make_finite_sum(15, 3, value, [](const vector&, std::size_t, vector& g) { g = vector::Zero(2); });
  CHECK_THROWS_WITH(wrong_size.gradient(x, g1), Catch::Contains("expected d = 3"));
}

TEST_CASE("the lecture generator is deterministic and has the lecture's shape", "[objectives]") {
  const auto a = lecture_regression_data(10, 200, 0.1, 42), b = lecture_regression_data(10, 200, 0.1, 42);
  CHECK(a.data.X == b.data.X);
  CHECK(a.data.y == b.data.y);
  CHECK(a.data.X.rows() == 200);
  CHECK(a.data.X.cols() == 10);
  CHECK(lecture_regression_data(10, 200, 0.1, 43).data.X != a.data.X);
  // y = Xw* + σε: the residual at w* has sample standard deviation ≈ σ (200 samples: within 20%).
  const vector r = a.data.X * a.w_star - a.data.y;
  CHECK(std::sqrt(r.squaredNorm() / 200) == Approx(0.1).epsilon(0.2));
  CHECK_THROWS_WITH(lecture_regression_data(0), Catch::Contains("d must be >= 1"));
  CHECK_THROWS_WITH(lecture_regression_data(3, 10, -1.0), Catch::Contains("sigma"));
}

TEST_CASE("objectives reject bad parameters and data", "[objectives][input]") {
  dataset bad;
  bad.X = matrix::Ones(3, 2);
  bad.y = vector::Ones(3);
  bad.X(1, 1) = std::nan("");
  CHECK_THROWS_WITH(least_squares(bad), Catch::Contains("non-finite feature at row 2, column 2"));
  bad.X(1, 1) = 0.0;
  bad.y.resize(2);
  CHECK_THROWS_WITH(least_squares(bad), Catch::Contains("3 feature rows but 2 targets"));
  dataset labels;
  labels.X = matrix::Ones(2, 1);
  labels.y = (vector(2) << 1.0, 0.0).finished();
  CHECK_THROWS_WITH(logistic_regression(labels), Catch::Contains("labels must be -1 or +1"));
  CHECK_THROWS_WITH(double_well(-1.0), Catch::Contains("height"));
  CHECK_THROWS_WITH(random_feature_regression(std::nan("")), Catch::Contains("noise sd"));
  CHECK_THROWS_WITH(non_commuting_quadratic(1, 2, 1.0), Catch::Contains("rho"));
  CHECK_THROWS_WITH(noisy_quadratic((matrix(2, 2) << 1, 2, 0, 1).finished(), matrix::Identity(2, 2)),
                    Catch::Contains("symmetric"));
}

TEST_CASE("logistic labels from files: {0, 1} become {-1, +1}; anything else is refused", "[logistic][labels]") {
  vector y = (vector(4) << 0, 1, 1, 0).finished();
  signed_labels(y);
  CHECK(y == (vector(4) << -1, 1, 1, -1).finished());
  signed_labels(y);  // already ±1: unchanged
  CHECK(y == (vector(4) << -1, 1, 1, -1).finished());
  vector two = (vector(3) << 0, 1, 2).finished();
  CHECK_THROWS_WITH(signed_labels(two), Catch::Contains("row 3 has 2"));
  vector mixed = (vector(3) << 0, 1, -1).finished();
  CHECK_THROWS_WITH(signed_labels(mixed), Catch::Contains("row 3 mixes 0 and -1"));
}

namespace {
// G z (without forming G) against the formed d×n factor times z, and the full gradient against the
// finite-sum base's per-sample sum (the vectorised forms must give the same values).
template <class Objective>
void check_centred_gradients_times(const Objective& f, const vector& x, std::uint64_t seed) {
  random_stream stream(seed, 0, sgdsde::sde::substream::user);
  vector z(Eigen::Index(f.size()));
  for (Eigen::Index i = 0; i < z.size(); ++i) z[i] = sgdsde::sde::standard_normal(stream);
  matrix G;
  f.centred_gradients(x, G);
  REQUIRE(G.cols() == Eigen::Index(f.size()));
  const vector formed = G * z;
  vector applied;
  f.centred_gradients_times(x, z, applied);
  CHECK((applied - formed).norm() <= 1e-12 * formed.norm());
  vector g, g_sum;
  f.gradient(x, g);
  f.finite_sum<Objective>::gradient(x, g_sum);
  CHECK((g - g_sum).norm() <= 1e-13 * g_sum.norm());
}
}  // namespace

TEST_CASE("G z without forming G equals the d x n factor times z (built-ins and the generic sum)", "[objectives][sme]") {
  const vector x3 = (vector(3) << 0.3, -0.2, 0.5).finished();
  check_centred_gradients_times(least_squares(lecture_regression_data(3, 57, 0.3, 4).data), x3, 1);
  check_centred_gradients_times(logistic_regression(logistic_data(3, 61, 2.0, false, 5), 0.1), x3, 2);
  check_centred_gradients_times(logistic_regression(logistic_data(3, 61, 2.0, false, 5)), x3, 3);
  check_centred_gradients_times(
      sampled_finite_sum<noisy_quadratic>(li_tai_e_quadratic((matrix(2, 2) << 1.0, 0.0, 0.0, 0.5).finished()), 40, 6),
      vector::Constant(2, 0.7), 4);
}
