//! `skyplan audit` against moto (`moto[server]`, installed by scripts/setup.sh
//! into ~/.cache/skyplan/moto, or the virtualenv named by
//! `SKYPLAN_MOTO_VENV`), started by each test on a free port of 127.0.0.1.
//!
//! - The account is seeded with boto3 straight into moto: idle and busy
//!   instances with CloudWatch `CPUUtilization` put for every day, attached
//!   and unattached volumes, associated and free Elastic IPs, a load
//!   balancer with a healthy target and one with none, RDS instances with
//!   and without `DatabaseConnections`, an EBS and an RDS snapshot.
//! - moto cannot backdate a launch, so the audit is run `--as-of` ten days
//!   after the seeding, and the metrics are put on the seven days before.
//! - skyplan-aws pins aws-sdk-cloudwatch to ~1.99: later versions speak only
//!   Smithy RPC v2 CBOR to CloudWatch, which moto does not serve
//!   (<https://github.com/getmoto/moto/issues/9195>).
//! - moto's recorder (`/moto-api/recorder/*`) logs every request that
//!   reaches it while the audit runs: each must be a read.

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::io::Read as _;
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// Seeds the account; prints the ids and the audit's `as_of` as JSON.
const SEED: &str = r#"
import boto3, datetime, json, sys
kw = dict(endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
ec2, cw, elb, rds = (boto3.client(s, **kw) for s in ("ec2", "cloudwatch", "elbv2", "rds"))
now = datetime.datetime.now(datetime.timezone.utc)
as_of = now + datetime.timedelta(days=10)
day0 = as_of.replace(hour=0, minute=0, second=0, microsecond=0)
days = [day0 - datetime.timedelta(days=d) + datetime.timedelta(hours=h) for d in range(1, 8) for h in (3, 15)]

def run(instance_type):
    return ec2.run_instances(ImageId="ami-12345678", InstanceType=instance_type, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]

def metric(namespace, name, dimension, value_id, values):
    for at, value in zip(days, values):
        cw.put_metric_data(Namespace=namespace, MetricData=[{"MetricName": name, "Dimensions": [{"Name": dimension, "Value": value_id}], "Timestamp": at, "Value": value}])

ids = {"as_of": int(as_of.timestamp())}
ids["idle"] = run("m5.large")
ids["busy_a"] = run("m5.large")
ids["busy_b"] = run("m5.large")
ids["stopped"] = run("m5.large")
ec2.stop_instances(InstanceIds=[ids["stopped"]])
metric("AWS/EC2", "CPUUtilization", "InstanceId", ids["idle"], [1.0, 3.0] * 7)        # 2 % a day
metric("AWS/EC2", "CPUUtilization", "InstanceId", ids["busy_a"], [40.0, 50.0] * 7)    # 45 %
metric("AWS/EC2", "CPUUtilization", "InstanceId", ids["busy_b"], [60.0, 70.0] * 7)    # 65 %

ids["volume_free"] = ec2.create_volume(AvailabilityZone="us-east-1a", Size=100, VolumeType="gp3")["VolumeId"]
ids["volume_attached"] = ec2.create_volume(AvailabilityZone="us-east-1a", Size=50, VolumeType="gp3")["VolumeId"]
ec2.attach_volume(VolumeId=ids["volume_attached"], InstanceId=ids["busy_a"], Device="/dev/sdf")
ids["snapshot"] = ec2.create_snapshot(VolumeId=ids["volume_free"])["SnapshotId"]

ids["eip_free"] = ec2.allocate_address(Domain="vpc")["AllocationId"]
ids["eip_used"] = ec2.allocate_address(Domain="vpc")["AllocationId"]
ec2.associate_address(AllocationId=ids["eip_used"], InstanceId=ids["busy_b"])

vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]][:2]
ids["lb_empty"] = "lb-empty"
elb.create_load_balancer(Name="lb-empty", Subnets=subnets, Type="application")
lb = elb.create_load_balancer(Name="lb-serving", Subnets=subnets, Type="application")["LoadBalancers"][0]
tg = elb.create_target_group(Name="tg-serving", Protocol="HTTP", Port=80, VpcId=vpc, TargetType="instance")["TargetGroups"][0]
elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}])
elb.register_targets(TargetGroupArn=tg["TargetGroupArn"], Targets=[{"Id": ids["busy_a"]}])

