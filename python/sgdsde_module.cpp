// The Python module's compiled half (`sgdsde._core`): a thin shell like the CLI. It turns keyword
// arguments into a catalogue study's request (catalogue/: the problem by name, the run or study
// options), runs the study with the GIL released, and hands back its JSON document, report and NumPy
// arrays.
// Errors: std::invalid_argument → ValueError (pybind11), sde::divergence_error → DivergenceError
// (run, step, t), sde::interrupted → KeyboardInterrupt (Ctrl-C stops the path loops within a step).
#include <sgdsde/catalogue/convergence_runs.hpp>
#include <sgdsde/catalogue/ensemble_runs.hpp>
#include <sgdsde/catalogue/escape_runs.hpp>
#include <sgdsde/catalogue/gibbs_runs.hpp>
#include <sgdsde/catalogue/run_options.hpp>
#include <sgdsde/catalogue/stationary_runs.hpp>
#include <sgdsde/catalogue/study_options.hpp>
#include <sgdsde/catalogue/weak_error_runs.hpp>
#include <sgdsde/sde/interrupt.hpp>
#include <sgdsde/sgd/batched_finite_sum.hpp>
#include <sgdsde/sgd/dataset.hpp>

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace py = pybind11;
using namespace sgdsde;

namespace {

// Keyword → field setters, so that the Python names are the CLI's option names with '_' for '-'.
template <class Settings>
using setter = std::function<void(Settings&, const py::handle&)>;

template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};

// A keyword per row of a request's option table (catalogue/option_schema.hpp), converted to the
// row's field type; `command` keeps the rows that command takes.
template <class Settings>
std::map<std::string, setter<Settings>> setters_from(const std::vector<catalogue::option_row<Settings>>& rows,
                                                     const std::string& command = "") {
  std::map<std::string, setter<Settings>> s;
  for (const auto& row : rows)
    if (command.empty() || row.taken_by(command))
      std::visit(
          [&](auto field) {
            using T = std::decay_t<decltype(field(std::declval<Settings&>()))>;
            s[row.keyword()] = [field](Settings& settings, const py::handle& v) {
              if constexpr (is_vector<T>::value) {
                // One value where a list is taken: a list of one (eta=0.1, integrator="milstein").
                if (py::isinstance<py::str>(v) || py::isinstance<py::float_>(v) || py::isinstance<py::int_>(v)) {
                  field(settings) = T{v.cast<typename T::value_type>()};
                  return;
                }
              }
              field(settings) = v.cast<T>();
            };
          },
          row.field);
  return s;
}

// The problem's keywords, one per parameter of the registry (catalogue/problem_registry.hpp).
const std::map<std::string, setter<catalogue::problem_settings>>& problem_setters() {
  using P = catalogue::problem_settings;
  static const std::map<std::string, setter<P>> s = [] {
    auto s = setters_from(catalogue::problem_parameters());
    // Python's own conversions: a target column by index or name; the noise covariance as a matrix.
    s["target"] = [](P& p, const py::handle& v) { p.target = py::str(v).cast<std::string>(); };
    s["noise_cov"] = [](P& p, const py::handle& v) {
      // A d × d matrix (rows in order, as the CLI's d*d values) or the d values of its diagonal.
      const auto a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(v);
      if (!a || a.ndim() > 2 || (a.ndim() == 2 && a.shape(0) != a.shape(1)))
        throw py::value_error("noise_cov must be a square d x d matrix or the d values of its diagonal");
      p.noise_cov.assign(a.data(), a.data() + a.size());
    };
    return s;
  }();
  return s;
}

// A run's keywords (catalogue/run_options.hpp), and keep_paths, which the command sets from --paths-csv.
const std::map<std::string, setter<catalogue::run_request>>& run_setters() {
  using R = catalogue::run_request;
  static const std::map<std::string, setter<R>> s = [] {
    auto s = setters_from(catalogue::run_options());
    s["keep_paths"] = [](R& r, const py::handle& v) { r.keep_paths = v.cast<std::uint64_t>(); };
    return s;
  }();
  return s;
}

// The studies' own keywords (catalogue/study_options.hpp: the CLI's options of the same subcommand).
template <class Request, const std::vector<catalogue::option_row<Request>>& (*Rows)()>
const std::map<std::string, setter<Request>>& study_setters() {
  static const auto s = setters_from(Rows());
  return s;
}
const auto& weak_error_setters() { return study_setters<catalogue::weak_error_request, catalogue::weak_error_options>(); }
const auto& stationary_setters() { return study_setters<catalogue::stationary_request, catalogue::stationary_options>(); }
const auto& gibbs_setters() { return study_setters<catalogue::gibbs_request, catalogue::gibbs_options>(); }
const auto& escape_setters() { return study_setters<catalogue::escape_request, catalogue::escape_options>(); }
const auto& convergence_setters() { return study_setters<catalogue::convergence_request, catalogue::convergence_options>(); }

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
  std::string report;    // the text the CLI prints

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

