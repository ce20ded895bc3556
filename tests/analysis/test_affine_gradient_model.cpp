#include <sgdsde/analysis/affine_gradient_model.hpp>
#include <sgdsde/analysis/exact_moments.hpp>
#include <sgdsde/sgd/least_squares.hpp>
#include <sgdsde/sgd/noisy_quadratic.hpp>
#include <sgdsde/sgd/random_feature_regression.hpp>
#include <sgdsde/sgd/sampled_finite_sum.hpp>

#include <catch2/catch.hpp>

#include <random>

using namespace sgdsde;
using namespace sgdsde::analysis;

// G's linear map against G itself, and the moment maps built from it against the maps built the direct
// way: the full step (or right-hand side) applied to every unit vector. Both routes are exact in
// arithmetic, so the tolerances are rounding: sums of a few thousand products of size one.
namespace {

// The three kinds of affine model: least squares over more samples than one block of the map's pass
// (1024), a finite sum of constant-curvature samples, and a population.
std::vector<affine_gradient_model> affine_models() {
  return {affine_model(sgd::least_squares(sgd::lecture_regression_data(3, 2500, 0.5, 7).data)),
          affine_model(sgd::sampled_finite_sum<sgd::noisy_quadratic>(sgd::non_commuting_quadratic(1.0, 4.0, 0.6), 30, 5)),
          affine_model(sgd::li_tai_e_quadratic(Eigen::Vector3d(1.0, 0.5, 2.0).asDiagonal().toDenseMatrix())),
          affine_model(sgd::random_feature_regression(0.8, 3)),
          affine_model(sgd::sampled_finite_sum<sgd::random_feature_regression>(sgd::random_feature_regression(0.8, 3), 40, 2))};
}

// The moment maps the direct way (the code before G had a map of its own).
affine_moment_map direct_sgd_map(const affine_gradient_model& model, double eta, double c_over_b) {
  const int d = model.dim();
  return affine_map_of(d + d * d, [&](const vector& z) {
    const moment_state s{z.head(d), Eigen::Map<const matrix>(z.data() + d, d, d)};
    return moment_vector(sgd_moment_step(model, s, eta, c_over_b));
  });
}
affine_moment_map direct_sme_map(const affine_gradient_model& model, double eta, double c_over_b, int order) {
  const int d = model.dim();
  const matrix P = matrix::Identity(d, d) + (order == 2 ? 0.5 * eta : 0.0) * model.A_bar();
  const matrix At = P * model.A_bar();
  const vector bt = P * model.b_bar();
  return affine_map_of(d + d * d, [&](const vector& z) {
    const vector m = z.head(d);
    const matrix M = Eigen::Map<const matrix>(z.data() + d, d, d);
    vector out(z.size());
    out.head(d) = -(At * m - bt);
    Eigen::Map<matrix>(out.data() + d, d, d) = -(At * M + M * At.transpose()) + bt * m.transpose() + m * bt.transpose() +
                                               eta * c_over_b * model.expected_gradient_covariance(m, M);
    return out;
  });
}

double relative_difference(const affine_moment_map& a, const affine_moment_map& b) {
  return std::max((a.L - b.L).norm() / b.L.norm(), (a.c - b.c).norm() / std::max(1.0, b.c.norm()));
}

}  // namespace

TEST_CASE("G's linear map gives G(m, M) at any moments, for every kind of affine model", "[exact]") {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> normal;
  for (const auto& model : affine_models()) {
    INFO(model.name());
    const int d = model.dim();
    const matrix K = model.second_moment_map();
    REQUIRE(K.rows() == d * d);
    REQUIRE(K.cols() == d + d * d + 1);
    for (int trial = 0; trial < 3; ++trial) {
      vector m(d);
      matrix B(d, d);
      for (int i = 0; i < d; ++i) m[i] = normal(rng);
      for (int i = 0; i < d * d; ++i) B.data()[i] = normal(rng);
      const matrix M = B * B.transpose() + m * m.transpose();
      vector z(d + d * d + 1);
      z << m, Eigen::Map<const vector>(M.data(), d * d), 1.0;
      const matrix G = model.sample_gradient_second_moment(m, M);
      const vector from_map = K * z;
      CHECK((from_map - Eigen::Map<const vector>(G.data(), d * d)).norm() < 1e-12 * G.norm());
    }
  }
}

TEST_CASE("the SGD and SME moment maps built from G's map equal the maps built step by step", "[exact]") {
  for (const auto& model : affine_models()) {
    INFO(model.name());
    for (const double eta : {0.01, 0.3}) {
      const auto sampler = model.size() > 0 ? sgd::sampling::without_replacement : sgd::sampling::with_replacement;
      const double c_over_b = exact_noise_scale(model, sampler, 4);
      CHECK(relative_difference(sgd_moment_map(model, eta, c_over_b), direct_sgd_map(model, eta, c_over_b)) < 1e-13);
      for (const int order : {1, 2})
        CHECK(relative_difference(sme_moment_map(model, eta, c_over_b, order), direct_sme_map(model, eta, c_over_b, order)) < 1e-13);
    }
  }
}

TEST_CASE("random-feature models: G at a point is the objective's Σ(x) + ∇f∇fᵀ (population and finite sample)", "[exact]") {
  // Independent routes: the model's Isserlis closed form (or the sample's rank-one sum) against the
  // objective's own gradient covariance. Rounding of sums of 40 terms.
  const sgd::random_feature_regression population(0.8, 3);
  const sgd::sampled_finite_sum<sgd::random_feature_regression> sample(population, 40, 2);
  const vector x = (vector(3) << 0.5, -1.0, 0.3).finished();
  auto check = [&](const auto& f) {
    matrix S;
    f.gradient_covariance(x, S);
    vector g(3);
    f.gradient(x, g);
    const matrix expected = S + g * g.transpose();
    const matrix G = affine_model(f).sample_gradient_second_moment(x, x * x.transpose());
    CHECK((G - expected).norm() < 1e-13 * expected.norm());
    CHECK(std::abs(affine_model(f).expected_loss(x, x * x.transpose()) - f.value(x)) < 1e-14 * f.value(x));
  };
  check(population);
  check(sample);
}