for name in ("db-idle", "db-busy"):
    rds.create_db_instance(DBInstanceIdentifier=name, DBInstanceClass="db.m5.large", Engine="postgres", StorageType="gp2",
                           AllocatedStorage=20, MultiAZ=False, MasterUsername="admin_user", MasterUserPassword="password-123")
metric("AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", "db-idle", [0.0] * 14)
metric("AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", "db-busy", [0.0, 4.0] * 7)
ids["db_snapshot"] = "db-busy-manual"
rds.create_db_snapshot(DBInstanceIdentifier="db-busy", DBSnapshotIdentifier="db-busy-manual")
print(json.dumps(ids))
"#;

/// A local moto server; it stops on drop.
struct Moto {
    child: Child,
    url: String,
    python: PathBuf,
    dir: tempfile::TempDir,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn venv() -> PathBuf {
    let venv = std::env::var_os("SKYPLAN_MOTO_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/skyplan/moto")
        });
    let python = venv.join("bin/python");
    let ok = std::process::Command::new(&python)
        .args(["-c", "import moto, boto3"])
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(
        ok,
        "moto[server] and boto3 are needed in {} (scripts/setup.sh installs them; SKYPLAN_MOTO_VENV names another virtualenv)",
        venv.display()
    );
    venv
}

fn free_port() -> u16 {
    common::server_port()
}

