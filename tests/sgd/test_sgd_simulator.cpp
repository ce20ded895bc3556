#include <sgdsde/sde/observers.hpp>
#include <sgdsde/sgd/least_squares.hpp>
#include <sgdsde/sgd/noisy_quadratic.hpp>
#include <sgdsde/sgd/random_feature_regression.hpp>
#include <sgdsde/sgd/sampled_finite_sum.hpp>
#include <sgdsde/sgd/sgd_simulator.hpp>

#include <catch2/catch.hpp>

using namespace sgdsde::sgd;
namespace sde = sgdsde::sde;

namespace {
// Unbiased estimates, with standard errors, of the mean and of the covariance of the final iterate
// around a *known* mean m: running statistics of x_i and of (x_i − m_i)(x_j − m_j).
class centred_moments {
 public:
  explicit centred_moments(vector m) : m_(std::move(m)), mean_(m_.size()), products_(m_.size() * m_.size()) {}
  template <class State> void observe(std::uint64_t, double, const State&) {}
  template <class State>
  void finish(const State& x, double) {
    const auto d = m_.size();
    for (Eigen::Index i = 0; i < d; ++i) {
      mean_[i].add(x[i]);
      for (Eigen::Index j = 0; j < d; ++j) products_[i * d + j].add((x[i] - m_[i]) * (x[j] - m_[j]));
    }
  }
  void merge(const centred_moments& o) {
    for (std::size_t i = 0; i < mean_.size(); ++i) mean_[i].merge(o.mean_[i]);
    for (std::size_t i = 0; i < products_.size(); ++i) products_[i].merge(o.products_[i]);
  }
  const sde::running_stat& mean(Eigen::Index i) const { return mean_[i]; }
  const sde::running_stat& covariance(Eigen::Index i, Eigen::Index j) const { return products_[i * m_.size() + j]; }

  // Every entry within k standard errors of the exact mean m and covariance S.
  void check(const matrix& S, double k = 5.0) const {
    for (Eigen::Index i = 0; i < m_.size(); ++i) {
      CHECK(std::abs(mean(i).mean() - m_[i]) < k * mean(i).standard_error());
      for (Eigen::Index j = 0; j < m_.size(); ++j)
        CHECK(std::abs(covariance(i, j).mean() - S(i, j)) < k * covariance(i, j).standard_error());
    }
  }

 private:
  vector m_;
  std::vector<sde::running_stat> mean_, products_;
};

// Exact mean and covariance after K steps of x ← x − η(Hx − b − noise), noise covariance Q per step:
// m ← M m + η b, S ← M S Mᵀ + η² Q with M = I − ηH.
std::pair<vector, matrix> linear_recursion(const matrix& H, const vector& b, const matrix& Q, double eta,
                                           const vector& x0, int K) {
  const matrix M = matrix::Identity(H.rows(), H.cols()) - eta * H;
  vector m = x0;
  matrix S = matrix::Zero(H.rows(), H.cols());
  for (int k = 0; k < K; ++k) {
    m = M * m + eta * b;
    S = M * S * M.transpose() + eta * eta * Q;
  }
  return {m, S};
}

sgd_options base_options(double eta, std::size_t batch, std::uint64_t steps, std::uint64_t runs) {
  sgd_options o;
  o.schedule = learning_rate_schedule::constant(eta);
  o.batch = batch;
  o.n_steps = steps;
  o.seed = 2024;
  o.ensemble.n_paths = runs;
  return o;
}
}  // namespace

TEST_CASE("SGD on a noisy quadratic: ensemble mean and covariance match the exact recursions", "[sgd][oracle]") {
  const auto f = non_commuting_quadratic(1.0, 4.0, 0.6);
  const vector x0 = (vector(2) << 1.5, -1.0).finished();
  const double eta = 0.1;
  const std::size_t B = 2;
  matrix Sigma;
  f.gradient_covariance(x0, Sigma);
  const auto [m, S] = linear_recursion(f.H(), vector::Zero(2), Sigma / double(B), eta, x0, 15);
  const auto result = simulate_sgd(f, x0, base_options(eta, B, 15, 20000), centred_moments(m));
  result.check(S);
}

