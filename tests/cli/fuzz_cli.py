#!/usr/bin/env python3
"""Drives `sgdsde` with random argument vectors that mix valid and hostile values, and fails on
what a user must never see: a signal, a hang, an exit status outside {0, 1, 2}, nan or inf in any
output (outside quotes: messages quote what was typed, JSON quotes file names), or a C++-internal message.

Usage: fuzz_cli.py path/to/sgdsde [count]. Fixed seed, so a failure reproduces; the failing command
line is printed. The options and their choices are read from each subcommand's --help, so a new
option is fuzzed without editing this file. The count scales with SGDSDE_TEST_SCALE; every run is
kept small by a base of small sizes and a low --max-path-steps, unless the fuzzer replaces them.
"""
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

SGDSDE = sys.argv[1]
SCALE = float(os.environ.get("SGDSDE_TEST_SCALE", "1"))
COUNT = int(sys.argv[2]) if len(sys.argv) > 2 else max(30, round(240 * SCALE))
SEED = int(os.environ.get("SGDSDE_FUZZ_SEED", "20261130"))
HANG_SECONDS = 120

# Small runs by default: the fuzzer's interest is the values, not long computations.
BASE = {
    "sgd": {"--runs": "8", "--steps": "40", "--max-path-steps": "2e6"},
    "sme": {"--runs": "8", "--steps": "40", "--substeps": "2", "--max-path-steps": "2e6"},
    "weak-error": {"--runs": "64", "--steps": "4,8,16", "--max-path-steps": "2e6"},
    "gibbs": {"--steps": "20000", "--burn-in": "1000", "--max-path-steps": "2e6"},
    "stationary": {"--runs": "200", "-T": "5", "--max-path-steps": "2e6"},
    "escape": {"--runs": "20", "--eta": "0.1", "--max-path-steps": "2e6"},
    "convergence": {"--paths": "40", "--coarsest-level": "2", "--finest-level": "5",
                    "--reference-extra-levels": "1", "--problem": "gbm", "--max-path-steps": "2e6"},
    "figures": {"--list": None},
}

INTERNAL = re.compile(r"std::|bad_alloc|vector::|basic_string|terminate called|what\(\)|Assertion|AddressSanitizer|runtime error:")
NAN_INF = re.compile(r"(^|[^a-z_])-?(nan|inf|infinity)([^a-z_]|$)", re.IGNORECASE)
QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")  # what was typed, echoed; JSON strings (file names)


def options_of(subcommand):
    """(name, takes_value, choices) for every option in `sgdsde SUB --help`."""
    text = subprocess.run([SGDSDE, subcommand, "--help"], capture_output=True, text=True, timeout=30).stdout
    found = []
    for line in text.splitlines():
        m = re.match(r"\s+(?:-\w,)?(--[a-z0-9-]+)(?:,-\w)?\s*(\S*)", line)
        if not m or m.group(1) in ("--help", "--version"):
            continue
        kind = m.group(2)
        takes_value = bool(re.match(r"(\[)?(UINT|INT|FLOAT|TEXT|FILE)", kind))
        choices = []
        c = re.search(r"\{([^}]*)\}", line)
        if c:
            choices = [x.strip() for x in c.group(1).split(",") if x.strip()]
        found.append((m.group(1), takes_value, choices))
    return found


def hostile_values(tmp):
    return ["", "-1", "0", "1", "2", "3", "7", "0.5", "-0.5", "1e-9", "1e308", "1e400", "-1e400", "nan", "inf",
            "-inf", "18446744073709551615", "18446744073709551616", "0x10", "010", " 5", "5 ", "abc", "1,2",
            "1,,2", "1e-320", "4.9e-324", "\x01\x7f", "\u00e9", "a" * 300, "/dev/full", "/dev/null",
            tmp + "/nodir/x.csv", tmp, tmp + "/out.csv", tmp + "/data.csv", tmp + "/bad.csv"]


PLAUSIBLE = ["1", "2", "5", "10", "0.1", "0.01", "0.3", "1,0.5", "-1", "0"]


def clean(text):
    return QUOTED.sub("''", text)


def main():
    rng = random.Random(SEED)
    tmp = tempfile.mkdtemp(prefix="sgdsde-fuzz-")
    try:
        with open(tmp + "/data.csv", "w") as f:
            f.write("x1,x2,y\n" + "".join(f"{i % 7 - 3},{(i * 5) % 11 - 5},{i % 2}\n" for i in range(60)))
        with open(tmp + "/bad.csv", "w") as f:
            f.write("1,2x\n\x00\x01,3\n")
        catalogue = {sub: options_of(sub) for sub in BASE}
        tried = {0: 0, 1: 0, 2: 0}
        slowest = (0.0, "")
        for i in range(COUNT):
            sub = rng.choice(list(BASE))
            args = dict(BASE[sub])
            for name, takes_value, choices in rng.sample(catalogue[sub], k=min(len(catalogue[sub]), rng.randint(1, 3))):
                if not takes_value:
                    args[name] = None
                elif choices and rng.random() < 0.5:
                    args[name] = rng.choice(choices)
                elif rng.random() < 0.6:
                    args[name] = rng.choice(hostile_values(tmp))
                else:
                    args[name] = rng.choice(PLAUSIBLE)
            argv = [sub]
            for k, v in args.items():
                argv += [k] if v is None else [k, v]
            shown = " ".join(repr(a) if (not a or " " in a or not a.isprintable()) else a for a in argv)
            for leftover in ("out.csv",):
                if os.path.exists(tmp + "/" + leftover):
                    os.remove(tmp + "/" + leftover)
            start = time.monotonic()
            try:
                r = subprocess.run([SGDSDE] + argv, capture_output=True, timeout=HANG_SECONDS, cwd=tmp)
            except subprocess.TimeoutExpired:
                sys.exit(f"FAIL (hang > {HANG_SECONDS} s): sgdsde {shown}")
            took = time.monotonic() - start
            slowest = max(slowest, (took, shown))
            out = r.stdout.decode("utf-8", "replace") + r.stderr.decode("utf-8", "replace")
            if os.path.exists(tmp + "/out.csv"):
                out += open(tmp + "/out.csv", encoding="utf-8", errors="replace").read()
            if r.returncode < 0:
                sys.exit(f"FAIL (signal {-r.returncode}): sgdsde {shown}\n{out[-2000:]}")
            if r.returncode not in (0, 1, 2):
                sys.exit(f"FAIL (exit {r.returncode}): sgdsde {shown}\n{out[-2000:]}")
            if INTERNAL.search(out):
                sys.exit(f"FAIL (C++-internal message): sgdsde {shown}\n{out[-2000:]}")
            body = clean(out)
            m = NAN_INF.search(body)
            if m and "--help" not in argv:
                sys.exit(f"FAIL (nan/inf in the output: ...{body[max(0, m.start() - 80):m.end() + 80]}...): sgdsde {shown}")
            tried[r.returncode] += 1
        print(f"fuzz: {COUNT} command lines (seed {SEED}): {tried[0]} ran, {tried[1]} failed runs (exit 1), "
              f"{tried[2]} usage errors (exit 2); no signal, hang, stray status, nan/inf or C++ message; "
              f"slowest {slowest[0]:.1f} s: sgdsde {slowest[1]}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
