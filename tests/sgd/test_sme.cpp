#include <sgdsde/sde/euler_maruyama.hpp>
#include <sgdsde/sde/observers.hpp>
#include <sgdsde/sde/simulate.hpp>
#include <sgdsde/sgd/least_squares.hpp>
#include <sgdsde/sgd/logistic_regression.hpp>
#include <sgdsde/sgd/noisy_quadratic.hpp>
#include <sgdsde/sgd/random_feature_regression.hpp>
#include <sgdsde/sgd/sgd_simulator.hpp>
#include <sgdsde/sgd/sme.hpp>

#include <catch2/catch.hpp>

using namespace sgdsde::sgd;
namespace sde = sgdsde::sde;

TEST_CASE("the SME's two diffusion factors have the same covariance η c Σ(x)/B", "[sme]") {
  const least_squares f(lecture_regression_data(3, 12, 0.4, 2).data);
  for (auto kind : {sampling::with_replacement, sampling::without_replacement}) {
    sme_options o;
    o.schedule = learning_rate_schedule::constant(0.05);
    o.batch = 4;
    o.sampler = kind;
    o.form = diffusion_form::per_sample;
    const auto per_sample = make_sme(f, o);
    o.form = diffusion_form::covariance;
    const auto covariance = make_sme(f, o);
    CHECK(per_sample.noise_dim() == 12);
    CHECK(covariance.noise_dim() == 3);
    const double c = batch_covariance_factor(kind, 12, 4);
    for (double s : {0.0, 0.5, -2.0}) {
      const vector x = vector::Constant(3, s);
      matrix b1 = per_sample.make_diffusion(), b2 = covariance.make_diffusion(), S;
      per_sample.diffusion(x, 0.0, b1);
      covariance.diffusion(x, 0.0, b2);
      f.gradient_covariance(x, S);
      const matrix target = 0.05 * c * S / 4.0;
      CHECK((b1 * b1.transpose() - target).norm() < 1e-12 * target.norm());
      CHECK((b2 * b2.transpose() - target).norm() < 1e-12 * target.norm());
    }
  }
}

TEST_CASE("the two diffusion forms agree in law (Euler–Maruyama ensembles)", "[sme]") {
  // Final mean and variance of each coordinate: the two ensembles use different noise dimensions,
  // so they are independent; their difference is within 5 combined standard errors.
  const least_squares f(lecture_regression_data(2, 8, 0.5, 6).data);
  sme_options o;
  o.schedule = learning_rate_schedule::constant(0.05);
  o.batch = 2;
  sde::simulation_options s;
  s.dt = 0.05;
  s.n_steps = 40;
  s.ensemble.n_paths = 20000;
  const vector x0 = vector::Constant(2, 1.0);
  auto square = [](const auto& x) { return x[0] * x[0] + x[1] * x[1]; };
  using obs = sde::observer_set<sde::final_moments<>, sde::scalar_trajectory<decltype(square)>>;
  const obs prototype(sde::final_moments<>(2), sde::scalar_trajectory<decltype(square)>(square, 40, 40));
  o.form = diffusion_form::per_sample;
  const auto a = sde::simulate_ensemble<sde::euler_maruyama>(make_sme(f, o), x0, s, prototype);
  o.form = diffusion_form::covariance;
  const auto b = sde::simulate_ensemble<sde::euler_maruyama>(make_sme(f, o), x0, s, prototype);
  const auto& ma = a.get<0>().moments();
  const auto& mb = b.get<0>().moments();
  for (int i = 0; i < 2; ++i) {
    const double se = std::sqrt((ma.covariance()(i, i) + mb.covariance()(i, i)) / 20000.0);
    CHECK(std::abs(ma.mean()[i] - mb.mean()[i]) < 5 * se);
  }
  const auto& qa = a.get<1>().stats()[1];
  const auto& qb = b.get<1>().stats()[1];
  CHECK(std::abs(qa.mean() - qb.mean()) < 5 * std::hypot(qa.standard_error(), qb.standard_error()));
}

