"""sgdsde: stochastic gradient descent beside its stochastic differential equation.

The exact minibatch SGD recursion and its stochastic modified equation (SME) on the same problem,
from Python: the same library, the same options and the same numbers as the ``sgdsde`` command
(same seed, same results, bit for bit).

    >>> import sgdsde
    >>> run = sgdsde.sgd("least_squares", eta=0.05, batch=10, epochs=5, runs=200, seed=1)
    >>> sme = sgdsde.sme("least_squares", eta=0.05, batch=10, epochs=5, runs=200, seed=1)
    >>> run.loss_mean[-1], sme.loss_mean[-1]

Problems are the command's built-ins (``problems()``; parameters as keywords: ``dim``, ``n``,
``sigma``, ``curvatures``, ``tilt_sd``, ...) or your own data: ``X`` (n×d) and ``y`` (n) as NumPy
arrays for ``least_squares`` or ``logistic`` (labels {0, 1} or {-1, +1}); ``sgd`` and ``sme`` also
run your own finite sum, written in NumPy, as an ``Objective``.

The studies of the command's subcommands, on the same problems: ``weak_error`` (the SME's weak
error against SGD over eta, exact or Monte Carlo, or SVAG(l) against the SME), ``stationary``
(long-time laws against the exact Fokker-Planck and Gibbs densities), ``gibbs`` (Gibbs versus
non-Gibbs in 2-D, with the probability current) and ``escape`` (mean first-passage times). Each
returns a ``StudyResult``: its table's columns as NumPy arrays, ``to_dict()`` (the command's JSON)
and ``brief_report()``.

``sgdsde.analysis`` holds the analysis functions for your own chains and samples (batch means,
histograms with error bars, distances, Hill, Lyapunov solvers, Fokker-Planck and Gibbs densities).

Errors: bad input raises ``ValueError`` naming the keyword (the command's message, with keywords
for its flags); a run that diverges raises ``DivergenceError`` with ``run``, ``step`` and ``t``;
Ctrl-C stops a long run within a step (``KeyboardInterrupt``). The computation runs without the GIL.
"""

import json as _json
import threading as _threading

import numpy as _np

from . import _core
from . import analysis
from ._core import DivergenceError

__all__ = ["analysis", "sgd", "sme", "Objective", "RunResult", "weak_error", "stationary", "gibbs", "escape", "convergence", "StudyResult", "DivergenceError",
           "problems", "problem_help", "integrators"]

_PROBLEM_KEYWORDS = frozenset(_core.problem_keywords())
_RUN_KEYWORDS = {engine: frozenset(_core.run_keywords(engine)) for engine in ("sgd", "sme")}


def problems():
    """The built-in problems' names (the ``problem`` argument)."""
    return list(_core.problem_names())


def problem_help():
    """The built-in problems, their formulas and parameters (as ``sgdsde sgd --help`` shows them)."""
    return _core.problem_help()


def integrators():
    """The SDE integrators' names (the ``integrator`` argument of ``sme``)."""
    return list(_core.integrator_names())


class RunResult:
    """An ensemble of SGD runs or SME paths, recorded every ``record_every`` SGD steps.

    Arrays (NumPy): ``step`` and ``t`` (K), ``loss_mean`` and ``loss_se`` (K), ``mean`` and ``sd``
    (K×d: the iterates' mean and standard deviation per coordinate over the runs), ``final_mean`` (d),
    ``final_covariance`` (d×d), and ``paths``: one dict per kept run (``keep_paths``) with ``step``,
    ``t`` and ``x`` (K×d). ``to_dict()`` is the command's ``--json`` document; ``brief_report()`` its
    table.
    """

    def __init__(self, core_result):
        self._core = core_result
        arrays = core_result.arrays()
        for name in ("step", "t", "loss_mean", "loss_se", "mean", "sd", "final_mean", "final_covariance"):
            setattr(self, name, arrays[name])
        self.paths = list(arrays["paths"])
        self._document = None

    def to_dict(self):
        """The result as the ``sgdsde sgd``/``sme`` command's JSON document (a dict)."""
        if self._document is None:
            self._document = _json.loads(self._core.document)
        return self._document

    @property
    def diffusion(self):
        """The SME's choice of noise factor (form, noise dimensions, why), or None for SGD."""
        return self.to_dict().get("diffusion")

    def brief_report(self):
        """The run's summary, the records as a table and the final mean, as the command prints them."""
        return self._core.report

    def __repr__(self):
        d = self.to_dict()
        return "<sgdsde.RunResult {} on {}: {} runs, {} steps, final loss {:.6g}>".format(
            d["command"], d["problem"]["description"], d["runs"], d["steps"], float(self.loss_mean[-1]))


