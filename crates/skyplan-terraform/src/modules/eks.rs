//! An EKS cluster (private endpoint, secrets encrypted with KMS, every
//! control-plane log), managed node groups from launch templates (on-demand
//! and spot, IMDSv2 only, encrypted disks), least-privilege IAM roles, the
//! core add-ons, Pod Identity for workloads that use the plan's buckets, and
//! scheduled scaling for a part-time environment.

use super::shared::{common_variables, sg_rule_resources, sg_rules_variable, ModuleFiles};
use crate::dsl::*;
use hcl::expr::ForExpr;

fn managed_policy(name: &'static str) -> hcl::Expression {
    match name {
        "AmazonEKSClusterPolicy" => tmpl("arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonEKSClusterPolicy"),
        "AmazonEKSWorkerNodePolicy" => tmpl("arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonEKSWorkerNodePolicy"),
        "AmazonEKS_CNI_Policy" => tmpl("arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonEKS_CNI_Policy"),
        "AmazonEC2ContainerRegistryReadOnly" => {
            tmpl("arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly")
        }
        "AmazonSSMManagedInstanceCore" => tmpl("arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"),
        _ => tmpl("arn:${data.aws_partition.current.partition}:iam::aws:policy/CloudWatchAgentServerPolicy"),
    }
}

fn scheduled_node_groups() -> hcl::Expression {
    // Only when a schedule is set; an empty map otherwise.
    hcl::Expression::from(
        ForExpr::new(id("group"), var("node_groups"), r("group"))
            .with_key_var(id("name"))
            .with_key_expr(r("name"))
            .with_cond_expr(ne(var("schedule"), null())),
    )
}

fn node_schedule(which: &'static str) -> B {
    let (name, recurrence, min, max, desired) = match which {
        "start" => (
            tmpl("${var.name}-${each.key}-start"),
            r("var.schedule.start"),
            r("each.value.min"),
            r("each.value.max"),
            r("each.value.desired"),
        ),
        _ => (tmpl("${var.name}-${each.key}-stop"), r("var.schedule.stop"), num(0u64), num(0u64), num(0u64)),
    };
    B::resource("aws_autoscaling_schedule", which)
        .attr("for_each", scheduled_node_groups())
        .attr("scheduled_action_name", name)
        .attr("autoscaling_group_name", r("aws_eks_node_group.this[each.key].resources[0].autoscaling_groups[0].name"))
        .attr("recurrence", recurrence)
        .attr("time_zone", r("var.schedule.time_zone"))
        .attr("min_size", min)
        .attr("max_size", max)
        .attr("desired_capacity", desired)
}

