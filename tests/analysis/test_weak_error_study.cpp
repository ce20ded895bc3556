#include <sgdsde/analysis/weak_error_study.hpp>
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