// Keyword names as the CLI's options, asked by the library's refusals ("--svag-l is read only with ...").
std::function<bool(const std::string&)> given_from(std::vector<std::string> keys) {
  auto names = std::make_shared<std::vector<std::string>>();
  for (auto& key : keys) names->push_back(option_name(std::move(key)));
  return [names](const std::string& option) { return std::find(names->begin(), names->end(), option) != names->end(); };
}

// The user's arrays as the problem's data set (least_squares, logistic).
void set_data(catalogue::problem_settings& p, std::optional<Eigen::MatrixXd> X, std::optional<Eigen::VectorXd> y) {
  if (X.has_value() != y.has_value()) throw std::invalid_argument("give X and y together (features and targets)");
  if (!X) return;
  auto data = std::make_shared<sgd::dataset>();
  data->X = std::move(*X);
  data->y = std::move(*y);
  p.data = std::move(data);
}

// A user's objective from Python (sgdsde.Objective): its functions, called with the GIL from any
// worker thread, and the first exception one of them raised, re-raised as it is once the run stopped.
struct python_functions {
  py::object values, gradients, hessian;  // hessian: None for central differences
  std::mutex mutex;
  std::unique_ptr<py::error_already_set> raised;
};

// The functions are released with the GIL held, whichever thread drops the last copy.
std::shared_ptr<python_functions> hold_functions(const py::object& objective) {
  auto* held = new python_functions{objective.attr("values"), objective.attr("gradients"), objective.attr("hessian"), {}, {}};
  return std::shared_ptr<python_functions>(held, [](python_functions* h) {
    py::gil_scoped_acquire gil;
    delete h;
  });
}

// fn(x, idx), or fn(x) without idx, as a C-contiguous float64 array of the given shape. Call with the GIL.
py::array_t<double> call_checked(python_functions& held, const py::object& fn, const char* name, const sgd::vector& x,
                                 const std::vector<std::size_t>* idx, const std::vector<py::ssize_t>& shape) {
  using array = py::array_t<double, py::array::c_style | py::array::forcecast>;
  array a;
  py::object returned;
  try {
    py::array_t<double> xa(x.size());
    std::copy(x.data(), x.data() + x.size(), xa.mutable_data());
    if (idx) {
      py::array_t<std::int64_t> ia(py::ssize_t(idx->size()));
      std::copy(idx->begin(), idx->end(), ia.mutable_data());
      returned = fn(xa, ia);
    } else {
      returned = fn(xa);
    }
    a = array::ensure(returned);
  } catch (py::error_already_set& e) {
    std::lock_guard<std::mutex> lock(held.mutex);
    if (!held.raised) held.raised = std::make_unique<py::error_already_set>(std::move(e));
    throw std::runtime_error(std::string("the objective's ") + name + " raised an exception");
  }
  auto shape_text = [](const std::vector<py::ssize_t>& s) {
    std::string text = "(";
    for (std::size_t i = 0; i < s.size(); ++i) text += (i ? ", " : "") + std::to_string(s[i]) + (s.size() == 1 ? "," : "");
    return text + ")";
  };
  if (!a)
    throw std::invalid_argument(std::string("the objective's ") + name + " returned " +
                                py::str(py::type::of(returned)).cast<std::string>() + ", not an array of numbers of shape " +
                                shape_text(shape));
  const std::vector<py::ssize_t> got(a.shape(), a.shape() + a.ndim());
  if (got != shape)
    throw std::invalid_argument(std::string("the objective's ") + name + " returned shape " + shape_text(got) + ", expected " +
                                shape_text(shape));
  return a;
}

