// The figures of `sgdsde figures`. Each recipe runs documented sgdsde subcommands (recorded in the
// figure's metadata), writes the CSVs the plot reads, and returns the gnuplot script. Values computed
// here rather than by a subcommand are closed forms, each named where it is written.
#include "figure_recipe.hpp"

#include <sgdsde/analysis/sgd_bounds.hpp>
#include <sgdsde/sde/stepper_registry.hpp>
#include <sgdsde/sgd/least_squares.hpp>

#include <Eigen/Dense>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace sgdsde::figures {
namespace {

using nlohmann::json;

std::string str(double v) { return io::csv_number(v); }
std::string str(std::uint64_t v) { return std::to_string(v); }
std::string str(int v) { return std::to_string(v); }
// A number for a plot label: short, not round-trip.
std::string label(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.3g", v);
  return b;
}

// A CSV with a header row, as columns of numbers (non-numeric cells become NaN).
struct csv_table {
  std::vector<std::string> header;
  std::vector<std::vector<double>> rows;
  std::vector<double> column(const std::string& name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) throw std::runtime_error("figures: CSV has no column '" + name + "'");
    const std::size_t c = std::size_t(it - header.begin());
    std::vector<double> out;
    for (const auto& r : rows) out.push_back(c < r.size() ? r[c] : std::numeric_limits<double>::quiet_NaN());
    return out;
  }
};

csv_table read_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("figures: cannot read " + path);
  csv_table t;
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) cells.push_back(cell);
    if (first) {
      t.header = cells;
      first = false;
      continue;
    }
    std::vector<double> row;
    for (const auto& c : cells) {
      char* end = nullptr;
      const double v = std::strtod(c.c_str(), &end);
      row.push_back(end != c.c_str() ? v : std::numeric_limits<double>::quiet_NaN());
    }
    t.rows.push_back(row);
  }
  return t;
}

Eigen::Matrix2d matrix2(const json& j) {
  Eigen::Matrix2d m;
  for (int i = 0; i < 2; ++i)
    for (int k = 0; k < 2; ++k) m(i, k) = j.at(i).at(k).get<double>();
  return m;
}

// Points of the ellipse {c + x : xᵀ S⁻¹ x = r²} (r = 2: the two-standard-deviation contour).
std::string ellipse_rows(const std::string& label, const Eigen::Matrix2d& S, double r,
                         const Eigen::Vector2d& centre = Eigen::Vector2d::Zero()) {
  const Eigen::LLT<Eigen::Matrix2d> llt(S);
  const Eigen::Matrix2d L = llt.matrixL();
  std::string s;
  for (int k = 0; k <= 200; ++k) {
    const double a = 2 * M_PI * k / 200;
    const Eigen::Vector2d p = centre + r * L * Eigen::Vector2d(std::cos(a), std::sin(a));
    s += label + "," + str(p[0]) + "," + str(p[1]) + "\n";
  }
  return s;
}

// --- 1. GD against SGD with small and large batches ------------------------------------------------

std::string gd_vs_sgd(figure_context& ctx) {
  const int n = 200;
  const double sigma = 0.5;
  const std::uint64_t data_seed = 3;
  const auto data = sgd::lecture_regression_data(2, n, sigma, data_seed);
  const sgd::least_squares f(data.data);
  // The step is a fixed fraction of 1/tr A: stable for single-sample steps (|x_i|² ≈ tr A).
  const double eta = 0.3 / data.A.trace();
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(data.A);
  const int steps = int(std::min(600.0, std::ceil(6.0 / (eta * eig.eigenvalues()[0]))));
  const Eigen::Vector2d x0 = data.w_star + Eigen::Vector2d(-2.0, 1.5);
  ctx.parameters() = {{"problem", "least_squares"}, {"dim", 2}, {"n", n}, {"sigma", sigma}, {"data_seed", data_seed},
                      {"eta", eta}, {"steps", steps}, {"x0", {x0[0], x0[1]}}, {"batches", {1, 20}}};
  const std::vector<std::string> common{"sgd", "--problem", "least_squares", "--dim", "2", "--n", str(n), "--sigma", str(sigma),
                                        "--data-seed", str(data_seed), "--eta", str(eta), "--steps", str(steps),
                                        "--runs", "1", "--keep-paths", "1", "--record-every", "1", "--seed",
                                        str(ctx.seed()), "--x0", str(x0[0]) + "," + str(x0[1])};
  const std::vector<std::pair<std::string, std::vector<std::string>>> runs{
      {"gd", {"--gd"}}, {"sgd_b1", {"--batch", "1"}}, {"sgd_b20", {"--batch", "20"}}};
  double lo1 = x0[0], hi1 = x0[0], lo2 = x0[1], hi2 = x0[1];
  for (const auto& [name, extra] : runs) {
    auto args = common;
    args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), {"--paths-csv", name + ".csv"});
    ctx.sgdsde(args);
    ctx.note_file(name + ".csv");
    const auto t = read_csv(ctx.dir() + "/" + name + ".csv");
    for (double v : t.column("x1")) lo1 = std::min(lo1, v), hi1 = std::max(hi1, v);
    for (double v : t.column("x2")) lo2 = std::min(lo2, v), hi2 = std::max(hi2, v);
  }
  // Least squares is quadratic, so its level sets are exact ellipses around the minimizer w_hat
  // (normal equations; w* is the noiseless teacher): f(w_hat + u) = f* + ½uᵀHu, H = XᵀX/n.
  const Eigen::MatrixXd& X = data.data.X;
  const Eigen::Vector2d w_hat = (X.transpose() * X).ldlt().solve(X.transpose() * data.data.y);
  const Eigen::Matrix2d H = X.transpose() * X / double(n);
  const double f_star = f.value(w_hat);
  const double m1 = 0.15 * (hi1 - lo1), m2 = 0.15 * (hi2 - lo2);
  lo1 -= m1, hi1 += m1, lo2 -= m2, hi2 += m2;
  double f_max = f_star;  // a convex quadratic is largest over the box at a corner
  for (double c1 : {lo1, hi1})
    for (double c2 : {lo2, hi2}) f_max = std::max(f_max, f.value(sgd::vector(Eigen::Vector2d(c1, c2))));
  std::string contours = "level,x1,x2\n";
  for (int k = 0; k < 12; ++k) {
    const double level = f_star + (f_max - f_star) * std::pow(0.5, 1.2 * k);
    contours += ellipse_rows(str(level), H.inverse(), std::sqrt(2 * (level - f_star)), w_hat) + "\n";
  }
  ctx.write("contours.csv", contours);
  ctx.parameters()["minimizer"] = {w_hat[0], w_hat[1]};
  return "set title 'GD and SGD on 2-D least squares (n = 200, {/Symbol h} = " + label(eta) +
         ", " + std::to_string(steps) + " steps): the smaller the batch, the noisier the path'\n"
         "set xlabel 'w_1'; set ylabel 'w_2'\n"
         "set xrange [" + str(lo1) + ":" + str(hi1) + "]; set yrange [" + str(lo2) + ":" + str(hi2) + "]\n"
         "set key top right opaque box\n"
         "set size ratio -1\n"
         "plot 'contours.csv' using 'x1':'x2' with lines lc rgb '#bbbbbb' title 'level sets of f', \\\n"
         "     'sgd_b1.csv' using 'x1':'x2' with lines lw 1 lc rgb '#d62728' title 'SGD, B = 1', \\\n"
         "     'sgd_b20.csv' using 'x1':'x2' with lines lw 1.5 lc rgb '#ff7f0e' title 'SGD, B = 20', \\\n"
         "     'gd.csv' using 'x1':'x2' with linespoints pt 7 ps 0.4 lw 2 lc rgb '#1f77b4' title 'GD', \\\n"
         "     '+' using (" + str(w_hat[0]) + "):(" + str(w_hat[1]) +
         ") every ::0::0 with points pt 3 ps 2 lw 2 lc rgb 'black' title 'minimizer'\n";
}

