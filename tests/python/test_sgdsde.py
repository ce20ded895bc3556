"""The Python package as a research script meets it: the command's numbers bit for bit, NumPy arrays,
the user's own data, the command's messages as ValueError, divergence and Ctrl-C."""
import json
import os
import signal
import subprocess
import threading
import time

import numpy as np
import pytest

import sgdsde

CLI = os.environ["SGDSDE_CLI"]
DATA = os.path.join(os.path.dirname(__file__), "..", "..", "data", "breast_cancer.csv")


def cli_json(*args):
    return json.loads(subprocess.run([CLI, *args, "--json"], check=True, capture_output=True, text=True).stdout)


def same_numbers(result, doc):
    """Every number of the command's JSON equals the Python result's (17 digits read back exactly)."""
    assert np.array_equal(result.final_mean, np.array(doc["final"]["mean"]))
    assert np.array_equal(result.final_covariance, np.array(doc["final"]["covariance"]))
    assert np.array_equal(result.loss_mean, np.array([r["loss_mean"] for r in doc["records"]]))
    assert np.array_equal(result.mean, np.array([r["mean"] for r in doc["records"]]))
    assert np.array_equal(result.t, np.array([r["t"] for r in doc["records"]]))


@pytest.mark.parametrize(
    "engine, cli_args, keywords",
    [
        ("sgd", ["--problem", "least_squares", "--epochs", "2", "-B", "10", "--runs", "40", "--seed", "3"],
         dict(epochs=2, batch=10, runs=40, seed=3)),
        ("sgd", ["--problem", "logistic", "--dim", "3", "--method", "svag", "--svag-l", "4", "--steps", "50", "--runs", "20",
                 "--averaging", "uniform", "--average-from", "10"],
         dict(dim=3, method="svag", svag_l=4, steps=50, runs=20, averaging="uniform", average_from=10)),
        ("sgd", ["--problem", "double_well", "--method", "injected_noise", "--noise", "student_t", "--steps", "300", "--runs", "30",
                 "--eta", "0.05"],
         dict(method="injected_noise", noise="student_t", steps=300, runs=30, eta=0.05)),
        ("sme", ["--problem", "non_commuting", "--integrator", "milstein", "--steps", "100", "--runs", "25", "--order", "2"],
         dict(integrator="milstein", steps=100, runs=25, order=2)),
        ("sme", ["--problem", "least_squares", "--schedule", "linear", "--eta-end", "0.001", "--steps", "60", "--runs", "16",
                 "--sampler", "without_replacement", "-B", "20"],
         dict(schedule="linear", eta_end=0.001, steps=60, runs=16, sampler="without_replacement", batch=20)),
    ],
)
def test_same_seed_same_numbers_as_the_command(engine, cli_args, keywords):
    problem = cli_args[1]
    doc = cli_json(engine, *cli_args)
    result = getattr(sgdsde, engine)(problem, **keywords)
    same_numbers(result, doc)
    mine = result.to_dict()
    for key in ("problem", "options", "runs", "seed", "steps", "steps_per_epoch", "record_every"):
        assert mine[key] == doc[key], key


def test_results_are_numpy_arrays_with_the_run_shape():
    r = sgdsde.sgd("least_squares", dim=4, steps=30, record_every=10, runs=12, keep_paths=3, threads=2)
    assert r.step.tolist() == [0, 10, 20, 30]
    assert r.t.shape == (4,) and r.loss_mean.shape == (4,) and r.loss_se.shape == (4,)
    assert r.mean.shape == (4, 4) and r.sd.shape == (4, 4)
    assert r.final_mean.shape == (4,) and r.final_covariance.shape == (4, 4)
    assert len(r.paths) == 3 and r.paths[0]["x"].shape == (4, 4) and r.paths[0]["step"].tolist() == [0, 10, 20, 30]
    # The kept runs are the ensemble's first runs: the mean of 12 runs is not far from them, and
    # a thread count does not change any number.
    same = sgdsde.sgd("least_squares", dim=4, steps=30, record_every=10, runs=12, keep_paths=3, threads=1)
    assert np.array_equal(r.final_covariance, same.final_covariance)
    assert np.array_equal(r.paths[2]["x"], same.paths[2]["x"])
    assert "final mean:" in r.brief_report()
    assert sgdsde.sme("least_squares", steps=5, runs=2).diffusion["form"] in ("per_sample", "covariance")
    assert "least_squares" in sgdsde.problems() and "milstein" in sgdsde.integrators()


