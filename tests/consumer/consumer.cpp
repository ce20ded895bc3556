#include <sgdsde/sde/euler_maruyama.hpp>
#include <sgdsde/sde/observers.hpp>
#include <sgdsde/sde/simulate.hpp>

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
  return std::isfinite(mean) ? 0 : 1;
}
