#!/usr/bin/env python3
"""Runs every fenced ```sh block of README.md and docs/*.md, as a reader would from the source tree.

Usage: doc_blocks.py SOURCE_DIR BUILD_DIR PYTHON [FILE ...]   (FILE: default README.md, docs/*.md)

A block fails the test when any of its commands exits non-zero (each block runs under `sh -e` in a
scratch directory where build/, data/ and scripts/ are the real ones, so `build/bin/sgdsde ...` and
`data/breast_cancer.csv` resolve). A comment right above a block's fence adjusts it:
  <!-- doc-test skip: WHY -->                 not run (e.g. the build itself, which the tests follow)
  <!-- doc-test replace: "A" => "B"; "C" => "D" -->   run with A written B (reduced sizes)
and `sgdsde figures` always runs with --quick (a default-quality render takes minutes; the figures
test renders --quick too). `python3` is the interpreter the Python package was built for.
"""
import glob
import os
import re
import subprocess
import sys
import tempfile
import time

FENCE = re.compile(r"^```sh\s*$")
DIRECTIVE = re.compile(r"<!--\s*doc-test (skip|replace):\s*(.*?)\s*-->")
PAIR = re.compile(r'"([^"]*)"\s*=>\s*"([^"]*)"')


def blocks(path):
    lines = open(path).read().split("\n")
    i = 0
    while i < len(lines):
        if FENCE.match(lines[i]):
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            directive = None
            for back in (1, 2):
                if i - back >= 0:
                    m = DIRECTIVE.search(lines[i - back])
                    if m:
                        directive = m.groups()
                        break
            yield i + 1, "\n".join(lines[i + 1:j]), directive
            i = j
        i += 1


def prepared(text, directive):
    if directive and directive[0] == "replace":
        pairs = PAIR.findall(directive[1])
        if not pairs:
            raise SystemExit("doc-test replace without \"A\" => \"B\" pairs: " + directive[1])
        for old, new in pairs:
            if old not in text:
                raise SystemExit("doc-test replace: {!r} is not in the block".format(old))
            text = text.replace(old, new)
    return re.sub(r"(sgdsde figures\b)", r"\1 --quick", text)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    source, build, python = (os.path.abspath(a) for a in sys.argv[1:4])
    files = sys.argv[4:] or [os.path.join(source, "README.md")] + sorted(glob.glob(os.path.join(source, "docs", "*.md")))
    shims = tempfile.mkdtemp(prefix="doc-blocks-bin-")
    os.symlink(python, os.path.join(shims, "python3"))
    env = dict(os.environ, PATH=shims + os.pathsep + os.environ["PATH"])
    failures, ran, skipped = [], 0, 0
    for path in files:
        name = os.path.relpath(path, source)
        for line, text, directive in blocks(path):
            if directive and directive[0] == "skip":
                skipped += 1
                print("skip {}:{} ({})".format(name, line, directive[1]))
                continue
            script = prepared(text, directive)
            with tempfile.TemporaryDirectory(prefix="doc-block-") as scratch:
                os.symlink(build, os.path.join(scratch, "build"))
                for d in ("data", "scripts"):
                    os.symlink(os.path.join(source, d), os.path.join(scratch, d))
                start = time.time()
                r = subprocess.run(["sh", "-e", "-c", script], cwd=scratch, env=env, capture_output=True, text=True)
                ran += 1
                print("{} {}:{} ({:.1f} s)".format("ok  " if r.returncode == 0 else "FAIL", name, line, time.time() - start))
                if r.returncode != 0:
                    failures.append("{}:{} exited {}:\n{}\n{}".format(name, line, r.returncode, script, r.stderr[-2000:]))
    print("{} blocks run, {} skipped, {} failed".format(ran, skipped, len(failures)))
    for f in failures:
        print("\n" + f)
    sys.exit(1 if failures or ran == 0 else 0)


if __name__ == "__main__":
    main()