def _split(engine, kwargs):
    problem, run = {}, {}
    for key, value in kwargs.items():
        if value is None:
            continue
        if key in _PROBLEM_KEYWORDS:
            problem[key] = value
        elif key in _RUN_KEYWORDS[engine]:
            run[key] = value
        else:
            raise TypeError("{}() got an unexpected keyword argument '{}'".format(engine, key))
    return problem, run


class Objective:
    """A finite sum f(x) = (1/n) sum_i f_i(x) written in Python, for ``sgd`` and ``sme``.

    n, dim: the number of samples and the dimension of x.
    values(x, idx): the per-sample values f_i(x) for i in idx, an array of shape (len(idx),).
    gradients(x, idx): the per-sample gradients, shape (len(idx), dim); row j is grad f_{idx[j]}(x).
    hessian(x) (optional): the full-data Hessian of f at x, shape (dim, dim), read by the SME-2 and
        ``hessian_spectrum``; without it, central differences of the full gradient (step
        1e-5 max(1, |x|_inf), about 1e-9 relative error, 2 dim gradient calls each).
    description: how results name the problem.

    x is a float64 array of shape (dim,), idx an int64 array of sample indices. Write the functions
    vectorised over idx: the engine calls them once per minibatch (SGD) and once over all n samples
    per SDE step (the SME's drift, and its diffusion in per-sample form), never once per sample.
    They may be called from several worker threads (each holding the GIL in turn) and must give the
    same numbers for the same arguments; the results then do not depend on ``threads``. Start with
    ``x0=[...]`` (default 0). An exception raised by a function stops the run and reaches the caller
    as it was raised; a returned array of the wrong shape raises ValueError naming the function.

    Speed: each call costs a Python round trip (about 5-10 microseconds plus the NumPy work), so
    small problems run far slower than the built-ins; the README gives measured figures.
    """

    def __init__(self, n, dim, values, gradients, hessian=None, description="a Python objective"):
        for name, value in (("n", n), ("dim", dim)):
            if isinstance(value, bool) or not isinstance(value, (int, _np.integer)) or value < 1:
                raise ValueError("Objective: {} must be an integer >= 1, got {!r}".format(name, value))
        for name, function in (("values", values), ("gradients", gradients)):
            if not callable(function):
                raise ValueError("Objective: {} must be callable, got {!r}".format(name, function))
        if hessian is not None and not callable(hessian):
            raise ValueError("Objective: hessian must be callable or None, got {!r}".format(hessian))
        self.n, self.dim = int(n), int(dim)
        self.values, self.gradients, self.hessian = values, gradients, hessian
        self.description = str(description)

    def __repr__(self):
        return "<sgdsde.Objective {}: n = {}, dim = {}>".format(self.description, self.n, self.dim)


