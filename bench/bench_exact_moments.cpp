// The exact moment maps at a researcher's size, in one run:
//  1. one SGD step's moment map on least squares, built from the model's map of G (the data's fourth
//     moments by matrix products) against the baseline in the same run: the full step applied to each of
//     the d + d² + 1 unit vectors, n d² work each. The ratio is the speed-up;
//  2. the exact Gibbs study (both maps, their spectra and stationary solves) at d = 32, with its peak
//     memory at two sample counts (each in its own child process): it should grow only as the data,
//     8 n d bytes.
// Usage: bench_exact_moments [n_small n_large]   (default 2000 20000 for 1., and 10x those for 2.)
#include <sgdsde/analysis/exact_moments.hpp>
#include <sgdsde/analysis/gibbs/gibbs_exact.hpp>
#include <sgdsde/sgd/least_squares.hpp>

#include "child_peak_rss.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>

using namespace sgdsde;
using namespace sgdsde::analysis;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

affine_gradient_model regression_model(int d, std::size_t n) {
  return affine_model(sgd::least_squares(sgd::lecture_regression_data(d, n, 0.5, 11).data));
}

// The baseline: the map of one full step, evaluated at every unit vector.
affine_moment_map step_by_step_map(const affine_gradient_model& model, double eta, double c_over_b) {
  const int d = model.dim();
  return affine_map_of(d + d * d, [&](const vector& z) {
    const moment_state s{z.head(d), Eigen::Map<const matrix>(z.data() + d, d, d)};
    return moment_vector(sgd_moment_step(model, s, eta, c_over_b));
  });
}

void compare_maps(int d, std::size_t n) {
  const auto model = regression_model(d, n);
  const double eta = 1e-3, c_over_b = 1.0 / 16;
  auto start = std::chrono::steady_clock::now();
  const auto fast = sgd_moment_map(model, eta, c_over_b);
  const double fast_seconds = seconds_since(start);
  start = std::chrono::steady_clock::now();
  const auto baseline = step_by_step_map(model, eta, c_over_b);
  const double baseline_seconds = seconds_since(start);
  std::printf("  n = %6zu, d = %2d: from G's map %.3f s, step by step %.3f s (x%.0f); maps differ by %.1e relative\n", n, d,
              fast_seconds, baseline_seconds, baseline_seconds / fast_seconds, (fast.L - baseline.L).norm() / baseline.L.norm());
}

void gibbs_at(int d, std::size_t n) {
  const auto model = regression_model(d, n);
  gibbs_exact_options o;
  o.eta = 1e-3;
  o.batch = 16;
  const auto start = std::chrono::steady_clock::now();
  const auto r = exact_gibbs(model, o);
  std::printf("  n = %7zu, d = %d: %.2f s (SGD's spectral radius %.6f, relative area rate %.3f)\n", n, d, seconds_since(start),
              r.sgd.moment_stability, r.sgd.relative_area_rate);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t small = 2000, large = 20000;
  if (argc == 3) {
    small = std::strtoull(argv[1], nullptr, 10);
    large = std::strtoull(argv[2], nullptr, 10);
  } else if (argc != 1) {
    std::fprintf(stderr, "usage: bench_exact_moments [n_small n_large]\n");
    return 2;
  }
  std::printf("one SGD step's exact moment map, least squares (1 thread):\n");
  for (const std::size_t n : {small, large}) compare_maps(20, n);
  std::printf("exact Gibbs study, least squares, d = 32 (each in its own process):\n");
  const int d = 32;
  for (const std::size_t n : {10 * small, 10 * large}) {
    const double peak = child_peak_rss_bytes([&] { gibbs_at(d, n); }, "the exact Gibbs study at n = " + std::to_string(n));
    std::printf("    peak RSS %.0f MiB; the data alone %.0f MiB\n", peak / (1024.0 * 1024.0), 8.0 * double(n) * d / (1024.0 * 1024.0));
  }
}
