// `sgdsde escape`: escape from a well on a 1-D problem. Mean first-passage times from x0 to a target
// for SGD and for its SME (Euler–Maruyama) over a sweep of η, next to the SME's exact value
// (quadrature) and Kramers' asymptotic 2π/√(f″(min)|f″(saddle)|)·exp(ΔF/ε) when the noise is additive.
#include "commands.hpp"
#include "option_checks.hpp"
#include "output_files.hpp"
#include "problem_catalog.hpp"
#include "work_cap.hpp"
#include "matched_runs.hpp"
#include "progress.hpp"

#include <sgdsde/analysis/escape_time.hpp>
#include <sgdsde/sde/euler_maruyama.hpp>
#include <sgdsde/sde/simulate.hpp>
#include <sgdsde/sgd/sgd_simulator.hpp>
#include <sgdsde/sgd/sme.hpp>

#include <boost/math/tools/minima.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

namespace sgdsde::cli {
namespace {

struct escape_settings {
  problem_settings problem;
  std::vector<double> etas{0.03, 0.04, 0.05, 0.07, 0.1};
  double target = 1.0;
  std::optional<double> reflect_at;
  double horizon_factor = 30.0;
  std::size_t batch = 1;
  std::uint64_t runs = 2000, substeps = 4, seed = 1;
  double max_path_steps = default_max_path_steps;
  unsigned threads = 0;
  bool json = false;
  std::string csv;
};

// One method's estimate at one η: the mean over runs that hit, or the divergence message.
struct passage_estimate {
  double mean = std::nan(""), standard_error = std::nan("");
  std::uint64_t hit = 0, censored = 0;
  std::string divergence;

