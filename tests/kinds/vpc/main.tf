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

module "vpc" {
  source               = "../../modules/vpc"
  name                 = "vpc-golden-production-vpc"
  tags                 = local.tags
  cidr                 = var.vpc.cidr
  availability_zones   = var.vpc.availability_zones
  public_subnet_count  = var.vpc.public_subnet_count
  private_subnet_count = var.vpc.private_subnet_count
  subnet_newbits       = var.vpc.subnet_newbits
  nat_gateways         = var.vpc.nat_gateways
  kms_key_arn          = null
}