fn wait_for(port: u16, child: &mut Child, what: &str) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            let mut err = String::new();
            if let Some(mut stderr) = child.stderr.take() {
                let _ = stderr.read_to_string(&mut err);
            }
            panic!("{what} exited with {status}: {err}");
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{what} did not listen on port {port} within 60 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn start_moto(extra_env: &[(&str, &str)]) -> Moto {
    let venv = venv();
    let dir = tempfile::tempdir().expect("temp dir");
    let moto_port = free_port();
    let mut moto = std::process::Command::new(venv.join("bin/moto_server"));
    moto.args(["-H", "127.0.0.1", "-p", &moto_port.to_string()])
        .env("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
        .env("MOTO_RECORDER_FILEPATH", dir.path().join("recording"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (key, value) in extra_env {
        moto.env(key, value);
    }
    let mut moto = moto.spawn().expect("moto_server starts");
    wait_for(moto_port, &mut moto, "moto_server");
    Moto {
        child: moto,
        url: format!("http://127.0.0.1:{moto_port}"),
        python: venv.join("bin/python"),
        dir,
    }
}

impl Moto {
    fn python(&self, script: &str, args: &[&str]) -> String {
        let path = self.dir.path().join("script.py");
        std::fs::write(&path, script).expect("script written");
        let output = std::process::Command::new(&self.python)
            .arg(&path)
            .args(args)
            .output()
            .expect("python runs");
        assert!(
            output.status.success(),
            "seeding failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn seed(&self) -> Value {
        serde_json::from_str(&self.python(SEED, &[&self.url])).expect("seed prints JSON")
    }

    fn recorder(&self, action: &str) -> String {
        let script = "import sys, urllib.request\nr = urllib.request.urlopen(urllib.request.Request(sys.argv[1], method=sys.argv[2]))\nsys.stdout.write(r.read().decode())\n";
        let method = if action == "download-recording" {
            "GET"
        } else {
            "POST"
        };
        self.python(
            script,
            &[&format!("{}/moto-api/recorder/{action}", self.url), method],
        )
    }

    /// `skyplan audit` against moto, with test credentials and no host AWS configuration.
    fn audit(&self, args: &[&str], key: (&str, &str)) -> std::process::Output {
        let empty = self.dir.path().join("no-aws-config");
        Command::cargo_bin("skyplan")
            .expect("skyplan binary")
            .arg("audit")
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("AWS_ENDPOINT_URL", &self.url)
            .env("AWS_ACCESS_KEY_ID", key.0)
            .env("AWS_SECRET_ACCESS_KEY", key.1)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_CONFIG_FILE", &empty)
            .env("AWS_SHARED_CREDENTIALS_FILE", &empty)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .timeout(Duration::from_secs(120))
            .output()
            .expect("skyplan audit runs")
    }
}

/// The API action of each recorded request: form `Action=` (query
/// protocol: EC2, ELBv2, RDS) or `X-Amz-Target` (JSON protocols, CloudWatch).
fn recorded_actions(recording: &str) -> Vec<String> {
    use base64::Engine as _;
    let mut actions = Vec::new();
    for line in recording.lines().filter(|l| !l.trim().is_empty()) {
        let entry: Value = serde_json::from_str(line).expect("a recorder line is JSON");
        let headers = entry["headers"].as_object().cloned().unwrap_or_default();
        let target = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("x-amz-target"))
            .and_then(|(_, v)| v.as_str());
        if let Some(target) = target {
            actions.push(target.rsplit('.').next().unwrap_or_default().to_string());
            continue;
        }
        let raw = entry["body"].as_str().unwrap_or_default();
        let body = if entry["body_encoded"].as_bool() == Some(true) {
            String::from_utf8_lossy(
                &base64::engine::general_purpose::STANDARD
                    .decode(raw)
                    .expect("base64 body"),
            )
            .into_owned()
        } else {
            raw.to_string()
        };
        let action = body
            .split('&')
            .find_map(|pair| pair.strip_prefix("Action="))
            .map(str::to_string);
        let url = entry["url"].as_str().unwrap_or_default();
        actions.push(
            action.unwrap_or_else(|| {
                format!("{} {url}", entry["method"].as_str().unwrap_or_default())
            }),
        );
    }
    actions
}

fn finding<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["resource_id"] == id)
        .unwrap_or_else(|| panic!("no finding for {id} in {report:#}"))
}

fn money(value: &Value) -> rust_decimal::Decimal {
    value
        .as_str()
        .map(|s| s.parse().expect("decimal"))
        .or_else(|| {
            value
                .as_f64()
                .and_then(rust_decimal::Decimal::from_f64_retain)
        })
        .expect("an amount")
}

#[test]
fn audit_flags_exactly_the_waste_and_only_reads() {
    let moto = start_moto(&[]);
    let ids = moto.seed();
    let as_of = ids["as_of"].as_i64().unwrap().to_string();
    moto.recorder("start-recording");
    let output = moto.audit(
        &[
            "--region",
            "us-east-1",
            "--as-of",
            &as_of,
            "--snapshot-days",
            "5",
            "--format",
            "json",
        ],
        ("testing", "testing"),
    );
    moto.recorder("stop-recording");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "audit failed: {stderr}");
    assert!(
        stderr.contains("audit: scanning 1 region: us-east-1")
            && stderr.contains("us-east-1: done"),
        "progress lines: {stderr}"
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    assert_eq!(report["format_version"], 1);

    let id = |k: &str| ids[k].as_str().unwrap().to_string();
    let mut flagged: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_string(),
                f["resource_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    flagged.sort();
    let mut expected = vec![
        ("idle_instance".to_string(), id("idle")),
        ("unattached_volume".to_string(), id("volume_free")),
        ("unassociated_address".to_string(), id("eip_free")),
        ("idle_load_balancer".to_string(), id("lb_empty")),
        ("idle_database".to_string(), "db-idle".to_string()),
        ("old_snapshot".to_string(), id("snapshot")),
        ("old_snapshot".to_string(), id("db_snapshot")),
    ];
    expected.sort();
    assert_eq!(flagged, expected, "{report:#}");

    // Catalog costs (us-east-1, USD a month of 730 h):
    // m5.large 0.096 × 730 = 70.08; gp3 100 GiB × 0.08 = 8; public IPv4 0.005 × 730 = 3.65;
    // ALB 0.0225 × 730 = 16.425; db.m5.large postgres 0.178 × 730 + gp2 20 GiB × 0.115 = 132.24;
    // EBS snapshot 100 GiB × 0.05 = 5; RDS snapshot 20 GiB × 0.095 = 1.90.
    let cost = |id: &str| money(&finding(&report, id)["monthly_cost"]);
    use rust_decimal_macros::dec;
    assert_eq!(cost(&id("idle")), dec!(70.08));
    assert_eq!(cost(&id("volume_free")), dec!(8));
    assert_eq!(cost(&id("eip_free")), dec!(3.65));
    assert_eq!(cost("lb-empty"), dec!(16.425));
    assert_eq!(cost("db-idle"), dec!(132.24));
    assert_eq!(cost(&id("snapshot")), dec!(5));
    assert_eq!(cost("db-busy-manual"), dec!(1.90));
    assert_eq!(money(&finding(&report, &id("idle"))["measured"]), dec!(2));
    assert_eq!(
        money(&report["totals"]["findings_monthly_saving"]),
        dec!(237.295)
    );

    // Only the two steady m5.large instances are committed: 3-year standard all-upfront RIs.
    let recommendations = report["recommendations"].as_array().unwrap();
    assert_eq!(recommendations.len(), 1, "{report:#}");
    let r = &recommendations[0];
    let mut covered: Vec<String> = r["instances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    covered.sort();
    let mut steady = vec![id("busy_a"), id("busy_b")];
    steady.sort();
    assert_eq!(covered, steady);
    assert_eq!(r["option"], "Reserved standard 3 yr all_upfront");
    assert_eq!(r["reserved_instances"], 2);
    assert_eq!(money(&r["upfront"]), dec!(1898));
    assert_eq!(money(&r["monthly_saving"]).round_dp(2), dec!(87.44));
    assert!(report["errors"].as_array().unwrap().is_empty());

    // Every request the audit made was a read, and the reads cover every service.
    let actions = recorded_actions(&moto.recorder("download-recording"));
    let writes: Vec<&String> = actions
        .iter()
        .filter(|a| !(a.starts_with("Describe") || a.starts_with("Get") || a.starts_with("List")))
        .collect();
    assert!(
        writes.is_empty(),
        "the audit made non-read calls: {writes:?}"
    );
    for read in [
        "DescribeInstances",
        "DescribeVolumes",
        "DescribeAddresses",
        "DescribeSnapshots",
        "DescribeLoadBalancers",
        "DescribeTargetGroups",
        "DescribeTargetHealth",
        "DescribeDBInstances",
        "DescribeDBSnapshots",
        "GetMetricData",
    ] {
        assert!(
            actions.iter().any(|a| a == read),
            "{read} not recorded in {actions:?}"
        );
    }
}

#[test]
fn table_and_csv_of_a_live_scan() {
    let moto = start_moto(&[]);
    let ids = moto.seed();
    let as_of = ids["as_of"].as_i64().unwrap().to_string();
    let table = moto.audit(
        &["--region", "us-east-1", "--as-of", &as_of],
        ("testing", "testing"),
    );
    assert!(table.status.success());
    let text = String::from_utf8_lossy(&table.stdout);
    // Default snapshot age is 365 days: the 10-day-old snapshots are kept.
    assert!(
        text.contains(ids["idle"].as_str().unwrap())
            && !text.contains(ids["snapshot"].as_str().unwrap()),
        "{text}"
    );
    assert!(
        text.contains("Potential saving:") && text.contains("Reserved standard 3 yr all_upfront"),
        "{text}"
    );
    let csv = moto.audit(
        &[
            "--region",
            "us-east-1",
            "--as-of",
            &as_of,
            "--format",
            "csv",
        ],
        ("testing", "testing"),
    );
    let csv = String::from_utf8_lossy(&csv.stdout);
    assert!(csv.starts_with("record,region,kind,resource_id,"), "{csv}");
    // 5 findings (instance, volume, address, load balancer, database) and 1 commitment.
    assert_eq!(
        csv.lines().filter(|l| l.starts_with("finding,")).count(),
        5,
        "{csv}"
    );
    assert_eq!(
        csv.lines().filter(|l| l.starts_with("commitment,")).count(),
        1,
        "{csv}"
    );
}

#[test]
fn every_enabled_region_is_scanned_by_default() {
    let moto = start_moto(&[]);
    let ids = moto.seed();
    let as_of = ids["as_of"].as_i64().unwrap().to_string();
    let output = moto.audit(
        &["--as-of", &as_of, "--format", "json"],
        ("testing", "testing"),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    let regions: Vec<&str> = report["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    // ec2:DescribeRegions lists moto's regions; each gets its own progress lines.
    assert!(
        regions.len() > 10 && regions.contains(&"us-east-1") && regions.contains(&"eu-west-1"),
        "{regions:?}"
    );
    for region in &regions {
        assert!(
            stderr.contains(&format!("audit: {region}: done")),
            "no progress for {region}: {stderr}"
        );
    }
    // Only us-east-1 was seeded: its findings, and none elsewhere.
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["region"] == "us-east-1"));
    assert_eq!(
        report["findings"].as_array().unwrap().len(),
        5,
        "{report:#}"
    );
}

#[test]
fn a_denied_action_is_named_and_the_rest_is_reported() {
    // moto enforces IAM once the seeding's calls are done (the user, its key
    // and its policy are the first three); the policy denies reading RDS.
    let moto = start_moto(&[("INITIAL_NO_AUTH_ACTION_COUNT", "3")]);
    let seed = r#"
import boto3, json, sys
iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
iam.create_user(UserName="auditor")
key = iam.create_access_key(UserName="auditor")["AccessKey"]
iam.put_user_policy(UserName="auditor", PolicyName="read-but-rds", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "*"},
    {"Effect": "Deny", "Action": "rds:DescribeDBInstances", "Resource": "*"}]}))
