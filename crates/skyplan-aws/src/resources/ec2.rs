//! Network (EC2) and load balancing (ELBv2) resources.

use super::shared::{check_owner, json_strs, sorted, Ctx, Live, Props, TypeRules};
use crate::desired::DesiredResource;
use skyplan_bundle::resources as planned;
use crate::error::{from_sdk, retry_consistency, AwsError};
use crate::state::ResourceState;
use aws_sdk_ec2::types::{
    AttributeBooleanValue, DomainType, Filter, IpPermission, IpRange, PrefixListId, ResourceType,
    Tag, TagSpecification, UserIdGroupPair, VpcAttributeName, VpcEndpointType,
};
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Duration;

/// The types this module applies: the fields each changes in place (any
/// other change replaces it) and those set at creation that AWS or the
/// workload moves afterwards, never compared (as the Terraform modules'
/// `ignore_changes`).
pub(super) const TYPES: &[TypeRules] = &[
    TypeRules { name: "aws_vpc", updatable: &["enable_dns_support", "enable_dns_hostnames"], ignored_after_create: &[] },
    TypeRules { name: "aws_subnet", updatable: &["map_public_ip_on_launch"], ignored_after_create: &[] },
    TypeRules { name: "aws_internet_gateway", updatable: &["vpc_id"], ignored_after_create: &[] },
    TypeRules { name: "aws_eip", updatable: &[], ignored_after_create: &[] },
    TypeRules { name: "aws_nat_gateway", updatable: &[], ignored_after_create: &[] },
    TypeRules { name: "aws_route_table", updatable: &[], ignored_after_create: &[] },
    TypeRules { name: "aws_route", updatable: &[], ignored_after_create: &[] },
    TypeRules { name: "aws_route_table_association", updatable: &[], ignored_after_create: &[] },
    TypeRules { name: "aws_vpc_endpoint", updatable: &[], ignored_after_create: &[] },
    TypeRules { name: "aws_security_group", updatable: &[], ignored_after_create: &[] },
    TypeRules { name: "aws_vpc_security_group_ingress_rule", updatable: &["description"], ignored_after_create: &[] },
    TypeRules { name: "aws_vpc_security_group_egress_rule", updatable: &["description"], ignored_after_create: &[] },
    TypeRules { name: "aws_lb", updatable: &["security_groups", "subnets", "drop_invalid_header_fields", "enable_deletion_protection"], ignored_after_create: &[] },
    TypeRules { name: "aws_lb_target_group", updatable: &["deregistration_delay_seconds", "health_check"], ignored_after_create: &[] },
    TypeRules { name: "aws_lb_listener", updatable: &["port", "protocol", "ssl_policy", "certificate_arn", "default_action"], ignored_after_create: &[] },
];

pub fn handles(kind: &str) -> bool {
    TYPES.iter().any(|t| t.name == kind)
}

/// How long to wait for a NAT gateway to become available or deleted:
/// "usually takes a few minutes"
/// (<https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-working-with.html>).
const NAT_WAIT: Duration = Duration::from_secs(15 * 60);
/// Budget for eventual-consistency retries of deletes (dependency violations
/// while network interfaces of deleted load balancers or NAT gateways go away).
const DELETE_BUDGET: Duration = Duration::from_secs(10 * 60);

fn tags_spec(kind: ResourceType, r: &DesiredResource) -> TagSpecification {
    TagSpecification::builder()
        .resource_type(kind)
        .set_tags(Some(ec2_tags(&r.tags)))
        .build()
}

fn ec2_tags(tags: &BTreeMap<String, String>) -> Vec<Tag> {
    tags.iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect()
}

fn tag_filters(r: &DesiredResource) -> Vec<Filter> {
    ["skyplan:plan-id", "skyplan:address"]
        .iter()
        .filter_map(|k| {
            Some(
                Filter::builder()
                    .name(format!("tag:{k}"))
                    .values(r.tags.get(*k)?)
                    .build(),
            )
        })
        .collect()
}

fn filter(name: &str, value: &str) -> Filter {
    Filter::builder().name(name).values(value).build()
}

fn bool_attr(v: bool) -> AttributeBooleanValue {
    AttributeBooleanValue::builder().value(v).build()
}

fn elb_tags(tags: &BTreeMap<String, String>) -> Vec<aws_sdk_elasticloadbalancingv2::types::Tag> {
    tags.iter()
        .map(|(k, v)| {
            aws_sdk_elasticloadbalancingv2::types::Tag::builder()
                .key(k)
                .value(v)
                .build()
        })
        .collect()
}

fn not_found(action: &str, what: &str) -> AwsError {
    AwsError::new(action, Some("NotFound"), format!("{what} does not exist"))
}

// ------------------------------------------------------------- create