// --- 2. The lecture's linear-regression study --------------------------------------------------------

std::string lecture_regression(figure_context& ctx) {
  const int d = 10, n = 200;
  const double sigma = 0.1;
  const std::uint64_t data_seed = 1;
  const auto data = sgd::lecture_regression_data(d, n, sigma, data_seed);
  const double trace = data.A.trace();
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(data.A);
  const double L = eig.eigenvalues().maxCoeff();
  const int epochs = ctx.size(15, 40);
  const int runs = ctx.size(4, 20);
  ctx.parameters() = {{"problem", "least_squares"}, {"dim", d}, {"n", n}, {"sigma", sigma}, {"data_seed", data_seed},
                      {"epochs", epochs}, {"runs", runs}, {"trace_A", trace}, {"L", L}};
  auto run = [&](const std::string& file, std::vector<std::string> extra) {
    std::vector<std::string> args{"sgd", "--problem", "least_squares", "--dim", str(d), "--n", str(n), "--sigma", str(sigma),
                                  "--data-seed", str(data_seed), "--epochs", str(epochs), "--runs", str(runs),
                                  "--seed", str(ctx.seed()), "--csv", file};
    args.insert(args.end(), extra.begin(), extra.end());
    ctx.sgdsde(args);
    ctx.note_file(file);
  };
  // GD at 1/L; SGD rates as fractions of 1/tr A (the single-sample stability scale).
  const double eta_gd = 1.0 / L;
  const std::vector<double> fractions{0.05, 0.2, 0.5};
  run("gd.csv", {"--gd", "--eta", str(eta_gd)});
  for (double c : fractions) run("lr_" + label(c) + ".csv", {"--batch", "1", "--eta", str(c / trace)});
  for (int b : {1, 10, 50}) run("batch_" + str(b) + ".csv", {"--batch", str(b), "--eta", str(0.5 / trace)});
  // Decay after a constant warm phase of half the epochs, t counted in epochs (n steps at B = 1): a rate
  // that decays from the first step, eta_0/(k+1)^alpha, has shrunk a thousandfold within 5 epochs at
  // alpha = 1, long before the slow directions of this ill-conditioned problem have converged.
  const int warm_epochs = epochs / 2;
  for (double a : {0.0, 0.5, 1.0})
    run("decay_" + label(a) + ".csv", {"--batch", "1", "--eta", str(0.5 / trace), "--schedule", "inverse_power", "--alpha", str(a),
                                       "--decay-start", str(warm_epochs * n), "--decay-unit", str(n)});
  ctx.parameters()["decay_warm_epochs"] = warm_epochs;
  ctx.parameters()["eta_gd"] = eta_gd;
  ctx.parameters()["eta_sgd_fractions_of_1_over_trA"] = fractions;
  std::string s =
      "set multiplot layout 1,3 title 'Linear regression (n = 200, d = 10, x_i from N(0, HH^T)): loss against epochs, mean of " +
      str(runs) + " runs'\n"
      "set logscale y; set format y '10^{%L}'; set xlabel 'epoch'; set ylabel 'f(w) (mean over runs)'\n"
      "set key top right\n"
      "set title 'learning rate (B = 1)'\n"
      "plot 'gd.csv' using 'epoch':'loss_mean' with lines lw 2 lc 'black' title 'GD, {/Symbol h} = 1/L'";
  for (double c : fractions)
    s += ", 'lr_" + label(c) + ".csv' using 'epoch':'loss_mean' with lines lw 1.5 title 'SGD, {/Symbol h} = " + label(c) + "/tr A'";
  s += "\nset title 'batch size ({/Symbol h} = 0.5/tr A)'\n"
       "plot 'gd.csv' using 'epoch':'loss_mean' with lines lw 2 lc 'black' title 'GD'";
  for (int b : {1, 10, 50}) s += ", 'batch_" + str(b) + ".csv' using 'epoch':'loss_mean' with lines lw 1.5 title 'B = " + str(b) + "'";
  s += "\nset title 'decay after epoch " + str(warm_epochs) + ": {/Symbol h}_0/(1+t)^{/Symbol a}, t in epochs (B = 1)'\n"
       "plot 'gd.csv' using 'epoch':'loss_mean' with lines lw 2 lc 'black' title 'GD'";
  for (double a : {0.0, 0.5, 1.0})
    s += ", 'decay_" + label(a) + ".csv' using 'epoch':'loss_mean' with lines lw 1.5 title '{/Symbol a} = " + label(a) + "'";
  s += "\nunset multiplot\n";
  return s;
}

