"""The studies from Python: the command's JSON and CSV numbers bit for bit (same seed), the table as
NumPy columns, the command's refusals as ValueError, and the exact answers the studies compute."""
import csv
import io
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


def cli(command, args, tmp_path):
    """The command's JSON document (without version, wall time and file name) and its CSV table."""
    table = tmp_path / "table.csv"
    extra = ["--csv", str(table)] if command != "gibbs" else []
    out = subprocess.run([CLI, command, *args, "--json", *extra], check=True, capture_output=True, text=True).stdout
    doc = json.loads(out)
    for key in ("version", "wall_seconds", "csv"):
        doc.pop(key, None)
    rows = list(csv.reader(io.StringIO(table.read_text()))) if extra else None
    return doc, rows


def same_table(result, rows):
    """Every CSV column equals the result's column; an empty cell is NaN (17 digits read back exactly)."""
    header, body = rows[0], rows[1:]
    assert result.columns == header
    for j, name in enumerate(header):
        if name in ("problem", "noise", "method"):  # the convergence table's text columns
            assert result[name].tolist() == [r[j] for r in body], name
            continue
        expected = np.array([float(r[j]) if r[j] != "" else np.nan for r in body])
        assert np.array_equal(result[name], expected, equal_nan=True), name


@pytest.mark.parametrize(
    "study, command, cli_args, keywords",
    [
        ("weak_error", "weak-error", ["--problem", "li_tai_e", "--steps", "8,16,32", "-B", "2"], dict(steps=[8, 16, 32], batch=2)),
        ("weak_error", "weak-error", ["--problem", "least_squares", "--dim", "3", "--n", "40", "--svag-l", "1,2,4", "--eta", "0.05"],
         dict(problem="least_squares", dim=3, n=40, svag_l=[1, 2, 4], eta=0.05)),
        ("weak_error", "weak-error", ["--problem", "double_well", "--steps", "4,8,16", "--runs", "400", "--substeps", "2",
                                      "--seed", "7", "--threads", "2"],
         dict(problem="double_well", steps=[4, 8, 16], runs=400, substeps=2, seed=7, threads=2)),
        ("weak_error", "weak-error", ["--problem", "double_well", "--steps", "4,8,16", "--runs", "200", "--substeps", "2",
                                      "--schedule", "linear", "--end-ratio", "0.5", "--max-over-t"],
         dict(problem="double_well", steps=[4, 8, 16], runs=200, substeps=2, schedule="linear", end_ratio=0.5, max_over_t=True)),
        ("weak_error", "weak-error", ["--problem", "double_well", "--svag-l", "1,2,4", "--eta", "0.1", "-T", "0.5", "--runs", "200",
                                      "--substeps", "2"],
         dict(problem="double_well", svag_l=[1, 2, 4], eta=0.1, horizon=0.5, runs=200, substeps=2)),
        ("stationary", "stationary", ["--runs", "500", "-T", "4", "--eta", "0.1", "--bins", "12", "--integrator", "euler_maruyama",
                                      "milstein"],
         dict(runs=500, horizon=4, eta=0.1, bins=12, integrator=["euler_maruyama", "milstein"])),
        ("escape", "escape", ["--eta", "0.1", "--runs", "50", "--seed", "3"], dict(eta=0.1, runs=50, seed=3)),
        ("gibbs", "gibbs", ["--steps", "20000", "--burn-in", "1000", "--seed", "2"], dict(steps=20000, burn_in=1000, seed=2)),
        ("gibbs", "gibbs", ["--problem", "li_tai_e", "--curvatures", "1,2", "--noise-cov", "1,0.8,0.8,1", "--mode", "exact"],
         dict(problem="li_tai_e", curvatures=[1, 2], noise_cov=np.array([[1, 0.8], [0.8, 1]]), mode="exact")),
        ("convergence", "convergence", ["--paths", "200", "--coarsest-level", "2", "--finest-level", "5",
                                        "--reference-extra-levels", "1", "--problem", "gbm", "linear_noncommutative"],
         dict(paths=200, coarsest_level=2, finest_level=5, reference_extra_levels=1, problem=["gbm", "linear_noncommutative"])),
    ],
)
def test_same_seed_same_numbers_as_the_command(study, command, cli_args, keywords, tmp_path):
    doc, rows = cli(command, cli_args, tmp_path)
    result = getattr(sgdsde, study)(**keywords)
    assert result.to_dict() == doc
    if rows is not None:
        same_table(result, rows)
    assert result.brief_report().strip() and result.wall_seconds >= 0


