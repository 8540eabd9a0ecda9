//! The resource graph of the built-in templates: snapshots, hand-checked
//! counts and the graph's own checks.

use skyplan_bundle::{graph_of, GraphOptions, Properties, ResourceGraph};
use skyplan_core::templates::template;
use skyplan_core::ValidPlan;

fn plan(name: &str) -> ValidPlan {
    template(name).expect("built-in template").plan().expect("valid template")
}

fn graph(name: &str, env: &str) -> ResourceGraph {
    let (graph, _) = graph_of(&plan(name), env, "test-plan-id", &GraphOptions::default()).expect("graph");
    graph
}

/// One line per resource: address, type, dependencies.
fn outline(graph: &ResourceGraph) -> String {
    graph
        .resources
        .iter()
        .map(|r| {
            let deps: Vec<&str> = r.depends_on.iter().map(|d| d.as_str()).collect();
            format!("{}{} <- [{}]", r.address, if r.optional { " (optional)" } else { "" }, deps.join(", "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn saas_3tier_production_outline() {
    let graph = graph("saas-3tier", "production");
    graph.check().expect("graph checks");
    insta::assert_snapshot!(outline(&graph));
}

/// Counted by hand from the template (3 AZs, 3 public + 3 private
/// subnets, NAT per AZ; CloudFront in front of the ALB and the assets
/// bucket; ALB → web:8080 → platform:8080 → db:5432, cache:6379, both
/// buckets) and the export's modules:
#[test]
fn saas_3tier_production_counts() {
    let counts = graph("saas-3tier", "production").count_by_type();
    let count = |t: &str| counts.get(t).copied().unwrap_or(0);
    // Subnet i sits in AZ i mod 3: 3 public + 3 private, one per AZ and tier.
    assert_eq!(count("aws_subnet"), 6);
    // per_az: one NAT gateway (and Elastic IP) in each AZ with a public subnet.
    assert_eq!((count("aws_nat_gateway"), count("aws_eip")), (3, 3));
    assert_eq!(count("aws_internet_gateway"), 1);
    // One public table for all public subnets, one per private subnet.
    assert_eq!(count("aws_route_table"), 4);
    // 0.0.0.0/0 → IGW from the public table, → own AZ's NAT from each private one.
    assert_eq!(count("aws_route"), 4);
    assert_eq!(count("aws_route_table_association"), 6);
    // alb, web, platform, db, cache.
    assert_eq!(count("aws_security_group"), 5);
    // CloudFront's prefix list → alb; alb → web; web → platform; platform → db, cache.
    // No 0.0.0.0/0 listener rules: CloudFront fronts the load balancer.
    assert_eq!(count("aws_vpc_security_group_ingress_rule"), 5);
    // alb → web; web → platform + HTTPS out; platform → db, cache, S3 (one
    // rule for both buckets: the endpoint's prefix list) + HTTPS out.
    assert_eq!(count("aws_vpc_security_group_egress_rule"), 7);
    assert_eq!((count("aws_lb"), count("aws_lb_target_group"), count("aws_lb_listener")), (1, 1, 2));
    // web's template + one per node group (general, spot).
    assert_eq!(count("aws_launch_template"), 3);
    // CPU, and requests per target because the ALB sends to web; no
    // scheduled actions: production runs around the clock.
    assert_eq!(
        (
            count("aws_autoscaling_group"),
            count("aws_autoscaling_policy"),
            count("aws_autoscaling_schedule")
        ),
        (1, 2, 0)
    );
    assert_eq!((count("aws_eks_cluster"), count("aws_eks_node_group")), (1, 2));
    // web's instances, EKS cluster and nodes, RDS enhanced monitoring.
    assert_eq!(count("aws_iam_role"), 4);
    // web: SSM + CloudWatch agent; cluster: 1; nodes: 5; RDS monitoring: 1.
    assert_eq!(count("aws_iam_role_policy_attachment"), 9);
    // Purposes data, logs and eks (the plan has EKS); the cluster uses the
    // plan's eks key rather than one of its own.
    assert_eq!((count("aws_kms_key"), count("aws_kms_alias")), (3, 3));
    assert_eq!(
        (count("aws_db_subnet_group"), count("aws_db_instance"), count("aws_db_parameter_group")),
        (1, 1, 1)
    );
    assert_eq!(
        (count("aws_elasticache_subnet_group"), count("aws_elasticache_replication_group")),
        (1, 1)
    );
    // The cache's AUTH token (encryption in transit).
    assert_eq!(count("aws_secretsmanager_secret"), 1);
    assert_eq!(count("aws_s3_bucket"), 2);
    for sub in [
        "public_access_block",
        "ownership_controls",
        "versioning",
        "lifecycle_configuration",
        "policy",
    ] {
        assert_eq!(count(&format!("aws_s3_bucket_{sub}")), 2, "{sub}");
    }
    // CPU of web, platform, db, cache; memory and disk of web and platform.
    assert_eq!(count("aws_cloudwatch_metric_alarm"), 8);
    assert_eq!(count("aws_sns_topic"), 1);
    // CloudFront-scoped WAF: no regional association.
    assert_eq!(
        (
            count("aws_cloudfront_distribution"),
            count("aws_wafv2_web_acl"),
            count("aws_wafv2_web_acl_association")
        ),
        (1, 1, 0)
    );
    assert_eq!(counts.values().sum::<usize>(), 111);
}

#[test]
fn dev_is_smaller_and_scheduled() {
    let graph = graph("saas-3tier", "dev");
    graph.check().expect("graph checks");
    let counts = graph.count_by_type();
    // Two AZs, a single NAT gateway; the WAF is omitted.
    assert_eq!(counts["aws_subnet"], 4);
    assert_eq!(counts["aws_nat_gateway"], 1);
    assert!(!counts.contains_key("aws_wafv2_web_acl"));
    // Start and stop for web and for each node group.
    assert_eq!(counts["aws_autoscaling_schedule"], 2 + 2 * 2);
}

#[test]
fn every_template_environment_builds_a_sound_graph() {
    for t in skyplan_core::templates::TEMPLATES {
        let plan = plan(t.name);
        for env in plan.environment_names() {
            let (graph, _) = graph_of(&plan, env, "id", &GraphOptions::default()).unwrap_or_else(|e| panic!("{} {env}: {e}", t.name));
            graph.check().unwrap_or_else(|e| panic!("{} {env}: {e}", t.name));
            for r in &graph.resources {
                assert_eq!(r.properties.taggable(), !r.tags.is_empty(), "{}", r.address);
                if r.properties.taggable() {
                    assert_eq!(r.tags["skyplan:plan-id"], "id");
                    assert_eq!(r.tags["skyplan:address"], r.address.tag_value());
                    for (key, value) in &r.tags {
                        // What AWS allows in tag keys and values.
                        let allowed = |s: &str| s.chars().all(|c| c.is_alphanumeric() || " _.:/=+-@".contains(c));
                        assert!(allowed(key) && allowed(value), "{}: {key}={value}", r.address);
                    }
                }
                let edge = matches!(r.properties, Properties::CloudFrontDistribution(_) | Properties::WafWebAcl(_));
                assert!(!edge || r.optional, "{}", r.address);
            }
        }
    }
}
