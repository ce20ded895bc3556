#include <sgdsde/sde/brownian_stream.hpp>
#include <sgdsde/sde/milstein.hpp>
#include <sgdsde/sde/sde_problem.hpp>
#include <sgdsde/sde/solvable_sdes.hpp>

#include <boost/numeric/odeint/integrate/integrate_n_steps.hpp>
#include <catch2/catch.hpp>

using namespace sgdsde::sde;

TEST_CASE("one Milstein step, scalar noise: exact derivative and derivative-free form", "[milstein]") {
  const double mu = 0.7, s = 0.4, h = 0.05, w = 0.2, x0 = 1.5;
  brownian_increment<1> dw;
  dw.dt = h;
  dw.dW << w;
  SECTION("exact derivative: x + μxh + σxΔW + ½σ²x(ΔW² − h)") {
    auto gbm = make_sde<scalar_noise, 1, 1>([=](const auto& x, double, auto& out) { out = mu * x; },
                                            [=](const auto& x, double, auto& out) { out = s * x; },
                                            [=](const auto&, double, const auto& v, auto& out) { out = s * v; });
    Eigen::Matrix<double, 1, 1> x(x0);
    milstein(gbm).do_step(gbm, x, 0.0, dw);
    CHECK(x[0] == Approx(x0 + mu * x0 * h + s * x0 * w + 0.5 * s * s * x0 * (w * w - h)).epsilon(1e-12));
  }
  SECTION("derivative-free: L b ≈ (b(x + a h + b√h) − b(x))/√h") {
    auto sq = make_sde<scalar_noise, 1, 1>([=](const auto& x, double, auto& out) { out = mu * x; },
                                           [=](const auto& x, double, auto& out) { out = s * x.array().square().matrix(); });
    Eigen::Matrix<double, 1, 1> x(x0);
    milstein(sq).do_step(sq, x, 0.0, dw);
    const double a = mu * x0, b = s * x0 * x0, support = x0 + a * h + b * std::sqrt(h);
    const double lb = (s * support * support - b) / std::sqrt(h);
    CHECK(x[0] == Approx(x0 + a * h + b * w + 0.5 * lb * (w * w - h)).epsilon(1e-12));
  }
}

TEST_CASE("one Milstein step, diagonal noise", "[milstein]") {
  auto problem = make_sde<diagonal_noise, 2, 2>(
      [](const auto&, double, auto& out) { out.setZero(); },
      [](const auto& x, double, auto& out) { out << std::sin(x[0]), x[1] * x[1]; },
      [](const auto& x, double, const auto& v, auto& out) { out << std::cos(x[0]) * v[0], 2 * x[1] * v[1]; });
  brownian_increment<2> dw;
  dw.dt = 0.01;
  dw.dW << 0.1, -0.05;
  Eigen::Vector2d x(0.3, 2.0);
  milstein(problem).do_step(problem, x, 0.0, dw);
  const double g0 = std::sin(0.3), g1 = 4.0;
  CHECK(x[0] == Approx(0.3 + g0 * 0.1 + 0.5 * g0 * std::cos(0.3) * (0.01 - 0.01)).epsilon(1e-12));
  CHECK(x[1] == Approx(2.0 + g1 * -0.05 + 0.5 * g1 * 4.0 * (0.0025 - 0.01)).epsilon(1e-12));
}

TEST_CASE("one Milstein step, general noise uses the Lévy area", "[milstein]") {
  // b(x) = [B1 x, B2 x]; L^j b_k = B_k B_j x; X += Σ_jk B_k B_j x I_(j,k).
  const solvable::linear_noncommutative c;
  auto problem = c.problem();
  brownian_increment<2> dw;
  dw.dt = 0.01;
  dw.dW << 0.08, -0.03;
  dw.area << 0.0, 0.002, -0.002, 0.0;
  dw.has_levy_area = true;
  const Eigen::Vector2d x0(1.0, 0.5);
  Eigen::Vector2d expected = x0 + c.A() * x0 * dw.dt + c.B1() * x0 * dw.dW[0] + c.B2() * x0 * dw.dW[1];
  const Eigen::Matrix2d B[2] = {c.B1(), c.B2()};
  for (int j = 0; j < 2; ++j)
    for (int k = 0; k < 2; ++k) {
      const double I = 0.5 * dw.dW[j] * dw.dW[k] - (j == k ? 0.5 * dw.dt : 0.0) + dw.area(j, k);
      expected += B[k] * B[j] * x0 * I;
    }
  Eigen::Vector2d x = x0;
  milstein(problem).do_step(problem, x, 0.0, dw);
  CHECK((x - expected).cwiseAbs().maxCoeff() < 1e-12);

  SECTION("refuses increments without Lévy areas") {
    dw.has_levy_area = false;
    Eigen::Vector2d y = x0;
    CHECK_THROWS_WITH(milstein(problem).do_step(problem, y, 0.0, dw), Catch::Contains("Lévy areas"));
  }
}

TEST_CASE("Milstein refuses noise declared commutative that is not", "[milstein]") {
  const solvable::linear_noncommutative c;
  const Eigen::Matrix2d B1 = c.B1(), B2 = c.B2();
  auto mislabelled = make_sde<commutative_noise, 2, 2>([](const auto& x, double, auto& out) { out = -x; },
                                                       [=](const auto& x, double, auto& out) {
                                                         out.col(0) = B1 * x;
                                                         out.col(1) = B2 * x;
                                                       });
  brownian_increment<2> dw;
  dw.dt = 0.01;
  dw.dW << 0.1, 0.1;
  Eigen::Vector2d x(1.0, 0.5);
  CHECK_THROWS_WITH(milstein(mislabelled).do_step(mislabelled, x, 0.0, dw), Catch::Contains("declared commutative"));

  const solvable::linear_commutative ok;
  auto commuting = ok.problem();
  Eigen::Vector2d y(1.0, 0.5);
  CHECK_NOTHROW(milstein(commuting).do_step(commuting, y, 0.0, dw));
  CHECK(commutativity_defect(commuting, y, 0.0) < 1e-12);
}

TEST_CASE("Milstein satisfies Boost.Odeint's stepper concept", "[milstein][odeint]") {
  const solvable::linear_noncommutative c;
  auto problem = c.problem();
  milstein stepper(problem);
  brownian_stream<2> noise(3, 5, 2, /*with_levy_area=*/true);
  Eigen::Vector2d x = c.initial_state();
  int observed = 0;
  boost::numeric::odeint::integrate_n_steps(stepper, drive(problem, noise), x, 0.0, 1.0 / 64, 64,
                                            [&](const Eigen::Vector2d&, double) { ++observed; });
  CHECK(observed == 65);
  CHECK(x.allFinite());
}