pub fn files() -> ModuleFiles {
    let has_buckets = || cond(eq(call("length", vec![var("s3_bucket_arns")]), num(0u64)), num(0u64), num(1u64));
    let mut main = File::new()
        .block(B::data("aws_partition", "current"))
        .block(B::data("aws_caller_identity", "current"))
        .block(
            B::resource("aws_kms_key", "secrets")
                .comment("Envelope encryption of Kubernetes secrets needs a customer-managed key.")
                .attr("count", cond(var("create_kms_key"), num(1u64), num(0u64)))
                .attr("description", tmpl("${var.name} Kubernetes secrets"))
                .attr("enable_key_rotation", true)
                .attr("deletion_window_in_days", num(30u64))
                .attr("policy", r("data.aws_iam_policy_document.secrets_key.json"))
                .attr("tags", var("tags")),
        )
        .block(
            B::data("aws_iam_policy_document", "secrets_key")
                .comment("checkov:skip=CKV_AWS_109:A key policy's Resource * is the key itself; the account administers it through IAM")
                .comment("checkov:skip=CKV_AWS_111:A key policy's Resource * is the key itself; the account administers it through IAM")
                .comment("checkov:skip=CKV_AWS_356:A key policy's Resource * is the key itself; the account administers it through IAM")
                .block(super::shared::account_administers_key()),
        )
        .block(
            B::new("locals").attr(
                "kms_key_arn",
                call("coalesce", vec![var("kms_key_arn"), call("one", vec![r("aws_kms_key.secrets[*].arn")])]),
            ),
        )
        .block(
            B::resource("aws_cloudwatch_log_group", "cluster")
                .comment("Created before the cluster so that its retention and key apply from the start.")
                .attr("name", tmpl("/aws/eks/${var.name}/cluster"))
                .attr("retention_in_days", var("log_retention_days"))
                .attr("kms_key_id", var("logs_kms_key_arn"))
                .attr("tags", var("tags")),
        )
        .block(super::shared::assume_role_policy("cluster_assume", "eks.amazonaws.com"))
        .block(
            B::resource("aws_iam_role", "cluster")
                .attr("name", tmpl("${var.name}-cluster"))
                .attr("assume_role_policy", r("data.aws_iam_policy_document.cluster_assume.json"))
                .attr("tags", var("tags")),
        )
        .block(
            B::resource("aws_iam_role_policy_attachment", "cluster")
                .attr("role", r("aws_iam_role.cluster.name"))
                .attr("policy_arn", managed_policy("AmazonEKSClusterPolicy")),
        )
        .block(
            B::resource("aws_security_group", "this")
                .attr("name", tmpl("${var.name}-workloads"))
                .attr("description", s("Nodes and pods: in from the plan's connections only"))
                .attr("vpc_id", var("vpc_id"))
                .attr("tags", tags_with_name(tmpl("${var.name}-workloads"))),
        )
        .blocks(sg_rule_resources())
        .block(
            B::resource("aws_eks_cluster", "this")
                .attr("name", var("name"))
                .attr("version", var("kubernetes_version"))
                .attr("role_arn", r("aws_iam_role.cluster.arn"))
                .attr("enabled_cluster_log_types", strings(&["api", "audit", "authenticator", "controllerManager", "scheduler"]))
                .block(
                    B::new("vpc_config")
                        .attr("subnet_ids", var("subnet_ids"))
                        .attr("endpoint_private_access", true)
                        .comment("Private by default; made public, the API answers only public_access_cidrs.")
                        .attr("endpoint_public_access", var("endpoint_public_access"))
                        .attr("public_access_cidrs", var("public_access_cidrs")),
                )
                .block(
                    B::new("encryption_config")
                        .attr("resources", strings(&["secrets"]))
                        .block(B::new("provider").attr("key_arn", local("kms_key_arn"))),
                )
                .block(
                    B::new("access_config")
                        .attr("authentication_mode", s("API"))
                        .attr("bootstrap_cluster_creator_admin_permissions", true),
                )
                .attr("tags", var("tags"))
                .attr("depends_on", list(vec![r("aws_iam_role_policy_attachment.cluster"), r("aws_cloudwatch_log_group.cluster")])),
        )
        .block(super::shared::assume_role_policy("node_assume", "ec2.amazonaws.com"))
        .block(
            B::resource("aws_iam_role", "node")
                .attr("name", tmpl("${var.name}-node"))
                .attr("assume_role_policy", r("data.aws_iam_policy_document.node_assume.json"))
                .attr("tags", var("tags")),
        )
        .block(
            B::resource("aws_iam_role_policy_attachment", "node")
                .comment("What a node needs to join, pull images, run the VPC CNI, be reached by")
                .comment("Session Manager and publish Container Insights metrics; nothing else.")
                .attr(
                    "for_each",
                    call(
                        "toset",
                        vec![list(vec![
                            managed_policy("AmazonEKSWorkerNodePolicy"),
                            managed_policy("AmazonEKS_CNI_Policy"),
                            managed_policy("AmazonEC2ContainerRegistryReadOnly"),
                            managed_policy("AmazonSSMManagedInstanceCore"),
                            managed_policy("CloudWatchAgentServerPolicy"),
                        ])],
                    ),
                )
                .attr("role", r("aws_iam_role.node.name"))
                .attr("policy_arn", r("each.value")),
        )
        .block(
            B::resource("aws_launch_template", "node")
                .attr("for_each", var("node_groups"))
                .attr("name_prefix", tmpl("${var.name}-${each.key}-"))
                .attr("update_default_version", true)
                .comment("The cluster's own group keeps node-to-control-plane traffic working; the")
                .comment("module's group carries the plan's connections.")
                .attr(
                    "vpc_security_group_ids",
                    list(vec![r("aws_eks_cluster.this.vpc_config[0].cluster_security_group_id"), r("aws_security_group.this.id")]),
                )
                .block(
                    B::new("metadata_options")
                        .comment("IMDSv2 only, one hop: pods get AWS credentials from Pod Identity, not the node.")
                        .attr("http_endpoint", s("enabled"))
                        .attr("http_tokens", s("required"))
                        .attr("http_put_response_hop_limit", num(1u64)),
                )
                .block(
                    B::new("block_device_mappings").attr("device_name", s("/dev/xvda")).block(
                        B::new("ebs")
                            .attr("volume_size", r("each.value.disk_gb"))
                            .attr("volume_type", s("gp3"))
                            .attr("encrypted", true)
                            .attr("delete_on_termination", true),
                    ),
                )
                .block(B::new("monitoring").attr("enabled", true))
                .block(
                    B::new("tag_specifications")
                        .attr("resource_type", s("instance"))
                        .attr("tags", tags_with_name(tmpl("${var.name}-${each.key}"))),
                )
                .attr("tags", var("tags")),
        )
        .block(
            B::resource("aws_eks_node_group", "this")
                .attr("for_each", var("node_groups"))
                .attr("cluster_name", r("aws_eks_cluster.this.name"))
                .attr("node_group_name", r("each.key"))
                .attr("node_role_arn", r("aws_iam_role.node.arn"))
                .attr("subnet_ids", var("subnet_ids"))
                .attr("capacity_type", r("each.value.capacity_type"))
                .attr("instance_types", r("each.value.instance_types"))
                .attr("ami_type", r("each.value.ami_type"))
                .block(
                    B::new("scaling_config")
                        .attr("min_size", r("each.value.min"))
                        .attr("desired_size", r("each.value.desired"))
                        .attr("max_size", r("each.value.max")),
                )
                .block(B::new("update_config").attr("max_unavailable", num(1u64)))
                .block(
                    B::new("launch_template")
                        .attr("id", r("aws_launch_template.node[each.key].id"))
                        .attr("version", r("aws_launch_template.node[each.key].latest_version")),
                )
                .attr("labels", obj(vec![("capacity", call("lower", vec![r("each.value.capacity_type")]))]))
                .attr("tags", var("tags"))
                .block(
                    B::new("lifecycle")
                        .comment("The cluster autoscaler and the schedule move the desired size.")
                        .attr("ignore_changes", list(vec![r("scaling_config[0].desired_size")])),
                )
                .attr("depends_on", list(vec![r("aws_iam_role_policy_attachment.node")])),
        )
        .block(
            B::resource("aws_eks_addon", "this")
                .attr(
                    "for_each",
                    call("toset", vec![strings(&["vpc-cni", "coredns", "kube-proxy", "eks-pod-identity-agent", "amazon-cloudwatch-observability"])]),
                )
                .attr("cluster_name", r("aws_eks_cluster.this.name"))
                .attr("addon_name", r("each.value"))
                .attr("tags", var("tags"))
                .attr("depends_on", list(vec![r("aws_eks_node_group.this")])),
        )
        .block(
            B::data("aws_iam_policy_document", "workload_assume").block(
                B::new("statement")
                    .attr("actions", strings(&["sts:AssumeRole", "sts:TagSession"]))
                    .block(B::new("principals").attr("type", s("Service")).attr("identifiers", strings(&["pods.eks.amazonaws.com"]))),
            ),
        )
        .block(
            B::resource("aws_iam_role", "workload")
                .comment("Pod Identity: only pods of the workload service account get bucket access.")
                .attr("count", has_buckets())
                .attr("name", tmpl("${var.name}-workload"))
                .attr("assume_role_policy", r("data.aws_iam_policy_document.workload_assume.json"))
                .attr("tags", var("tags")),
        )
        .block(super::shared::bucket_access_document("workload", "s3_kms_key_arns"))
        .block(
            B::resource("aws_iam_role_policy", "workload")
                .attr("count", has_buckets())
                .attr("name", s("plan-buckets"))
                .attr("role", r("aws_iam_role.workload[0].id"))
                .attr("policy", r("data.aws_iam_policy_document.workload.json")),
        )
        .block(
            B::resource("aws_eks_pod_identity_association", "workload")
                .attr("count", has_buckets())
                .attr("cluster_name", r("aws_eks_cluster.this.name"))
                .attr("namespace", var("workload_namespace"))
                .attr("service_account", var("workload_service_account"))
                .attr("role_arn", r("aws_iam_role.workload[0].arn"))
                .attr("tags", var("tags")),
        );
    main.push(node_schedule("start"));
    main.push(node_schedule("stop"));

    let variables = File::new()
        .blocks(common_variables())
        .block(variable("vpc_id", ty("string"), "VPC of the cluster.", None))
        .block(variable("subnet_ids", list_of(ty("string")), "Private subnets of the cluster and its nodes, in two AZs at least.", None))
        .block(variable("kubernetes_version", ty("string"), "Kubernetes minor version, e.g. 1.31.", None))
        .block(variable(
            "node_groups",
            map_of(object_of(vec![
                ("instance_types", list_of(ty("string"))),
                ("capacity_type", ty("string")),
                ("ami_type", ty("string")),
                ("min", ty("number")),
                ("desired", ty("number")),
                ("max", ty("number")),
                ("disk_gb", ty("number")),
            ])),
            "Managed node groups by name: ON_DEMAND or SPOT, instance types, sizes, gp3 disk.",
            None,
        ))
        .block(variable(
            "endpoint_public_access",
            ty("bool"),
            "Whether the Kubernetes API is reachable from the internet (from public_access_cidrs only).",
            Some(false.into()),
        ))
        .block(
            variable(
                "public_access_cidrs",
                list_of(ty("string")),
                "CIDR blocks that may reach a public Kubernetes API.",
                Some(list(vec![])),
            )
            .block(
                B::new("validation")
                    .attr("condition", not(call("contains", vec![var("public_access_cidrs"), s("0.0.0.0/0")])))
                    .attr("error_message", s("Open the Kubernetes API to your own networks, not to 0.0.0.0/0.")),
            ),
        )
        .block(variable(
            "create_kms_key",
            ty("bool"),
            "Whether to create a dedicated key for Kubernetes secrets rather than use kms_key_arn.",
            Some(true.into()),
        ))
        .block(variable("kms_key_arn", ty("string"), "KMS key for Kubernetes secrets when create_kms_key is false.", Some(null())))
        .block(variable("logs_kms_key_arn", ty("string"), "KMS key for the control-plane log group; null uses the default encryption.", Some(null())))
        .block(variable("log_retention_days", ty("number"), "Days to keep the control-plane logs.", Some(num(365u64))))
        .block(sg_rules_variable("ingress", "Who may connect to the nodes and pods, by source name."))
        .block(sg_rules_variable("egress", "Where the nodes and pods may connect, by destination name."))
        .block(variable("s3_bucket_arns", list_of(ty("string")), "Buckets the workloads read and write.", Some(list(vec![]))))
        .block(variable("s3_kms_key_arns", list_of(ty("string")), "KMS keys of those buckets.", Some(list(vec![]))))
        .block(variable("workload_namespace", ty("string"), "Namespace of the workload service account.", Some(s("default"))))
        .block(variable("workload_service_account", ty("string"), "Service account whose pods get the bucket access.", Some(s("app"))))
        .block(variable(
            "schedule",
            object_of(vec![("start", ty("string")), ("stop", ty("string")), ("time_zone", ty("string"))]),
            "Part-time running: cron recurrences to scale the node groups up and to zero; null runs them around the clock.",
            Some(null()),
        ));

    let outputs = File::new()
        .block(output("cluster_name", r("aws_eks_cluster.this.name"), "Name of the cluster."))
        .block(output("cluster_endpoint", r("aws_eks_cluster.this.endpoint"), "Endpoint of the Kubernetes API."))
        .block(output(
            "cluster_security_group_id",
            r("aws_eks_cluster.this.vpc_config[0].cluster_security_group_id"),
            "Security group EKS made for the cluster.",
        ))
        .block(output("security_group_id", r("aws_security_group.this.id"), "Security group of the nodes and pods for the plan's connections."))
        .block(output("node_role_arn", r("aws_iam_role.node.arn"), "IAM role of the nodes."))
        .block(output("workload_role_arn", call("one", vec![r("aws_iam_role.workload[*].arn")]), "IAM role of the workload pods, if any."));

    ModuleFiles { main, variables, outputs }
}