TEST_CASE("SGD on a finite-n quadratic, each sampler: mean and covariance match the exact recursions", "[sgd][oracle]") {
  // ∇f_i(x) = Hx − b_i with b_i = Hγ_i: the minibatch noise is state-independent, so the mean follows
  // m ← M m + η b̄ and the covariance S ← M S Mᵀ + η² c Σ/B with the sampler's factor c.
  const matrix H = (matrix(2, 2) << 2.0, 0.5, 0.5, 1.0).finished();
  const sampled_finite_sum<noisy_quadratic> f(li_tai_e_quadratic(H), 7, 5);
  vector b = vector::Zero(2);
  for (std::size_t i = 0; i < 7; ++i) b += H * f.sample(i) / 7.0;
  const vector x0 = (vector(2) << 1.0, 1.0).finished();
  matrix Sigma;
  f.gradient_covariance(x0, Sigma);
  const double eta = 0.2;
  const std::size_t B = 3;
  for (auto kind : {sampling::with_replacement, sampling::without_replacement}) {
    auto o = base_options(eta, B, 10, 20000);
    o.sampler = kind;
    const double c = batch_covariance_factor(kind, 7, B);
    const auto [m, S] = linear_recursion(H, b, c * Sigma / double(B), eta, x0, 10);
    INFO(to_string(kind));
    simulate_sgd(f, x0, o, centred_moments(m)).check(S);
  }
  // Random reshuffling correlates the batches of an epoch, so only the mean recursion is exact.
  auto o = base_options(eta, B, 10, 20000);
  o.sampler = sampling::reshuffling;
  const auto [m, S] = linear_recursion(H, b, Sigma, eta, x0, 10);
  const auto rr = simulate_sgd(f, x0, o, centred_moments(m));
  for (int i = 0; i < 2; ++i) CHECK(std::abs(rr.mean(i).mean() - m[i]) < 5 * rr.mean(i).standard_error());
}

TEST_CASE("SVAG(l): steps η/l with gradient covariance l c Σ/B, against the exact recursions", "[sgd][svag][oracle]") {
  // x ← x − (η/l)(a g₁ + b g₂), a + b = 1, a² + b² = l: the linear recursion of step τ = η/l with
  // noise covariance l c Σ/B per step. Population noise (c = 1) and a finite sum with each sampler
  // whose two minibatches are independent.
  for (double l : {1.0, 4.0, 16.0}) {
    INFO("l = " << l);
    const auto f = non_commuting_quadratic(1.0, 4.0, 0.6);
    const vector x0 = (vector(2) << 1.5, -1.0).finished();
    const double eta = 0.1, tau = eta / l;
    const std::size_t B = 2;
    matrix Sigma;
    f.gradient_covariance(x0, Sigma);
    const int K = int(15 * l);  // the same SDE horizon T = 1.5 for every l
    const auto [m, S] = linear_recursion(f.H(), vector::Zero(2), l * Sigma / double(B), tau, x0, K);
    auto o = base_options(eta, B, std::uint64_t(K), 20000);
    o.method = update::svag;
    o.svag_l = l;
    simulate_sgd(f, x0, o, centred_moments(m)).check(S);
  }
  const matrix H = (matrix(2, 2) << 2.0, 0.5, 0.5, 1.0).finished();
  const sampled_finite_sum<noisy_quadratic> f(li_tai_e_quadratic(H), 7, 5);
  vector b = vector::Zero(2);
  for (std::size_t i = 0; i < 7; ++i) b += H * f.sample(i) / 7.0;
  const vector x0 = (vector(2) << 1.0, 1.0).finished();
  matrix Sigma;
  f.gradient_covariance(x0, Sigma);
  const double eta = 0.2, l = 8.0;
  const std::size_t B = 3;
  for (auto kind : {sampling::with_replacement, sampling::without_replacement}) {
    INFO(to_string(kind));
    auto o = base_options(eta, B, 40, 20000);
    o.sampler = kind;
    o.method = update::svag;
    o.svag_l = l;
    const double c = batch_covariance_factor(kind, 7, B);
    const auto [m, S] = linear_recursion(H, b, l * c * Sigma / double(B), eta / l, x0, 40);
    simulate_sgd(f, x0, o, centred_moments(m)).check(S);
  }
}

