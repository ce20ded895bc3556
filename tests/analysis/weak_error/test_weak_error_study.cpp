#include <sgdsde/analysis/exact_moments.hpp>
#include <sgdsde/analysis/weak_error/weak_error_study.hpp>
#include <sgdsde/sgd/double_well.hpp>
#include <sgdsde/sgd/noisy_quadratic.hpp>

#include <catch2/catch.hpp>

#include "sample_scale.hpp"

using namespace sgdsde;
using namespace sgdsde::analysis;

namespace {
// Li–Tai–E's quadratic, H = diag(1, ½), x0 = (1, 1), φ = |x|², T = 2.
const sgd::noisy_quadratic li_tai_e = sgd::li_tai_e_quadratic((matrix(2, 2) << 1.0, 0.0, 0.0, 0.5).finished());
const vector li_tai_e_x0 = vector::Ones(2);

weak_error_study_options study(const std::string& mode) {
  weak_error_study_options o;
  o.mode = mode;
  o.functional = moment_functional::parse("second_moment");
  o.horizon = 2.0;
  o.steps = {2, 4, 8};
  o.runs = testing::scaled(20000, 2000);
  o.substeps = 4;
  o.seed = 5;
  return o;
}
}  // namespace

TEST_CASE("Weak-error study: the exact mode is the moment equations'; the Monte Carlo mode agrees within its errors",
          "[weak_error_study][oracle]") {
  const auto exact = run_weak_error_study(li_tai_e, li_tai_e_x0, study("auto"));
  REQUIRE(exact.mode == "exact");  // affine per-sample gradients
  weak_error_options e;
  e.horizon = 2.0;
  e.steps = {2, 4, 8};
  e.functional = moment_functional::parse("second_moment");
  const auto reference = exact_weak_error(affine_model(li_tai_e), li_tai_e_x0, e);
  REQUIRE(exact.rows.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(exact.rows[i].sgd == reference.points[i].sgd);
    CHECK(exact.rows[i].sme[1] == reference.points[i].sme2);
    CHECK(exact.rows[i].error_se(1) == 0.0);
  }
  CHECK(exact.order1.order == reference.order1.order);
  REQUIRE(exact.local1.has_value());

  for (const std::string integrator : {"euler_maruyama", "platen_weak2"}) {
    auto o = study("monte_carlo");
    o.integrator = integrator;
    const auto mc = run_weak_error_study(li_tai_e, li_tai_e_x0, o);
    CHECK(mc.mode == "monte_carlo");
    CHECK(!mc.local1.has_value());
    for (std::size_t i = 0; i < 3; ++i) {
      const auto& p = mc.rows[i];
      INFO(integrator << " K = " << p.steps << ": SGD " << p.sgd << " ± " << p.sgd_se << " vs " << exact.rows[i].sgd
                      << "; SME-1 " << p.sme[0] << " ± " << p.sme_se[0] << " vs " << exact.rows[i].sme[0]);
      CHECK(std::abs(p.sgd - exact.rows[i].sgd) < 4.5 * p.sgd_se);
      for (int k = 0; k < 2; ++k) CHECK(std::abs(p.sme[k] - exact.rows[i].sme[k]) < 4.5 * p.sme_se[k]);
    }
    const auto j = mc.to_json();
    CHECK(j["integrator"] == integrator);
    CHECK(j["richardson"] == (integrator == "euler_maruyama"));
    CHECK(j["points"][0]["sgd_se"].get<double>() == mc.rows[0].sgd_se);
  }
}

TEST_CASE("Weak-error study: divergence is reported per eta and left out of the fit; bad input is refused",
          "[weak_error_study][input]") {
  // K = 1 at T = 4: η = 4 > 2/L, SGD's moment recursion is unstable; the SME still has moments.
  auto o = study("exact");
  o.horizon = 4.0;
  o.steps = {1, 16, 32, 64};
  const auto r = run_weak_error_study(li_tai_e, li_tai_e_x0, o);
  CHECK(!r.rows[0].sgd_divergence.empty());
  CHECK(r.rows[0].sme_divergence[0].empty());
  CHECK(r.order1.points == 3);
  CHECK(r.to_json()["points"][0].contains("diverged"));
  CHECK(r.brief_report().find("eta = 4: ") != std::string::npos);

  o = study("exact");
  CHECK_THROWS_WITH(run_weak_error_study(sgd::double_well(), vector::Zero(1), o), Catch::Contains("affine"));
  o.integrator = "milstein";
  CHECK_THROWS_WITH(run_weak_error_study(li_tai_e, li_tai_e_x0, o), Catch::Contains("exact mode integrates no SDE"));
  o = study("monte_carlo");
  o.functional = moment_functional::parse("x3");
  CHECK_THROWS_WITH(run_weak_error_study(li_tai_e, li_tai_e_x0, o), Catch::Contains("d = 2"));
  o = study("sideways");
  CHECK_THROWS_WITH(run_weak_error_study(li_tai_e, li_tai_e_x0, o), Catch::Contains("mode must be"));
  // auto on an objective without affine gradients runs Monte Carlo.
  o = study("auto");
  o.functional = moment_functional::parse("loss");
  o.runs = 200;
  o.steps = {4, 8, 16};
  CHECK(run_weak_error_study(sgd::double_well(), vector::Zero(1), o).mode == "monte_carlo");
}

