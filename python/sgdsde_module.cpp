// The Python module's compiled half (`sgdsde._core`): a thin shell like the CLI. It turns keyword
// arguments into the library's problem settings and run request (analysis/problem_catalog.hpp,
// analysis/run_request.hpp), runs the study with the GIL released, and hands back NumPy arrays.
// Errors: std::invalid_argument → ValueError (pybind11), sde::divergence_error → DivergenceError
// (run, step, t), sde::interrupted → KeyboardInterrupt (Ctrl-C stops the path loops within a step).
#include <sgdsde/analysis/problem_catalog.hpp>
#include <sgdsde/analysis/run_request.hpp>
#include <sgdsde/sde/interrupt.hpp>

#include <pybind11/eigen.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <csignal>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace py = pybind11;
using namespace sgdsde;

namespace {

// Keyword → field setters, so that the Python names are the CLI's option names with '_' for '-'.
template <class Settings>
using setter = void (*)(Settings&, const py::handle&);

const std::map<std::string, setter<analysis::problem_settings>>& problem_setters() {
  using P = analysis::problem_settings;
  static const std::map<std::string, setter<P>> s{
      {"problem", [](P& p, const py::handle& v) { p.name = v.cast<std::string>(); }},
      {"data", [](P& p, const py::handle& v) { p.data_file = v.cast<std::string>(); }},
      {"header", [](P& p, const py::handle& v) { p.header = v.cast<std::string>(); }},
      {"target", [](P& p, const py::handle& v) { p.target = py::str(v).cast<std::string>(); }},
      {"standardize", [](P& p, const py::handle& v) { p.standardize = v.cast<bool>(); }},
      {"dim", [](P& p, const py::handle& v) { p.dim = v.cast<int>(); }},
      {"n", [](P& p, const py::handle& v) { p.n = v.cast<long long>(); }},
      {"sigma", [](P& p, const py::handle& v) { p.sigma = v.cast<double>(); }},
      {"data_seed", [](P& p, const py::handle& v) { p.data_seed = v.cast<std::uint64_t>(); }},
      {"teacher_scale", [](P& p, const py::handle& v) { p.teacher_scale = v.cast<double>(); }},
      {"separable", [](P& p, const py::handle& v) { p.separable = v.cast<bool>(); }},
      {"ridge", [](P& p, const py::handle& v) { p.ridge = v.cast<double>(); }},
      {"curvatures", [](P& p, const py::handle& v) { p.curvatures = v.cast<std::vector<double>>(); }},
      {"height", [](P& p, const py::handle& v) { p.height = v.cast<double>(); }},
      {"tilt_sd", [](P& p, const py::handle& v) { p.tilt_sd = v.cast<double>(); }},
      {"noise_sd", [](P& p, const py::handle& v) { p.noise_sd = v.cast<double>(); }},
      {"h1", [](P& p, const py::handle& v) { p.h1 = v.cast<double>(); }},
      {"h2", [](P& p, const py::handle& v) { p.h2 = v.cast<double>(); }},
      {"rho", [](P& p, const py::handle& v) { p.rho = v.cast<double>(); }},
      {"x0", [](P& p, const py::handle& v) { p.x0 = v.cast<std::vector<double>>(); }},
  };
  return s;
}

const std::map<std::string, setter<analysis::run_request>>& run_setters() {
  using R = analysis::run_request;
  static const std::map<std::string, setter<R>> s{
      {"eta", [](R& r, const py::handle& v) { r.schedule.eta = v.cast<double>(); }},
      {"schedule", [](R& r, const py::handle& v) { r.schedule.name = v.cast<std::string>(); }},
      {"alpha", [](R& r, const py::handle& v) { r.schedule.alpha = v.cast<double>(); }},
      {"gamma", [](R& r, const py::handle& v) { r.schedule.gamma = v.cast<double>(); }},
      {"eta_end", [](R& r, const py::handle& v) { r.schedule.eta_end = v.cast<double>(); }},
      {"decay_factor", [](R& r, const py::handle& v) { r.schedule.decay_factor = v.cast<double>(); }},
      {"decay_every", [](R& r, const py::handle& v) { r.schedule.decay_every = v.cast<std::uint64_t>(); }},
      {"batch", [](R& r, const py::handle& v) { r.batch = v.cast<std::size_t>(); }},
      {"sampler", [](R& r, const py::handle& v) { r.sampler = v.cast<std::string>(); }},
      {"gd", [](R& r, const py::handle& v) { r.gd = v.cast<bool>(); }},
      {"method", [](R& r, const py::handle& v) { r.method = v.cast<std::string>(); }},
      {"momentum", [](R& r, const py::handle& v) { r.momentum = v.cast<double>(); }},
      {"svag_l", [](R& r, const py::handle& v) { r.svag_l = v.cast<double>(); }},
      {"averaging", [](R& r, const py::handle& v) { r.averaging = v.cast<std::string>(); }},
      {"average_from", [](R& r, const py::handle& v) { r.average_from = v.cast<std::uint64_t>(); }},
      {"report_average", [](R& r, const py::handle& v) { r.report_average = v.cast<bool>(); }},
      {"noise", [](R& r, const py::handle& v) { r.noise = v.cast<std::string>(); }},
      {"dof", [](R& r, const py::handle& v) { r.dof = v.cast<double>(); }},
      {"steps", [](R& r, const py::handle& v) { r.steps = v.cast<std::uint64_t>(); }},
      {"epochs", [](R& r, const py::handle& v) { r.epochs = v.cast<double>(); }},
      {"record_every", [](R& r, const py::handle& v) { r.record_every = v.cast<std::uint64_t>(); }},
      {"runs", [](R& r, const py::handle& v) { r.runs = v.cast<std::uint64_t>(); }},
      {"seed", [](R& r, const py::handle& v) { r.seed = v.cast<std::uint64_t>(); }},
      {"threads", [](R& r, const py::handle& v) { r.threads = v.cast<unsigned>(); }},
      {"bound", [](R& r, const py::handle& v) { r.bound = v.cast<double>(); }},
      {"keep_paths", [](R& r, const py::handle& v) { r.keep_paths = v.cast<std::uint64_t>(); }},
      {"order", [](R& r, const py::handle& v) { r.order = v.cast<int>(); }},
      {"integrator", [](R& r, const py::handle& v) { r.integrator = v.cast<std::string>(); }},
      {"substeps", [](R& r, const py::handle& v) { r.substeps = v.cast<std::uint64_t>(); }},
      {"diffusion", [](R& r, const py::handle& v) { r.diffusion = v.cast<std::string>(); }},
  };
  return s;
}

// The CLI's name of a keyword ("svag_l" → "--svag-l"), for the library's messages and refusals.
std::string option_name(std::string key) {
  for (char& c : key)
    if (c == '_') c = '-';
  return "--" + key;
}

// A keyword's value converted for its setter; a wrong type is a ValueError naming the keyword.
template <class Settings>
void apply(const std::map<std::string, setter<Settings>>& setters, Settings& s, const std::string& key, const py::handle& value) {
  try {
    setters.at(key)(s, value);
  } catch (const py::cast_error&) {
    throw std::invalid_argument(key + ": cannot use " + py::repr(value).cast<std::string>() + " here");
  }
}

// Ctrl-C while C++ runs without the GIL: Python's own handler would only run after the call, so a
// handler of ours asks the path loops to stop, and the previous one is back after the call.
class sigint_guard {
 public:
  explicit sigint_guard(bool active) : active_(active) {
    sde::interrupt_requested = false;
    if (!active_) return;
    struct sigaction action {};
    action.sa_handler = [](int) { sde::interrupt_requested.store(true, std::memory_order_relaxed); };
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, &previous_);
  }
  ~sigint_guard() {
    if (active_) ::sigaction(SIGINT, &previous_, nullptr);
    sde::interrupt_requested = false;
  }
  sigint_guard(const sigint_guard&) = delete;
  sigint_guard& operator=(const sigint_guard&) = delete;