def test_exact_weak_error_orders_and_columns():
    # Li-Tai-E: the SME-1's weak error is order 1 and the SME-2's order 2 in eta, exactly (moment
    # equations, no Monte Carlo). The columns are the rows of the fit: a least-squares slope of
    # log|error| on log eta is the study's fitted order, and the slope between the two smallest eta
    # approaches 1 and 2 within twice its drift (its change from the previous pair).
    r = sgdsde.weak_error("li_tai_e", steps=[16, 32, 64, 128])
    d = r.to_dict()
    assert d["mode"] == "exact"
    assert r.eta.tolist() == [1 / 16, 1 / 32, 1 / 64, 1 / 128] and r.steps.tolist() == [16, 32, 64, 128]
    assert np.array_equal(r.error1, r.sme1 - r.sgd) and np.array_equal(r.error2, r.sme2 - r.sgd)
    assert np.all(np.abs(r.error2) < np.abs(r.error1))
    for order, column, key in ((1, r.error1, "sme1"), (2, r.error2, "sme2")):
        slope = np.polyfit(np.log(r.eta), np.log(np.abs(column)), 1)[0]
        assert slope == pytest.approx(d["order_" + key]["estimate"], rel=1e-9)
        local = d["local_order_" + key]
        assert abs(local["estimate"] - order) < 2 * local["drift"], local
    # The maximum over 0 <= t <= T is a column too: never below the error at T, reached inside [0, T].
    assert np.all(r.max_error1 >= np.abs(r.error1)) and np.all(r.max_error2 >= np.abs(r.error2))
    assert np.all((r.max_time1 >= 0) & (r.max_time1 <= 1)) and np.all((r.max_time2 >= 0) & (r.max_time2 <= 1))
    slope = np.polyfit(np.log(r.eta), np.log(r.max_error1), 1)[0]
    assert slope == pytest.approx(d["max_order_sme1"]["estimate"], rel=1e-9)


def test_gibbs_arrays_are_the_exact_covariances():
    # non_commuting on its population (c = 1) with B = 1 at the default eta 0.05.
    r = sgdsde.gibbs(steps=20000, burn_in=1000)
    H, S, Sigma = r.hessian, r.sme_covariance, r.noise_covariance
    assert H.shape == (2, 2) and S.shape == (2, 2) and r.sgd_covariance.shape == (2, 2)
    assert np.array_equal(H, np.diag([1.0, 4.0])) and np.array_equal(Sigma, [[1.0, 0.6], [0.6, 1.0]])
    # The SME's stationary covariance solves the Lyapunov equation H S + S H^T = eta Sigma / B.
    assert np.allclose(H @ S + S @ H.T, 0.05 * Sigma, rtol=1e-12, atol=1e-15)
    # SGD's solves the discrete one, S = (I - eta H) S (I - eta H)^T + eta^2 Sigma / B.
    A, G = np.eye(2) - 0.05 * H, r.sgd_covariance
    assert np.allclose(A @ G @ A.T + 0.05**2 * Sigma, G, rtol=1e-12, atol=1e-15)


def test_gibbs_exact_mode_on_least_squares_in_d_dimensions():
    # d = 4, state-dependent noise: the stationary laws from the moment equations, not simulated.
    r = sgdsde.gibbs("least_squares", dim=4, eta=0.01, batch=2)
    d = r.to_dict()
    assert d["mode"] == "exact" and d["dim"] == 4 and d["noise_depends_on_x"]
    for side in ("sgd", "sme"):
        S, R = getattr(r, side + "_covariance"), getattr(r, side + "_area_rates")
        assert S.shape == (4, 4) and np.array_equal(S, np.array(d[side]["stationary_covariance"]))
        # The area rates are HS - SH, antisymmetric.
        H = r.hessian
        assert np.allclose(R, H @ S - S @ H, rtol=1e-12, atol=1e-15) and np.allclose(R, -R.T, atol=1e-15)
        assert getattr(r, side + "_gaussian_covariance").shape == (4, 4)
    # The SME's exact covariance is not the Gaussian approximation's Lyapunov solution at the minimizer,
    # which does solve H S + S H = eta (c/B) Sigma(x*).
    G, Sigma = r.sme_gaussian_covariance, r.noise_covariance
    assert np.allclose(r.hessian @ G + G @ r.hessian, 0.01 * 0.5 * Sigma, rtol=1e-10, atol=1e-16)
    assert not np.allclose(G, r.sme_covariance, rtol=1e-8, atol=0)
    with pytest.raises(ValueError, match="not read by gibbs mode exact"):
        sgdsde.gibbs("least_squares", dim=4, steps=2000)


