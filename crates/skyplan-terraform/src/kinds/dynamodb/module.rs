//! A DynamoDB table: string keys, encrypted at rest (the plan's key, or
//! DynamoDB's AWS managed one), point-in-time recovery and deletion
//! protection as the environment says, an optional stream, and replicas
//! in other regions (a global table, version 2019.11.21).

use crate::dsl::*;
use hcl::Expression;
use crate::modules::shared::{common_variables, kms_variable};
use crate::modules::ModuleFiles;

pub(super) fn files() -> ModuleFiles {
    let string_attribute = |name: Expression| B::new("attribute").attr("name", name).attr("type", s("S"));
    let main = File::new().block(
        B::resource("aws_dynamodb_table", "this")
            .comment("checkov:skip=CKV2_AWS_16:Provisioned capacity is sized by the plan; on-demand tables scale by themselves")
            .attr("name", var("name"))
            .attr("billing_mode", var("billing_mode"))
            .attr("write_capacity", var("write_capacity"))
            .attr("read_capacity", var("read_capacity"))
            .attr("hash_key", var("partition_key"))
            .attr("range_key", var("sort_key"))
            .block(string_attribute(var("partition_key")))
            .block(
                B::new("dynamic")
                    .label("attribute")
                    .attr("for_each", cond(eq(var("sort_key"), null()), list(vec![]), list(vec![var("sort_key")])))
                    .block(B::new("content").attr("name", r("attribute.value")).attr("type", s("S"))),
            )
            .attr("stream_enabled", var("stream"))
            .attr("stream_view_type", cond(var("stream"), s("NEW_AND_OLD_IMAGES"), null()))
            .attr("deletion_protection_enabled", var("deletion_protection"))
            .block(B::new("point_in_time_recovery").attr("enabled", var("point_in_time_recovery")))
            .block(B::new("server_side_encryption").attr("enabled", true).attr("kms_key_arn", var("kms_key_arn")))
            .block(
                B::new("dynamic").label("replica").attr("for_each", call("toset", vec![var("replica_regions")])).block(
                    B::new("content")
                        .attr("region_name", r("replica.value"))
                        .attr("point_in_time_recovery", var("point_in_time_recovery"))
                        .attr("propagate_tags", true),
                ),
            )
            .attr("tags", var("tags")),
    );

    let variables = File::new()
        .blocks(common_variables())
        .block(kms_variable())
        .block(variable("partition_key", ty("string"), "The partition (hash) key attribute, a string.", None))
        .block(variable("sort_key", ty("string"), "The sort (range) key attribute, a string; null for none.", Some(null())))
        .block(variable("billing_mode", ty("string"), "PAY_PER_REQUEST (on demand) or PROVISIONED.", None))
        .block(variable("write_capacity", ty("number"), "Write capacity units when provisioned; null on demand.", Some(null())))
        .block(variable("read_capacity", ty("number"), "Read capacity units when provisioned; null on demand.", Some(null())))
        .block(variable("stream", ty("bool"), "A stream of new and old item images.", Some(boolean(false))))
        .block(variable("point_in_time_recovery", ty("bool"), "Continuous backups for the last 35 days.", Some(boolean(true))))
        .block(variable("deletion_protection", ty("bool"), "Refuse to delete the table.", Some(boolean(true))))
        .block(variable("replica_regions", list_of(ty("string")), "Regions holding a replica (a global table).", Some(list(vec![]))));

    let outputs = File::new()
        .block(output("table_name", r("aws_dynamodb_table.this.name"), "Name of the table."))
        .block(output("table_arn", r("aws_dynamodb_table.this.arn"), "ARN of the table."))
        .block(output("stream_arn", r("aws_dynamodb_table.this.stream_arn"), "ARN of the table's stream; empty without one."));

    ModuleFiles { main, variables, outputs }
}