// --- 3. Weak error against η ---------------------------------------------------------------------------

std::string order_label(const json& fit) {
  char b[96];
  std::snprintf(b, sizeof b, "%.3f [%.3f, %.3f]", fit.at("estimate").get<double>(), fit.at("ci")[0].get<double>(),
                fit.at("ci")[1].get<double>());
  return b;
}

std::string weak_error(figure_context& ctx) {
  const std::string exact_steps = ctx.quick() ? "8,16,32,64,128,256" : "8,16,32,64,128,256,512,1024,2048";
  const std::string mc_runs = ctx.quick() ? "20000" : "400000";
  const json exact = json::parse(ctx.sgdsde({"weak-error", "--problem", "li_tai_e", "--mode", "exact", "-T", "1", "--steps",
                                             exact_steps, "--csv", "exact.csv", "--json"}));
  ctx.note_file("exact.csv");
  const json mc = json::parse(ctx.sgdsde({"weak-error", "--problem", "li_tai_e", "--mode", "monte_carlo", "-T", "1", "--steps",
                                          "4,8,16,32", "--runs", mc_runs, "--seed", str(ctx.seed()), "--csv",
                                          "monte_carlo.csv", "--json"}));
  ctx.note_file("monte_carlo.csv");
  ctx.parameters() = {{"problem", "li_tai_e"}, {"horizon", 1}, {"functional", "loss"}, {"exact_steps", exact_steps},
                      {"monte_carlo_runs", mc_runs},
                      {"fitted_orders", {{"exact_sme1", exact["order_sme1"]}, {"exact_sme2", exact["order_sme2"]},
                                         {"monte_carlo_sme1", mc["order_sme1"]}}}};
  return "set title 'Weak error |E f(x_K) - E f(X_T)| of the SME against SGD, Li-Tai-E quadratic, T = 1'\n"
         "set logscale xy; set format y '10^{%L}'; set xlabel 'learning rate {/Symbol h}'; set ylabel 'weak error of the loss'\n"
         "set key bottom right\n"
         "plot 'exact.csv' using 'eta':(abs(column('error1'))) with linespoints pt 7 lw 2 lc rgb '#1f77b4' title 'SME-1, exact: order " +
         order_label(exact["order_sme1"]) + "', \\\n"
         "     'exact.csv' using 'eta':(abs(column('error2'))) with linespoints pt 5 lw 2 lc rgb '#2ca02c' title 'SME-2, exact: order " +
         order_label(exact["order_sme2"]) + "', \\\n"
         "     'monte_carlo.csv' using 'eta':(abs(column('error1'))):(1.96*column('error1_se')) with yerrorbars pt 6 ps 1.5 lc rgb '#d62728' "
         "title 'SME-1, Monte Carlo (95% bars): order " + order_label(mc["order_sme1"]) + "', \\\n"
         "     'monte_carlo.csv' using 'eta':(abs(column('error2'))):(1.96*column('error2_se')) with yerrorbars pt 4 ps 1.5 lc rgb '#9467bd' "
         "title 'SME-2, Monte Carlo (95% bars)'\n";
}

// --- 4. Strong and weak convergence of the integrators ------------------------------------------------

std::string convergence(figure_context& ctx) {
  std::vector<std::string> args{"convergence", "--seed", str(ctx.seed()), "--csv", "convergence.csv"};
  if (ctx.quick()) args.insert(args.end(), {"--paths", "400", "--coarsest-level", "2", "--finest-level", "6",
                                           "--reference-extra-levels", "3"});
  ctx.sgdsde(args);
  ctx.note_file("convergence.csv");
  ctx.parameters() = {{"paths", ctx.quick() ? 400 : 4000}, {"levels", ctx.quick() ? "2..6" : "4..9"}};
  const std::vector<std::pair<std::string, std::string>> problems{
      {"gbm", "geometric BM (scalar)"}, {"nonlinear_diagonal", "diagonal noise"},
      {"linear_commutative", "commutative noise"}, {"linear_noncommutative", "general (Levy areas)"}};
  std::string s = "set multiplot layout 2,4 title '" + sde::integrators::titles_text() + " on shared Brownian paths: errors against dt'\n"
                  "set logscale x 2; set logscale y; set format x '2^{%L}'; set format y '10^{%L}'; set xlabel 'dt'\n"
                  "set key bottom right\n";
  for (const std::string what : {"strong", "weak"}) {
    for (const auto& [name, label] : problems) {
      s += "set title '" + label + "'; set ylabel '" + what + " error'\n";
      const std::string col = what + "_error";
      bool first = true;
      sde::integrators::for_each([&](auto scheme) {
        s += std::string(first ? "plot " : ", ") + "'convergence.csv' using (strcol('problem') eq '" + name +
             "' && strcol('method') eq '" + scheme.name + "' ? column('dt') : NaN):(abs(column('" + col + "'))):(1.96*column('" +
             col + "_se')) with yerrorlines pt 7 lw 1.5 title '" + scheme.title + "'";
        first = false;
      });
      s += "\n";
    }
  }
  s += "unset multiplot\n";
  return s;
}

