//! One Terraform root per environment: `main.tf` calls the modules with the
//! environment's values, `variables.tf` declares them, `terraform.tfvars`
//! holds them, plus `versions.tf`, `backend.tf`, `providers.tf` and
//! `outputs.tf`. Everything that differs between environments (sizes,
//! counts, instance types, omitted components, the schedule, production's
//! protections) is decided here; the modules stay generic.

use crate::ctx::*;
use crate::dsl::*;
use crate::kinds;
use crate::names::plan_slug;
use crate::{ExportError, ExportOptions};
use skyplan_core::model::{
    EnvironmentView, Kind, Spec,
    ValidPlan, WafScope,
};
use std::collections::BTreeMap;

/// The Terraform and provider versions the export is written for. `~> 5.80`
/// accepts every 5.x from 5.80 on (5.100.0 included) and no 6.x, whose
/// breaking changes the modules were not written for.
pub const TERRAFORM_VERSION: &str = ">= 1.6.0";
pub const AWS_PROVIDER_VERSION: &str = "~> 5.80";
/// Modules only state the oldest provider they work with; roots pin.
pub const MODULE_PROVIDER_VERSION: &str = ">= 5.80";


/// Whether an environment gets production's protections (deletion
/// protection, final snapshots). Matched by name: the plan has no other
/// marker of it.
pub fn is_production(name: &str) -> bool {
    matches!(name, "production" | "prod" | "prd") || name.starts_with("production-") || name.starts_with("prod-")
}

/// The files of one environment, by file name.
pub fn environment(
    plan: &ValidPlan,
    env: &EnvironmentView,
    idents: &BTreeMap<String, String>,
    options: &ExportOptions,
) -> Result<(BTreeMap<&'static str, String>, Vec<Note>), ExportError> {
    let prefix = plan_slug(&plan.plan().name);
    let mut ctx = Ctx { plan, env, idents, prefix, production: is_production(&env.name), notes: Vec::new() };

    let needs_vpc = env.components.iter().any(|c| c.spec.kind().in_vpc());
    if needs_vpc && ctx.vpc().is_none() {
        return Err(ExportError::Unsupported(format!(
            "environment \"{}\" has load balancers, instances, clusters or databases but no vpc component to put them in",
            env.name
        )));
    }

    let mut parts = Vec::new();
    for component in &env.components {
        parts.push(kinds::part(&mut ctx, component)?);
    }

    let has = |kind: Kind| env.components.iter().any(|c| c.spec.kind() == kind);
    let us_east_1_waf = env.components.iter().any(|c| matches!(&c.spec, Spec::Waf(w) if w.scope == WafScope::Cloudfront));

    // variables.tf and terraform.tfvars
    let mut variables = File::new()
        .block(variable("region", ty("string"), "AWS region of the environment.", None))
        .block(variable("environment", ty("string"), "Name of the environment (the Environment tag).", None))
        .block(variable("project", ty("string"), "Name of the plan (the Project tag).", None))
        .block(variable("name_prefix", ty("string"), "Prefix of resource names.", None))
        .block(variable("owner", ty("string"), "Team or person answerable for the resources (the Owner tag).", None))
        .block(variable("cost_center", ty("string"), "Cost center billed for the resources (the CostCenter tag).", None));
    let mut tfvars = File::new()
        .attr("region", s(&plan.plan().region))
        .attr("environment", s(&env.name))
        .attr("project", s(&plan.plan().name))
        .attr("name_prefix", s(format!("{}-{}", ctx.prefix, env.name)))
        .attr("owner", s(&options.owner))
        .attr("cost_center", s(&options.cost_center));
    if ctx.schedule().is_some() {
        variables.push(variable(
            "schedule_time_zone",
            ty("string"),
            "IANA time zone of the part-time schedule's start and stop times.",
            None,
        ));
        tfvars.push_attr("schedule_time_zone", s(&options.schedule_time_zone));
    }
    if has(Kind::Alb) {
        variables.push(variable("certificate_arn", ty("string"), "ACM certificate of the load balancers' HTTPS listeners.", None));
        tfvars = tfvars
            .comment("Replace: the ACM certificate (in this region) of the load balancer's domain.")
            .attr("certificate_arn", s(&options.certificate_arn));
    }
    if has(Kind::Cloudwatch) {
        variables.push(variable(
            "alarm_emails",
            list_of(ty("string")),
            "Email addresses that receive the alarms (each confirms its subscription).",
            None,
        ));
        tfvars.push_attr("alarm_emails", strings(&options.alarm_emails));
    }
    for part in &parts {
        if let Some((ty_expr, description, value)) = &part.variable {
            let ident = part_ident(part);
            variables.push(
                B::new("variable").label(ident.clone()).attr("type", ty_expr.clone()).attr("description", s(description.clone())),
            );
            tfvars.push_attr(&ident, value.clone());
        }
    }

    // main.tf
    let mut main = File::new().block(
        B::new("locals")
            .comment("The provider's default tags, repeated for what default_tags does not reach:")
            .comment("instances an Auto Scaling group or a node group launches.")
            .attr(
                "tags",
                obj(vec![
                    ("Environment", var("environment")),
                    ("Project", project_tag()),
                    ("Owner", var("owner")),
                    ("CostCenter", var("cost_center")),
                    ("ManagedBy", s("terraform")),
                ]),
            ),
    );
    let mut outputs = File::new();
    for part in parts {
        if let Some(module) = part.module {
            main.push(module);
        }
        for out in part.outputs {
            outputs.push(out);
        }
    }

    let versions = File::new().block(
        B::new("terraform").attr("required_version", s(TERRAFORM_VERSION)).block(
            B::new("required_providers")
                .attr("aws", obj(vec![("source", s("hashicorp/aws")), ("version", s(AWS_PROVIDER_VERSION))])),
        ),
    );

    let state_key = format!("{}/{}/terraform.tfstate", ctx.prefix, env.name);
    let backend = File::new()
        .comment("State in S3, encrypted, locked with DynamoDB. Create the bucket and the table")
        .comment("(partition key LockID, a string) once, before terraform init: see README.md.")
        .block(
            B::new("terraform").block(
                B::new("backend")
                    .label("s3")
                    .attr("bucket", s(options.state_bucket.clone().unwrap_or_else(|| default_state_bucket(plan))))
                    .attr("key", s(state_key))
                    .attr("region", s(&plan.plan().region))
                    .attr("dynamodb_table", s(options.lock_table.clone().unwrap_or_else(|| default_lock_table(plan))))
                    .attr("encrypt", true),
            ),
        );

    let default_tags = || {
        B::new("default_tags").attr(
            "tags",
            obj(vec![
                ("Environment", var("environment")),
                ("ManagedBy", s("terraform")),
                ("Owner", var("owner")),
                ("CostCenter", var("cost_center")),
                ("Project", project_tag()),
            ]),
        )
    };
    let mut providers = File::new().block(B::new("provider").label("aws").attr("region", var("region")).block(default_tags()));
    if us_east_1_waf {
        providers = providers.block(
            B::new("provider")
                .label("aws")
                .comment("CloudFront's web ACLs and their logs live in us-east-1, whatever the region.")
                .attr("alias", s("us_east_1"))
                .attr("region", s("us-east-1"))
                .block(default_tags()),
        );
    }

    let mut files = BTreeMap::new();
    files.insert("main.tf", crate::fmt::to_terraform(&main.into_body())?);
    files.insert("variables.tf", crate::fmt::to_terraform(&variables.into_body())?);
    files.insert("terraform.tfvars", crate::fmt::to_terraform(&tfvars.into_body())?);
    files.insert("outputs.tf", crate::fmt::to_terraform(&outputs.into_body())?);
    files.insert("versions.tf", crate::fmt::to_terraform(&versions.into_body())?);
    files.insert("backend.tf", crate::fmt::to_terraform(&backend.into_body())?);
    files.insert("providers.tf", crate::fmt::to_terraform(&providers.into_body())?);
    Ok((files, ctx.notes))
}

