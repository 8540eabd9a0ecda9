//! What the modules share: their files, the variables every module takes,
//! security group rules from the plan's connections, and IAM documents.

use crate::dsl::*;
use hcl::Expression;

/// The three files of a module.
pub struct ModuleFiles {
    pub main: File,
    pub variables: File,
    pub outputs: File,
}

/// `name` and `tags`, which every module takes.
pub(crate) fn common_variables() -> Vec<B> {
    vec![
        variable("name", ty("string"), "Name of the resources this module creates (also the prefix of their names).", None),
        variable("tags", map_of(ty("string")), "Tags for every resource, on top of the provider's default_tags.", Some(obj(vec![]))),
    ]
}

/// The optional customer-managed key; null means the AWS-managed key of
/// each service (the plan has no `kms` component).
pub(crate) fn kms_variable() -> B {
    variable(
        "kms_key_arn",
        ty("string"),
        "ARN of the customer-managed KMS key to encrypt with; null uses the service's AWS-managed key.",
        Some(null()),
    )
}

/// A security group rule map: for_each keys are the peers' names (known at
/// plan time), values may hold ids known only after apply.
pub(crate) fn sg_rules_variable(name: &str, description: &'static str) -> B {
    variable(
        name,
        map_of(object_of(vec![
            ("port", ty("number")),
            ("security_group_id", optional(ty("string"), None)),
            ("prefix_list_id", optional(ty("string"), None)),
            ("cidr_ipv4", optional(ty("string"), None)),
            ("description", ty("string")),
        ])),
        description,
        Some(obj(vec![])),
    )
}

/// Ingress and egress rules of `aws_security_group.this` from the two rule maps.
pub(crate) fn sg_rule_resources() -> Vec<B> {
    let rule = |kind: &'static str, label: &'static str, vars: &'static str, peer: &'static str| {
        B::resource(kind, label)
            .attr("for_each", var(vars))
            .attr("security_group_id", r("aws_security_group.this.id"))
            .attr("description", r("each.value.description"))
            .attr("ip_protocol", s("tcp"))
            .attr("from_port", r("each.value.port"))
            .attr("to_port", r("each.value.port"))
            .attr(peer, r("each.value.security_group_id"))
            .attr("prefix_list_id", r("each.value.prefix_list_id"))
            .attr("cidr_ipv4", r("each.value.cidr_ipv4"))
            .attr("tags", tags_with_name(tmpl("${var.name}-${each.key}")))
    };
    vec![
        rule("aws_vpc_security_group_ingress_rule", "this", "ingress", "referenced_security_group_id"),
        rule("aws_vpc_security_group_egress_rule", "this", "egress", "referenced_security_group_id"),
    ]
}

/// `data "aws_iam_policy_document" "<name>"` allowing `service` to assume a role.
pub(crate) fn assume_role_policy(name: &str, service: &'static str) -> B {
    B::data("aws_iam_policy_document", name).block(
        B::new("statement")
            .attr("actions", strings(&["sts:AssumeRole"]))
            .block(B::new("principals").attr("type", s("Service")).attr("identifiers", strings(&[service]))),
    )
}

/// An IAM policy statement block.
pub(crate) fn statement(sid: &'static str, actions: &[&str], resources: Expression) -> B {
    B::new("statement").attr("sid", s(sid)).attr("actions", strings(actions)).attr("resources", resources)
}

/// The key-policy statement every customer managed key starts with: the
/// account administers the key through IAM (AWS's default key policy).
pub(crate) fn account_administers_key() -> B {
    B::new("statement")
        .attr("sid", s("AccountAdministersThroughIam"))
        .attr("actions", strings(&["kms:*"]))
        .attr("resources", strings(&["*"]))
        .block(B::new("principals").attr("type", s("AWS")).attr(
            "identifiers",
            list(vec![tmpl("arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root")]),
        ))
}

/// Least privilege for the buckets a tier is connected to: list them,
/// read and write their objects, and use their KMS keys when they have any
/// (the keys' ARNs come in `kms_key_variable`).
pub(crate) fn bucket_access_document(label: &str, kms_key_variable: &str) -> B {
    B::data("aws_iam_policy_document", label)
        .block(statement("ListBuckets", &["s3:ListBucket"], var("s3_bucket_arns")))
        .block(statement(
            "ReadWriteObjects",
            &["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            call("formatlist", vec![s("%s/*"), var("s3_bucket_arns")]),
        ))
        .block(
            B::new("dynamic")
                .label("statement")
                .attr("for_each", cond(eq(call("length", vec![var(kms_key_variable)]), num(0u64)), list(vec![]), list(vec![num(1u64)])))
                .block(
                    B::new("content")
                        .attr("sid", s("UseBucketKeys"))
                        .attr("actions", strings(&["kms:Decrypt", "kms:GenerateDataKey"]))
                        .attr("resources", var(kms_key_variable)),
                ),
        )
}
