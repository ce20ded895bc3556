#include <sgdsde/analysis/weak_error/weak_error.hpp>
#include <sgdsde/sgd/least_squares.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace sgdsde;
using namespace sgdsde::analysis;

TEST_CASE("Li–Tai–E quadratic: exact weak order 1 for the SME-1 and 2 for the SME-2", "[weak_error][headline]") {
  // Exact curves carry no noise; the slope at the smallest η is within twice its own Richardson
  // drift of the asymptotic order (and, e.g., 2 is excluded for the SME-1: the test can fail).
  const matrix H = (matrix(2, 2) << 1.0, 0.0, 0.0, 0.5).finished();
  const auto model = affine_model(sgd::li_tai_e_quadratic(H));
  weak_error_options o;
  o.horizon = 2.0;
  o.steps = {64, 128, 256, 512, 1024, 2048, 4096};
  for (const char* name : {"loss", "second_moment", "x1", "x2"}) {
    o.functional = moment_functional::parse(name);
    const auto r = exact_weak_error(model, vector::Ones(2), o);
    INFO(name << ": SME-1 local order " << r.local1.order << " (drift " << r.local1.drift << "), SME-2 "
              << r.local2.order << " (drift " << r.local2.drift << "); fits " << r.order1.order << ", " << r.order2.order);
    CHECK(r.local1.consistent_with(1.0));
    CHECK(r.local2.consistent_with(2.0));
    CHECK_FALSE(r.local1.consistent_with(2.0));
    CHECK(r.local1.drift < 0.01);
    CHECK(r.local2.drift < 0.01);
    CHECK(std::abs(r.points.back().error2()) < std::abs(r.points.back().error1()));
  }
}

TEST_CASE("the maximum over 0 <= t <= T of the weak error matches the closed-form means on the quadratic", "[weak_error][max]") {
  // Li–Tai–E, φ = x1, h1 = 1, x0 = 1: the means are exact in closed form whatever the noise,
  // SGD (1 − η)^k, SME-1 e^{−t}, SME-2 e^{−(1 + η/2)t} (its drift is −(H + ηH²/2)x). Their gap is 0 at
  // t = 0 and decays to 0: on T = 6 the largest gap is inside the horizon, well above the gap at T.
  const matrix H = (matrix(2, 2) << 1.0, 0.0, 0.0, 0.5).finished();
  const auto model = affine_model(sgd::li_tai_e_quadratic(H));
  weak_error_options o;
  o.horizon = 6.0;
  o.steps = {60, 120, 240, 480, 960};
  o.functional = moment_functional::parse("x1");
  const auto r = exact_weak_error(model, vector::Ones(2), o);
  for (const auto& p : r.points) {
    double largest[2] = {0, 0}, at[2] = {0, 0};
    for (std::uint64_t k = 0; k <= p.steps; ++k) {
      const double t = double(k) * p.eta, sgd_mean = std::pow(1.0 - p.eta, double(k));
      const double gap[2] = {std::abs(std::exp(-t) - sgd_mean), std::abs(std::exp(-(1.0 + 0.5 * p.eta) * t) - sgd_mean)};
      for (int i = 0; i < 2; ++i)
        if (gap[i] > largest[i]) largest[i] = gap[i], at[i] = t;
    }
    INFO("eta " << p.eta << ": max " << p.max_error[0] << " at " << p.max_time[0] << ", " << p.max_error[1] << " at "
                << p.max_time[1] << "; closed form " << largest[0] << " at " << at[0] << ", " << largest[1] << " at " << at[1]);
    for (int i = 0; i < 2; ++i) {
      // The gap is a difference of means of size <= 1, each the product of up to K = 960 rounded
      // factors: agreement to K ulps of 1, about 2e-13.
      CHECK(std::abs(p.max_error[i] - largest[i]) <= 1e-12);
      CHECK(p.max_time[i] == Approx(at[i]).epsilon(1e-12));
      CHECK(p.max_error[i] > 10.0 * std::abs(i == 0 ? p.error1() : p.error2()));  // the value at T hides it
    }
  }
  INFO("max orders " << r.max_order1.order << ", " << r.max_order2.order);
  CHECK(std::abs(r.max_order1.order - 1.0) < 0.05);
  CHECK(std::abs(r.max_order2.order - 2.0) < 0.05);
}

TEST_CASE("least squares (state-dependent noise): SME-1 weak order 1, SME-2 order 2", "[weak_error]") {
  const sgd::least_squares f(sgd::lecture_regression_data(3, 50, 0.5, 3).data);
  const auto model = affine_model(f);
  weak_error_options o;
  o.horizon = 0.5;
  o.batch = 5;
  o.steps = {256, 512, 1024, 2048, 4096};
  o.functional = moment_functional::parse("loss");
  const auto r = exact_weak_error(model, vector::Zero(3), o);
  INFO("SME-1 " << r.local1.order << " (" << r.local1.drift << "), SME-2 " << r.local2.order << " (" << r.local2.drift << ")");
  CHECK(r.local1.consistent_with(1.0));
  CHECK(r.local2.consistent_with(2.0));
}

