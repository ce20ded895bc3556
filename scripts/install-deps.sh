#!/usr/bin/env bash
# Installs sgdsde's build and test dependencies from Debian's archive.
# Everything the project builds against comes from here: no download at build time.
set -euo pipefail

packages=(
  cmake g++ make          # toolchain
  libboost-dev            # Boost.Odeint (stepper concept, dopri5) and Boost.Random (ziggurat normals)
  libeigen3-dev           # Eigen 3.4: fixed-size small-d state vectors and matrices
  librandom123-dev        # Random123 Philox: counter-based streams keyed by (seed, path)
  libcli11-dev            # CLI11: the sgdsde command's option parsing and --help
  nlohmann-json3-dev      # nlohmann/json: the --json output
  catch2                  # Catch2 v2.13: the test framework
  libbenchmark-dev        # Google Benchmark: bench/
  gnuplot-nox             # gnuplot 5.4 without X: renders `sgdsde figures` to PNG (cairo) and SVG from plain scripts users can restyle
  python3-dev pybind11-dev  # the Python package's compiled core (pybind11 2.10: NumPy arrays and Eigen without copies by hand)
  python3-numpy python3-pytest  # the Python package's arrays and its tests (Debian's /usr/bin/python3)
  jupyter-nbconvert python3-ipykernel python3-matplotlib  # the notebooks in docs/notebooks, executed by the tests
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all dependencies present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