def test_gibbs_gaussian_mode_on_the_users_logistic_data():
    # Logistic regression on arrays from NumPy: the Gaussian approximation at the minimizer (Newton)
    # beside SGD chains. Labels {0, 1} become {-1, +1}; the same numbers as the generated data set.
    rng = np.random.default_rng(4)
    X = rng.standard_normal((300, 2))
    y = (rng.random(300) < 1 / (1 + np.exp(-2 * X[:, 0]))).astype(float)
    r = sgdsde.gibbs("logistic", X=X, y=y, eta=0.2, batch=4, runs=4, steps=3000, burn_in=200, threads=1)
    d = r.to_dict()
    assert d["mode"] == "gaussian" and d["sgd_ensemble"]["steps"] == 3000 and d["sgd_ensemble"]["runs"] == 4
    H, Sigma = r.hessian, r.noise_covariance
    # The approximations solve their Lyapunov equations with D = eta (c/B) Sigma(x*), c = 1, B = 4.
    D = 0.2 / 4 * Sigma
    G = r.sme_gaussian_covariance
    assert np.allclose(H @ G + G @ H, D, rtol=1e-10, atol=1e-16)
    A, S = np.eye(2) - 0.2 * H, r.sgd_gaussian_covariance
    assert np.allclose(A @ S @ A.T + 0.2 * D, S, rtol=1e-10, atol=1e-16)
    assert r.sgd_covariance.shape == (2, 2) and np.all(r.sgd_covariance_se > 0)
    assert np.array_equal(r.sgd_covariance, np.array(d["sgd_ensemble"]["stationary_covariance"]))
    # The minimizer: the per-sample gradients average to zero there.
    w = np.array(d["minimizer"])
    s = np.where(y > 0, 1.0, -1.0)
    g = (-(s / (1 + np.exp(s * (X @ w))))[:, None] * X).mean(axis=0)
    assert np.linalg.norm(g) < 1e-9
    with pytest.raises(ValueError, match="read only by gibbs mode gaussian"):
        sgdsde.gibbs("least_squares", dim=3, runs=8)


def test_noise_cov_is_a_matrix_or_its_diagonal():
    # The same covariance as a matrix, a nested list or (when diagonal) its diagonal: the same study.
    diagonal = sgdsde.gibbs("li_tai_e", curvatures=[1, 2], noise_cov=[2.0, 4.0], mode="exact").to_dict()
    matrix = sgdsde.gibbs("li_tai_e", curvatures=[1, 2], noise_cov=np.diag([2.0, 4.0]), mode="exact").to_dict()
    assert diagonal["problem"].pop("noise_cov") == [2.0, 4.0] and matrix["problem"].pop("noise_cov") == [2.0, 0.0, 0.0, 4.0]
    assert diagonal == matrix
    assert np.allclose(diagonal["noise_covariance_at_minimizer"], np.diag([2.0, 4.0]), rtol=1e-15, atol=0)  # (sqrt 2)^2
    with pytest.raises(ValueError, match="square d x d matrix"):
        sgdsde.gibbs("li_tai_e", curvatures=[1, 2], noise_cov=np.ones((1, 4)), mode="exact")
    with pytest.raises(ValueError, match="not positive semi-definite"):
        sgdsde.gibbs("li_tai_e", curvatures=[1, 2], noise_cov=[[1, 2], [2, 1]], mode="exact")


