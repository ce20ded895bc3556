// `sgdsde gibbs`: is the stationary law of SGD / its SME a Gibbs law? On quadratics with constant
// gradient noise (li_tai_e, non_commuting): the exact stationary covariances (SGD: discrete
// Lyapunov; SME: continuous Lyapunov), the best-fit Gibbs temperature and the residual KL, the
// per-direction temperatures, and the probability current — exact, and estimated from one long
// trajectory of each (stochastic-area rate with a batch-means confidence interval).
#include "commands.hpp"
#include "option_checks.hpp"
#include "problem_catalog.hpp"
#include "work_cap.hpp"

#include <sgdsde/analysis/affine_gradient_model.hpp>
#include <sgdsde/analysis/gibbs.hpp>
#include <sgdsde/analysis/lyapunov.hpp>
#include <sgdsde/sde/euler_maruyama.hpp>
#include <sgdsde/sde/simulate.hpp>
#include <sgdsde/sgd/sgd_simulator.hpp>
#include <sgdsde/sgd/sme_pairing.hpp>

#include <boost/math/distributions/normal.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>
#include <type_traits>

namespace sgdsde::cli {
namespace {

struct gibbs_settings {
  problem_settings problem;
  double eta = 0.05;
  std::size_t batch = 1;
  std::uint64_t steps = 1000000, burn_in = 10000, substeps = 4, seed = 1;
  double max_path_steps = default_max_path_steps;
  bool json = false;
};

// Feeds the area-rate estimator from one long trajectory, after a burn-in.
class area_observer {
 public:
  area_observer(double dt, std::uint64_t burn_in) : estimator_(dt), burn_in_(burn_in) {}
  template <class State>
  void observe(std::uint64_t step, double, const State& x) {
    if (step >= burn_in_) estimator_.add(x);
  }
  template <class State> void finish(const State&, double) {}
  void merge(const area_observer& other) {
    if (other.estimator_.rate().count() > 0) *this = other;  // one run: the merge only moves it
  }
  const analysis::batch_means& rate() const { return estimator_.rate(); }

