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
