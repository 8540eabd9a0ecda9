#!/usr/bin/env bash
# The fuzzing harness (crates/skyplan-fuzz) for as long as you like:
#   scripts/fuzz.sh [CASES]   CASES per input kind, 100000 by default
# Optimised build; the test command runs the same harness with 300 cases.
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-100000}"
SKYPLAN_FUZZ_CASES="$cases" cargo test -p skyplan-fuzz --release --locked -- --nocapture