  nlohmann::json to_json() const {
    if (!divergence.empty()) return {{"diverged", divergence}};
    return {{"mean", mean}, {"standard_error", standard_error}, {"hit", hit}, {"censored", censored}};
  }
};

template <class Simulate>
passage_estimate estimate(Simulate&& simulate) {
  passage_estimate e;
  try {
    const analysis::first_passage_time r = simulate();
    e.mean = r.times().mean();
    e.standard_error = r.times().standard_error();
    e.hit = r.times().count();
    e.censored = r.censored();
  } catch (const sde::divergence_error& err) {
    e.divergence = err.what();
  }
  return e;
}

struct escape_point {
  double eta, temperature, exact, kramers;  // kramers NaN where it does not apply
  // temperature: ε = ηcΣ/(2B) at the well's bottom (the temperature when the noise is additive)
  std::uint64_t steps;
  passage_estimate sgd, em;
};

std::string cell(const passage_estimate& e) {
  if (!e.divergence.empty()) return "diverged";
  char b[64];
  std::snprintf(b, sizeof b, "%.5g (%.2g)%s", e.mean, e.standard_error, e.censored ? "*" : "");
  return b;
}

template <class Objective>
void run(const escape_settings& s, const Objective& f, double x0) {
  if (f.dim() != 1) throw std::invalid_argument("escape: needs a 1-D problem (double_well, random_feature, li_tai_e with one curvature)");
  if (s.etas.empty()) throw std::invalid_argument("--eta needs at least one value");
  for (double eta : s.etas)
    if (!(eta > 0.0) || !std::isfinite(eta)) throw std::invalid_argument("--eta values must be finite and > 0");
  if (!std::isfinite(s.target) || s.target == x0) throw std::invalid_argument("--target must be finite and differ from x0");
  const auto start = std::chrono::steady_clock::now();
  const bool upward = s.target > x0;
  const double width = std::abs(s.target - x0);
  const double wall = s.reflect_at ? *s.reflect_at : (upward ? x0 - 4 * width : x0 + 4 * width);
  if (upward ? !(wall < x0) : !(wall > x0)) throw std::invalid_argument("--reflect-at must lie beyond x0, away from the target");

  auto at = [](double x) { return sgd::vector::Constant(1, x); };
  auto loss = [&](double x) { return f.value(at(x)); };
  auto slope = [&](double x) { sgd::vector g; f.gradient(at(x), g); return g[0]; };
  auto curvature = [&](double x) { sgd::matrix H; f.hessian(at(x), H); return H(0, 0); };
  auto sigma2 = [&](double x) { sgd::matrix S; f.gradient_covariance(at(x), S); return S(0, 0); };
  // The well's bottom and the saddle between x0 and the target (for Kramers and the report).
  const double a = std::min(x0, s.target), b = std::max(x0, s.target);
  // Brent brackets each extremum to √eps; Newton on f′ then gives it to full precision.
  const double saddle = analysis::critical_point(
      slope, curvature, boost::math::tools::brent_find_minima([&](double x) { return -loss(x); }, a, b, 50).first, a, b);
  const double well_lo = upward ? x0 - width : saddle, well_hi = upward ? saddle : x0 + width;
  const double minimum =
      analysis::critical_point(slope, curvature, boost::math::tools::brent_find_minima(loss, well_lo, well_hi, 50).first,
                               well_lo, well_hi);
  const double barrier = loss(saddle) - loss(minimum);
  const bool additive = std::abs(sigma2(minimum) - sigma2(saddle)) <= 1e-12 * std::max(1.0, sigma2(minimum));
  // Kramers needs a true saddle strictly between x0 and the target (not the target on a slope).
  const bool interior_saddle = std::min(saddle - a, b - saddle) > 1e-6 * width && curvature(saddle) < 0.0;
  const char* no_kramers = !interior_saddle ? "n/a (no saddle between x0 and the target)"
                           : !additive      ? "n/a (state-dependent noise)"
                                            : nullptr;
  const double c_over_b = sgd::batch_covariance_factor(sgd::sampling::with_replacement, f.size(), s.batch) / double(s.batch);

  // Exact: the SME-1 dX = −f′ dt + √(ηcΣ/B) dW, mirrored when escaping downward. Every η's exact
  // time fixes its run horizon, so all are computed (and the work checked) before any run.
  const double sign = upward ? 1.0 : -1.0;
  std::vector<double> exact_times;
  std::vector<std::uint64_t> step_counts;
  work_plan work(s.max_path_steps);
  for (double eta : s.etas) {
    auto drift = [&](double y) { return -sign * slope(sign * y); };
    auto diffusion = [&](double y) { return eta * c_over_b * sigma2(sign * y); };
    // exp(barrier / temperature) beyond double's range: refuse before the (then very stiff) solve.
    const double coldest = 0.5 * std::min({diffusion(sign * minimum), diffusion(sign * saddle), diffusion(sign * x0)});
    if (!(coldest > 0.0) || barrier / coldest > 700.0)
      throw std::invalid_argument("--eta " + short_number(eta) + ": the temperature " + short_number(coldest) +
                                  " is too small against the barrier " + short_number(barrier) +
                                  ": the mean escape time, about exp(barrier / temperature), is beyond the range of a double");
    const double exact = analysis::mean_first_passage_time(drift, diffusion, sign * x0, sign * s.target, sign * wall);
    if (!std::isfinite(exact) || !(exact > 0.0))
      throw std::invalid_argument("--eta " + short_number(eta) +
                                  ": the exact mean first-passage time is beyond the range of a double (the temperature " +
                                  short_number(0.5 * eta * c_over_b * sigma2(minimum)) + " is too small against the barrier " +
                                  short_number(barrier) + ")");
    const std::uint64_t steps =
        checked_step_count(std::ceil(s.horizon_factor * exact / eta), "--horizon-factor x the exact time / --eta " + short_number(eta));
    work.add("SGD eta " + short_number(eta), double(s.runs), double(steps));
    work.add("Euler-Maruyama", double(s.runs), double(steps) * double(s.substeps));
    exact_times.push_back(exact);
    step_counts.push_back(steps);
  }
  work.check();

  const progress_meter meter("escape", int(2 * s.etas.size()));
  std::vector<escape_point> points;
  for (std::size_t i = 0; i < s.etas.size(); ++i) {
    const double eta = s.etas[i], exact = exact_times[i];
    const std::uint64_t steps = step_counts[i];
    const double temperature = 0.5 * eta * c_over_b * sigma2(minimum);
    const double kramers = !no_kramers ? analysis::kramers_escape_time(curvature(minimum), curvature(saddle),
                                                                                   barrier, temperature)
                                                   : std::nan("");
    const analysis::first_passage_time prototype(s.target, upward);
    sde::ensemble_options ensemble;
    ensemble.n_paths = s.runs;
    ensemble.threads = s.threads;
    ensemble.progress = meter.callback();
    const auto [o, so, sim] = match_runs(eta, s.batch, steps, s.substeps, s.seed, ensemble);
    const auto sgd_estimate = estimate([&] { return sgd::simulate_sgd(f, at(x0), o, prototype); });
    const auto sme = sgd::make_sme(f, so);
    const auto em_estimate = estimate([&] { return sde::simulate_ensemble<sde::euler_maruyama>(sme, at(x0), sim, prototype); });
    points.push_back({eta, temperature, exact, kramers, steps, sgd_estimate, em_estimate});
  }
  const double wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  if (!s.csv.empty()) {
    std::string csv = "eta,temperature,exact,kramers,sgd,sgd_se,sgd_censored,euler_maruyama,euler_maruyama_se,euler_maruyama_censored\n";
    char line[512];
    for (const auto& p : points) {
      std::snprintf(line, sizeof line, "%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%llu,%.10g,%.10g,%llu\n", p.eta, p.temperature,
                    p.exact, p.kramers, p.sgd.mean, p.sgd.standard_error, static_cast<unsigned long long>(p.sgd.censored),
                    p.em.mean, p.em.standard_error, static_cast<unsigned long long>(p.em.censored));
      csv += line;
    }
    write_output_file(s.csv, csv, "--csv");
  }
  if (s.json) {
    nlohmann::json problem = s.problem.to_json();
    problem["description"] = f.description();
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& p : points)
      rows.push_back({{"eta", p.eta}, {"temperature", p.temperature}, {"steps", p.steps}, {"exact", p.exact},
                      {"kramers", std::isfinite(p.kramers) ? nlohmann::json(p.kramers) : nlohmann::json(nullptr)},
                      {"sgd", p.sgd.to_json()}, {"euler_maruyama", p.em.to_json()}});
    nlohmann::json doc = {{"command", "escape"}, {"version", SGDSDE_VERSION}, {"problem", problem},
                          {"batch", s.batch}, {"x0", x0}, {"target", s.target}, {"reflect_at", wall},
                          {"runs", s.runs}, {"substeps", s.substeps}, {"seed", s.seed},
                          {"horizon_factor", s.horizon_factor},
                          {"minimum", {{"x", minimum}, {"curvature", curvature(minimum)}}},
                          {"saddle", {{"x", saddle}, {"curvature", curvature(saddle)}}},
                          {"barrier", barrier}, {"additive_noise", additive},
                          {"kramers_applies", no_kramers == nullptr}, {"points", rows},
                          {"wall_seconds", wall_seconds}};
    if (!s.csv.empty()) doc["csv"] = s.csv;
    std::cout << doc.dump(2) << "\n";
    return;
  }
  std::printf("Escape: %s, B = %zu, from x0 = %g to %g (reflected at %g), %llu runs\n", f.description().c_str(), s.batch,
              x0, s.target, wall, static_cast<unsigned long long>(s.runs));
  std::printf("well bottom %.4g (f'' = %.4g), top between x0 and target %.4g (f'' = %.4g), barrier %.4g; Kramers %s\n\n", minimum,
              curvature(minimum), saddle, curvature(saddle), barrier,
              no_kramers ? no_kramers : "with the temperature eps = eta c sigma^2/(2B)");
  std::printf("%8s %9s %8s %12s %12s %22s %22s\n", "eta", "eps", "dF/eps", "exact SME", "Kramers", "SGD mean (se)",
              "EM mean (se)");
  for (const auto& p : points) {
    char ratio[32] = "-", kramers[32] = "-";
    if (!no_kramers) {
      std::snprintf(ratio, sizeof ratio, "%.3g", barrier / p.temperature);
      std::snprintf(kramers, sizeof kramers, "%.5g", p.kramers);
    }
    std::printf("%8.4g %9.4g %8s %12.5g %12s %22s %22s\n", p.eta, p.temperature, ratio, p.exact, kramers,
                cell(p.sgd).c_str(), cell(p.em).c_str());
  }
  bool censored = false;
  for (const auto& p : points) {
    censored = censored || p.sgd.censored || p.em.censored;
    if (!p.sgd.divergence.empty()) std::printf("eta = %g, SGD: %s\n", p.eta, p.sgd.divergence.c_str());
    if (!p.em.divergence.empty()) std::printf("eta = %g, EM: %s\n", p.eta, p.em.divergence.c_str());
  }
  if (censored) std::printf("* some runs had not escaped by the horizon: that mean is biased low (raise --horizon-factor)\n");
}

}  // namespace

