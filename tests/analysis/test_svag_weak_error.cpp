#include <sgdsde/analysis/svag_weak_error.hpp>
#include <sgdsde/sgd/least_squares.hpp>
#include <sgdsde/sgd/noisy_quadratic.hpp>
#include <sgdsde/sde/running_moments.hpp>
#include <sgdsde/sgd/sgd_simulator.hpp>

#include <catch2/catch.hpp>

#include "sample_scale.hpp"

using namespace sgdsde;
using namespace sgdsde::analysis;

TEST_CASE("SVAG(l) approaches the SME-1 with weak order 1 in 1/l, exactly", "[svag][weak_error]") {
  // Exact curves: the slope at the largest l is within twice its Richardson drift of 1 (and 2 is
  // excluded), on additive (Li–Tai–E) and state-dependent (least squares) noise, with each sampler.
  const matrix H = (matrix(2, 2) << 1.0, 0.0, 0.0, 0.5).finished();
  const sgd::least_squares ls(sgd::lecture_regression_data(3, 50, 0.5, 3).data);
  struct Case { affine_gradient_model model; vector x0; std::size_t batch; };
  const std::vector<Case> cases{{affine_model(sgd::li_tai_e_quadratic(H)), vector::Ones(2), 1},
                                {affine_model(ls), vector::Zero(3), 5}};
  for (const auto& c : cases)
    for (auto sampler : {sgd::sampling::with_replacement, sgd::sampling::without_replacement}) {
      if (c.model.size() == 0 && sampler != sgd::sampling::with_replacement) continue;  // population: no n
      for (const char* name : {"loss", "second_moment"}) {
        svag_weak_error_options o;
        o.eta = 0.1;
        o.sgd_steps = 10;
        o.ls = {8, 16, 32, 64, 128, 256};
        o.batch = c.batch;
        o.sampler = sampler;
        o.functional = moment_functional::parse(name);
        const auto r = exact_svag_weak_error(c.model, c.x0, o);
        INFO(r.problem << ", " << sgd::to_string(sampler) << ", " << name << ": local " << r.local.order << " (drift "
                       << r.local.drift << "), fit " << r.order.order);
        REQUIRE(r.points.size() == 6);
        CHECK(r.local.consistent_with(1.0));
        CHECK_FALSE(r.local.consistent_with(2.0));
        CHECK(r.local.drift < 0.02);
        // (The fit's interval is not checked: exact curves have no noise, so its width is only the
        // pre-asymptotic curvature's residual scatter, a few 1e-4 here, and 1 lies just outside it.)
        CHECK(r.points.back().steps == 2560);
      }
    }
}

TEST_CASE("SVAG(1) is SGD: its exact moments are the SGD weak-error study's", "[svag][weak_error]") {
  const sgd::least_squares ls(sgd::lecture_regression_data(3, 50, 0.5, 3).data);
  const auto model = affine_model(ls);
  svag_weak_error_options o;
  o.eta = 0.05;
  o.sgd_steps = 20;
  o.ls = {1, 2, 3};
  o.batch = 5;
  o.functional = moment_functional::parse("loss");
  const auto r = exact_svag_weak_error(model, vector::Zero(3), o);
  weak_error_options w;
  w.horizon = 1.0;
  w.steps = {20, 40, 80};
  w.batch = 5;
  w.functional = o.functional;
  const auto sgd_side = exact_weak_error(model, vector::Zero(3), w);
  CHECK(r.points[0].svag == Approx(sgd_side.points[0].sgd).epsilon(1e-12));
  CHECK(r.sme == Approx(sgd_side.points[0].sme1).epsilon(1e-12));
}

TEST_CASE("SVAG's exact moments against a simulated SVAG ensemble (state-dependent noise)", "[svag][oracle]") {
  // E|x|² after K·l steps of the simulator against the moment recursion, within 5 standard errors.
  const sgd::least_squares ls(sgd::lecture_regression_data(3, 50, 0.5, 3).data);
  svag_weak_error_options o;
  o.eta = 0.1;
  o.sgd_steps = 10;
  o.ls = {2, 4, 8};
  o.batch = 5;
  o.functional = moment_functional::parse("second_moment");
  const auto exact = exact_svag_weak_error(affine_model(ls), vector::Zero(3), o);
  struct square_norm {
    sde::running_stat value;
    void observe(std::uint64_t, double, const vector&) {}
    void finish(const vector& x, double) { value.add(x.squaredNorm()); }
    void merge(const square_norm& other) { value.merge(other.value); }
  };
  for (const auto& p : exact.points) {
    sgd::sgd_options s;
    s.schedule = sgd::learning_rate_schedule::constant(o.eta);
    s.batch = o.batch;
    s.method = sgd::update::svag;
    s.svag_l = p.l;
    s.n_steps = p.steps;
    s.seed = 7;
    s.ensemble.n_paths = testing::scaled(40000, 2000);
    const auto sim = sgd::simulate_sgd(ls, vector::Zero(3), s, square_norm{});
    INFO("l = " << p.l << ": simulated " << sim.value.mean() << " ± " << sim.value.standard_error() << ", exact " << p.svag);
    CHECK(std::abs(sim.value.mean() - p.svag) < 5 * sim.value.standard_error());
  }
}

TEST_CASE("SVAG weak-error options are validated", "[svag][input]") {
  const auto model = affine_model(sgd::li_tai_e_quadratic(matrix::Identity(2, 2)));
  svag_weak_error_options o;
  auto message = [&]() {
    try {
      exact_svag_weak_error(model, vector::Zero(2), o);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  o.ls = {1, 2};
  CHECK_THAT(message(), Catch::Contains("at least 3 values of l"));
  o.ls = {1, 4, 2};
  CHECK_THAT(message(), Catch::Contains("strictly increasing"));
  o.ls = {0.5, 1, 2};
  CHECK_THAT(message(), Catch::Contains("l must be finite and >= 1, got 0.5"));
  o.ls = {1, 1.05, 2};
  CHECK_THAT(message(), Catch::Contains("K·l must be a whole number"));
  o.ls = {1, 2, 1e8};
  CHECK_THAT(message(), Catch::Contains("exceeds the cap"));
  o.ls = {1, 2, 4};
  o.eta = std::nan("");
  CHECK_THAT(message(), Catch::Contains("eta must be finite and > 0"));
  CHECK(svag_weak_error_options::steps_for_horizon(1.0, 0.1) == 10);  // 1/0.1 = 10 up to rounding
  CHECK(svag_weak_error_options::steps_for_horizon(0.3, 0.1) == 3);
  CHECK_THROWS_WITH(svag_weak_error_options::steps_for_horizon(1.05, 0.1),
                    Catch::Contains("--horizon 1.05 must be a whole number of SGD steps of --eta 0.1 (T/eta = 10.5)"));
  CHECK_THROWS_WITH(svag_weak_error_options::steps_for_horizon(0.01, 0.1), Catch::Contains("T/eta = 0.1"));
}
