//! Launch templates, Auto Scaling groups with their policies and scheduled
//! actions, EKS clusters and node groups.
//!
//! Launch templates, groups, clusters and node groups are found by their
//! unique names (and their tags checked); policies and scheduled actions,
//! which take no tags, by their name within their group.

use super::shared::{check_owner, json_strs, not_updatable, sorted, Ctx, Live, Props, TypeRules};
use crate::desired::DesiredResource;
use skyplan_bundle::resources as planned;
use crate::error::{sdk, AwsError};
use crate::state::ResourceState;
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// The types this module applies: the fields each changes in place (any
/// other change replaces it) and those set at creation that AWS or the
/// workload moves afterwards, never compared (as the Terraform modules'
/// `ignore_changes`).
pub(super) const TYPES: &[TypeRules] = &[
    TypeRules { name: "aws_launch_template", updatable: &["image_id", "instance_type", "ebs_optimized", "iam_instance_profile", "associate_public_ip_address", "security_group_ids", "metadata_options", "detailed_monitoring", "root_volume", "instance_tags"], ignored_after_create: &[] },
    TypeRules { name: "aws_autoscaling_group", updatable: &["min_size", "max_size", "vpc_zone_identifier", "target_group_arns", "health_check_type", "health_check_grace_period_seconds", "launch_template_id", "instance_refresh_min_healthy_percentage", "propagated_tags"], ignored_after_create: &["desired_capacity"] },
    TypeRules { name: "aws_autoscaling_policy", updatable: &["policy_type", "predefined_metric_type", "resource_label", "target_value"], ignored_after_create: &[] },
    TypeRules { name: "aws_autoscaling_schedule", updatable: &["recurrence", "time_zone", "min_size", "max_size", "desired_capacity"], ignored_after_create: &[] },
    TypeRules { name: "aws_eks_cluster", updatable: &["version", "endpoint_private_access", "endpoint_public_access", "enabled_cluster_log_types"], ignored_after_create: &[] },
    TypeRules { name: "aws_eks_node_group", updatable: &["min_size", "max_size", "max_unavailable", "labels"], ignored_after_create: &["desired_size"] },
];

pub fn handles(kind: &str) -> bool {
    TYPES.iter().any(|t| t.name == kind)
}

/// EKS control planes take 10 to 15 minutes to create and node groups a few
/// (<https://docs.aws.amazon.com/eks/latest/userguide/create-cluster.html>):
/// the wait allows twice that.
const EKS_WAIT: Duration = Duration::from_secs(30 * 60);
const ASG_WAIT: Duration = Duration::from_secs(15 * 60);

/// A reference resolved to a value, or `None` while it is known only after apply.
fn known(value: &str) -> Option<&str> {
    (value != crate::desired::UNKNOWN).then_some(value)
}