pub async fn create(ctx: &Ctx, r: &DesiredResource, p: &Props<'_>) -> Result<Live, AwsError> {
    let ec2 = &ctx.ec2;
    match r.kind.as_str() {
        "aws_vpc" => {
            let out = ec2
                .create_vpc()
                .cidr_block(&p.typed::<planned::Vpc>()?.cidr_block)
                .tag_specifications(tags_spec(ResourceType::Vpc, r))
                .send()
                .await
                .map_err(|e| from_sdk("ec2:CreateVpc", e))?;
            let id = out
                .vpc()
                .and_then(|v| v.vpc_id())
                .unwrap_or_default()
                .to_string();
            set_vpc_attributes(ctx, &id, &p.typed()?, &["enable_dns_support", "enable_dns_hostnames"]).await?;
            read_vpc(ctx, &id).await
        }
        "aws_subnet" => {
            let subnet: planned::Subnet<String> = p.typed()?;
            let out = ec2
                .create_subnet()
                .vpc_id(&subnet.vpc_id)
                .cidr_block(&subnet.cidr_block)
                .availability_zone(&subnet.availability_zone)
                .tag_specifications(tags_spec(ResourceType::Subnet, r))
                .send()
                .await
                .map_err(|e| from_sdk("ec2:CreateSubnet", e))?;
            let id = out
                .subnet()
                .and_then(|s| s.subnet_id())
                .unwrap_or_default()
                .to_string();
            if subnet.map_public_ip_on_launch {
                set_subnet_public(ctx, &id, true).await?;
            }
            read_subnet(ctx, &id).await
        }
        "aws_internet_gateway" => {
            let out = ec2
                .create_internet_gateway()
                .tag_specifications(tags_spec(ResourceType::InternetGateway, r))
                .send()
                .await
                .map_err(|e| from_sdk("ec2:CreateInternetGateway", e))?;
            let id = out
                .internet_gateway()
                .and_then(|g| g.internet_gateway_id())
                .unwrap_or_default()
                .to_string();
            ec2.attach_internet_gateway()
                .internet_gateway_id(&id)
                .vpc_id(&p.typed::<planned::InternetGateway<String>>()?.vpc_id)
                .send()
                .await
                .map_err(|e| from_sdk("ec2:AttachInternetGateway", e))?;
            read_igw(ctx, &id).await
        }
        "aws_eip" => {
            let out = ec2
                .allocate_address()
                .domain(DomainType::Vpc)
                .tag_specifications(tags_spec(ResourceType::ElasticIp, r))
                .send()
                .await
                .map_err(|e| from_sdk("ec2:AllocateAddress", e))?;
            let id = out.allocation_id().unwrap_or_default().to_string();
            read_eip(ctx, &id).await
        }
        "aws_nat_gateway" => {
            let nat: planned::NatGateway<String> = p.typed()?;
            let out = ec2
                .create_nat_gateway()
                .allocation_id(&nat.allocation_id)
                .subnet_id(&nat.subnet_id)
                .tag_specifications(tags_spec(ResourceType::Natgateway, r))
                .send()
                .await
                .map_err(|e| from_sdk("ec2:CreateNatGateway", e))?;
            let id = out
                .nat_gateway()
                .and_then(|g| g.nat_gateway_id())
                .unwrap_or_default()
                .to_string();
            wait_nat(ctx, &id, "available").await?;
            read_nat(ctx, &id).await
        }
        "aws_route_table" => {
            let out = ec2
                .create_route_table()
                .vpc_id(&p.typed::<planned::RouteTable<String>>()?.vpc_id)
                .tag_specifications(tags_spec(ResourceType::RouteTable, r))
                .send()
                .await
                .map_err(|e| from_sdk("ec2:CreateRouteTable", e))?;
            let id = out
                .route_table()
                .and_then(|t| t.route_table_id())
                .unwrap_or_default()
                .to_string();
            read_route_table(ctx, &id).await
        }
        "aws_route" => {
            let route: planned::Route<String> = p.typed()?;
            let (table, destination) = (route.route_table_id.as_str(), route.destination_cidr_block.as_str());
            ec2.create_route()
                .route_table_id(table)
                .destination_cidr_block(destination)
                .set_gateway_id(route.gateway_id.clone())
                .set_nat_gateway_id(route.nat_gateway_id.clone())
                .send()
                .await
                .map_err(|e| from_sdk("ec2:CreateRoute", e))?;
            read_route(ctx, table, destination)
                .await?
                .ok_or_else(|| not_found("ec2:CreateRoute", "the route just created"))
        }
        "aws_route_table_association" => {
            let association: planned::RouteTableAssociation<String> = p.typed()?;
            let out = ec2
                .associate_route_table()
                .subnet_id(&association.subnet_id)
                .route_table_id(&association.route_table_id)
                .send()
                .await
                .map_err(|e| from_sdk("ec2:AssociateRouteTable", e))?;
            let id = out.association_id().unwrap_or_default().to_string();
            Ok(Live::new(id).observe("subnet_id", association.subnet_id).observe("route_table_id", association.route_table_id))
        }
        "aws_vpc_endpoint" => {
            let endpoint: planned::VpcEndpoint<String> = p.typed()?;
            let out = ec2
                .create_vpc_endpoint()
                .vpc_id(&endpoint.vpc_id)
                .service_name(&endpoint.service_name)
                .vpc_endpoint_type(VpcEndpointType::from(endpoint.vpc_endpoint_type.as_str()))
                .set_route_table_ids(Some(endpoint.route_table_ids))
                .tag_specifications(tags_spec(ResourceType::VpcEndpoint, r))
                .send()
                .await
                .map_err(|e| from_sdk("ec2:CreateVpcEndpoint", e))?;
            let id = out
                .vpc_endpoint()
                .and_then(|e| e.vpc_endpoint_id())
                .unwrap_or_default()
                .to_string();
            read_endpoint(ctx, &id).await
        }
        "aws_security_group" => {
            let group: planned::SecurityGroup<String> = p.typed()?;
            let out = ec2
                .create_security_group()
                .group_name(&group.name)
                .description(&group.description)
                .vpc_id(&group.vpc_id)
                .tag_specifications(tags_spec(ResourceType::SecurityGroup, r))
                .send()
                .await
                .map_err(|e| from_sdk("ec2:CreateSecurityGroup", e))?;
            let id = out.group_id().unwrap_or_default().to_string();
            // As Terraform's aws_security_group: the allow-all egress rule
            // AWS adds to a new group goes; the bundle's rules say what is allowed.
            revoke_default_egress(ctx, &id).await?;
            read_sg(ctx, &id).await
        }
        "aws_vpc_security_group_ingress_rule" | "aws_vpc_security_group_egress_rule" => {
            let ingress = r.kind == "aws_vpc_security_group_ingress_rule";
            let rule: planned::SecurityGroupRule<String> = p.typed()?;
            let group = rule.security_group_id.as_str();
            let permission = permission(ctx, &rule).await?;
            let spec = tags_spec(ResourceType::SecurityGroupRule, r);
            let rule_ids: Vec<String> = if ingress {
                let out = ec2
                    .authorize_security_group_ingress()
                    .group_id(group)
                    .ip_permissions(permission)
                    .tag_specifications(spec)
                    .send()
                    .await
                    .map_err(|e| from_sdk("ec2:AuthorizeSecurityGroupIngress", e))?;
                out.security_group_rules()
                    .iter()
                    .filter_map(|r| r.security_group_rule_id().map(str::to_string))
                    .collect()
            } else {
                let out = ec2
                    .authorize_security_group_egress()
                    .group_id(group)
                    .ip_permissions(permission)
                    .tag_specifications(spec)
                    .send()
                    .await
                    .map_err(|e| from_sdk("ec2:AuthorizeSecurityGroupEgress", e))?;
                out.security_group_rules()
                    .iter()
                    .filter_map(|r| r.security_group_rule_id().map(str::to_string))
                    .collect()
            };
            match rule_ids.first() {
                Some(id) => read_rule(ctx, id).await,
                None => find_rule(ctx, r, &rule).await?.ok_or_else(|| {
                    not_found("ec2:AuthorizeSecurityGroupIngress", "the rule just created")
                }),
            }
        }
        "aws_lb" => {
            use aws_sdk_elasticloadbalancingv2::types::{
                LoadBalancerSchemeEnum, LoadBalancerTypeEnum,
            };
            let lb: planned::Lb<String> = p.typed()?;
            let out = ctx
                .elb
                .create_load_balancer()
                .name(&lb.name)
                .scheme(if lb.internal {
                    LoadBalancerSchemeEnum::Internal
                } else {
                    LoadBalancerSchemeEnum::InternetFacing
                })
                .r#type(LoadBalancerTypeEnum::from(lb.load_balancer_type.as_str()))
                .set_security_groups(Some(lb.security_groups.clone()))
                .set_subnets(Some(lb.subnets.clone()))
                .set_tags(Some(elb_tags(&r.tags)))
                .send()
                .await
                .map_err(|e| from_sdk("elasticloadbalancing:CreateLoadBalancer", e))?;
            let arn = out
                .load_balancers()
                .first()
                .and_then(|l| l.load_balancer_arn())
                .unwrap_or_default()
                .to_string();
            set_lb_attributes(ctx, &arn, &lb).await?;
            read_lb(ctx, &arn)
                .await?
                .ok_or_else(|| not_found("elasticloadbalancing:DescribeLoadBalancers", &arn))
        }
        "aws_lb_target_group" => {
            use aws_sdk_elasticloadbalancingv2::types::{Matcher, ProtocolEnum, TargetTypeEnum};
            let group: planned::LbTargetGroup<String> = p.typed()?;
            let hc = &group.health_check;
            let count = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
            let out = ctx
                .elb
                .create_target_group()
                .name(&group.name)
                .port(i32::from(group.port))
                .protocol(ProtocolEnum::from(group.protocol.as_str()))
                .vpc_id(&group.vpc_id)
                .target_type(TargetTypeEnum::from(group.target_type.as_str()))
                .health_check_path(&hc.path)
                .matcher(Matcher::builder().http_code(&hc.matcher).build())
                .health_check_interval_seconds(count(hc.interval_seconds))
                .healthy_threshold_count(count(hc.healthy_threshold))
                .unhealthy_threshold_count(count(hc.unhealthy_threshold))
                .set_tags(Some(elb_tags(&r.tags)))
                .send()
                .await
                .map_err(|e| from_sdk("elasticloadbalancing:CreateTargetGroup", e))?;
            let arn = out
                .target_groups()
                .first()
                .and_then(|t| t.target_group_arn())
                .unwrap_or_default()
                .to_string();
            set_tg_attributes(ctx, &arn, &group).await?;
            read_tg(ctx, &arn)
                .await?
                .ok_or_else(|| not_found("elasticloadbalancing:DescribeTargetGroups", &arn))
        }
        "aws_lb_listener" => {
            let listener: planned::LbListener<String, String> = p.typed()?;
            let out = ctx
                .elb
                .create_listener()
                .load_balancer_arn(&listener.load_balancer_arn)
                .port(i32::from(listener.port))
                .protocol(aws_sdk_elasticloadbalancingv2::types::ProtocolEnum::from(listener.protocol.as_str()))
                .set_ssl_policy(listener.ssl_policy.clone())
                .set_certificates(certificates(&listener))
                .default_actions(listener_action(&listener))
                .set_tags(Some(elb_tags(&r.tags)))
                .send()
                .await
                .map_err(|e| from_sdk("elasticloadbalancing:CreateListener", e))?;
            let arn = out
                .listeners()
                .first()
                .and_then(|l| l.listener_arn())
                .unwrap_or_default()
                .to_string();
            read_listener(ctx, &arn)
                .await?
                .ok_or_else(|| not_found("elasticloadbalancing:DescribeListeners", &arn))
        }
        other => Err(super::shared::unsupported(other)),
    }
}