std::shared_ptr<const sgd::batched_finite_sum> python_objective(const py::object& objective, std::shared_ptr<python_functions>& held) {
  held = hold_functions(objective);
  const auto n = objective.attr("n").cast<std::size_t>();
  const int d = objective.attr("dim").cast<int>();
  using row_major = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  auto values = [h = held](const sgd::vector& x, const std::vector<std::size_t>& idx, sgd::vector& out) {
    py::gil_scoped_acquire gil;
    const auto a = call_checked(*h, h->values, "values(x, idx)", x, &idx, {py::ssize_t(idx.size())});
    out = Eigen::Map<const sgd::vector>(a.data(), Eigen::Index(idx.size()));
  };
  auto gradients = [h = held, d](const sgd::vector& x, const std::vector<std::size_t>& idx, sgd::matrix& out) {
    py::gil_scoped_acquire gil;
    const auto a = call_checked(*h, h->gradients, "gradients(x, idx)", x, &idx, {py::ssize_t(idx.size()), py::ssize_t(d)});
    out = Eigen::Map<const row_major>(a.data(), Eigen::Index(idx.size()), d);
  };
  sgd::batched_finite_sum::hessian_function hessian;
  if (!held->hessian.is_none())
    hessian = [h = held, d](const sgd::vector& x, sgd::matrix& out) {
      py::gil_scoped_acquire gil;
      const auto a = call_checked(*h, h->hessian, "hessian(x)", x, nullptr, {py::ssize_t(d), py::ssize_t(d)});
      out = Eigen::Map<const row_major>(a.data(), d, d);
    };
  return std::make_shared<const sgd::batched_finite_sum>(n, d, std::move(values), std::move(gradients), std::move(hessian),
                                                         objective.attr("description").cast<std::string>());
}

run_result run(const std::string& engine, const py::dict& problem_kwargs, const py::dict& run_kwargs,
               std::optional<Eigen::MatrixXd> X, std::optional<Eigen::VectorXd> y, bool handle_sigint,
               const py::object& objective) {
  catalogue::ensemble_request q;
  std::vector<std::string> keys;
  for (const auto& [key, value] : problem_kwargs) {
    apply(problem_setters(), q.problem, key.cast<std::string>(), value);
    keys.push_back(key.cast<std::string>());
  }
  for (const auto& [key, value] : run_kwargs) {
    const auto name = key.cast<std::string>();
    if (name == "max_path_steps") q.max_path_steps = value.cast<double>();
    else if (name == "hessian_spectrum") q.hessian_spectrum = value.cast<bool>();
    else apply(run_setters(), q.run, name, value);
    keys.push_back(name);
  }
  q.problem.given = given_from(keys);
  q.run.given = q.problem.given;
  set_data(q.problem, std::move(X), std::move(y));
  std::shared_ptr<python_functions> held;
  if (!objective.is_none()) q.objective = python_objective(objective, held);
  run_result out;
  try {
    sigint_guard guard(handle_sigint);
    py::gil_scoped_release release;
    auto outcome = catalogue::run_ensemble(engine, q);
    out.result = std::move(outcome.result);
    out.document = outcome.document.dump();
    out.report = std::move(outcome.report);
  } catch (...) {
    if (held && held->raised) {  // the user's own exception, as their function raised it
      held->raised->restore();
      throw py::error_already_set();
    }
    throw;
  }
  return out;
}

// What a study returns to Python: its JSON document and report, its table's columns and matrices.
struct study_result {
  std::string document, report;
  double wall_seconds = 0;
  catalogue::study_table table;
  std::vector<std::pair<std::string, Eigen::MatrixXd>> matrices;
  std::vector<std::pair<std::string, std::vector<std::string>>> labels;  // text columns, before the table's

  py::dict arrays() const {
    py::dict out;
    for (const auto& [name, words] : labels) out[py::str(name)] = py::cast(words);
    for (std::size_t j = 0; j < table.columns.size(); ++j) {
      Eigen::VectorXd column(Eigen::Index(table.rows.size()));
      for (std::size_t i = 0; i < table.rows.size(); ++i) column[Eigen::Index(i)] = table.rows[i][j].value_or(std::nan(""));
      out[py::str(table.columns[j])] = column;
    }
    for (const auto& [name, m] : matrices) out[py::str(name)] = m;
    return out;
  }
};

// Splits the keywords into the study's and the problem's (a study's own name wins: escape's target
// is the level, not a data column), fills the request, runs the study without the GIL.
template <class Request, class Outcome, class Finish>
study_result run_study(Request q, const std::map<std::string, setter<Request>>& study_setters, const py::dict& kwargs,
                       std::optional<Eigen::MatrixXd> X, std::optional<Eigen::VectorXd> y, bool handle_sigint,
                       Outcome (*study)(const Request&), Finish&& finish) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : kwargs) {
    const auto name = py::cast<std::string>(key);
    if (study_setters.count(name)) {
      apply(study_setters, q, name, value);
      if (problem_setters().count(name)) continue;  // not the problem's parameter of that name
    } else if (problem_setters().count(name)) {
      apply(problem_setters(), q.problem, name, value);
    } else {
      throw py::type_error("unexpected keyword argument '" + name + "'");
    }
    keys.push_back(name);
  }
  q.problem.given = given_from(keys);
  set_data(q.problem, std::move(X), std::move(y));
  study_result out;
  {
    sigint_guard guard(handle_sigint);
    py::gil_scoped_release release;
    const Outcome outcome = study(q);
    out.document = outcome.document.dump();
    out.report = outcome.report;
    out.wall_seconds = outcome.wall_seconds;
    finish(outcome, out);
  }
  return out;
}

