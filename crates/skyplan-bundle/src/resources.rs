//! The properties of each resource type: what the AWS API needs to create
//! it. One struct per type, named and shaped after the Terraform resource
//! the export writes for the same thing (`aws_subnet`, `aws_lb`, ...), so
//! the two can be read side by side. Values AWS assigns are [`Ref`]s to
//! the resource that has them; values known only at apply time are
//! [`ApplyValue`]s or typed statements the engine renders (policies that
//! name the account or the partition). Nothing here is a placeholder.
//!
//! A struct holding references is generic over what a reference is: [`Ref`]
//! in the bundle, the value it resolved to (`String`) in the engine that
//! applies it, which reads these same structs.
//!
//! Defaults that Terraform's modules set (ports, windows, periods) are set
//! here to the same values; `skyplan-terraform/src/modules/<kind>.rs` says
//! why each is what it is.

use crate::address::{ApplyValue, Ref};
pub use crate::kinds::KindResource;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A resource's properties, tagged by its type (`"type": "aws_vpc"`).
// Unboxed so that the engine matches on plain structs; a graph holds a few
// hundred of these at most.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Properties {
    // Network
    #[serde(rename = "aws_vpc")]
    Vpc(Vpc),
    #[serde(rename = "aws_subnet")]
    Subnet(Subnet),
    #[serde(rename = "aws_internet_gateway")]
    InternetGateway(InternetGateway),
    #[serde(rename = "aws_eip")]
    Eip(Eip),
    #[serde(rename = "aws_nat_gateway")]
    NatGateway(NatGateway),
    #[serde(rename = "aws_route_table")]
    RouteTable(RouteTable),
    #[serde(rename = "aws_route")]
    Route(Route),
    #[serde(rename = "aws_route_table_association")]
    RouteTableAssociation(RouteTableAssociation),
    #[serde(rename = "aws_vpc_endpoint")]
    VpcEndpoint(VpcEndpoint),
    #[serde(rename = "aws_security_group")]
    SecurityGroup(SecurityGroup),
    #[serde(rename = "aws_vpc_security_group_ingress_rule")]
    SecurityGroupIngressRule(SecurityGroupRule),
    #[serde(rename = "aws_vpc_security_group_egress_rule")]
    SecurityGroupEgressRule(SecurityGroupRule),
    // Load balancing
    #[serde(rename = "aws_lb")]
    Lb(Lb),
    #[serde(rename = "aws_lb_target_group")]
    LbTargetGroup(LbTargetGroup),
    #[serde(rename = "aws_lb_listener")]
    LbListener(LbListener),
    // IAM
    #[serde(rename = "aws_iam_role")]
    IamRole(IamRole),
    #[serde(rename = "aws_iam_role_policy_attachment")]
    IamRolePolicyAttachment(IamRolePolicyAttachment),
    #[serde(rename = "aws_iam_role_policy")]
    IamRolePolicy(IamRolePolicy),
    #[serde(rename = "aws_iam_instance_profile")]
    IamInstanceProfile(IamInstanceProfile),
    // Compute
    #[serde(rename = "aws_launch_template")]
    LaunchTemplate(LaunchTemplate),
    #[serde(rename = "aws_autoscaling_group")]
    AutoscalingGroup(AutoscalingGroup),
    #[serde(rename = "aws_autoscaling_policy")]
    AutoscalingPolicy(AutoscalingPolicy),
    #[serde(rename = "aws_autoscaling_schedule")]
    AutoscalingSchedule(AutoscalingSchedule),
    #[serde(rename = "aws_eks_cluster")]
    EksCluster(EksCluster),
    #[serde(rename = "aws_eks_node_group")]
    EksNodeGroup(EksNodeGroup),
    // Keys and secrets
    #[serde(rename = "aws_kms_key")]
    KmsKey(KmsKey),
    #[serde(rename = "aws_kms_alias")]
    KmsAlias(KmsAlias),
    #[serde(rename = "aws_secretsmanager_secret")]
    SecretsManagerSecret(SecretsManagerSecret),
    // Databases and caches
    #[serde(rename = "aws_db_subnet_group")]
    DbSubnetGroup(DbSubnetGroup),
    #[serde(rename = "aws_db_parameter_group")]
    DbParameterGroup(DbParameterGroup),
    #[serde(rename = "aws_db_instance")]
    DbInstance(DbInstance),
    #[serde(rename = "aws_elasticache_subnet_group")]
    ElastiCacheSubnetGroup(ElastiCacheSubnetGroup),
    #[serde(rename = "aws_elasticache_replication_group")]
    ElastiCacheReplicationGroup(ElastiCacheReplicationGroup),
    #[serde(rename = "aws_elasticache_cluster")]
    ElastiCacheCluster(ElastiCacheCluster),
    // Storage
    #[serde(rename = "aws_s3_bucket")]
    S3Bucket(S3Bucket),
    #[serde(rename = "aws_s3_bucket_public_access_block")]
    S3BucketPublicAccessBlock(S3BucketPublicAccessBlock),
    #[serde(rename = "aws_s3_bucket_ownership_controls")]
    S3BucketOwnershipControls(S3BucketOwnershipControls),
    #[serde(rename = "aws_s3_bucket_versioning")]
    S3BucketVersioning(S3BucketVersioning),
    #[serde(rename = "aws_s3_bucket_server_side_encryption_configuration")]
    S3BucketEncryption(S3BucketEncryption),
    #[serde(rename = "aws_s3_bucket_lifecycle_configuration")]
    S3BucketLifecycle(S3BucketLifecycle),
    #[serde(rename = "aws_s3_bucket_policy")]
    S3BucketPolicy(S3BucketPolicy),
    // Monitoring
    #[serde(rename = "aws_sns_topic")]
    SnsTopic(SnsTopic),
    #[serde(rename = "aws_cloudwatch_metric_alarm")]
    CloudWatchMetricAlarm(CloudWatchMetricAlarm),
    // Edge (optional: see `Resource::optional`)
    #[serde(rename = "aws_cloudfront_origin_access_control")]
    CloudFrontOriginAccessControl(CloudFrontOriginAccessControl),
    #[serde(rename = "aws_cloudfront_distribution")]
    CloudFrontDistribution(CloudFrontDistribution),
    #[serde(rename = "aws_wafv2_web_acl")]
    WafWebAcl(WafWebAcl),
    #[serde(rename = "aws_wafv2_web_acl_association")]
    WafWebAclAssociation(WafWebAclAssociation),
    /// A type only one kind makes, declared in that kind's file.
    #[serde(untagged)]
    Kind(KindResource),
}

