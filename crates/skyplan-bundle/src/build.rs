//! One environment of a plan → its resource graph, mirroring what
//! skyplan-terraform's `env.rs` and `modules/*.rs` write for the same
//! environment: the same resources, counts, names, ports and settings.
//!
//! Left out, and said so in the bundle's notes, are the export's extras
//! that the engine does not cover: VPC flow logs (log group, role,
//! policy), the default security group's lockdown, EKS add-ons (EKS
//! installs vpc-cni, CoreDNS and kube-proxy itself), the EKS control-plane
//! log group, Pod Identity for workloads, the monitoring application log
//! group, dashboard and email subscriptions, CloudFront's response headers
//! policy, WAF logging, and the EventBridge schedules that stop a
//! part-time database.
//!
//! Scaling follows the export, not the plan's `simulation` block: CPU
//! target tracking at 60 % and, behind a load balancer, 1000 requests per
//! target; scheduled actions start and stop a part-time environment.

use crate::ctx::{BuildError, Ctx, GraphOptions};
use crate::kinds;
use crate::graph::ResourceGraph;
use crate::names;
use skyplan_core::model::{Spec, ValidPlan};

/// The graph of environment `env_name` of `plan`; resources are tagged
/// with `plan_id`. Also returns what the graph could not carry over.
pub fn graph_of(plan: &ValidPlan, env_name: &str, plan_id: &str, options: &GraphOptions) -> Result<(ResourceGraph, Vec<String>), BuildError> {
    let env = plan
        .environment(env_name)
        .ok_or_else(|| BuildError::NoEnvironment(env_name.to_string()))?;
    let idents = names::identifiers(plan.plan().components.iter().map(|c| c.id.as_str()));
    let mut ctx = Ctx {
        plan,
        env,
        idents,
        prefix: names::plan_slug(&plan.plan().name),
        production: skyplan_terraform::is_production(&env.name),
        plan_id,
        options,
        resources: Vec::new(),
        notes: Vec::new(),
    };
    let needs_vpc = env
        .components
        .iter()
        .any(|c| c.spec.kind().in_vpc());
    if needs_vpc && ctx.vpc().is_none() {
        return Err(BuildError::Unsupported(format!(
            "environment \"{}\" has load balancers, instances, clusters or databases but no vpc component to put them in",
            env.name
        )));
    }
    let mut network = None;
    let vpc = env.components.iter().find_map(|c| if let Spec::Vpc(settings) = &c.spec { Some((c, settings)) } else { None });
    if let Some((component, settings)) = vpc {
        network = Some(kinds::vpc::network(settings, &mut ctx, component)?);
    }
    for component in &env.components {
        kinds::resources(&mut ctx, component, network.as_ref());
    }
    let mut notes = ctx.notes;
    notes.sort();
    notes.dedup();
    Ok((ResourceGraph::new(ctx.resources), notes))
}