// --- 5. Stationary histograms in 1-D -------------------------------------------------------------------

std::string stationary(figure_context& ctx) {
  const std::string chains_T = ctx.quick() ? "4000" : "40000";
  const std::string runs = ctx.quick() ? "20000" : "400000";
  ctx.sgdsde({"stationary", "--problem", "double_well", "--chains", "16", "-T", chains_T, "--seed", str(ctx.seed()), "--csv",
              "double_well.csv"});
  ctx.note_file("double_well.csv");
  ctx.sgdsde({"stationary", "--problem", "random_feature", "--eta", "0.1", "--runs", runs, "--range", "-1.5,1.5", "--bins", "60",
              "--seed", str(ctx.seed()), "--csv", "random_feature.csv"});
  ctx.note_file("random_feature.csv");
  ctx.parameters() = {{"double_well", {{"eta", 0.05}, {"chains", 16}, {"chain_length", chains_T}}},
                      {"random_feature", {{"eta", 0.1}, {"runs", runs}}}};
  auto panel = [](const std::string& file, const std::string& title) {
    return "set title '" + title + "'\n"
           "plot '" + file + "' using 'x':'sgd':(1.96*column('sgd_se')) with yerrorbars pt 7 ps 0.5 lc rgb '#d62728' title 'SGD', \\\n"
           "     '" + file + "' using 'x':'euler_maruyama' with steps lw 1.5 lc rgb '#1f77b4' title 'Euler-Maruyama (SME)', \\\n"
           "     '" + file + "' using 'x':'milstein' with steps lw 1.5 dt 2 lc rgb '#9467bd' title 'Milstein (SME)', \\\n"
           "     '" + file + "' using 'x':'fokker_planck' with lines lw 2.5 lc 'black' title 'Fokker-Planck (exact, SME)', \\\n"
           "     '" + file + "' using 'x':'gibbs' with lines lw 2 dt 3 lc rgb '#2ca02c' title 'Gibbs at the matched temperature'\n";
  };
  return "set multiplot layout 1,2 title 'Stationary laws in 1-D: SGD, its SME integrated, the exact Fokker-Planck and Gibbs densities'\n"
         "set xlabel 'x'; set ylabel 'density'; set key top left font ',9'\n" +
         panel("double_well.csv", "double well, additive noise, {/Symbol h} = 0.05 (16 long chains; 95% bars)") +
         "set logscale y; set format y '10^{%L}'; set yrange [1e-5:*]; set key bottom center\n" +
         panel("random_feature.csv", "random features, state-dependent noise {/Symbol S}(x) = 2x^2 + 1, {/Symbol h} = 0.1") +
         "unset multiplot\n";
}

// --- 6. Gibbs versus non-Gibbs in 2-D --------------------------------------------------------------------