 private:
  bool active_;
  struct sigaction previous_ {};
};

// What `sgd`/`sme` return: the study's result, the request's JSON document and the arrays.
struct run_result {
  analysis::ensemble_run_result result;
  std::string document;  // the CLI's --json document (without version and wall time)

  py::dict arrays() const {
    const auto& rs = result.records;
    const Eigen::Index K = Eigen::Index(rs.size()), d = result.final_mean.size();
    Eigen::Matrix<std::uint64_t, Eigen::Dynamic, 1> step(K);
    Eigen::VectorXd t(K), loss_mean(K), loss_se(K);
    Eigen::MatrixXd mean(K, d), sd(K, d);
    for (Eigen::Index k = 0; k < K; ++k) {
      step[k] = rs[std::size_t(k)].step;
      t[k] = rs[std::size_t(k)].t;
      loss_mean[k] = rs[std::size_t(k)].loss_mean;
      loss_se[k] = rs[std::size_t(k)].loss_se;
      mean.row(k) = rs[std::size_t(k)].mean.transpose();
      sd.row(k) = rs[std::size_t(k)].sd.transpose();
    }
    py::dict out;
    out["step"] = step;
    out["t"] = t;
    out["loss_mean"] = loss_mean;
    out["loss_se"] = loss_se;
    out["mean"] = mean;
    out["sd"] = sd;
    out["final_mean"] = result.final_mean;
    out["final_covariance"] = result.final_covariance;
    py::list paths;
    for (const auto& run : result.paths) {
      Eigen::MatrixXd x(Eigen::Index(run.size()), d);
      Eigen::VectorXd path_t(Eigen::Index(run.size()));
      Eigen::Matrix<std::uint64_t, Eigen::Dynamic, 1> path_step(Eigen::Index(run.size()));
      for (std::size_t i = 0; i < run.size(); ++i) {
        x.row(Eigen::Index(i)) = run[i].x.transpose();
        path_t[Eigen::Index(i)] = run[i].t;
        path_step[Eigen::Index(i)] = run[i].step;
      }
      py::dict p;
      p["step"] = path_step;
      p["t"] = path_t;
      p["x"] = x;
      paths.append(p);
    }
    out["paths"] = paths;
    return out;
  }
};

