#!/usr/bin/env bash
# Sets up what is missing, then serves the planner on http://127.0.0.1:8080
# with the saas-3tier reference architecture loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec trunk serve --release --offline --address 127.0.0.1 --port 8080
