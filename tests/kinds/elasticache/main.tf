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
  name                 = "elasticache-golden-production-network"
  tags                 = local.tags
  cidr                 = var.network.cidr
  availability_zones   = var.network.availability_zones
  public_subnet_count  = var.network.public_subnet_count
  private_subnet_count = var.network.private_subnet_count
  subnet_newbits       = var.network.subnet_newbits
  nat_gateways         = var.network.nat_gateways
  kms_key_arn          = null
}

module "elasticache" {
  source               = "../../modules/elasticache"
  name                 = "elasticache-golden-production-elast-c1f0"
  tags                 = local.tags
  vpc_id               = module.network.vpc_id
  subnet_ids           = module.network.private_subnet_ids
  engine               = var.elasticache.engine
  engine_version       = var.elasticache.engine_version
  parameter_group_name = var.elasticache.parameter_group_name
  node_type            = var.elasticache.node_type
  nodes                = var.elasticache.nodes
  at_rest_encryption   = var.elasticache.at_rest_encryption
  transit_encryption   = var.elasticache.transit_encryption
  port                 = 6379
  automatic_failover   = true
  ingress              = {}
  egress               = {}
  kms_key_arn          = null
}
