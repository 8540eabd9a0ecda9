#!/usr/bin/env python3
"""How much of a template's cost each bundled region leaves unpriced.

Usage: python3 scripts/unpriced_share.py SKYPLAN_BIN [TEMPLATE] [ENV]

Runs `skyplan estimate --format json` on TEMPLATE (default saas-3tier) moved
to each bundled region, and prices every line the region lacks at its
us-east-1 price (the same component and line of the same plan in us-east-1).
The share is that sum over the us-east-1 total of the environment (default
production). Prints a Markdown table for BENCHMARKS.md. Lines with no
us-east-1 counterpart (a tier band only one region reaches) are counted and
named; none is guessed.
"""

import json
import subprocess
import sys
import tempfile
from decimal import Decimal


def estimate(binary, plan, region, env):
    plan = dict(plan, region=region)
    # The disaster-recovery region must differ from the plan's; it does not
    # change the estimate.
    if plan.get("resilience", {}).get("dr_region") == region:
        plan["resilience"] = dict(plan["resilience"], dr_region="us-east-1" if region != "us-east-1" else "us-west-2")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(plan, f)
    # The files in pricing-data/, as they are now (the binary bundles the ones it was built with).
    run = subprocess.run([binary, "estimate", f.name, "--env", env, "--format", "json", "--pricing-dir", "pricing-data"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        return run.stderr.strip()
    return json.loads(run.stdout)


def lines(estimate, env):
    environment = next(e for e in estimate["environments"] if e["name"] == env)
    for component in environment["components"]:
        for line in component["lines"]:
            yield (component["id"], line["name"]), line


def base_price(base_lines, key):
    """The us-east-1 cost of a line: the same line, or the sum of its tier
    bands there ("Storage standard (first 51200 GB)") when the region prices
    none of it."""
    if key in base_lines:
        return base_lines[key]
    bands = [v for (component, name), v in base_lines.items() if component == key[0] and name.startswith(key[1] + " (")]
    return sum(bands) if bands else None


def main(argv):
    binary = argv[1]
    template = argv[2] if len(argv) > 2 else "saas-3tier"
    env = argv[3] if len(argv) > 3 else "production"
    plan = json.loads(subprocess.run([binary, "template", "show", template], check=True,
                                     capture_output=True, text=True).stdout)
    regions = [r for r in json.load(open("pricing-data/index.json"))]
    base = estimate(binary, plan, "us-east-1", env)
    base_lines = {key: Decimal(line["monthly"]) for key, line in lines(base, env) if line.get("monthly") is not None}
    base_total = Decimal(next(e for e in base["environments"] if e["name"] == env)["monthly"])
    catalogs = {r: json.load(open(f"pricing-data/{r}.json")) for r in regions}
    order = sorted(regions, key=lambda r: (r != "us-east-1", -sum("on_demand_hourly" in t for t in catalogs[r]["ec2"].values()), r))
    total_lines = sum(1 for _ in lines(base, env))
    print(f"{template} {env}: {total_lines} cost lines in us-east-1, ${base_total:,.2f}/month there\n")
    print("| region | EC2 types priced | unpriced lines | unpriced share (at us-east-1 prices) |")
    print("|---|---|---|---|")
    for region in order:
        result = estimate(binary, plan, region, env)
        types = sum("on_demand_hourly" in t for t in catalogs[region]["ec2"].values())
        if isinstance(result, str):
            offered = sorted({m.split('"')[1] for m in result.splitlines() if "is not an EC2 instance type" in m})
            print(f"| {region} | {types:,} | not estimated: {', '.join(offered) or result[:80]} not offered there | — |")
            continue
        unpriced = [(key, line) for key, line in lines(result, env) if line.get("monthly") is None]
        share = sum(base_price(base_lines, key) or Decimal(0) for key, _ in unpriced)
        unmatched = [f"{key[0]}/{key[1]}" for key, _ in unpriced if base_price(base_lines, key) is None]
        note = f" ({len(unmatched)} without a us-east-1 counterpart: {', '.join(unmatched)})" if unmatched else ""
        print(f"| {region} | {types:,} | {len(unpriced)}{note} | {share / base_total * 100:.1f} % |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
