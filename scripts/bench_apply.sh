#!/usr/bin/env bash
# Times `skyplan apply` of saas-3tier production against moto: a fresh moto
# server for each first apply (--parallelism 1, then the default 10), and the
# no-change apply that follows each. Prints one line per run.
#
#   scripts/bench_apply.sh            uses target/release/skyplan (built if missing)
#   SKYPLAN_BIN=path scripts/bench_apply.sh
#
# Then, when terraform and a hashicorp/aws mirror are present (SKYPLAN_TF_MIRROR,
# default /opt/tf-plugins), `terraform apply` of `skyplan export terraform`'s
# production root against a fresh moto, and its second (no-change) apply. The
# cdn and waf modules are removed first: moto lacks CloudFront's
# ListCachePolicies, so terraform cannot even plan them (skyplan leaves
# CloudFront and WAF out too).
#
# Needs moto in ~/.cache/skyplan/moto (scripts/setup.sh --tests); runs it
# through tests/moto/server.py as the apply tests do (moto plus the EKS
# cluster security group and DeleteCacheSubnetGroup moto lacks), so both
# tools create everything but CloudFront and WAF: skyplan 107 resources.
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
  MOTO_IAM_LOAD_MANAGED_POLICIES=true "$venv/bin/python" tests/moto/server.py -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
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
  timed "apply --parallelism $parallelism (fresh moto)" apply "$work/prod.json" --auto-approve --progress plain --parallelism "$parallelism" --input "certificate_arn=$cert"
  timed "no-change apply --parallelism $parallelism" apply "$work/prod.json" --auto-approve --progress plain --parallelism "$parallelism" --input "certificate_arn=$cert"
  timed "plan (no change) --parallelism $parallelism" plan "$work/prod.json" --parallelism "$parallelism" --input "certificate_arn=$cert"
done

mirror="${SKYPLAN_TF_MIRROR:-/opt/tf-plugins}"
if command -v terraform >/dev/null && [[ -d "$mirror/registry.terraform.io/hashicorp/aws" ]]; then
  start_moto
  "$SKYPLAN_BIN" export terraform "$work/plan.json" --out "$work/tf" >/dev/null
  root="$work/tf/environments/production"
  python3 - "$root" <<'PY'
import re, sys
root = sys.argv[1]
def drop(text, header):
    i = text.index(header); depth = 0; j = i
    while True:
        depth += {'{': 1, '}': -1}.get(text[j], 0)
        if text[j] == '}' and depth == 0:
            return text[:i] + text[j + 1:]
        j += 1
main = open(f"{root}/main.tf").read()
main = drop(drop(main, 'module "cdn" {'), 'module "waf" {')
main = main.replace("cloudfront_distribution_arns = [module.cdn.distribution_arn]", "cloudfront_distribution_arns = []")
open(f"{root}/main.tf", "w").write(main)
outputs = open(f"{root}/outputs.tf").read()
for block in re.findall(r'output "[^"]+" \{[^}]*module\.(?:cdn|waf)[^}]*\}', outputs):
    outputs = outputs.replace(block, "")
open(f"{root}/outputs.tf", "w").write(outputs)
PY
  endpoints=""
  for svc in acm autoscaling cloudfront cloudwatch cloudwatchlogs dynamodb ec2 eks elasticache elbv2 iam kms rds s3 secretsmanager sns ssm sts wafv2; do
    endpoints+="    $svc = \"$AWS_ENDPOINT_URL\"\n"
  done
  settings="  skip_credentials_validation = true\n  skip_requesting_account_id = true\n  skip_metadata_api_check = true\n  s3_use_path_style = true\n  endpoints {\n$endpoints  }\n"
  printf "provider \"aws\" {\n$settings}\nprovider \"aws\" {\n  alias = \"us_east_1\"\n$settings}\n" > "$root/providers_override.tf"
  printf 'terraform {\n  backend "local" {}\n}\n' > "$root/backend_override.tf"
  printf 'provider_installation {\n  filesystem_mirror { path = "%s" }\n  direct { exclude = ["registry.terraform.io/hashicorp/*"] }\n}\n' "$mirror" > "$work/terraformrc"
  export TF_CLI_CONFIG_FILE="$work/terraformrc"
  (cd "$root" && terraform init -input=false >/dev/null)
  for run in "terraform apply (fresh moto)" "terraform no-change apply"; do
    start=$(date +%s.%N)
    (cd "$root" && terraform apply -no-color -auto-approve -input=false -var "certificate_arn=$cert" >"$work/tf.txt" 2>&1) || true
    end=$(date +%s.%N)
    printf '%-44s %6.2f s   %s created, %s errors\n' "$run" "$(echo "$end - $start" | bc)" \
      "$(grep -c 'Creation complete' "$work/tf.txt")" "$(grep -c 'Error: ' "$work/tf.txt")"
    # What failed, one line each: the error and the resource it names.
    grep -A3 'Error: ' "$work/tf.txt" | grep -E 'Error: |with ' | paste - - | sed 's/^/    /' | cut -c1-220 || true
  done
fi