/// A count or size as the SDKs take it.
fn int(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

// ------------------------------------------------------------- launch templates

fn template_data(t: &planned::LaunchTemplate<String, String>) -> Result<aws_sdk_ec2::types::RequestLaunchTemplateData, AwsError> {
    use aws_sdk_ec2::types::*;
    let metadata = &t.metadata_options;
    let root = &t.root_volume;
    let groups = t.security_group_ids.clone();
    let instance_tags: Vec<Tag> = t
        .instance_tags
        .iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect();
    let mut b = RequestLaunchTemplateData::builder()
        .set_image_id(t.image_id.clone())
        .set_instance_type(t.instance_type.as_deref().map(InstanceType::from))
        .set_ebs_optimized(t.ebs_optimized)
        .metadata_options(
            LaunchTemplateInstanceMetadataOptionsRequest::builder()
                .http_tokens(LaunchTemplateHttpTokensState::from(metadata.http_tokens.as_str()))
                .http_put_response_hop_limit(int(metadata.http_put_response_hop_limit))
                .http_endpoint(LaunchTemplateInstanceMetadataEndpointState::Enabled)
                .build(),
        )
        .monitoring(
            LaunchTemplatesMonitoringRequest::builder()
                .enabled(t.detailed_monitoring)
                .build(),
        )
        .block_device_mappings(
            LaunchTemplateBlockDeviceMappingRequest::builder()
                .device_name(&root.device_name)
                .ebs(
                    LaunchTemplateEbsBlockDeviceRequest::builder()
                        .volume_size(int(root.size_gb))
                        .volume_type(VolumeType::from(root.volume_type.as_str()))
                        .encrypted(root.encrypted)
                        .delete_on_termination(root.delete_on_termination)
                        .build(),
                )
                .build(),
        )
        .tag_specifications(
            LaunchTemplateTagSpecificationRequest::builder()
                .resource_type(ResourceType::Instance)
                .set_tags(Some(instance_tags.clone()))
                .build(),
        )
        .tag_specifications(
            LaunchTemplateTagSpecificationRequest::builder()
                .resource_type(ResourceType::Volume)
                .set_tags(Some(instance_tags))
                .build(),
        );
    if let Some(profile) = &t.iam_instance_profile {
        b = b.iam_instance_profile(
            LaunchTemplateIamInstanceProfileSpecificationRequest::builder()
                .arn(profile)
                .build(),
        );
    }
    b = match t.associate_public_ip_address {
        Some(public) => b.network_interfaces(
            LaunchTemplateInstanceNetworkInterfaceSpecificationRequest::builder()
                .device_index(0)
                .associate_public_ip_address(public)
                .set_groups(Some(groups))
                .build(),
        ),
        None => b.set_security_group_ids(Some(groups)),
    };
    Ok(b.build())
}

async fn read_template(ctx: &Ctx, id: &str) -> Result<Live, AwsError> {
    let out = ctx
        .ec2
        .describe_launch_template_versions()
        .launch_template_id(id)
        .versions("$Default")
        .send()
        .await
        .map_err(sdk("ec2:DescribeLaunchTemplateVersions"))?;
    let version = out.launch_template_versions().first().ok_or_else(|| {
        AwsError::new(
            "ec2:DescribeLaunchTemplateVersions",
            Some("InvalidLaunchTemplateId.NotFound"),
            id.to_string(),
        )
    })?;
    let data = version.launch_template_data();
    let mut live = Live::new(id)
        .attr("name", version.launch_template_name().unwrap_or_default())
        .attr(
            "default_version",
            version.version_number().unwrap_or_default().to_string(),
        )
        .observe("name", version.launch_template_name().unwrap_or_default());
    if let Some(data) = data {
        live = live
            .observe(
                "instance_type",
                data.instance_type()
                    .map(|t| Value::from(t.as_str()))
                    .unwrap_or(Value::Null),
            )
            .observe(
                "image_id",
                data.image_id().map(Value::from).unwrap_or(Value::Null),
            );
    }
    Ok(live)
}

// ------------------------------------------------------------- Auto Scaling

fn asg_tags(
    r: &DesiredResource,
    group: &planned::AutoscalingGroup<String>,
    name: &str,
) -> Vec<aws_sdk_autoscaling::types::Tag> {
    use aws_sdk_autoscaling::types::Tag;
    let propagated = group.propagated_tags.clone();
    let mut all: BTreeMap<String, (String, bool)> = r
        .tags
        .iter()
        .map(|(k, v)| (k.clone(), (v.clone(), false)))
        .collect();
    for (k, v) in propagated {
        all.insert(k, (v, true));
    }
    all.into_iter()
        .map(|(k, (v, propagate))| {
            Tag::builder()
                .resource_id(name)
                .resource_type("auto-scaling-group")
                .key(k)
                .value(v)
                .propagate_at_launch(propagate)
                .build()
        })
        .collect()
}

fn asg_template(group: &planned::AutoscalingGroup<String>) -> aws_sdk_autoscaling::types::LaunchTemplateSpecification {
    aws_sdk_autoscaling::types::LaunchTemplateSpecification::builder()
        .launch_template_id(&group.launch_template_id)
        .version("$Latest")
        .build()
}

async fn read_asg(
    ctx: &Ctx,
    name: &str,
) -> Result<Option<(Live, BTreeMap<String, String>)>, AwsError> {
    let out = ctx
        .autoscaling
        .describe_auto_scaling_groups()
        .auto_scaling_group_names(name)
        .send()
        .await
        .map_err(sdk("autoscaling:DescribeAutoScalingGroups"))?;
    let Some(g) = out
        .auto_scaling_groups()
        .first()
        .filter(|g| g.status().is_none_or(|s| !s.starts_with("Delete")))
    else {
        return Ok(None);
    };
    let tags: BTreeMap<String, String> = g
        .tags()
        .iter()
        .filter_map(|t| {
            Some((
                t.key()?.to_string(),
                t.value().unwrap_or_default().to_string(),
            ))
        })
        .collect();
    let subnets: Vec<String> = g
        .vpc_zone_identifier()
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let live = Live::new(name)
        .attr("name", name)
        .attr("arn", g.auto_scaling_group_arn().unwrap_or_default())
        .observe("min_size", g.min_size().unwrap_or_default())
        .observe("max_size", g.max_size().unwrap_or_default())
        .observe("vpc_zone_identifier", json_strs(sorted(subnets)))
        .observe(
            "target_group_arns",
            json_strs(sorted(g.target_group_arns().to_vec())),
        )
        .observe(
            "health_check_type",
            g.health_check_type().unwrap_or_default(),
        )
        .observe(
            "health_check_grace_period_seconds",
            g.health_check_grace_period().unwrap_or_default(),
        )
        .observe(
            "launch_template_id",
            g.launch_template()
                .and_then(|t| t.launch_template_id())
                .map(Value::from)
                .unwrap_or(Value::Null),
        );
    Ok(Some((live, tags)))
}

async fn read_policy(ctx: &Ctx, group: &str, name: &str) -> Result<Option<Live>, AwsError> {
    let out = ctx
        .autoscaling
        .describe_policies()
        .auto_scaling_group_name(group)
        .policy_names(name)
        .send()
        .await
        .map_err(sdk("autoscaling:DescribePolicies"))?;
    Ok(out.scaling_policies().first().map(|policy| {
        let mut live = Live::new(format!("{group}/{name}"))
            .attr("arn", policy.policy_arn().unwrap_or_default())
            .attr("name", name)
            .observe("autoscaling_group_name", group);
        if let Some(t) = policy.target_tracking_configuration() {
            live = live.observe("target_value", t.target_value().unwrap_or_default() as i64);
            if let Some(m) = t.predefined_metric_specification() {
                live = live.observe(
                    "predefined_metric_type",
                    m.predefined_metric_type()
                        .map(|t| t.as_str())
                        .unwrap_or_default(),
                );
            }
        }
        live
    }))
}

async fn put_policy(ctx: &Ctx, policy: &planned::AutoscalingPolicy<String>) -> Result<(), AwsError> {
    use aws_sdk_autoscaling::types::{
        MetricType, PredefinedMetricSpecification, TargetTrackingConfiguration,
    };
    let label = policy.resource_label.as_ref().map(|l| format!("{}/{}", l.load_balancer, l.target_group));
    let metric = PredefinedMetricSpecification::builder()
        .predefined_metric_type(MetricType::from(policy.predefined_metric_type.as_str()))
        .set_resource_label(label)
        .build();
    ctx.autoscaling
        .put_scaling_policy()
        .auto_scaling_group_name(&policy.autoscaling_group_name)
        .policy_name(&policy.name)
        .policy_type(&policy.policy_type)
        .target_tracking_configuration(
            TargetTrackingConfiguration::builder()
                .predefined_metric_specification(metric)
                .target_value(f64::from(policy.target_value))
                .build(),
        )
        .send()
        .await
        .map_err(sdk("autoscaling:PutScalingPolicy"))?;
    Ok(())
}

async fn read_schedule(ctx: &Ctx, group: &str, name: &str) -> Result<Option<Live>, AwsError> {
    let out = ctx
        .autoscaling
        .describe_scheduled_actions()
        .auto_scaling_group_name(group)
        .scheduled_action_names(name)
        .send()
        .await
        .map_err(sdk("autoscaling:DescribeScheduledActions"))?;
    Ok(out.scheduled_update_group_actions().first().map(|a| {
        Live::new(format!("{group}/{name}"))
            .attr("arn", a.scheduled_action_arn().unwrap_or_default())
            .observe("autoscaling_group_name", group)
            .observe("recurrence", a.recurrence().unwrap_or_default())
            .observe("min_size", a.min_size().unwrap_or_default())
            .observe("max_size", a.max_size().unwrap_or_default())
    }))
}

async fn put_schedule(ctx: &Ctx, schedule: &planned::AutoscalingSchedule<String>) -> Result<(), AwsError> {
    ctx.autoscaling
        .put_scheduled_update_group_action()
        .auto_scaling_group_name(&schedule.autoscaling_group_name)
        .scheduled_action_name(&schedule.scheduled_action_name)
        .recurrence(&schedule.recurrence)
        .time_zone(&schedule.time_zone)
        .min_size(int(schedule.min_size))
        .max_size(int(schedule.max_size))
        .desired_capacity(int(schedule.desired_capacity))
        .send()
        .await
        .map_err(sdk("autoscaling:PutScheduledUpdateGroupAction"))?;
    Ok(())
}

// ------------------------------------------------------------- EKS

async fn read_cluster(
    ctx: &Ctx,
    name: &str,
) -> Result<(Live, BTreeMap<String, String>, String), AwsError> {
    let out = ctx
        .eks
        .describe_cluster()
        .name(name)
        .send()
        .await
        .map_err(sdk("eks:DescribeCluster"))?;
    let c = out.cluster().ok_or_else(|| {
        AwsError::new(
            "eks:DescribeCluster",
            Some("ResourceNotFoundException"),
            name.to_string(),
        )
    })?;
    let status = c
        .status()
        .map(|s| s.as_str().to_string())
        .unwrap_or_default();
    let vpc = c.resources_vpc_config();
    let mut live = Live::new(name)
        .attr("name", name)
        .attr("arn", c.arn().unwrap_or_default())
        .observe("version", c.version().unwrap_or_default());
    if let Some(sg) = vpc.and_then(|v| v.cluster_security_group_id()) {
        live = live.attr("cluster_security_group_id", sg);
    }
    if let Some(v) = vpc {
        live = live
            .observe("subnet_ids", json_strs(sorted(v.subnet_ids().to_vec())))
            .observe("endpoint_private_access", v.endpoint_private_access())
            .observe("endpoint_public_access", v.endpoint_public_access());
    }
    let tags = c
        .tags()
        .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    Ok((live, tags, status))
}

async fn wait_cluster(ctx: &Ctx, name: &str) -> Result<Live, AwsError> {
    let started = Instant::now();
    loop {
        let (live, _, status) = read_cluster(ctx, name).await?;
        match status.as_str() {
            "ACTIVE" | "" => return Ok(live),
            "FAILED" => {
                return Err(AwsError::new(
                    "eks:CreateCluster",
                    Some("ClusterFailed"),
                    format!("cluster {name} failed"),
                ))
            }
            _ if started.elapsed() > EKS_WAIT => {
                return Err(AwsError::new(
                    "eks:DescribeCluster",
                    Some("Timeout"),
                    format!("cluster {name} still {status}"),
                ))
            }
            _ => tokio::time::sleep(Duration::from_secs(10)).await,
        }
    }
}

async fn read_nodegroup(
    ctx: &Ctx,
    cluster: &str,
    name: &str,
) -> Result<(Live, BTreeMap<String, String>, String), AwsError> {
    let out = ctx
        .eks
        .describe_nodegroup()
        .cluster_name(cluster)
        .nodegroup_name(name)
        .send()
        .await
        .map_err(sdk("eks:DescribeNodegroup"))?;
    let g = out.nodegroup().ok_or_else(|| {
        AwsError::new(
            "eks:DescribeNodegroup",
            Some("ResourceNotFoundException"),
            name.to_string(),
        )
    })?;
    let status = g
        .status()
        .map(|s| s.as_str().to_string())
        .unwrap_or_default();
    let mut live = Live::new(format!("{cluster}:{name}"))
        .attr("arn", g.nodegroup_arn().unwrap_or_default())
        .attr("name", name)
        .observe("cluster_name", cluster);
    if let Some(asg) = g
        .resources()
        .and_then(|r| r.auto_scaling_groups().first())
        .and_then(|a| a.name())
    {
        live = live.attr("autoscaling_group_name", asg);
    }
    if let Some(s) = g.scaling_config() {
        live = live
            .observe("min_size", s.min_size().unwrap_or_default())
            .observe("max_size", s.max_size().unwrap_or_default());
    }
    live = live.observe("instance_types", json_strs(g.instance_types().to_vec()));
    let tags = g
        .tags()
        .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    Ok((live, tags, status))
}

async fn wait_nodegroup(ctx: &Ctx, cluster: &str, name: &str) -> Result<Live, AwsError> {
    let started = Instant::now();
    loop {
        let (live, _, status) = read_nodegroup(ctx, cluster, name).await?;
        match status.as_str() {
            "ACTIVE" | "" => return Ok(live),
            "CREATE_FAILED" | "DEGRADED" => {
                return Err(AwsError::new(
                    "eks:CreateNodegroup",
                    Some("NodegroupFailed"),
                    format!("node group {name} is {status}"),
                ))
            }
            _ if started.elapsed() > EKS_WAIT => {
                return Err(AwsError::new(
                    "eks:DescribeNodegroup",
                    Some("Timeout"),
                    format!("node group {name} still {status}"),
                ))
            }
            _ => tokio::time::sleep(Duration::from_secs(10)).await,
        }
    }
}

async fn wait_gone<F, Fut>(what: &str, limit: Duration, mut exists: F) -> Result<(), AwsError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<bool, AwsError>>,
{
    let started = Instant::now();
    loop {
        match exists().await {
            Ok(false) => return Ok(()),
            Err(e) if e.is_not_found() => return Ok(()),
            Err(e) => return Err(e),
            Ok(true) if started.elapsed() > limit => {
                return Err(AwsError::new(
                    "skyplan:wait",
                    Some("Timeout"),
                    format!("{what} is still being deleted"),
                ))
            }
            Ok(true) => tokio::time::sleep(Duration::from_secs(5)).await,
        }
    }
}

// ------------------------------------------------------------- operations

pub async fn create(ctx: &Ctx, r: &DesiredResource, p: &Props<'_>) -> Result<Live, AwsError> {
    match r.kind.as_str() {
        "aws_launch_template" => {
            let t: planned::LaunchTemplate<String, String> = p.typed()?;
            use aws_sdk_ec2::types::{ResourceType, Tag, TagSpecification};
            let tags: Vec<Tag> = r
                .tags
                .iter()
                .map(|(k, v)| Tag::builder().key(k).value(v).build())
                .collect();
            let out = ctx
                .ec2
                .create_launch_template()
                .launch_template_name(t.name.as_str())
                .launch_template_data(template_data(&t)?)
                .tag_specifications(
                    TagSpecification::builder()
                        .resource_type(ResourceType::LaunchTemplate)
                        .set_tags(Some(tags))
                        .build(),
                )
                .send()
                .await
                .map_err(sdk("ec2:CreateLaunchTemplate"))?;
            let id = out
                .launch_template()
                .and_then(|t| t.launch_template_id())
                .unwrap_or_default()
                .to_string();
            read_template(ctx, &id).await
        }
        "aws_autoscaling_group" => {
            let t: planned::AutoscalingGroup<String> = p.typed()?;
            let name = t.name.as_str();
            ctx.autoscaling
                .create_auto_scaling_group()
                .auto_scaling_group_name(name)
                .min_size(int(t.min_size))
                .max_size(int(t.max_size))
                .desired_capacity(int(t.desired_capacity))
                .vpc_zone_identifier(t.vpc_zone_identifier.clone().join(","))
                .set_target_group_arns(Some(t.target_group_arns.clone()))
                .health_check_type(t.health_check_type.as_str())
                .health_check_grace_period(int(t.health_check_grace_period_seconds))
                .launch_template(asg_template(&t))
                .set_tags(Some(asg_tags(r, &t, name)))
                .send()
                .await
                .map_err(sdk("autoscaling:CreateAutoScalingGroup"))?;
            Ok(read_asg(ctx, name)
                .await?
                .map(|(l, _)| l)
                .unwrap_or_else(|| Live::new(name).attr("name", name)))
        }
        "aws_autoscaling_policy" => {
            let t: planned::AutoscalingPolicy<String> = p.typed()?;
            put_policy(ctx, &t).await?;
            let group = t.autoscaling_group_name.as_str();
            read_policy(ctx, group, t.name.as_str())
                .await?
                .ok_or_else(|| {
                    AwsError::new(
                        "autoscaling:DescribePolicies",
                        Some("NotFound"),
                        "the policy just put".to_string(),
                    )
                })
        }
        "aws_autoscaling_schedule" => {
            let t: planned::AutoscalingSchedule<String> = p.typed()?;
            put_schedule(ctx, &t).await?;
            let group = t.autoscaling_group_name.as_str();
            read_schedule(ctx, group, t.scheduled_action_name.as_str())
                .await?
                .ok_or_else(|| {
                    AwsError::new(
                        "autoscaling:DescribeScheduledActions",
                        Some("NotFound"),
                        "the action just put".to_string(),
                    )
                })
        }
        "aws_eks_cluster" => {
            let t: planned::EksCluster<String> = p.typed()?;
            use aws_sdk_eks::types::*;
            let name = t.name.as_str();
            let log_types: Vec<LogType> = t
                .enabled_cluster_log_types
                .iter()
                .map(|t| LogType::from(t.as_str()))
                .collect();
            ctx.eks
                .create_cluster()
                .name(name)
                .version(t.version.as_str())
                .role_arn(t.role_arn.as_str())
                .resources_vpc_config(
                    VpcConfigRequest::builder()
                        .set_subnet_ids(Some(t.subnet_ids.clone()))
                        .endpoint_private_access(t.endpoint_private_access)
                        .endpoint_public_access(t.endpoint_public_access)
                        .build(),
                )
                .logging(
                    Logging::builder()
                        .cluster_logging(
                            LogSetup::builder()
                                .set_types(Some(log_types))
                                .enabled(true)
                                .build(),
                        )
                        .build(),
                )
                .encryption_config(
                    EncryptionConfig::builder()
                        .provider(
                            Provider::builder()
                                .key_arn(t.secrets_kms_key_arn.as_str())
                                .build(),
                        )
                        .build(),
                )
                .access_config(
                    CreateAccessConfigRequest::builder()
                        .authentication_mode(AuthenticationMode::from(
                            t.authentication_mode.as_str(),
                        ))
                        .bootstrap_cluster_creator_admin_permissions(
                            t.bootstrap_cluster_creator_admin_permissions,
                        )
                        .build(),
                )
                .set_tags(Some(r.tags.clone().into_iter().collect()))
                .send()
                .await
                .map_err(sdk("eks:CreateCluster"))?;
            wait_cluster(ctx, name).await
        }
        "aws_eks_node_group" => {
            let t: planned::EksNodeGroup<String> = p.typed()?;
            use aws_sdk_eks::types::*;
            let cluster = t.cluster_name.as_str();
            let name = t.node_group_name.as_str();
            ctx.eks
                .create_nodegroup()
                .cluster_name(cluster)
                .nodegroup_name(name)
                .node_role(t.node_role_arn.as_str())
                .set_subnets(Some(t.subnet_ids.clone()))
                .capacity_type(CapacityTypes::from(t.capacity_type.as_str()))
                .set_instance_types(Some(t.instance_types.clone()))
                .ami_type(AmiTypes::from(t.ami_type.as_str()))
                .scaling_config(
                    NodegroupScalingConfig::builder()
                        .min_size(int(t.min_size))
                        .max_size(int(t.max_size))
                        .desired_size(int(t.desired_size))
                        .build(),
                )
                .update_config(
                    NodegroupUpdateConfig::builder()
                        .max_unavailable(int(t.max_unavailable))
                        .build(),
                )
                .launch_template(
                    LaunchTemplateSpecification::builder()
                        .id(t.launch_template_id.as_str())
                        .build(),
                )
                .set_labels(Some(t.labels.clone().into_iter().collect()))
                .set_tags(Some(r.tags.clone().into_iter().collect()))
                .send()
                .await
                .map_err(sdk("eks:CreateNodegroup"))?;
            wait_nodegroup(ctx, cluster, name).await
        }
        other => Err(super::shared::unsupported(other)),
    }
}

pub async fn read(
    ctx: &Ctx,
    r: &DesiredResource,
    rs: &ResourceState,
) -> Result<Option<Live>, AwsError> {
    let id = rs.id.as_str();
    match r.kind.as_str() {
        "aws_launch_template" => Ok(Some(read_template(ctx, id).await?)),
        "aws_autoscaling_group" => Ok(read_asg(ctx, id).await?.map(|(l, _)| l)),
        "aws_autoscaling_policy" => {
            let (group, name) = id.split_once('/').unwrap_or((id, ""));
            read_policy(ctx, group, name).await
        }
        "aws_autoscaling_schedule" => {
            let (group, name) = id.split_once('/').unwrap_or((id, ""));
            read_schedule(ctx, group, name).await
        }
        "aws_eks_cluster" => {
            let (live, _, status) = read_cluster(ctx, id).await?;
            Ok((status != "DELETING").then_some(live))
        }
        "aws_eks_node_group" => {
            let (cluster, name) = id.split_once(':').unwrap_or((id, ""));
            let (live, _, status) = read_nodegroup(ctx, cluster, name).await?;
            Ok((status != "DELETING").then_some(live))
        }
        other => Err(super::shared::unsupported(other)),
    }
}

pub async fn find(ctx: &Ctx, r: &DesiredResource, p: &Props<'_>) -> Result<Option<Live>, AwsError> {
    match r.kind.as_str() {
        "aws_launch_template" => {
            let t: planned::LaunchTemplate<String, String> = p.typed()?;
            let name = t.name.as_str();
            let out = match ctx
                .ec2
                .describe_launch_templates()
                .launch_template_names(name)
                .send()
                .await
            {
                Ok(out) => out,
                Err(e) => {
                    let e = crate::error::from_sdk("ec2:DescribeLaunchTemplates", e);
                    // EC2 says InvalidLaunchTemplateName.NotFoundException.
                    return if e.is_not_found()
                        || e.code.as_deref().is_some_and(|c| c.contains("NotFound"))
                    {
                        Ok(None)
                    } else {
                        Err(e)
                    };
                }
            };
            let Some(t) = out.launch_templates().first() else {
                return Ok(None);
            };
            let tags: BTreeMap<String, String> = t
                .tags()
                .iter()
                .filter_map(|t| Some((t.key()?.to_string(), t.value()?.to_string())))
                .collect();
            check_owner(r, name, &tags)?;
            Ok(Some(
                read_template(ctx, t.launch_template_id().unwrap_or_default()).await?,
            ))
        }
        "aws_autoscaling_group" => {
            let t: planned::AutoscalingGroup<String> = p.typed()?;
            let name = t.name.as_str();
            match read_asg(ctx, name).await? {
                Some((live, tags)) => {
                    check_owner(r, name, &tags)?;
                    Ok(Some(live))
                }
                None => Ok(None),
            }
        }
        "aws_autoscaling_policy" => {
            let t: planned::AutoscalingPolicy<String> = p.typed()?;
            match known(&t.autoscaling_group_name) {
                Some(group) => read_policy(ctx, group, t.name.as_str()).await,
                None => Ok(None),
            }
        }
        "aws_autoscaling_schedule" => {
            let t: planned::AutoscalingSchedule<String> = p.typed()?;
            match known(&t.autoscaling_group_name) {
                Some(group) => read_schedule(ctx, group, t.scheduled_action_name.as_str()).await,
                None => Ok(None),
            }
        }
        "aws_eks_cluster" => {
            let t: planned::EksCluster<String> = p.typed()?;
            let name = t.name.as_str();
            let (_, tags, status) = read_cluster(ctx, name).await?;
            check_owner(r, name, &tags)?;
            if status == "DELETING" {
                return Ok(None);
            }
            Ok(Some(wait_cluster(ctx, name).await?))
        }
        "aws_eks_node_group" => {
            let t: planned::EksNodeGroup<String> = p.typed()?;
            let Some(cluster) = known(&t.cluster_name) else {
                return Ok(None);
            };
            let name = t.node_group_name.as_str();
            let (_, tags, status) = read_nodegroup(ctx, cluster, name).await?;
            check_owner(r, name, &tags)?;
            if status == "DELETING" {
                return Ok(None);
            }
            Ok(Some(wait_nodegroup(ctx, cluster, name).await?))
        }
        other => Err(super::shared::unsupported(other)),
    }
}

pub async fn update(
    ctx: &Ctx,
    r: &DesiredResource,
    live: &Live,
    p: &Props<'_>,
    fields: &[&str],
) -> Result<Live, AwsError> {
    let id = live.id.as_str();
    match r.kind.as_str() {
        "aws_launch_template" => {
            // A new version, made the default; groups use $Latest.
            let out = ctx
                .ec2
                .create_launch_template_version()
                .launch_template_id(id)
                .launch_template_data(template_data(&p.typed()?)?)
                .send()
                .await
                .map_err(sdk("ec2:CreateLaunchTemplateVersion"))?;
            let version = out
                .launch_template_version()
                .and_then(|v| v.version_number())
                .unwrap_or_default();
            ctx.ec2
                .modify_launch_template()
                .launch_template_id(id)
                .default_version(version.to_string())
                .send()
                .await
                .map_err(sdk("ec2:ModifyLaunchTemplate"))?;
            read_template(ctx, id).await
        }
        "aws_autoscaling_group" => {
            let t: planned::AutoscalingGroup<String> = p.typed()?;
            ctx.autoscaling
                .update_auto_scaling_group()
                .auto_scaling_group_name(id)
                .min_size(int(t.min_size))
                .max_size(int(t.max_size))
                .vpc_zone_identifier(t.vpc_zone_identifier.clone().join(","))
                .health_check_type(t.health_check_type.as_str())
                .health_check_grace_period(int(t.health_check_grace_period_seconds))
                .launch_template(asg_template(&t))
                .send()
                .await
                .map_err(sdk("autoscaling:UpdateAutoScalingGroup"))?;
            if fields.contains(&"target_group_arns") {
                let want = t.target_group_arns.clone();
                let have: Vec<String> = live
                    .observed
                    .get("target_group_arns")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                let detach: Vec<String> =
                    have.iter().filter(|a| !want.contains(a)).cloned().collect();
                let attach: Vec<String> =
                    want.iter().filter(|a| !have.contains(a)).cloned().collect();
                if !detach.is_empty() {
                    ctx.autoscaling
                        .detach_load_balancer_target_groups()
                        .auto_scaling_group_name(id)
                        .set_target_group_arns(Some(detach))
                        .send()
                        .await
                        .map_err(sdk("autoscaling:DetachLoadBalancerTargetGroups"))?;
                }
                if !attach.is_empty() {
                    ctx.autoscaling
                        .attach_load_balancer_target_groups()
                        .auto_scaling_group_name(id)
                        .set_target_group_arns(Some(attach))
                        .send()
                        .await
                        .map_err(sdk("autoscaling:AttachLoadBalancerTargetGroups"))?;
                }
            }
            if fields.contains(&"propagated_tags") {
                ctx.autoscaling
                    .create_or_update_tags()
                    .set_tags(Some(asg_tags(r, &t, id)))
                    .send()
                    .await
                    .map_err(sdk("autoscaling:CreateOrUpdateTags"))?;
            }
            Ok(read_asg(ctx, id)
                .await?
                .map(|(l, _)| l)
                .unwrap_or_else(|| live.clone()))
        }
        "aws_autoscaling_policy" | "aws_autoscaling_schedule" => create(ctx, r, p).await,
        "aws_eks_cluster" => {
            let t: planned::EksCluster<String> = p.typed()?;
            if fields.contains(&"version") {
                ctx.eks
                    .update_cluster_version()
                    .name(id)
                    .version(t.version.as_str())
                    .send()
                    .await
                    .map_err(sdk("eks:UpdateClusterVersion"))?;
                wait_cluster(ctx, id).await?;
            }
            if fields.iter().any(|f| f.starts_with("endpoint_")) {
                use aws_sdk_eks::types::VpcConfigRequest;
                ctx.eks
                    .update_cluster_config()
                    .name(id)
                    .resources_vpc_config(
                        VpcConfigRequest::builder()
                            .endpoint_private_access(t.endpoint_private_access)
                            .endpoint_public_access(t.endpoint_public_access)
                            .build(),
                    )
                    .send()
                    .await
                    .map_err(sdk("eks:UpdateClusterConfig"))?;
                wait_cluster(ctx, id).await?;
            }
            wait_cluster(ctx, id).await
        }
        "aws_eks_node_group" => {
            let t: planned::EksNodeGroup<String> = p.typed()?;
            use aws_sdk_eks::types::{NodegroupScalingConfig, NodegroupUpdateConfig};
            let (cluster, name) = id.split_once(':').unwrap_or((id, ""));
            ctx.eks
                .update_nodegroup_config()
                .cluster_name(cluster)
                .nodegroup_name(name)
                .scaling_config(
                    NodegroupScalingConfig::builder()
                        .min_size(int(t.min_size))
                        .max_size(int(t.max_size))
                        .build(),
                )
                .update_config(
                    NodegroupUpdateConfig::builder()
                        .max_unavailable(int(t.max_unavailable))
                        .build(),
                )
                .send()
                .await
                .map_err(sdk("eks:UpdateNodegroupConfig"))?;
            wait_nodegroup(ctx, cluster, name).await
        }
        other => Err(not_updatable(other)),
    }
}

pub async fn delete(
    ctx: &Ctx,
    kind: &str,
    rs: &ResourceState,
    _p: &Props<'_>,
) -> Result<(), AwsError> {
    let id = rs.id.as_str();
    match kind {
        "aws_launch_template" => {
            ctx.ec2
                .delete_launch_template()
                .launch_template_id(id)
                .send()
                .await
                .map_err(sdk("ec2:DeleteLaunchTemplate"))?;
            Ok(())
        }
        "aws_autoscaling_group" => {
            ctx.autoscaling
                .delete_auto_scaling_group()
                .auto_scaling_group_name(id)
                .force_delete(true)
                .send()
                .await
                .map_err(sdk("autoscaling:DeleteAutoScalingGroup"))?;
            // The launch template and subnets stay in use until it is gone.
            wait_gone(id, ASG_WAIT, || async {
                Ok(read_asg(ctx, id).await?.is_some())
            })
            .await
        }
        "aws_autoscaling_policy" => {
            let (group, name) = id.split_once('/').unwrap_or((id, ""));
            ctx.autoscaling
                .delete_policy()
                .auto_scaling_group_name(group)
                .policy_name(name)
                .send()
                .await
                .map_err(sdk("autoscaling:DeletePolicy"))?;
            Ok(())
        }
        "aws_autoscaling_schedule" => {
            let (group, name) = id.split_once('/').unwrap_or((id, ""));
            ctx.autoscaling
                .delete_scheduled_action()
                .auto_scaling_group_name(group)
                .scheduled_action_name(name)
                .send()
                .await
                .map_err(sdk("autoscaling:DeleteScheduledAction"))?;
            Ok(())
        }
        "aws_eks_cluster" => {
            ctx.eks
                .delete_cluster()
                .name(id)
                .send()
                .await
                .map_err(sdk("eks:DeleteCluster"))?;
            wait_gone(id, EKS_WAIT, || async {
                read_cluster(ctx, id).await.map(|_| true)
            })
            .await
        }
        "aws_eks_node_group" => {
            let (cluster, name) = id.split_once(':').unwrap_or((id, ""));
            ctx.eks
                .delete_nodegroup()
                .cluster_name(cluster)
                .nodegroup_name(name)
                .send()
                .await
                .map_err(sdk("eks:DeleteNodegroup"))?;
            wait_gone(id, EKS_WAIT, || async {
                read_nodegroup(ctx, cluster, name).await.map(|_| true)
            })
            .await
        }
        other => Err(super::shared::unsupported(other)),
    }
}
