#include <sgdsde/sgd/schedule.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace sgdsde::sgd;
using S = learning_rate_schedule;

TEST_CASE("schedules give the documented rates", "[schedule]") {
  CHECK(S::constant(0.1)(1000) == 0.1);
  CHECK(S::constant(0.1).is_constant());
  CHECK(S::inverse_power(0.5, 1.0)(0) == 0.5);
  CHECK(S::inverse_power(0.5, 1.0)(3) == 0.125);
  CHECK(S::inverse_power(1.0, 0.5)(8) == Approx(1.0 / 3.0).epsilon(1e-15));
  CHECK(S::exponential(1.0, 0.5)(3) == 0.125);
  CHECK(S::linear(1.0, 0.1, 10)(0) == 1.0);
  CHECK(S::linear(1.0, 0.1, 10)(5) == Approx(0.55).epsilon(1e-15));
  CHECK(S::linear(1.0, 0.1, 10)(10) == 0.1);
  CHECK(S::linear(1.0, 0.1, 10)(1000) == 0.1);
  CHECK(S::step_decay(1.0, 0.1, 100)(99) == 1.0);
  CHECK(S::step_decay(1.0, 0.1, 100)(100) == Approx(0.1).epsilon(1e-15));
  CHECK(S::custom([](std::uint64_t k) { return 1.0 / (k + 2); })(0) == 0.5);
  CHECK_FALSE(S::inverse_power(0.5, 1.0).is_constant());
  // A warm phase of 10 steps, then t counted in units of 5 steps: eta0/(1 + (k - 10)/5)^alpha.
  CHECK(S::inverse_power(0.5, 1.0, 10, 5)(0) == 0.5);
  CHECK(S::inverse_power(0.5, 1.0, 10, 5)(10) == 0.5);
  CHECK(S::inverse_power(0.5, 1.0, 10, 5)(15) == 0.25);
  CHECK(S::inverse_power(0.5, 2.0, 10, 5)(25) == 0.5 / 16);
  CHECK(S::inverse_power(1.0, 0.5, 0, 4)(12) == 0.5);
}

TEST_CASE("bad schedule parameters and bad rates are errors naming the parameter", "[schedule][input]") {
  CHECK_THROWS_WITH(S::constant(0.0), Catch::Contains("eta must be finite and > 0"));
  CHECK_THROWS_WITH(S::constant(-0.1), Catch::Contains("eta must be finite and > 0"));
  CHECK_THROWS_WITH(S::constant(std::nan("")), Catch::Contains("eta"));
  CHECK_THROWS_WITH(S::inverse_power(1.0, -1.0), Catch::Contains("alpha"));
  CHECK_THROWS_WITH(S::inverse_power(1.0, 1.0, 0, 0), Catch::Contains("time unit must be >= 1"));
  CHECK_THROWS_WITH(S::exponential(1.0, 1.5), Catch::Contains("gamma must be in (0, 1]"));
  CHECK_THROWS_WITH(S::step_decay(1.0, 0.5, 0), Catch::Contains("every"));
  CHECK_THROWS_WITH(S::linear(1.0, 0.0, 10), Catch::Contains("eta_end"));
  const auto broken = S::custom([](std::uint64_t k) { return k < 5 ? 0.1 : -1.0; }, "broken");
  CHECK(broken(4) == 0.1);
  CHECK_THROWS_WITH(broken(5), Catch::Contains("learning rate at step 5") && Catch::Contains("broken"));
}
