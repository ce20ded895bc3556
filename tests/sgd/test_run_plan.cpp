#include <sgdsde/sgd/run_plan.hpp>

#include <catch2/catch.hpp>

using namespace sgdsde::sgd;

TEST_CASE("run plan: epochs, steps, record stride and full batch", "[run_plan]") {
  run_length r;
  r.batch = 32;
  const auto ten_epochs = plan_run(r, 1000);  // ⌊1000/32⌋ = 31 steps per epoch, 10 epochs by default
  CHECK(ten_epochs.steps_per_epoch == 31);
  CHECK(ten_epochs.steps == 310);
  CHECK(ten_epochs.record_every == 31);
  r.epochs = 2.5;
  CHECK(plan_run(r, 1000).steps == 78);  // 77.5 rounds to 78
  r.epochs.reset();
  r.steps = 7;
  r.record_every = 3;
  const auto given = plan_run(r, 1000);
  CHECK(given.steps == 7);
  CHECK(given.record_every == 3);
  const auto population = plan_run(run_length{}, 0);
  CHECK(population.steps == 1000);
  CHECK(population.steps_per_epoch == 0);
  CHECK(population.record_every == 10);
  run_length gd;
  gd.full_batch = true;
  const auto full = plan_run(gd, 200);
  CHECK(full.batch == 200);
  CHECK(full.sampler == sampling::without_replacement);
  CHECK(full.steps_per_epoch == 1);
}

TEST_CASE("run plan: contradictory or impossible requests are refused with the parameter named", "[run_plan][input]") {
  run_length r;
  r.steps = 5;
  r.epochs = 1.0;
  CHECK_THROWS_WITH(plan_run(r, 100), Catch::Contains("not both"));
  r = run_length{};
  r.epochs = 1e308;
  CHECK_THROWS_WITH(plan_run(r, 200), Catch::Contains("--epochs 1e+308 x 200 steps per epoch asks for"));
  r = run_length{};
  r.epochs = 1.0;
  CHECK_THROWS_WITH(plan_run(r, 0), Catch::Contains("needs a finite data set"));
  r = run_length{};
  r.full_batch = true;
  CHECK_THROWS_WITH(plan_run(r, 0), Catch::Contains("--gd needs a finite data set"));
  CHECK(update_from_string("momentum") == update::momentum);
  CHECK_THROWS_WITH(averaging_from_string("mean"), Catch::Contains("uniform or eta_weighted"));
  CHECK(diffusion_form_from_string("per_sample") == diffusion_form::per_sample);
}

TEST_CASE("run plan under SVAG: l simulator steps per SGD step, burn-in in SGD steps", "[run_plan][svag]") {
  run_length r;
  r.batch = 10;
  r.epochs = 3.0;  // 20 steps per epoch on n = 200: 60 SGD steps
  r.average_from = 7;
  const auto sgd = plan_run(r, 200);
  CHECK(sgd.steps == 60);
  CHECK(sgd.sgd_steps == 60);
  CHECK(sgd.average_from == 7);
  r.svag_l = 4.0;
  const auto svag = plan_run(r, 200);
  CHECK(svag.steps == 240);
  CHECK(svag.sgd_steps == 60);
  CHECK(svag.steps_per_epoch == 80);
  CHECK(svag.record_every == 80);
  CHECK(svag.average_from == 28);
  r.svag_l = 2.5;  // 60 x 2.5 = 150 steps; the stride 20 x 2.5 = 50
  CHECK(plan_run(r, 200).steps == 150);
  CHECK(plan_run(r, 200).record_every == 50);
  r.average_from = 60;
  CHECK_THROWS_WITH(plan_run(r, 200), Catch::Contains("--average-from 60 must be below the run's 60 SGD steps"));
  r.average_from = 0;
  r.svag_l = 1e8;
  r.max_steps = 1e9;
  CHECK_THROWS_WITH(plan_run(r, 200), Catch::Contains("--svag-l 1e+08 x 60 SGD steps asks for 6e+09 SVAG steps; at most 1e+09"));
}

TEST_CASE("schedule by name: each reads its own parameters; linear spans the run", "[run_plan][schedule]") {
  schedule_choice c;
  c.eta = 0.2;
  CHECK(c.make(10)(7) == 0.2);
  c.name = "inverse_power";
  c.alpha = 1.0;
  CHECK(c.make(10)(3) == 0.2 / 4.0);
  c.name = "exponential";
  c.gamma = 0.5;
  CHECK(c.make(10)(2) == 0.2 * 0.25);
  c.name = "step_decay";
  c.decay_factor = 0.5;
  c.decay_every = 4;
  CHECK(c.make(10)(3) == 0.2);
  CHECK(c.make(10)(4) == 0.1);
  c.name = "linear";
  c.eta_end = 0.1;
  const auto linear = c.make(11);
  CHECK(linear(0) == 0.2);
  CHECK(linear(10) == Approx(0.2 - 0.1 * 10.0 / 11.0).epsilon(1e-15));
  CHECK(linear(11) == 0.1);
  c.name = "cosine";
  CHECK_THROWS_WITH(c.make(10), Catch::Contains("--schedule must be constant, inverse_power, exponential, linear or step_decay, got 'cosine'"));
}
