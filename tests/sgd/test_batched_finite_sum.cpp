#include <sgdsde/sde/observers.hpp>
#include <sgdsde/sgd/batched_finite_sum.hpp>
#include <sgdsde/sgd/least_squares.hpp>
#include <sgdsde/sgd/sgd_simulator.hpp>

#include <catch2/catch.hpp>

#include <atomic>

using namespace sgdsde::sgd;

namespace {
// Least squares written against the batched interface, as a front end would hand it over; calls
// counts the calls of gradients().
batched_finite_sum batched_least_squares(const dataset& data, std::atomic<long>* calls, bool with_hessian) {
  const int d = data.features();
  auto values = [data](const vector& x, const batched_finite_sum::indices& idx, vector& out) {
    for (std::size_t j = 0; j < idx.size(); ++j) {
      const double r = data.X.row(Eigen::Index(idx[j])).dot(x) - data.y[Eigen::Index(idx[j])];
      out[Eigen::Index(j)] = 0.5 * r * r;
    }
  };
  auto gradients = [data, calls](const vector& x, const batched_finite_sum::indices& idx, matrix& out) {
    if (calls) ++*calls;
    for (std::size_t j = 0; j < idx.size(); ++j) {
      const auto row = data.X.row(Eigen::Index(idx[j]));
      out.row(Eigen::Index(j)) = (row.dot(x) - data.y[Eigen::Index(idx[j])]) * row;
    }
  };
  batched_finite_sum::hessian_function hessian;
  if (with_hessian)
    hessian = [data](const vector&, matrix& H) { H = data.X.transpose() * data.X / double(data.size()); };
  return batched_finite_sum(data.size(), d, values, gradients, hessian, "least squares, batched");
}
}  // namespace

TEST_CASE("a batched finite sum gives the full-data quantities of the per-sample one", "[objectives][batched]") {
  const dataset data = lecture_regression_data(4, 60, 0.3, 7).data;
  const least_squares reference(data);
  const vector x = (vector(4) << 0.3, -1.2, 0.7, 2.0).finished();
  for (bool with_hessian : {true, false}) {
    const auto f = batched_least_squares(data, nullptr, with_hessian);
    REQUIRE(f.dim() == 4);
    REQUIRE(f.size() == 60);
    CHECK(f.value(x) == Approx(reference.value(x)).epsilon(1e-14));
    vector g, g_ref;
    f.gradient(x, g);
    reference.gradient(x, g_ref);
    CHECK((g - g_ref).norm() <= 1e-13 * g_ref.norm());
    matrix G, G_ref, S, S_ref, H, H_ref;
    f.centred_gradients(x, G);
    reference.centred_gradients(x, G_ref);
    CHECK((G - G_ref).norm() <= 1e-13 * G_ref.norm());
    f.gradient_covariance(x, S);
    reference.gradient_covariance(x, S_ref);
    CHECK((S - S_ref).norm() <= 1e-13 * S_ref.norm());
    const vector z = vector::LinSpaced(60, -1.0, 2.0);
    vector Gz, Gz_ref;
    f.centred_gradients_times(x, z, Gz);
    reference.centred_gradients_times(x, z, Gz_ref);
    CHECK((Gz - Gz_ref).norm() <= 1e-13 * Gz_ref.norm());
    f.hessian(x, H);
    reference.hessian(x, H_ref);
    // Given: exact. Central differences of an affine gradient: rounding only, |g| ε / h ≈ 1e-10 relative.
    CHECK((H - H_ref).norm() <= (with_hessian ? 1e-13 : 1e-8) * H_ref.norm());
    matrix Hi = matrix::Zero(4, 4), Hi_ref = matrix::Zero(4, 4);
    f.add_sample_hessian(x, 5, 2.0, Hi);
    reference.add_sample_hessian(x, 5, 2.0, Hi_ref);
    CHECK((Hi - Hi_ref).norm() <= 1e-8 * Hi_ref.norm());
  }
}

TEST_CASE("SGD on a batched finite sum: one gradients() call per minibatch, the per-sample runs' numbers", "[sgd][batched]") {
  const dataset data = lecture_regression_data(3, 50, 0.5, 3).data;
  std::atomic<long> calls{0};
  const auto f = batched_least_squares(data, &calls, true);
  const least_squares reference(data);
  sgd_options o;
  o.schedule = learning_rate_schedule::constant(0.05);
  o.batch = 5;
  o.n_steps = 200;
  o.seed = 11;
  o.ensemble.n_paths = 40;
  o.ensemble.threads = 1;
  const vector x0 = vector::Zero(3);
  const auto batched = simulate_sgd(f, x0, o, sgdsde::sde::final_moments<>(3));
  CHECK(calls.load() == 40 * 200);  // not 5 per step
  const auto per_sample = simulate_sgd(reference, x0, o, sgdsde::sde::final_moments<>(3));
  // The same minibatches (the sampling stream does not depend on the objective); the gradients differ
  // in summation order only, and the iteration contracts at this rate, so the runs agree to rounding.
  const vector m = batched.moments().mean(), m_ref = per_sample.moments().mean();
  CHECK((m - m_ref).norm() <= 1e-12 * m_ref.norm());
  o.ensemble.threads = 3;
  const auto threaded = simulate_sgd(f, x0, o, sgdsde::sde::final_moments<>(3));
  CHECK(threaded.moments().mean() == m);  // bit for bit for any thread count
}

TEST_CASE("a batched finite sum refuses a wrong shape and bad sizes, naming the function", "[objectives][batched][input]") {
  auto values = [](const vector&, const batched_finite_sum::indices&, vector& out) { out.resize(1); };
  auto gradients = [](const vector&, const batched_finite_sum::indices& idx, matrix& out) { out.resize(Eigen::Index(idx.size()), 1); };
  const batched_finite_sum f(10, 2, values, gradients);
  vector g = vector::Zero(2);
  CHECK_THROWS_WITH(f.gradient(vector::Zero(2), g), Catch::Contains("gradients(x, idx) returned shape (10, 1), expected (10, 2)"));
  CHECK_THROWS_WITH(f.value(vector::Zero(2)), Catch::Contains("values(x, idx) returned 1 values for 10 indices"));
  CHECK_THROWS_WITH(batched_finite_sum(0, 2, values, gradients), Catch::Contains("n must be >= 1"));
  CHECK_THROWS_WITH(batched_finite_sum(3, 0, values, gradients), Catch::Contains("dim must be >= 1"));
  CHECK_THROWS_WITH(batched_finite_sum(3, 2, {}, gradients), Catch::Contains("values and gradients are both needed"));
}
