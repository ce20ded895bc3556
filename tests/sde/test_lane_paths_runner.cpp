#include <sgdsde/sde/covariance_factor.hpp>
#include <sgdsde/sde/euler_maruyama.hpp>
#include <sgdsde/sde/milstein.hpp>
#include <sgdsde/sde/observers.hpp>
#include <sgdsde/sde/simulate.hpp>

#include <catch2/catch.hpp>

#include "same_bits.hpp"

#include <cstring>

using namespace sgdsde::sde;

namespace {
// The same SDE twice: once with its functors wrapped in across_paths() (run 8 paths at a time), once
// plain (run one path at a time); every recorded state must agree bit for bit.
template <class Across, class Plain, class State>
void check_identical_paths(const Across& across, const Plain& plain, const State& x0, simulation_options options) {
  static_assert(Across::runs_across_paths && !Plain::runs_across_paths);
  constexpr int D = Across::fixed_dim;
  const auto lanes_run = simulate_ensemble<euler_maruyama>(across, x0, options, path_recorder<D>());
  const auto plain_run = simulate_ensemble<euler_maruyama>(plain, x0, options, path_recorder<D>());
  REQUIRE(lanes_run.paths().size() == options.ensemble.n_paths);
  REQUIRE(plain_run.paths().size() == options.ensemble.n_paths);
  std::size_t compared = 0, different = 0;
  for (std::size_t p = 0; p < lanes_run.paths().size(); ++p) {
    const auto& a = lanes_run.paths()[p];
    const auto& b = plain_run.paths()[p];
    REQUIRE(a.size() == b.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
      different += !sgdsde::testing::same_bits(a[k].t, b[k].t);
      for (int i = 0; i < D; ++i) different += !sgdsde::testing::same_bits(a[k].x[i], b[k].x[i]), ++compared;
    }
  }
  CHECK(compared == options.ensemble.n_paths * (options.steps() + 1) * D);
  CHECK(different == 0);
  // Paths differ from each other (padding lanes repeat a path, but real paths are all distinct).
  CHECK(lanes_run.paths()[0].back().x != lanes_run.paths()[1].back().x);
}

simulation_options uneven_options() {
  simulation_options options;
  options.dt = 0.01;
  options.n_steps = 300;  // more than one block of pre-drawn normals, and not a multiple of it
  options.seed = 42;
  options.ensemble.n_paths = 37;  // chunks of 10: groups of 8 + 2, the last group padded
  options.ensemble.chunk_size = 10;
  options.ensemble.threads = 2;
  return options;
}

auto ou_drift = [](const auto& x, double, auto& out) { out = -x; };
auto ou_diffusion = [](const auto&, double, auto& out) { out.setConstant(std::sqrt(0.1)); };
auto drift_2d = [](const auto& x, double, auto& out) { out << -x[0], -10.0 * x[1]; };
auto covariance_2d = [](const auto& x, double, auto& S) { S << 1 + x[0] * x[0], 0.3, 0.3, 1 + x[1] * x[1]; };
}  // namespace

TEST_CASE("across paths: scalar noise (OU) is bit-identical to one path at a time", "[lane_paths_runner]") {
  auto across = make_sde<scalar_noise, 1, 1>(across_paths(ou_drift), across_paths(ou_diffusion));
  auto plain = make_sde<scalar_noise, 1, 1>(ou_drift, ou_diffusion);
  check_identical_paths(across, plain, Eigen::Matrix<double, 1, 1>(1.0), uneven_options());
}

TEST_CASE("across paths: state-dependent covariance (general noise) is bit-identical", "[lane_paths_runner]") {
  auto across = make_sde<general_noise, 2, 2>(across_paths(drift_2d),
                                              diffusion_from_covariance<2>(across_paths(covariance_2d), 2, std::sqrt(0.1)));
  auto plain = make_sde<general_noise, 2, 2>(drift_2d, diffusion_from_covariance<2>(covariance_2d, 2, std::sqrt(0.1)));
  check_identical_paths(across, plain, Eigen::Vector2d(1.0, 1.0), uneven_options());
}