impl Properties {
    /// The Terraform resource type of the same thing, e.g. `aws_subnet`;
    /// also the `type` tag and the middle part of addresses.
    pub fn resource_type(&self) -> &'static str {
        match self {
            Properties::Vpc(_) => "aws_vpc",
            Properties::Subnet(_) => "aws_subnet",
            Properties::InternetGateway(_) => "aws_internet_gateway",
            Properties::Eip(_) => "aws_eip",
            Properties::NatGateway(_) => "aws_nat_gateway",
            Properties::RouteTable(_) => "aws_route_table",
            Properties::Route(_) => "aws_route",
            Properties::RouteTableAssociation(_) => "aws_route_table_association",
            Properties::VpcEndpoint(_) => "aws_vpc_endpoint",
            Properties::SecurityGroup(_) => "aws_security_group",
            Properties::SecurityGroupIngressRule(_) => "aws_vpc_security_group_ingress_rule",
            Properties::SecurityGroupEgressRule(_) => "aws_vpc_security_group_egress_rule",
            Properties::Lb(_) => "aws_lb",
            Properties::LbTargetGroup(_) => "aws_lb_target_group",
            Properties::LbListener(_) => "aws_lb_listener",
            Properties::IamRole(_) => "aws_iam_role",
            Properties::IamRolePolicyAttachment(_) => "aws_iam_role_policy_attachment",
            Properties::IamRolePolicy(_) => "aws_iam_role_policy",
            Properties::IamInstanceProfile(_) => "aws_iam_instance_profile",
            Properties::LaunchTemplate(_) => "aws_launch_template",
            Properties::AutoscalingGroup(_) => "aws_autoscaling_group",
            Properties::AutoscalingPolicy(_) => "aws_autoscaling_policy",
            Properties::AutoscalingSchedule(_) => "aws_autoscaling_schedule",
            Properties::EksCluster(_) => "aws_eks_cluster",
            Properties::EksNodeGroup(_) => "aws_eks_node_group",
            Properties::KmsKey(_) => "aws_kms_key",
            Properties::KmsAlias(_) => "aws_kms_alias",
            Properties::SecretsManagerSecret(_) => "aws_secretsmanager_secret",
            Properties::DbSubnetGroup(_) => "aws_db_subnet_group",
            Properties::DbParameterGroup(_) => "aws_db_parameter_group",
            Properties::DbInstance(_) => "aws_db_instance",
            Properties::ElastiCacheSubnetGroup(_) => "aws_elasticache_subnet_group",
            Properties::ElastiCacheReplicationGroup(_) => "aws_elasticache_replication_group",
            Properties::ElastiCacheCluster(_) => "aws_elasticache_cluster",
            Properties::S3Bucket(_) => "aws_s3_bucket",
            Properties::S3BucketPublicAccessBlock(_) => "aws_s3_bucket_public_access_block",
            Properties::S3BucketOwnershipControls(_) => "aws_s3_bucket_ownership_controls",
            Properties::S3BucketVersioning(_) => "aws_s3_bucket_versioning",
            Properties::S3BucketEncryption(_) => "aws_s3_bucket_server_side_encryption_configuration",
            Properties::S3BucketLifecycle(_) => "aws_s3_bucket_lifecycle_configuration",
            Properties::S3BucketPolicy(_) => "aws_s3_bucket_policy",
            Properties::SnsTopic(_) => "aws_sns_topic",
            Properties::CloudWatchMetricAlarm(_) => "aws_cloudwatch_metric_alarm",
            Properties::CloudFrontOriginAccessControl(_) => "aws_cloudfront_origin_access_control",
            Properties::CloudFrontDistribution(_) => "aws_cloudfront_distribution",
            Properties::WafWebAcl(_) => "aws_wafv2_web_acl",
            Properties::WafWebAclAssociation(_) => "aws_wafv2_web_acl_association",
            Properties::Kind(resource) => resource.resource_type(),
        }
    }

    /// Whether AWS lets this resource carry tags. The others (routes,
    /// associations, policy attachments, a bucket's configurations) are
    /// found through the resource they belong to, their first dependency.
    pub fn taggable(&self) -> bool {
        if let Properties::Kind(resource) = self {
            return resource.taggable();
        }
        !matches!(
            self,
            Properties::Route(_)
                | Properties::RouteTableAssociation(_)
                | Properties::IamRolePolicyAttachment(_)
                | Properties::IamRolePolicy(_)
                | Properties::AutoscalingPolicy(_)
                | Properties::AutoscalingSchedule(_)
                | Properties::KmsAlias(_)
                | Properties::S3BucketPublicAccessBlock(_)
                | Properties::S3BucketOwnershipControls(_)
                | Properties::S3BucketVersioning(_)
                | Properties::S3BucketEncryption(_)
                | Properties::S3BucketLifecycle(_)
                | Properties::S3BucketPolicy(_)
                | Properties::CloudFrontOriginAccessControl(_)
                | Properties::WafWebAclAssociation(_)
        )
    }
}

