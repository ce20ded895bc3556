#include <sgdsde/sde/brownian_stream.hpp>
#include <sgdsde/sde/euler_maruyama.hpp>
#include <sgdsde/sde/sde_problem.hpp>

#include <boost/numeric/odeint/integrate/integrate_n_steps.hpp>
#include <catch2/catch.hpp>

using namespace sgdsde::sde;

TEST_CASE("one Euler–Maruyama step equals the hand computation: scalar noise", "[euler_maruyama]") {
  // dX = -X dt + 0.5 X dW from x = 2, h = 0.1, dW = 0.3: 2 - 0.2 + 0.3 = 2.1
  auto problem = make_sde<scalar_noise, 1, 1>([](const auto& x, double, auto& out) { out = -x; },
                                              [](const auto& x, double, auto& out) { out = 0.5 * x; });
  euler_maruyama stepper(problem);
  brownian_increment<1> dw;
  dw.dt = 0.1;
  dw.dW << 0.3;
  Eigen::Matrix<double, 1, 1> x(2.0);
  stepper.do_step(problem, x, 0.0, dw);
  CHECK(x[0] == Approx(2.1).epsilon(1e-12));
}

TEST_CASE("one Euler–Maruyama step: diagonal and general noise, fixed and dynamic sizes", "[euler_maruyama]") {
  brownian_increment<2> dw;
  dw.dt = 0.01;
  dw.dW << 0.1, -0.2;
  const Eigen::Vector2d x0(1.0, -1.0);

  auto diag = make_sde<diagonal_noise, 2, 2>(
      [](const auto& x, double t, auto& out) { out << x[1], -x[0] + t; },
      [](const auto& x, double, auto& out) { out << 1.0 + x[0] * x[0], 2.0; });
  Eigen::Vector2d x = x0;
  euler_maruyama(diag).do_step(diag, x, 0.5, dw);
  // drift (-1, -0.5), diffusion (2, 2)
  CHECK(x[0] == Approx(1.0 - 0.01 + 2.0 * 0.1).epsilon(1e-12));
  CHECK(x[1] == Approx(-1.0 - 0.005 + 2.0 * -0.2).epsilon(1e-12));

  auto general = make_sde<general_noise>(
      2, 2, [](const auto& x, double, auto& out) { out = -x; },
      [](const auto& x, double, auto& out) { out << x[0], 1.0, 0.5, x[1]; });
  Eigen::VectorXd y = x0;
  brownian_increment<> dwd(2);
  dwd.dt = dw.dt;
  dwd.dW = dw.dW;
  euler_maruyama(general).do_step(general, y, 0.0, dwd);
  // b = [[1, 1], [0.5, -1]]: b dW = (0.1 - 0.2, 0.05 + 0.2)
  CHECK(y[0] == Approx(1.0 - 0.01 - 0.1).epsilon(1e-12));
  CHECK(y[1] == Approx(-1.0 + 0.01 + 0.25).epsilon(1e-12));
}

TEST_CASE("Euler–Maruyama satisfies Boost.Odeint's stepper concept", "[euler_maruyama][odeint]") {
  auto problem = make_sde<scalar_noise, 1, 1>([](const auto& x, double, auto& out) { out = -x; },
                                              [](const auto&, double, auto& out) { out.setConstant(0.3); });
  euler_maruyama stepper(problem);
  brownian_stream<1> noise(7, 0, 1);
  Eigen::Matrix<double, 1, 1> x(1.0);
  std::vector<double> times, values;
  boost::numeric::odeint::integrate_n_steps(stepper, drive(problem, noise), x, 0.0, 0.01, 100,
                                            [&](const auto& state, double t) {
                                              times.push_back(t);
                                              values.push_back(state[0]);
                                            });
  REQUIRE(times.size() == 101);
  CHECK(times.back() == Approx(1.0));
  // The same path by hand, from the same stream.
  brownian_stream<1> again(7, 0, 1);
  brownian_increment<1> dw;
  double y = 1.0;
  for (int k = 0; k < 100; ++k) {
    again.next(0.01, dw);
    y += -y * 0.01 + 0.3 * dw.dW[0];
  }
  CHECK(values.back() == Approx(y).epsilon(1e-12));
  CHECK(decltype(stepper)::order() == 1);
}
