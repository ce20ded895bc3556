#include <sgdsde/sde/brownian_stream.hpp>
#include <sgdsde/sde/platen_weak2.hpp>
#include <sgdsde/sde/solvable_sdes.hpp>
#include <sgdsde/sde/stepper_registry.hpp>

#include <boost/numeric/odeint/integrate/integrate_n_steps.hpp>
#include <catch2/catch.hpp>

using namespace sgdsde::sde;

// On a linear SDE dX = AX dt + Σ_j B_j X dW_j the scheme's supports are linear in x, so one step is
// X ← M X with, written out by hand from Kloeden & Platen (15.1.3):
//   M = I + Ah + ½A²h² + Σ_j (B_j + ½h(AB_j + B_jA)) ΔW_j + ½ Σ_j B_j² (ΔW_j² − h)
//       + ½ Σ_{j≠r} B_j B_r (ΔW_j ΔW_r + 2 A_rj)
namespace {
template <class Case>
Eigen::Matrix2d linear_step_matrix(const Case& c, const brownian_increment<2>& dw) {
  const Eigen::Matrix2d I = Eigen::Matrix2d::Identity(), A = c.A();
  const Eigen::Matrix2d B[2] = {c.B1(), c.B2()};
  const double h = dw.dt;
  Eigen::Matrix2d M = I + A * h + 0.5 * A * A * h * h;
  for (int j = 0; j < 2; ++j) {
    M += (B[j] + 0.5 * h * (A * B[j] + B[j] * A)) * dw.dW[j] + 0.5 * B[j] * B[j] * (dw.dW[j] * dw.dW[j] - h);
    for (int r = 0; r < 2; ++r)
      if (r != j) M += 0.5 * B[j] * B[r] * (dw.dW[j] * dw.dW[r] + 2.0 * (dw.has_levy_area ? dw.area(r, j) : 0.0));
  }
  return M;
}
}  // namespace

TEST_CASE("one Platen weak-2 step, scalar noise (GBM): X ← (1 + μh + ½μ²h² + σΔW(1 + μh) + ½σ²(ΔW² − h)) X",
          "[platen_weak2]") {
  const solvable::geometric_brownian_motion gbm;
  auto problem = gbm.problem();
  brownian_increment<1> dw;
  dw.dt = 0.05;
  dw.dW << 0.17;
  Eigen::Matrix<double, 1, 1> x(1.3);
  platen_weak2(problem).do_step(problem, x, 0.0, dw);
  const double mu = gbm.mu, s = gbm.sigma, h = dw.dt, w = dw.dW[0];
  const double factor = 1 + mu * h + 0.5 * mu * mu * h * h + s * w * (1 + mu * h) + 0.5 * s * s * (w * w - h);
  CHECK(x[0] == Approx(1.3 * factor).epsilon(1e-13));
}

TEST_CASE("one Platen weak-2 step, diagonal noise: each coordinate is the scalar scheme", "[platen_weak2]") {
  const solvable::nonlinear_diagonal c;
  auto problem = c.problem();
  brownian_increment<2> dw;
  dw.dt = 0.01;
  dw.dW << 0.1, -0.05;
  const Eigen::Vector2d x0(0.3, 2.0);
  Eigen::Vector2d x = x0;
  platen_weak2(problem).do_step(problem, x, 0.0, dw);
  // The same step by the scalar formula, coordinate by coordinate.
  Eigen::Vector2d a, b, a_support, b_plus, b_minus;
  problem.drift(x0, 0.0, a);
  problem.diffusion(x0, 0.0, b);
  const double h = dw.dt, rh = std::sqrt(h);
  Eigen::Vector2d support = x0 + a * h + b.cwiseProduct(dw.dW);
  problem.drift(support, h, a_support);
  support = x0 + a * h + b * rh;
  problem.diffusion(support, h, b_plus);
  support = x0 + a * h - b * rh;
  problem.diffusion(support, h, b_minus);
  for (int i = 0; i < 2; ++i) {
    const double w = dw.dW[i];
    const double expected = x0[i] + 0.5 * (a_support[i] + a[i]) * h + 0.25 * (b_plus[i] + b_minus[i] + 2 * b[i]) * w +
                            0.25 * (b_plus[i] - b_minus[i]) * (w * w - h) / rh;
    CHECK(x[i] == Approx(expected).epsilon(1e-13));
  }
}

TEST_CASE("one Platen weak-2 step on linear SDEs matches the hand-expanded step matrix", "[platen_weak2]") {
  brownian_increment<2> dw;
  dw.dt = 0.02;
  dw.dW << 0.11, -0.07;
  SECTION("commutative noise: no Lévy areas") {
    const solvable::linear_commutative c;
    auto problem = c.problem();
    Eigen::Vector2d x = c.x0;
    platen_weak2(problem).do_step(problem, x, 0.0, dw);
    CHECK((x - linear_step_matrix(c, dw) * c.x0).cwiseAbs().maxCoeff() < 1e-13);
  }
  SECTION("general noise: the Lévy area enters as V_rj = 2 A_rj") {
    const solvable::linear_noncommutative c;
    auto problem = c.problem();
    dw.area << 0.0, 0.003, -0.003, 0.0;
    dw.has_levy_area = true;
    Eigen::Vector2d x = c.x0;
    platen_weak2(problem).do_step(problem, x, 0.0, dw);
    CHECK((x - linear_step_matrix(c, dw) * c.x0).cwiseAbs().maxCoeff() < 1e-13);
    dw.has_levy_area = false;
    Eigen::Vector2d y = c.x0;
    CHECK_THROWS_WITH(platen_weak2(problem).do_step(problem, y, 0.0, dw), Catch::Contains("Lévy areas"));
  }
}

TEST_CASE("Platen weak-2 refuses noise declared commutative that is not", "[platen_weak2]") {
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
  CHECK_THROWS_WITH(platen_weak2(mislabelled).do_step(mislabelled, x, 0.0, dw),
                    Catch::Contains("platen_weak2") && Catch::Contains("declared commutative"));
}

TEST_CASE("Platen weak-2 on a time-dependent drift: the support drift is taken at t + h", "[platen_weak2]") {
  // dX = t dt (no noise effect: b = 0): the scheme is the trapezoidal rule, exact for a linear
  // integrand, so X(1) = ½ after any number of steps.
  auto problem = make_sde<scalar_noise, 1, 1>([](const auto&, double t, auto& out) { out[0] = t; },
                                              [](const auto&, double, auto& out) { out[0] = 0.0; });
  platen_weak2 stepper(problem);
  brownian_increment<1> dw;
  dw.dt = 0.1;
  dw.dW << 0.3;
  Eigen::Matrix<double, 1, 1> x(0.0);
  for (int k = 0; k < 10; ++k) stepper.do_step(problem, x, 0.1 * k, dw);
  CHECK(x[0] == Approx(0.5).epsilon(1e-13));
}

TEST_CASE("Platen weak-2 satisfies Boost.Odeint's stepper concept", "[platen_weak2][odeint]") {
  const solvable::linear_noncommutative c;
  auto problem = c.problem();
  platen_weak2 stepper(problem);
  CHECK(stepper.order() == 2);
  brownian_stream<2> noise(3, 5, 2, /*with_levy_area=*/true);
  Eigen::Vector2d x = c.initial_state();
  int observed = 0;
  boost::numeric::odeint::integrate_n_steps(stepper, drive(problem, noise), x, 0.0, 1.0 / 64, 64,
                                            [&](const Eigen::Vector2d&, double) { ++observed; });
  CHECK(observed == 65);
  CHECK(x.allFinite());
}
