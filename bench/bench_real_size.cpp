// SGD and its SME at a researcher's size, on one core, each case in its own child process:
//   logistic regression, d = 784, n = 30,000 and 60,000 (MNIST-sized; generated data);
//   least squares,       d = 100, n = 500,000 and 1,000,000.
// For each: the data's size, one full-gradient evaluation (the baseline, same run), one SME-1
// Euler–Maruyama step in per-sample form (d×n factor, n normals) as a multiple of it (target <= 3),
// SGD steps per second at B = 32 (should not depend on n), and the child's peak RSS as a multiple
// of the data (target <= 2). Two sizes per problem show how memory grows.
// Usage: bench_real_size [scale]   (scale in (0, 1] multiplies every n; default 1)
#include <sgdsde/sde/euler_maruyama.hpp>
#include <sgdsde/sde/observers.hpp>
#include <sgdsde/sde/simulate.hpp>
#include <sgdsde/sgd/least_squares.hpp>
#include <sgdsde/sgd/logistic_regression.hpp>
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

// Seconds per call of `work`, repeated until at least half a second has passed.
template <class Work>
double seconds_per_call(Work&& work) {
  work();  // warm-up: first-touch of workspaces
  std::uint64_t calls = 0;
  const auto start = std::chrono::steady_clock::now();
  do {
    work();
    ++calls;
  } while (seconds_since(start) < 0.5);
  return seconds_since(start) / double(calls);
}

template <class Objective>
void measure(const char* name, const Objective& f, double data_bytes, double eta) {
  const int d = f.dim();
  const sgd::vector x0 = sgd::vector::Constant(d, 0.01);
  sgd::vector g(d);
  const double gradient = seconds_per_call([&] {
    f.gradient(x0, g);
    if (!std::isfinite(g[0])) std::abort();
  });

  sgd::sgd_options run;
  run.schedule = sgd::learning_rate_schedule::constant(eta);
  run.batch = 32;
  run.ensemble.n_paths = 1;
  run.ensemble.threads = 1;
  auto pair = sgd::pair_with_sme(run, 1, 1, sgd::diffusion_form::per_sample);
  const auto sme = sgd::make_sme(sgd::borrowed(f), pair.sme);
  pair.sde.n_steps = 4;
  const double sme_step = seconds_per_call([&] {
    const auto m = sde::simulate_ensemble<sde::euler_maruyama>(sme, x0, pair.sde, sde::final_moments<>(d));
    if (!std::isfinite(m.moments().mean()[0])) std::abort();
  }) / double(pair.sde.n_steps);

  run.n_steps = 20000;
  const double sgd_run = seconds_per_call([&] {
    const auto m = sgd::simulate_sgd(f, x0, run, sde::final_moments<>(d));
    if (!std::isfinite(m.moments().mean()[0])) std::abort();
  });
  std::printf("%-8s n = %8zu, d = %4d: data %7.1f MB | full gradient %8.2f ms | SME-1 EM step (per-sample) %8.2f ms = %.2fx "
              "| SGD B = 32: %.2fM steps/s\n",
              name, f.size(), d, data_bytes / 1e6, 1e3 * gradient, 1e3 * sme_step, sme_step / gradient,
              double(run.n_steps) / sgd_run / 1e6);
}

void logistic_case(std::size_t n) {
  const sgd::logistic_regression f(sgd::logistic_data(784, n, 3.0, false, 1));
  measure("logistic", f, 8.0 * double(n) * 785.0, 0.01);
}

void least_squares_case(std::size_t n) {
  const sgd::least_squares f(sgd::lecture_regression_data(100, n, 0.1, 1).data);
  measure("lsq", f, 8.0 * double(n) * 101.0, 1e-3);
}

// Runs one case in a child process and prints its peak RSS against the data's size.
void in_child(void (*run_case)(std::size_t), std::size_t n, double data_bytes) {
  const double peak = child_peak_rss_bytes([&] { run_case(n); }, "the case n = " + std::to_string(n));
  std::printf("         peak RSS %.1f MB = %.2fx the data\n", peak / 1e6, peak / data_bytes);
}

}  // namespace

int main(int argc, char** argv) {
  double scale = 1.0;
  if (argc == 2) scale = std::strtod(argv[1], nullptr);
  if (argc > 2 || !(scale > 0.0 && scale <= 1.0)) {
    std::fprintf(stderr, "usage: %s [scale in (0, 1]]\n", argv[0]);
    return 2;
  }
  for (std::size_t n : {std::size_t(30000 * scale), std::size_t(60000 * scale)})
    in_child(logistic_case, n, 8.0 * double(n) * 785.0);
  for (std::size_t n : {std::size_t(500000 * scale), std::size_t(1000000 * scale)})
    in_child(least_squares_case, n, 8.0 * double(n) * 101.0);
  return 0;
}
