#include <sgdsde/sde/euler_maruyama.hpp>
#include <sgdsde/sde/sde_problem.hpp>

#include <catch2/catch.hpp>

using namespace sgdsde::sde;

TEST_CASE("one Euler–Maruyama step equals the hand computation", "[euler_maruyama]") {
  // dX = -X dt + 0.5 X dW from x = 2 at t = 0, h = 0.1, dW = 0.3: x + (-2)(0.1) + (1.0)(0.3) = 2.1
  auto problem = make_sde<scalar_noise, 1, 1>(
      [](const auto& x, double, auto& out) { out = -x; },
      [](const auto& x, double, auto& out) { out = 0.5 * x; });
  euler_maruyama stepper(problem);
  brownian_increment<1> dw;
  dw.dt = 0.1;
  dw.dW << 0.3;
  Eigen::Matrix<double, 1, 1> x;
  x << 2.0;
  stepper.do_step(problem, x, 0.0, dw);
  CHECK(x[0] == Approx(2.1).epsilon(1e-12));
}