async fn set_vpc_attributes(
    ctx: &Ctx,
    id: &str,
    vpc: &planned::Vpc,
    fields: &[&str],
) -> Result<(), AwsError> {
    // One attribute per call, as the API requires.
    for field in fields {
        let value = bool_attr(if *field == "enable_dns_support" { vpc.enable_dns_support } else { vpc.enable_dns_hostnames });
        let call = ctx.ec2.modify_vpc_attribute().vpc_id(id);
        let call = if *field == "enable_dns_support" {
            call.enable_dns_support(value)
        } else {
            call.enable_dns_hostnames(value)
        };
        call.send()
            .await
            .map_err(|e| from_sdk("ec2:ModifyVpcAttribute", e))?;
    }
    Ok(())
}

async fn set_subnet_public(ctx: &Ctx, id: &str, public: bool) -> Result<(), AwsError> {
    ctx.ec2
        .modify_subnet_attribute()
        .subnet_id(id)
        .map_public_ip_on_launch(bool_attr(public))
        .send()
        .await
        .map_err(|e| from_sdk("ec2:ModifySubnetAttribute", e))?;
    Ok(())
}

async fn revoke_default_egress(ctx: &Ctx, group: &str) -> Result<(), AwsError> {
    let rules = ctx
        .ec2
        .describe_security_group_rules()
        .filters(filter("group-id", group))
        .send()
        .await
        .map_err(|e| from_sdk("ec2:DescribeSecurityGroupRules", e))?;
    let default: Vec<String> = rules
        .security_group_rules()
        .iter()
        .filter(|r| {
            r.is_egress() == Some(true)
                && r.ip_protocol() == Some("-1")
                && r.cidr_ipv4() == Some("0.0.0.0/0")
        })
        .filter_map(|r| r.security_group_rule_id().map(str::to_string))
        .collect();
    if !default.is_empty() {
        ctx.ec2
            .revoke_security_group_egress()
            .group_id(group)
            .set_security_group_rule_ids(Some(default))
            .send()
            .await
            .map_err(|e| from_sdk("ec2:RevokeSecurityGroupEgress", e))?;
    }
    Ok(())
}

async fn permission(ctx: &Ctx, rule: &planned::SecurityGroupRule<String>) -> Result<IpPermission, AwsError> {
    let description = rule.description.as_str();
    let mut b = IpPermission::builder()
        .ip_protocol(&rule.ip_protocol)
        .from_port(i32::from(rule.from_port))
        .to_port(i32::from(rule.to_port));
    if let Some(group) = &rule.referenced_security_group_id {
        b = b.user_id_group_pairs(
            UserIdGroupPair::builder()
                .group_id(group)
                .description(description)
                .build(),
        );
    } else if let Some(cidr) = &rule.cidr_ipv4 {
        b = b.ip_ranges(
            IpRange::builder()
                .cidr_ip(cidr)
                .description(description)
                .build(),
        );
    } else {
        let list = match (rule.prefix_list_id.as_deref(), rule.managed_prefix_list_name.as_deref()) {
            (Some(id), _) => id.to_string(),
            (None, Some(name)) => managed_prefix_list(ctx, name).await?,
            (None, None) => {
                return Err(AwsError::new(
                    "skyplan:read-bundle",
                    None,
                    "a security group rule names no peer (group, prefix list or CIDR)",
                ))
            }
        };
        b = b.prefix_list_ids(
            PrefixListId::builder()
                .prefix_list_id(list)
                .description(description)
                .build(),
        );
    }
    Ok(b.build())
}

/// An AWS-managed prefix list's id by name.
async fn managed_prefix_list(ctx: &Ctx, name: &str) -> Result<String, AwsError> {
    let out = ctx
        .ec2
        .describe_managed_prefix_lists()
        .filters(filter("prefix-list-name", name))
        .send()
        .await
        .map_err(|e| from_sdk("ec2:DescribeManagedPrefixLists", e))?;
    out.prefix_lists()
        .first()
        .and_then(|l| l.prefix_list_id())
        .map(str::to_string)
        .ok_or_else(|| {
            not_found(
                "ec2:DescribeManagedPrefixLists",
                &format!("the managed prefix list {name}"),
            )
        })
}

fn certificates(listener: &planned::LbListener<String, String>) -> Option<Vec<aws_sdk_elasticloadbalancingv2::types::Certificate>> {
    listener.certificate_arn.as_ref().map(|arn| {
        vec![
            aws_sdk_elasticloadbalancingv2::types::Certificate::builder()
                .certificate_arn(arn)
                .build(),
        ]
    })
}

fn listener_action(listener: &planned::LbListener<String, String>) -> aws_sdk_elasticloadbalancingv2::types::Action {
    use aws_sdk_elasticloadbalancingv2::types::{
        Action, ActionTypeEnum, RedirectActionConfig, RedirectActionStatusCodeEnum,
    };
    match &listener.default_action {
        planned::ListenerAction::Forward { target_group_arn } => {
            Action::builder().r#type(ActionTypeEnum::Forward).target_group_arn(target_group_arn).build()
        }
        planned::ListenerAction::Redirect { port, protocol, status_code } => Action::builder()
            .r#type(ActionTypeEnum::Redirect)
            .redirect_config(
                RedirectActionConfig::builder()
                    .port(port)
                    .protocol(protocol)
                    .status_code(RedirectActionStatusCodeEnum::from(status_code.as_str()))
                    .build(),
            )
            .build(),
    }
}

