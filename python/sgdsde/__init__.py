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
arrays for ``least_squares`` or ``logistic`` (labels {0, 1} or {-1, +1}).

Errors: bad input raises ``ValueError`` naming the parameter (the command's message); a run that
diverges raises ``DivergenceError`` with ``run``, ``step`` and ``t``; Ctrl-C stops a long run within
a step (``KeyboardInterrupt``). The computation runs without the GIL.
"""

import json as _json
import threading as _threading

import numpy as _np

from . import _core
from ._core import DivergenceError

__all__ = ["sgd", "sme", "RunResult", "DivergenceError", "problems", "problem_help", "integrators"]

_PROBLEM_KEYWORDS = frozenset(_core.problem_keywords())
_RUN_KEYWORDS = frozenset(_core.run_keywords())
_SGD_ONLY = frozenset(["method", "momentum", "svag_l", "averaging", "average_from", "report_average", "noise", "dof"])
_SME_ONLY = frozenset(["order", "integrator", "substeps", "diffusion"])


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
        """The records as a table and the final mean, as the command prints them."""
        return self._core.brief_report()

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
        elif key in _RUN_KEYWORDS and not (engine == "sme" and key in _SGD_ONLY) and not (engine == "sgd" and key in _SME_ONLY):
            run[key] = value
        else:
            raise TypeError("{}() got an unexpected keyword argument '{}'".format(engine, key))
    return problem, run


def _run(engine, problem, X, y, kwargs):
    kwargs = dict(kwargs)
    kwargs["problem"] = problem
    problem_kwargs, run_kwargs = _split(engine, kwargs)
    if X is not None:
        X = _np.ascontiguousarray(X, dtype=float)
        if X.ndim != 2:
            raise ValueError("X must be a 2-D array (n samples × d features), got shape {}".format(X.shape))
    if y is not None:
        y = _np.ascontiguousarray(y, dtype=float).reshape(-1)
    main = _threading.current_thread() is _threading.main_thread()
    return RunResult(_core.run(engine, problem_kwargs, run_kwargs, X, y, main))


def sgd(problem="least_squares", *, X=None, y=None, **options):
    """Runs an ensemble of exact minibatch SGD runs (``sgdsde sgd``) and returns a ``RunResult``.

    problem: a built-in problem's name (``problems()``); its parameters as keywords (``dim``, ``n``,
        ``sigma``, ``data_seed``, ``teacher_scale``, ``separable``, ``ridge``, ``curvatures``,
        ``height``, ``tilt_sd``, ``noise_sd``, ``h1``, ``h2``, ``rho``, ``x0``; ``data``, ``header``,
        ``target``, ``standardize`` for a CSV file), or your data as ``X`` and ``y``.
    The run (defaults as the command's): ``eta`` (0.01), ``schedule`` (constant | inverse_power |
        exponential | linear | step_decay, with ``alpha``, ``gamma``, ``eta_end``, ``decay_factor``,
        ``decay_every``), ``batch`` (1), ``sampler`` (with_replacement | without_replacement |
        reshuffling), ``gd``, ``steps`` or ``epochs`` (10 epochs on a data set, 1000 steps on a
        population), ``record_every``, ``runs`` (100), ``seed`` (1), ``threads`` (0: all cores; the
        results do not depend on it), ``bound``, ``keep_paths``.
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