def test_arrays_are_the_same_objective_as_the_csv_file():
    table = np.loadtxt(DATA, delimiter=",", skiprows=1)
    X, y = table[:, :-1], table[:, -1]
    common = dict(standardize=True, batch=16, epochs=1, runs=8, seed=5, eta=0.05)
    from_file = sgdsde.sgd("logistic", data=DATA, header="yes", **common)
    from_arrays = sgdsde.sgd("logistic", X=X, y=y, **common)
    assert np.array_equal(from_file.final_mean, from_arrays.final_mean)
    assert np.array_equal(from_file.loss_mean, from_arrays.loss_mean)
    assert from_arrays.to_dict()["problem"]["d"] == 30 and from_arrays.to_dict()["problem"]["n"] == 569
    # least squares on the same arrays, the SME beside it
    assert sgdsde.sme("least_squares", X=X, y=y, standardize=True, steps=3, runs=2).final_mean.shape == (30,)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: sgdsde.sgd(eta=-1.0, steps=5), "eta"),
        (lambda: sgdsde.sgd("nope"), "unknown problem 'nope'"),
        (lambda: sgdsde.sgd(momentum=0.5), "momentum is read only with method momentum"),
        (lambda: sgdsde.sgd("double_well", dim=3), "dim is read only by least_squares and logistic"),
        (lambda: sgdsde.sgd(dim=0), "dim 0 is out of range [1, 4096]"),
        (lambda: sgdsde.sgd(n=-5), "n -5 is out of range [0, 1000000000]"),
        (lambda: sgdsde.sgd(steps="many"), "steps"),
        (lambda: sgdsde.sgd(runs=0), "runs must be >= 1"),
        (lambda: sgdsde.sgd("li_tai_e", curvatures=[1.0, -2.0]), "curvatures -2 is out of range [1e-06, 1e+06]"),
        (lambda: sgdsde.sme(integrator="rk4", steps=5), "unknown integrator 'rk4'"),
        (lambda: sgdsde.sgd(X=np.ones((5, 2))), "give X and y together"),
        (lambda: sgdsde.sgd(X=np.ones((5, 2)), y=np.ones(4)), "5 feature rows but 4 targets"),
        (lambda: sgdsde.sgd("double_well", X=np.ones((5, 2)), y=np.ones(5)), "X and y"),
        (lambda: sgdsde.sgd(X=np.ones((5, 2)), y=np.ones(5), data=DATA), "X and y"),
        (lambda: sgdsde.sgd(X=np.full((5, 2), np.nan), y=np.ones(5)), "finite"),
    ],
)
def test_bad_input_is_a_value_error_naming_the_parameter(call, message):
    with pytest.raises(ValueError, match=None) as error:
        call()
    assert message in str(error.value)
    assert "--" not in str(error.value)  # Python's messages name keywords, not the command's flags


def test_unknown_keyword_is_a_type_error():
    with pytest.raises(TypeError, match="unexpected keyword argument 'etaa'"):
        sgdsde.sgd(etaa=0.1)
    with pytest.raises(TypeError, match="unexpected keyword argument 'integrator'"):
        sgdsde.sgd(integrator="milstein")
    with pytest.raises(TypeError, match="unexpected keyword argument 'momentum'"):
        sgdsde.sme(momentum=0.5)  # SGD's update is not the SME's option


