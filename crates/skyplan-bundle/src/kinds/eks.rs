//! The AWS resources a eks component implies, as the Terraform export's module makes them.

use super::{in_vpc, BundleKind};
use crate::ctx::*;
use skyplan_core::kinds::Eks as Settings;
use crate::address::{Address, Attribute, Ref};
use crate::names;
use crate::resources::*;
use skyplan_core::model::{
    Capacity, ComponentView,
};
use std::collections::BTreeMap;

impl BundleKind for Settings {
    type Resource = super::NoOwnResources;

    fn resources(&self, ctx: &mut Ctx, component: &ComponentView, network: Option<&Network>) {
        let (eks, network) = (self, in_vpc(network));
        let id = component.id.as_str();
        let name = ctx.name(id, component.spec.kind().max_name_length());
        let sg = security_group(
            ctx,
            component,
            network,
            "workloads",
            "Nodes and pods: in from the plan's connections only",
            true,
        );
        let secrets_key = match ctx.key("eks") {
            Some(key) => key,
            None => {
                let key = ctx.add(new(
                    &Address::new(id, "aws_kms_key", "secrets"),
                    Properties::KmsKey(KmsKey {
                        description: format!("{name} Kubernetes secrets"),
                        enable_key_rotation: true,
                        deletion_window_in_days: 30,
                        policy: vec![KeyPolicyStatement::AccountAdministersThroughIam],
                    }),
                ));
                Ref::arn(&key)
            }
        };
        let cluster_role = role(ctx, id, "cluster", format!("{name}-cluster"), "eks.amazonaws.com");
        let cluster_policy = attach(
            ctx,
            Address::new(id, "aws_iam_role_policy_attachment", "cluster"),
            &cluster_role,
            "/",
            "AmazonEKSClusterPolicy",
        );
        let cluster = ctx.add(
            new(
                &Address::new(id, "aws_eks_cluster", "this"),
                Properties::EksCluster(EksCluster {
                    name: name.clone(),
                    version: eks.kubernetes_version.clone(),
                    role_arn: Ref::arn(&cluster_role),
                    subnet_ids: network.private_subnets.iter().map(Ref::id).collect(),
                    endpoint_private_access: true,
                    endpoint_public_access: false,
                    enabled_cluster_log_types: ["api", "audit", "authenticator", "controllerManager", "scheduler"]
                        .map(String::from)
                        .to_vec(),
                    secrets_kms_key_arn: secrets_key,
                    authentication_mode: "API".into(),
                    bootstrap_cluster_creator_admin_permissions: true,
                }),
            )
            .after(&cluster_policy),
        );
        let node_role = role(ctx, id, "node", format!("{name}-node"), "ec2.amazonaws.com");
        let node_policies: Vec<Address> = NODE_POLICIES
            .iter()
            .map(|policy| {
                attach(
                    ctx,
                    Address::keyed(id, "aws_iam_role_policy_attachment", "node", policy),
                    &node_role,
                    "/",
                    policy,
                )
            })
            .collect();
        if !bucket_statements(ctx, id).is_empty() {
            ctx.note(format!(
                "{id}: bucket access for pods (Pod Identity, as the Terraform export sets up) is not in the bundle; grant it yourself"
            ));
        }
        for group in &eks.node_groups {
            let template = ctx.add(new(
                &Address::keyed(id, "aws_launch_template", "node", &group.name),
                Properties::LaunchTemplate(LaunchTemplate {
                    name: format!("{name}-{}", group.name),
                    image_id: None,
                    instance_type: None,
                    ebs_optimized: None,
                    iam_instance_profile: None,
                    associate_public_ip_address: None,
                    // The cluster's own group keeps node-to-control-plane traffic working.
                    security_group_ids: vec![Ref::new(&cluster, Attribute::ClusterSecurityGroupId), Ref::id(&sg)],
                    metadata_options: metadata(),
                    detailed_monitoring: true,
                    root_volume: root_volume(group.disk_gb),
                    instance_tags: ctx.launched_tags(&format!("{name}-{}", group.name)),
                }),
            ));
            let arm = group.instance_types.iter().all(|t| names::is_graviton(t));
            let capacity_type = if group.capacity == Capacity::Spot { "SPOT" } else { "ON_DEMAND" };
            let mut node_group = new(
                &Address::keyed(id, "aws_eks_node_group", "this", &group.name),
                Properties::EksNodeGroup(EksNodeGroup {
                    cluster_name: Ref::name(&cluster),
                    node_group_name: group.name.clone(),
                    node_role_arn: Ref::arn(&node_role),
                    subnet_ids: network.private_subnets.iter().map(Ref::id).collect(),
                    capacity_type: capacity_type.into(),
                    instance_types: group.instance_types.clone(),
                    ami_type: if arm { "AL2023_ARM_64_STANDARD" } else { "AL2023_x86_64_STANDARD" }.into(),
                    min_size: group.min,
                    desired_size: group.desired,
                    max_size: group.max,
                    max_unavailable: 1,
                    launch_template_id: Ref::id(&template),
                    labels: BTreeMap::from([("capacity".to_string(), capacity_type.to_lowercase())]),
                }),
            );
            for dependency in node_policies.iter().chain(&network.nat_routes) {
                node_group = node_group.after(dependency);
            }
            let node_group = ctx.add(node_group);
            if let Some(crons) = ctx.schedule() {
                let zone = ctx.options.schedule_time_zone.clone();
                for (label, recurrence, (min, max, desired)) in [
                    ("start", crons.asg_start.clone(), (group.min, group.max, group.desired)),
                    ("stop", crons.asg_stop.clone(), (0, 0, 0)),
                ] {
                    ctx.add(new(
                        &Address::keyed(id, "aws_autoscaling_schedule", label, &group.name),
                        Properties::AutoscalingSchedule(AutoscalingSchedule {
                            scheduled_action_name: format!("{name}-{}-{label}", group.name),
                            autoscaling_group_name: Ref::new(&node_group, Attribute::AutoscalingGroupName),
                            recurrence,
                            time_zone: zone.clone(),
                            min_size: min,
                            max_size: max,
                            desired_capacity: desired,
                        }),
                    ));
                }
            }
        }
    }

    fn alarm_dimension(&self, id: &str) -> Option<Ref> {
        Some(Ref::name(&Address::new(id, "aws_eks_cluster", "this")))
    }
}

/// The managed policies a node needs to join, pull images, run the VPC
/// CNI, be reached by Session Manager and publish Container Insights.
const NODE_POLICIES: &[&str] = &[
    "AmazonEKSWorkerNodePolicy",
    "AmazonEKS_CNI_Policy",
    "AmazonEC2ContainerRegistryReadOnly",
    "AmazonSSMManagedInstanceCore",
    "CloudWatchAgentServerPolicy",
];

