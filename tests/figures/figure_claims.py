"""Each figure's claim (the "claim" of its metadata), checked from the CSVs it wrote.
Usage: figure_claims.py DIR (the output of `sgdsde figures --quick`). Plain Python, no NumPy."""
import csv
import json
import math
import os
import sys

root = sys.argv[1]
TEXT = {"law", "problem", "noise", "method"}


def table(figure, name):
    with open(os.path.join(root, figure, name)) as f:
        rows = list(csv.DictReader(f))
    return {k: [r[k] if k in TEXT else (float(r[k]) if r[k] != "" else math.nan) for r in rows] for k in rows[0]}


def slope(x, y):
    """Least-squares slope of log|y| on log x."""
    lx, ly = [math.log(v) for v in x], [math.log(abs(v)) for v in y]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)


def variance(v):
    m = sum(v) / len(v)
    return sum((x - m) ** 2 for x in v) / len(v)


def tv(p, q, width):
    return 0.5 * sum(abs(a - b) for a, b in zip(p, q)) * width


def gd_vs_sgd():
    spread = {}
    for run in ("gd", "sgd_b1", "sgd_b20"):
        t = table("gd_vs_sgd", run + ".csv")
        half = len(t["x1"]) // 2
        spread[run] = variance(t["x1"][half:]) + variance(t["x2"][half:])
    assert spread["sgd_b1"] > spread["sgd_b20"] > spread["gd"], spread


def lecture_regression():
    constant = table("lecture_regression", "decay_0.csv")["loss_mean"]
    floor = sum(constant[-3:]) / 3  # the constant rate's loss over its last three epochs
    for alpha in ("0.5", "1"):
        end = table("lecture_regression", "decay_" + alpha + ".csv")["loss_mean"][-1]
        assert end < floor, (alpha, end, floor)


def weak_error():
    t = table("weak_error", "exact.csv")
    s1, s2 = slope(t["eta"], t["error1"]), slope(t["eta"], t["error2"])
    assert abs(s1 - 1) < 0.15 and abs(s2 - 2) < 0.15, (s1, s2)


def convergence():
    t = table("convergence", "convergence.csv")
    for problem in ("gbm", "linear_commutative"):
        s = {}
        for method in ("euler_maruyama", "milstein"):
            rows = [i for i in range(len(t["dt"])) if t["problem"][i] == problem and t["method"][i] == method]
            s[method] = slope([t["dt"][i] for i in rows], [t["strong_error"][i] for i in rows])
        assert s["milstein"] > s["euler_maruyama"] + 0.25, (problem, s)


def stationary():
    well = table("stationary", "double_well.csv")
    width = well["x"][1] - well["x"][0]
    assert tv(well["fokker_planck"], well["gibbs"], width) < 1e-6
    rf = table("stationary", "random_feature.csv")
    width = rf["x"][1] - rf["x"][0]
    assert tv(rf["fokker_planck"], rf["gibbs"], width) > 0.01
    em = rf["euler_maruyama"]
    assert tv(em, rf["fokker_planck"], width) < tv(em, rf["gibbs"], width)


def gibbs():
    e = table("gibbs", "ellipses.csv")
    sme = [(x, y) for law, x, y in zip(e["law"], e["x1"], e["x2"]) if law == "sme_lyapunov"]
    fit = [(x, y) for law, x, y in zip(e["law"], e["x1"], e["x2"]) if law == "gibbs"]
    size = max(math.hypot(x, y) for x, y in sme)
    apart = max(math.hypot(a[0] - b[0], a[1] - b[1]) for a, b in zip(sme, fit))
    assert len(sme) == len(fit) and apart > 0.05 * size, (apart, size)
    c = table("gibbs", "current.csv")
    assert max(math.hypot(a, b) for a, b in zip(c["j1"], c["j2"])) > 0


def heavy_tails():
    t = table("heavy_tails", "tail_index.csv")
    assert all(s < g for s, g in zip(t["sme_exact"], t["sgd_exact"])), t
    assert all(s < g for s, g in zip(t["hill_euler_maruyama"], t["hill_sgd"])), t
    assert t["sgd_exact"] == sorted(t["sgd_exact"], reverse=True) and t["eta"] == sorted(t["eta"])


def decaying_steps():
    last = {r: table("decaying_steps", r + ".csv")["loss_mean"][-1] for r in ("theorem_2_7", "constant", "averaged", "last_iterate")}
    bounds = table("decaying_steps", "bounds.csv")
    theorem = table("decaying_steps", "theorem_2_7.csv")
    bound_at = dict(zip(bounds["step"], bounds["theorem_2_7"]))
    assert last["theorem_2_7"] < last["constant"] and last["averaged"] < last["last_iterate"], last
    assert all(v <= bound_at[k] for k, v in zip(theorem["step"], theorem["loss_mean"]) if k in bound_at and k > 0)


def breakdown():
    t = table("breakdown", "variance.csv")
    stable = [i for i in range(len(t["eta"])) if t["sgd_diverged"][i] == 0]
    ratio = [t["sgd_exact"][i] / t["sme_exact"][i] for i in stable]
    assert ratio[0] < 1.1 and ratio[-1] > 10 and ratio == sorted(ratio), ratio
    beyond = [i for i in range(len(t["eta"])) if t["sgd_diverged"][i] == 1]
    assert beyond and all(math.isfinite(t["sme_variance"][i]) for i in beyond), beyond


def svag():
    for problem in ("li_tai_e", "non_commuting"):
        t = table("svag", problem + ".csv")
        s = slope([1 / l for l in t["l"]], t["error"])
        assert abs(s - 1) < 0.1, (problem, s)


checks = {f.__name__: f for f in (gd_vs_sgd, lecture_regression, weak_error, convergence, stationary, gibbs, heavy_tails,
                                  decaying_steps, breakdown, svag)}
figures = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
assert figures == sorted(checks), ("a figure without a checked claim, or a check without a figure", figures)
for name in figures:
    claim = json.load(open(os.path.join(root, name, name + ".json")))["claim"]
    assert len(claim) > 40, (name, "states no claim")
    try:
        checks[name]()
    except AssertionError as error:
        raise SystemExit("figure {} contradicts its claim: {}\n  {}".format(name, claim, error))
print("figure claims hold:", len(figures))