run_result run(const std::string& engine, const py::dict& problem_kwargs, const py::dict& run_kwargs,
               std::optional<Eigen::MatrixXd> X, std::optional<Eigen::VectorXd> y, bool handle_sigint) {
  analysis::problem_settings p;
  analysis::run_request q;
  auto given_names = std::make_shared<std::vector<std::string>>();
  for (const auto& [key, value] : problem_kwargs) {
    apply(problem_setters(), p, key.cast<std::string>(), value);
    given_names->push_back(option_name(key.cast<std::string>()));
  }
  for (const auto& [key, value] : run_kwargs) {
    apply(run_setters(), q, key.cast<std::string>(), value);
    given_names->push_back(option_name(key.cast<std::string>()));
  }
  const auto given = [given_names](const std::string& option) {
    for (const auto& g : *given_names)
      if (g == option) return true;
    return false;
  };
  p.given = given;
  q.given = given;
  if (X.has_value() != y.has_value()) throw std::invalid_argument("give X and y together (features and targets)");
  if (X) {
    auto data = std::make_shared<sgd::dataset>();
    data->X = std::move(*X);
    data->y = std::move(*y);
    p.data = std::move(data);
  }
  run_result out;
  {
    sigint_guard guard(handle_sigint);
    py::gil_scoped_release release;
    analysis::with_problem(p, [&](const auto& f, const sgd::vector& x0) {
      const auto resolved = q.resolve(engine, f.size());
      out.result = engine == "sme" ? analysis::run_sme_ensemble(f, x0, resolved.options)
                                   : analysis::run_sgd_ensemble(f, x0, resolved.options);
      const std::string description =
          engine == "sme" ? "SME-" + std::to_string(q.order) + " of " + f.description() : f.description();
      out.document = q.document(engine, resolved, p.to_json(), description, f.dim(), out.result).dump();
    });
  }
  return out;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "sgdsde's compiled core; use the sgdsde package.";
  static py::exception<sde::divergence_error> divergence(m, "DivergenceError", PyExc_RuntimeError);
  py::register_exception_translator([](std::exception_ptr e) {
    try {
      if (e) std::rethrow_exception(e);
    } catch (const sde::divergence_error& error) {
      py::object instance = py::handle(divergence.ptr())(error.what());  // an instance, to carry the attributes
      instance.attr("run") = error.path();
      instance.attr("step") = error.step();
      instance.attr("t") = error.time();
      PyErr_SetObject(divergence.ptr(), instance.ptr());
    } catch (const sde::interrupted&) {
      PyErr_SetNone(PyExc_KeyboardInterrupt);
    }
  });
  py::class_<run_result>(m, "_RunResult")
      .def("arrays", &run_result::arrays)
      .def_readonly("document", &run_result::document)
      .def("brief_report", [](const run_result& r) { return r.result.brief_report(); });
  m.def("run", &run, py::arg("engine"), py::arg("problem"), py::arg("run"), py::arg("X") = py::none(),
        py::arg("y") = py::none(), py::arg("handle_sigint") = false);
  m.def("problem_names", &analysis::problem_names);
  m.def("problem_help", &analysis::problem_help);
  m.def("integrator_names", &sde::integrators::names);
  m.def("problem_keywords", [] {
    std::vector<std::string> names;
    for (const auto& [name, set] : problem_setters()) names.push_back(name);
    return names;
  });
  m.def("run_keywords", [] {
    std::vector<std::string> names;
    for (const auto& [name, set] : run_setters()) names.push_back(name);
    return names;
  });
}