template <class Outcome>
void with_table(const Outcome& outcome, study_result& out) {
  out.table = outcome.table();
}

template <class Setters>
std::vector<std::string> keywords_of(const Setters& setters) {
  std::vector<std::string> names;
  for (const auto& [name, set] : setters) names.push_back(name);
  for (const auto& [name, set] : problem_setters())
    if (!setters.count(name)) names.push_back(name);
  return names;
}

// Every keyword the functions take, of the problem, the runs and each study.
const std::set<std::string>& all_keywords() {
  static const std::set<std::string> keywords = [] {
    std::set<std::string> k;
    auto add = [&](const auto& setters) {
      for (const auto& [name, set] : setters) k.insert(name);
    };
    add(problem_setters()), add(run_setters()), add(weak_error_setters()), add(stationary_setters()), add(gibbs_setters()),
        add(escape_setters()), add(convergence_setters());
    k.insert({"max_path_steps", "hessian_spectrum"});
    return k;
  }();
  return keywords;
}

// The library names options as the command line spells them ("--runs must be >= 1", shared with the
// CLI); a Python user typed keywords, so their messages say "runs must be >= 1".
std::string keyword_spelling(const std::string& message) {
  static const std::regex flag("(^|[^A-Za-z0-9_-])--([a-z][a-z0-9-]*)");
  std::string out;
  auto last = message.cbegin();
  for (std::sregex_iterator it(message.begin(), message.end(), flag), end; it != end; ++it) {
    const auto& m = *it;
    std::string key = m[2].str();
    std::replace(key.begin(), key.end(), '-', '_');
    out.append(last, m[0].first).append(m[1].str()).append(all_keywords().count(key) ? key : "--" + m[2].str());
    last = m[0].second;
  }
  return out.append(last, message.cend());
}

}  // namespace

