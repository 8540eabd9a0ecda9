locals {
  # The provider's default tags, repeated for what default_tags does not reach:
  # instances an Auto Scaling group or a node group launches.
  tags = {
    Environment = var.environment
    Project     = replace(var.project, "/[^\\p{L}\\p{N}\\p{Zs}_.:/=+@-]/", "")
    Owner       = var.owner
    CostCenter  = var.cost_center
    ManagedBy   = "terraform"
  }
}

module "network" {
  source               = "../../modules/vpc"
  name                 = "cloudwatch-golden-production-network"
  tags                 = local.tags
  cidr                 = var.network.cidr
  availability_zones   = var.network.availability_zones
  public_subnet_count  = var.network.public_subnet_count
  private_subnet_count = var.network.private_subnet_count
  subnet_newbits       = var.network.subnet_newbits
  nat_gateways         = var.network.nat_gateways
  kms_key_arn          = null
}

module "web" {
  source                      = "../../modules/asg"
  name                        = "cloudwatch-golden-production-web"
  tags                        = local.tags
  vpc_id                      = module.network.vpc_id
  subnet_ids                  = module.network.private_subnet_ids
  associate_public_ip_address = false
  instance_type               = var.web.instance_type
  ami_ssm_parameter           = var.web.ami_ssm_parameter
  min_size                    = var.web.min_size
  desired_capacity            = var.web.desired_capacity
  max_size                    = var.web.max_size
  root_volume_gb              = var.web.root_volume_gb
  schedule                    = null
  ingress                     = {}
  egress = {
    internet_https = {
      port        = 443
      cidr_ipv4   = "0.0.0.0/0"
      description = "HTTPS to AWS APIs and package repositories"
    }
  }
  s3_bucket_arns = []
  kms_key_arns   = []
}

module "cloudwatch" {
  source = "../../modules/monitoring"
  name   = "cloudwatch-golden-production-cloudwatch"
  tags   = local.tags
  alarms = {
    web_cpu = {
      description = "CPU of web at or above 80 %"
      namespace   = "AWS/EC2"
      metric_name = "CPUUtilization"
      dimensions = {
        AutoScalingGroupName = module.web.asg_name
      }
      threshold = 80
    }
    web_memory = {
      description = "memory of web at or above 90 %"
      namespace   = "CWAgent"
      metric_name = "mem_used_percent"
      dimensions = {
        AutoScalingGroupName = module.web.asg_name
      }
      threshold = 90
    }
  }
  alarm_emails       = var.alarm_emails
  log_retention_days = var.cloudwatch.log_retention_days
  dashboard          = var.cloudwatch.dashboard
  kms_key_arn        = null
}
