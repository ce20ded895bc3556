// Path-steps per second of the SDE engine against a baseline measured in the same run:
//   normals_ceiling     a loop that only draws the same normals from the same per-path streams, the
//                       fastest way the library has (fill_standard_normal: whole Philox blocks, then
//                       Boost's ziggurat);
//   em_ou_1d            EM on dX = −X dt + √0.1 dW through simulate_ensemble (1e4 paths × 1e3 steps);
//   em_2d_covariance    EM on drift −diag(1,10)x, diffusion √0.1·chol(Σ(x)), Σ = [[1+x₁², .3],[.3, 1+x₂²]];
//   *_across_paths      the same problems with their functors wrapped in across_paths(), so the engine
//                       advances 8 paths per instruction (lane_paths_runner.hpp); bit-identical results;
// each with 1 and 2 threads. items_per_second is path-steps per second.
// Run: build/bin/bench_sde_engine --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true
//      (ratio to the ceiling = em_ou_1d* / normals_ceiling at the same thread count)
#include <sgdsde/sde/covariance_factor.hpp>
#include <sgdsde/sde/euler_maruyama.hpp>
#include <sgdsde/sde/observers.hpp>
#include <sgdsde/sde/sde_problem.hpp>
#include <sgdsde/sde/simulate.hpp>

#include <benchmark/benchmark.h>

using namespace sgdsde::sde;

namespace {
constexpr std::uint64_t paths = 10000, steps = 1000;

simulation_options options(unsigned threads) {
  simulation_options o;
  o.dt = 1e-3;
  o.n_steps = steps;
  o.seed = 1;
  o.ensemble.n_paths = paths;
  o.ensemble.threads = threads;
  return o;
}

void normals_ceiling(benchmark::State& state) {
  const auto o = options(unsigned(state.range(0)));
  for (auto _ : state) {
    struct sum {
      double s = 0;
      void merge(const sum& o) { s += o.s; }
    };
    auto total = run_ensemble(o.ensemble, sum{}, [&](std::uint64_t path, sum& acc) {
      random_stream stream(o.seed, path);
      double block[250], x = 0;
      for (std::uint64_t k = 0; k < steps; k += 250) {
        fill_standard_normal(stream, block, 250);
        for (double z : block) x += z;
      }
      acc.s += x;
    });
    benchmark::DoNotOptimize(total.s);
  }
  state.SetItemsProcessed(state.iterations() * paths * steps);
}

template <class Problem, class State>
void run_em(benchmark::State& state, const Problem& problem, const State& x0) {
  const auto o = options(unsigned(state.range(0)));
  for (auto _ : state) {
    auto result = simulate_ensemble<euler_maruyama>(problem, x0, o, final_moments<State::RowsAtCompileTime>());
    benchmark::DoNotOptimize(result.moments().mean()[0]);
  }
  state.SetItemsProcessed(state.iterations() * paths * steps);
}

// `wrap` is either the identity (plain functors, one path at a time) or across_paths.
template <class Wrap>
auto ou_problem(Wrap wrap) {
  const double sigma = std::sqrt(0.1);
  return make_sde<scalar_noise, 1, 1>(wrap([](const auto& x, double, auto& out) { out = -x; }),
                                      wrap([sigma](const auto&, double, auto& out) { out.setConstant(sigma); }));
}

template <class Wrap>
auto covariance_problem(Wrap wrap) {
  return make_sde<general_noise, 2, 2>(
      wrap([](const auto& x, double, auto& out) { out << -x[0], -10.0 * x[1]; }),
      diffusion_from_covariance<2>(
          wrap([](const auto& x, double, auto& S) { S << 1 + x[0] * x[0], 0.3, 0.3, 1 + x[1] * x[1]; }), 2,
          std::sqrt(0.1)));
}

auto plain = [](auto f) { return f; };
auto across = [](auto f) { return across_paths(f); };

void em_ou_1d(benchmark::State& state) { run_em(state, ou_problem(plain), Eigen::Matrix<double, 1, 1>(1.0)); }
void em_ou_1d_across_paths(benchmark::State& state) {
  run_em(state, ou_problem(across), Eigen::Matrix<double, 1, 1>(1.0));
}
void em_2d_covariance(benchmark::State& state) { run_em(state, covariance_problem(plain), Eigen::Vector2d(1.0, 1.0)); }
void em_2d_covariance_across_paths(benchmark::State& state) {
  run_em(state, covariance_problem(across), Eigen::Vector2d(1.0, 1.0));
}
}  // namespace

BENCHMARK(normals_ceiling)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(em_ou_1d)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(em_ou_1d_across_paths)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(em_2d_covariance)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(em_2d_covariance_across_paths)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_MAIN();
