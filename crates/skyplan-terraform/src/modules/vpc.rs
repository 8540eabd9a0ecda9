//! The network: a VPC, public and private subnets spread over its AZs, an
//! internet gateway, NAT gateways with their Elastic IPs, route tables, an
//! S3 gateway endpoint and flow logs.

use super::shared::{common_variables, kms_variable, ModuleFiles};
use crate::dsl::*;

pub fn files() -> ModuleFiles {
    let has_public = || cond(bin(var("public_subnet_count"), hcl::expr::BinaryOperator::Greater, num(0u64)), num(1u64), num(0u64));
    let main = File::new()
        .block(B::data("aws_region", "current"))
        .block(
            B::new("locals")
                .comment("Subnet i sits in AZ i mod the AZ count, so subnets spread evenly over the AZs.")
                .attr("az_count", call("length", vec![var("availability_zones")]))
                .comment("per_az: one NAT gateway in each AZ that has a public subnet to hold it.")
                .attr(
                    "nat_count",
                    cond(
                        eq(var("nat_gateways"), s("none")),
                        num(0u64),
                        cond(
                            eq(var("nat_gateways"), s("single")),
                            num(1u64),
                            call("min", vec![local("az_count"), var("public_subnet_count")]),
                        ),
                    ),
                ),
        )
        .block(
            B::resource("aws_vpc", "this")
                .attr("cidr_block", var("cidr"))
                .attr("enable_dns_support", true)
                .attr("enable_dns_hostnames", true)
                .attr("tags", tags_with_name(var("name"))),
        )
        .block(
            B::resource("aws_default_security_group", "this")
                .comment("No rules: the default security group admits and emits nothing, so only the")
                .comment("module-made groups, which follow the plan's connections, carry traffic.")
                .attr("vpc_id", r("aws_vpc.this.id"))
                .attr("tags", tags_with_name(tmpl("${var.name}-default-deny"))),
        )
        .block(
            B::resource("aws_subnet", "public")
                .attr("count", var("public_subnet_count"))
                .attr("vpc_id", r("aws_vpc.this.id"))
                .attr("cidr_block", call("cidrsubnet", vec![var("cidr"), var("subnet_newbits"), r("count.index")]))
                .attr("availability_zone", index(var("availability_zones"), bin(r("count.index"), hcl::expr::BinaryOperator::Mod, local("az_count"))))
                .comment("Nothing gets a public IP by default; instances that need one ask for it.")
                .attr("map_public_ip_on_launch", false)
                .attr(
                    "tags",
                    call(
                        "merge",
                        vec![
                            var("tags"),
                            obj_str(vec![
                                ("Name".into(), tmpl("${var.name}-public-${count.index}")),
                                ("kubernetes.io/role/elb".into(), s("1")),
                            ]),
                        ],
                    ),
                ),
        )
        .block(
            B::resource("aws_subnet", "private")
                .attr("count", var("private_subnet_count"))
                .attr("vpc_id", r("aws_vpc.this.id"))
                .attr(
                    "cidr_block",
                    call(
                        "cidrsubnet",
                        vec![var("cidr"), var("subnet_newbits"), bin(r("count.index"), hcl::expr::BinaryOperator::Plus, var("public_subnet_count"))],
                    ),
                )
                .attr("availability_zone", index(var("availability_zones"), bin(r("count.index"), hcl::expr::BinaryOperator::Mod, local("az_count"))))
                .attr(
                    "tags",
                    call(
                        "merge",
                        vec![
                            var("tags"),
                            obj_str(vec![
                                ("Name".into(), tmpl("${var.name}-private-${count.index}")),
                                ("kubernetes.io/role/internal-elb".into(), s("1")),
                            ]),
                        ],
                    ),
                ),
        )
        .block(
            B::resource("aws_internet_gateway", "this")
                .attr("count", has_public())
                .attr("vpc_id", r("aws_vpc.this.id"))
                .attr("tags", tags_with_name(var("name"))),
        )
        .block(
            B::resource("aws_route_table", "public")
                .attr("count", has_public())
                .attr("vpc_id", r("aws_vpc.this.id"))
                .attr("tags", tags_with_name(tmpl("${var.name}-public"))),
        )
        .block(
            B::resource("aws_route", "public_internet")
                .attr("count", has_public())
                .attr("route_table_id", r("aws_route_table.public[0].id"))
                .attr("destination_cidr_block", s("0.0.0.0/0"))
                .attr("gateway_id", r("aws_internet_gateway.this[0].id")),
        )
        .block(
            B::resource("aws_route_table_association", "public")
                .attr("count", var("public_subnet_count"))
                .attr("subnet_id", r("aws_subnet.public[count.index].id"))
                .attr("route_table_id", r("aws_route_table.public[0].id")),
        )
        .block(
            B::resource("aws_eip", "nat")
                .attr("count", local("nat_count"))
                .attr("domain", s("vpc"))
                .attr("tags", tags_with_name(tmpl("${var.name}-nat-${count.index}"))),
        )
        .block(
            B::resource("aws_nat_gateway", "this")
                .attr("count", local("nat_count"))
                .attr("allocation_id", r("aws_eip.nat[count.index].id"))
                .attr("subnet_id", r("aws_subnet.public[count.index].id"))
                .attr("tags", tags_with_name(tmpl("${var.name}-${count.index}")))
                .attr("depends_on", list(vec![r("aws_internet_gateway.this")])),
        )
        .block(
            B::resource("aws_route_table", "private")
                .attr("count", var("private_subnet_count"))
                .attr("vpc_id", r("aws_vpc.this.id"))
                .attr("tags", tags_with_name(tmpl("${var.name}-private-${count.index}"))),
        )
        .block(
            B::resource("aws_route", "private_nat")
                .comment("Each private subnet leaves through the NAT gateway of its own AZ where there")
                .comment("is one (per_az), else through the first (single).")
                .attr(
                    "count",
                    cond(bin(local("nat_count"), hcl::expr::BinaryOperator::Greater, num(0u64)), var("private_subnet_count"), num(0u64)),
                )
                .attr("route_table_id", r("aws_route_table.private[count.index].id"))
                .attr("destination_cidr_block", s("0.0.0.0/0"))
                .attr(
                    "nat_gateway_id",
                    attr(
                        index(
                            r("aws_nat_gateway.this"),
                            call(
                                "min",
                                vec![
                                    bin(r("count.index"), hcl::expr::BinaryOperator::Mod, local("az_count")),
                                    bin(local("nat_count"), hcl::expr::BinaryOperator::Minus, num(1u64)),
                                ],
                            ),
                        ),
                        "id",
                    ),
                ),
        )
        .block(
            B::resource("aws_route_table_association", "private")
                .attr("count", var("private_subnet_count"))
                .attr("subnet_id", r("aws_subnet.private[count.index].id"))
                .attr("route_table_id", r("aws_route_table.private[count.index].id")),
        )
        .block(
            B::resource("aws_vpc_endpoint", "s3")
                .comment("S3 traffic stays on the AWS network (no NAT processing charge), and security")
                .comment("groups can allow it by the endpoint's prefix list instead of 0.0.0.0/0.")
                .attr("vpc_id", r("aws_vpc.this.id"))
                .attr("service_name", tmpl("com.amazonaws.${data.aws_region.current.name}.s3"))
                .attr("vpc_endpoint_type", s("Gateway"))
                .attr("route_table_ids", call("concat", vec![r("aws_route_table.private[*].id"), r("aws_route_table.public[*].id")]))
                .attr("tags", tags_with_name(tmpl("${var.name}-s3"))),
        )
        .block(
            B::resource("aws_cloudwatch_log_group", "flow_logs")
                .attr("name", tmpl("/aws/vpc/${var.name}/flow-logs"))
                .attr("retention_in_days", var("log_retention_days"))
                .attr("kms_key_id", var("kms_key_arn"))
                .attr("tags", var("tags")),
        )
        .block(assume_role("flow_logs_assume", "vpc-flow-logs.amazonaws.com"))
        .block(
            B::resource("aws_iam_role", "flow_logs")
                .attr("name", tmpl("${var.name}-flow-logs"))
                .attr("assume_role_policy", r("data.aws_iam_policy_document.flow_logs_assume.json"))
                .attr("tags", var("tags")),
        )
        .block(
            B::data("aws_iam_policy_document", "flow_logs").block(super::shared::statement(
                "WriteFlowLogs",
                &["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                list(vec![tmpl("${aws_cloudwatch_log_group.flow_logs.arn}:*")]),
            )),
        )
        .block(
            B::resource("aws_iam_role_policy", "flow_logs")
                .attr("name", s("write-flow-logs"))
                .attr("role", r("aws_iam_role.flow_logs.id"))
                .attr("policy", r("data.aws_iam_policy_document.flow_logs.json")),
        )
        .block(
            B::resource("aws_flow_log", "this")
                .attr("vpc_id", r("aws_vpc.this.id"))
                .attr("traffic_type", s("ALL"))
                .attr("log_destination", r("aws_cloudwatch_log_group.flow_logs.arn"))
                .attr("iam_role_arn", r("aws_iam_role.flow_logs.arn"))
                .attr("tags", var("tags")),
        );

    let variables = File::new()
        .blocks(common_variables())
        .block(variable("cidr", ty("string"), "IPv4 CIDR block of the VPC.", None))
        .block(variable(
            "availability_zones",
            list_of(ty("string")),
            "Availability zones the subnets spread over, by name: a fixed list, so a zone AWS adds later never moves a subnet.",
            None,
        ))
        .block(variable("public_subnet_count", ty("number"), "Public subnets in total, spread over the AZs.", None))
        .block(variable("private_subnet_count", ty("number"), "Private subnets in total, spread over the AZs.", None))
        .block(variable(
            "subnet_newbits",
            ty("number"),
            "Bits added to the VPC prefix for each subnet (public subnets first, then private).",
            None,
        ))
        .block(
            variable("nat_gateways", ty("string"), "per_az, single or none.", None).block(
                B::new("validation")
                    .attr("condition", call("contains", vec![strings(&["per_az", "single", "none"]), var("nat_gateways")]))
                    .attr("error_message", s("nat_gateways must be per_az, single or none.")),
            ),
        )
        .block(variable("log_retention_days", ty("number"), "Days to keep the VPC flow logs.", Some(num(365u64))))
        .block(kms_variable());

    let outputs = File::new()
        .block(output("vpc_id", r("aws_vpc.this.id"), "ID of the VPC."))
        .block(output("vpc_cidr", r("aws_vpc.this.cidr_block"), "CIDR block of the VPC."))
        .block(output("public_subnet_ids", r("aws_subnet.public[*].id"), "IDs of the public subnets."))
        .block(output("private_subnet_ids", r("aws_subnet.private[*].id"), "IDs of the private subnets."))
        .block(output("nat_public_ips", r("aws_eip.nat[*].public_ip"), "Public IPs of the NAT gateways."))
        .block(output("s3_prefix_list_id", r("aws_vpc_endpoint.s3.prefix_list_id"), "Prefix list of the S3 gateway endpoint, for security group rules."));

    ModuleFiles { main, variables, outputs }
}

fn assume_role(name: &str, service: &'static str) -> B {
    super::shared::assume_role_policy(name, service)
}
