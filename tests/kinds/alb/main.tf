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
  name                 = "alb-golden-production-network"
  tags                 = local.tags
  cidr                 = var.network.cidr
  availability_zones   = var.network.availability_zones
  public_subnet_count  = var.network.public_subnet_count
  private_subnet_count = var.network.private_subnet_count
  subnet_newbits       = var.network.subnet_newbits
  nat_gateways         = var.network.nat_gateways
  kms_key_arn          = null
}

module "alb" {
  source              = "../../modules/alb"
  name                = "alb-golden-production-alb"
  tags                = local.tags
  vpc_id              = module.network.vpc_id
  subnet_ids          = module.network.public_subnet_ids
  internal            = var.alb.internal
  deletion_protection = var.alb.deletion_protection
  certificate_arn     = var.certificate_arn
  ingress_cidr_blocks = ["0.0.0.0/0"]
  allow_cloudfront    = false
  target_port         = 80
  target_type         = "instance"
  egress              = {}
}
