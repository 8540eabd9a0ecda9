//! Elastic Load Balancing v2: load balancers (`DescribeLoadBalancers`),
//! their target groups (`DescribeTargetGroups`) and each group's targets
//! with their health (`DescribeTargetHealth`).

use super::scan_error;
use aws_config::SdkConfig;
use aws_sdk_elasticloadbalancingv2::types::TargetHealthStateEnum;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use skyplan_audit::inventory::{LoadBalancer, RegionInventory};

pub(super) async fn scan(config: &SdkConfig, inventory: &mut RegionInventory) {
    let client = aws_sdk_elasticloadbalancingv2::Client::new(config);
    let region = inventory.region.clone();
    let load_balancers = match client.describe_load_balancers().into_paginator().items().send().try_collect().await {
        Ok(lbs) => lbs,
        Err(error) => {
            inventory
                .errors
                .push(scan_error(&region, "elasticloadbalancing", "DescribeLoadBalancers", error));
            return;
        }
    };
    for lb in load_balancers {
        let arn = lb.load_balancer_arn().unwrap_or_default().to_string();
        let mut registered = 0u32;
        let mut healthy = 0u32;
        let groups = match client
            .describe_target_groups()
            .load_balancer_arn(&arn)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
        {
            Ok(groups) => groups,
            // Some implementations answer "no target group" for a load balancer without any.
            Err(error) if error.as_service_error().and_then(|e| e.code()) == Some("TargetGroupNotFound") => Vec::new(),
            Err(error) => {
                inventory
                    .errors
                    .push(scan_error(&region, "elasticloadbalancing", "DescribeTargetGroups", error));
                continue;
            }
        };
        let mut complete = true;
        for group in groups {
            match client
                .describe_target_health()
                .target_group_arn(group.target_group_arn().unwrap_or_default())
                .send()
                .await
            {
                Ok(health) => {
                    for target in health.target_health_descriptions() {
                        registered += 1;
                        if target.target_health().and_then(|h| h.state()) == Some(&TargetHealthStateEnum::Healthy) {
                            healthy += 1;
                        }
                    }
                }
                Err(error) => {
                    inventory
                        .errors
                        .push(scan_error(&region, "elasticloadbalancing", "DescribeTargetHealth", error));
                    complete = false;
                }
            }
        }
        // A load balancer whose targets could not all be read is not judged.
        if complete {
            inventory.load_balancers.push(LoadBalancer {
                name: lb.load_balancer_name().unwrap_or_default().to_string(),
                arn,
                lb_type: lb.r#type().map(|t| t.as_str().to_string()).unwrap_or_default(),
                registered_targets: registered,
                healthy_targets: healthy,
            });
        }
    }
}