TEST_CASE("identity: injected-Gaussian-noise SGD and EM on the SME-1 with dt = η, same normals, same iterates", "[sme][identity]") {
  const least_squares f(lecture_regression_data(2, 20, 0.7, 3).data);  // state-dependent Σ(x)
  const double eta = 0.02;
  const std::size_t B = 3;
  const vector x0 = (vector(2) << 1.0, -0.5).finished();
  sgd_options g;
  g.schedule = learning_rate_schedule::constant(eta);
  g.batch = B;
  g.method = update::injected_noise;
  g.n_steps = 60;
  g.seed = 77;
  g.ensemble.n_paths = 6;
  const auto sgd_paths = simulate_sgd(f, x0, g, sde::path_recorder<>());
  sme_options o;
  o.schedule = g.schedule;
  o.batch = B;
  o.form = diffusion_form::covariance;
  sde::simulation_options s;
  s.dt = eta;
  s.n_steps = 60;
  s.seed = 77;
  s.ensemble.n_paths = 6;
  const auto sde_paths = sde::simulate_ensemble<sde::euler_maruyama>(make_sme(f, o), x0, s, sde::path_recorder<>());
  for (std::size_t r = 0; r < 6; ++r)
    for (std::size_t k = 0; k <= 60; ++k) {
      CHECK((sgd_paths.paths()[r][k].x - sde_paths.paths()[r][k].x).norm() < 1e-12 * (1 + x0.norm()));
      CHECK(sgd_paths.paths()[r][k].t == Approx(sde_paths.paths()[r][k].t).epsilon(1e-12));
    }
  // Different seeds give different iterates: the comparison could fail.
  g.seed = 78;
  const auto other = simulate_sgd(f, x0, g, sde::path_recorder<>());
  CHECK((other.paths()[0][60].x - sde_paths.paths()[0][60].x).norm() > 1e-6);
}

TEST_CASE("SME-2 drift is −∇(f + (η/4)|∇f|²)", "[sme]") {
  const logistic_regression f(logistic_data(2, 30, 2.0, false, 4), 0.05);
  const double eta = 0.3;
  sme_options o;
  o.order = 2;
  o.schedule = learning_rate_schedule::constant(eta);
  const auto sme2 = make_sme(f, o);
  auto modified = [&](const vector& x) {
    vector g;
    f.gradient(x, g);
    return f.value(x) + 0.25 * eta * g.squaredNorm();
  };
  const vector x = (vector(2) << 0.7, -0.4).finished();
  vector a(2);
  sme2.drift(x, 0.0, a);
  const double h = 1e-5;
  for (int j = 0; j < 2; ++j) {
    vector xp = x, xm = x;
    xp[j] += h;
    xm[j] -= h;
    CHECK(a[j] == Approx(-(modified(xp) - modified(xm)) / (2 * h)).epsilon(1e-7));
  }
  o.order = 1;
  vector a1(2), g;
  make_sme(f, o).drift(x, 0.0, a1);
  f.gradient(x, g);
  CHECK((a1 + g).norm() < 1e-15);
  CHECK((a1 - a).norm() > 1e-4);
}

TEST_CASE("a schedule makes the SME time-dependent on the SGD clock t_k = Σ η_i", "[sme][oracle]") {
  // f = ½μx² with additive noise σ: EM's mean and variance follow exact recursions over the
  // variable steps h_j = η_k/substeps: m ← (1 − μh)m, v ← (1 − μh)²v + h η(t) σ²/B.
  const double mu = 1.0, sigma = 2.0;
  const std::size_t B = 2;
  const noisy_quadratic f((matrix(1, 1) << mu).finished(), (matrix(1, 1) << sigma).finished());
  const auto schedule = learning_rate_schedule::inverse_power(0.5, 0.5);
  const std::uint64_t K = 30, substeps = 4;
  sme_options o;
  o.schedule = schedule;
  o.batch = B;
  o.horizon_steps = K;
  const auto problem = make_sme(f, o);
  sde::simulation_options s;
  s.step_sizes = sme_step_sizes(schedule, K, substeps);
  s.ensemble.n_paths = 40000;
  double m = 3.0, v = 0.0;
  for (std::uint64_t k = 0; k < K; ++k)
    for (std::uint64_t j = 0; j < substeps; ++j) {
      const double h = schedule(k) / double(substeps);
      v = (1 - mu * h) * (1 - mu * h) * v + h * schedule(k) * sigma * sigma / double(B);
      m *= 1 - mu * h;
    }
  auto id = [](const auto& x) { return x[0]; };
  const auto result = sde::simulate_ensemble<sde::euler_maruyama>(problem, (vector(1) << 3.0).finished(), s,
                                                                   sde::scalar_trajectory<decltype(id)>(id, K * substeps, substeps));
  const auto& last = result.stats()[K];
  CHECK(std::abs(last.mean() - m) < 5 * last.standard_error());
  // variance: the sample variance's standard error for a Gaussian is v·√(2/(N−1))
  CHECK(std::abs(last.variance() - v) < 5 * v * std::sqrt(2.0 / 39999.0));
  // record k sits at t_k
  schedule_clock clock(schedule, K);
  double t = 0;
  for (std::uint64_t k = 0; k < K; ++k) t += schedule(k);
  CHECK(result.times()[K] == Approx(t).epsilon(1e-12));
  CHECK(clock.time_of_step(K) == Approx(t).epsilon(1e-14));
  CHECK(clock.rate(clock.time_of_step(7)) == schedule(7));
  CHECK(clock.rate(0.5 * (clock.time_of_step(7) + clock.time_of_step(8))) == schedule(7));
}

