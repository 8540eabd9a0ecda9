//! The AWS resources a rds component implies, as the Terraform export's module makes them.

use super::{in_vpc, BundleKind};
use crate::ctx::*;
use skyplan_core::kinds::Rds as Settings;
use crate::address::{Address, Ref};
use crate::names;
use crate::resources::*;
use skyplan_core::aws::DbEngine;
use skyplan_core::model::ComponentView;

impl BundleKind for Settings {
    type Resource = super::NoOwnResources;

    fn resources(&self, ctx: &mut Ctx, component: &ComponentView, network: Option<&Network>) {
        let (rds, network) = (self, in_vpc(network));
        let id = component.id.as_str();
        let name = ctx.name(id, component.spec.kind().max_name_length());
        let subnet_group = ctx.add(new(
            &Address::new(id, "aws_db_subnet_group", "this"),
            Properties::DbSubnetGroup(DbSubnetGroup {
                name: name.clone(),
                subnet_ids: network.private_subnets.iter().map(Ref::id).collect(),
            }),
        ));
        let sg = security_group(ctx, component, network, "db", "Database: in from the plan's connections only", true);
        // Performance Insights is not offered on the smallest burstable classes.
        let small = ["db.t3.micro", "db.t3.small", "db.t4g.micro", "db.t4g.small"].contains(&rds.instance_class.as_str());
        let (parameters, logs, iam_auth): (Vec<(&str, &str)>, &[&str], bool) = match rds.engine {
            DbEngine::Postgres => (
                vec![("rds.force_ssl", "1"), ("log_statement", "ddl"), ("log_min_duration_statement", "1000")],
                &["postgresql", "upgrade"],
                true,
            ),
            DbEngine::Mysql => (
                vec![("require_secure_transport", "1"), ("slow_query_log", "1"), ("long_query_time", "1")],
                &["error", "slowquery"],
                true,
            ),
            // MariaDB has no IAM database authentication on RDS.
            DbEngine::Mariadb => (
                vec![("require_secure_transport", "1"), ("slow_query_log", "1"), ("long_query_time", "1")],
                &["error", "slowquery"],
                false,
            ),
        };
        let family = names::parameter_group_family(rds.engine, &rds.engine_version);
        let parameter_group = ctx.add(new(
            &Address::new(id, "aws_db_parameter_group", "this"),
            Properties::DbParameterGroup(DbParameterGroup {
                name: format!("{name}-{}", family.replace('.', "-")),
                family,
                parameters: parameters.into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
                apply_method: "pending-reboot".into(),
            }),
        ));
        let monitoring_role = role(ctx, id, "monitoring", format!("{name}-monitoring"), "monitoring.rds.amazonaws.com");
        let monitoring_policy = attach(
            ctx,
            Address::new(id, "aws_iam_role_policy_attachment", "monitoring"),
            &monitoring_role,
            "/service-role/",
            "AmazonRDSEnhancedMonitoringRole",
        );
        let key = ctx.key("data");
        let logs: Vec<String> = logs.iter().map(|s| s.to_string()).collect();
        let primary = ctx.add(
            new(
                &Address::new(id, "aws_db_instance", "this"),
                Properties::DbInstance(DbInstance {
                    identifier: name.clone(),
                    replicate_source_db: None,
                    engine: Some(rds.engine.as_str().into()),
                    engine_version: Some(rds.engine_version.clone()),
                    instance_class: rds.instance_class.clone(),
                    allocated_storage_gb: Some(rds.storage_gb),
                    storage_type: Some(rds.storage_type.as_str().into()),
                    iops: rds.iops,
                    storage_encrypted: true,
                    kms_key_id: key.clone(),
                    db_name: Some("app".into()),
                    username: Some("app_admin".into()),
                    manage_master_user_password: true,
                    master_user_secret_kms_key_id: key.clone(),
                    iam_database_authentication_enabled: iam_auth,
                    multi_az: rds.multi_az,
                    db_subnet_group_name: Some(Ref::name(&subnet_group)),
                    vpc_security_group_ids: vec![Ref::id(&sg)],
                    parameter_group_name: Ref::name(&parameter_group),
                    publicly_accessible: false,
                    backup_retention_period_days: Some(u32::from(rds.backup_retention_days)),
                    backup_window: Some("03:00-04:00".into()),
                    maintenance_window: Some("sun:04:30-sun:05:30".into()),
                    copy_tags_to_snapshot: true,
                    auto_minor_version_upgrade: true,
                    deletion_protection: ctx.production,
                    final_snapshot_identifier: ctx.production.then(|| format!("{name}-final")),
                    performance_insights_enabled: !small,
                    performance_insights_kms_key_id: if small { None } else { key.clone() },
                    monitoring_interval_seconds: 60,
                    monitoring_role_arn: Ref::arn(&monitoring_role),
                    enabled_cloudwatch_logs_exports: logs.clone(),
                }),
            )
            .named(&name)
            .after(&monitoring_policy),
        );
        for i in 0..rds.read_replicas {
            let replica_name = format!("{name}-replica-{i}");
            ctx.add(
                new(
                    &Address::keyed(id, "aws_db_instance", "replica", &i.to_string()),
                    Properties::DbInstance(DbInstance {
                        identifier: replica_name.clone(),
                        replicate_source_db: Some(Ref::id(&primary)),
                        engine: None,
                        engine_version: None,
                        instance_class: rds.instance_class.clone(),
                        allocated_storage_gb: None,
                        storage_type: None,
                        iops: None,
                        storage_encrypted: true,
                        kms_key_id: key.clone(),
                        db_name: None,
                        username: None,
                        manage_master_user_password: false,
                        master_user_secret_kms_key_id: None,
                        iam_database_authentication_enabled: iam_auth,
                        multi_az: rds.multi_az,
                        db_subnet_group_name: None,
                        vpc_security_group_ids: vec![Ref::id(&sg)],
                        parameter_group_name: Ref::name(&parameter_group),
                        publicly_accessible: false,
                        backup_retention_period_days: None,
                        backup_window: None,
                        maintenance_window: None,
                        copy_tags_to_snapshot: true,
                        auto_minor_version_upgrade: true,
                        deletion_protection: ctx.production,
                        final_snapshot_identifier: None,
                        performance_insights_enabled: !small,
                        performance_insights_kms_key_id: if small { None } else { key.clone() },
                        monitoring_interval_seconds: 60,
                        monitoring_role_arn: Ref::arn(&monitoring_role),
                        enabled_cloudwatch_logs_exports: logs.clone(),
                    }),
                )
                .named(replica_name),
            );
        }
        if ctx.schedule().is_some() {
            ctx.note(format!(
                "{id}: the part-time schedule does not stop the database (the Terraform export's EventBridge schedules are not in the bundle)"
            ));
        }
    }

    /// A DB instance's id is its identifier.
    fn alarm_dimension(&self, id: &str) -> Option<Ref> {
        Some(Ref::id(&Address::new(id, "aws_db_instance", "this")))
    }
}