void register_escape(CLI::App& app) {
  auto s = std::make_shared<escape_settings>();
  auto* cmd = app.add_subcommand(
      "escape",
      std::string("Escape from a well (1-D): mean first-passage times of SGD and of its SME (Euler-Maruyama) from x0\n"
                  "to a target over a sweep of eta, next to the SME's exact value (quadrature, reflecting wall far\n"
                  "behind x0) and Kramers' asymptotic for additive noise.\n") +
          problem_help());
  default_to_mixing_double_well(s->problem);  // dF/eps from 4.2 (eta = 0.03) to 1.25 (eta = 0.1)
  add_problem_options(cmd, s->problem);
  cmd->add_option("--eta", s->etas, "Learning rates, comma-separated (each > 0)")->delimiter(',')->capture_default_str();
  cmd->add_option("--target", s->target, "Level whose first passage is timed")->capture_default_str()->check(real_in(-1e6, 1e6));
  cmd->add_option("--reflect-at", s->reflect_at,
                  "Reflecting wall of the exact computation (default x0 -/+ 4|target - x0|, behind x0)")
      ->check(real_in(-1e7, 1e7));
  cmd->add_option("--horizon-factor", s->horizon_factor,
                  "Runs stop at this multiple of the exact time; runs that have not escaped are censored")
      ->capture_default_str()
      ->check(real_in(2, 1e6));
  add_integer_option(cmd, "--batch,-B", s->batch, 1, limits::batch, "Batch size B (with replacement)")->capture_default_str();
  add_integer_option(cmd, "--runs", s->runs, 2, limits::runs, "Runs per ensemble")->capture_default_str();
  add_integer_option(cmd, "--substeps", s->substeps, 1, limits::substeps, "Euler-Maruyama steps per SGD step")->capture_default_str();
  add_work_cap_option(cmd, s->max_path_steps);
  add_integer_option(cmd, "--seed", s->seed, 0, limits::seed, "Seed")->capture_default_str();
  add_integer_option(cmd, "--threads", s->threads, 0, limits::threads, "Worker threads (0 = all cores)")->capture_default_str();
  cmd->add_flag("--json", s->json, "Print one JSON object instead of a table");
  add_output_file_option(cmd, "--csv", s->csv, "Write the per-eta table to this CSV (atomically)");
  cmd->callback([s]() {
    // Start at the left well's bottom unless told otherwise.
    with_problem(s->problem, [&](const auto& f, const sgd::vector& x0) {
      run(*s, f, s->problem.x0.empty() ? -1.0 : x0[0]);
    });
  });
}

}  // namespace sgdsde::cli
