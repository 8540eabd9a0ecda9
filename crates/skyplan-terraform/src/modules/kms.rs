//! Customer-managed KMS keys, one per purpose (data stores, logs, ...), with
//! rotation and an explicit key policy.

use super::shared::{common_variables, ModuleFiles};
use crate::dsl::*;
use hcl::expr::ForExpr;

pub fn files() -> ModuleFiles {
    let main = File::new()
        .block(B::data("aws_caller_identity", "current"))
        .block(B::data("aws_partition", "current"))
        .block(B::data("aws_region", "current"))
        .block(
            B::data("aws_iam_policy_document", "key")
                .comment("checkov:skip=CKV_AWS_109:A key policy's Resource * is the key itself; the account administers it through IAM")
                .comment("checkov:skip=CKV_AWS_111:A key policy's Resource * is the key itself; services get only what their statements name")
                .comment("checkov:skip=CKV_AWS_356:A key policy's Resource * is the key itself, the only resource it can name")
                .block(super::shared::account_administers_key())
                .block(
                    B::new("statement")
                        .attr("sid", s("CloudWatchLogsEncrypts"))
                        .attr("actions", strings(&["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]))
                        .attr("resources", strings(&["*"]))
                        .block(
                            B::new("principals")
                                .attr("type", s("Service"))
                                .attr("identifiers", list(vec![tmpl("logs.${data.aws_region.current.name}.amazonaws.com")])),
                        )
                        .block(
                            B::new("condition").attr("test", s("ArnLike")).attr("variable", s("kms:EncryptionContext:aws:logs:arn")).attr(
                                "values",
                                list(vec![tmpl(
                                    "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:*",
                                )]),
                            ),
                        ),
                )
                .block(
                    B::new("statement")
                        .attr("sid", s("CloudWatchAlarmsPublishToEncryptedTopics"))
                        .attr("actions", strings(&["kms:Decrypt", "kms:GenerateDataKey*"]))
                        .attr("resources", strings(&["*"]))
                        .block(B::new("principals").attr("type", s("Service")).attr("identifiers", strings(&["cloudwatch.amazonaws.com"]))),
                ),
        )
        .block(
            B::resource("aws_kms_key", "this")
                .attr("for_each", call("toset", vec![var("purposes")]))
                .attr("description", tmpl("${var.name} ${each.key}"))
                .attr("enable_key_rotation", true)
                .attr("deletion_window_in_days", num(30u64))
                .attr("policy", r("data.aws_iam_policy_document.key.json"))
                .attr("tags", tags_with_name(tmpl("${var.name}-${each.key}"))),
        )
        .block(
            B::resource("aws_kms_alias", "this")
                .attr("for_each", call("toset", vec![var("purposes")]))
                .attr("name", tmpl("alias/${var.name}-${each.key}"))
                .attr("target_key_id", r("aws_kms_key.this[each.key].key_id")),
        );

    let variables = File::new()
        .blocks(common_variables())
        .block(variable("purposes", list_of(ty("string")), "One key per purpose, e.g. data and logs.", None));

    let outputs = File::new().block(output(
        "key_arns",
        hcl::Expression::from(
            ForExpr::new(id("key"), r("aws_kms_key.this"), r("key.arn")).with_key_var(id("purpose")).with_key_expr(r("purpose")),
        ),
        "ARN of each key, by purpose.",
    ));

    ModuleFiles { main, variables, outputs }
}
