#include <sgdsde/analysis/lyapunov.hpp>
#include <sgdsde/sde/euler_maruyama.hpp>
#include <sgdsde/sde/observers.hpp>
#include <sgdsde/sde/simulate.hpp>
#include <sgdsde/sgd/least_squares.hpp>
#include <sgdsde/sgd/sgd_simulator.hpp>
#include <sgdsde/sgd/sme_pairing.hpp>

#include <cmath>
#include <cstdio>

int main() {
  using namespace sgdsde::sde;
  auto ou = make_sde<scalar_noise, 1, 1>([](const auto& x, double, auto& out) { out = -x; },
                                         [](const auto&, double, auto& out) { out.setConstant(1.0); });
  simulation_options options;
  options.dt = 0.01;
  options.n_steps = 100;
  options.ensemble.n_paths = 1000;
  const auto result = simulate_ensemble<euler_maruyama>(ou, Eigen::Matrix<double, 1, 1>(1.0), options, final_moments<1>());
  const double mean = result.moments().mean()[0];
  std::printf("consumer: E X(1) = %.4f (exact EM mean %.4f)\n", mean, std::pow(0.99, 100));
  // The same problem across paths (8 per instruction): the installed headers give the same bits.
  auto ou_lanes = make_sde<scalar_noise, 1, 1>(across_paths([](const auto& x, double, auto& out) { out = -x; }),
                                               across_paths([](const auto&, double, auto& out) { out.setConstant(1.0); }));
  const auto lanes_result =
      simulate_ensemble<euler_maruyama>(ou_lanes, Eigen::Matrix<double, 1, 1>(1.0), options, final_moments<1>());
  const bool same = lanes_result.moments().mean() == result.moments().mean();
  std::printf("consumer: across paths %s\n", same ? "bit-identical" : "DIFFERENT");
  // The sgd layer: a least-squares SGD run and its SME.
  const sgdsde::sgd::least_squares f(sgdsde::sgd::lecture_regression_data(3, 50, 0.1, 1).data);
  sgdsde::sgd::sgd_options o;
  o.batch = 5;
  o.n_steps = 100;
  o.schedule = sgdsde::sgd::learning_rate_schedule::constant(0.01);
  o.ensemble.n_paths = 10;
  const auto sgd_result = sgdsde::sgd::simulate_sgd(f, Eigen::VectorXd::Zero(3), o, final_moments<>(3));
  const auto pair = sgdsde::sgd::pair_with_sme(o, /*order=*/1, /*substeps=*/1);
  const auto sme_result = simulate_ensemble<euler_maruyama>(sgdsde::sgd::make_sme(f, pair.sme), Eigen::VectorXd::Zero(3),
                                                            pair.sde, final_moments<>(3));
  std::printf("consumer: SGD loss %.4f, SME loss %.4f\n", f.value(sgd_result.moments().mean()),
              f.value(sme_result.moments().mean()));
  // The compiled part of the library (its static archives): the SME's stationary covariance on
  // f = ½x², H S + S H = Q, is Q/2.
  const Eigen::MatrixXd S = sgdsde::analysis::continuous_lyapunov(Eigen::MatrixXd::Identity(1, 1), Eigen::MatrixXd::Constant(1, 1, 0.5));
  std::printf("consumer: Lyapunov S = %.4f (exact 0.25)\n", S(0, 0));
  const bool lyapunov_ok = std::abs(S(0, 0) - 0.25) < 1e-12;
  return same && lyapunov_ok && std::isfinite(mean) && sgd_result.moments().mean().allFinite() ? 0 : 1;
}
