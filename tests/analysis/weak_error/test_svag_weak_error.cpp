#include <sgdsde/analysis/weak_error/monte_carlo_svag_weak_error.hpp>
#include <sgdsde/analysis/weak_error/svag_weak_error.hpp>
#include <sgdsde/sgd/logistic_regression.hpp>
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

namespace {
// The Monte Carlo sweep's oracle: least squares with state-dependent noise, whose exact SVAG and SME
// moments svag_weak_error.hpp computes.
struct monte_carlo_svag_case {
  const sgd::least_squares ls{sgd::lecture_regression_data(3, 50, 0.5, 3).data};
  const vector x0 = vector::Zero(3);
  std::function<double(const sgd::vector&)> second_moment = [](const sgd::vector& x) { return x.squaredNorm(); };
  svag_weak_error_options options() const {
    svag_weak_error_options o;
    o.eta = 0.1;
    o.sgd_steps = 5;
    o.ls = {1, 2, 4};
    o.batch = 1;
    o.functional = moment_functional::parse("second_moment");
    return o;
  }
  monte_carlo_sme_settings monte_carlo(std::uint64_t threads) const {
    monte_carlo_sme_settings mc;
    mc.substeps = 4;
    mc.seed = 11;
    mc.ensemble.n_paths = testing::scaled(6000, 1000);
    mc.ensemble.threads = threads;
    return mc;
  }
};
}  // namespace

TEST_CASE("SVAG's Monte Carlo weak error agrees with the exact one within its standard errors", "[svag][weak_error][oracle]") {
  const monte_carlo_svag_case c;
  const auto o = c.options();
  const auto exact = exact_svag_weak_error(affine_model(c.ls), c.x0, o);
  const auto r = monte_carlo_svag_weak_error(c.ls, c.x0, c.second_moment, o, c.monte_carlo(2));
  CHECK(r.mode == "svag_monte_carlo");
  REQUIRE(r.sme_divergence.empty());
  INFO("SME " << r.sme << " ± " << r.sme_se << ", exact " << exact.sme);
  CHECK(std::abs(r.sme - exact.sme) < 5 * r.sme_se);
  REQUIRE(r.points.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& m = r.points[i];
    const auto& e = exact.points[i];
    INFO("l = " << m.l << ": SVAG " << m.svag << " ± " << m.svag_se << ", exact " << e.svag << "; error " << m.error() << " ± "
                << m.error_se() << ", exact " << e.error());
    CHECK(m.steps == e.steps);
    CHECK(std::abs(m.svag - e.svag) < 5 * m.svag_se);
    CHECK(std::abs(m.error() - e.error()) < 5 * m.error_se());
    CHECK(m.error_se() == Approx(std::hypot(m.svag_se, r.sme_se)).epsilon(1e-15));
  }
  // The sweep can see SVAG's O(1/l): at l = 1 (SGD) the exact error is more than 6 standard errors of
  // the full-size ensemble from 0 (8.9 with this seed).
  INFO("l = 1: exact error " << exact.points[0].error() << ", se " << r.points[0].error_se());
  CHECK(std::abs(exact.points[0].error()) > 6 * r.points[0].error_se() / testing::standard_error_growth(6000, testing::scaled(6000, 1000)));
  CHECK(r.order.points == 3);
  // Same seed, same bits for any thread count.
  const auto one_thread = monte_carlo_svag_weak_error(c.ls, c.x0, c.second_moment, o, c.monte_carlo(1));
  CHECK(one_thread.to_json().dump() == r.to_json().dump());
  const auto j = r.to_json();
  CHECK(j["mode"] == "svag_monte_carlo");
  CHECK(j["runs"] == c.monte_carlo(1).ensemble.n_paths);
  CHECK(j["points"][0].contains("error_se"));
  CHECK_FALSE(j.contains("local_order_in_inverse_l"));
}

TEST_CASE("SVAG's Monte Carlo weak error runs where the moments do not close (logistic regression)", "[svag][weak_error]") {
  // The order fit weighs the shared SME estimate: its covariance is diag(se_l²) + se_SME²; here the
  // order in 1/l is estimated with its interval, and a divergence is reported where it happens.
  const sgd::logistic_regression f(sgd::logistic_data(2, 100, 3.0, false, 5));
  svag_weak_error_options o;
  o.eta = 0.5;
  o.sgd_steps = 4;
  o.ls = {1, 2, 4};
  o.batch = 1;
  monte_carlo_sme_settings mc;
  mc.substeps = 2;
  mc.ensemble.n_paths = testing::scaled(4000, 500);
  const auto loss = [&f](const sgd::vector& x) { return f.value(x); };
  const auto r = monte_carlo_svag_weak_error(f, vector::Zero(2), loss, o, mc);
  REQUIRE(r.points.size() == 3);
  CHECK(r.sme_diffusion == sgd::to_string(monte_carlo_sme_diffusion(f, "euler_maruyama").form));
  for (const auto& p : r.points) {
    CHECK(p.svag_divergence.empty());
    CHECK(p.svag_se > 0.0);
  }
  CHECK(std::isfinite(r.order.order));
  o.bound = 1e-3;  // every path leaves this box at once: each side reports where
  const auto diverged = monte_carlo_svag_weak_error(f, vector::Zero(2) + vector::Constant(2, 0.5), loss, o, mc);
  CHECK_THAT(diverged.sme_divergence, Catch::Contains("path 0 at step 1"));
  CHECK_THAT(diverged.points[0].svag_divergence, Catch::Contains("run 0 at step 1"));
  CHECK(std::isnan(diverged.order.order));
  mc.integrator = "rk4";
  CHECK_THROWS_WITH(monte_carlo_svag_weak_error(f, vector::Zero(2), loss, o, mc), Catch::Contains("unknown integrator 'rk4'"));
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
