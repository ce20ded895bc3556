// The analysis functions a researcher applies to their own chains and samples (`sgdsde.analysis`):
// batch means, the time-averaged histogram with batch-means error bars, distances between laws, the
// Hill tail index, Lyapunov solvers and the 1-D Fokker-Planck and Gibbs densities. Thin: arrays in,
// the library's functions, arrays and dicts out; the library's messages as ValueError.
#include <sgdsde/analysis/batch_means.hpp>
#include <sgdsde/analysis/distances.hpp>
#include <sgdsde/analysis/fokker_planck.hpp>
#include <sgdsde/analysis/lyapunov.hpp>
#include <sgdsde/analysis/tail_index.hpp>
#include <sgdsde/analysis/time_averaged_histogram.hpp>

#include <pybind11/eigen.h>
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace py = pybind11;
using namespace sgdsde;

namespace {

using row_major = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

void check_finite(const std::vector<double>& v, const char* what) {
  for (double x : v)
    if (!std::isfinite(x)) throw std::invalid_argument(std::string(what) + ": every value must be finite");
}

py::dict batch_means_of(const std::vector<double>& chain, std::size_t max_batches) {
  check_finite(chain, "batch_means");
  if (chain.size() < 2) throw std::invalid_argument("batch_means: the chain needs at least 2 values, got " + std::to_string(chain.size()));
  analysis::batch_means b(max_batches);
  for (double x : chain) b.add(x);
  py::dict out;
  out["mean"] = b.mean();
  out["standard_error"] = b.standard_error();
  out["autocorrelation_time"] = b.autocorrelation_time();
  out["effective_sample_size"] = b.effective_sample_size();
  out["batch_length"] = b.batch_length();
  out["batches"] = b.batches();
  out["count"] = b.count();
  return out;
}

// chains: one row per chain (a 1-D chain is one row); columns are steps 1 ... K.
py::dict time_averaged_histogram_of(const row_major& chains, double lo, double hi, int bins, std::uint64_t burn_in,
                                    int batches) {
  if (!(std::isfinite(lo) && std::isfinite(hi) && lo < hi)) throw std::invalid_argument("histogram: need finite lo < hi");
  if (bins < 1 || bins > 1000000) throw std::invalid_argument("histogram: bins must be in [1, 1000000], got " + std::to_string(bins));
  if (chains.rows() < 1) throw std::invalid_argument("histogram: no chain");
  if (!chains.allFinite()) throw std::invalid_argument("histogram: every value must be finite");
  const auto steps = std::uint64_t(chains.cols());
  std::optional<analysis::time_averaged_histogram> total;
  for (Eigen::Index c = 0; c < chains.rows(); ++c) {
    analysis::time_averaged_histogram h(lo, hi, bins, burn_in, steps, batches);
    Eigen::Matrix<double, 1, 1> x;
    for (std::uint64_t k = 1; k <= steps; ++k) {
      x[0] = chains(c, Eigen::Index(k - 1));
      h.observe(k, 0.0, x);
    }
    if (total) total->merge(h);
    else total = std::move(h);
  }
  const double width = (hi - lo) / bins;
  Eigen::VectorXd centre(bins), density(bins), density_se(bins);
  for (int i = 0; i < bins; ++i) {
    centre[i] = lo + (i + 0.5) * width;
    density[i] = total->probability(i) / width;
    density_se[i] = total->standard_error(i) / width;
  }
  py::dict out;
  out["x"] = centre;
  out["density"] = density;
  out["density_se"] = density_se;
  out["autocorrelation_time"] = total->autocorrelation_time();
  out["effective_sample_size"] = total->effective_sample_size();
  out["batch_length"] = total->batch_length();
  out["below"] = total->counts().underflow();
  out["above"] = total->counts().overflow();
  return out;
}

py::tuple tabulated(const analysis::tabulated_density& p, int points) {
  Eigen::VectorXd x(points), density(points);
  const double h = (p.hi() - p.lo()) / (points - 1);
  for (int i = 0; i < points; ++i) {
    x[i] = p.lo() + h * i;
    density[i] = p.density(x[i]);
  }
  return py::make_tuple(x, density);
}

void check_points(int points) {
  if (points < 3 || points > 100000000) throw std::invalid_argument("points must be in [3, 1e8], got " + std::to_string(points));
}

}  // namespace

