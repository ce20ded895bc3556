// The analysis layer's resource figures, in one run:
//  1. peak memory of a Monte Carlo weak-error run at two path counts (each in its own child process,
//     peak RSS from wait4): statistics stream, so memory must not grow with the number of paths;
//  2. throughput of a stationary run (long chains into a time-averaged histogram) in samples per
//     second per core, for SGD and for Euler–Maruyama on its SME, on one thread.
// Usage: bench_analysis [small_paths large_paths]   (default 1e6 and 1e7)
#include <sgdsde/analysis/weak_error/monte_carlo_weak_error.hpp>
#include <sgdsde/analysis/time_averaged_histogram.hpp>
#include <sgdsde/sde/euler_maruyama.hpp>
#include <sgdsde/sde/simulate.hpp>
#include <sgdsde/sgd/double_well.hpp>
#include <sgdsde/sgd/noisy_quadratic.hpp>
#include <sgdsde/sgd/sgd_simulator.hpp>
#include <sgdsde/sgd/sme_pairing.hpp>

#include "child_peak_rss.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace sgdsde;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The weak-error run measured: Li–Tai–E quadratic (d = 2), T = 1, K = 2, 4, one SDE substep.
void weak_error_run(std::uint64_t paths) {
  const auto f = sgd::li_tai_e_quadratic(Eigen::Vector2d(1.0, 0.5).asDiagonal().toDenseMatrix());
  analysis::monte_carlo_weak_error_options o;
  o.steps = {2, 4, 8};
  o.substeps = 1;
  o.ensemble.n_paths = paths;
  const auto r = analysis::monte_carlo_weak_error(f, Eigen::VectorXd::Ones(2), [](const sgd::vector& x) { return x.squaredNorm(); }, o);
  std::printf("  %.0e paths: SME-1 error at eta = %.3g: %.3e (se %.1e)\n", double(paths), r.points[0].eta,
              r.points[0].error(1), r.points[0].error_se(1));
}

// Runs weak_error_run(paths) in a child process; returns its peak RSS in MiB.
double child_peak_rss_mib(std::uint64_t paths, double& wall) {
  const auto start = std::chrono::steady_clock::now();
  const double peak = child_peak_rss_bytes([&] { weak_error_run(paths); }, "the child for " + std::to_string(paths) + " paths");
  wall = seconds_since(start);
  return peak / (1024.0 * 1024.0);
}

void stationary_throughput() {
  const sgd::double_well f(0.25, 2.0);
  const double eta = 0.05;
  const std::uint64_t steps = 400000, burn_in = 40000, chains = 4;
  const auto schedule = sgd::learning_rate_schedule::constant(eta);
  analysis::time_averaged_histogram prototype(-1.6, 1.6, 60, burn_in, steps);
  sgd::sgd_options o;
  o.schedule = schedule;
  o.n_steps = steps;
  o.ensemble.n_paths = chains;
  o.ensemble.threads = 1;
  o.ensemble.chunk_size = 1;
  auto start = std::chrono::steady_clock::now();
  const auto sgd_law = sgd::simulate_sgd(f, Eigen::VectorXd::Zero(1), o, prototype);
  const double sgd_rate = double(chains * steps) / seconds_since(start);
  const auto pair = sgd::pair_with_sme(o, 1, 1, sgd::diffusion_form::covariance);  // Euler-Maruyama at dt = eta
  start = std::chrono::steady_clock::now();
  const auto em_law = sde::simulate_ensemble<sde::euler_maruyama>(sgd::make_sme(f, pair.sme), Eigen::VectorXd::Zero(1), pair.sde, prototype);
  const double em_rate = double(chains * steps) / seconds_since(start);
  std::printf("stationary run (double well, %llu chains x %llu steps, 60-bin time-averaged histogram, 1 thread):\n",
              static_cast<unsigned long long>(chains), static_cast<unsigned long long>(steps));
  std::printf("  SGD: %.1fM samples/s per core (tau %.0f steps)\n", sgd_rate / 1e6, sgd_law.autocorrelation_time());
  std::printf("  Euler-Maruyama (dt = eta): %.1fM samples/s per core (tau %.0f steps)\n", em_rate / 1e6,
              em_law.autocorrelation_time());
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t small = 1000000, large = 10000000;
  if (argc == 3) {
    small = std::strtoull(argv[1], nullptr, 10);
    large = std::strtoull(argv[2], nullptr, 10);
  } else if (argc != 1) {
    std::fprintf(stderr, "usage: %s [small_paths large_paths]\n", argv[0]);
    return 2;
  }
  if (small < 1 || large < 1) {
    std::fprintf(stderr, "path counts must be >= 1\n");
    return 2;
  }
  std::printf("Monte Carlo weak-error run (Li-Tai-E d = 2, K = 2, 4, 8, SGD + 4 SME ensembles per eta):\n");
  double wall_small = 0, wall_large = 0;
  const double rss_small = child_peak_rss_mib(small, wall_small);
  const double rss_large = child_peak_rss_mib(large, wall_large);
  std::printf("  peak RSS: %.1f MiB at %.0e paths (%.1f s), %.1f MiB at %.0e paths (%.1f s): ratio %.3f\n", rss_small,
              double(small), wall_small, rss_large, double(large), wall_large, rss_large / rss_small);
  stationary_throughput();
  return 0;
}
