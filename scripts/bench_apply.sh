#!/usr/bin/env bash
# Times `skyplan apply` of saas-3tier production against moto: a fresh moto
# server for each first apply (--parallelism 1, then the default 10), and the
# no-change apply that follows each. Prints one line per run.
#
#   scripts/bench_apply.sh            uses target/release/skyplan (built if missing)
#   SKYPLAN_BIN=path scripts/bench_apply.sh
#
# Needs moto in ~/.cache/skyplan/moto (scripts/setup.sh --tests).
# moto lacks what the EKS node groups need (see crates/skyplan-cli/tests/apply.rs),
# so every apply ends with 2 failed and 2 not attempted: 103 resources are created.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${SKYPLAN_MOTO_VENV:-$HOME/.cache/skyplan/moto}"
if [[ -z "${SKYPLAN_BIN:-}" ]]; then
  cargo build -p skyplan-cli --release --locked
  target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
  SKYPLAN_BIN="$target_dir/release/skyplan"
fi
work=$(mktemp -d)
moto_pid=""
cleanup() { [[ -n "$moto_pid" ]] && kill "$moto_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

start_moto() {
  [[ -n "$moto_pid" ]] && { kill "$moto_pid"; wait "$moto_pid" 2>/dev/null || true; }
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  MOTO_IAM_LOAD_MANAGED_POLICIES=true "$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
  moto_pid=$!
  until python3 -c "import socket; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null; do sleep 0.1; done
  export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
  cert=$("$venv/bin/python" -c "import boto3; print(boto3.client('acm', endpoint_url='$AWS_ENDPOINT_URL', region_name='us-east-1', aws_access_key_id='t', aws_secret_access_key='t').request_certificate(DomainName='app.example.com')['CertificateArn'])")
  rm -f "$work"/prod.json.state.json*
}

export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_EC2_METADATA_DISABLED=true AWS_MAX_ATTEMPTS=2
export AWS_CONFIG_FILE="$work/none" AWS_SHARED_CREDENTIALS_FILE="$work/none"
"$SKYPLAN_BIN" template show saas-3tier > "$work/plan.json"
"$SKYPLAN_BIN" bundle "$work/plan.json" --env production --out "$work/prod.json" >/dev/null

timed() {
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  "$SKYPLAN_BIN" "$@" >"$work/out.txt" 2>&1 || true
  end=$(date +%s.%N)
  printf '%-44s %6.2f s   %s\n' "$label" "$(echo "$end - $start" | bc)" "$(grep -E '^(Apply|No changes)' "$work/out.txt" | head -1)"
}

for parallelism in 1 10; do
  start_moto
  timed "apply --parallelism $parallelism (fresh moto)" apply "$work/prod.json" --auto-approve --parallelism "$parallelism" --input "certificate_arn=$cert"
  timed "no-change apply --parallelism $parallelism" apply "$work/prod.json" --auto-approve --parallelism "$parallelism" --input "certificate_arn=$cert"
  timed "plan (no change) --parallelism $parallelism" plan "$work/prod.json" --parallelism "$parallelism" --input "certificate_arn=$cert"
done
