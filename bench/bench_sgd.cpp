// Exact minibatch SGD steps per second against a minimal hand-written Eigen loop in the same run:
//   hand_loop        the recursion written out: same data, same Philox stream, same index draws;
//   simulate_sgd     the library's simulator (sgd_options, observers, divergence checks);
// on least squares with the lecture's data (n = 200, d = 10, B = 10, with replacement), one run of
// 1e6 steps. items_per_second is SGD steps per second. Ratio = simulate_sgd / hand_loop (target >= 0.5).
#include <sgdsde/sde/observers.hpp>
#include <sgdsde/sgd/least_squares.hpp>
#include <sgdsde/sgd/sgd_simulator.hpp>

#include <benchmark/benchmark.h>

using namespace sgdsde;

namespace {
constexpr std::uint64_t steps = 1000000;
constexpr std::size_t batch = 10;
constexpr double eta = 1e-3;

const sgd::least_squares& problem() {
  static const sgd::least_squares f(sgd::lecture_regression_data(10, 200, 0.1, 1).data);
  return f;
}

void hand_loop(benchmark::State& state) {
  const auto& data = problem().data();
  for (auto _ : state) {
    sde::random_stream stream(1, 0, sde::substream::sampling);
    boost::random::uniform_int_distribution<std::size_t> index(0, data.size() - 1);
    Eigen::VectorXd x = Eigen::VectorXd::Zero(10), g(10);
    for (std::uint64_t k = 0; k < steps; ++k) {
      g.setZero();
      for (std::size_t j = 0; j < batch; ++j) {
        const auto i = Eigen::Index(index(stream));
        g.noalias() += (data.X.row(i).dot(x) - data.y[i]) * data.X.row(i).transpose();
      }
      x.noalias() -= (eta / double(batch)) * g;
    }
    benchmark::DoNotOptimize(x.data());
  }
  state.SetItemsProcessed(state.iterations() * steps);
}

void library_simulate_sgd(benchmark::State& state) {
  sgd::sgd_options o;
  o.schedule = sgd::learning_rate_schedule::constant(eta);
  o.batch = batch;
  o.n_steps = steps;
  o.ensemble.n_paths = 1;
  o.ensemble.threads = 1;
  for (auto _ : state) {
    const auto result = sgd::simulate_sgd(problem(), Eigen::VectorXd::Zero(10), o, sde::final_moments<>(10));
    benchmark::DoNotOptimize(result.moments().mean()[0]);
  }
  state.SetItemsProcessed(state.iterations() * steps);
}
}  // namespace

BENCHMARK(hand_loop)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(library_simulate_sgd)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_MAIN();
