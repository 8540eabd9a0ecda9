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
  name                 = "rds-golden-production-network"
  tags                 = local.tags
  cidr                 = var.network.cidr
  availability_zones   = var.network.availability_zones
  public_subnet_count  = var.network.public_subnet_count
  private_subnet_count = var.network.private_subnet_count
  subnet_newbits       = var.network.subnet_newbits
  nat_gateways         = var.network.nat_gateways
  kms_key_arn          = null
}

module "rds" {
  source                 = "../../modules/rds"
  name                   = "rds-golden-production-rds"
  tags                   = local.tags
  vpc_id                 = module.network.vpc_id
  subnet_ids             = module.network.private_subnet_ids
  engine                 = var.rds.engine
  engine_version         = var.rds.engine_version
  parameter_group_family = var.rds.parameter_group_family
  instance_class         = var.rds.instance_class
  storage_type           = var.rds.storage_type
  storage_gb             = var.rds.storage_gb
  iops                   = var.rds.iops
  multi_az               = var.rds.multi_az
  backup_retention_days  = var.rds.backup_retention_days
  read_replicas          = var.rds.read_replicas
  performance_insights   = var.rds.performance_insights
  deletion_protection    = var.rds.deletion_protection
  final_snapshot         = var.rds.final_snapshot
  parameters = {
    "rds.force_ssl"            = "1"
    log_statement              = "ddl"
    log_min_duration_statement = "1000"
  }
  log_exports        = ["postgresql", "upgrade"]
  iam_authentication = true
  schedule           = null
  ingress            = {}
  egress             = {}
  kms_key_arn        = null
}