async fn set_lb_attributes(ctx: &Ctx, arn: &str, lb: &planned::Lb<String>) -> Result<(), AwsError> {
    use aws_sdk_elasticloadbalancingv2::types::LoadBalancerAttribute;
    let attr = |k: &str, v: bool| {
        LoadBalancerAttribute::builder()
            .key(k)
            .value(v.to_string())
            .build()
    };
    ctx.elb
        .modify_load_balancer_attributes()
        .load_balancer_arn(arn)
        .attributes(attr(
            "routing.http.drop_invalid_header_fields.enabled",
            lb.drop_invalid_header_fields,
        ))
        .attributes(attr(
            "deletion_protection.enabled",
            lb.enable_deletion_protection,
        ))
        .send()
        .await
        .map_err(|e| from_sdk("elasticloadbalancing:ModifyLoadBalancerAttributes", e))?;
    Ok(())
}

async fn set_tg_attributes(ctx: &Ctx, arn: &str, group: &planned::LbTargetGroup<String>) -> Result<(), AwsError> {
    use aws_sdk_elasticloadbalancingv2::types::TargetGroupAttribute;
    ctx.elb
        .modify_target_group_attributes()
        .target_group_arn(arn)
        .attributes(
            TargetGroupAttribute::builder()
                .key("deregistration_delay.timeout_seconds")
                .value(group.deregistration_delay_seconds.to_string())
                .build(),
        )
        .send()
        .await
        .map_err(|e| from_sdk("elasticloadbalancing:ModifyTargetGroupAttributes", e))?;
    Ok(())
}