def _run(engine, problem, X, y, kwargs):
    kwargs = dict(kwargs)
    objective = None
    if isinstance(problem, Objective):
        if X is not None or y is not None:
            raise ValueError("give an Objective or X, y, not both")
        objective = problem
    else:
        kwargs["problem"] = problem
    problem_kwargs, run_kwargs = _split(engine, kwargs)
    if X is not None:
        X = _np.ascontiguousarray(X, dtype=float)
        if X.ndim != 2:
            raise ValueError("X must be a 2-D array (n samples × d features), got shape {}".format(X.shape))
    if y is not None:
        y = _np.ascontiguousarray(y, dtype=float).reshape(-1)
    main = _threading.current_thread() is _threading.main_thread()
    return RunResult(_core.run(engine, problem_kwargs, run_kwargs, X, y, main, objective))


def sgd(problem="least_squares", *, X=None, y=None, **options):
    """Runs an ensemble of exact minibatch SGD runs (``sgdsde sgd``) and returns a ``RunResult``.

    problem: a built-in problem's name (``problems()``); its parameters as keywords (``dim``, ``n``,
        ``sigma``, ``data_seed``, ``teacher_scale``, ``separable``, ``ridge``, ``curvatures``,
        ``height``, ``tilt_sd``, ``noise_sd``, ``h1``, ``h2``, ``rho``, ``noise_cov`` (a d×d matrix
        or its diagonal: the gradient noise covariance of li_tai_e or non_commuting), ``x0``;
        ``data``, ``header``, ``target``, ``standardize`` for a CSV file), or your data as ``X`` and ``y``, or your own
        objective as an ``Objective`` (then only ``x0`` of these is read).
    The run (defaults as the command's): ``eta`` (0.01), ``schedule`` (constant | inverse_power |
        exponential | linear | step_decay, with ``alpha``, ``decay_start``, ``decay_unit``, ``gamma``,
        ``eta_end``, ``decay_factor``, ``decay_every``), ``batch`` (1), ``sampler`` (with_replacement | without_replacement |
        reshuffling), ``gd``, ``steps`` or ``epochs`` (10 epochs on a data set, 1000 steps on a
        population), ``record_every``, ``runs`` (100), ``seed`` (1), ``threads`` (0: all cores; the
        results do not depend on it), ``bound``, ``keep_paths``, ``max_path_steps`` (the work cap),
        ``hessian_spectrum`` (the Hessian's eigenvalues at the final mean in ``to_dict()["hessian"]``).
    SGD's variants: ``method`` (plain | momentum | injected_noise | svag), ``momentum``, ``svag_l``,
        ``averaging`` (none | uniform | eta_weighted), ``average_from``, ``report_average``,
        ``noise`` (gaussian | student_t), ``dof``.
    """
    return _run("sgd", problem, X, y, options)


def sme(problem="least_squares", *, X=None, y=None, **options):
    """Runs the SME of the same run (``sgdsde sme``): dX = -grad f dt + sqrt(eta c Sigma(X)/B) dW.

    Takes the problem and run keywords of ``sgd`` (not its variants) and: ``order`` (1, or 2 for the
    drift -(grad f + eta/2 H grad f)), ``integrator`` (``integrators()``), ``substeps`` (SDE steps
    per SGD step, 10), ``diffusion`` (automatic | per_sample | covariance). Record k sits at the SGD
    time t_k = sum of eta_i over i < k, as in ``sgd``.
    """
    return _run("sme", problem, X, y, options)