TEST_CASE("across paths: a singular covariance factors lane by lane, still bit-identical", "[lane_paths_runner]") {
  // Rank one everywhere (SGD's noise at an interpolating minimum looks like this): the 2×2 closed
  // form never applies, so every step takes the per-lane eigen-decomposition path.
  auto rank_one = [](const auto& x, double, auto& S) { S << x[0] * x[0], x[0] * x[1], x[0] * x[1], x[1] * x[1]; };
  auto across = make_sde<general_noise, 2, 2>(across_paths(drift_2d), diffusion_from_covariance<2>(across_paths(rank_one), 2, 0.5));
  auto plain = make_sde<general_noise, 2, 2>(drift_2d, diffusion_from_covariance<2>(rank_one, 2, 0.5));
  auto options = uneven_options();
  options.n_steps = 40;
  check_identical_paths(across, plain, Eigen::Vector2d(0.5, -1.0), options);
}

TEST_CASE("across paths: diagonal and commutative noise, variable steps, three dimensions", "[lane_paths_runner]") {
  auto drift = [](const auto& x, double t, auto& out) { out << -x[0] + t, x[0] - x[1], -0.5 * x[2] * x[2] * x[2]; };
  auto diagonal = [](const auto& x, double, auto& out) {
    using std::sqrt;
    out << sqrt(1 + x[0] * x[0]), 0.5 * x[1], 0.2;
  };
  auto options = uneven_options();
  options.step_sizes.assign(150, 0.01);
  for (std::size_t k = 0; k < options.step_sizes.size(); k += 3) options.step_sizes[k] = 0.004;
  const Eigen::Vector3d x0(0.3, -0.2, 1.0);
  check_identical_paths(make_sde<diagonal_noise, 3, 3>(across_paths(drift), across_paths(diagonal)),
                        make_sde<diagonal_noise, 3, 3>(drift, diagonal), x0, options);
  // Commutative: both columns are multiples of x. The norm is spelled out: Eigen's squaredNorm()
  // sums a double vector in SIMD order and a lane vector in plain order (see the next test).
  auto columns = [](const auto& x, double, auto& out) {
    using std::exp;
    out.col(0) = 0.3 * x;
    out.col(1) = exp(-(x[0] * x[0] + x[1] * x[1] + x[2] * x[2])) * x;
  };
  check_identical_paths(make_sde<commutative_noise, 3, 2>(across_paths(drift), across_paths(columns)),
                        make_sde<commutative_noise, 3, 2>(drift, columns), x0, options);
}

TEST_CASE("across paths: a functor using an Eigen reduction agrees to rounding", "[lane_paths_runner]") {
  // Eigen sums squaredNorm() of a Vector3d in SIMD order for double and in plain order for lanes: the
  // paths then differ in the last bits (2e-16 here), not more.
  auto drift = [](const auto& x, double, auto& out) { out = -x * x.squaredNorm(); };
  auto noise = [](const auto&, double, auto& out) { out.setConstant(0.3); };
  auto options = uneven_options();
  const Eigen::Vector3d x0(0.3, -0.2, 1.0);
  auto across = make_sde<diagonal_noise, 3, 3>(across_paths(drift), across_paths(noise));
  auto plain = make_sde<diagonal_noise, 3, 3>(drift, noise);
  const auto a = simulate_ensemble<euler_maruyama>(across, x0, options, path_recorder<3>());
  const auto b = simulate_ensemble<euler_maruyama>(plain, x0, options, path_recorder<3>());
  double largest = 0.0;
  for (std::size_t p = 0; p < a.paths().size(); ++p)
    for (std::size_t k = 0; k < a.paths()[p].size(); ++k)
      largest = std::max(largest, (a.paths()[p][k].x - b.paths()[p][k].x).cwiseAbs().maxCoeff());
  CHECK(largest < 1e-13);
}