TEST_CASE("the SGD moment recursion's spectral radius is |1 - eta h|max(1, |1 - eta h|) on the quadratic", "[weak_error][divergence]") {
  // Li–Tai–E: additive noise, so the linear part maps m to (I − ηH)m and M to (I − ηH)M(I − ηH):
  // eigenvalues 1 − ηh_i and (1 − ηh_i)(1 − ηh_j).
  const matrix H = (matrix(2, 2) << 1.0, 0.0, 0.0, 0.5).finished();
  const auto model = affine_model(sgd::li_tai_e_quadratic(H));
  const double c_over_b = exact_noise_scale(model, sgd::sampling::with_replacement, 1);
  for (const auto& [eta, radius] : {std::pair{1.0, 0.5}, std::pair{2.5, 2.25}, std::pair{3.5, 6.25}, std::pair{0.1, 0.95}})
    CHECK(sgd_moment_spectral_radius(model, eta, c_over_b) == Approx(radius).epsilon(1e-12));
}

TEST_CASE("exact mode reports divergence per eta and side and fits only the rest", "[weak_error][divergence]") {
  const matrix H = (matrix(2, 2) << 1.0, 0.0, 0.0, 0.5).finished();
  const auto model = affine_model(sgd::li_tai_e_quadratic(H));
  weak_error_options o;
  o.horizon = 4.0;
  o.steps = {1, 4, 8, 16, 32, 64};  // η = 4 (SGD unstable: |1 − 4| = 3), then 1, 0.5, ... (stable)
  const auto r = exact_weak_error(model, vector::Ones(2), o);
  CHECK(r.points[0].sgd_divergence.find("unstable") != std::string::npos);
  CHECK(std::isnan(r.points[0].sgd));
  CHECK(r.points[0].sme_divergence[0].empty());  // the SME at η = 4 is still a stable SDE
  for (std::size_t i = 1; i < r.points.size(); ++i) CHECK(r.points[i].sgd_divergence.empty());
  CHECK(r.order1.points == 5);
  CHECK(r.order2.points == 5);
  // A bound below the second moments counts every side as diverged: no fit, and it says so.
  o.bound = 1e-3;
  const auto bounded = exact_weak_error(model, vector::Ones(2), o);
  for (const auto& p : bounded.points) CHECK(p.sme_divergence[0].find("exceeds the bound") != std::string::npos);
  CHECK(bounded.order1.points == 0);
  CHECK(std::isnan(bounded.order1.ci_low));
  // At T = 1e-6 every error is rounding noise of E φ itself: shown, not fitted.
  o.bound = sde::default_divergence_bound;
  o.horizon = 1e-6;
  o.steps = {8, 16, 32, 64};
  const auto tiny = exact_weak_error(model, vector::Ones(2), o);
  for (const auto& p : tiny.points) CHECK((p.rounding_level[0] && p.rounding_level[1]));
  CHECK(tiny.order1.points == 0);
}

TEST_CASE("weak-error options are validated", "[weak_error][input]") {
  const auto model = affine_model(sgd::li_tai_e_quadratic(matrix::Identity(2, 2)));
  weak_error_options o;
  o.steps = {8, 16};
  CHECK_THROWS_WITH(exact_weak_error(model, vector::Ones(2), o), Catch::Contains("at least 3"));
  o.steps = {8, 16, 16};
  CHECK_THROWS_WITH(exact_weak_error(model, vector::Ones(2), o), Catch::Contains("strictly increasing"));
  o.steps = {8, 16, 32};
  CHECK_THROWS_WITH(exact_weak_error(model, vector::Ones(3), o), Catch::Contains("dimension 2"));
  o.functional = moment_functional::parse("x3");
  CHECK_THROWS_WITH(exact_weak_error(model, vector::Ones(2), o), Catch::Contains("exceeds d = 2"));
  CHECK_THROWS_WITH(moment_functional::parse("x0"), Catch::Contains("functional must be"));
  o.functional = moment_functional::parse("loss");
  o.horizon = -1;
  CHECK_THROWS_WITH(exact_weak_error(model, vector::Ones(2), o), Catch::Contains("horizon"));
}

