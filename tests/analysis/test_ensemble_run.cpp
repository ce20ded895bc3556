#include <sgdsde/analysis/affine_gradient_model.hpp>
#include <sgdsde/analysis/ensemble_run.hpp>
#include <sgdsde/analysis/exact_moments.hpp>
#include <sgdsde/sgd/least_squares.hpp>
#include <sgdsde/sgd/noisy_quadratic.hpp>

#include <catch2/catch.hpp>

#include "sample_scale.hpp"

#include <limits>

using namespace sgdsde;
using namespace sgdsde::analysis;

namespace {
// Li–Tai–E's quadratic H = diag(1, ½) from x0 = (1, 1), η = 0.1, 40 steps recorded every 10.
const sgd::noisy_quadratic quadratic = sgd::li_tai_e_quadratic((matrix(2, 2) << 1.0, 0.0, 0.0, 0.5).finished());
const vector x0 = vector::Ones(2);

ensemble_run_options run_options(std::uint64_t runs) {
  ensemble_run_options o;
  o.run.schedule = sgd::learning_rate_schedule::constant(0.1);
  o.run.n_steps = 40;
  o.run.seed = 9;
  o.run.ensemble.n_paths = runs;
  o.record_every = 10;
  o.substeps = 8;
  return o;
}
}  // namespace

TEST_CASE("Ensemble runs: SGD's and the SME's records against their exact moments, on the same clock",
          "[ensemble_run][oracle]") {
  const auto o = run_options(testing::scaled(10000, 1000));
  const auto model = affine_model(quadratic);
  const auto exact_sgd = sgd_moments(model, x0, o.run.schedule, 40, 1, sgd::sampling::with_replacement);
  const auto sgd = run_sgd_ensemble(quadratic, x0, o);
  REQUIRE(sgd.records.size() == 5);
  for (const auto& rec : sgd.records) {
    const auto& e = exact_sgd[rec.step];
    const Eigen::VectorXd sd = e.covariance().diagonal().cwiseSqrt();
    INFO("step " << rec.step << ": mean " << rec.mean.transpose() << " vs " << e.m.transpose());
    CHECK(rec.t == Approx(0.1 * double(rec.step)).epsilon(1e-12));
    // Mean within 4.5 standard errors; the sd to 4.5 of its standard error sd/√(2N) (Gaussian iterates).
    for (int i = 0; i < 2; ++i) {
      CHECK(std::abs(rec.mean[i] - e.m[i]) <= 4.5 * sd[i] / std::sqrt(double(o.run.ensemble.n_paths)) + 1e-15);
      CHECK(std::abs(rec.sd[i] - sd[i]) <= 4.5 * sd[i] / std::sqrt(2.0 * double(o.run.ensemble.n_paths)) + 1e-15);
    }
  }
  CHECK(sgd.final_covariance.rows() == 2);

  const auto exact_sme = sme_moments(model, x0, o.run.schedule, 40, 1, sgd::sampling::with_replacement, 1);
  for (const std::string integrator : {"euler_maruyama", "platen_weak2"}) {
    auto so = o;
    so.integrator = integrator;
    const auto sme = run_sme_ensemble(quadratic, x0, so);
    REQUIRE(sme.records.size() == 5);
    for (std::size_t k = 0; k < 5; ++k) {
      CHECK(sme.records[k].t == Approx(sgd.records[k].t).epsilon(1e-12));  // record k at the SGD time t_k
      CHECK(sme.records[k].step == sgd.records[k].step);
      const auto& e = exact_sme[sme.records[k].step];
      const Eigen::VectorXd sd = e.covariance().diagonal().cwiseSqrt();
      for (int i = 0; i < 2; ++i)  // the O(dt) bias at dt = η/8 is below 0.3 standard errors here
        CHECK(std::abs(sme.records[k].mean[i] - e.m[i]) <= 4.5 * sd[i] / std::sqrt(double(so.run.ensemble.n_paths)) + 1e-15);
    }
  }
}

TEST_CASE("Ensemble runs: kept paths are the ensemble's first runs; any thread count; overflow is a failed run",
          "[ensemble_run]") {
  auto o = run_options(64);
  o.keep_paths = 64;
  o.run.ensemble.threads = 1;
  const auto one = run_sgd_ensemble(quadratic, x0, o);
  REQUIRE(one.paths.size() == 64);
  REQUIRE(one.paths[0].size() == 5);
  CHECK(one.paths[0][4].step == 40);
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(2);
  for (const auto& path : one.paths) mean += path.back().x / 64.0;
  CHECK((mean - one.final_mean).norm() < 1e-12);
  o.run.ensemble.threads = 2;
  CHECK(run_sgd_ensemble(quadratic, x0, o).to_json() == one.to_json());
  o.substeps = 4;
  const auto sme = run_sme_ensemble(quadratic, x0, o);
  CHECK(sme.paths[3][2].step == 20);  // SDE step 80 is SGD step 20
  CHECK(sme.to_json()["final"]["step"] == 40);

  auto wild = run_options(5);
  wild.run.schedule = sgd::learning_rate_schedule::constant(50.0);  // |1 − ηh| = 49 per step
  wild.run.n_steps = 120;  // x ~ 49^120 ~ 1e203 is finite, its square is not
  wild.run.bound = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH(run_sgd_ensemble(quadratic, x0, wild), Catch::Contains("the statistics overflow at step"));
  // Lévy areas on the per-sample form's m = n noise dimensions: refused up front, naming the way out.
  const auto data = sgd::lecture_regression_data(3, 500, 0.5, 1);
  auto areas = run_options(2);
  areas.integrator = "milstein";
  areas.form = sgd::diffusion_form::per_sample;
  CHECK_THROWS_WITH(run_sme_ensemble(sgd::least_squares(data.data), vector::Zero(3), areas),
                    Catch::Contains("m = n = 500") && Catch::Contains("covariance diffusion (m = d = 3)"));
  areas.form = sgd::diffusion_form::automatic;  // takes the covariance form
  CHECK(run_sme_ensemble(sgd::least_squares(data.data), vector::Zero(3), areas).records.size() == 5);
  auto bad = run_options(5);
  bad.integrator = "rk4";
  CHECK_THROWS_WITH(run_sme_ensemble(quadratic, x0, bad), Catch::Contains("unknown integrator 'rk4'"));
}