TEST_CASE("bad SME options are rejected with the parameter named", "[sme][input]") {
  const least_squares f(lecture_regression_data(2, 10, 0.4, 2).data);
  sme_options o;
  o.order = 3;
  CHECK_THROWS_WITH(make_sme(f, o), Catch::Contains("order must be 1 or 2"));
  o.order = 1;
  o.batch = 0;
  CHECK_THROWS_WITH(make_sme(f, o), Catch::Contains("batch size B must be >= 1"));
  o.batch = 20;
  o.sampler = sampling::without_replacement;
  CHECK_THROWS_WITH(make_sme(f, o), Catch::Contains("exceeds n = 10"));
  sme_options p;
  p.form = diffusion_form::per_sample;
  CHECK_THROWS_WITH(make_sme(random_feature_regression(), p), Catch::Contains("per_sample diffusion needs a finite data set"));
  CHECK_THROWS_WITH(sme_step_sizes(learning_rate_schedule::constant(0.1), 10, 0), Catch::Contains("substeps"));
}

// The operation counts are choose_diffusion's: per_sample n(2d + 20), covariance n d² + d³/3 + 20d flops;
// workspaces 16n and 16d² bytes. Each case sits on a known side of a threshold.
TEST_CASE("automatic diffusion weighs flops and memory, and says which it took", "[sme][diffusion]") {
  SECTION("d = 1: forming the 1x1 covariance is cheaper than n normals") {
    const auto c = choose_diffusion(diffusion_form::automatic, 200, 1);
    CHECK(c.form == diffusion_form::covariance);
    CHECK(c.noise_dims == 1);
    CHECK(c.per_sample_flops == 200.0 * 22.0);
    CHECK(c.covariance_flops == 200.0 + 1.0 / 3.0 + 20.0);
    CHECK_THAT(c.reason, Catch::Contains("4.4e+03 flops per step against 220 for covariance"));
  }
  SECTION("the lecture's least squares, d = 10, n = 200: per_sample, m = n") {
    const auto c = choose_diffusion(diffusion_form::automatic, 200, 10);
    CHECK(c.form == diffusion_form::per_sample);
    CHECK(c.noise_dims == 200);
    CHECK(c.per_sample_bytes == 16.0 * 200);
    CHECK(c.covariance_bytes == 16.0 * 100);
  }
  SECTION("MNIST-sized logistic regression, n = 60000, d = 784: per_sample, 960 kB against 9.8 MB") {
    const auto c = choose_diffusion(diffusion_form::automatic, 60000, 784);
    CHECK(c.form == diffusion_form::per_sample);
    CHECK(c.per_sample_bytes == 16.0 * 60000);
    CHECK(c.covariance_bytes == 16.0 * 784 * 784);
  }
  SECTION("the cheaper form's workspace beyond 1 GiB, the other's within it: the other, and the reason says so") {
    // 16 n bytes: n = 2^26 is exactly the cap, one more sample is over it; covariance at d = 128 needs 262 kB.
    CHECK(choose_diffusion(diffusion_form::automatic, std::size_t(1) << 26, 128).form == diffusion_form::per_sample);
    const auto c = choose_diffusion(diffusion_form::automatic, (std::size_t(1) << 26) + 1, 128);
    CHECK(c.form == diffusion_form::covariance);
    CHECK(c.noise_dims == 128);
    CHECK_THAT(c.reason, Catch::Contains("but per_sample needs 1.07e+09 bytes of workspace per worker, over the 1.07e+09-byte cap"));
  }
  SECTION("population objectives and schemes reading Levy areas keep m = d") {
    CHECK(choose_diffusion(diffusion_form::automatic, 0, 3).form == diffusion_form::covariance);
    const auto c = choose_diffusion(diffusion_form::automatic, 200, 10, true, "integrator milstein");
    CHECK(c.form == diffusion_form::covariance);
    CHECK_THAT(c.reason, Catch::Contains("integrator milstein reads Levy areas"));
    CHECK_THROWS_WITH(choose_diffusion(diffusion_form::per_sample, 200, 10, true, "integrator milstein"),
                      Catch::Contains("1.99e+04 areas per step; use the covariance diffusion (m = d = 10)"));
    CHECK_THROWS_WITH(choose_diffusion(diffusion_form::per_sample, 0, 3), Catch::Contains("needs a finite data set"));
  }
  SECTION("a requested form is kept, with the costs beside it") {
    const auto c = choose_diffusion(diffusion_form::covariance, 200, 10);
    CHECK(c.form == diffusion_form::covariance);
    CHECK_THAT(c.reason, Catch::StartsWith("requested"));
    CHECK(choose_diffusion(diffusion_form::per_sample, 200, 1).form == diffusion_form::per_sample);
  }
  SECTION("make_sme follows the choice: m = n under per_sample, d under covariance") {
    const least_squares f(lecture_regression_data(10, 200, 0.4, 2).data);
    CHECK(make_sme(f, sme_options{}).noise_dim() == 200);
    sme_options o;
    o.form = diffusion_form::covariance;
    CHECK(make_sme(f, o).noise_dim() == 10);
  }
}

