#include <sgdsde/sde/ensemble.hpp>
#include <sgdsde/sde/euler_maruyama.hpp>
#include <sgdsde/sde/milstein.hpp>
#include <sgdsde/sde/observers.hpp>
#include <sgdsde/sde/path_loop.hpp>
#include <sgdsde/sde/simulate.hpp>
#include <sgdsde/sde/solvable_sdes.hpp>

#include <catch2/catch.hpp>

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>

using namespace sgdsde::sde;

namespace {
auto ou_problem() {
  return make_sde<scalar_noise, 1, 1>([](const auto& x, double, auto& out) { out = -x; },
                                      [](const auto&, double, auto& out) { out.setConstant(std::sqrt(0.1)); });
}
}  // namespace

TEST_CASE("same seed, bit-identical results with 1 and 2 threads", "[ensemble][reproducibility]") {
  const solvable::linear_noncommutative c;
  auto problem = c.problem();
  simulation_options options;
  options.dt = 1.0 / 64;
  options.n_steps = 64;
  options.seed = 99;
  options.ensemble.n_paths = 1000;
  options.ensemble.chunk_size = 16;
  using observers = observer_set<final_moments<2>, moment_trajectory<2>, final_histogram>;
  const observers prototype(final_moments<2>(2), moment_trajectory<2>(2, 64, 8), final_histogram(0, -3, 3, 30));
  options.ensemble.threads = 1;
  const auto one = simulate_ensemble<milstein>(problem, c.initial_state(), options, prototype);
  options.ensemble.threads = 2;
  const auto two = simulate_ensemble<milstein>(problem, c.initial_state(), options, prototype);
  options.ensemble.threads = 7;
  const auto seven = simulate_ensemble<milstein>(problem, c.initial_state(), options, prototype);
  for (const auto* other : {&two, &seven}) {
    CHECK(one.get<0>().moments().mean() == other->get<0>().moments().mean());
    CHECK(one.get<0>().moments().covariance() == other->get<0>().moments().covariance());
    for (std::size_t i = 0; i < one.get<1>().moments().size(); ++i)
      CHECK(one.get<1>().moments()[i].covariance() == other->get<1>().moments()[i].covariance());
    CHECK(one.get<2>().result().counts() == other->get<2>().result().counts());
  }
  CHECK(one.get<0>().moments().count() == 1000);
  // A different seed gives a different result (the test could fail).
  options.seed = 100;
  const auto other_seed = simulate_ensemble<milstein>(problem, c.initial_state(), options, prototype);
  CHECK(one.get<0>().moments().mean() != other_seed.get<0>().moments().mean());
}

TEST_CASE("the progress callback counts merged paths in order and changes no result", "[ensemble]") {
  simulation_options options;
  options.dt = 0.01;
  options.n_steps = 10;
  options.ensemble.n_paths = 1000;
  options.ensemble.chunk_size = 64;
  options.ensemble.threads = 2;
  const Eigen::Matrix<double, 1, 1> x0(1.0);
  const auto quiet = simulate_ensemble<euler_maruyama>(ou_problem(), x0, options, final_moments<1>());
  std::vector<std::uint64_t> seen, totals;  // recorded, checked on this thread (Catch is not thread-safe)
  options.ensemble.progress = [&](std::uint64_t done, std::uint64_t total) {
    seen.push_back(done);
    totals.push_back(total);
  };
  const auto watched = simulate_ensemble<euler_maruyama>(ou_problem(), x0, options, final_moments<1>());
  CHECK(std::all_of(totals.begin(), totals.end(), [](std::uint64_t t) { return t == 1000; }));
  CHECK(watched.moments().mean() == quiet.moments().mean());
  REQUIRE(!seen.empty());
  CHECK(std::adjacent_find(seen.begin(), seen.end(), std::greater_equal<>()) == seen.end());  // strictly increasing
  CHECK(seen.back() == 1000);
}