def test_keywords_are_the_commands_options():
    # Each keyword is an option of the command of the same name ('_' for '-'), read from one table.
    for engine in ("sgd", "sme"):
        help_text = subprocess.run([CLI, engine, "--help"], check=True, capture_output=True, text=True).stdout
        for key in sgdsde._RUN_KEYWORDS[engine] | sgdsde._PROBLEM_KEYWORDS:
            assert "--" + key.replace("_", "-") in help_text, (engine, key)


def test_divergence_carries_run_step_and_time():
    with pytest.raises(sgdsde.DivergenceError) as error:
        sgdsde.sgd("li_tai_e", eta=2.5, steps=500, runs=4, bound=1e6)
    e = error.value
    assert isinstance(e, RuntimeError)
    assert e.run == 0 and 1 <= e.step <= 500 and e.t == pytest.approx(2.5 * e.step)
    assert "run 0 at step {}".format(e.step) in str(e)


def test_ctrl_c_stops_a_long_run_within_a_second():
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    start = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        sgdsde.sgd("double_well", steps=10**9, runs=2, threads=1)
    assert time.monotonic() - start < 1.5
    timer.join()
    # Python's own handler is back: the next Ctrl-C is Python's KeyboardInterrupt again.
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_the_gil_is_released_while_cpp_runs():
    # Another Python thread keeps ticking while C++ runs; with the GIL held it could not.
    ticks = []
    done = threading.Event()

    def count():
        while not done.is_set():
            ticks.append(1)
            time.sleep(0.001)

    counter = threading.Thread(target=count)
    counter.start()
    time.sleep(0.01)
    before = len(ticks)
    start = time.monotonic()
    sgdsde.sgd("double_well", steps=2_000_000, runs=8, threads=1)
    elapsed = time.monotonic() - start
    during = len(ticks) - before
    done.set()
    counter.join()
    assert elapsed > 0.1 and during > 20, (elapsed, during)


def test_hessian_spectrum_is_the_data_sets():
    # least squares: the Hessian is X^T X / n everywhere; logistic: X^T diag(s(1 - s)) X / n + ridge I at the
    # final mean, s the logistic function of y_i x_i.w (labels +-1). Both against NumPy's eigenvalues.
    table = np.loadtxt(DATA, delimiter=",", skiprows=1)
    raw, y = table[:, :-1], table[:, -1]
    X = (raw - raw.mean(axis=0)) / raw.std(axis=0)  # standardize=True: population standard deviations
    ls = sgdsde.sgd("least_squares", X=raw, y=y, standardize=True, epochs=1, batch=32, runs=4, hessian_spectrum=True)
    h = ls.to_dict()["hessian"]
    expected = np.linalg.eigvalsh(X.T @ X / len(y))
    assert h["at"] == "final_mean" and len(h["eigenvalues"]) == 30
    assert np.allclose(h["eigenvalues"], expected, rtol=1e-9, atol=1e-12 * expected.max())
    assert h["condition_number"] == pytest.approx(expected.max() / expected.min(), rel=1e-6)
    assert h["gd_stability_limit"] == pytest.approx(2 / expected.max(), rel=1e-9)
    assert "Hessian at the final mean" in ls.brief_report()
    lg = sgdsde.sgd("logistic", X=raw, y=y, standardize=True, ridge=0.01, epochs=1, batch=32, runs=4, hessian_spectrum=True)
    w = lg.final_mean
    signed = np.where(y > 0, 1.0, -1.0)
    s = 1 / (1 + np.exp(-signed * (X @ w)))
    H = X.T @ (X * (s * (1 - s))[:, None]) / len(y) + 0.01 * np.eye(30)
    expected = np.linalg.eigvalsh(H)
    assert np.allclose(lg.to_dict()["hessian"]["eigenvalues"], expected, rtol=1e-8, atol=1e-12 * expected.max())
    assert "hessian" not in sgdsde.sgd("least_squares", steps=5, runs=2).to_dict()