class StudyResult:
    """A study's result: its table's columns as NumPy arrays, its JSON document and its report.

    ``columns`` names the table's columns (the command's ``--csv``), each an attribute and an item
    (``r.eta``, ``r["sgd_se"]``); a missing cell (a side that diverged) is NaN. ``to_dict()`` is the
    command's ``--json`` document (without its version and wall time), ``brief_report()`` the text the
    command prints, ``wall_seconds`` the time the study took.
    """

    def __init__(self, study, core_result):
        self.study = study
        self._core = core_result
        self._arrays = {name: _np.asarray(value) for name, value in core_result.arrays().items()}
        self.columns = list(self._arrays)
        self.wall_seconds = core_result.wall_seconds
        self._document = None

    def __getitem__(self, name):
        return self._arrays[name]

    def __getattr__(self, name):
        arrays = self.__dict__.get("_arrays", {})
        if name in arrays:
            return arrays[name]
        raise AttributeError("{} result has no column '{}' (columns: {})".format(self.__dict__.get("study"), name,
                                                                                 ", ".join(arrays) or "none"))

    def __dir__(self):
        return list(super().__dir__()) + list(self._arrays)

    def to_dict(self):
        """The result as the command's JSON document (a dict)."""
        if self._document is None:
            self._document = _json.loads(self._core.document)
        return self._document

    def brief_report(self):
        """The study's report, as the command prints it."""
        return self._core.report

    def __repr__(self):
        on = self.to_dict().get("problem", {}).get("description", "the solvable SDEs")
        return "<sgdsde.StudyResult {} on {}: columns {}>".format(self.study, on, ", ".join(self.columns))


def _study(name, problem, kwargs, X=None, y=None):
    if isinstance(problem, Objective):
        raise ValueError("{}() runs on the built-in problems or X, y; an Objective runs in sgd() and sme()".format(name))
    kwargs = {k: v for k, v in kwargs.items() if v is not None}
    if problem is not None:
        kwargs["problem"] = problem
    main = _threading.current_thread() is _threading.main_thread()
    core = getattr(_core, name)
    try:
        if X is not None or y is not None:
            if X is not None:
                X = _np.ascontiguousarray(X, dtype=float)
            if y is not None:
                y = _np.ascontiguousarray(y, dtype=float).reshape(-1)
            result = core(kwargs, X, y, main)
        else:
            result = core(kwargs, handle_sigint=main)
    except TypeError as error:
        if "unexpected keyword argument" in str(error):
            raise TypeError("{}() got an {}".format(name, error)) from None
        raise
    return StudyResult(name, result)


def weak_error(problem=None, *, X=None, y=None, **options):
    """The weak error |E phi(x_K) - E phi(X_T)| of the SME-1 and SME-2 against SGD over eta = T/K
    (``sgdsde weak-error``), with fitted orders; or, with ``svag_l``, SVAG(l) against the SME-1
    (exact where the moments close, else Monte Carlo with ``runs`` paths per l).

    problem: a built-in problem (default ``li_tai_e``) with its parameters as keywords, or ``X, y``.
    Options (the command's): ``mode`` (auto | exact | monte_carlo: exact where the per-sample
    gradients are affine), ``functional`` (loss | second_moment | x<i> | fourth_moment | norm^p; the last two: Monte Carlo mode), ``horizon`` (T), ``steps``
    (the K, a list), ``batch``, ``sampler``, ``runs``, ``substeps``, ``integrator``, ``bound``,
    ``max_over_t`` (Monte Carlo: also the maximum over t of the error, with max_error1_se, ...),
    ``confidence``, ``seed``, ``threads``, ``max_path_steps``; ``svag_l`` (a list of l) and ``eta``.
    Columns: eta, steps, sgd, sgd_se, sme1, sme1_se, sme2, sme2_se, error1, error1_se, error2,
    error2_se; the exact mode adds max_error1, max_time1, max_error2, max_time2 (the largest |error|
    over 0 <= t <= T and where it is reached). SVAG: l, steps, svag, svag_se, sme1, sme1_se, error,
    error_se (standard errors 0 in the exact mode).
    """
    return _study("weak_error", problem, options, X, y)