TEST_CASE("SVAG: its clock advances η/l per step; bad l and reshuffling are refused", "[sgd][svag][input]") {
  const auto f = non_commuting_quadratic(1.0, 4.0, 0.6);
  auto o = base_options(0.1, 1, 30, 3);
  o.method = update::svag;
  o.svag_l = 3.0;
  struct final_time {
    double t = -1;
    void observe(std::uint64_t, double, const vector&) {}
    void finish(const vector&, double time) { t = time; }
    void merge(const final_time& other) { t = other.t; }
  };
  CHECK(simulate_sgd(f, vector::Zero(2), o, final_time{}).t == Approx(30 * 0.1 / 3.0).epsilon(1e-12));
  // Under a schedule, l steps stand in for SGD step j at η_j/l each: K·l steps reach Σ_{j<K} η_j.
  o.schedule = learning_rate_schedule::inverse_power(0.5, 1.0);
  double sgd_time = 0;
  for (int j = 0; j < 10; ++j) sgd_time += 0.5 / (j + 1.0);
  CHECK(simulate_sgd(f, vector::Zero(2), o, final_time{}).t == Approx(sgd_time).epsilon(1e-12));
  for (double bad : {0.5, std::nan(""), 1e9}) {
    o.svag_l = bad;
    CHECK_THROWS_WITH(simulate_sgd(f, vector::Zero(2), o, sde::final_moments<>(2)), Catch::Contains("svag_l must be in [1, 1e8]"));
  }
  const sampled_finite_sum<noisy_quadratic> g(li_tai_e_quadratic(matrix::Identity(2, 2)), 7, 5);
  o.svag_l = 2.0;
  o.sampler = sampling::reshuffling;
  CHECK_THROWS_WITH(simulate_sgd(g, vector::Zero(2), o, sde::final_moments<>(2)), Catch::Contains("not reshuffling"));
}

TEST_CASE("heavy-ball momentum: mean and covariance match the exact joint (x, v) recursion", "[sgd][oracle]") {
  const auto f = non_commuting_quadratic(1.0, 4.0, 0.6);
  const vector x0 = (vector(2) << 1.5, -1.0).finished();
  const double eta = 0.05, beta = 0.7;
  const std::size_t B = 1;
  matrix Sigma;
  f.gradient_covariance(x0, Sigma);
  // z = (x, v): v' = βv − η(Hx − w), x' = x + v', w the minibatch noise with covariance Σ/B.
  matrix F = matrix::Zero(4, 4);
  const matrix I = matrix::Identity(2, 2);
  F.topLeftCorner(2, 2) = I - eta * f.H();
  F.topRightCorner(2, 2) = beta * I;
  F.bottomLeftCorner(2, 2) = -eta * f.H();
  F.bottomRightCorner(2, 2) = beta * I;
  matrix Q = matrix::Zero(4, 4);
  for (int a = 0; a < 2; ++a)
    for (int c = 0; c < 2; ++c) Q.block(2 * a, 2 * c, 2, 2) = eta * eta * Sigma / double(B);
  vector z = vector::Zero(4);
  z.head(2) = x0;
  matrix P = matrix::Zero(4, 4);
  for (int k = 0; k < 25; ++k) {
    z = F * z;
    P = F * P * F.transpose() + Q;
  }
  auto o = base_options(eta, B, 25, 20000);
  o.method = update::momentum;
  o.momentum = beta;
  simulate_sgd(f, x0, o, centred_moments(z.head(2))).check(P.topLeftCorner(2, 2));
}