 private:
  analysis::area_rate_estimator estimator_;
  std::uint64_t burn_in_;
};

nlohmann::json matrix_json(const Eigen::MatrixXd& M) {
  nlohmann::json rows = nlohmann::json::array();
  for (Eigen::Index i = 0; i < M.rows(); ++i) {
    std::vector<double> r(std::size_t(M.cols()));
    for (Eigen::Index j = 0; j < M.cols(); ++j) r[std::size_t(j)] = M(i, j);
    rows.push_back(r);
  }
  return rows;
}

nlohmann::json side_json(const Eigen::MatrixXd& H, const Eigen::MatrixXd& S, const analysis::batch_means& rate) {
  const auto fit = analysis::fit_gibbs(H, S);
  const double z = boost::math::quantile(boost::math::normal(), 0.975);
  return {{"stationary_covariance", matrix_json(S)},
          {"gibbs_temperature", fit.temperature},
          {"residual_kl", fit.residual_kl},
          {"direction_temperatures", fit.direction_temperatures},
          {"area_rate_exact", analysis::ou_area_rate(H, S)},
          {"area_rate_estimate", rate.mean()},
          {"area_rate_se", rate.standard_error()},
          {"area_rate_ci95", {rate.mean() - z * rate.standard_error(), rate.mean() + z * rate.standard_error()}},
          {"autocorrelation_time", rate.autocorrelation_time()}};
}

template <class Objective>
void run(const gibbs_settings& s, const Objective& f, const sgd::vector& x0) {
  if constexpr (!std::is_same_v<Objective, sgd::noisy_quadratic> &&
                !std::is_same_v<Objective, sgd::sampled_finite_sum<sgd::noisy_quadratic>>) {
    throw std::invalid_argument("gibbs needs a quadratic with constant gradient noise: --problem li_tai_e or non_commuting");
  } else {
    if (f.dim() != 2) throw std::invalid_argument("gibbs: the probability current needs d = 2 (use two --curvatures)");
    const auto model = analysis::affine_model(f);
    const Eigen::MatrixXd H = model.A_bar();
    const Eigen::MatrixXd Sigma = model.expected_gradient_covariance(Eigen::VectorXd::Zero(2), Eigen::MatrixXd::Zero(2, 2));
    const double c_over_b = sgd::batch_covariance_factor(sgd::sampling::with_replacement, f.size(), s.batch) / double(s.batch);
    const double eta = s.eta;
    if (!(eta > 0.0)) throw std::invalid_argument("--eta must be > 0");
    const double L = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(H).eigenvalues().maxCoeff();
    if (!(eta < 2.0 / L))
      throw std::invalid_argument("--eta " + std::to_string(eta) + " >= 2/L = " + std::to_string(2.0 / L) +
                                  ": SGD has no stationary law (it diverges); the SME still has one");
    if (s.steps <= s.burn_in + 1000) throw std::invalid_argument("--steps must exceed --burn-in by at least 1000");
    work_plan work(s.max_path_steps);
    work.add("SGD", 1, double(s.steps));
    work.add("Euler-Maruyama", 1, double(s.steps) * double(s.substeps));
    work.check();
    const Eigen::MatrixXd I = Eigen::MatrixXd::Identity(2, 2);
    const Eigen::MatrixXd S_sgd = analysis::discrete_lyapunov(I - eta * H, eta * eta * c_over_b * Sigma);
    const Eigen::MatrixXd S_sme = analysis::continuous_lyapunov(H, eta * c_over_b * Sigma);

    sgd::sgd_options o;
    o.schedule = sgd::learning_rate_schedule::constant(eta);
    o.batch = s.batch;
    o.n_steps = s.steps;
    o.seed = s.seed;
    o.ensemble.n_paths = 1;
    const auto sgd_rate = sgd::simulate_sgd(f, x0, o, area_observer(eta, s.burn_in)).rate();

    const auto [paired_sgd, so, sim] = sgd::pair_with_sme(o, 1, s.substeps, sgd::diffusion_form::covariance);
    const auto sme_rate = sde::simulate_ensemble<sde::euler_maruyama>(sgd::make_sme(f, so), x0, sim,
                                                                       area_observer(sim.dt, s.burn_in * s.substeps)).rate();
    const double commutator = (H * Sigma - Sigma * H).norm();
    const nlohmann::json sgd_json = side_json(H, S_sgd, sgd_rate);
    nlohmann::json sme_json = side_json(H, S_sme, sme_rate);
    // The trajectory is Euler–Maruyama at dt = η/substeps, whose own stationary law is exact too:
    // the estimate converges to this value; its gap to the SDE's is the O(dt) discretisation bias.
    const double h = sim.dt;
    sme_json["area_rate_exact_euler_maruyama"] =
        analysis::ou_area_rate(H, analysis::discrete_lyapunov(I - h * H, h * eta * c_over_b * Sigma));
    if (s.json) {
      nlohmann::json problem = s.problem.to_json();
      problem["description"] = f.description();
      std::cout << nlohmann::json({{"command", "gibbs"},
                                   {"version", SGDSDE_VERSION},
                                   {"problem", problem},
                                   {"eta", eta},
                                   {"batch", s.batch},
                                   {"steps", s.steps},
                                   {"burn_in", s.burn_in},
                                   {"substeps", s.substeps},
                                   {"seed", s.seed},
                                   {"hessian", matrix_json(H)},
                                   {"noise_covariance", matrix_json(Sigma)},
                                   {"commutator_norm", commutator},
                                   {"sgd", sgd_json},
                                   {"sme", sme_json}})
                       .dump(2)
                << "\n";
      return;
    }
    std::printf("Gibbs or not: %s, eta = %g, B = %zu; |H Sigma - Sigma H| = %.3g (%s)\n\n", f.description().c_str(), eta,
                s.batch, commutator, commutator < 1e-12 ? "commute" : "do not commute");
    for (const nlohmann::json* side : {static_cast<const nlohmann::json*>(&sgd_json), static_cast<const nlohmann::json*>(&sme_json)}) {
      const bool is_sgd = side == &sgd_json;
      std::printf("%s  (stationary covariance: %s Lyapunov)\n", is_sgd ? "SGD" : "SME-1", is_sgd ? "discrete" : "continuous");
      std::printf("  best-fit Gibbs temperature %.6g, residual KL %.3e, per-direction temperatures %.6g, %.6g\n",
                  (*side)["gibbs_temperature"].template get<double>(), (*side)["residual_kl"].template get<double>(),
                  (*side)["direction_temperatures"][0].template get<double>(), (*side)["direction_temperatures"][1].template get<double>());
      std::printf("  probability current <x1 dx2 - x2 dx1>/dt: exact %+.4e, estimated %+.4e [%+.4e, %+.4e]\n",
                  (*side)["area_rate_exact"].template get<double>(), (*side)["area_rate_estimate"].template get<double>(),
                  (*side)["area_rate_ci95"][0].template get<double>(), (*side)["area_rate_ci95"][1].template get<double>());
      if (!is_sgd)
        std::printf("  (the trajectory is Euler-Maruyama at dt = eta/%llu, whose exact current is %+.4e)\n",
                    static_cast<unsigned long long>(s.substeps),
                    (*side)["area_rate_exact_euler_maruyama"].template get<double>());
      std::printf("\n");
    }
  }
}

}  // namespace

void register_gibbs(CLI::App& app) {
  auto s = std::make_shared<gibbs_settings>();
  auto* cmd = app.add_subcommand(
      "gibbs",
      std::string("Gibbs versus non-Gibbs stationary laws of SGD and its SME on a 2-D quadratic with constant noise:\n"
                  "exact covariances, best-fit Gibbs temperature, residual KL, per-direction temperatures, and the\n"
                  "probability current, exact and estimated from one long trajectory (the SME by Euler-Maruyama).\n") +
          problem_help());
  s->problem.name = "non_commuting";
  add_problem_options(cmd, s->problem);
  cmd->add_option("--eta", s->eta, "Learning rate (0 < eta < 2/L)")->capture_default_str();
  add_integer_option(cmd, "--batch,-B", s->batch, 1, limits::batch, "Batch size B (with replacement)")->capture_default_str();
  add_integer_option(cmd, "--steps", s->steps, 1, limits::steps, "Length of each trajectory in SGD steps")->capture_default_str();
  add_integer_option(cmd, "--burn-in", s->burn_in, 0, limits::steps, "SGD steps discarded before the current is measured")->capture_default_str();
  add_integer_option(cmd, "--substeps", s->substeps, 1, limits::substeps, "Euler-Maruyama steps per SGD step for the SME trajectory")->capture_default_str();
  add_work_cap_option(cmd, s->max_path_steps);
  add_integer_option(cmd, "--seed", s->seed, 0, limits::seed, "Seed")->capture_default_str();
  cmd->add_flag("--json", s->json, "Print one JSON object instead of a table");
  cmd->callback([s]() {
    with_problem(s->problem, [&](const auto& f, const sgd::vector& x0) { run(*s, f, x0); });
  });
}

}  // namespace sgdsde::cli