std::string gibbs(figure_context& ctx) {
  const double eta = 0.05;
  const std::string steps = ctx.quick() ? "200000" : "2000000";
  const json g = json::parse(ctx.sgdsde({"gibbs", "--eta", str(eta), "--steps", steps, "--seed", str(ctx.seed()), "--json"}));
  const std::string cloud_steps = ctx.quick() ? "40000" : "200000";
  ctx.sgdsde({"sgd", "--problem", "non_commuting", "--eta", str(eta), "--steps", cloud_steps, "--runs", "1", "--keep-paths", "1",
              "--record-every", "20", "--x0", "0,0", "--seed", str(ctx.seed()), "--paths-csv", "sgd_cloud.csv"});
  ctx.note_file("sgd_cloud.csv");
  const Eigen::Matrix2d H = matrix2(g["hessian"]);
  const Eigen::Matrix2d D = matrix2(g["sme_diffusion"]);  // η c Σ/B, as the study computed it
  const Eigen::Matrix2d S_sgd = matrix2(g["sgd"]["stationary_covariance"]);
  const Eigen::Matrix2d S_sme = matrix2(g["sme"]["stationary_covariance"]);
  const double temperature = g["sme"]["gibbs_temperature"].get<double>();
  const Eigen::Matrix2d S_gibbs = temperature * H.inverse();  // p ∝ exp(-f/T) for f = ½xᵀHx
  ctx.write("ellipses.csv", "law,x1,x2\n" + ellipse_rows("sgd_discrete_lyapunov", S_sgd, 2) +
                                ellipse_rows("sme_lyapunov", S_sme, 2) + ellipse_rows("gibbs", S_gibbs, 2));
  // The SME's stationary current for OU: J(x) = (-Hx + ½ D S⁻¹ x) p(x), p = N(0, S).
  const Eigen::Matrix2d Si = S_sme.inverse();
  const Eigen::Matrix2d K = -H + 0.5 * D * Si;
  const double r1 = 3 * std::sqrt(S_sme(0, 0)), r2 = 3 * std::sqrt(S_sme(1, 1));
  const int grid = 15;
  std::vector<std::array<double, 4>> field;
  double jmax = 0;
  for (int i = 0; i < grid; ++i)
    for (int k = 0; k < grid; ++k) {
      const Eigen::Vector2d x(-r1 + 2 * r1 * i / (grid - 1), -r2 + 2 * r2 * k / (grid - 1));
      const double p = std::exp(-0.5 * x.dot(Si * x)) / (2 * M_PI * std::sqrt(S_sme.determinant()));
      const Eigen::Vector2d j = K * x * p;
      jmax = std::max(jmax, j.norm());
      field.push_back({x[0], x[1], j[0], j[1]});
    }
  const double scale = jmax > 0 ? 0.9 * std::min(2 * r1, 2 * r2) / (grid - 1) / jmax : 0.0;
  std::string current = "x1,x2,j1,j2,arrow_dx,arrow_dy\n";
  for (const auto& c : field)
    current += str(c[0]) + "," + str(c[1]) + "," + str(c[2]) + "," + str(c[3]) + "," + str(scale * c[2]) + "," + str(scale * c[3]) + "\n";
  ctx.write("current.csv", current);
  ctx.parameters() = {{"problem", g["problem"]}, {"eta", eta}, {"steps", steps}, {"cloud_steps", cloud_steps},
                      {"gibbs_temperature", temperature}, {"area_rate_sgd", g["sgd"]["area_rate_exact"]},
                      {"area_rate_sme", g["sme"]["area_rate_exact"]},
                      {"area_rate_sgd_estimate", g["sgd"]["area_rate_estimate"]},
                      {"area_rate_sgd_se", g["sgd"]["area_rate_se"]}};
  char rates[200];
  std::snprintf(rates, sizeof rates, "area rate: SGD exact %.4g, estimated %.4g +- %.2g; SME exact %.4g",
                g["sgd"]["area_rate_exact"].get<double>(), g["sgd"]["area_rate_estimate"].get<double>(),
                1.96 * g["sgd"]["area_rate_se"].get<double>(), g["sme"]["area_rate_exact"].get<double>());
  return std::string("set multiplot layout 1,2 title 'Non-commuting quadratic H = diag(1, 4), noise correlation 0.6, {/Symbol h} = 0.05: "
                     "the stationary law is not Gibbs'\n") +
         "set xlabel 'x_1'; set ylabel 'x_2'; set size ratio -1; set key top left font ',9'\n"
         "set xrange [" + str(-r1) + ":" + str(r1) + "]; set yrange [" + str(-r2) + ":" + str(r2) + "]\n"
         "set title 'SGD cloud and 2{/Symbol s} ellipses'\n"
         "plot 'sgd_cloud.csv' using 'x1':'x2' every ::100 with dots lc rgb '#999999' title 'SGD iterates', \\\n"
         "     'ellipses.csv' using (strcol('law') eq 'sgd_discrete_lyapunov' ? column('x1') : NaN):'x2' with lines lw 2.5 lc rgb '#d62728' "
         "title 'SGD (discrete Lyapunov)', \\\n"
         "     'ellipses.csv' using (strcol('law') eq 'sme_lyapunov' ? column('x1') : NaN):'x2' with lines lw 2 dt 2 lc rgb '#1f77b4' "
         "title 'SME (Lyapunov)', \\\n"
         "     'ellipses.csv' using (strcol('law') eq 'gibbs' ? column('x1') : NaN):'x2' with lines lw 2 lc rgb '#2ca02c' "
         "title 'Gibbs at the best-fit temperature'\n"
         "set title '" + std::string(rates) + "' font ',9'\n"
         "plot 'current.csv' using 'x1':'x2':'arrow_dx':'arrow_dy' with vectors head filled size screen 0.008,20 lc rgb '#1f77b4' "
         "title 'SME probability current J(x)', \\\n"
         "     'ellipses.csv' using (strcol('law') eq 'sme_lyapunov' ? column('x1') : NaN):'x2' with lines lw 1 dt 2 lc 'black' notitle\n"
         "unset multiplot\n";
}

// --- 7. Heavy tails -------------------------------------------------------------------------------------

