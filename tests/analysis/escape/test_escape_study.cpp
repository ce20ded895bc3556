#include <sgdsde/analysis/escape/escape_study.hpp>
#include <sgdsde/sgd/double_well.hpp>
#include <sgdsde/sgd/random_feature_regression.hpp>

#include <catch2/catch.hpp>

#include "sample_scale.hpp"

using namespace sgdsde;
using namespace sgdsde::analysis;

namespace {
// The mixing double well h(x² − 1)² + wx, h = ¼, sd(w) = 2: barrier ¼, additive noise, ε = 2η.
const sgd::double_well well(0.25, 2.0);

escape_study_options options(std::vector<double> etas, std::uint64_t runs) {
  escape_study_options o;
  o.etas = std::move(etas);
  o.substeps = 16;
  o.seed = 11;
  o.ensemble.n_paths = testing::scaled(runs, 200);
  return o;
}
}  // namespace

TEST_CASE("escape study plan: the landscape and the exact times", "[escape_study][oracle]") {
  const auto plan = plan_escape_study(well, -1.0, options({0.04, 0.05}, 100));
  CHECK(plan.minimum == Approx(-1.0).margin(1e-12));
  CHECK(plan.minimum_curvature == Approx(2.0).epsilon(1e-12));  // f″ = h(12x² − 4) = 2 at x = −1
  CHECK(plan.saddle == Approx(0.0).margin(1e-12));
  CHECK(plan.barrier == Approx(0.25).epsilon(1e-12));
  CHECK(plan.additive_noise);
  CHECK(plan.kramers_not_applicable.empty());
  for (const auto& p : plan.points) {
    CHECK(p.temperature == Approx(2.0 * p.eta).epsilon(1e-12));
    // Kramers is the small-temperature limit: below the exact time by its O(ε) correction.
    CHECK(p.kramers / p.exact > 0.7);
    CHECK(p.kramers / p.exact < 0.95);
    CHECK(p.steps == std::uint64_t(std::ceil(30.0 * p.exact / p.eta)));
  }
}

TEST_CASE("escape study: the SME's mean first-passage time matches the exact one, by every integrator",
          "[escape_study][oracle]") {
  for (const std::string integrator : {"euler_maruyama", "platen_weak2"}) {
    auto o = options({0.05}, 1500);
    o.integrator = integrator;
    const auto r = run_escape_study(well, -1.0, o);
    const auto& p = r.plan.points.at(0);
    INFO(integrator << ": " << p.sme.mean << " ± " << p.sme.standard_error << " against " << p.exact);
    CHECK(p.sme.censored == 0);
    CHECK(p.sme.hit == o.ensemble.n_paths);
    CHECK(std::abs(p.sme.mean - p.exact) < 4 * p.sme.standard_error);
    CHECK(p.sgd.hit + p.sgd.censored == o.ensemble.n_paths);
    CHECK(r.to_json()["points"][0].contains(integrator));
    CHECK(r.brief_report().find("barrier 0.25") != std::string::npos);
  }
}

TEST_CASE("escape study: Kramers does not apply without a saddle or with state-dependent noise; bad input",
          "[escape_study][input]") {
  const sgd::random_feature_regression rf(1.0);
  auto o = options({0.4}, 100);
  o.target = 2.0;
  const auto plan = plan_escape_study(rf, 0.5, o);
  CHECK_FALSE(plan.kramers_not_applicable.empty());
  CHECK(std::isnan(plan.points.at(0).kramers));
  o = options({0.05}, 100);
  o.target = -1.0;
  CHECK_THROWS_WITH(plan_escape_study(well, -1.0, o), Catch::Contains("differ from x0"));
  o = options({1e-300}, 100);
  CHECK_THROWS_WITH(plan_escape_study(well, -1.0, o), Catch::Contains("too small against the barrier 0.25"));
  o = options({0.05}, 100);
  o.integrator = "rk4";
  CHECK_THROWS_WITH(plan_escape_study(well, -1.0, o), Catch::Contains("unknown integrator"));
}
