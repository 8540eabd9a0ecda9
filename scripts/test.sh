#!/usr/bin/env bash
# Sets up what is missing, then runs every test: the Rust workspace (unit,
# golden, property and CLI tests, the Terraform export checked by terraform
# and checkov), the wasm32 build of the core, the simulators and the exporter, the release
# web build, and the end-to-end tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --tests
# checkov, when setup.sh installed it into its own virtualenv.
if [[ -x "$HOME/.cache/skyplan/checkov/bin/checkov" ]]; then export PATH="$PATH:$HOME/.cache/skyplan/checkov/bin"; fi

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

step "cargo test (workspace)"
cargo test --workspace --exclude skyplan-web --exclude skyplan-web-analysis --locked

step "skyplan-web and skyplan-web-analysis native unit tests (chart data, editor plumbing)"
cargo test -p skyplan-web -p skyplan-web-analysis --lib --locked

step "browser component tests (wasm-bindgen-test in headless Chromium): the page, the analysis module"
(cd crates/skyplan-web && CHROMEDRIVER="$(command -v chromedriver)" cargo test --target wasm32-unknown-unknown --locked)
(cd crates/skyplan-web-analysis && CHROMEDRIVER="$(command -v chromedriver)" cargo test --target wasm32-unknown-unknown --locked)

step "skyplan-core, skyplan-sim, skyplan-audit, skyplan-terraform, skyplan-bundle, skyplan-resilience and skyplan-forecast build for wasm32"
cargo build -p skyplan-core -p skyplan-sim -p skyplan-audit -p skyplan-terraform -p skyplan-bundle -p skyplan-resilience -p skyplan-forecast --target wasm32-unknown-unknown --locked

step "web app release build (trunk)"
trunk build --release --offline

step "end-to-end tests in headless Chromium"
# The skyplan binary the workspace tests built (a separate `cargo build -p
# skyplan-cli` would resolve features differently and rebuild the AWS SDK).
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
(cd tests/e2e && SKYPLAN_DIST="$PWD/../../dist" SKYPLAN_BIN="$target_dir/debug/skyplan" node --test)