// ---------------------------------------------------------------- network

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vpc {
    pub cidr_block: String,
    pub enable_dns_support: bool,
    pub enable_dns_hostnames: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubnetTier {
    Public,
    Private,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subnet<R = Ref> {
    pub vpc_id: R,
    pub tier: SubnetTier,
    pub cidr_block: String,
    /// By name (`us-east-1a`), as the plan pins zones.
    pub availability_zone: String,
    pub map_public_ip_on_launch: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InternetGateway<R = Ref> {
    /// Attached to this VPC.
    pub vpc_id: R,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eip {
    /// Always `vpc`.
    pub domain: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NatGateway<R = Ref> {
    /// The Elastic IP's allocation id.
    pub allocation_id: R,
    /// A public subnet.
    pub subnet_id: R,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteTable<R = Ref> {
    pub vpc_id: R,
}

/// A route to an internet gateway or to a NAT gateway (exactly one is set).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route<R = Ref> {
    pub route_table_id: R,
    pub destination_cidr_block: String,
    pub gateway_id: Option<R>,
    pub nat_gateway_id: Option<R>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteTableAssociation<R = Ref> {
    pub subnet_id: R,
    pub route_table_id: R,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VpcEndpoint<R = Ref> {
    pub vpc_id: R,
    /// `com.amazonaws.<region>.s3`.
    pub service_name: String,
    /// `Gateway`.
    pub vpc_endpoint_type: String,
    pub route_table_ids: Vec<R>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityGroup<R = Ref> {
    pub name: String,
    pub description: String,
    pub vpc_id: R,
}

/// One TCP port from or to one peer: another security group, a prefix
/// list (a graph resource's, or an AWS-managed one by name), or a CIDR
/// block. Exactly one peer is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityGroupRule<R = Ref> {
    pub security_group_id: R,
    pub description: String,
    /// `tcp`.
    pub ip_protocol: String,
    pub from_port: u16,
    pub to_port: u16,
    pub referenced_security_group_id: Option<R>,
    pub prefix_list_id: Option<R>,
    /// An AWS-managed prefix list looked up by name at apply time, e.g.
    /// `com.amazonaws.global.cloudfront.origin-facing`.
    pub managed_prefix_list_name: Option<String>,
    pub cidr_ipv4: Option<String>,
}

// ---------------------------------------------------------------- load balancing

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lb<R = Ref> {
    pub name: String,
    pub internal: bool,
    /// `application`.
    pub load_balancer_type: String,
    pub security_groups: Vec<R>,
    pub subnets: Vec<R>,
    pub drop_invalid_header_fields: bool,
    pub enable_deletion_protection: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthCheck {
    pub path: String,
    pub matcher: String,
    pub interval_seconds: u32,
    pub healthy_threshold: u32,
    pub unhealthy_threshold: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LbTargetGroup<R = Ref> {
    pub name: String,
    pub port: u16,
    pub protocol: String,
    pub vpc_id: R,
    /// `instance` (Auto Scaling groups) or `ip`.
    pub target_type: String,
    pub deregistration_delay_seconds: u32,
    pub health_check: HealthCheck,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ListenerAction<R = Ref> {
    Forward { target_group_arn: R },
    Redirect { port: String, protocol: String, status_code: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LbListener<R = Ref, V = ApplyValue> {
    pub load_balancer_arn: R,
    pub port: u16,
    pub protocol: String,
    pub ssl_policy: Option<String>,
    pub certificate_arn: Option<V>,
    pub default_action: ListenerAction<R>,
}

// ---------------------------------------------------------------- IAM

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IamRole {
    pub name: String,
    /// The service principal that may assume the role, e.g. `ec2.amazonaws.com`.
    pub assumed_by_service: String,
    /// `sts:AssumeRole` (and `sts:TagSession` where the service needs it).
    pub assume_role_actions: Vec<String>,
}

/// An AWS managed policy, whose ARN is
/// `arn:<partition>:iam::aws:policy<path><name>`: the engine adds the
/// partition of the account it applies to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwsManagedPolicy {
    /// `/` or e.g. `/service-role/`.
    pub path: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IamRolePolicyAttachment<R = Ref> {
    /// The role's name.
    pub role: R,
    pub policy: AwsManagedPolicy,
}

/// An ARN of a graph resource with a suffix, e.g. a bucket's objects
/// (`<bucket arn>/*`) or a log group's streams (`<arn>:*`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArnPattern<R = Ref> {
    pub arn: R,
    pub suffix: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyStatement<R = Ref> {
    pub sid: String,
    /// `Allow` or `Deny`.
    pub effect: String,
    pub actions: Vec<String>,
    pub resources: Vec<ArnPattern<R>>,
}

/// An inline policy of a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IamRolePolicy<R = Ref> {
    /// The role's name.
    pub role: R,
    pub name: String,
    pub statements: Vec<PolicyStatement<R>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IamInstanceProfile<R = Ref> {
    pub name: String,
    /// The role's name.
    pub role: R,
}

// ---------------------------------------------------------------- compute

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RootVolume {
    /// `/dev/xvda`.
    pub device_name: String,
    pub size_gb: u32,
    /// `gp3`.
    pub volume_type: String,
    /// Always true, with the AWS-managed EBS key.
    pub encrypted: bool,
    pub delete_on_termination: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetadataOptions {
    /// `required`: IMDSv2 only.
    pub http_tokens: String,
    pub http_put_response_hop_limit: u32,
}

/// A launch template. The export names it with `name_prefix` (a random
/// suffix); the bundle has no randomness, so the name is the whole name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaunchTemplate<R = Ref, V = ApplyValue> {
    pub name: String,
    /// None for EKS node groups: EKS picks the AMI from the group's `ami_type`.
    pub image_id: Option<V>,
    /// None for EKS node groups, whose instance types the group names.
    pub instance_type: Option<String>,
    pub ebs_optimized: Option<bool>,
    /// The instance profile's ARN.
    pub iam_instance_profile: Option<R>,
    /// Some for Auto Scaling groups (one network interface); None for node
    /// groups, which take `security_group_ids` at the template's top level.
    pub associate_public_ip_address: Option<bool>,
    pub security_group_ids: Vec<R>,
    pub metadata_options: MetadataOptions,
    pub detailed_monitoring: bool,
    pub root_volume: RootVolume,
    /// Tags of the instances (and volumes) launched from the template.
    pub instance_tags: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutoscalingGroup<R = Ref> {
    pub name: String,
    pub min_size: u32,
    pub max_size: u32,
    /// At creation; afterwards scaling policies and scheduled actions move it
    /// (the export ignores changes to it, and so should a drift check).
    pub desired_capacity: u32,
    pub vpc_zone_identifier: Vec<R>,
    pub target_group_arns: Vec<R>,
    /// `ELB` with target groups, else `EC2`.
    pub health_check_type: String,
    pub health_check_grace_period_seconds: u32,
    /// The launch template's id; its latest version is used.
    pub launch_template_id: R,
    pub instance_refresh_min_healthy_percentage: u32,
    /// Tags propagated to the instances at launch.
    pub propagated_tags: BTreeMap<String, String>,
}

/// The label `ALBRequestCountPerTarget` needs:
/// `<load balancer arn suffix>/<target group arn suffix>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestCountLabel<R = Ref> {
    pub load_balancer: R,
    pub target_group: R,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutoscalingPolicy<R = Ref> {
    pub name: String,
    /// The group's name.
    pub autoscaling_group_name: R,
    /// `TargetTrackingScaling`.
    pub policy_type: String,
    /// `ASGAverageCPUUtilization` or `ALBRequestCountPerTarget`.
    pub predefined_metric_type: String,
    pub resource_label: Option<RequestCountLabel<R>>,
    pub target_value: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutoscalingSchedule<R = Ref> {
    pub scheduled_action_name: String,
    /// The group's name: an Auto Scaling group's `name`, or a node group's
    /// `autoscaling_group_name`.
    pub autoscaling_group_name: R,
    /// Five-field cron, in `time_zone`.
    pub recurrence: String,
    pub time_zone: String,
    pub min_size: u32,
    pub max_size: u32,
    pub desired_capacity: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EksCluster<R = Ref> {
    pub name: String,
    /// Kubernetes minor version, e.g. `1.31`.
    pub version: String,
    pub role_arn: R,
    pub subnet_ids: Vec<R>,
    pub endpoint_private_access: bool,
    pub endpoint_public_access: bool,
    pub enabled_cluster_log_types: Vec<String>,
    /// The key encrypting Kubernetes secrets.
    pub secrets_kms_key_arn: R,
    /// `API`.
    pub authentication_mode: String,
    pub bootstrap_cluster_creator_admin_permissions: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EksNodeGroup<R = Ref> {
    pub cluster_name: R,
    pub node_group_name: String,
    pub node_role_arn: R,
    pub subnet_ids: Vec<R>,
    /// `ON_DEMAND` or `SPOT`.
    pub capacity_type: String,
    pub instance_types: Vec<String>,
    /// `AL2023_x86_64_STANDARD` or `AL2023_ARM_64_STANDARD`.
    pub ami_type: String,
    pub min_size: u32,
    /// At creation; the cluster autoscaler and schedules move it.
    pub desired_size: u32,
    pub max_size: u32,
    pub max_unavailable: u32,
    /// The launch template's id; its latest version is used.
    pub launch_template_id: R,
    pub labels: BTreeMap<String, String>,
}

// ---------------------------------------------------------------- keys and secrets

/// A key policy statement; the engine renders it with the account id,
/// partition and region it applies to (AWS's default key policy and the
/// statements CloudWatch Logs and alarms need:
/// <https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html>,
/// <https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html>).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyPolicyStatement {
    /// `kms:*` for `arn:<partition>:iam::<account>:root`.
    AccountAdministersThroughIam,
    /// Encrypt/decrypt for `logs.<region>.amazonaws.com` on this account's log groups.
    CloudWatchLogsEncrypts,
    /// `kms:Decrypt` and `kms:GenerateDataKey*` for `cloudwatch.amazonaws.com`.
    CloudWatchAlarmsPublishToEncryptedTopics,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KmsKey {
    pub description: String,
    pub enable_key_rotation: bool,
    pub deletion_window_in_days: u32,
    pub policy: Vec<KeyPolicyStatement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KmsAlias<R = Ref> {
    /// `alias/...`.
    pub name: String,
    pub target_key_id: R,
}

/// A secret value the engine generates once, at creation, with Secrets
/// Manager's `GetRandomPassword`, and never changes afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeneratedSecret {
    pub length: u32,
    pub exclude_punctuation: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretsManagerSecret<R = Ref> {
    /// The export uses `name_prefix` (a random suffix); the bundle names it whole.
    pub name: String,
    pub description: String,
    /// None: the AWS-managed key `aws/secretsmanager`.
    pub kms_key_id: Option<R>,
    pub recovery_window_in_days: u32,
    pub generated_value: GeneratedSecret,
}

// ---------------------------------------------------------------- databases and caches

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DbSubnetGroup<R = Ref> {
    pub name: String,
    pub subnet_ids: Vec<R>,
}

/// The export uses `name_prefix`; the bundle names it `<name>-<family>`, so
/// a new major version gets a new group instead of changing the one in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DbParameterGroup {
    pub name: String,
    /// e.g. `postgres16`.
    pub family: String,
    pub parameters: BTreeMap<String, String>,
    /// `pending-reboot`.
    pub apply_method: String,
}

/// A database instance, or a read replica of one (`replicate_source_db`
/// set; engine, storage, credentials and subnets then come from the source).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DbInstance<R = Ref> {
    pub identifier: String,
    pub replicate_source_db: Option<R>,
    pub engine: Option<String>,
    pub engine_version: Option<String>,
    pub instance_class: String,
    pub allocated_storage_gb: Option<u32>,
    pub storage_type: Option<String>,
    pub iops: Option<u32>,
    pub storage_encrypted: bool,
    /// None: the AWS-managed key `aws/rds`.
    pub kms_key_id: Option<R>,
    pub db_name: Option<String>,
    pub username: Option<String>,
    /// RDS generates the password and keeps it in Secrets Manager.
    pub manage_master_user_password: bool,
    pub master_user_secret_kms_key_id: Option<R>,
    pub iam_database_authentication_enabled: bool,
    pub multi_az: bool,
    pub db_subnet_group_name: Option<R>,
    pub vpc_security_group_ids: Vec<R>,
    pub parameter_group_name: R,
    pub publicly_accessible: bool,
    pub backup_retention_period_days: Option<u32>,
    pub backup_window: Option<String>,
    pub maintenance_window: Option<String>,
    pub copy_tags_to_snapshot: bool,
    pub auto_minor_version_upgrade: bool,
    pub deletion_protection: bool,
    /// None: deleting skips the final snapshot.
    pub final_snapshot_identifier: Option<String>,
    pub performance_insights_enabled: bool,
    pub performance_insights_kms_key_id: Option<R>,
    pub monitoring_interval_seconds: u32,
    pub monitoring_role_arn: R,
    pub enabled_cloudwatch_logs_exports: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElastiCacheSubnetGroup<R = Ref> {
    pub name: String,
    pub subnet_ids: Vec<R>,
}

/// Redis or Valkey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElastiCacheReplicationGroup<R = Ref> {
    pub replication_group_id: String,
    pub description: String,
    pub engine: String,
    pub engine_version: String,
    pub parameter_group_name: String,
    pub node_type: String,
    pub num_cache_clusters: u32,
    pub port: u16,
    pub subnet_group_name: R,
    pub security_group_ids: Vec<R>,
    pub automatic_failover_enabled: bool,
    pub multi_az_enabled: bool,
    pub at_rest_encryption_enabled: bool,
    pub kms_key_id: Option<R>,
    pub transit_encryption_enabled: bool,
    /// The AUTH token: the secret's value.
    pub auth_token: Option<R>,
    pub snapshot_retention_limit_days: u32,
    pub snapshot_window: String,
    pub maintenance_window: String,
    pub auto_minor_version_upgrade: bool,
}

/// Memcached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElastiCacheCluster<R = Ref> {
    pub cluster_id: String,
    pub engine: String,
    pub engine_version: String,
    pub parameter_group_name: String,
    pub node_type: String,
    pub num_cache_nodes: u32,
    pub port: u16,
    /// `cross-az` with two nodes or more, else `single-az`.
    pub az_mode: String,
    pub subnet_group_name: R,
    pub security_group_ids: Vec<R>,
    pub transit_encryption_enabled: bool,
}

// ---------------------------------------------------------------- storage

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3Bucket {
    pub bucket: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3BucketPublicAccessBlock<R = Ref> {
    pub bucket: R,
    pub block_public_acls: bool,
    pub block_public_policy: bool,
    pub ignore_public_acls: bool,
    pub restrict_public_buckets: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3BucketOwnershipControls<R = Ref> {
    pub bucket: R,
    /// `BucketOwnerEnforced`: ACLs disabled.
    pub object_ownership: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3BucketVersioning<R = Ref> {
    pub bucket: R,
    /// `Enabled`, or `Disabled` (a new bucket's state: nothing to call).
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3BucketEncryption<R = Ref> {
    pub bucket: R,
    /// `AES256` (SSE-S3) or `aws:kms`.
    pub sse_algorithm: String,
    /// None with `aws:kms`: the AWS-managed key `aws/s3`.
    pub kms_master_key_id: Option<R>,
    pub bucket_key_enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LifecycleTransition {
    pub days: u32,
    /// `STANDARD_IA`, `GLACIER`, `DEEP_ARCHIVE`, ...
    pub storage_class: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LifecycleRule {
    pub id: String,
    pub enabled: bool,
    pub transitions: Vec<LifecycleTransition>,
    pub expiration_days: Option<u32>,
    pub noncurrent_version_expiration_days: Option<u32>,
    pub abort_incomplete_multipart_upload_days: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3BucketLifecycle<R = Ref> {
    pub bucket: R,
    pub rules: Vec<LifecycleRule>,
}

/// The bucket policy: TLS only, and object reads for the CloudFront
/// distributions that front the bucket (through origin access control).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3BucketPolicy<R = Ref> {
    pub bucket: R,
    pub deny_insecure_transport: bool,
    /// Distribution ARNs allowed `s3:GetObject`.
    pub cloudfront_readers: Vec<R>,
}

// ---------------------------------------------------------------- monitoring

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnsTopic<R = Ref> {
    pub name: String,
    /// None: the AWS-managed key `alias/aws/sns`.
    pub kms_master_key_id: Option<R>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudWatchMetricAlarm<R = Ref> {
    pub alarm_name: String,
    pub alarm_description: String,
    pub namespace: String,
    pub metric_name: String,
    /// Dimension name to the resource attribute that is its value.
    pub dimensions: BTreeMap<String, R>,
    pub statistic: String,
    pub period_seconds: u32,
    pub evaluation_periods: u32,
    pub threshold: u32,
    pub comparison_operator: String,
    pub treat_missing_data: String,
    /// The alarm topic's ARN.
    pub alarm_actions: Vec<R>,
    pub ok_actions: Vec<R>,
}

// ---------------------------------------------------------------- edge (optional)

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudFrontOriginAccessControl {
    pub name: String,
    pub description: String,
    pub origin_type: String,
    pub signing_behavior: String,
    pub signing_protocol: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum CloudFrontOrigin {
    /// A bucket, signed with the origin access control.
    S3 {
        origin_id: String,
        domain_name: Ref,
        origin_access_control_id: Ref,
    },
    /// A load balancer over HTTPS, at a domain its certificate covers.
    LoadBalancer { origin_id: String, domain_name: ApplyValue },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudFrontDistribution {
    pub comment: String,
    pub price_class: String,
    pub web_acl_arn: Option<Ref>,
    pub origins: Vec<CloudFrontOrigin>,
    /// The origin of the default behaviour; every other origin serves `/<origin id>/*`.
    pub default_origin_id: String,
    pub http_version: String,
    pub is_ipv6_enabled: bool,
    pub viewer_protocol_policy: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum WafRule {
    /// Blocks an IP above `limit` requests in 5 minutes.
    RateLimit { name: String, priority: u32, limit: u32 },
    /// An AWS managed rule group.
    Managed { name: String, priority: u32, rule_group: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WafWebAcl {
    pub name: String,
    pub description: String,
    /// `CLOUDFRONT` (lives in us-east-1) or `REGIONAL`.
    pub scope: String,
    pub rules: Vec<WafRule>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WafWebAclAssociation {
    pub resource_arn: Ref,
    pub web_acl_arn: Ref,
}