TEST_CASE("Euler-Maruyama applies the per-sample diffusion without forming it, to rounding", "[sme][diffusion]") {
  const logistic_regression f(logistic_data(4, 150, 2.0, false, 3), 0.05);
  sme_options o;
  o.batch = 8;
  o.form = diffusion_form::per_sample;
  const auto per_sample = make_sme(f, o);
  REQUIRE(per_sample.applies_diffusion());
  CHECK(per_sample.make_diffusion().size() == 0);  // Euler-Maruyama never allocates the d x n factor
  o.form = diffusion_form::covariance;
  CHECK_FALSE(make_sme(f, o).applies_diffusion());
  const vector x = (vector(4) << 0.4, -0.3, 0.2, 0.1).finished();
  sgdsde::sde::random_stream stream(5, 0, sgdsde::sde::substream::user);
  vector z(150);
  for (Eigen::Index i = 0; i < z.size(); ++i) z[i] = sgdsde::sde::standard_normal(stream);
  matrix b;
  per_sample.diffusion(x, 0.0, b);
  const vector formed = b * z;
  vector applied;
  per_sample.apply_diffusion(x, 0.0, z, applied);
  CHECK((applied - formed).norm() <= 1e-12 * formed.norm());
  // One Euler-Maruyama step through the stepper against x + a h + b dW written out.
  sgdsde::sde::euler_maruyama<std::decay_t<decltype(per_sample)>> em(per_sample);
  sgdsde::sde::brownian_increment<Eigen::Dynamic> dw;
  dw.resize(150);
  dw.dt = 0.01;
  dw.dW = 0.1 * z;
  vector a, y = x;
  per_sample.drift(x, 0.0, a);
  em.do_step(per_sample, y, 0.0, dw);
  const vector expected = x + a * 0.01 + b * dw.dW;
  CHECK((y - expected).norm() <= 1e-13 * expected.norm());
  // A borrowed objective (no copy of the data) gives the same problem, bit for bit.
  const auto shared = make_sme(borrowed(f), o);
  vector a_shared;
  shared.drift(x, 0.0, a_shared);
  matrix b_covariance, b_shared;
  make_sme(f, o).diffusion(x, 0.0, b_covariance);
  shared.diffusion(x, 0.0, b_shared);
  CHECK(a_shared == a);
  CHECK(b_shared == b_covariance);
}