TEST_CASE("across paths: moments are bit-identical for 1, 2 and 3 threads and any chunking", "[lane_paths_runner][reproducibility]") {
  auto across = make_sde<general_noise, 2, 2>(across_paths(drift_2d),
                                              diffusion_from_covariance<2>(across_paths(covariance_2d), 2, std::sqrt(0.1)));
  auto plain = make_sde<general_noise, 2, 2>(drift_2d, diffusion_from_covariance<2>(covariance_2d, 2, std::sqrt(0.1)));
  simulation_options options;
  options.dt = 0.01;
  options.n_steps = 100;
  options.ensemble.n_paths = 203;
  using observers = observer_set<final_moments<2>, snapshot_moments<2>, final_histogram>;
  const observers prototype(final_moments<2>(2), snapshot_moments<2>(2, {0, 7, 50}), final_histogram(0, -2, 2, 20));
  options.ensemble.threads = 1;
  options.ensemble.chunk_size = 64;
  const Eigen::Vector2d x0(1.0, 1.0);
  const auto reference = simulate_ensemble<euler_maruyama>(plain, x0, options, prototype);
  for (unsigned threads : {1u, 2u, 3u}) {
    options.ensemble.threads = threads;
    const auto got = simulate_ensemble<euler_maruyama>(across, x0, options, prototype);
    CHECK(got.get<0>().moments().mean() == reference.get<0>().moments().mean());
    CHECK(got.get<0>().moments().covariance() == reference.get<0>().moments().covariance());
    CHECK(got.get<1>().moments()[1].covariance() == reference.get<1>().moments()[1].covariance());
    CHECK(got.get<2>().result().counts() == reference.get<2>().result().counts());
  }
}

TEST_CASE("across paths: divergence gives the one-path runner's error", "[lane_paths_runner][divergence]") {
  // dX = X³ dt + X dW blows up; with x0 = 2 and a coarse step the paths overflow at different steps.
  auto cube = [](const auto& x, double, auto& out) { out = x.cwiseProduct(x).cwiseProduct(x); };
  auto linear = [](const auto& x, double, auto& out) { out = x; };
  auto across = make_sde<scalar_noise, 1, 1>(across_paths(cube), across_paths(linear));
  auto plain = make_sde<scalar_noise, 1, 1>(cube, linear);
  simulation_options options;
  options.dt = 0.05;
  options.n_steps = 400;
  options.ensemble.n_paths = 16;
  options.ensemble.threads = 1;
  const Eigen::Matrix<double, 1, 1> x0(0.8);
  for (double bound : {std::numeric_limits<double>::infinity(), 3.0}) {
    options.bound = bound;
    std::string plain_error, across_error;
    try {
      simulate_ensemble<euler_maruyama>(plain, x0, options, final_moments<1>());
    } catch (const divergence_error& e) {
      plain_error = e.what();
    }
    try {
      simulate_ensemble<euler_maruyama>(across, x0, options, final_moments<1>());
    } catch (const divergence_error& e) {
      across_error = e.what();
    }
    // The error is that of the lowest-indexed diverging path, as when paths run one at a time
    // (here path 0 at step 24, although path 3 leaves at step 18 and lockstep sees it first).
    std::string sequential_error;
    for (std::uint64_t path = 0; path < options.ensemble.n_paths && sequential_error.empty(); ++path) {
      euler_maruyama<decltype(plain)> stepper(plain);
      brownian_stream<1> noise(options.seed, path, 1);
      brownian_increment<1> dw(1);
      auto x = x0;
      final_moments<1> observer;
      try {
        integrate_path(stepper, plain, x, noise, dw, options, path, observer);
      } catch (const divergence_error& e) {
        sequential_error = e.what();
      }
    }
    CHECK_FALSE(sequential_error.empty());
    CHECK(plain_error == sequential_error);
    CHECK(across_error == sequential_error);
  }
}

TEST_CASE("which runs go across paths", "[lane_paths_runner]") {
  auto across = make_sde<scalar_noise, 1, 1>(across_paths(ou_drift), across_paths(ou_diffusion));
  auto half = make_sde<scalar_noise, 1, 1>(across_paths(ou_drift), ou_diffusion);
  auto dynamic = make_sde<scalar_noise>(1, 1, across_paths(ou_drift), across_paths(ou_diffusion));
  using A = decltype(across);
  struct first_passage : final_moments<1> {
    bool done() const { return false; }
  };
  STATIC_REQUIRE(runs_across_paths_v<euler_maruyama<A>, A, final_moments<1>>);
  STATIC_REQUIRE_FALSE(runs_across_paths_v<milstein<A>, A, final_moments<1>>);          // Milstein: one at a time
  STATIC_REQUIRE_FALSE(runs_across_paths_v<euler_maruyama<A>, A, first_passage>);       // paths that stop early
  STATIC_REQUIRE_FALSE(decltype(half)::runs_across_paths);                              // every functor must promise
  STATIC_REQUIRE_FALSE(decltype(dynamic)::runs_across_paths);                           // fixed sizes only
}
