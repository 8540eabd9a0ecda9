//! The rds component in an environment's root: its module call, variables and outputs.

use super::TerraformKind;
use crate::ctx::*;
use crate::dsl::*;
use crate::modules::Module;
use crate::names::{parameter_group_family};
use crate::ExportError;
use hcl::Expression;
use skyplan_core::aws::DbEngine;
use skyplan_core::model::ComponentView;
use skyplan_core::kinds::Rds;

const OWN_MODULE: Module = Module { dir: "rds", files: crate::modules::rds::files };

impl TerraformKind for Rds {
    const MODULE: Option<Module> = Some(OWN_MODULE);

    fn part(&self, ctx: &mut Ctx, component: &ComponentView) -> Result<Part, ExportError> {
        let rds = self;
        let (ingress, egress) = sg_rules(ctx, component);
        // Performance Insights is not offered on the smallest burstable classes.
        let small = ["db.t3.micro", "db.t3.small", "db.t4g.micro", "db.t4g.small"].contains(&rds.instance_class.as_str());
        let (parameters, logs, iam_auth): (Vec<(&str, &str)>, &[&str], bool) = match rds.engine {
            // TLS only, DDL and slow statements logged.
            DbEngine::Postgres => (vec![("rds.force_ssl", "1"), ("log_statement", "ddl"), ("log_min_duration_statement", "1000")], &["postgresql", "upgrade"], true),
            DbEngine::Mysql => (vec![("require_secure_transport", "1"), ("slow_query_log", "1"), ("long_query_time", "1")], &["error", "slowquery"], true),
            // MariaDB has no IAM database authentication on RDS.
            DbEngine::Mariadb => (vec![("require_secure_transport", "1"), ("slow_query_log", "1"), ("long_query_time", "1")], &["error", "slowquery"], false),
        };
        let ty_expr = object_of(vec![
            ("engine", ty("string")),
            ("engine_version", ty("string")),
            ("parameter_group_family", ty("string")),
            ("instance_class", ty("string")),
            ("storage_type", ty("string")),
            ("storage_gb", ty("number")),
            ("iops", ty("number")),
            ("multi_az", ty("bool")),
            ("backup_retention_days", ty("number")),
            ("read_replicas", ty("number")),
            ("performance_insights", ty("bool")),
            ("deletion_protection", ty("bool")),
            ("final_snapshot", ty("bool")),
        ]);
        let value = obj(vec![
            ("engine", s(rds.engine.as_str())),
            ("engine_version", s(&rds.engine_version)),
            ("parameter_group_family", s(parameter_group_family(rds.engine, &rds.engine_version))),
            ("instance_class", s(&rds.instance_class)),
            ("storage_type", s(rds.storage_type.as_str())),
            ("storage_gb", num(rds.storage_gb)),
            ("iops", rds.iops.map(num).unwrap_or(Expression::Null)),
            ("multi_az", boolean(rds.multi_az)),
            ("backup_retention_days", num(rds.backup_retention_days)),
            ("read_replicas", num(rds.read_replicas)),
            ("performance_insights", boolean(!small)),
            ("deletion_protection", boolean(ctx.production)),
            ("final_snapshot", boolean(ctx.production)),
        ]);
        if ctx.schedule().is_some() && rds.read_replicas > 0 {
            ctx.note(format!("{}: an instance with read replicas cannot be stopped; the schedule leaves it running", component.id));
        }
        let mut module = module_block(ctx, component, OWN_MODULE, ctx.name(&component.id, component.spec.kind().max_name_length())).attr("vpc_id", vpc_out(ctx, "vpc_id")).attr("subnet_ids", private_subnets(ctx));
        for field in [
            "engine",
            "engine_version",
            "parameter_group_family",
            "instance_class",
            "storage_type",
            "storage_gb",
            "iops",
            "multi_az",
            "backup_retention_days",
            "read_replicas",
            "performance_insights",
            "deletion_protection",
            "final_snapshot",
        ] {
            module = module.attr(field, setting(ctx, component, field));
        }
        let schedule = if rds.read_replicas > 0 { null() } else { schedule_value(ctx, true) };
        module = module
            .attr("parameters", obj_str(parameters.into_iter().map(|(k, v)| (k.to_string(), s(v))).collect()))
            .attr("log_exports", strings(logs))
            .attr("iam_authentication", boolean(iam_auth))
            .attr("schedule", schedule)
            .attr("ingress", ingress)
            .attr("egress", egress)
            .attr("kms_key_arn", ctx.key("data"));
        Ok(Part {
            module: Some(module),
            variable: Some((ty_expr, describe(component), value)),
            outputs: vec![
                out(ctx, component, "address", "Host name of the database."),
                out(ctx, component, "master_user_secret_arn", "Secret holding the database's master password."),
            ],
        })
    }

    fn alarm_dimension(&self, ident: &str) -> Option<Expression> {
        Some(module_out(ident, "identifier"))
    }
}