void bind_analysis(py::module_& m) {
  m.def("batch_means", &batch_means_of, py::arg("chain"), py::arg("max_batches") = 64);
  m.def("time_averaged_histogram", &time_averaged_histogram_of, py::arg("chains"), py::arg("lo"), py::arg("hi"), py::arg("bins"),
        py::arg("burn_in"), py::arg("batches"));
  m.def("total_variation", &analysis::total_variation, py::arg("p"), py::arg("q"));
  m.def("hellinger", &analysis::hellinger, py::arg("p"), py::arg("q"));
  m.def("kl_divergence", [](const std::vector<double>& p, const std::vector<double>& q) {
    const auto r = analysis::kl_divergence(p, q);
    py::dict out;
    out["value"] = r.value;
    out["infinite_bins"] = r.infinite_bins;
    out["mass_on_infinite_bins"] = r.mass_on_infinite_bins;
    out["finite_part"] = r.finite_part;
    return out;
  }, py::arg("p"), py::arg("q"));
  m.def("wasserstein1", [](const std::vector<double>& x, const std::vector<double>& y) {
    check_finite(x, "wasserstein1");
    check_finite(y, "wasserstein1");
    if (x.empty() || y.empty()) throw std::invalid_argument("wasserstein1: need two non-empty samples");
    return analysis::wasserstein1(x, y);
  }, py::arg("x"), py::arg("y"));
  m.def("wasserstein1_binned", &analysis::wasserstein1_binned, py::arg("p"), py::arg("q"), py::arg("bin_width"));
  m.def("kolmogorov_smirnov", [](const std::vector<double>& samples, const std::function<double(double)>& cdf) {
    check_finite(samples, "kolmogorov_smirnov");
    const auto r = analysis::kolmogorov_smirnov(samples, cdf);
    return py::make_tuple(r.statistic, r.p_value);
  }, py::arg("samples"), py::arg("cdf"));
  m.def("sliced_wasserstein1", [](const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y, int directions, std::uint64_t seed) {
    if (!X.allFinite() || !Y.allFinite()) throw std::invalid_argument("sliced_wasserstein1: every value must be finite");
    return analysis::sliced_wasserstein1(X, Y, directions, seed);
  }, py::arg("X"), py::arg("Y"), py::arg("directions") = 64, py::arg("seed") = 1);
  m.def("hill", [](const std::vector<double>& samples, std::size_t k) {
    const auto r = analysis::hill_estimator(samples, k);
    return py::make_tuple(r.alpha, r.standard_error);
  }, py::arg("samples"), py::arg("k"));
  m.def("continuous_lyapunov", [](const Eigen::MatrixXd& A, const Eigen::MatrixXd& Q) {
    if (!A.allFinite() || !Q.allFinite()) throw std::invalid_argument("continuous Lyapunov: A and Q must be finite");
    return analysis::continuous_lyapunov(A, Q);
  }, py::arg("A"), py::arg("Q"));
  m.def("discrete_lyapunov", [](const Eigen::MatrixXd& A, const Eigen::MatrixXd& Q) {
    if (!A.allFinite() || !Q.allFinite()) throw std::invalid_argument("discrete Lyapunov: A and Q must be finite");
    return analysis::discrete_lyapunov(A, Q);
  }, py::arg("A"), py::arg("Q"));
  m.def("fokker_planck_density", [](const std::function<double(double)>& drift, const std::function<double(double)>& diffusion,
                                    double lo, double hi, int points) {
    check_points(points);
    return tabulated(analysis::fokker_planck_density(drift, diffusion, lo, hi, points), points);
  }, py::arg("drift"), py::arg("diffusion_variance"), py::arg("lo"), py::arg("hi"), py::arg("points"));
  m.def("gibbs_density", [](const std::function<double(double)>& f, double temperature, double lo, double hi, int points) {
    check_points(points);
    return tabulated(analysis::gibbs_density(f, temperature, lo, hi, points), points);
  }, py::arg("f"), py::arg("temperature"), py::arg("lo"), py::arg("hi"), py::arg("points"));
}