void bind_analysis(py::module_& m);  // analysis_bindings.cpp

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
    } catch (const std::invalid_argument& error) {
      PyErr_SetString(PyExc_ValueError, keyword_spelling(error.what()).c_str());
    }
  });
  py::class_<run_result>(m, "_RunResult")
      .def("arrays", &run_result::arrays)
      .def_readonly("document", &run_result::document)
      .def_readonly("report", &run_result::report);
  py::class_<study_result>(m, "_StudyResult")
      .def("arrays", &study_result::arrays)
      .def_readonly("document", &study_result::document)
      .def_readonly("report", &study_result::report)
      .def_readonly("wall_seconds", &study_result::wall_seconds);
  m.def("run", &run, py::arg("engine"), py::arg("problem"), py::arg("run"), py::arg("X") = py::none(),
        py::arg("y") = py::none(), py::arg("handle_sigint") = false, py::arg("objective") = py::none());
  using optional_X = std::optional<Eigen::MatrixXd>;
  using optional_y = std::optional<Eigen::VectorXd>;
  m.def("weak_error", [](const py::dict& kwargs, optional_X X, optional_y y, bool sigint) {
    return run_study(catalogue::weak_error_request{}, weak_error_setters(), kwargs, std::move(X), std::move(y), sigint,
                     &catalogue::run_weak_error, with_table<catalogue::weak_error_outcome>);
  }, py::arg("kwargs"), py::arg("X") = py::none(), py::arg("y") = py::none(), py::arg("handle_sigint") = false);
  m.def("stationary", [](const py::dict& kwargs, optional_X X, optional_y y, bool sigint) {
    return run_study(catalogue::stationary_request{}, stationary_setters(), kwargs, std::move(X), std::move(y), sigint,
                     &catalogue::run_stationary, [](const catalogue::stationary_outcome& o, study_result& out) {
                       if (o.result.reference) out.table = o.table();  // the per-bin densities (d = 1)
                     });
  }, py::arg("kwargs"), py::arg("X") = py::none(), py::arg("y") = py::none(), py::arg("handle_sigint") = false);
  m.def("gibbs", [](const py::dict& kwargs, optional_X X, optional_y y, bool sigint) {
    return run_study(catalogue::gibbs_request{}, gibbs_setters(), kwargs, std::move(X), std::move(y), sigint, &catalogue::run_gibbs,
                     [](const catalogue::gibbs_outcome& o, study_result& out) {
                       if (o.gaussian) {
                         const auto& g = *o.gaussian;
                         out.matrices = {{"hessian", g.hessian},
                                         {"noise_covariance", g.noise_covariance_at_minimizer},
                                         {"sgd_covariance", g.ensemble_moments.covariance},
                                         {"sgd_covariance_se", g.ensemble_moments.covariance_se},
                                         {"sgd_area_rates", g.ensemble.area_rates},
                                         {"sgd_gaussian_covariance", g.gaussian.sgd.covariance},
                                         {"sme_gaussian_covariance", g.gaussian.sme.covariance}};
                         return;
                       }
                       if (o.exact) {
                         const auto& e = *o.exact;
                         out.matrices = {{"hessian", e.hessian},
                                         {"noise_covariance", e.noise_covariance_at_minimizer},
                                         {"sgd_covariance", e.sgd.stationary_covariance},
                                         {"sme_covariance", e.sme.stationary_covariance},
                                         {"sgd_area_rates", e.sgd.area_rates},
                                         {"sme_area_rates", e.sme.area_rates},
                                         {"sgd_gaussian_covariance", e.sgd.gaussian_covariance},
                                         {"sme_gaussian_covariance", e.sme.gaussian_covariance}};
                         return;
                       }
                       out.matrices = {{"hessian", o.result.hessian},
                                       {"noise_covariance", o.result.noise_covariance},
                                       {"sgd_covariance", o.result.sgd.stationary_covariance},
                                       {"sme_covariance", o.result.sme.stationary_covariance}};
                     });
  }, py::arg("kwargs"), py::arg("X") = py::none(), py::arg("y") = py::none(), py::arg("handle_sigint") = false);
  m.def("escape", [](const py::dict& kwargs, bool sigint) {
    return run_study(catalogue::escape_request{}, escape_setters(), kwargs, std::nullopt, std::nullopt, sigint,
                     &catalogue::run_escape, with_table<catalogue::escape_outcome>);
  }, py::arg("kwargs"), py::arg("handle_sigint") = false);
  m.def("convergence", [](const py::dict& kwargs, bool sigint) {
    catalogue::convergence_request q;
    for (const auto& [key, value] : kwargs) {
      const auto name = key.cast<std::string>();
      if (!convergence_setters().count(name)) throw py::type_error("unexpected keyword argument '" + name + "'");
      apply(convergence_setters(), q, name, value);
    }
    study_result out;
    sigint_guard guard(sigint);
    py::gil_scoped_release release;
    const auto outcome = catalogue::run_convergence(q);
    out.document = outcome.document.dump();
    out.report = outcome.report;
    out.wall_seconds = outcome.wall_seconds;
    const auto rows = outcome.text_rows();
    const auto names = outcome.text_columns();
    for (std::size_t j = 0; j < names.size(); ++j) {
      std::vector<std::string> column;
      for (const auto& row : rows) column.push_back(row[j]);
      out.labels.emplace_back(names[j], std::move(column));
    }
    out.table = outcome.table();
    return out;
  }, py::arg("kwargs"), py::arg("handle_sigint") = false);
  m.def("study_keywords", [](const std::string& study) {
    if (study == "weak_error") return keywords_of(weak_error_setters());
    if (study == "stationary") return keywords_of(stationary_setters());
    if (study == "gibbs") return keywords_of(gibbs_setters());
    if (study == "escape") return keywords_of(escape_setters());
    if (study == "convergence") {  // its own SDEs: no problem keywords
      std::vector<std::string> names;
      for (const auto& [name, set] : convergence_setters()) names.push_back(name);
      return names;
    }
    throw std::invalid_argument("unknown study '" + study + "'");
  });
  auto analysis_module = m.def_submodule("analysis", "The analysis functions on a user's own chains and samples.");
  bind_analysis(analysis_module);
  m.def("problem_names", &catalogue::problem_names);
  m.def("problem_help", &catalogue::problem_help);
  m.def("integrator_names", &sde::integrators::names);
  m.def("problem_keywords", [] {
    std::vector<std::string> names;
    for (const auto& [name, set] : problem_setters()) names.push_back(name);
    return names;
  });
  m.def("run_keywords", [](const std::string& engine) {  // the run options sgd or sme takes, and the request's
    std::vector<std::string> names{"max_path_steps", "hessian_spectrum", "keep_paths"};
    for (const auto& [name, set] : setters_from(catalogue::run_options(), engine)) names.push_back(name);
    return names;
  });
}