async fn wait_nat(ctx: &Ctx, id: &str, want: &str) -> Result<(), AwsError> {
    let started = std::time::Instant::now();
    loop {
        let out = ctx
            .ec2
            .describe_nat_gateways()
            .nat_gateway_ids(id)
            .send()
            .await
            .map_err(|e| from_sdk("ec2:DescribeNatGateways", e))?;
        let state = out
            .nat_gateways()
            .first()
            .and_then(|g| g.state())
            .map(|s| s.as_str().to_string())
            .unwrap_or_default();
        if state == want || (want == "deleted" && state.is_empty()) {
            return Ok(());
        }
        if state == "failed" && want == "available" {
            let reason = out
                .nat_gateways()
                .first()
                .and_then(|g| g.failure_message())
                .unwrap_or("no reason given");
            return Err(AwsError::new(
                "ec2:CreateNatGateway",
                Some("NatGatewayFailed"),
                reason.to_string(),
            ));
        }
        if started.elapsed() > NAT_WAIT {
            return Err(AwsError::new(
                "ec2:DescribeNatGateways",
                Some("Timeout"),
                format!("{id} still {state} after 15 minutes"),
            ));
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
}

// ------------------------------------------------------------- read

async fn read_vpc(ctx: &Ctx, id: &str) -> Result<Live, AwsError> {
    let out = ctx
        .ec2
        .describe_vpcs()
        .vpc_ids(id)
        .send()
        .await
        .map_err(|e| from_sdk("ec2:DescribeVpcs", e))?;
    let vpc = out
        .vpcs()
        .first()
        .ok_or_else(|| not_found("ec2:DescribeVpcs", id))?;
    let mut live = Live::new(id).observe("cidr_block", vpc.cidr_block().unwrap_or_default());
    for (field, attribute) in [
        ("enable_dns_support", VpcAttributeName::EnableDnsSupport),
        ("enable_dns_hostnames", VpcAttributeName::EnableDnsHostnames),
    ] {
        let a = ctx
            .ec2
            .describe_vpc_attribute()
            .vpc_id(id)
            .attribute(attribute)
            .send()
            .await
            .map_err(|e| from_sdk("ec2:DescribeVpcAttribute", e))?;
        let value = if field == "enable_dns_support" {
            a.enable_dns_support()
        } else {
            a.enable_dns_hostnames()
        };
        if let Some(v) = value.and_then(|v| v.value()) {
            live = live.observe(field, v);
        }
    }
    Ok(live)
}

async fn read_subnet(ctx: &Ctx, id: &str) -> Result<Live, AwsError> {
    let out = ctx
        .ec2
        .describe_subnets()
        .subnet_ids(id)
        .send()
        .await
        .map_err(|e| from_sdk("ec2:DescribeSubnets", e))?;
    let s = out
        .subnets()
        .first()
        .ok_or_else(|| not_found("ec2:DescribeSubnets", id))?;
    Ok(Live::new(id)
        .attr("arn", s.subnet_arn().unwrap_or_default())
        .observe("vpc_id", s.vpc_id().unwrap_or_default())
        .observe("cidr_block", s.cidr_block().unwrap_or_default())
        .observe(
            "availability_zone",
            s.availability_zone().unwrap_or_default(),
        )
        .observe(
            "map_public_ip_on_launch",
            s.map_public_ip_on_launch().unwrap_or(false),
        ))
}

async fn read_igw(ctx: &Ctx, id: &str) -> Result<Live, AwsError> {
    let out = ctx
        .ec2
        .describe_internet_gateways()
        .internet_gateway_ids(id)
        .send()
        .await
        .map_err(|e| from_sdk("ec2:DescribeInternetGateways", e))?;
    let g = out
        .internet_gateways()
        .first()
        .ok_or_else(|| not_found("ec2:DescribeInternetGateways", id))?;
    let vpc = g
        .attachments()
        .first()
        .and_then(|a| a.vpc_id())
        .unwrap_or_default();
    Ok(Live::new(id).observe("vpc_id", vpc))
}

async fn read_eip(ctx: &Ctx, id: &str) -> Result<Live, AwsError> {
    let out = ctx
        .ec2
        .describe_addresses()
        .allocation_ids(id)
        .send()
        .await
        .map_err(|e| from_sdk("ec2:DescribeAddresses", e))?;
    let a = out
        .addresses()
        .first()
        .ok_or_else(|| not_found("ec2:DescribeAddresses", id))?;
    Ok(Live::new(id)
        .attr("public_ip", a.public_ip().unwrap_or_default())
        .observe("domain", a.domain().map(|d| d.as_str()).unwrap_or("vpc")))
}

async fn read_nat(ctx: &Ctx, id: &str) -> Result<Live, AwsError> {
    let out = ctx
        .ec2
        .describe_nat_gateways()
        .nat_gateway_ids(id)
        .send()
        .await
        .map_err(|e| from_sdk("ec2:DescribeNatGateways", e))?;
    let g = out
        .nat_gateways()
        .first()
        .filter(|g| {
            !matches!(
                g.state().map(|s| s.as_str()),
                Some("deleted" | "deleting" | "failed")
            )
        })
        .ok_or_else(|| not_found("ec2:DescribeNatGateways", id))?;
    let allocation = g
        .nat_gateway_addresses()
        .first()
        .and_then(|a| a.allocation_id())
        .unwrap_or_default();
    Ok(Live::new(id)
        .observe("subnet_id", g.subnet_id().unwrap_or_default())
        .observe("allocation_id", allocation))
}

async fn read_route_table(ctx: &Ctx, id: &str) -> Result<Live, AwsError> {
    let out = ctx
        .ec2
        .describe_route_tables()
        .route_table_ids(id)
        .send()
        .await
        .map_err(|e| from_sdk("ec2:DescribeRouteTables", e))?;
    let t = out
        .route_tables()
        .first()
        .ok_or_else(|| not_found("ec2:DescribeRouteTables", id))?;
    Ok(Live::new(id).observe("vpc_id", t.vpc_id().unwrap_or_default()))
}

/// A route's id is `<route table id>_<destination>`, as Terraform's.
async fn read_route(ctx: &Ctx, table: &str, destination: &str) -> Result<Option<Live>, AwsError> {
    let out = ctx
        .ec2
        .describe_route_tables()
        .route_table_ids(table)
        .send()
        .await
        .map_err(|e| from_sdk("ec2:DescribeRouteTables", e))?;
    let Some(t) = out.route_tables().first() else {
        return Ok(None);
    };
    let Some(route) = t
        .routes()
        .iter()
        .find(|r| r.destination_cidr_block() == Some(destination))
    else {
        return Ok(None);
    };
    let mut live = Live::new(format!("{table}_{destination}"))
        .observe("route_table_id", table)
        .observe("destination_cidr_block", destination);
    let gateway = route.gateway_id().filter(|g| g.starts_with("igw-"));
    live = live.observe(
        "gateway_id",
        gateway.map(Value::from).unwrap_or(Value::Null),
    );
    live = live.observe(
        "nat_gateway_id",
        route
            .nat_gateway_id()
            .map(Value::from)
            .unwrap_or(Value::Null),
    );
    Ok(Some(live))
}

async fn read_association(ctx: &Ctx, id: &str) -> Result<Option<Live>, AwsError> {
    let out = ctx
        .ec2
        .describe_route_tables()
        .filters(filter("association.route-table-association-id", id))
        .send()
        .await
        .map_err(|e| from_sdk("ec2:DescribeRouteTables", e))?;
    for t in out.route_tables() {
        for a in t.associations() {
            if a.route_table_association_id() == Some(id) {
                return Ok(Some(
                    Live::new(id)
                        .observe("subnet_id", a.subnet_id().unwrap_or_default())
                        .observe("route_table_id", t.route_table_id().unwrap_or_default()),
                ));
            }
        }
    }
    Ok(None)
}

async fn read_endpoint(ctx: &Ctx, id: &str) -> Result<Live, AwsError> {
    let out = ctx
        .ec2
        .describe_vpc_endpoints()
        .vpc_endpoint_ids(id)
        .send()
        .await
        .map_err(|e| from_sdk("ec2:DescribeVpcEndpoints", e))?;
    let e = out
        .vpc_endpoints()
        .first()
        .filter(|e| {
            !matches!(
                e.state()
                    .map(|s| s.as_str().to_ascii_lowercase())
                    .as_deref(),
                Some("deleted" | "deleting")
            )
        })
        .ok_or_else(|| not_found("ec2:DescribeVpcEndpoints", id))?;
    let service = e.service_name().unwrap_or_default().to_string();
    let mut live = Live::new(id)
        .observe("vpc_id", e.vpc_id().unwrap_or_default())
        .observe("service_name", service.clone())
        .observe(
            "route_table_ids",
            json_strs(sorted(e.route_table_ids().to_vec())),
        );
    // A gateway endpoint's service has an AWS-managed prefix list of the same name.
    let lists = ctx
        .ec2
        .describe_prefix_lists()
        .filters(filter("prefix-list-name", &service))
        .send()
        .await
        .map_err(|e| from_sdk("ec2:DescribePrefixLists", e))?;
    if let Some(list) = lists
        .prefix_lists()
        .first()
        .and_then(|l| l.prefix_list_id())
    {
        live = live.attr("prefix_list_id", list);
    }
    Ok(live)
}

async fn read_sg(ctx: &Ctx, id: &str) -> Result<Live, AwsError> {
    let out = ctx
        .ec2
        .describe_security_groups()
        .group_ids(id)
        .send()
        .await
        .map_err(|e| from_sdk("ec2:DescribeSecurityGroups", e))?;
    let g = out
        .security_groups()
        .first()
        .ok_or_else(|| not_found("ec2:DescribeSecurityGroups", id))?;
    Ok(Live::new(id)
        .attr("arn", g.security_group_arn().unwrap_or_default())
        .attr("name", g.group_name().unwrap_or_default())
        .observe("name", g.group_name().unwrap_or_default())
        .observe("description", g.description().unwrap_or_default())
        .observe("vpc_id", g.vpc_id().unwrap_or_default()))
}

fn rule_live(rule: &aws_sdk_ec2::types::SecurityGroupRule) -> Live {
    let id = rule.security_group_rule_id().unwrap_or_default();
    let mut live = Live::new(id)
        .observe("security_group_id", rule.group_id().unwrap_or_default())
        .observe("ip_protocol", rule.ip_protocol().unwrap_or_default())
        .observe("from_port", rule.from_port().unwrap_or_default())
        .observe("to_port", rule.to_port().unwrap_or_default());
    if let Some(d) = rule.description() {
        live = live.observe("description", d);
    }
    if let Some(g) = rule.referenced_group_info().and_then(|g| g.group_id()) {
        live = live.observe("referenced_security_group_id", g);
    }
    if let Some(c) = rule.cidr_ipv4() {
        live = live.observe("cidr_ipv4", c);
    }
    live
}

async fn read_rule(ctx: &Ctx, id: &str) -> Result<Live, AwsError> {
    let out = ctx
        .ec2
        .describe_security_group_rules()
        .security_group_rule_ids(id)
        .send()
        .await
        .map_err(|e| from_sdk("ec2:DescribeSecurityGroupRules", e))?;
    out.security_group_rules()
        .first()
        .map(rule_live)
        .ok_or_else(|| not_found("ec2:DescribeSecurityGroupRules", id))
}

/// A rule by its tags, else by its content within its group.
async fn find_rule(
    ctx: &Ctx,
    r: &DesiredResource,
    wanted: &planned::SecurityGroupRule<String>,
) -> Result<Option<Live>, AwsError> {
    let group = wanted.security_group_id.as_str();
    let out = ctx
        .ec2
        .describe_security_group_rules()
        .filters(filter("group-id", group))
        .send()
        .await
        .map_err(|e| from_sdk("ec2:DescribeSecurityGroupRules", e))?;
    let egress = r.kind == "aws_vpc_security_group_egress_rule";
    let address = r.tags.get("skyplan:address");
    let tagged = out.security_group_rules().iter().find(|rule| {
        rule.tags().iter().any(|t| {
            t.key() == Some("skyplan:address") && t.value().map(str::to_string).as_ref() == address
        })
    });
    if let Some(rule) = tagged {
        return Ok(Some(rule_live(rule)));
    }
    let peer_matches = |rule: &aws_sdk_ec2::types::SecurityGroupRule| match (
        wanted.referenced_security_group_id.as_deref(),
        wanted.cidr_ipv4.as_deref(),
    ) {
        (Some(g), _) => rule.referenced_group_info().and_then(|i| i.group_id()) == Some(g),
        (None, Some(c)) => rule.cidr_ipv4() == Some(c),
        _ => rule.prefix_list_id().is_some(),
    };
    let found = out.security_group_rules().iter().find(|rule| {
        rule.is_egress() == Some(egress)
            && rule.from_port() == Some(i32::from(wanted.from_port))
            && rule.to_port() == Some(i32::from(wanted.to_port))
            && rule.ip_protocol() == Some(wanted.ip_protocol.as_str())
            && peer_matches(rule)
    });
    Ok(found.map(rule_live))
}

async fn read_lb(ctx: &Ctx, arn: &str) -> Result<Option<Live>, AwsError> {
    let out = match ctx
        .elb
        .describe_load_balancers()
        .load_balancer_arns(arn)
        .send()
        .await
    {
        Ok(out) => out,
        Err(e) => {
            let e = from_sdk("elasticloadbalancing:DescribeLoadBalancers", e);
            return if e.is_not_found() { Ok(None) } else { Err(e) };
        }
    };
    let Some(lb) = out.load_balancers().first() else {
        return Ok(None);
    };
    let suffix = arn
        .split_once(":loadbalancer/")
        .map(|(_, s)| s)
        .unwrap_or_default();
    Ok(Some(
        Live::new(arn)
            .attr("arn", arn)
            .attr("arn_suffix", suffix)
            .attr("dns_name", lb.dns_name().unwrap_or_default())
            .attr("name", lb.load_balancer_name().unwrap_or_default())
            .observe("name", lb.load_balancer_name().unwrap_or_default())
            .observe(
                "internal",
                lb.scheme()
                    .map(|s| s.as_str() == "internal")
                    .unwrap_or(false),
            )
            .observe("security_groups", json_strs(lb.security_groups().to_vec()))
            .observe(
                "subnets",
                json_strs(
                    lb.availability_zones()
                        .iter()
                        .filter_map(|z| z.subnet_id().map(str::to_string)),
                ),
            ),
    ))
}

async fn read_tg(ctx: &Ctx, arn: &str) -> Result<Option<Live>, AwsError> {
    let out = match ctx
        .elb
        .describe_target_groups()
        .target_group_arns(arn)
        .send()
        .await
    {
        Ok(out) => out,
        Err(e) => {
            let e = from_sdk("elasticloadbalancing:DescribeTargetGroups", e);
            return if e.is_not_found() { Ok(None) } else { Err(e) };
        }
    };
    let Some(tg) = out.target_groups().first() else {
        return Ok(None);
    };
    let suffix = arn
        .split_once(":targetgroup/")
        .map(|(_, s)| format!("targetgroup/{s}"))
        .unwrap_or_default();
    Ok(Some(
        Live::new(arn)
            .attr("arn", arn)
            .attr("arn_suffix", suffix)
            .attr("name", tg.target_group_name().unwrap_or_default())
            .observe("name", tg.target_group_name().unwrap_or_default())
            .observe("port", tg.port().unwrap_or_default())
            .observe("vpc_id", tg.vpc_id().unwrap_or_default()),
    ))
}

async fn read_listener(ctx: &Ctx, arn: &str) -> Result<Option<Live>, AwsError> {
    let out = match ctx.elb.describe_listeners().listener_arns(arn).send().await {
        Ok(out) => out,
        Err(e) => {
            let e = from_sdk("elasticloadbalancing:DescribeListeners", e);
            return if e.is_not_found() { Ok(None) } else { Err(e) };
        }
    };
    let Some(l) = out.listeners().first() else {
        return Ok(None);
    };
    Ok(Some(
        Live::new(arn)
            .attr("arn", arn)
            .observe(
                "load_balancer_arn",
                l.load_balancer_arn().unwrap_or_default(),
            )
            .observe("port", l.port().unwrap_or_default()),
    ))
}

async fn elb_tags_of(ctx: &Ctx, arn: &str) -> Result<BTreeMap<String, String>, AwsError> {
    let out = ctx
        .elb
        .describe_tags()
        .resource_arns(arn)
        .send()
        .await
        .map_err(|e| from_sdk("elasticloadbalancing:DescribeTags", e))?;
    Ok(out
        .tag_descriptions()
        .iter()
        .flat_map(|d| d.tags())
        .filter_map(|t| {
            Some((
                t.key()?.to_string(),
                t.value().unwrap_or_default().to_string(),
            ))
        })
        .collect())
}

pub async fn read(
    ctx: &Ctx,
    r: &DesiredResource,
    rs: &ResourceState,
) -> Result<Option<Live>, AwsError> {
    let id = rs.id.as_str();
    let p = Props::new(&r.address, &rs.properties);
    Ok(Some(match r.kind.as_str() {
        "aws_vpc" => read_vpc(ctx, id).await?,
        "aws_subnet" => read_subnet(ctx, id).await?,
        "aws_internet_gateway" => read_igw(ctx, id).await?,
        "aws_eip" => read_eip(ctx, id).await?,
        "aws_nat_gateway" => read_nat(ctx, id).await?,
        "aws_route_table" => read_route_table(ctx, id).await?,
        "aws_route" => {
            let (table, destination) = id.split_once('_').unwrap_or((id, ""));
            return read_route(ctx, table, destination).await;
        }
        "aws_route_table_association" => return read_association(ctx, id).await,
        "aws_vpc_endpoint" => read_endpoint(ctx, id).await?,
        "aws_security_group" => read_sg(ctx, id).await?,
        "aws_vpc_security_group_ingress_rule" | "aws_vpc_security_group_egress_rule" => {
            let _ = p;
            read_rule(ctx, id).await?
        }
        "aws_lb" => return read_lb(ctx, id).await,
        "aws_lb_target_group" => return read_tg(ctx, id).await,
        "aws_lb_listener" => return read_listener(ctx, id).await,
        other => return Err(super::shared::unsupported(other)),
    }))
}

// ------------------------------------------------------------- find

pub async fn find(ctx: &Ctx, r: &DesiredResource, p: &Props<'_>) -> Result<Option<Live>, AwsError> {
    let ec2 = &ctx.ec2;
    let filters = tag_filters(r);
    use crate::error::sdk as err;
    match r.kind.as_str() {
        "aws_vpc" => {
            let out = ec2
                .describe_vpcs()
                .set_filters(Some(filters))
                .send()
                .await
                .map_err(err("ec2:DescribeVpcs"))?;
            match out.vpcs().first().and_then(|v| v.vpc_id()) {
                Some(id) => Ok(Some(read_vpc(ctx, id).await?)),
                None => Ok(None),
            }
        }
        "aws_subnet" => {
            let out = ec2
                .describe_subnets()
                .set_filters(Some(filters))
                .send()
                .await
                .map_err(err("ec2:DescribeSubnets"))?;
            match out.subnets().first().and_then(|v| v.subnet_id()) {
                Some(id) => Ok(Some(read_subnet(ctx, id).await?)),
                None => Ok(None),
            }
        }
        "aws_internet_gateway" => {
            let out = ec2
                .describe_internet_gateways()
                .set_filters(Some(filters))
                .send()
                .await
                .map_err(err("ec2:DescribeInternetGateways"))?;
            match out
                .internet_gateways()
                .first()
                .and_then(|v| v.internet_gateway_id())
            {
                // Killed between create and attach: the vpc_id observed is
                // empty, so the plan shows an update that attaches it.
                Some(id) => Ok(Some(read_igw(ctx, id).await?)),
                None => Ok(None),
            }
        }
        "aws_eip" => {
            let out = ec2
                .describe_addresses()
                .set_filters(Some(filters))
                .send()
                .await
                .map_err(err("ec2:DescribeAddresses"))?;
            match out.addresses().first().and_then(|v| v.allocation_id()) {
                Some(id) => Ok(Some(read_eip(ctx, id).await?)),
                None => Ok(None),
            }
        }
        "aws_nat_gateway" => {
            let mut filters = filters;
            filters.push(
                Filter::builder()
                    .name("state")
                    .values("pending")
                    .values("available")
                    .build(),
            );
            let out = ec2
                .describe_nat_gateways()
                .set_filter(Some(filters))
                .send()
                .await
                .map_err(err("ec2:DescribeNatGateways"))?;
            match out.nat_gateways().first().and_then(|v| v.nat_gateway_id()) {
                Some(id) => {
                    wait_nat(ctx, id, "available").await?;
                    Ok(Some(read_nat(ctx, id).await?))
                }
                None => Ok(None),
            }
        }
        "aws_route_table" => {
            let out = ec2
                .describe_route_tables()
                .set_filters(Some(filters))
                .send()
                .await
                .map_err(err("ec2:DescribeRouteTables"))?;
            match out.route_tables().first().and_then(|v| v.route_table_id()) {
                Some(id) => Ok(Some(read_route_table(ctx, id).await?)),
                None => Ok(None),
            }
        }
        "aws_route" => {
            let route: planned::Route<String> = p.typed()?;
            if route.route_table_id == crate::desired::UNKNOWN {
                return Ok(None);
            }
            read_route(ctx, &route.route_table_id, &route.destination_cidr_block).await
        }
        "aws_route_table_association" => {
            let association: planned::RouteTableAssociation<String> = p.typed()?;
            let Some(subnet) = Some(association.subnet_id.as_str()).filter(|s| *s != crate::desired::UNKNOWN) else {
                return Ok(None);
            };
            let out = ec2
                .describe_route_tables()
                .filters(filter("association.subnet-id", subnet))
                .send()
                .await
                .map_err(err("ec2:DescribeRouteTables"))?;
            for t in out.route_tables() {
                for a in t.associations() {
                    if a.subnet_id() == Some(subnet) {
                        if let Some(id) = a.route_table_association_id() {
                            return read_association(ctx, id).await;
                        }
                    }
                }
            }
            Ok(None)
        }
        "aws_vpc_endpoint" => {
            let out = ec2
                .describe_vpc_endpoints()
                .set_filters(Some(filters))
                .send()
                .await
                .map_err(err("ec2:DescribeVpcEndpoints"))?;
            let live = out
                .vpc_endpoints()
                .iter()
                .find(|e| {
                    !matches!(
                        e.state()
                            .map(|s| s.as_str().to_ascii_lowercase())
                            .as_deref(),
                        Some("deleted" | "deleting")
                    )
                })
                .and_then(|e| e.vpc_endpoint_id());
            match live {
                Some(id) => Ok(Some(read_endpoint(ctx, id).await?)),
                None => Ok(None),
            }
        }
        "aws_security_group" => {
            let out = ec2
                .describe_security_groups()
                .set_filters(Some(filters))
                .send()
                .await
                .map_err(err("ec2:DescribeSecurityGroups"))?;
            match out.security_groups().first().and_then(|v| v.group_id()) {
                Some(id) => Ok(Some(read_sg(ctx, id).await?)),
                None => Ok(None),
            }
        }
        "aws_vpc_security_group_ingress_rule" | "aws_vpc_security_group_egress_rule" => {
            let rule: planned::SecurityGroupRule<String> = p.typed()?;
            if rule.security_group_id == crate::desired::UNKNOWN {
                return Ok(None);
            }
            find_rule(ctx, r, &rule).await
        }
        "aws_lb" => {
            let lb: planned::Lb<String> = p.typed()?;
            let name = lb.name.as_str();
            let out = match ctx.elb.describe_load_balancers().names(name).send().await {
                Ok(out) => out,
                Err(e) => {
                    let e = from_sdk("elasticloadbalancing:DescribeLoadBalancers", e);
                    return if e.is_not_found() { Ok(None) } else { Err(e) };
                }
            };
            let Some(arn) = out
                .load_balancers()
                .first()
                .and_then(|l| l.load_balancer_arn())
            else {
                return Ok(None);
            };
            check_owner(r, name, &elb_tags_of(ctx, arn).await?)?;
            read_lb(ctx, arn).await
        }
        "aws_lb_target_group" => {
            let group: planned::LbTargetGroup<String> = p.typed()?;
            let name = group.name.as_str();
            let out = match ctx.elb.describe_target_groups().names(name).send().await {
                Ok(out) => out,
                Err(e) => {
                    let e = from_sdk("elasticloadbalancing:DescribeTargetGroups", e);
                    return if e.is_not_found() { Ok(None) } else { Err(e) };
                }
            };
            let Some(arn) = out
                .target_groups()
                .first()
                .and_then(|l| l.target_group_arn())
            else {
                return Ok(None);
            };
            check_owner(r, name, &elb_tags_of(ctx, arn).await?)?;
            read_tg(ctx, arn).await
        }
        "aws_lb_listener" => {
            let listener: planned::LbListener<String, String> = p.typed()?;
            let Some(lb) = Some(listener.load_balancer_arn.as_str()).filter(|s| *s != crate::desired::UNKNOWN) else {
                return Ok(None);
            };
            let out = ctx
                .elb
                .describe_listeners()
                .load_balancer_arn(lb)
                .send()
                .await
                .map_err(err("elasticloadbalancing:DescribeListeners"))?;
            let port = Some(i32::from(listener.port));
            match out
                .listeners()
                .iter()
                .find(|l| l.port() == port)
                .and_then(|l| l.listener_arn())
            {
                Some(arn) => read_listener(ctx, arn).await,
                None => Ok(None),
            }
        }
        other => Err(super::shared::unsupported(other)),
    }
}

// ------------------------------------------------------------- update

pub async fn update(
    ctx: &Ctx,
    r: &DesiredResource,
    live: &Live,
    p: &Props<'_>,
    fields: &[&str],
) -> Result<Live, AwsError> {
    let id = live.id.as_str();
    if fields.contains(&"tags") {
        // Tags are not a property of the bundle's resources; never reached.
    }
    match r.kind.as_str() {
        "aws_vpc" => {
            let changed: Vec<&str> = fields
                .iter()
                .copied()
                .filter(|f| f.starts_with("enable_dns"))
                .collect();
            set_vpc_attributes(ctx, id, &p.typed()?, &changed).await?;
            read_vpc(ctx, id).await
        }
        "aws_subnet" => {
            set_subnet_public(ctx, id, p.typed::<planned::Subnet<String>>()?.map_public_ip_on_launch).await?;
            read_subnet(ctx, id).await
        }
        "aws_internet_gateway" => {
            if let Some(old) = live
                .observed
                .get("vpc_id")
                .and_then(Value::as_str)
                .filter(|v| !v.is_empty())
            {
                ctx.ec2
                    .detach_internet_gateway()
                    .internet_gateway_id(id)
                    .vpc_id(old)
                    .send()
                    .await
                    .map_err(|e| from_sdk("ec2:DetachInternetGateway", e))?;
            }
            ctx.ec2
                .attach_internet_gateway()
                .internet_gateway_id(id)
                .vpc_id(&p.typed::<planned::InternetGateway<String>>()?.vpc_id)
                .send()
                .await
                .map_err(|e| from_sdk("ec2:AttachInternetGateway", e))?;
            read_igw(ctx, id).await
        }
        "aws_vpc_security_group_ingress_rule" | "aws_vpc_security_group_egress_rule" => {
            // The description lives on the rule: replace it by the same rule with the new text.
            delete(ctx, &r.kind, &live.to_state(&r.kind, p.raw(), r), p).await?;
            create(ctx, r, p).await
        }
        "aws_lb" => {
            let lb: planned::Lb<String> = p.typed()?;
            if fields.contains(&"security_groups") {
                ctx.elb
                    .set_security_groups()
                    .load_balancer_arn(id)
                    .set_security_groups(Some(lb.security_groups.clone()))
                    .send()
                    .await
                    .map_err(|e| from_sdk("elasticloadbalancing:SetSecurityGroups", e))?;
            }
            if fields.contains(&"subnets") {
                ctx.elb
                    .set_subnets()
                    .load_balancer_arn(id)
                    .set_subnets(Some(lb.subnets.clone()))
                    .send()
                    .await
                    .map_err(|e| from_sdk("elasticloadbalancing:SetSubnets", e))?;
            }
            set_lb_attributes(ctx, id, &lb).await?;
            read_lb(ctx, id)
                .await?
                .ok_or_else(|| not_found("elasticloadbalancing:DescribeLoadBalancers", id))
        }
        "aws_lb_target_group" => {
            use aws_sdk_elasticloadbalancingv2::types::Matcher;
            let group: planned::LbTargetGroup<String> = p.typed()?;
            let hc = &group.health_check;
            let count = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
            ctx.elb
                .modify_target_group()
                .target_group_arn(id)
                .health_check_path(&hc.path)
                .matcher(Matcher::builder().http_code(&hc.matcher).build())
                .health_check_interval_seconds(count(hc.interval_seconds))
                .healthy_threshold_count(count(hc.healthy_threshold))
                .unhealthy_threshold_count(count(hc.unhealthy_threshold))
                .send()
                .await
                .map_err(|e| from_sdk("elasticloadbalancing:ModifyTargetGroup", e))?;
            set_tg_attributes(ctx, id, &group).await?;
            read_tg(ctx, id)
                .await?
                .ok_or_else(|| not_found("elasticloadbalancing:DescribeTargetGroups", id))
        }
        "aws_lb_listener" => {
            let listener: planned::LbListener<String, String> = p.typed()?;
            ctx.elb
                .modify_listener()
                .listener_arn(id)
                .port(i32::from(listener.port))
                .protocol(aws_sdk_elasticloadbalancingv2::types::ProtocolEnum::from(listener.protocol.as_str()))
                .set_ssl_policy(listener.ssl_policy.clone())
                .set_certificates(certificates(&listener))
                .default_actions(listener_action(&listener))
                .send()
                .await
                .map_err(|e| from_sdk("elasticloadbalancing:ModifyListener", e))?;
            read_listener(ctx, id)
                .await?
                .ok_or_else(|| not_found("elasticloadbalancing:DescribeListeners", id))
        }
        other => Err(AwsError::new(
            "skyplan",
            None,
            format!("{other} {fields:?} cannot be updated in place"),
        )),
    }
}

// ------------------------------------------------------------- delete

pub async fn delete(
    ctx: &Ctx,
    kind: &str,
    rs: &ResourceState,
    p: &Props<'_>,
) -> Result<(), AwsError> {
    let ec2 = &ctx.ec2;
    let id = rs.id.clone();
    let budget = DELETE_BUDGET;
    match kind {
        "aws_vpc" => {
            retry_consistency(budget, || async {
                ec2.delete_vpc()
                    .vpc_id(&id)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|e| from_sdk("ec2:DeleteVpc", e))
            })
            .await
        }
        "aws_subnet" => {
            retry_consistency(budget, || async {
                ec2.delete_subnet()
                    .subnet_id(&id)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|e| from_sdk("ec2:DeleteSubnet", e))
            })
            .await
        }
        "aws_internet_gateway" => {
            let g = ec2
                .describe_internet_gateways()
                .internet_gateway_ids(&id)
                .send()
                .await
                .map_err(|e| from_sdk("ec2:DescribeInternetGateways", e))?;
            for vpc in g
                .internet_gateways()
                .iter()
                .flat_map(|g| g.attachments())
                .filter_map(|a| a.vpc_id())
            {
                retry_consistency(budget, || async {
                    ec2.detach_internet_gateway()
                        .internet_gateway_id(&id)
                        .vpc_id(vpc)
                        .send()
                        .await
                        .map(|_| ())
                        .map_err(|e| from_sdk("ec2:DetachInternetGateway", e))
                })
                .await?;
            }
            ec2.delete_internet_gateway()
                .internet_gateway_id(&id)
                .send()
                .await
                .map_err(|e| from_sdk("ec2:DeleteInternetGateway", e))?;
            Ok(())
        }
        "aws_eip" => {
            retry_consistency(budget, || async {
                ec2.release_address()
                    .allocation_id(&id)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|e| from_sdk("ec2:ReleaseAddress", e))
            })
            .await
        }
        "aws_nat_gateway" => {
            ec2.delete_nat_gateway()
                .nat_gateway_id(&id)
                .send()
                .await
                .map_err(|e| from_sdk("ec2:DeleteNatGateway", e))?;
            // Its Elastic IP and subnet stay in use until it is deleted.
            wait_nat(ctx, &id, "deleted").await
        }
        "aws_route_table" => {
            retry_consistency(budget, || async {
                ec2.delete_route_table()
                    .route_table_id(&id)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|e| from_sdk("ec2:DeleteRouteTable", e))
            })
            .await
        }
        "aws_route" => {
            let (table, destination) = id.split_once('_').unwrap_or((&id, ""));
            ec2.delete_route()
                .route_table_id(table)
                .destination_cidr_block(destination)
                .send()
                .await
                .map_err(|e| from_sdk("ec2:DeleteRoute", e))?;
            Ok(())
        }
        "aws_route_table_association" => {
            ec2.disassociate_route_table()
                .association_id(&id)
                .send()
                .await
                .map_err(|e| from_sdk("ec2:DisassociateRouteTable", e))?;
            Ok(())
        }
        "aws_vpc_endpoint" => {
            ec2.delete_vpc_endpoints()
                .vpc_endpoint_ids(&id)
                .send()
                .await
                .map_err(|e| from_sdk("ec2:DeleteVpcEndpoints", e))?;
            Ok(())
        }
        "aws_security_group" => {
            retry_consistency(budget, || async {
                ec2.delete_security_group()
                    .group_id(&id)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|e| from_sdk("ec2:DeleteSecurityGroup", e))
            })
            .await
        }
        "aws_vpc_security_group_ingress_rule" => {
            ec2.revoke_security_group_ingress()
                .group_id(&p.typed::<planned::SecurityGroupRule<String>>()?.security_group_id)
                .security_group_rule_ids(&id)
                .send()
                .await
                .map_err(|e| from_sdk("ec2:RevokeSecurityGroupIngress", e))?;
            Ok(())
        }
        "aws_vpc_security_group_egress_rule" => {
            ec2.revoke_security_group_egress()
                .group_id(&p.typed::<planned::SecurityGroupRule<String>>()?.security_group_id)
                .security_group_rule_ids(&id)
                .send()
                .await
                .map_err(|e| from_sdk("ec2:RevokeSecurityGroupEgress", e))?;
            Ok(())
        }
        "aws_lb" => {
            ctx.elb
                .delete_load_balancer()
                .load_balancer_arn(&id)
                .send()
                .await
                .map_err(|e| from_sdk("elasticloadbalancing:DeleteLoadBalancer", e))?;
            Ok(())
        }
        "aws_lb_target_group" => {
            retry_consistency(budget, || async {
                ctx.elb
                    .delete_target_group()
                    .target_group_arn(&id)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|e| from_sdk("elasticloadbalancing:DeleteTargetGroup", e))
            })
            .await
        }
        "aws_lb_listener" => {
            ctx.elb
                .delete_listener()
                .listener_arn(&id)
                .send()
                .await
                .map_err(|e| from_sdk("elasticloadbalancing:DeleteListener", e))?;
            Ok(())
        }
        other => Err(super::shared::unsupported(other)),
    }
}