def test_stationary_columns_are_densities():
    r = sgdsde.stationary(runs=400, horizon=3, eta=0.1, bins=10, integrator="euler_maruyama")
    width = r.x[1] - r.x[0]
    assert r.columns == ["x", "sgd", "sgd_se", "euler_maruyama", "euler_maruyama_se", "fokker_planck", "gibbs"]
    # The exact densities integrate to the mass inside the range (its central 1 - 1e-4).
    assert abs(np.sum(r.fokker_planck) * width - 1) < 2e-4
    assert abs(np.sum(r.gibbs) * width - 1) < 2e-4


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: sgdsde.weak_error(eta=0.1), "eta is read only with svag_l"),
        (lambda: sgdsde.weak_error("double_well", mode="exact"), "mode exact needs a problem with affine per-sample gradients"),
        (lambda: sgdsde.weak_error(functional="x5"), "functional x5: the problem has d = 2"),
        (lambda: sgdsde.weak_error(functional="fourth_moment", mode="exact"), "fourth_moment depends on more than the first two moments"),
        (lambda: sgdsde.weak_error(functional="norm^20"), "or kurtosis_x<i> (kurtosis: of x1), got 'norm^20'"),
        (lambda: sgdsde.weak_error(svag_l=[1, 2, 4], runs=10), "runs is not read by the exact SVAG sweep"),
        (lambda: sgdsde.stationary(horizon=1e300, eta=1e-9), "asks for more than 1e308 steps"),
        (lambda: sgdsde.stationary(runs=100, horizon=1e8), "more than the cap of 1e+11"),
        (lambda: sgdsde.stationary(runs=100, horizon=1, max_path_steps=0.5), "max_path_steps 0.5 is out of range"),
        (lambda: sgdsde.gibbs(problem="double_well", mode="exact"), "gibbs mode exact needs a problem with affine per-sample gradients"),
        (lambda: sgdsde.gibbs(steps=1500, burn_in=1000), "steps must exceed burn_in by at least 1000"),
        (lambda: sgdsde.gibbs(height=2.0), "height is read only by double_well"),
        (lambda: sgdsde.escape(problem="li_tai_e"), "1-D"),
        (lambda: sgdsde.escape(eta=[0.1, -0.1]), "eta values must be finite and > 0"),
    ],
)
def test_bad_input_is_the_commands_message(call, message):
    with pytest.raises(ValueError) as error:
        call()
    assert message in str(error.value)
    assert "--" not in str(error.value)  # the command's message, with keywords for its flags


def test_unknown_study_keyword_is_a_type_error():
    with pytest.raises(TypeError, match="weak_error\\(\\) got an unexpected keyword argument 'etaa'"):
        sgdsde.weak_error(etaa=0.1)
    with pytest.raises(TypeError, match="unexpected keyword argument 'chains'"):
        sgdsde.escape(chains=3)


def test_escape_target_is_the_level_not_a_data_column():
    r = sgdsde.escape(eta=[0.1], runs=40, target=0.5)
    assert r.to_dict()["target"] == 0.5 and r.to_dict()["x0"] == -1.0
    assert r.columns[:4] == ["eta", "temperature", "exact", "kramers"] and r.eta.tolist() == [0.1]
    assert r.exact[0] > 0 and r.sgd_censored[0] + r.to_dict()["points"][0]["sgd"]["hit"] == 40


def test_ctrl_c_stops_a_study_within_a_second():
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    start = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        sgdsde.stationary(runs=2000, horizon=1e5, eta=0.05, threads=1, max_path_steps=1e13)
    assert time.monotonic() - start < 1.5
    timer.join()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.parametrize("study, command", [("weak_error", "weak-error"), ("stationary", "stationary"), ("gibbs", "gibbs"),
                                            ("escape", "escape"), ("convergence", "convergence")])
def test_each_keyword_is_the_commands_option(study, command):
    # The keywords and the command's options come from one table per study: every keyword is an
    # option of the command ('_' for '-'), and every option of the command but its outputs is a keyword.
    help_text = subprocess.run([CLI, command, "--help"], check=True, capture_output=True, text=True).stdout
    option_lines = [line.split()[0] for line in help_text.splitlines() if line.startswith("  -")]
    options = {name for first in option_lines for name in first.split(",") if name.startswith("--")}
    keywords = set(sgdsde._core.study_keywords(study))
    assert {"--" + k.replace("_", "-") for k in keywords} <= options
    outputs = {"--help", "--json", "--csv"}
    assert options - outputs <= {"--" + k.replace("_", "-") for k in keywords}, options - outputs
