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
  name                 = "asg-golden-production-network"
  tags                 = local.tags
  cidr                 = var.network.cidr
  availability_zones   = var.network.availability_zones
  public_subnet_count  = var.network.public_subnet_count
  private_subnet_count = var.network.private_subnet_count
  subnet_newbits       = var.network.subnet_newbits
  nat_gateways         = var.network.nat_gateways
  kms_key_arn          = null
}

module "asg" {
  source                      = "../../modules/asg"
  name                        = "asg-golden-production-asg"
  tags                        = local.tags
  vpc_id                      = module.network.vpc_id
  subnet_ids                  = module.network.private_subnet_ids
  associate_public_ip_address = false
  instance_type               = var.asg.instance_type
  ami_ssm_parameter           = var.asg.ami_ssm_parameter
  min_size                    = var.asg.min_size
  desired_capacity            = var.asg.desired_capacity
  max_size                    = var.asg.max_size
  root_volume_gb              = var.asg.root_volume_gb
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