std::string heavy_tails(figure_context& ctx) {
  const std::vector<double> etas = ctx.quick() ? std::vector<double>{0.1, 0.2, 0.3} : std::vector<double>{0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35};
  const std::string runs = ctx.quick() ? "5000" : "200000";
  std::string csv = "eta,sgd_exact,sme_exact,hill_sgd,hill_sgd_se,hill_euler_maruyama,hill_euler_maruyama_se\n";
  for (double eta : etas) {
    const json r = json::parse(ctx.sgdsde({"stationary", "--problem", "random_feature", "--eta", str(eta), "--runs", runs, "--seed",
                                           str(ctx.seed()), "--json"}));
    double hill[2][2] = {{NAN, NAN}, {NAN, NAN}};
    for (const auto& m : r["methods"]) {
      const int i = m["method"] == "sgd" ? 0 : m["method"] == "euler_maruyama" ? 1 : -1;
      if (i >= 0 && m.contains("hill_tail_index"))
        hill[i][0] = m["hill_tail_index"].get<double>(), hill[i][1] = m["hill_standard_error"].get<double>();
    }
    csv += str(eta) + "," + str(r["tail_index"]["sgd_exact"].get<double>()) + "," + str(r["tail_index"]["sme_exact"].get<double>()) +
           "," + str(hill[0][0]) + "," + str(hill[0][1]) + "," + str(hill[1][0]) + "," + str(hill[1][1]) + "\n";
  }
  ctx.write("tail_index.csv", csv);
  ctx.parameters() = {{"problem", "random_feature"}, {"etas", etas}, {"runs", runs}};
  return "set title 'Heavy tails of the random-feature model: stationary tail index against {/Symbol h} (B = 1)'\n"
         "set xlabel 'learning rate {/Symbol h}'; set ylabel 'tail index {/Symbol a} (P(|x| > r) ~ r^{-{/Symbol a}})'\n"
         "set key top right; set logscale y\n"
         "plot 'tail_index.csv' using 'eta':'sgd_exact' with linespoints pt 7 lw 2 lc rgb '#d62728' title 'SGD, exact (E|1 - {/Symbol h}a^2|^{/Symbol a} = 1)', \\\n"
         "     'tail_index.csv' using 'eta':'sme_exact' with linespoints pt 5 lw 2 lc rgb '#1f77b4' title 'SME, exact', \\\n"
         "     'tail_index.csv' using 'eta':'hill_sgd':(1.96*column('hill_sgd_se')) with yerrorbars pt 6 ps 1.3 lc rgb '#d62728' title 'Hill estimate, SGD', \\\n"
         "     'tail_index.csv' using 'eta':'hill_euler_maruyama':(1.96*column('hill_euler_maruyama_se')) with yerrorbars pt 4 ps 1.3 lc rgb '#1f77b4' title 'Hill estimate, Euler-Maruyama'\n";
}

// --- 8. Decaying step sizes against the lecture's theorems ------------------------------------------------

std::string decaying(figure_context& ctx) {
  // Li-Tai-E population quadratic, H = diag(1, 0.5): L = 1, mu = 0.5, f* = 0, and the gradient noise
  // -Hg (g ~ N(0, I)) has E|xi|² = tr H² = 1.25 = sigma² exactly; x0 = (1, 1), |x0 - x*|² = 2.
  const double L = 1, mu = 0.5, sigma2 = 1.25, dist2 = 2;
  const int steps = ctx.size(2000, 20000);
  const int runs = ctx.size(200, 4000);
  const int every = ctx.size(5, 20);
  auto run = [&](const std::string& file, std::vector<std::string> extra) {
    std::vector<std::string> args{"sgd", "--problem", "li_tai_e", "--steps", str(steps), "--runs", str(runs), "--record-every",
                                  str(every), "--seed", str(ctx.seed()), "--csv", file};
    args.insert(args.end(), extra.begin(), extra.end());
    ctx.sgdsde(args);
    ctx.note_file(file);
  };
  run("theorem_2_7.csv", {"--schedule", "inverse_power", "--eta", str(1 / mu), "--alpha", "1"});
  run("constant.csv", {"--eta", "0.1"});
  run("averaged.csv", {"--schedule", "inverse_power", "--eta", "1", "--alpha", "0.5", "--averaging", "eta_weighted",
                       "--report-average"});
  run("last_iterate.csv", {"--schedule", "inverse_power", "--eta", "1", "--alpha", "0.5"});
  // The lecture's bounds (analysis/sgd_bounds.hpp): Theorem 2.5 for eta_t = 1/sqrt(t+1), Theorem 2.7.
  const auto theorem_2_5 = analysis::theorem_2_5_bounds([](std::uint64_t t) { return 1 / std::sqrt(double(t) + 1); },
                                                        std::uint64_t(steps), dist2, sigma2);
  std::string bounds = "step,theorem_2_5,theorem_2_7\n";
  for (int T = every; T <= steps; T += every)
    bounds += str(T) + "," + str(theorem_2_5[std::size_t(T - 1)]) + "," +
              str(analysis::theorem_2_7_bound(L, mu, sigma2, std::uint64_t(T))) + "\n";
  ctx.write("bounds.csv", bounds);
  ctx.parameters() = {{"problem", "li_tai_e"}, {"curvatures", {1, 0.5}}, {"L", L}, {"mu", mu}, {"sigma2", sigma2},
                      {"x0", {1, 1}}, {"steps", steps}, {"runs", runs}};
  return "set multiplot layout 1,2 title 'Decaying step sizes on the Li-Tai-E quadratic (L = 1, {/Symbol m} = 0.5, {/Symbol s}^2 = 1.25): "
         "E f - f* (mean of " + str(runs) + " runs) against the lecture''s bounds'\n"
         "set logscale xy; set format y '10^{%L}'; set xlabel 'step T'; set ylabel 'E f(x) - f*'; set key bottom left font ',9'\n"
         "set title 'Theorem 2.7: {/Symbol h}_t = 1/({/Symbol m}(t+1))'\n"
         "plot 'theorem_2_7.csv' using 'step':'loss_mean' with lines lw 2 lc rgb '#d62728' title 'SGD, last iterate', \\\n"
         "     'constant.csv' using 'step':'loss_mean' with lines lw 1.5 lc rgb '#7f7f7f' title 'constant {/Symbol h} = 0.1 (noise floor)', \\\n"
         "     'bounds.csv' using 'step':'theorem_2_7' with lines lw 2 dt 2 lc 'black' title 'bound L{/Symbol s}^2 log(1+T)/(2{/Symbol m}^2 T)'\n"
         "set title 'Theorem 2.5: {/Symbol h}_t = 1/(t+1)^{1/2}, {/Symbol h}-weighted average'\n"
         "plot 'averaged.csv' using 'step':'loss_mean' with lines lw 2 lc rgb '#1f77b4' title 'averaged iterate x-bar_T', \\\n"
         "     'last_iterate.csv' using 'step':'loss_mean' with lines lw 1.5 lc rgb '#ff7f0e' title 'last iterate', \\\n"
         "     'bounds.csv' using 'step':'theorem_2_5' with lines lw 2 dt 2 lc 'black' title 'Theorem 2.5 bound'\n"
         "unset multiplot\n";
}