TEST_CASE("Polyak averaging: uniform and η-weighted averages of the iterates (Theorem 2.5's x̄)", "[sgd]") {
  // Without noise (A = 0) SGD is GD: x_t = Π(I − η_i H) x0, and x̄_K = Σ_{t<K} w_t x_t / Σ w_t exactly.
  const matrix H = (matrix(2, 2) << 1.0, 0.2, 0.2, 0.5).finished();
  const noisy_quadratic f(H, matrix::Zero(2, 1));
  const vector x0 = (vector(2) << 1.0, -2.0).finished();
  const auto schedule = learning_rate_schedule::inverse_power(0.5, 0.6);
  for (auto kind : {averaging::uniform, averaging::eta_weighted}) {
    vector x = x0, sum = vector::Zero(2);
    double weight = 0;
    for (int t = 0; t < 30; ++t) {
      const double w = kind == averaging::uniform ? 1.0 : schedule(t);
      sum += w * x;
      weight += w;
      x -= schedule(t) * (H * x);
    }
    auto o = base_options(0.1, 1, 30, 3);
    o.schedule = schedule;
    o.average = kind;
    o.report_average = true;
    const auto result = simulate_sgd(f, x0, o, sde::final_moments<>(2));
    CHECK((result.moments().mean() - sum / weight).norm() < 1e-13);
  }
  // After a burn-in of s = 12 steps: x̄_K = Σ_{12≤t<30} w_t x_t / Σ w_t; the iterate itself until then.
  for (auto kind : {averaging::uniform, averaging::eta_weighted}) {
    vector x = x0, sum = vector::Zero(2);
    double weight = 0;
    std::vector<vector> expected;
    for (int t = 0; t < 30; ++t) {
      expected.push_back(weight > 0 ? vector(sum / weight) : x);
      if (t >= 12) {
        const double w = kind == averaging::uniform ? 1.0 : schedule(t);
        sum += w * x;
        weight += w;
      }
      x -= schedule(t) * (H * x);
    }
    expected.push_back(sum / weight);
    auto o = base_options(0.1, 1, 30, 1);
    o.schedule = schedule;
    o.average = kind;
    o.average_from = 12;
    o.report_average = true;
    const auto kept = simulate_sgd(f, x0, o, sde::path_recorder<>(1)).paths()[0];
    REQUIRE(kept.size() == 31);
    for (int k = 0; k <= 30; ++k) CHECK((kept[std::size_t(k)].x - expected[std::size_t(k)]).norm() < 1e-13);
  }
  auto o = base_options(0.1, 1, 30, 1);
  o.average_from = 5;
  CHECK_THROWS_WITH(simulate_sgd(f, x0, o, sde::final_moments<>(2)), Catch::Contains("average_from needs averaging"));
  o.average = averaging::uniform;
  o.average_from = 30;
  CHECK_THROWS_WITH(simulate_sgd(f, x0, o, sde::final_moments<>(2)),
                    Catch::Contains("average_from must be below the run's 30 steps, got 30"));
}

TEST_CASE("identity: injected-Gaussian-noise SGD is Euler–Maruyama on the SME-1 with dt = η", "[sgd][identity]") {
  // Both live in sme_test; here: injected noise has mean ∇f and covariance Σ/B for one step.
  const random_feature_regression f(0.5);
  const vector x0 = (vector(1) << 2.0).finished();
  const double eta = 0.1;
  const std::size_t B = 4;
  auto o = base_options(eta, B, 1, 40000);
  o.method = update::injected_noise;
  matrix Sigma;
  f.gradient_covariance(x0, Sigma);
  const vector m = x0 - eta * x0;  // ∇f(x) = x
  const matrix S = eta * eta * Sigma / double(B);
  simulate_sgd(f, x0, o, centred_moments(m)).check(S);
  o.injected = noise_law::student_t;
  o.student_dof = 10;
  simulate_sgd(f, x0, o, centred_moments(m)).check(S);
}

TEST_CASE("decaying rate η_t = 1/(μ(t+1)) on f = ½μx²: E x_T² = σ²/(Bμ²T) exactly", "[sgd][oracle]") {
  // Additive noise σ: v_{t+1} = (t/(t+1))² v_t + σ²/(Bμ²(t+1)²), so (t+1)² v_{t+1} = t² v_t + σ²/(Bμ²).
  const double mu = 2.0, sigma = 1.5;
  const std::size_t B = 2;
  const noisy_quadratic f((matrix(1, 1) << mu).finished(), (matrix(1, 1) << sigma).finished());
  auto o = base_options(0.1, B, 400, 20000);
  o.schedule = learning_rate_schedule::inverse_power(1.0 / mu, 1.0);
  const std::vector<std::uint64_t> checkpoints = {1, 10, 100, 400};
  auto square = [](const auto& x) { return x[0] * x[0]; };
  const auto result = simulate_sgd(f, (vector(1) << 5.0).finished(), o, sde::scalar_trajectory<decltype(square)>(square, 400, 1));
  std::vector<double> logT, logv;
  for (auto T : checkpoints) {
    const auto& s = result.stats()[T];
    const double exact = sigma * sigma / (double(B) * mu * mu * double(T));
    INFO("T = " << T);
    CHECK(std::abs(s.mean() - exact) < 5 * s.standard_error());
    // the SGD time at step T is Σ_{t<T} 1/(μ(t+1)) = H_T/μ
    double harmonic = 0;
    for (std::uint64_t t = 1; t <= T; ++t) harmonic += 1.0 / double(t);
    CHECK(result.times()[T] == Approx(harmonic / mu).epsilon(1e-12));
  }
}