TEST_CASE("Weak-error study: E|x|^4 by Monte Carlo matches the Gaussian laws of SGD and the SME on Li–Tai–E",
          "[weak_error_study][oracle]") {
  // Li–Tai–E's population noise is Gaussian and both SGD's recursion and the SMEs are linear, so every
  // side's state is Gaussian: E|x|⁴ = (tr C + |m|²)² + 2 tr(C²) + 4 mᵀCm from its exact m and C. The
  // functional needs more than two moments, so auto takes the Monte Carlo mode and exact is refused.
  auto o = study("auto");
  o.functional = moment_functional::parse("fourth_moment");
  const auto mc = run_weak_error_study(li_tai_e, li_tai_e_x0, o);
  REQUIRE(mc.mode == "monte_carlo");
  CHECK(mc.to_json()["functional"] == "fourth_moment");
  auto gaussian_fourth_moment = [](const moment_state& s) {
    const matrix C = s.covariance();
    const double r2 = C.trace() + s.m.squaredNorm();
    return r2 * r2 + 2.0 * (C * C).trace() + 4.0 * s.m.dot(C * s.m);
  };
  const auto model = affine_model(li_tai_e);
  REQUIRE(mc.rows.size() == 3);
  for (const auto& p : mc.rows) {
    const auto schedule = sgd::learning_rate_schedule::constant(p.eta);
    const double sgd_exact = gaussian_fourth_moment(sgd_moments(model, li_tai_e_x0, schedule, p.steps, 1, sgd::sampling::with_replacement).back());
    INFO("K = " << p.steps << ": SGD " << p.sgd << " ± " << p.sgd_se << " vs " << sgd_exact);
    CHECK(std::abs(p.sgd - sgd_exact) < 4.5 * p.sgd_se);
    for (int order : {1, 2}) {
      const double sme_exact =
          gaussian_fourth_moment(sme_moments(model, li_tai_e_x0, schedule, p.steps, 1, sgd::sampling::with_replacement, order).back());
      INFO("SME-" << order << " " << p.sme[order - 1] << " ± " << p.sme_se[order - 1] << " vs " << sme_exact);
      CHECK(std::abs(p.sme[order - 1] - sme_exact) < 4.5 * p.sme_se[order - 1]);
    }
  }
  o.mode = "exact";
  CHECK_THROWS_WITH(run_weak_error_study(li_tai_e, li_tai_e_x0, o), Catch::Contains("depends on more than the first two moments"));

  // |x|^p with p = 2 is the second moment: the same paths (same seed) to rounding.
  o = study("monte_carlo");
  o.runs = 500;
  const auto second = run_weak_error_study(li_tai_e, li_tai_e_x0, o);
  o.functional = moment_functional::parse("norm^2");
  const auto norm_squared = run_weak_error_study(li_tai_e, li_tai_e_x0, o);
  CHECK(norm_squared.to_json()["functional"] == "norm^2");
  for (std::size_t i = 0; i < second.rows.size(); ++i) {
    CHECK(std::abs(norm_squared.rows[i].sgd - second.rows[i].sgd) < 1e-13 * second.rows[i].sgd);
    CHECK(std::abs(norm_squared.rows[i].sme[0] - second.rows[i].sme[0]) < 1e-13 * second.rows[i].sme[0]);
  }
  CHECK(std::abs(moment_functional::parse("norm^1.5").at(vector::Constant(1, -4.0)) - 8.0) < 1e-14);
  for (const char* bad : {"norm^0", "norm^17", "norm^", "norm^x", "fourth"})
    CHECK_THROWS_WITH(moment_functional::parse(bad), Catch::Contains("norm^p (|x|^p, 0 < p <= 16)"));
}