// --- 9. Where the SDE stops describing SGD ---------------------------------------------------------------

std::string breakdown(figure_context& ctx) {
  const std::vector<double> etas{0.1, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 1.9, 2.05, 2.2};
  const std::string runs = ctx.quick() ? "2000" : "40000";
  const std::string steps = "400";
  // 1-D Li-Tai-E, h = 1, B = 1: Var SGD = eta/(2 - eta) (discrete Lyapunov, eta < 2), Var SME = eta/2.
  std::string csv = "eta,sgd_variance,sgd_variance_se,sgd_exact,sme_variance,sme_variance_se,sme_exact,sgd_diverged\n";
  const double r = std::stod(runs);
  for (double eta : etas) {
    const std::vector<std::string> common{"--problem", "li_tai_e", "--curvatures", "1", "--x0", "0", "--eta", str(eta), "--steps",
                                          steps, "--runs", runs, "--seed", str(ctx.seed()), "--bound", "1e6", "--json"};
    std::vector<std::string> sgd_args{"sgd"};
    sgd_args.insert(sgd_args.end(), common.begin(), common.end());
    std::string out, message;
    double sgd_var = NAN;
    const bool ok = ctx.sgdsde_may_fail(sgd_args, &out, &message);
    if (ok) sgd_var = json::parse(out)["final"]["covariance"][0][0].get<double>();
    std::vector<std::string> sme_args{"sme", "--substeps", "8"};
    sme_args.insert(sme_args.end(), common.begin(), common.end());
    const double sme_var = json::parse(ctx.sgdsde(sme_args))["final"]["covariance"][0][0].get<double>();
    // Standard error of a Gaussian sample variance: Var * sqrt(2/(R-1)).
    const double se = std::sqrt(2 / (r - 1));
    csv += str(eta) + "," + str(sgd_var) + "," + str(sgd_var * se) + "," + str(eta < 2 ? eta / (2 - eta) : NAN) + "," + str(sme_var) +
           "," + str(sme_var * se) + "," + str(eta / 2) + "," + (ok ? "0" : "1") + "\n";
  }
  ctx.write("variance.csv", csv);
  const std::string esc_runs = ctx.quick() ? "400" : "4000";
  ctx.sgdsde({"escape", "--runs", esc_runs, "--seed", str(ctx.seed()), "--csv", "escape.csv"});
  ctx.note_file("escape.csv");
  ctx.parameters() = {{"variance", {{"problem", "li_tai_e"}, {"curvatures", {1}}, {"etas", etas}, {"runs", runs}, {"steps", steps}}},
                      {"escape", {{"problem", "double_well"}, {"runs", esc_runs}}}};
  return "set multiplot layout 1,2 title 'Where the SDE stops describing SGD'\n"
         "set title '1-D quadratic (h = 1): stationary variance as {/Symbol h} -> 2/L; SGD diverges beyond, the SME does not' font ',10'\n"
         "set logscale y; set format y '10^{%L}'; set xlabel '{/Symbol h}'; set ylabel 'variance after 400 steps'; set key top left\n"
         "set arrow from 2, graph 0 to 2, graph 1 nohead dt 3 lc 'black'\n"
         "set label '{/Symbol h} = 2/L' at 2.02, graph 0.06\n"
         "plot 'variance.csv' using 'eta':'sgd_exact' with lines lw 2 lc rgb '#d62728' title 'SGD exact {/Symbol h}/(2-{/Symbol h})', \\\n"
         "     'variance.csv' using 'eta':'sgd_variance':(1.96*column('sgd_variance_se')) with yerrorbars pt 7 lc rgb '#d62728' title 'SGD', \\\n"
         "     'variance.csv' using 'eta':'sme_exact' with lines lw 2 dt 2 lc rgb '#1f77b4' title 'SME exact {/Symbol h}/2', \\\n"
         "     'variance.csv' using 'eta':'sme_variance':(1.96*column('sme_variance_se')) with yerrorbars pt 5 lc rgb '#1f77b4' title 'SME (Euler-Maruyama)', \\\n"
         "     'variance.csv' using (column('sgd_diverged') > 0 ? column('eta') : NaN):(1e1) with points pt 2 ps 2.5 lw 2 lc rgb '#d62728' title 'SGD diverged'\n"
         "unset arrow; unset label\n"
         "set title 'Escape from the double well (barrier 0.25) against 1/temperature' font ',10'\n"
         "set xlabel 'barrier / temperature'; set ylabel 'mean first-passage time'; set key top left\n"
         "plot 'escape.csv' using (0.25/column('temperature')):'exact' with linespoints pt 7 lw 2 lc 'black' title 'exact (quadrature)', \\\n"
         "     'escape.csv' using (0.25/column('temperature')):'kramers' with linespoints pt 1 lw 1.5 dt 2 lc 'black' title 'Kramers', \\\n"
         "     'escape.csv' using (0.25/column('temperature')):'sgd':(1.96*column('sgd_se')) with yerrorbars pt 6 ps 1.3 lc rgb '#d62728' title 'SGD', \\\n"
         "     'escape.csv' using (0.25/column('temperature')):'euler_maruyama':(1.96*column('euler_maruyama_se')) with yerrorbars pt 4 ps 1.3 lc rgb '#1f77b4' title 'Euler-Maruyama (SME)'\n"
         "unset multiplot\n";
}

