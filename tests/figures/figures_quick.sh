#!/bin/sh
# `sgdsde figures --quick` as CI and a user meet it: every figure rendered, every output valid, the CSV
# columns exactly those docs/figures.md documents, metadata complete, and a second run (other thread
# count) reproducing every CSV bit for bit. Usage: figures_cli.sh path/to/sgdsde path/to/docs/figures.md
set -u
sgdsde="$1"
readme="$2"
fail() { echo "FAIL: $*"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Bad input: clear message, status 2, nothing half-made.
"$sgdsde" figures --quick >/dev/null 2>&1; [ $? -eq 2 ] || fail "missing --out should exit 2"
out=$("$sgdsde" figures --out "$work/x" --only nope 2>&1); [ $? -eq 2 ] || fail "--only nope should exit 2"
echo "$out" | grep -q "unknown figure 'nope'" || fail "message for --only nope: $out"
touch "$work/file"
out=$("$sgdsde" figures --out "$work/file" 2>&1); [ $? -eq 2 ] || fail "--out FILE should exit 2"
echo "$out" | grep -q "not a directory" || fail "message for --out FILE: $out"
"$sgdsde" figures --out "$work/x" --threads -1 >/dev/null 2>&1; [ $? -eq 2 ] || fail "--threads -1 should exit 2"
out=$(PATH=/nonexistent "$sgdsde" figures --out "$work/x" --only gibbs 2>&1); [ $? -ne 0 ] || fail "no gnuplot should fail"
echo "$out" | grep -q "install-deps" || fail "message without gnuplot: $out"

"$sgdsde" figures --list > "$work/list" || fail "--list"
"$sgdsde" figures --out "$work/a" --quick --threads 1 > "$work/a.log" 2>&1 || { cat "$work/a.log"; fail "figures --quick (1 thread)"; }
"$sgdsde" figures --out "$work/b" --quick --threads 2 > "$work/b.log" 2>&1 || { cat "$work/b.log"; fail "figures --quick (2 threads)"; }
"$sgdsde" figures --out "$work/c" --quick --seed 2 --only gd_vs_sgd > /dev/null 2>&1 || fail "figures --seed 2"

version=$("$sgdsde" --version | awk '{print $NF}')
python3 - "$work" "$readme" "$version" <<'EOF' || fail "outputs"
import json, os, re, struct, sys
import xml.etree.ElementTree as ET

work, readme, version = sys.argv[1:4]
names = [line.split()[0] for line in open(os.path.join(work, "list")) if line.strip()]
assert names and len(names) == len(set(names)), names  # the documented table below must list exactly these

# The documented table of CSV columns, between its markers: | `figure` | `a.csv`, `b.csv` | `c1,c2,...` |
text = open(readme).read()
table = text.split("<!-- figure-csv-columns:begin -->")[1].split("<!-- figure-csv-columns:end -->")[0]
documented = {}
for row in table.splitlines():
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    if len(cells) != 3 or not cells[0].startswith("`"):
        continue
    figure = cells[0].strip("`")
    columns = []
    for c in cells[2].strip("`").split(","):
        m = re.fullmatch(r"(\w*)\{(\d+)\.\.(\d+)\}(\w*)", c)
        columns += [f"{m[1]}{i}{m[4]}" for i in range(int(m[2]), int(m[3]) + 1)] if m else [c]
    for f in cells[1].split(","):
        documented[(figure, f.strip().strip("`"))] = columns
assert {f for f, _ in documented} == set(names), ("docs/figures.md table figures", sorted({f for f, _ in documented}))

def check_png(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path + ": not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    assert data[12:16] == b"IHDR" and width >= 400 and height >= 300, (path, width, height)
    assert data[-8:-4] == b"IEND", path + ": truncated (no IEND)"

def check_svg(path):
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg"), path
    assert len(list(root.iter())) > 50, path + ": nearly empty"

keys = {"figure", "title", "claim", "seed", "quick", "parameters", "commands", "files", "images", "version", "git_revision", "wall_seconds"}
for name in names:
    d = os.path.join(work, "a", name)
    meta = json.load(open(os.path.join(d, name + ".json")))
    assert set(meta) == keys, (name, set(meta) ^ keys)
    assert meta["figure"] == name and meta["seed"] == 1 and meta["quick"] is True and meta["version"] == version, meta
    assert meta["title"] and meta["git_revision"] and meta["wall_seconds"] > 0 and meta["parameters"], meta
    assert meta["commands"] and all(c.startswith("sgdsde ") for c in meta["commands"]), meta["commands"]
    assert meta["images"] == [name + ".png", name + ".svg"], meta["images"]
    check_png(os.path.join(d, name + ".png"))
    check_svg(os.path.join(d, name + ".svg"))
    on_disk = sorted(os.listdir(d))
    assert not [f for f in on_disk if ".tmp." in f], (name, on_disk)
    csvs = sorted(f for f in on_disk if f.endswith(".csv"))
    assert sorted(f for f in meta["files"] if f.endswith(".csv")) == csvs, (name, meta["files"], csvs)
    assert name + ".gp" in meta["files"] and all(os.path.exists(os.path.join(d, f)) for f in meta["files"]), meta["files"]
    assert {f for (g, f) in documented if g == name} == set(csvs), (name, "docs/figures.md lists other files than", csvs)
    for f in csvs:
        lines = open(os.path.join(d, f)).read().splitlines()
        header = lines[0].split(",")
        assert header == documented[(name, f)], (name, f, header)
        rows = [l.split(",") for l in lines[1:] if l]
        assert rows and all(len(r) == len(header) for r in rows), (name, f, "ragged or empty")
    # Same seed, other thread count: every CSV and script identical, byte for byte.
    for f in csvs + [name + ".gp"]:
        assert open(os.path.join(d, f), "rb").read() == open(os.path.join(work, "b", name, f), "rb").read(), (name, f, "differs")

# Another seed changes the stochastic data (the seed is really used).
assert open(os.path.join(work, "a/gd_vs_sgd/sgd_b1.csv")).read() != open(os.path.join(work, "c/gd_vs_sgd/sgd_b1.csv")).read()
print("figures ok:", len(names), "figures,", len(documented), "CSV files checked")
EOF
# Each figure's claim, from its CSVs.
python3 "$(dirname "$0")/figure_claims.py" "$work/a" || fail "a figure contradicts its claim"
echo ok
