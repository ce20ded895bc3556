"""The cost of writing the objective in Python: sgdsde.Objective against the built-in it re-implements,
in the same run (ratios, the machine's noise cancels), one thread.

    PYTHONPATH=build/python python3 bench/bench_python_objective.py

Per case: SGD steps per second (one gradients() call per minibatch) and SME Euler-Maruyama steps per
second in per-sample form (one gradients() call over all n per SDE step), for least squares in NumPy
against the built-in least_squares on the same arrays. Best of 3 repetitions each.
"""
import time

import numpy as np

import sgdsde


def numpy_least_squares(X, y):
    return sgdsde.Objective(
        len(y), X.shape[1],
        lambda w, idx: 0.5 * (X[idx] @ w - y[idx]) ** 2,
        lambda w, idx: (X[idx] @ w - y[idx])[:, None] * X[idx],
        lambda w: X.T @ X / len(y),
        "least squares in NumPy")


def best_rate(call, steps):
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return steps / best


def main():
    rng = np.random.default_rng(1)
    print("{:>8} {:>5} {:>4} {:>6} | {:>14} {:>14} {:>7} | {:>14} {:>14} {:>7}".format(
        "n", "d", "B", "engine", "built-in /s", "Python /s", "ratio", "", "", ""))
    for n, d, batch in ((569, 30, 16), (20000, 100, 32)):
        X = rng.standard_normal((n, d))
        y = X @ rng.standard_normal(d) + 0.1 * rng.standard_normal(n)
        mine = numpy_least_squares(X, y)
        # Enough steps that the built-in's fixed cost per call (copying and checking X, y: 0.15 s at
        # n = 20,000, d = 100) is a small part of the time.
        for engine, steps, extra in (("sgd", 20000 if n < 1000 else 100000, {}),
                                     ("sme", 200 if n > 1000 else 2000, dict(substeps=1, diffusion="per_sample"))):
            options = dict(eta=0.01, batch=batch, steps=steps, runs=1, threads=1, record_every=steps, **extra)
            run = getattr(sgdsde, engine)
            builtin_rate = best_rate(lambda: run("least_squares", X=X, y=y, **options), steps)
            python_rate = best_rate(lambda: run(mine, **options), steps)
            print("{:>8} {:>5} {:>4} {:>6} | {:>14.0f} {:>14.0f} {:>7.1f}".format(
                n, d, batch, engine, builtin_rate, python_rate, builtin_rate / python_rate))


if __name__ == "__main__":
    main()
