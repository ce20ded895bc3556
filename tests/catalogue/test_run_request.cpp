#include <sgdsde/catalogue/run_request.hpp>

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace sgdsde;
using catalogue::run_request;

TEST_CASE("run request: names and lengths resolve to the plan and the study's options", "[run_request]") {
  run_request q;
  q.schedule.name = "step_decay";
  q.schedule.eta = 0.05;
  q.batch = 10;
  q.sampler = "reshuffling";
  q.epochs = 2.0;  // 20 steps per epoch on n = 200
  q.method = "svag";
  q.svag_l = 3.0;
  q.averaging = "uniform";
  q.average_from = 5;
  q.runs = 7;
  q.seed = 11;
  q.keep_paths = 2;
  const auto sgd_side = q.resolve("sgd", 200);
  CHECK(sgd_side.plan.sgd_steps == 40);
  CHECK(sgd_side.options.run.n_steps == 120);  // l = 3 SVAG steps per SGD step
  CHECK(sgd_side.options.record_every == 60);
  CHECK(sgd_side.options.steps_per_epoch == 60);
  CHECK(sgd_side.options.run.average_from == 15);
  CHECK(sgd_side.options.run.method == sgd::update::svag);
  CHECK(sgd_side.options.run.svag_l == 3.0);
  CHECK(sgd_side.options.run.average == sgd::averaging::uniform);
  CHECK(sgd_side.options.run.sampler == sgd::sampling::reshuffling);
  CHECK(sgd_side.options.run.schedule(999) == 0.05);  // step_decay: x 0.5 every 1000 steps
  CHECK(sgd_side.options.run.schedule(1000) == 0.025);
  CHECK(sgd_side.options.run.ensemble.n_paths == 7);
  CHECK(sgd_side.options.run.seed == 11);
  CHECK(sgd_side.options.keep_paths == 2);
  // The SME side of the same request runs SGD's own steps: SVAG and averaging are SGD's choices.
  q.order = 2;
  q.integrator = "milstein";
  q.diffusion = "covariance";
  const auto sme_side = q.resolve("sme", 200);
  CHECK(sme_side.options.run.n_steps == 40);
  CHECK(sme_side.options.record_every == 20);
  CHECK(sme_side.options.order == 2);
  CHECK(sme_side.options.integrator == "milstein");
  CHECK(sme_side.options.form == sgd::diffusion_form::covariance);
  CHECK(sme_side.options.run.method == sgd::update::plain);
  CHECK(q.options_json("sme", sme_side) ==
        nlohmann::json({{"eta", 0.05}, {"schedule", sme_side.options.run.schedule.description()}, {"batch", 10},
                        {"sampler", "reshuffling"}, {"gd", false}, {"order", 2}, {"integrator", "milstein"},
                        {"substeps", 10}, {"diffusion", "covariance"}}));
}

TEST_CASE("run request: bad names and options read only with another choice are refused", "[run_request][input]") {
  run_request q;
  q.noise = "cauchy";
  CHECK_THROWS_WITH(q.resolve("sgd", 0), Catch::Contains("--noise must be gaussian or student_t, got 'cauchy'"));
  q.noise = "gaussian";
  q.sampler = "stratified";
  CHECK_THROWS_WITH(q.resolve("sgd", 0), Catch::Contains("stratified"));
  q.sampler = "with_replacement";
  q.runs = 0;
  CHECK_THROWS_WITH(q.resolve("sgd", 0), "--runs must be >= 1, got 0");
  q.runs = 1;
  q.threads = 5000;
  CHECK_THROWS_WITH(q.resolve("sgd", 0), "--threads must be in [0, 4096], got 5000");
  q.threads = 0;
  std::set<std::string> given{"--momentum"};
  q.given = [&](const std::string& option) { return given.count(option) > 0; };
  CHECK_THROWS_WITH(q.resolve("sgd", 0), "--momentum is read only with --method momentum; it would be ignored here");
  q.method = "momentum";
  CHECK_NOTHROW(q.resolve("sgd", 0));
  given = {"--batch"};
  q.gd = true;
  CHECK_THROWS_WITH(q.resolve("sgd", 100), Catch::Contains("--batch is read only without --gd"));
}