print(json.dumps([key["AccessKeyId"], key["SecretAccessKey"]]))
"#;
    let key: Vec<String> =
        serde_json::from_str(&moto.python(seed, &[&moto.url])).expect("key JSON");
    let output = moto.audit(
        &["--region", "us-east-1", "--format", "json"],
        (&key[0], &key[1]),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "partial results exit 1: {stderr}"
    );
    assert!(
        stderr.contains("may not call rds:DescribeDBInstances"),
        "{stderr}"
    );
    assert!(
        stderr.contains("partial results: 1 call(s) failed"),
        "{stderr}"
    );
    let report: Value =
        serde_json::from_slice(&output.stdout).expect("the partial report is still printed");
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{report:#}");
    assert_eq!(errors[0]["action"], "DescribeDBInstances");
    assert_eq!(errors[0]["access_denied"], true);
}

#[test]
fn bad_arguments_are_refused_before_any_call() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::cargo_bin("skyplan")
            .unwrap()
            .arg("audit")
            .args(args)
            .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let out = run(&["--cpu-threshold", "150"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "error: --cpu-threshold 150 is out of range: expected a percentage from 0 to 100"
    );
    let out = run(&["--region", "US East"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "error: --region \"US East\" is not a region code: expected e.g. us-east-1"
    );
    let out = run(&["--days", "0"]);
    assert_eq!(out.status.code(), Some(2));
}
