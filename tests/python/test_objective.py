"""A finite sum written in Python (sgdsde.Objective) in sgd() and sme(): written out in NumPy, least
squares and logistic regression on the breast-cancer table give the built-ins' numbers to rounding;
the functions' errors reach the caller as they were raised."""
import os

import numpy as np
import pytest

import sgdsde

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "data", "breast_cancer.csv")


def standardized_table():
    table = np.loadtxt(DATA, delimiter=",", skiprows=1)
    raw, y = table[:, :-1], table[:, -1]
    return np.ascontiguousarray((raw - raw.mean(axis=0)) / raw.std(axis=0)), y


def least_squares(X, y, hessian=True):
    def values(w, idx):
        return 0.5 * (X[idx] @ w - y[idx]) ** 2

    def gradients(w, idx):
        return (X[idx] @ w - y[idx])[:, None] * X[idx]

    H = X.T @ X / len(y)
    return sgdsde.Objective(len(y), X.shape[1], values, gradients, (lambda w: H) if hessian else None, "least squares in NumPy")


def logistic(X, signed):
    def values(w, idx):
        return np.logaddexp(0.0, -signed[idx] * (X[idx] @ w))

    def gradients(w, idx):
        margin = signed[idx] * (X[idx] @ w)
        return (-signed[idx] / (1.0 + np.exp(margin)))[:, None] * X[idx]

    return sgdsde.Objective(len(signed), X.shape[1], values, gradients, description="logistic in NumPy")


def close(a, b, rtol):
    """Agreement to rtol of the largest entry: the same minibatches and Brownian increments, sums in
    another order (NumPy's, not Eigen's), so rounding differences only, carried by a contracting
    iteration (convex objectives at these rates) without growth beyond a few hundred ulps."""
    a, b = np.asarray(a), np.asarray(b)
    assert a.shape == b.shape
    scale = np.abs(b).max()
    assert np.abs(a - b).max() <= rtol * scale, (np.abs(a - b).max(), scale)


@pytest.mark.parametrize("engine, extra", [("sgd", {}), ("sme", dict(substeps=2)), ("sme", dict(substeps=2, diffusion="covariance")),
                                           ("sme", dict(substeps=2, order=2))])
def test_least_squares_in_numpy_gives_the_built_ins_numbers(engine, extra):
    X, y = standardized_table()
    common = dict(eta=0.05, batch=16, steps=40, runs=6, seed=9, **extra)
    mine = getattr(sgdsde, engine)(least_squares(X, y), **common)
    builtin = getattr(sgdsde, engine)("least_squares", X=X, y=y, **common)
    for name in ("loss_mean", "mean", "final_mean", "final_covariance"):
        close(getattr(mine, name), getattr(builtin, name), 1e-10)
    d = mine.to_dict()
    assert d["problem"]["name"] == "user_objective" and d["problem"]["n"] == 569 and d["problem"]["d"] == 30
    assert "least squares in NumPy" in mine.brief_report()


def test_logistic_in_numpy_gives_the_built_ins_numbers():
    X, y = standardized_table()
    signed = np.where(y > 0, 1.0, -1.0)
    common = dict(eta=0.1, batch=8, epochs=1, runs=4, seed=2)
    mine = sgdsde.sgd(logistic(X, signed), **common)
    builtin = sgdsde.sgd("logistic", X=X, y=signed, **common)
    for name in ("loss_mean", "mean", "final_mean"):
        close(getattr(mine, name), getattr(builtin, name), 1e-10)
    # The SME-2 without a hessian: central differences of the full gradient (about 1e-9 relative in H,
    # which enters the drift only through eta/2 H grad f).
    common = dict(eta=0.1, batch=8, steps=20, substeps=2, runs=4, seed=2, order=2)
    close(sgdsde.sme(logistic(X, signed), **common).final_mean, sgdsde.sme("logistic", X=X, y=signed, **common).final_mean, 1e-7)