TEST_CASE("stochastic approximation with the default field is plain SGD", "[sgd]") {
  const least_squares f(lecture_regression_data(3, 30, 0.3, 1).data);
  const vector x0 = vector::Ones(3);
  auto o = base_options(0.01, 5, 50, 8);
  const auto plain = simulate_sgd(f, x0, o, sde::path_recorder<>());
  o.method = update::stochastic_approximation;
  const auto sa = simulate_sgd(f, x0, o, sde::path_recorder<>());
  for (std::size_t r = 0; r < 8; ++r)
    for (std::size_t k = 0; k <= 50; ++k)
      CHECK((plain.paths()[r][k].x - sa.paths()[r][k].x).norm() < 1e-12 * (1 + plain.paths()[r][k].x.norm()));
  // A field that is not the gradient step changes the result: the test can fail.
  auto damped = [](const vector& x, const vector& g, vector& G) { G = x - 0.5 * g; };
  const auto other = simulate_sgd(f, x0, o, sde::path_recorder<>(), damped);
  CHECK((other.paths()[0][50].x - plain.paths()[0][50].x).norm() > 1e-6);
}

TEST_CASE("same seed, bit-identical SGD ensembles with 1 and 2 threads", "[sgd][reproducibility]") {
  const least_squares f(lecture_regression_data(4, 50, 0.3, 9).data);
  auto o = base_options(0.01, 5, 100, 300);
  o.sampler = sampling::reshuffling;
  o.ensemble.chunk_size = 16;
  o.ensemble.threads = 1;
  const auto one = simulate_sgd(f, vector::Zero(4), o, sde::final_moments<>(4));
  o.ensemble.threads = 2;
  const auto two = simulate_sgd(f, vector::Zero(4), o, sde::final_moments<>(4));
  CHECK(one.moments().mean() == two.moments().mean());
  CHECK(one.moments().covariance() == two.moments().covariance());
}

TEST_CASE("a diverging run stops with the run, step and time named", "[sgd][divergence]") {
  const auto f = non_commuting_quadratic(1.0, 4.0, 0.0);
  auto o = base_options(0.6, 1, 5000, 4);  // η > 2/L = 0.5: |1 − 4η|^k overflows near k = 2100
  try {
    simulate_sgd(f, vector::Ones(2), o, sde::final_moments<>(2));
    FAIL("no divergence reported");
  } catch (const sde::divergence_error& e) {
    CHECK(std::string(e.what()).find("in run 0 at step") != std::string::npos);
    CHECK(e.step() > 100);
  }
  o.bound = 10;
  CHECK_THROWS_WITH(simulate_sgd(f, vector::Ones(2), o, sde::final_moments<>(2)),
                    Catch::Contains("beyond the bound 10") && Catch::Contains("run 0"));
}

TEST_CASE("bad SGD input is rejected with the parameter named", "[sgd][input]") {
  const least_squares f(lecture_regression_data(3, 10, 0.3, 1).data);
  auto o = base_options(0.1, 0, 10, 4);
  CHECK_THROWS_WITH(simulate_sgd(f, vector::Zero(3), o, sde::final_moments<>(3)), Catch::Contains("batch size B must be >= 1"));
  o.batch = 11;
  o.sampler = sampling::without_replacement;
  CHECK_THROWS_WITH(simulate_sgd(f, vector::Zero(3), o, sde::final_moments<>(3)), Catch::Contains("exceeds n = 10"));
  o.batch = 2;
  CHECK_THROWS_WITH(simulate_sgd(f, vector::Zero(2), o, sde::final_moments<>(3)), Catch::Contains("dimension 2"));
  CHECK_THROWS_WITH(simulate_sgd(f, (vector(3) << 0, std::nan(""), 0).finished(), o, sde::final_moments<>(3)),
                    Catch::Contains("non-finite"));
  o.method = update::momentum;
  o.momentum = 1.0;
  CHECK_THROWS_WITH(simulate_sgd(f, vector::Zero(3), o, sde::final_moments<>(3)), Catch::Contains("momentum beta must be in [0, 1)"));
  o.method = update::injected_noise;
  o.injected = noise_law::student_t;
  o.student_dof = 2.0;
  CHECK_THROWS_WITH(simulate_sgd(f, vector::Zero(3), o, sde::final_moments<>(3)), Catch::Contains("student_dof"));
  o.injected = noise_law::user;
  CHECK_THROWS_WITH(simulate_sgd(f, vector::Zero(3), o, sde::final_moments<>(3)), Catch::Contains("needs user_noise"));
  CHECK_THROWS_WITH(base_options(0.0, 1, 1, 1), Catch::Contains("eta must be finite and > 0"));
}
