# Sourced by the CLI tests: the shell side of tests/sample_scale.hpp (read that for the rules).
# scaled N [MIN]: N times SGDSDE_TEST_SCALE (default 1), rounded half up like the C++ side's
# llround, at least MIN (default 1).
# growth FULL USED: sqrt(FULL / USED), the factor by which a fixed tolerance at full size widens.
sgdsde_test_scale=${SGDSDE_TEST_SCALE:-1}
python3 -c "import sys; s = float(sys.argv[1]); assert 0 < s <= 1" "$sgdsde_test_scale" 2>/dev/null || {
  echo "SGDSDE_TEST_SCALE must be a number in (0, 1], got '$sgdsde_test_scale'"; exit 1; }
scaled() { python3 -c "import math, sys; n, s, lo = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]); print(max(min(n, lo), math.floor(n * s + 0.5)))" "$1" "$sgdsde_test_scale" "${2:-1}"; }
growth() { python3 -c "import sys; print((float(sys.argv[1]) / float(sys.argv[2])) ** 0.5)" "$1" "$2"; }