TEST_CASE("paths advanced in lockstep are bit-identical to paths integrated one at a time", "[ensemble][reproducibility]") {
  // 10 paths in chunks of 3: groups of interleaved_paths never fill evenly, so the tails are exercised.
  const solvable::linear_noncommutative c;
  auto problem = c.problem();
  simulation_options options;
  options.dt = 1.0 / 32;
  options.n_steps = 32;
  options.seed = 7;
  options.ensemble.n_paths = 10;
  options.ensemble.chunk_size = 3;
  options.ensemble.threads = 2;
  const auto recorded = simulate_ensemble<milstein>(problem, c.initial_state(), options, path_recorder<2>());
  REQUIRE(recorded.paths().size() == 10);
  for (std::uint64_t path = 0; path < 10; ++path) {
    milstein<decltype(problem)> stepper(problem);
    brownian_stream<2> noise(options.seed, path, 2, true, options.levy_area_tolerance);
    brownian_increment<2> dw(2);
    path_recorder<2> alone;
    auto x = c.initial_state();
    integrate_path(stepper, problem, x, noise, dw, options, path, alone);
    REQUIRE(alone.paths().size() == 1);
    const auto& expected = alone.paths()[0];
    const auto& got = recorded.paths()[path];
    REQUIRE(got.size() == expected.size());
    for (std::size_t k = 0; k < got.size(); ++k) {
      CHECK(got[k].t == expected[k].t);
      CHECK(got[k].x == expected[k].x);
    }
  }
}

TEST_CASE("a range of paths run elsewhere merges to exactly the full run", "[ensemble]") {
  ensemble_options all;
  all.n_paths = 1000;
  all.chunk_size = 50;
  all.threads = 2;
  auto run_path = [](std::uint64_t path, running_stat& acc) {
    random_stream s(5, path);
    acc.add(standard_normal(s));
  };
  const running_stat full = run_ensemble(all, running_stat{}, run_path);
  // Two "processes": paths [0, 400) and [400, 1000); the root folds their chunks in order.
  std::vector<running_stat> chunks;
  ensemble_options first = all, second = all;
  first.n_paths = 400;
  second.first_path = 400;
  second.n_paths = 600;
  std::vector<std::uint64_t> indices;
  for (const auto* part : {&first, &second})
    for_each_chunk(*part, running_stat{}, run_path, [&](std::uint64_t index, running_stat&& acc) {
      indices.push_back(index);
      chunks.push_back(acc);
    });
  running_stat merged;
  for (const auto& c : chunks) merged.merge(c);
  CHECK(merged.mean() == full.mean());
  CHECK(merged.variance() == full.variance());
  for (std::size_t i = 0; i < indices.size(); ++i) CHECK(indices[i] == i);

  ensemble_options misaligned = all;
  misaligned.first_path = 17;
  CHECK_THROWS_WITH(run_ensemble(misaligned, running_stat{}, run_path), Catch::Contains("multiple of chunk_size"));
}

namespace {
// An accumulator that counts its live copies, to see how many chunk results are held at once.
struct counted_accumulator {
  static inline std::atomic<int> live{0};
  static inline std::atomic<int> peak{0};
  double sum = 0;
  counted_accumulator() { note(); }
  counted_accumulator(const counted_accumulator& o) : sum(o.sum) { note(); }
  counted_accumulator(counted_accumulator&& o) noexcept : sum(o.sum) { note(); }
  counted_accumulator& operator=(const counted_accumulator&) = default;
  counted_accumulator& operator=(counted_accumulator&&) = default;
  ~counted_accumulator() { --live; }
  void merge(const counted_accumulator& o) { sum += o.sum; }
  static void note() {
    const int now = ++live;
    for (int p = peak.load(); now > p && !peak.compare_exchange_weak(p, now);) {
    }
  }
};
}  // namespace

namespace {
// While alive, every new thread asks for a stack of this many bytes (glibc's default attribute).
class default_thread_stack {
 public:
  explicit default_thread_stack(std::size_t bytes) {
    REQUIRE(pthread_getattr_default_np(&normal_) == 0);
    pthread_attr_t sized;
    REQUIRE(pthread_attr_init(&sized) == 0);
    REQUIRE(pthread_attr_setstacksize(&sized, bytes) == 0);
    REQUIRE(pthread_setattr_default_np(&sized) == 0);
  }
  ~default_thread_stack() { pthread_setattr_default_np(&normal_); }
  default_thread_stack(const default_thread_stack&) = delete;
  default_thread_stack& operator=(const default_thread_stack&) = delete;

