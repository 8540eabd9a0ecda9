//! An RDS instance: private subnets only, encrypted storage, TLS enforced by
//! its parameter group, the master password kept by RDS in Secrets Manager,
//! backups, enhanced monitoring, logs exported to CloudWatch; Multi-AZ,
//! deletion protection and a final snapshot as the environment says; read
//! replicas; and, for a part-time environment, stopped and started on its
//! schedule by EventBridge Scheduler.

use super::shared::{common_variables, kms_variable, sg_rule_resources, sg_rules_variable, ModuleFiles};
use crate::dsl::*;

fn scheduler(which: &'static str) -> B {
    let (name, expression, action) = match which {
        "start" => (tmpl("${var.name}-start"), r("var.schedule.start"), "arn:aws:scheduler:::aws-sdk:rds:startDBInstance"),
        _ => (tmpl("${var.name}-stop"), r("var.schedule.stop"), "arn:aws:scheduler:::aws-sdk:rds:stopDBInstance"),
    };
    B::resource("aws_scheduler_schedule", which)
        .attr("count", cond(eq(var("schedule"), null()), num(0u64), num(1u64)))
        .attr("name", name)
        .attr("schedule_expression", expression)
        .attr("schedule_expression_timezone", r("var.schedule.time_zone"))
        .attr("kms_key_arn", var("kms_key_arn"))
        .block(B::new("flexible_time_window").attr("mode", s("OFF")))
        .block(
            B::new("target")
                .attr("arn", s(action))
                .attr("role_arn", r("aws_iam_role.scheduler[0].arn"))
                .attr("input", call("jsonencode", vec![obj(vec![("DbInstanceIdentifier", r("aws_db_instance.this.identifier"))])])),
        )
}