def stationary(problem=None, *, X=None, y=None, **options):
    """Long-time laws of SGD and its SME (each integrator) against the SME's exact Fokker-Planck and
    best-fit Gibbs densities (``sgdsde stationary``): TV, Hellinger, KL, W1, KS and Hill tail indices.

    problem: default the mixing double well (height 0.25, tilt_sd 2), started at 0 unless ``x0``.
    Options: ``eta``, ``batch``, ``sampler``, ``horizon``, ``chains`` (long time-averaged chains instead
    of an ensemble) and ``burn_in``, ``runs``, ``substeps``, ``bins``, ``integrator`` (a name or a
    list), ``range`` ([lo, hi]), ``hill_k``, ``seed``, ``threads``, ``max_path_steps``.
    Columns (1-D): x, then sgd, sgd_se and each integrator's density and standard error, fokker_planck
    and gibbs.
    """
    return _study("stationary", problem, options, X, y)


def gibbs(problem=None, *, X=None, y=None, **options):
    """Gibbs versus non-Gibbs stationary laws of SGD and its SME (``sgdsde gibbs``): stationary
    covariances, the best-fit Gibbs temperature, residual KL, per-direction temperatures and the
    probability current.

    ``mode``: ``trajectory`` on a 2-D quadratic with constant noise (li_tai_e with two curvatures or
    non_commuting, the default), the current also estimated from one long trajectory; ``exact`` on any
    problem with affine per-sample gradients in d <= 32 (least_squares, also on X, y), state-dependent
    noise included, beside the Gaussian approximation at the minimizer; ``gaussian`` on any problem with
    a strict minimum (logistic, also on X, y): the Gaussian approximation at the minimizer (found by
    Newton's method) beside ``runs`` SGD chains from it; ``auto`` (default) trajectory where it applies,
    else exact where the gradients are affine, else gaussian.

    Options: ``mode``, ``eta``, ``batch``, ``sampler``; trajectory mode also ``steps``, ``burn_in``,
    ``substeps``, ``integrator``, ``seed``, ``max_path_steps``; gaussian mode ``steps`` and ``burn_in``
    per chain (default from the relaxation time 1/(eta lambda_min)), ``runs``, ``threads``, ``seed``,
    ``max_path_steps``. Arrays: hessian, noise_covariance (at the minimizer in exact and gaussian
    modes), sgd_covariance (gaussian: the chains' estimate, with sgd_covariance_se), sme_covariance
    (not in gaussian mode); exact and gaussian modes also sgd_area_rates (HS - SH),
    sgd_gaussian_covariance and sme_gaussian_covariance; exact mode sme_area_rates.
    """
    return _study("gibbs", problem, options, X, y)


def escape(problem=None, **options):
    """Mean first-passage times of SGD and its SME out of a well over a sweep of eta (``sgdsde
    escape``), beside the SME's exact value (quadrature) and Kramers' asymptotic.

    problem: default the mixing double well, from its left bottom x0 = -1. Options: ``eta`` (a list),
    ``target`` (the level), ``reflect_at``, ``horizon_factor``, ``batch``, ``sampler``, ``runs``,
    ``substeps``, ``integrator``, ``seed``, ``threads``, ``max_path_steps``.
    Columns: eta, temperature, exact, kramers, sgd, sgd_se, sgd_censored, <integrator>,
    <integrator>_se, <integrator>_censored.
    """
    return _study("escape", problem, options)


def convergence(problem=None, **options):
    """Strong and weak orders of every integrator on SDEs with known solutions (``sgdsde convergence``):
    gbm (scalar noise), nonlinear_diagonal, linear_commutative and linear_noncommutative (general noise,
    Levy areas); ``problem`` a name or a list (default all).

    Options: ``method`` (an integrator or all), ``paths`` (4000), ``coarsest_level``, ``finest_level``
    (steps T/2^k), ``reference_extra_levels``, ``levy_area_tolerance``, ``confidence``, ``seed``,
    ``threads``, ``max_path_steps``. Columns, one row per problem, method and level: problem, noise,
    method, dt, strong_error, strong_error_se, weak_error, weak_error_se, weak_difference,
    weak_difference_se; the fitted orders are in ``to_dict()["results"]``.
    """
    return _study("convergence", problem, options)