 private:
  pthread_attr_t normal_;
};

// The message of the error the ensemble throws, or empty.
std::string error_of_ensemble(const ensemble_options& options) {
  try {
    run_ensemble(options, running_stat{}, [](std::uint64_t path, running_stat& acc) { acc.add(double(path)); });
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("a worker thread that cannot be started is an error, not an abort", "[ensemble][fault]") {
  // Make every new thread ask for a 16 TiB stack: pthread_create fails (ENOMEM or EAGAIN), as under
  // a thread or memory limit. Before, the half-built thread pool's destructor called std::terminate.
  ensemble_options options;
  options.n_paths = 64;
  options.threads = 2;
  options.chunk_size = 1;
  std::string message;
  {
    const default_thread_stack huge(std::size_t(1) << 44);
    message = error_of_ensemble(options);
  }
  CHECK(message.find("could not start worker thread") != std::string::npos);
  // With threads available again the same ensemble runs.
  auto run_path = [](std::uint64_t path, running_stat& acc) { acc.add(double(path)); };
  CHECK(run_ensemble(options, running_stat{}, run_path).count() == 64);
}

#ifndef __SANITIZE_ADDRESS__  // the sanitizer reserves its shadow memory outside any address-space limit we could set
TEST_CASE("a worker that cannot start after others did stops them and is an error", "[ensemble][fault]") {
  // Address space for one more 64 MiB thread stack, not two: the first worker starts, the second
  // cannot. Before, the half-built pool's joinable std::thread was destroyed: std::terminate.
  const default_thread_stack sized(std::size_t(64) << 20);
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0;
  statm >> pages;
  REQUIRE(pages > 0);
  rlimit before{};
  REQUIRE(getrlimit(RLIMIT_AS, &before) == 0);
  ensemble_options options;
  options.n_paths = 4096;
  options.threads = 3;
  options.chunk_size = 1;
  rlimit tight = before;
  tight.rlim_cur = pages * std::size_t(sysconf(_SC_PAGESIZE)) + (std::size_t(96) << 20);
  REQUIRE(setrlimit(RLIMIT_AS, &tight) == 0);
  const std::string message = error_of_ensemble(options);
  REQUIRE(setrlimit(RLIMIT_AS, &before) == 0);
  CHECK(message.find("could not start worker thread 2 of 3") != std::string::npos);
}
#endif

TEST_CASE("a stalled chunk cannot make the reorder buffer grow with the path count", "[ensemble][memory]") {
  ensemble_options options;
  options.n_paths = 2000;
  options.chunk_size = 1;
  options.threads = 2;
  // Path 0 stalls long enough for the other thread to run every remaining path if it were allowed to.
  auto run_path = [](std::uint64_t path, counted_accumulator& acc) {
    if (path == 0) std::this_thread::sleep_for(std::chrono::milliseconds(300));
    acc.sum += static_cast<double>(path);
  };
  counted_accumulator::live = 0;
  counted_accumulator::peak = 0;
  const counted_accumulator total = run_ensemble(options, counted_accumulator{}, run_path);
  CHECK(total.sum == 2000.0 * 1999.0 / 2);
  // The window is 4 chunks per thread; add the running chunks, the prototype, the total and
  // transient moves. Without the window the peak would be near 2000.
  CHECK(counted_accumulator::peak.load() <= 4 * 2 + 2 + 2 + 4);
}

TEST_CASE("Euler–Maruyama on OU matches the exact discrete moment recursion", "[simulate][oracle]") {
  // x_{k+1} = (1 − h) x_k + √0.1 ΔW: mean (1−h)^k x0, variance v_{k+1} = (1−h)² v_k + 0.1 h.
  // Checked within 4 standard errors (mean: √(v/N); variance: √(2/(N−1)) v for Gaussian samples).
  auto problem = ou_problem();
  simulation_options options;
  options.dt = 0.05;
  options.n_steps = 40;
  options.ensemble.n_paths = 40000;
  const Eigen::Matrix<double, 1, 1> x0(1.5);
  const auto result = simulate_ensemble<euler_maruyama>(problem, x0, options, final_moments<1>());
  double mean = x0[0], var = 0.0;
  for (int k = 0; k < 40; ++k) {
    mean *= 1 - options.dt;
    var = (1 - options.dt) * (1 - options.dt) * var + 0.1 * options.dt;
  }
  const auto& m = result.moments();
  const double n = double(m.count());
  CHECK(std::abs(m.mean()[0] - mean) < 4 * std::sqrt(var / n));
  CHECK(std::abs(m.covariance()(0, 0) - var) < 4 * std::sqrt(2.0 / (n - 1)) * var);
}

TEST_CASE("a diverging path stops the run naming its path, step and time", "[simulate][divergence]") {
  // dX = X³ dt + X dW blows up in finite time; EM with a coarse step overflows to inf.
  auto explosive = make_sde<scalar_noise, 1, 1>([](const auto& x, double, auto& out) { out = x.array().cube().matrix(); },
                                                [](const auto& x, double, auto& out) { out = x; });
  simulation_options options;
  options.dt = 0.5;
  options.n_steps = 200;
  options.ensemble.n_paths = 10;
  options.ensemble.threads = 2;
  const Eigen::Matrix<double, 1, 1> x0(2.0);
  try {
    simulate_ensemble<euler_maruyama>(explosive, x0, options, final_moments<1>());
    FAIL("expected divergence_error");
  } catch (const divergence_error& e) {
    CHECK(e.path() == 0);
    CHECK(e.step() >= 1);
    CHECK(e.time() == Approx(e.step() * 0.5));
    CHECK_THAT(e.what(), Catch::Contains("path 0") && Catch::Contains("step"));
  }
  options.bound = 10.0;
  CHECK_THROWS_WITH(simulate_ensemble<euler_maruyama>(explosive, x0, options, final_moments<1>()),
                    Catch::Contains("beyond the bound") && Catch::Contains("path 0"));
}

TEST_CASE("simulation rejects bad options and initial states", "[simulate][input]") {
  auto problem = ou_problem();
  simulation_options options;
  const Eigen::Matrix<double, 1, 1> x0(1.0);
  options.dt = 0.0;
  CHECK_THROWS_WITH(simulate_ensemble<euler_maruyama>(problem, x0, options, final_moments<1>()),
                    Catch::Contains("dt must be finite and > 0"));
  options.dt = -0.1;
  CHECK_THROWS_WITH(simulate_ensemble<euler_maruyama>(problem, x0, options, final_moments<1>()), Catch::Contains("dt"));
  options.dt = 0.1;
  options.ensemble.n_paths = 0;
  CHECK_THROWS_WITH(simulate_ensemble<euler_maruyama>(problem, x0, options, final_moments<1>()),
                    Catch::Contains("n_paths"));
  options.ensemble.n_paths = 10;
  const Eigen::Matrix<double, 1, 1> bad(std::numeric_limits<double>::quiet_NaN());
  CHECK_THROWS_WITH(simulate_ensemble<euler_maruyama>(problem, bad, options, final_moments<1>()),
                    Catch::Contains("non-finite"));
  auto dynamic = make_sde<general_noise>(2, 2, [](const auto& x, double, auto& out) { out = -x; },
                                         [](const auto&, double, auto& out) { out.setIdentity(); });
  const Eigen::VectorXd wrong = Eigen::VectorXd::Zero(3);
  CHECK_THROWS_WITH(simulate_ensemble<euler_maruyama>(dynamic, wrong, options, final_moments<>(2)),
                    Catch::Contains("dimension 3") && Catch::Contains("d = 2"));
}

TEST_CASE("a front end's stop request ends every path loop within a step", "[interrupt]") {
  // A process that would run forever: the flag, set mid-run as a signal handler sets it, stops it.
  struct endless {
    std::uint64_t steps_taken = 0;
    void advance(std::uint64_t, double, double) {
      if (++steps_taken == 1000) interrupt_requested = true;  // as a signal handler would
    }
    bool within(double) const { return true; }
    [[noreturn]] void diverged(std::uint64_t, double) const { throw std::logic_error("no"); }
    void observe(std::uint64_t, double) {}
    bool done() const { return false; }
    void finish(double) {}
  } process;
  struct forever {
    double start() const { return 0.0; }
    std::uint64_t steps() const { return ~std::uint64_t(0); }
    double step(std::uint64_t) const { return 1.0; }
    double after(std::uint64_t, double t, double h) const { return t + h; }
  };
  CHECK_THROWS_AS(run_path_loop(process, forever{}, 1.0), interrupted);
  CHECK(process.steps_taken == 1000);  // the next step's check stopped it
  interrupt_requested = false;
}