#[cfg(test)]
mod tests {
    use crate::ctx::crons;
    use crate::names::{bucket_name, is_graviton, parameter_group_family, price_class};
    use skyplan_core::aws::{DbEngine, Geography};
    use skyplan_core::model::Schedule;
    use std::collections::BTreeSet;

    #[test]
    fn schedules_become_crons() {
        let c = crons(Schedule { hours_per_day: 10, days_per_week: 5 }).unwrap();
        assert_eq!(c.asg_start, "0 8 * * MON-FRI");
        assert_eq!(c.asg_stop, "0 18 * * MON-FRI");
        assert_eq!(c.scheduler_stop, "cron(0 18 ? * MON-FRI *)");
        let late = crons(Schedule { hours_per_day: 20, days_per_week: 5 }).unwrap();
        assert_eq!(late.asg_stop, "0 4 * * TUE-SAT");
        let days = crons(Schedule { hours_per_day: 24, days_per_week: 5 }).unwrap();
        assert_eq!((days.asg_start.as_str(), days.asg_stop.as_str()), ("0 0 * * MON", "0 0 * * SAT"));
        assert!(crons(Schedule::ALWAYS).is_none());
    }

    #[test]
    fn families_and_classes() {
        assert_eq!(parameter_group_family(DbEngine::Postgres, "16.4"), "postgres16");
        assert_eq!(parameter_group_family(DbEngine::Postgres, "9.6.22"), "postgres9.6");
        assert_eq!(parameter_group_family(DbEngine::Mysql, "8.0.35"), "mysql8.0");
        assert!(is_graviton("m6g.large") && is_graviton("c7gn.xlarge") && !is_graviton("g4dn.xlarge") && !is_graviton("m5a.large"));
        let geos = |g: &[Geography]| g.iter().copied().collect::<BTreeSet<_>>();
        assert_eq!(price_class(&geos(&[Geography::NorthAmerica, Geography::Europe])), "PriceClass_100");
        assert_eq!(price_class(&geos(&[Geography::NorthAmerica, Geography::AsiaPacific])), "PriceClass_200");
        assert_eq!(price_class(&geos(&[Geography::SouthAmerica])), "PriceClass_All");
        assert_eq!(bucket_name("app-assets", "dev"), "app-assets-dev");
        assert!(bucket_name(&"a".repeat(63), "production").len() <= 63);
    }
}