def test_same_numbers_for_any_thread_count_and_the_hessian_spectrum():
    X, y = standardized_table()
    f = least_squares(X, y)
    one = sgdsde.sgd(f, steps=30, runs=12, threads=1, hessian_spectrum=True)
    three = sgdsde.sgd(f, steps=30, runs=12, threads=3, hessian_spectrum=True)
    assert np.array_equal(one.final_mean, three.final_mean) and np.array_equal(one.loss_mean, three.loss_mean)
    expected = np.linalg.eigvalsh(X.T @ X / len(y))
    assert np.allclose(one.to_dict()["hessian"]["eigenvalues"], expected, rtol=1e-12, atol=1e-14 * expected.max())
    assert one.to_dict()["problem"]["hessian"] == "given"


def test_x0_is_the_start():
    X, y = standardized_table()
    r = sgdsde.sgd(least_squares(X, y), x0=[1.0] * 30, steps=1, runs=1, record_every=1)
    assert np.array_equal(r.mean[0], np.ones(30))


def test_an_exception_raised_by_a_function_reaches_the_caller_as_it_was_raised():
    X, y = standardized_table()
    good = least_squares(X, y)

    def broken(w, idx):
        raise KeyError("my bug")

    with pytest.raises(KeyError, match="my bug"):
        sgdsde.sgd(sgdsde.Objective(569, 30, good.values, broken), steps=5, runs=4, threads=2)
    with pytest.raises(ZeroDivisionError):
        sgdsde.sme(sgdsde.Objective(569, 30, good.values, lambda w, idx: 1 / 0), steps=5, runs=2)


@pytest.mark.parametrize(
    "gradients, values, message",
    [
        (lambda w, idx: np.zeros((len(idx), 29)), None, r"gradients\(x, idx\) returned shape \(16, 29\), expected \(16, 30\)"),
        (lambda w, idx: "many", None, r"gradients\(x, idx\) returned <class 'str'>, not an array of numbers of shape \(16, 30\)"),
        (None, lambda w, idx: np.zeros(3), r"values\(x, idx\) returned shape \(3,\), expected \(569,\)"),
    ],
)
def test_a_wrong_shape_is_a_value_error_naming_the_function(gradients, values, message):
    X, y = standardized_table()
    good = least_squares(X, y)
    f = sgdsde.Objective(569, 30, values or good.values, gradients or good.gradients)
    with pytest.raises(ValueError, match=message):
        sgdsde.sgd(f, batch=16, steps=5, runs=2)


def test_a_non_finite_gradient_is_a_divergence_at_its_run_and_step():
    X, y = standardized_table()
    good = least_squares(X, y)

    def nan_after_a_while(w, idx):
        g = good.gradients(w, idx)
        return g * np.nan if np.abs(w).sum() > 0.5 else g

    with pytest.raises(sgdsde.DivergenceError) as caught:
        sgdsde.sgd(sgdsde.Objective(569, 30, good.values, nan_after_a_while), eta=0.05, steps=500, runs=2, threads=1)
    assert caught.value.run == 0 and caught.value.step >= 1


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda f: sgdsde.sgd(f, dim=3), ValueError, "dim is a built-in problem's parameter"),
        (lambda f: sgdsde.sgd(f, x0=[0.0, 1.0]), ValueError, "x0 has 2 entries, the objective has d = 30"),
        (lambda f: sgdsde.sgd(f, X=np.ones((5, 2)), y=np.ones(5)), ValueError, "give an Objective or X, y"),
        (lambda f: sgdsde.weak_error(f), ValueError, "an Objective runs in sgd"),
        (lambda f: sgdsde.sgd(f, eta=-1.0), ValueError, "eta"),
        (lambda f: sgdsde.Objective(0, 3, f.values, f.gradients), ValueError, "n must be an integer >= 1"),
        (lambda f: sgdsde.Objective(3, 2.5, f.values, f.gradients), ValueError, "dim must be an integer >= 1"),
        (lambda f: sgdsde.Objective(3, 2, None, f.gradients), ValueError, "values must be callable"),
        (lambda f: sgdsde.Objective(3, 2, f.values, f.gradients, hessian=5), ValueError, "hessian must be callable or None"),
    ],
)
def test_bad_use_is_refused_with_a_message(call, error, message):
    X, y = standardized_table()
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        call(least_squares(X, y))
