#!/usr/bin/env bash
# The test command: dependencies, build, then the fast suite (ctest label "fast").
# Slow studies: ctest --test-dir build -L slow
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
ctest --test-dir build -L fast -j"$(nproc)" --output-on-failure