// --- 10. SVAG: SGD's noise scaled up, its steps scaled down, converging to the SME --------------------

std::string svag(figure_context& ctx) {
  const std::string ls = ctx.size<std::string>("1,2,4,8,16,32,64", "1,2,4,8,16,32,64,128,256,512");
  json orders = json::object();
  double error_at_1 = 0;  // the non-commuting quadratic's |error| at l = 1: the 1/l reference starts there
  for (const std::string problem : {"non_commuting", "li_tai_e"}) {
    const json r = json::parse(ctx.sgdsde({"weak-error", "--problem", problem, "--svag-l", ls, "--eta", "0.1", "--horizon", "2",
                                           "--csv", problem + ".csv", "--json"}));
    ctx.note_file(problem + ".csv");
    orders[problem] = r["order_in_inverse_l"];
    if (problem == "non_commuting") error_at_1 = std::abs(r["points"][0]["error"].get<double>());
  }
  ctx.parameters() = {{"eta", 0.1}, {"horizon", 2}, {"functional", "loss"}, {"l", ls}, {"fitted_orders", orders}};
  return "set title 'SVAG(l) against the SME-1: exact weak error of the loss at T = 2, {/Symbol h} = 0.1'\n"
         "set logscale xy; set format y '10^{%L}'; set xlabel 'l (SVAG steps {/Symbol h}/l, gradient noise scaled by sqrt(l))'\n"
         "set ylabel '|E f(SVAG_{Kl}) - E f(X_T)|'; set key bottom left\n"
         "plot 'non_commuting.csv' using 'l':(abs(column('error'))) with linespoints pt 7 lw 2 lc rgb '#1f77b4' "
         "title 'non-commuting quadratic: order " + order_label(orders["non_commuting"]) + "', \\\n"
         "     'li_tai_e.csv' using 'l':(abs(column('error'))) with linespoints pt 5 lw 2 lc rgb '#2ca02c' "
         "title 'Li-Tai-E quadratic: order " + order_label(orders["li_tai_e"]) + "', \\\n"
         "     " + str(error_at_1) + "/x with lines dt 2 lw 1.5 lc 'black' title 'slope 1/l'\n";
}

}  // namespace

const std::vector<figure_recipe>& figure_recipes() {
  static const std::vector<figure_recipe> recipes{
      {"gd_vs_sgd", "GD against SGD with small and large batches over the loss contours", 1000, 900, gd_vs_sgd,
       "The smaller the batch, the noisier the path: over the run's second half the iterates of SGD with B = 1 spread "
       "more than with B = 20, and those of GD least."},
      {"lecture_regression", "Linear regression: loss against epochs, learning rate, batch size and decay sweeps", 1800, 600,
       lecture_regression,
       "Decay is the way below the constant rate's noise floor: after a constant warm phase, eta_0/(1 + t)^alpha with t in "
       "epochs ends below the constant rate's loss over its last epochs (alpha = 0.5 and 1)."},
      {"weak_error", "Weak error against the learning rate: SME-1 and SME-2 with fitted orders", 1100, 800, weak_error,
       "The SME-2 is the better model: its exact weak error falls as eta^2, the SME-1's as eta (log-log slopes about 2 "
       "and 1)."},
      {"convergence", "Strong and weak convergence of every integrator per noise structure", 1800, 900, convergence,
       "Milstein's strong order is 1 where Euler-Maruyama's is 1/2 (scalar and commutative noise): its log-log slope "
       "exceeds Euler-Maruyama's by more than 1/4."},
      {"stationary", "Stationary histograms in 1-D against the Fokker-Planck and Gibbs densities", 1700, 700, stationary,
       "With additive noise (the double well) the SME's stationary density is the Gibbs density; with multiplicative "
       "noise (the random feature) it is not, and the SME's histogram lies closer to Fokker-Planck than to Gibbs."},
      {"gibbs", "Gibbs versus non-Gibbs in 2-D: covariance ellipses and the probability current", 1600, 600, gibbs,
       "Noise that does not commute with the Hessian makes the stationary law non-Gibbs: the SME's covariance ellipse "
       "is not the best-fit Gibbs ellipse, and its probability current is not zero."},
      {"heavy_tails", "Heavy tails: tail index against the learning rate", 1100, 800, heavy_tails,
       "Both laws are heavy-tailed and the tails thicken as eta grows; the SME's tail index lies below SGD's at every "
       "eta (exact), and so do the Hill estimates."},
      {"decaying_steps", "Decaying step sizes against Theorems 2.5 and 2.7", 1600, 700, decaying,
       "Theorem 2.7's rate eta = 1/(mu(k+1)) ends below the constant rate's floor and below its bound, and averaging "
       "ends below the last iterate."},
      {"breakdown", "Where the SDE stops describing SGD: eta near 2/L, and escape times", 1700, 700, breakdown,
       "The SME describes SGD for small eta only: the exact stationary variances agree within 10% at the smallest eta, "
       "their ratio grows with eta past 10 before 2/L, and beyond 2/L SGD diverges while the SME does not."},
      {"svag", "SVAG(l) converging to the SME with weak order 1 in 1/l", 1100, 800, svag,
       "SVAG(l) converges to the SME-1 with weak order 1 in 1/l: the log-log slope of its exact error is within 0.1 of "
       "1 on both problems."},
  };
  return recipes;
}

}  // namespace sgdsde::figures
