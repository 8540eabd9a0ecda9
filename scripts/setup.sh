#!/usr/bin/env bash
# Installs what skyplan needs and is missing; skips what is present.
#   scripts/setup.sh          build tools: wasm32 target, trunk, wasm-bindgen-cli
#   scripts/setup.sh --tests  also Chromium, the end-to-end test packages and checkov
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=false
[[ "${1:-}" == "--tests" ]] && want_tests=true

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if ! command -v cargo >/dev/null; then
  echo "cargo is missing: install Rust with rustup first (https://rustup.rs)" >&2
  exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

TRUNK_VERSION=0.21.14
if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (a few minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# wasm-bindgen-cli must be exactly the wasm-bindgen version in Cargo.lock.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q "$bindgen_version"; then
  say "installing wasm-bindgen-cli $bindgen_version"
  cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

if $want_tests; then
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  if ((${#missing[@]})); then
    say "installing ${missing[*]}"
    if [[ $(id -u) -eq 0 ]]; then apt-get update -qq && apt-get install -y -qq "${missing[@]}"
    else sudo apt-get update -qq && sudo apt-get install -y -qq "${missing[@]}"; fi
  fi
  # checkov scans the Terraform export (crates/skyplan-cli/tests/terraform.rs).
  # It goes into its own virtualenv so its pinned dependencies leave the
  # system's Python packages alone.
  CHECKOV_VERSION=3.3.30
  CHECKOV_VENV="$HOME/.cache/skyplan/checkov"
  if ! command -v checkov >/dev/null && [[ ! -x "$CHECKOV_VENV/bin/checkov" ]]; then
    say "installing checkov $CHECKOV_VERSION into $CHECKOV_VENV (a few minutes)"
    python3 -m venv "$CHECKOV_VENV"
    "$CHECKOV_VENV/bin/pip" install --quiet "checkov==$CHECKOV_VERSION"
  fi
  # moto (an AWS emulator, started on a free port by the tests that talk to
  # AWS) with boto3, which seeds it and checks what the tests created.
  MOTO_VENV="$HOME/.cache/skyplan/moto"
  if ! "$MOTO_VENV/bin/python" -c "import moto, boto3" 2>/dev/null; then
    say "installing moto[server] and boto3 into $MOTO_VENV"
    [[ -x "$MOTO_VENV/bin/python" ]] || python3 -m venv "$MOTO_VENV"
    "$MOTO_VENV/bin/pip" install --quiet "moto[server]==5.2.5" boto3
  fi
  # Terraform and the hashicorp/aws provider mirror cannot be fetched here
  # (only package registries are reachable): say so early rather than fail late.
  if ! command -v terraform >/dev/null && [[ -z "${SKYPLAN_TERRAFORM:-}" ]]; then
    echo "warning: terraform is not installed; the Terraform export test will fail (install Terraform >= 1.6)" >&2
  fi
  if [[ ! -d "${SKYPLAN_TF_MIRROR:-/opt/tf-plugins}/registry.terraform.io/hashicorp/aws" ]]; then
    echo "warning: no hashicorp/aws provider mirror at ${SKYPLAN_TF_MIRROR:-/opt/tf-plugins}; set SKYPLAN_TF_MIRROR (see crates/skyplan-cli/tests/terraform.rs)" >&2
  fi
  if [[ ! -d tests/e2e/node_modules/playwright-core ]]; then
    say "installing the end-to-end test packages"
    (cd tests/e2e && npm ci --no-audit --no-fund)
  fi
fi