TEST_CASE("under a schedule in time, the SME-1 keeps weak order 1 and the SME-2 order 2", "[weak_error][schedule]") {
  // η_k = η u(kη) with the same u on [0, T] at every η: each SME step is at one constant rate, so the
  // one-step expansions, and with them the global orders, are the constant rate's.
  const matrix H = (matrix(2, 2) << 1.0, 0.0, 0.0, 0.5).finished();
  const sgd::least_squares ls(sgd::lecture_regression_data(3, 50, 0.5, 3).data);
  struct Case { affine_gradient_model model; vector x0; std::size_t batch; };
  const std::vector<Case> cases{{affine_model(sgd::li_tai_e_quadratic(H)), vector::Ones(2), 1},
                                {affine_model(ls), vector::Zero(3), 5}};
  for (const char* schedule : {"inverse_power", "exponential", "linear"})
    for (const auto& c : cases) {
      weak_error_options o;
      o.horizon = 1.0;
      o.steps = {16, 32, 64, 128, 256};
      o.batch = c.batch;
      o.schedule.name = schedule;
      o.schedule.alpha = 1.0;
      o.schedule.end_ratio = 0.2;
      o.functional = moment_functional::parse("loss");
      const auto r = exact_weak_error(c.model, c.x0, o);
      INFO(schedule << ", " << r.problem << ": SME-1 local order " << r.local1.order << " (drift " << r.local1.drift << "), SME-2 "
                    << r.local2.order << " (drift " << r.local2.drift << ")");
      CHECK(r.local1.consistent_with(1.0));
      CHECK(r.local2.consistent_with(2.0));
      CHECK_FALSE(r.local1.consistent_with(2.0));
      CHECK(r.local1.drift < 0.02);
      CHECK(r.local2.drift < 0.05);
      // The SME's clock ends at Σ η_k < T (the rates decay): near ∫₀ᵀ u.
      CHECK(r.points.back().sde_time < 0.95);
    }
}

TEST_CASE("under a schedule, the means of SGD and the SME-1 match their closed forms on the quadratic", "[weak_error][schedule][oracle]") {
  // Li–Tai–E's quadratic: E x of SGD is Π_k (1 − η_k h) x0 per eigen-direction, and the SME-1's mean
  // e^{−h t} x0 at t = Σ η_k, whatever the noise: an oracle for the rates and the SME's clock.
  const double h1 = 1.0;
  const matrix H = (matrix(2, 2) << h1, 0.0, 0.0, 0.5).finished();
  const auto model = affine_model(sgd::li_tai_e_quadratic(H));
  for (const char* schedule : {"constant", "inverse_power", "exponential", "linear", "step_decay"}) {
    weak_error_options o;
    o.horizon = 3.0;
    o.steps = {6, 12, 24};
    o.schedule.name = schedule;
    o.schedule.alpha = 0.7;
    o.schedule.decay_time = 0.5;  // step_decay: halves at s = 0.5, 1, ..., on a step boundary for every K
    o.schedule.end_ratio = 0.3;
    o.functional = moment_functional::parse("x1");
    const auto r = exact_weak_error(model, vector::Ones(2), o);
    for (const auto& p : r.points) {
      const auto rates = o.schedule.rates(p.eta, o.horizon);
      double product = 1.0, t = 0.0;
      for (std::uint64_t k = 0; k < p.steps; ++k) {
        product *= 1.0 - h1 * rates(k);
        t += rates(k);
      }
      INFO(schedule << ", eta " << p.eta);
      CHECK(p.sde_time == Approx(t).epsilon(1e-14));
      CHECK(p.sgd == Approx(product).epsilon(1e-12));
      CHECK(p.sme1 == Approx(std::exp(-h1 * t)).epsilon(1e-12));
      CHECK(p.max_time[0] <= p.sde_time);
    }
  }
  // step_decay halves at s = 0.5, so at η = 0.25 the rates are 0.25, 0.25, 0.125, 0.125, 0.0625, ...
  rate_profile step;
  step.name = "step_decay";
  step.decay_time = 0.5;
  const auto rates = step.rates(0.25, 3.0);
  CHECK(rates(1) == 0.25);
  CHECK(rates(2) == 0.125);
  CHECK(rates(4) == 0.0625);
}

TEST_CASE("schedule profiles are validated, and the exact mode's cost under one is capped", "[weak_error][schedule][input]") {
  const auto model = affine_model(sgd::li_tai_e_quadratic(matrix::Identity(2, 2)));
  weak_error_options o;
  o.functional = moment_functional::parse("loss");
  o.schedule.name = "cosine";
  CHECK_THROWS_WITH(exact_weak_error(model, vector::Ones(2), o), Catch::Contains("got 'cosine'"));
  o.schedule.name = "inverse_power";
  o.schedule.alpha = -1;
  CHECK_THROWS_WITH(exact_weak_error(model, vector::Ones(2), o), Catch::Contains("alpha must be in [0, 16], got -1"));
  o.schedule.alpha = 0.5;
  o.schedule.decay_time = 0;
  CHECK_THROWS_WITH(exact_weak_error(model, vector::Ones(2), o), Catch::Contains("decay time must be finite and > 0"));
  o.schedule.decay_time = 1;
  o.schedule.end_ratio = 0;
  CHECK_THROWS_WITH(exact_weak_error(model, vector::Ones(2), o), Catch::Contains("end ratio must be in (0, 100]"));
  // d = 24 (n = 601) with 1.2e4 distinct rates: 2·1.2e4·601³ = 5.2e12 n³ operations, refused up front.
  const auto big = affine_model(sgd::li_tai_e_quadratic(matrix::Identity(24, 24)));
  o.schedule.end_ratio = 0.1;
  o.steps = {2000, 4000, 6000};
  CHECK_THROWS_WITH(exact_weak_error(big, vector::Ones(24), o), Catch::Contains("beyond the cap") && Catch::Contains("monte_carlo"));
}
