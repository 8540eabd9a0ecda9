//! `skyplan plan | apply | destroy | drift` against moto (`moto[server]`,
//! installed by `scripts/setup.sh --tests` into ~/.cache/skyplan/moto; set
//! SKYPLAN_MOTO_VENV to use another virtualenv). Each test starts its own
//! moto server on a free port of 127.0.0.1 and kills it when done.
//!
//! Resources are checked through the AWS API with boto3 (from moto's
//! virtualenv, independent of skyplan's Rust SDK code): `INVENTORY` lists,
//! per `skyplan:address` tag, how many live objects carry this plan id.
//!
//! moto runs through tests/moto/server.py: moto's own server plus the two
//! AWS behaviours moto 5.2.5 lacks, as AWS documents them (the cluster
//! security group EKS creates with a cluster, which the node groups' launch
//! templates use; ElastiCache `DeleteCacheSubnetGroup`). The file says what
//! each does and cites the documentation.

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

fn venv() -> PathBuf {
    std::env::var_os("SKYPLAN_MOTO_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").expect("HOME is set"))
                .join(".cache/skyplan/moto")
        })
}

struct Moto {
    child: Child,
    endpoint: String,
}

impl Moto {
    fn start() -> Moto {
        Moto::start_with(&[])
    }

    fn start_with(env: &[(&str, &str)]) -> Moto {
        let python = venv().join("bin/python");
        assert!(
            python.is_file(),
            "moto is not installed at {}: run bash scripts/setup.sh --tests",
            venv().display()
        );
        let server = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/moto/server.py");
        let port = common::server_port();
        let mut child = std::process::Command::new(python)
            .arg(server)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            // AWS managed policies (AmazonEKSClusterPolicy, ...) exist only when loaded.
            .env("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(child.try_wait().ok().flatten().is_none(), "moto exited before listening on port {port}");
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "moto did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Moto {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        }
    }

    fn skyplan(&self, dir: &Path) -> Command {
        let mut cmd = Command::cargo_bin("skyplan").unwrap();
        cmd.current_dir(dir)
            .envs(self.skyplan_env(dir))
            .env_remove("AWS_PROFILE")
            .env_remove("SKYPLAN_TEST_ABORT_AFTER");
        cmd
    }

    /// The environment skyplan runs in: moto's endpoint, test credentials,
    /// no profile files of the machine.
    fn skyplan_env(&self, dir: &Path) -> Vec<(String, String)> {
        [
            ("AWS_ENDPOINT_URL", self.endpoint.clone()),
            ("AWS_ACCESS_KEY_ID", "testing".into()),
            ("AWS_SECRET_ACCESS_KEY", "testing".into()),
            ("AWS_EC2_METADATA_DISABLED", "true".into()),
            ("AWS_CONFIG_FILE", dir.join("no-aws-config").display().to_string()),
            (
                "AWS_SHARED_CREDENTIALS_FILE",
                dir.join("no-aws-credentials").display().to_string(),
            ),
            // moto answers what it lacks with HTTP 500: do not retry it 8 times.
            ("AWS_MAX_ATTEMPTS", "2".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    /// Runs a boto3 script with `endpoint` and `plan_id` defined; returns its JSON output.
    fn boto(&self, plan_id: &str, script: &str) -> Value {
        let output = std::process::Command::new(venv().join("bin/python"))
            .arg("-c")
            .arg(format!(
                "endpoint = {:?}\nplan_id = {:?}\n{script}",
                self.endpoint, plan_id
            ))
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "boto3 script failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    }

    fn certificate(&self) -> String {
        let v = self.boto(
            "",
            "import boto3, json\nacm = boto3.client('acm', endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id='t', aws_secret_access_key='t')\nprint(json.dumps(acm.request_certificate(DomainName='app.example.com')['CertificateArn']))",
        );
        v.as_str().unwrap().to_string()
    }

    /// Live objects tagged with the plan id, counted per address (the
    /// `skyplan:address` tag spells keys with `/`, as tag values allow).
    fn inventory(&self, ws: &Workspace) -> BTreeMap<String, u64> {
        let v = self.boto(&ws.plan_id(), INVENTORY);
        let addresses = ws.address_tags();
        v.as_object()
            .unwrap()
            .iter()
            .map(|(k, n)| {
                (
                    addresses.get(k).cloned().unwrap_or_else(|| k.clone()),
                    n.as_u64().unwrap(),
                )
            })
            .collect()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every kind of object apply creates, listed through each service's API;
/// objects being deleted (KMS keys pending deletion, secrets in their
/// recovery window, groups "deleting", terminated instances) are gone.
const INVENTORY: &str = r#"
import boto3, json, collections
k = dict(endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id='t', aws_secret_access_key='t')
counts = collections.Counter()
def tagged(tags, key='Key', value='Value'):
    t = {x[key]: x[value] for x in tags or []}
    if t.get('skyplan:plan-id') == plan_id:
        counts[t.get('skyplan:address', '(instance or volume of ' + t.get('Name', '?') + ')')] += 1
ec2 = boto3.client('ec2', **k)
# moto keeps the tags of deleted EC2 objects: each tagged id is looked up.
def ec2_exists(rtype, rid):
    try:
        if rtype == 'instance':
            return ec2.describe_instances(InstanceIds=[rid])['Reservations'][0]['Instances'][0]['State']['Name'] not in ('terminated', 'shutting-down')
        if rid.startswith('nat-'):
            return ec2.describe_nat_gateways(NatGatewayIds=[rid])['NatGateways'][0]['State'] not in ('deleted', 'deleting')
        if rtype == 'vpc-endpoint':
            return ec2.describe_vpc_endpoints(VpcEndpointIds=[rid])['VpcEndpoints'][0]['State'].lower() not in ('deleted', 'deleting')
        if rtype == 'vpc':
            return len(ec2.describe_vpcs(VpcIds=[rid])['Vpcs']) == 1
        if rtype == 'subnet':
            return len(ec2.describe_subnets(SubnetIds=[rid])['Subnets']) == 1
        if rtype == 'security-group':
            return len(ec2.describe_security_groups(GroupIds=[rid])['SecurityGroups']) == 1
        if rtype == 'security-group-rule':
            return len(ec2.describe_security_group_rules(SecurityGroupRuleIds=[rid])['SecurityGroupRules']) == 1
        if rtype == 'internet-gateway':
            return len(ec2.describe_internet_gateways(InternetGatewayIds=[rid])['InternetGateways']) == 1
        if rtype == 'route-table':
            return len(ec2.describe_route_tables(RouteTableIds=[rid])['RouteTables']) == 1
        if rid.startswith('eipalloc-'):
            return len(ec2.describe_addresses(AllocationIds=[rid])['Addresses']) == 1
        if rtype == 'launch-template':
            return len(ec2.describe_launch_templates(LaunchTemplateIds=[rid])['LaunchTemplates']) == 1
        if rtype == 'volume':
            return len(ec2.describe_volumes(VolumeIds=[rid])['Volumes']) == 1
        return True
    except ec2.exceptions.ClientError:
        return False
for page in ec2.get_paginator('describe_tags').paginate(Filters=[{'Name': 'key', 'Values': ['skyplan:plan-id']}, {'Name': 'value', 'Values': [plan_id]}]):
    for t in page['Tags']:
        rid, rtype = t['ResourceId'], t['ResourceType']
        if ec2_exists(rtype, rid):
            tagged(ec2.describe_tags(Filters=[{'Name': 'resource-id', 'Values': [rid]}])['Tags'])
elb = boto3.client('elbv2', **k)
arns = [l['LoadBalancerArn'] for l in elb.describe_load_balancers()['LoadBalancers']]
arns += [t['TargetGroupArn'] for t in elb.describe_target_groups()['TargetGroups']]
for lb in [l['LoadBalancerArn'] for l in elb.describe_load_balancers()['LoadBalancers']]:
    arns += [x['ListenerArn'] for x in elb.describe_listeners(LoadBalancerArn=lb)['Listeners']]
for arn in arns:
    for d in elb.describe_tags(ResourceArns=[arn])['TagDescriptions']:
        tagged(d['Tags'])
asg = boto3.client('autoscaling', **k)
for g in asg.describe_auto_scaling_groups()['AutoScalingGroups']:
    tagged(g['Tags'])
iam = boto3.client('iam', **k)
for r in iam.list_roles()['Roles']:
    tagged(iam.list_role_tags(RoleName=r['RoleName'])['Tags'])
for p in iam.list_instance_profiles()['InstanceProfiles']:
    tagged(p.get('Tags'))
eks = boto3.client('eks', **k)
for c in eks.list_clusters()['clusters']:
    tagged([{'Key': a, 'Value': b} for a, b in eks.describe_cluster(name=c)['cluster'].get('tags', {}).items()])
    for n in eks.list_nodegroups(clusterName=c)['nodegroups']:
        tagged([{'Key': a, 'Value': b} for a, b in eks.describe_nodegroup(clusterName=c, nodegroupName=n)['nodegroup'].get('tags', {}).items()])
rds = boto3.client('rds', **k)
for d in rds.describe_db_instances()['DBInstances']:
    tagged(d.get('TagList'))
for g in rds.describe_db_subnet_groups()['DBSubnetGroups']:
    tagged(rds.list_tags_for_resource(ResourceName=g['DBSubnetGroupArn'])['TagList'])
for g in rds.describe_db_parameter_groups()['DBParameterGroups']:
    tagged(rds.list_tags_for_resource(ResourceName=g['DBParameterGroupArn'])['TagList'])
ec = boto3.client('elasticache', **k)
for g in ec.describe_replication_groups()['ReplicationGroups']:
    if g['Status'] != 'deleting':
        tagged(ec.list_tags_for_resource(ResourceName=g['ARN'])['TagList'])
for g in ec.describe_cache_subnet_groups()['CacheSubnetGroups']:
    tagged(ec.list_tags_for_resource(ResourceName=g['ARN'])['TagList'])
s3 = boto3.client('s3', **k)
for b in s3.list_buckets()['Buckets']:
    try:
        tagged(s3.get_bucket_tagging(Bucket=b['Name'])['TagSet'])
    except s3.exceptions.ClientError:
        pass
kms = boto3.client('kms', **k)
for key in kms.list_keys()['Keys']:
    if kms.describe_key(KeyId=key['KeyId'])['KeyMetadata']['KeyState'] != 'PendingDeletion':
        tagged(kms.list_resource_tags(KeyId=key['KeyId'])['Tags'], 'TagKey', 'TagValue')
sm = boto3.client('secretsmanager', **k)
for s in sm.list_secrets()['SecretList']:
    if 'DeletedDate' not in s:
        tagged(s.get('Tags'))
sns = boto3.client('sns', **k)
for t in sns.list_topics()['Topics']:
    tagged(sns.list_tags_for_resource(ResourceArn=t['TopicArn'])['Tags'])
cw = boto3.client('cloudwatch', **k)
for a in cw.describe_alarms()['MetricAlarms']:
    tagged(cw.list_tags_for_resource(ResourceARN=a['AlarmArn'])['Tags'])
ddb = boto3.client('dynamodb', **k)
for name in ddb.list_tables()['TableNames']:
    tagged(ddb.list_tags_of_resource(ResourceArn=ddb.describe_table(TableName=name)['Table']['TableArn']).get('Tags'))
print(json.dumps(counts))
"#;

/// Kinds AWS keeps no tags on (sub-objects and settings of something tagged).
const UNTAGGED_KINDS: &[&str] = &[
    "aws_route",
    "aws_route_table_association",
    "aws_iam_role_policy_attachment",
    "aws_iam_role_policy",
    "aws_autoscaling_policy",
    "aws_autoscaling_schedule",
    "aws_kms_alias",
    "aws_s3_bucket_versioning",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_lifecycle_configuration",
    "aws_s3_bucket_ownership_controls",
    "aws_s3_bucket_policy",
];

/// Given `items` ([address, kind, id in the state]), prints the addresses
/// not found through the API.
const UNTAGGED_EXIST: &str = r#"
import boto3, json
k = dict(endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id='t', aws_secret_access_key='t')
ec2, iam, asg = boto3.client('ec2', **k), boto3.client('iam', **k), boto3.client('autoscaling', **k)
kms, s3 = boto3.client('kms', **k), boto3.client('s3', **k)
def exists(kind, id):
    if kind == 'aws_route':
        table, destination = id.split('_', 1)
        routes = ec2.describe_route_tables(RouteTableIds=[table])['RouteTables'][0]['Routes']
        return any(r.get('DestinationCidrBlock') == destination for r in routes)
    if kind == 'aws_route_table_association':
        return bool(ec2.describe_route_tables(Filters=[{'Name': 'association.route-table-association-id', 'Values': [id]}])['RouteTables'])
    if kind == 'aws_iam_role_policy_attachment':
        role, arn = id.split('/', 1)
        return arn in [p['PolicyArn'] for p in iam.list_attached_role_policies(RoleName=role)['AttachedPolicies']]
    if kind == 'aws_iam_role_policy':
        role, name = id.split(':', 1)
        return name in iam.list_role_policies(RoleName=role)['PolicyNames']
    if kind == 'aws_autoscaling_policy':
        group, name = id.split('/', 1)
        return bool(asg.describe_policies(AutoScalingGroupName=group, PolicyNames=[name])['ScalingPolicies'])
    if kind == 'aws_autoscaling_schedule':
        group, name = id.split('/', 1)
        return bool(asg.describe_scheduled_actions(AutoScalingGroupName=group, ScheduledActionNames=[name])['ScheduledUpdateGroupActions'])
    if kind == 'aws_kms_alias':
        return id in [a['AliasName'] for a in kms.list_aliases()['Aliases']]
    if kind == 'aws_s3_bucket_versioning':
        return s3.get_bucket_versioning(Bucket=id).get('Status') == 'Enabled'
    try:
        if kind == 'aws_s3_bucket_server_side_encryption_configuration':
            return bool(s3.get_bucket_encryption(Bucket=id)['ServerSideEncryptionConfiguration']['Rules'])
        if kind == 'aws_s3_bucket_public_access_block':
            return all(s3.get_public_access_block(Bucket=id)['PublicAccessBlockConfiguration'].values())
        if kind == 'aws_s3_bucket_lifecycle_configuration':
            return bool(s3.get_bucket_lifecycle_configuration(Bucket=id)['Rules'])
        if kind == 'aws_s3_bucket_ownership_controls':
            return bool(s3.get_bucket_ownership_controls(Bucket=id)['OwnershipControls']['Rules'])
        if kind == 'aws_s3_bucket_policy':
            return bool(json.loads(s3.get_bucket_policy(Bucket=id)['Policy'])['Statement'])
    except s3.exceptions.ClientError:
        return False
    raise Exception('no check for ' + kind)
print(json.dumps([address for address, kind, id in items if not exists(kind, id)]))
"#;

/// A workspace with a template's plan and one environment's bundle
/// (saas-3tier's production in prod.bundle.json unless said otherwise).
struct Workspace {
    dir: tempfile::TempDir,
    env: &'static str,
    bundle_file: &'static str,
}

impl Workspace {
    fn new() -> Workspace {
        Workspace::of("saas-3tier", "production", "prod.bundle.json")
    }

    fn of(template: &str, env: &'static str, bundle_file: &'static str) -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        let plan = Command::cargo_bin("skyplan")
            .unwrap()
            .args(["template", "show", template])
            .output()
            .unwrap();
        std::fs::write(dir.path().join("plan.json"), plan.stdout).unwrap();
        let ws = Workspace {
            dir,
            env,
            bundle_file,
        };
        ws.bundle();
        ws
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn bundle(&self) {
        Command::cargo_bin("skyplan")
            .unwrap()
            .current_dir(self.path())
            .args([
                "bundle",
                "plan.json",
                "--env",
                self.env,
                "--out",
                self.bundle_file,
            ])
            .assert()
            .success();
    }

    fn bundle_json(&self) -> Value {
        serde_json::from_slice(&std::fs::read(self.path().join(self.bundle_file)).unwrap()).unwrap()
    }

    fn state_file(&self) -> PathBuf {
        self.path().join(format!("{}.state.json", self.bundle_file))
    }

    fn plan_id(&self) -> String {
        let bundle = self.bundle_json();
        bundle["plan_id"].as_str().unwrap().to_string()
    }

    fn bundle_addresses(&self) -> BTreeSet<String> {
        let bundle = self.bundle_json();
        bundle["graph"]["resources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["address"].as_str().unwrap().to_string())
            .collect()
    }

    /// Optional resources the engine leaves out (saas-3tier: CloudFront, WAF,
    /// the bucket policy that names the distribution).
    fn left_out(&self) -> usize {
        let bundle = self.bundle_json();
        bundle["graph"]["resources"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["optional"] == true)
            .count()
    }

    /// `skyplan:address` tag value → address.
    fn address_tags(&self) -> BTreeMap<String, String> {
        let bundle = self.bundle_json();
        bundle["graph"]["resources"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| {
                Some((
                    r["tags"]["skyplan:address"].as_str()?.to_string(),
                    r["address"].as_str()?.to_string(),
                ))
            })
            .collect()
    }

    fn state(&self) -> Value {
        serde_json::from_slice(&std::fs::read(self.state_file()).unwrap()).unwrap()
    }

    fn state_addresses(&self) -> BTreeSet<String> {
        if !self.state_file().exists() {
            return BTreeSet::new();
        }
        self.state()["resources"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    }
}

fn text(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// `+ create ADDRESS`, `~ update ADDRESS`, ... lines of a plan, as (verb, address).
fn plan_lines(out: &str) -> Vec<(String, String)> {
    out.lines()
        .filter_map(|l| {
            let l = l.strip_prefix("  ")?;
            let mut parts = l.splitn(3, ' ');
            let symbol = parts.next()?;
            if !["+", "~", "-/+", "-", "="].contains(&symbol) {
                return None;
            }
            let verb = parts.next()?.to_string();
            let address = parts.next()?.split(" (").next()?.to_string();
            Some((verb, address))
        })
        .collect()
}

/// Everything applied, each exactly once, nothing else tagged with the plan id.
fn assert_applied_once(ws: &Workspace, moto: &Moto) {
    assert_applied_once_but(ws, moto, &BTreeSet::new());
}

/// As [`assert_applied_once`], `missing` (addresses) aside.
fn assert_applied_once_but(ws: &Workspace, moto: &Moto, missing: &BTreeSet<String>) {
    let expected: BTreeSet<String> = ws.bundle_addresses();
    let state = ws.state_addresses();
    assert_eq!(
        state.len(),
        expected.len() - ws.left_out() - missing.len(),
        "state: {state:?}"
    );
    assert!(state.is_disjoint(missing), "state: {state:?}");
    assert!(state.is_subset(&expected));
    let inventory = moto.inventory(ws);
    let state_json = ws.state();
    for address in &state {
        let kind = state_json["resources"][address]["type"].as_str().unwrap();
        if !UNTAGGED_KINDS.contains(&kind) {
            assert_eq!(
                inventory.get(address),
                Some(&1),
                "{address} ({kind}) should exist exactly once: {inventory:?}"
            );
        }
    }
    // What carries no tags of its own is looked up by the id in the state.
    let untagged: Vec<(String, String, String)> = state
        .iter()
        .filter_map(|address| {
            let r = &state_json["resources"][address];
            let kind = r["type"].as_str().unwrap();
            UNTAGGED_KINDS.contains(&kind).then(|| {
                (
                    address.clone(),
                    kind.to_string(),
                    r["id"].as_str().unwrap().to_string(),
                )
            })
        })
        .collect();
    let untagged_json = serde_json::to_string(&untagged).unwrap();
    let missing = moto.boto(
        "",
        &format!("items = {untagged_json}\n{UNTAGGED_EXIST}"),
    );
    assert_eq!(
        missing,
        serde_json::json!([]),
        "in the state but not found through the API"
    );
    for (address, n) in &inventory {
        if !address.starts_with("(instance or volume") {
            assert!(
                state.contains(address),
                "{address} is tagged with the plan id ({n}×) but not in the state"
            );
        }
    }
}

#[test]
fn apply_twice_change_one_setting_then_destroy() {
    let moto = Moto::start();
    let ws = Workspace::new();
    let cert = format!("certificate_arn={}", moto.certificate());
    let dir = ws.path();

    // First apply: everything the bundle asks for but the optional CDN.
    let out = moto
        .skyplan(dir)
        .args([
            "apply",
            "prod.bundle.json",
            "--auto-approve",
            "--input",
            &cert,
        ])
        .output()
        .unwrap();
    let out_text = text(&out);
    assert_eq!(out.status.code(), Some(0), "{out_text}");
    assert!(
        out_text.contains("Apply complete: 107 created, 0 updated, 0 replaced, 0 deleted."),
        "{out_text}"
    );
    assert_applied_once(&ws, &moto);

    // Properties as the AWS API reports them.
    let checks = moto.boto(
        &ws.plan_id(),
        r#"
import boto3, json
k = dict(endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id='t', aws_secret_access_key='t')
ec2 = boto3.client('ec2', **k)
vpc = ec2.describe_vpcs(Filters=[{'Name': 'tag:skyplan:plan-id', 'Values': [plan_id]}])['Vpcs'][0]
subnets = ec2.describe_subnets(Filters=[{'Name': 'vpc-id', 'Values': [vpc['VpcId']]}])['Subnets']
lt = ec2.describe_launch_template_versions(LaunchTemplateName='saas-three-tier-production-web', Versions=['$Default'])['LaunchTemplateVersions'][0]
asg = boto3.client('autoscaling', **k).describe_auto_scaling_groups(AutoScalingGroupNames=['saas-three-tier-production-web'])['AutoScalingGroups'][0]
db = boto3.client('rds', **k).describe_db_instances(DBInstanceIdentifier='saas-three-tier-production-db')['DBInstances'][0]
rg = boto3.client('elasticache', **k).describe_replication_groups(ReplicationGroupId='saas-three-tier-production-cache')['ReplicationGroups'][0]
s3 = boto3.client('s3', **k)
nat = ec2.describe_nat_gateways(Filters=[{'Name': 'vpc-id', 'Values': [vpc['VpcId']]}])['NatGateways']
eks = boto3.client('eks', **k)
cluster = eks.describe_cluster(name='saas-three-tier-production-platform')['cluster']
def node_group(name):
    g = eks.describe_nodegroup(clusterName=cluster['name'], nodegroupName=name)['nodegroup']
    lt = ec2.describe_launch_template_versions(LaunchTemplateId=g['launchTemplate']['id'], Versions=['$Default'])['LaunchTemplateVersions'][0]['LaunchTemplateData']
    groups = lt['NetworkInterfaces'][0]['Groups'] if lt.get('NetworkInterfaces') else lt['SecurityGroupIds']
    return [g['capacityType'], g['instanceTypes'], g['scalingConfig'], g['status'], lt['MetadataOptions']['HttpTokens'],
            cluster['resourcesVpcConfig']['clusterSecurityGroupId'] in groups, len(groups)]
print(json.dumps({
  'node_groups': {n: node_group(n) for n in sorted(eks.list_nodegroups(clusterName=cluster['name'])['nodegroups'])},
  'vpc_cidr': vpc['CidrBlock'],
  'subnets': sorted(s['CidrBlock'] + ' ' + s['AvailabilityZone'] for s in subnets),
  'nat_gateways': len([n for n in nat if n['State'] == 'available']),
  'web_instance_type': lt['LaunchTemplateData']['InstanceType'],
  'asg': [asg['MinSize'], asg['MaxSize'], asg['LaunchTemplate']['Version']],
  'db': [db['DBInstanceClass'], db['MultiAZ'], db['Engine'], db['AllocatedStorage']],
  'cache': rg['CacheNodeType'],
  'backups_versioning': s3.get_bucket_versioning(Bucket='app-backups-production').get('Status'),
  'backups_encryption': s3.get_bucket_encryption(Bucket='app-backups-production')['ServerSideEncryptionConfiguration']['Rules'][0]['ApplyServerSideEncryptionByDefault']['SSEAlgorithm'],
}))
"#,
    );
    assert_eq!(
        checks,
        serde_json::json!({
            "node_groups": {
                // [capacity type, instance types, scaling, status, IMDSv2,
                //  the cluster's own security group on the nodes, groups]
                "general": ["ON_DEMAND", ["m5.large"], {"minSize": 3, "maxSize": 20, "desiredSize": 3}, "ACTIVE", "required", true, 2],
                "spot": ["SPOT", ["m5.large", "m5a.large", "m5n.large"], {"minSize": 0, "maxSize": 10, "desiredSize": 2}, "ACTIVE", "required", true, 2],
            },
            "vpc_cidr": "10.0.0.0/16",
            "subnets": checks["subnets"].clone(),
            "nat_gateways": 3,
            "web_instance_type": "t3.medium",
            "asg": [2, 10, "$Latest"],
            "db": ["db.r5.xlarge", true, "postgres", 500],
            // moto 5.2.5 makes one member whatever NumCacheClusters says
            // (it reads ReplicasPerNodeGroup only): the count is not checked.
            "cache": "cache.r5.large",
            "backups_versioning": "Enabled",
            "backups_encryption": "aws:kms",
        })
    );
    assert_eq!(checks["subnets"].as_array().unwrap().len(), 6);

    // Second apply: nothing that exists changes.
    let out = moto
        .skyplan(dir)
        .args([
            "plan",
            "prod.bundle.json",
            "--detailed-exitcode",
            "--input",
            &cert,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(plan_lines(&text(&out)), vec![], "{}", text(&out));
    assert!(text(&out).contains("107 unchanged"), "{}", text(&out));
    let out = moto
        .skyplan(dir)
        .args([
            "apply",
            "prod.bundle.json",
            "--auto-approve",
            "--input",
            &cert,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("No changes."), "{}", text(&out));
    assert_applied_once(&ws, &moto);
    let out = moto
        .skyplan(dir)
        .args(["drift", "prod.bundle.json", "--input", &cert])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    // Changed and deleted outside skyplan: drift says so, apply puts it back.
    moto.boto(
        &ws.plan_id(),
        r#"
import boto3, json
k = dict(endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id='t', aws_secret_access_key='t')
ec2 = boto3.client('ec2', **k)
vpc = ec2.describe_vpcs(Filters=[{'Name': 'tag:skyplan:plan-id', 'Values': [plan_id]}])['Vpcs'][0]['VpcId']
ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={'Value': False})
boto3.client('cloudwatch', **k).delete_alarms(AlarmNames=['saas-three-tier-production-monitoring-db_cpu'])
print('{}')
"#,
    );
    let out = moto
        .skyplan(dir)
        .args(["drift", "prod.bundle.json", "--input", &cert])
        .output()
        .unwrap();
    let drift = text(&out);
    assert_eq!(out.status.code(), Some(2), "{drift}");
    assert!(
        drift.contains("~ network.aws_vpc.this (aws_vpc): changed outside skyplan"),
        "{drift}"
    );
    assert!(
        drift.contains("enable_dns_hostnames: applied true , now false"),
        "{drift}"
    );
    assert!(
        drift.contains("- monitoring.aws_cloudwatch_metric_alarm.this[\"db_cpu\"] (aws_cloudwatch_metric_alarm): deleted outside skyplan"),
        "{drift}"
    );
    assert!(
        drift.contains("Drift: 1 changed outside skyplan, 1 deleted outside skyplan"),
        "{drift}"
    );
    let out = moto
        .skyplan(dir)
        .args([
            "apply",
            "prod.bundle.json",
            "--auto-approve",
            "--input",
            &cert,
        ])
        .output()
        .unwrap();
    assert!(
        text(&out).contains("Apply complete: 1 created, 1 updated, 0 replaced, 0 deleted."),
        "{}",
        text(&out)
    );
    let out = moto
        .skyplan(dir)
        .args(["drift", "prod.bundle.json", "--input", &cert])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_applied_once(&ws, &moto);

    // One instance type changed in the plan: exactly one update.
    let mut plan: Value =
        serde_json::from_slice(&std::fs::read(dir.join("plan.json")).unwrap()).unwrap();
    let production = plan["environments"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["name"] == "production")
        .unwrap();
    production["overrides"] = serde_json::json!({ "web": { "instance_type": "t3.large" } });
    std::fs::write(
        dir.join("plan.json"),
        serde_json::to_vec_pretty(&plan).unwrap(),
    )
    .unwrap();
    ws.bundle();
    let out = moto
        .skyplan(dir)
        .args(["plan", "prod.bundle.json", "--input", &cert])
        .output()
        .unwrap();
    assert_eq!(
        plan_lines(&text(&out)),
        vec![("update".to_string(), "web.aws_launch_template.this".to_string())],
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("instance_type: \"t3.medium\" -> \"t3.large\""),
        "{}",
        text(&out)
    );
    let out = moto
        .skyplan(dir)
        .args([
            "apply",
            "prod.bundle.json",
            "--auto-approve",
            "--input",
            &cert,
        ])
        .output()
        .unwrap();
    assert!(
        text(&out).contains("Apply complete: 0 created, 1 updated, 0 replaced, 0 deleted."),
        "{}",
        text(&out)
    );
    let lt = moto.boto(
        "",
        "import boto3, json\nec2 = boto3.client('ec2', endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id='t', aws_secret_access_key='t')\nv = ec2.describe_launch_template_versions(LaunchTemplateName='saas-three-tier-production-web', Versions=['$Default'])['LaunchTemplateVersions'][0]\nprint(json.dumps([v['VersionNumber'], v['LaunchTemplateData']['InstanceType']]))",
    );
    assert_eq!(lt, serde_json::json!([2, "t3.large"]));

    // Destroy: nothing tagged with the plan id is left, nor in the state.
    let out = moto
        .skyplan(dir)
        .args([
            "destroy",
            "prod.bundle.json",
            "--auto-approve",
            "--disable-deletion-protection",
            "--input",
            &cert,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("Destroy complete: 0 created, 0 updated, 0 replaced, 107 deleted."),
        "{}",
        text(&out)
    );
    assert_eq!(moto.inventory(&ws), BTreeMap::new(), "{}", text(&out));
    assert_eq!(ws.state_addresses(), BTreeSet::new());
}

#[test]
fn a_denied_action_stops_only_what_depends_on_it() {
    // tests/moto/server.py answers rds:CreateDBInstance as AWS answers an
    // identity whose policy denies it (moto's own IAM enforcement refuses
    // aws-sdk-rust's signatures; the file says why).
    let moto = Moto::start_with(&[("SKYPLAN_MOTO_DENY", "rds:CreateDBInstance")]);
    let cert = format!("certificate_arn={}", moto.certificate());
    let ws = Workspace::of("small-web-app", "dev", "dev.bundle.json");
    let denied = "db.aws_db_instance.this";
    let apply = || {
        moto.skyplan(ws.path())
            .args([
                "apply",
                ws.bundle_file,
                "--auto-approve",
                "--input",
                &cert,
            ])
            .output()
            .unwrap()
    };

    let out = apply();
    let out_text = text(&out);
    assert_eq!(out.status.code(), Some(1), "{out_text}");
    // Not a terminal: plain progress lines, no drawing.
    assert!(!out_text.contains('\x1b'), "{out_text}");
    assert!(
        out_text.contains(&format!(
            "failed: {denied}: access denied: the AWS identity in use may not call rds:CreateDBInstance"
        )),
        "{out_text}"
    );
    // What needs the database (its alarms) is not attempted; everything else is made.
    let not_attempted: BTreeSet<String> = out_text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("not attempted: "))
        .map(|l| {
            assert!(l.ends_with(&format!("(depends on {denied})")), "{l}");
            l.split(" (").next().unwrap().to_string()
        })
        .collect();
    assert_eq!(
        not_attempted,
        BTreeSet::from(["monitoring.aws_cloudwatch_metric_alarm.this[\"db_cpu\"]".to_string()])
    );
    let created = ws.bundle_addresses().len() - 2;
    assert!(
        out_text.contains(&format!(
            "Apply incomplete: {created} created, 0 updated, 0 replaced, 0 deleted; 1 failed, {} not attempted.",
            not_attempted.len()
        )),
        "{out_text}"
    );
    let mut missing = not_attempted.clone();
    missing.insert(denied.to_string());
    assert_applied_once_but(&ws, &moto, &missing);

    // Run again with the same identity: nothing made twice, the same refusal.
    let out = apply();
    let out_text = text(&out);
    assert_eq!(out.status.code(), Some(1), "{out_text}");
    assert!(
        out_text.contains(&format!(
            "Apply incomplete: 0 created, 0 updated, 0 replaced, 0 deleted; 1 failed, {} not attempted.",
            not_attempted.len()
        )),
        "{out_text}"
    );
    assert_applied_once_but(&ws, &moto, &missing);
}

#[test]
fn apply_in_a_terminal_shows_progress_bars() {
    let moto = Moto::start();
    let cert = format!("certificate_arn={}", moto.certificate());
    let ws = Workspace::of("small-web-app", "dev", "dev.bundle.json");
    // script(1) (util-linux) runs skyplan on a pseudo-terminal, as a person
    // at a terminal runs it; its output is what the terminal received.
    let skyplan = assert_cmd::cargo::cargo_bin("skyplan");
    let out = std::process::Command::new("script")
        .args(["-qec"])
        .arg(format!(
            "{} apply {} --auto-approve --input {cert}",
            skyplan.display(),
            ws.bundle_file
        ))
        .arg("/dev/null")
        .current_dir(ws.path())
        .envs(moto.skyplan_env(ws.path()))
        .env("COLUMNS", "120")
        .env("TERM", "xterm-256color")
        .output()
        .unwrap();
    let screen = text(&out);
    assert_eq!(out.status.code(), Some(0), "{screen}");
    assert!(screen.contains("Apply complete: 56 created"), "{screen}");
    // The overall bar counted up while spinners showed what was under way.
    assert!(screen.contains('\x1b'), "no terminal drawing: {screen}");
    for n in [1, 28, 55] {
        assert!(
            screen.contains(&format!(" {n}/56 done, ")),
            "the bar never showed {n}/56: {screen}"
        );
    }
    assert!(screen.contains("create network.aws_vpc.this ["), "{screen}");
    // Each finished operation stays in the log above the bars.
    assert!(
        screen.contains("] created network.aws_vpc.this (vpc-"),
        "{screen}"
    );
}

#[test]
fn killed_applies_resume_without_duplicates() {
    for abort_after in [1, 5, 20] {
        let moto = Moto::start();
        let ws = Workspace::new();
        let cert = format!("certificate_arn={}", moto.certificate());
        // Killed right after the N-th AWS change returned, before the state
        // recorded it: the next apply must find it by its tags or name.
        let out = moto
            .skyplan(ws.path())
            .args([
                "apply",
                "prod.bundle.json",
                "--auto-approve",
                "--input",
                &cert,
            ])
            .env("SKYPLAN_TEST_ABORT_AFTER", abort_after.to_string())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(137),
            "abort after {abort_after}: {}",
            text(&out)
        );
        // moto finishes requests the killed process sent but never saw
        // answered; a re-run starts after them (as a person's would), else
        // an object still being created is not yet listed.
        std::thread::sleep(Duration::from_secs(1));
        let recorded = ws.state_addresses().len();
        assert!(
            recorded < abort_after,
            "abort after {abort_after}: {recorded} recorded"
        );
        let out = moto
            .skyplan(ws.path())
            .args([
                "apply",
                "prod.bundle.json",
                "--auto-approve",
                "--input",
                &cert,
            ])
            .output()
            .unwrap();
        let out_text = text(&out);
        assert!(
            out_text.contains("found by its tags, not in the state: adopted"),
            "abort after {abort_after}: {out_text}"
        );
        assert_eq!(out.status.code(), Some(0), "abort after {abort_after}: {out_text}");
        eprintln!("abort after {abort_after}: re-run done");
        assert_applied_once(&ws, &moto);
        let out = moto
            .skyplan(ws.path())
            .args(["plan", "prod.bundle.json", "--input", &cert])
            .output()
            .unwrap();
        assert_eq!(
            plan_lines(&text(&out)),
            vec![],
            "abort after {abort_after}: {}",
            text(&out)
        );
    }
}

#[test]
fn a_bundle_with_one_byte_changed_is_refused() {
    let ws = Workspace::new();
    let path = ws.path().join("prod.bundle.json");
    let mut bytes = std::fs::read(&path).unwrap();
    let at = bytes.windows(9).position(|w| w == b"t3.medium").unwrap();
    bytes[at + 1] = b'4';
    std::fs::write(&path, &bytes).unwrap();
    for command in ["plan", "apply", "destroy", "drift"] {
        // No AWS endpoint at all: the bundle is refused before any call.
        let out = Command::cargo_bin("skyplan")
            .unwrap()
            .current_dir(ws.path())
            .args([command, "prod.bundle.json"])
            .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out);
        assert!(
            err.contains(
                "prod.bundle.json is refused: the bundle was modified after it was created"
            ),
            "{command}: {err}"
        );
    }
    assert!(!ws.path().join("prod.bundle.json.state.json").exists());
}

#[test]
fn two_applies_never_run_at_once() {
    let moto = Moto::start();
    let ws = Workspace::new();
    let cert = format!("certificate_arn={}", moto.certificate());
    // The first apply holds the lock while it waits for confirmation.
    let mut first = std::process::Command::new(assert_cmd::cargo::cargo_bin("skyplan"));
    first
        .current_dir(ws.path())
        .args(["apply", "prod.bundle.json", "--input", &cert]);
    for (k, v) in moto.skyplan(ws.path()).get_envs() {
        match v {
            Some(v) => first.env(k, v),
            None => first.env_remove(k),
        };
    }
    let mut first = first
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lock = ws.path().join("prod.bundle.json.state.json.lock");
    let started = Instant::now();
    while std::fs::read_to_string(&lock)
        .map(|t| t.is_empty())
        .unwrap_or(true)
    {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the first apply never took the lock"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let second = moto
        .skyplan(ws.path())
        .args([
            "apply",
            "prod.bundle.json",
            "--auto-approve",
            "--input",
            &cert,
        ])
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(1));
    let err = text(&second);
    assert!(
        err.contains("prod.bundle.json.state.json is locked: apply by "),
        "{err}"
    );
    assert!(
        err.contains(&format!("(pid {}", first.id())),
        "the holder is named: {err}"
    );
    // With a wait shorter than the holder's run, it still fails, saying how long it waited.
    let waited = moto
        .skyplan(ws.path())
        .args([
            "apply",
            "prod.bundle.json",
            "--auto-approve",
            "--lock-timeout",
            "1",
            "--input",
            &cert,
        ])
        .output()
        .unwrap();
    assert!(
        text(&waited).contains("still locked after waiting 1 s"),
        "{}",
        text(&waited)
    );
    // The first is told no: nothing was created by anyone.
    first.stdin.take().unwrap().write_all(b"no\n").unwrap();
    let first = first.wait_with_output().unwrap();
    assert_eq!(first.status.code(), Some(1));
    assert!(
        text(&first).contains("apply cancelled: nothing changed"),
        "{}",
        text(&first)
    );
    assert!(moto.inventory(&ws).is_empty());
    // Once released, the lock is free.
    let out = moto
        .skyplan(ws.path())
        .args(["plan", "prod.bundle.json", "--input", &cert])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

const STATE_URL: &str = "s3://skyplan-state/envs/dev.json";
const LOCK_ID: &str = "skyplan-state/envs/dev.json";

/// The state bucket and the lock table as Terraform's S3 backend wants
/// them (string partition key `LockID`), made outside skyplan.
const S3_BACKEND: &str = r#"
import boto3, json
k = dict(endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id='t', aws_secret_access_key='t')
boto3.client('s3', **k).create_bucket(Bucket='skyplan-state')
boto3.client('dynamodb', **k).create_table(TableName='skyplan-locks', KeySchema=[{'AttributeName': 'LockID', 'KeyType': 'HASH'}], AttributeDefinitions=[{'AttributeName': 'LockID', 'AttributeType': 'S'}], BillingMode='PAY_PER_REQUEST')
print('{}')
"#;

/// The state object (parsed; null when absent) and the lock items.
const S3_BACKEND_CONTENTS: &str = r#"
import boto3, json
k = dict(endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id='t', aws_secret_access_key='t')
s3 = boto3.client('s3', **k)
keys = [o['Key'] for o in s3.list_objects_v2(Bucket='skyplan-state').get('Contents', [])]
state = json.loads(s3.get_object(Bucket='skyplan-state', Key='envs/dev.json')['Body'].read()) if 'envs/dev.json' in keys else None
items = boto3.client('dynamodb', **k).scan(TableName='skyplan-locks', ConsistentRead=True)['Items']
print(json.dumps({'keys': keys, 'state': state, 'locks': {i['LockID']['S']: json.loads(i['Info']['S']) for i in items}}))
"#;

fn s3_apply(moto: &Moto, dir: &Path, cert: &str, extra: &[&str]) -> std::process::Output {
    moto.skyplan(dir)
        .args([
            "apply",
            "dev.bundle.json",
            "--auto-approve",
            "--state",
            STATE_URL,
            "--lock-table",
            "skyplan-locks",
            "--input",
            cert,
        ])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn s3_state_with_dynamodb_lock_applies_once_then_changes_nothing() {
    let moto = Moto::start();
    let ws = Workspace::of("small-web-app", "dev", "dev.bundle.json");
    let bundle = ws.bundle_json();
    let dir = ws.path();
    let cert = format!("certificate_arn={}", moto.certificate());
    let resources = bundle["graph"]["resources"].as_array().unwrap().len();
    moto.boto("", S3_BACKEND);

    // An S3 state without a lock table is refused before any change.
    let out = moto
        .skyplan(dir)
        .args([
            "apply",
            "dev.bundle.json",
            "--auto-approve",
            "--state",
            STATE_URL,
            "--input",
            &cert,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("a state in S3 needs --lock-table NAME"),
        "{}",
        text(&out)
    );

    let out = s3_apply(&moto, dir, &cert, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("state {STATE_URL}")),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains(&format!(
            "Apply complete: {resources} created, 0 updated, 0 replaced, 0 deleted."
        )),
        "{}",
        text(&out)
    );
    // Nothing local: neither a state file nor a lock file next to the bundle.
    assert!(!dir.join("dev.bundle.json.state.json").exists());
    assert!(!dir.join("dev.bundle.json.state.json.lock").exists());
    let backend = moto.boto("", S3_BACKEND_CONTENTS);
    assert_eq!(backend["keys"], serde_json::json!(["envs/dev.json"]));
    assert_eq!(backend["state"]["plan_id"], bundle["plan_id"]);
    assert_eq!(backend["state"]["bundle_digest"], bundle["digest"]);
    let recorded: BTreeSet<&str> = backend["state"]["resources"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let wanted: BTreeSet<&str> = bundle["graph"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["address"].as_str().unwrap())
        .collect();
    assert_eq!(recorded, wanted);
    assert_eq!(
        backend["locks"],
        serde_json::json!({}),
        "the lock is released"
    );
    let serial = backend["state"]["serial"].clone();

    // Second apply reads the state from S3: nothing to do, nothing written.
    let out = s3_apply(&moto, dir, &cert, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains(&format!(
            "Plan: 0 to create, 0 to update, 0 to replace, 0 to delete, 0 to adopt; {resources} unchanged."
        )),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("No changes."), "{}", text(&out));
    let backend = moto.boto("", S3_BACKEND_CONTENTS);
    assert_eq!(backend["state"]["serial"], serial);
    assert_eq!(backend["locks"], serde_json::json!({}));
}

#[test]
fn a_killed_apply_leaves_its_dynamodb_lock_until_force_unlock() {
    let moto = Moto::start();
    let ws = Workspace::of("small-web-app", "dev", "dev.bundle.json");
    let bundle = ws.bundle_json();
    let dir = ws.path();
    let cert = format!("certificate_arn={}", moto.certificate());
    let resources = bundle["graph"]["resources"].as_array().unwrap().len();
    moto.boto("", S3_BACKEND);

    // Killed (SIGKILL) after its 5th AWS change: no chance to delete its lock item.
    let out = moto
        .skyplan(dir)
        .args([
            "apply",
            "dev.bundle.json",
            "--auto-approve",
            "--state",
            STATE_URL,
            "--lock-table",
            "skyplan-locks",
            "--input",
            &cert,
        ])
        .env("SKYPLAN_TEST_ABORT_AFTER", "5")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(137), "{}", text(&out));
    std::thread::sleep(Duration::from_secs(1));
    let backend = moto.boto("", S3_BACKEND_CONTENTS);
    let holder = &backend["locks"][LOCK_ID];
    assert_eq!(holder["operation"], "apply", "{backend}");
    let (pid, lock_id) = (
        holder["pid"].as_u64().unwrap(),
        holder["id"].as_str().unwrap(),
    );
    assert_ne!(pid, u64::from(std::process::id()));
    let recorded = backend["state"]["resources"]
        .as_object()
        .map_or(0, |r| r.len());
    assert!(recorded < 5, "{recorded} recorded before the kill");

    // The next apply fails at once, naming the dead holder and its lock id.
    let out = s3_apply(&moto, dir, &cert, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = text(&out);
    assert!(
        err.contains(&format!(
            "lock {LOCK_ID} in table skyplan-locks is locked: apply by "
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("(pid {pid}, since unix time "))
            && err.contains(&format!("lock id {lock_id})")),
        "{err}"
    );
    assert!(err.contains("pass --lock-timeout to wait"), "{err}");
    let out = s3_apply(&moto, dir, &cert, &["--lock-timeout", "1"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("is still locked after waiting 1 s: apply by "),
        "{}",
        text(&out)
    );
    assert_eq!(
        moto.boto("", S3_BACKEND_CONTENTS)["locks"][LOCK_ID],
        *holder
    );

    let unlock = |moto: &Moto| {
        moto.skyplan(dir)
            .args([
                "force-unlock",
                "dev.bundle.json",
                "--state",
                STATE_URL,
                "--lock-table",
                "skyplan-locks",
            ])
            .output()
            .unwrap()
    };
    let out = unlock(&moto);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("Removed the lock held by ") && text(&out).contains(lock_id),
        "{}",
        text(&out)
    );
    let out = unlock(&moto);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("The state was not locked."),
        "{}",
        text(&out)
    );

    // Unlocked, the apply finishes what the killed one started.
    let out = s3_apply(&moto, dir, &cert, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("Apply complete: "), "{}", text(&out));
    let backend = moto.boto("", S3_BACKEND_CONTENTS);
    assert_eq!(
        backend["state"]["resources"].as_object().unwrap().len(),
        resources
    );
    assert_eq!(backend["locks"], serde_json::json!({}));
    let out = s3_apply(&moto, dir, &cert, &[]);
    assert!(text(&out).contains("No changes."), "{}", text(&out));
}

/// The dynamodb kind end to end against moto: two tables (on demand with a
/// sort key, a stream and point-in-time recovery; provisioned with neither)
/// and the KMS key that encrypts them; re-apply changes nothing; a change
/// made outside skyplan is drift and apply restores it; a capacity change
/// in the plan is one update in place; destroy leaves nothing.
/// Global-table replicas are left out: moto's UpdateTable has no
/// ReplicaUpdates.
#[test]
fn dynamodb_tables_apply_drift_update_and_destroy() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/kinds/dynamodb/plan.json");
    let mut plan: Value = serde_json::from_slice(&std::fs::read(golden).unwrap()).unwrap();
    plan["region"] = "us-east-1".into();
    for component in plan["components"].as_array_mut().unwrap() {
        component.as_object_mut().unwrap().remove("replica_regions");
    }
    let plan_file = dir.path().join("plan.json");
    let write_plan = |plan: &Value| std::fs::write(&plan_file, serde_json::to_vec_pretty(plan).unwrap()).unwrap();
    write_plan(&plan);
    let ws = Workspace { dir, env: "production", bundle_file: "ddb.bundle.json" };
    ws.bundle();
    let dir = ws.path();
    let apply = || moto.skyplan(dir).args(["apply", "ddb.bundle.json", "--auto-approve"]).output().unwrap();

    let out = apply();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("Apply complete: 6 created, 0 updated, 0 replaced, 0 deleted."), "{}", text(&out));
    assert_applied_once(&ws, &moto);
    let tables = r#"
import boto3, json
k = dict(endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id='t', aws_secret_access_key='t')
ddb = boto3.client('dynamodb', **k)
def table(name):
    t = ddb.describe_table(TableName=name)['Table']
    pitr = ddb.describe_continuous_backups(TableName=name)['ContinuousBackupsDescription']['PointInTimeRecoveryDescription']['PointInTimeRecoveryStatus']
    tags = {x['Key']: x['Value'] for x in ddb.list_tags_of_resource(ResourceArn=t['TableArn'])['Tags']}
    return [sorted(k['AttributeName'] + ' ' + k['KeyType'] for k in t['KeySchema']),
            t.get('BillingModeSummary', {}).get('BillingMode', 'PROVISIONED'),
            [t['ProvisionedThroughput']['WriteCapacityUnits'], t['ProvisionedThroughput']['ReadCapacityUnits']],
            t.get('StreamSpecification', {}).get('StreamEnabled', False), pitr, t['DeletionProtectionEnabled'],
            t['SSEDescription']['KMSMasterKeyArn'].startswith('arn:aws:kms:'), tags['skyplan:plan-id'] == plan_id]
print(json.dumps({n: table('dynamodb-golden-production-' + n) for n in ['orders', 'sessions']}))
"#;
    assert_eq!(
        moto.boto(&ws.plan_id(), tables),
        serde_json::json!({
            "orders": [["pk HASH", "sk RANGE"], "PAY_PER_REQUEST", [0, 0], true, "ENABLED", true, true, true],
            "sessions": [["session_id HASH"], "PROVISIONED", [20, 30], false, "ENABLED", true, true, true],
        })
    );
    let out = apply();
    assert!(text(&out).contains("No changes."), "{}", text(&out));

    // Point-in-time recovery turned off outside skyplan: drift, then restored.
    moto.boto(
        &ws.plan_id(),
        "import boto3\nk = dict(endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id='t', aws_secret_access_key='t')\nboto3.client('dynamodb', **k).update_continuous_backups(TableName='dynamodb-golden-production-orders', PointInTimeRecoverySpecification={'PointInTimeRecoveryEnabled': False})\nprint('{}')",
    );
    let out = moto.skyplan(dir).args(["drift", "ddb.bundle.json"]).output().unwrap();
    let drift = text(&out);
    assert_eq!(out.status.code(), Some(2), "{drift}");
    assert!(drift.contains("~ orders.aws_dynamodb_table.this (aws_dynamodb_table): changed outside skyplan"), "{drift}");
    assert!(drift.contains("point_in_time_recovery: applied true , now false"), "{drift}");
    let out = apply();
    assert!(text(&out).contains("Apply complete: 0 created, 1 updated, 0 replaced, 0 deleted."), "{}", text(&out));
    let out = moto.skyplan(dir).args(["drift", "ddb.bundle.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    // More write capacity in the plan: one update in place.
    let sessions = plan["components"].as_array_mut().unwrap().iter_mut().find(|c| c["id"] == "sessions").unwrap();
    sessions["write_capacity_units"] = 40.into();
    write_plan(&plan);
    ws.bundle();
    let out = moto.skyplan(dir).args(["plan", "ddb.bundle.json"]).output().unwrap();
    assert_eq!(plan_lines(&text(&out)), vec![("update".to_string(), "sessions.aws_dynamodb_table.this".to_string())], "{}", text(&out));
    let out = apply();
    assert!(text(&out).contains("Apply complete: 0 created, 1 updated, 0 replaced, 0 deleted."), "{}", text(&out));
    assert_eq!(moto.boto(&ws.plan_id(), tables)["sessions"][2], serde_json::json!([40, 30]));

    // Deletion protection (production) refuses a plain destroy of the tables.
    let out = moto.skyplan(dir).args(["destroy", "ddb.bundle.json", "--auto-approve", "--disable-deletion-protection"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("Destroy complete: 0 created, 0 updated, 0 replaced, 6 deleted."), "{}", text(&out));
    assert_eq!(moto.inventory(&ws), BTreeMap::new(), "{}", text(&out));
    assert_eq!(ws.state_addresses(), BTreeSet::new());
}