pub fn files() -> ModuleFiles {
    let with_schedule = || cond(eq(var("schedule"), null()), num(0u64), num(1u64));
    let main = File::new()
        .block(B::data("aws_partition", "current"))
        .block(
            B::resource("aws_db_subnet_group", "this")
                .attr("name", var("name"))
                .attr("subnet_ids", var("subnet_ids"))
                .attr("tags", var("tags")),
        )
        .block(
            B::resource("aws_security_group", "this")
                .attr("name", tmpl("${var.name}-db"))
                .attr("description", s("Database: in from the plan's connections only"))
                .attr("vpc_id", var("vpc_id"))
                .attr("tags", tags_with_name(tmpl("${var.name}-db"))),
        )
        .blocks(sg_rule_resources())
        .block(
            B::resource("aws_db_parameter_group", "this")
                .attr("name_prefix", tmpl("${var.name}-"))
                .attr("family", var("parameter_group_family"))
                .block(
                    B::new("dynamic").label("parameter").attr("for_each", var("parameters")).block(
                        B::new("content")
                            .attr("name", r("parameter.key"))
                            .attr("value", r("parameter.value"))
                            .attr("apply_method", s("pending-reboot")),
                    ),
                )
                .attr("tags", var("tags"))
                .block(B::new("lifecycle").attr("create_before_destroy", true)),
        )
        .block(super::shared::assume_role_policy("monitoring_assume", "monitoring.rds.amazonaws.com"))
        .block(
            B::resource("aws_iam_role", "monitoring")
                .attr("name", tmpl("${var.name}-monitoring"))
                .attr("assume_role_policy", r("data.aws_iam_policy_document.monitoring_assume.json"))
                .attr("tags", var("tags")),
        )
        .block(
            B::resource("aws_iam_role_policy_attachment", "monitoring")
                .attr("role", r("aws_iam_role.monitoring.name"))
                .attr(
                    "policy_arn",
                    tmpl("arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"),
                ),
        )
        .block(
            B::resource("aws_db_instance", "this")
                .attr("identifier", var("name"))
                .attr("engine", var("engine"))
                .attr("engine_version", var("engine_version"))
                .attr("instance_class", var("instance_class"))
                .attr("allocated_storage", var("storage_gb"))
                .attr("storage_type", var("storage_type"))
                .attr("iops", var("iops"))
                .attr("storage_encrypted", true)
                .attr("kms_key_id", var("kms_key_arn"))
                .attr("db_name", var("database_name"))
                .attr("username", var("master_username"))
                .comment("RDS generates the password and keeps it in Secrets Manager: no secret in state.")
                .attr("manage_master_user_password", true)
                .attr("master_user_secret_kms_key_id", var("kms_key_arn"))
                .attr("iam_database_authentication_enabled", var("iam_authentication"))
                .attr("multi_az", var("multi_az"))
                .attr("db_subnet_group_name", r("aws_db_subnet_group.this.name"))
                .attr("vpc_security_group_ids", list(vec![r("aws_security_group.this.id")]))
                .attr("parameter_group_name", r("aws_db_parameter_group.this.name"))
                .attr("publicly_accessible", false)
                .attr("backup_retention_period", var("backup_retention_days"))
                .attr("backup_window", s("03:00-04:00"))
                .attr("maintenance_window", s("sun:04:30-sun:05:30"))
                .attr("copy_tags_to_snapshot", true)
                .attr("auto_minor_version_upgrade", true)
                .attr("deletion_protection", var("deletion_protection"))
                .attr("skip_final_snapshot", not(var("final_snapshot")))
                .attr("final_snapshot_identifier", cond(var("final_snapshot"), tmpl("${var.name}-final"), null()))
                .attr("performance_insights_enabled", var("performance_insights"))
                .attr("performance_insights_kms_key_id", cond(var("performance_insights"), var("kms_key_arn"), null()))
                .attr("monitoring_interval", num(60u64))
                .attr("monitoring_role_arn", r("aws_iam_role.monitoring.arn"))
                .attr("enabled_cloudwatch_logs_exports", var("log_exports"))
                .attr("tags", tags_with_name(var("name")))
                .attr("depends_on", list(vec![r("aws_iam_role_policy_attachment.monitoring")])),
        )
        .block(
            B::resource("aws_db_instance", "replica")
                .attr("count", var("read_replicas"))
                .attr("identifier", tmpl("${var.name}-replica-${count.index}"))
                .attr("replicate_source_db", r("aws_db_instance.this.identifier"))
                .attr("instance_class", var("instance_class"))
                .attr("multi_az", var("multi_az"))
                .attr("storage_encrypted", true)
                .attr("kms_key_id", var("kms_key_arn"))
                .attr("vpc_security_group_ids", list(vec![r("aws_security_group.this.id")]))
                .attr("parameter_group_name", r("aws_db_parameter_group.this.name"))
                .attr("iam_database_authentication_enabled", var("iam_authentication"))
                .attr("publicly_accessible", false)
                .attr("copy_tags_to_snapshot", true)
                .attr("auto_minor_version_upgrade", true)
                .attr("deletion_protection", var("deletion_protection"))
                .attr("skip_final_snapshot", true)
                .attr("performance_insights_enabled", var("performance_insights"))
                .attr("performance_insights_kms_key_id", cond(var("performance_insights"), var("kms_key_arn"), null()))
                .attr("monitoring_interval", num(60u64))
                .attr("monitoring_role_arn", r("aws_iam_role.monitoring.arn"))
                .attr("enabled_cloudwatch_logs_exports", var("log_exports"))
                .attr("tags", tags_with_name(tmpl("${var.name}-replica-${count.index}"))),
        )
        .block(super::shared::assume_role_policy("scheduler_assume", "scheduler.amazonaws.com"))
        .block(
            B::resource("aws_iam_role", "scheduler")
                .attr("count", with_schedule())
                .attr("name", tmpl("${var.name}-scheduler"))
                .attr("assume_role_policy", r("data.aws_iam_policy_document.scheduler_assume.json"))
                .attr("tags", var("tags")),
        )
        .block(B::data("aws_iam_policy_document", "scheduler").block(super::shared::statement(
            "StartStopThisInstance",
            &["rds:StartDBInstance", "rds:StopDBInstance"],
            list(vec![r("aws_db_instance.this.arn")]),
        )))
        .block(
            B::resource("aws_iam_role_policy", "scheduler")
                .attr("count", with_schedule())
                .attr("name", s("start-stop"))
                .attr("role", r("aws_iam_role.scheduler[0].id"))
                .attr("policy", r("data.aws_iam_policy_document.scheduler.json")),
        )
        .block(scheduler("start"))
        .block(scheduler("stop"));

    let variables = File::new()
        .blocks(common_variables())
        .block(variable("vpc_id", ty("string"), "VPC of the database.", None))
        .block(variable("subnet_ids", list_of(ty("string")), "Private subnets of the database, in two AZs at least.", None))
        .block(variable("engine", ty("string"), "postgres, mysql or mariadb.", None))
        .block(variable("engine_version", ty("string"), "Engine version, e.g. 16.4.", None))
        .block(variable("parameter_group_family", ty("string"), "Parameter group family matching the engine version, e.g. postgres16.", None))
        .block(variable(
            "parameters",
            map_of(ty("string")),
            "Database parameters (TLS enforcement, query logging).",
            Some(obj(vec![])),
        ))
        .block(variable("instance_class", ty("string"), "Instance class, e.g. db.r5.large.", None))
        .block(variable("storage_type", ty("string"), "gp3, gp2 or io1.", None))
        .block(variable("storage_gb", ty("number"), "Allocated storage, GB.", None))
        .block(variable("iops", ty("number"), "Provisioned IOPS; null for the storage type's baseline.", Some(null())))
        .block(variable("multi_az", ty("bool"), "Whether a standby runs in a second AZ.", None))
        .block(variable("backup_retention_days", ty("number"), "Days automated backups are kept.", None))
        .block(variable("read_replicas", ty("number"), "Read replicas.", Some(num(0u64))))
        .block(variable("database_name", ty("string"), "Name of the database created with the instance.", Some(s("app"))))
        .block(variable("master_username", ty("string"), "Master user name; its password lives in Secrets Manager.", Some(s("app_admin"))))
        .block(variable("iam_authentication", ty("bool"), "Whether IAM database authentication is on.", Some(true.into())))
        .block(variable("performance_insights", ty("bool"), "Whether Performance Insights is on (not every class supports it).", Some(true.into())))
        .block(variable("log_exports", list_of(ty("string")), "Engine logs exported to CloudWatch Logs.", Some(list(vec![]))))
        .block(variable("deletion_protection", ty("bool"), "Whether the database refuses deletion.", None))
        .block(variable("final_snapshot", ty("bool"), "Whether deleting the database takes a final snapshot.", None))
        .block(variable(
            "schedule",
            object_of(vec![("start", ty("string")), ("stop", ty("string")), ("time_zone", ty("string"))]),
            "Part-time running: EventBridge Scheduler cron expressions to start and stop the instance; null keeps it running.",
            Some(null()),
        ))
        .block(sg_rules_variable("ingress", "Who may connect to the database, by source name."))
        .block(sg_rules_variable("egress", "Where the database may connect (nothing by default)."))
        .block(kms_variable());

    let outputs = File::new()
        .block(output("identifier", r("aws_db_instance.this.identifier"), "Identifier of the instance, for CloudWatch dimensions."))
        .block(output("address", r("aws_db_instance.this.address"), "Host name of the database."))
        .block(output("port", r("aws_db_instance.this.port"), "Port of the database."))
        .block(output(
            "master_user_secret_arn",
            r("aws_db_instance.this.master_user_secret[0].secret_arn"),
            "Secrets Manager secret holding the master password.",
        ))
        .block(output("security_group_id", r("aws_security_group.this.id"), "Security group of the database."))
        .block(output("replica_addresses", r("aws_db_instance.replica[*].address"), "Host names of the read replicas."));

    ModuleFiles { main, variables, outputs }
}
