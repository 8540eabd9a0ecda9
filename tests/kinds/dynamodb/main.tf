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

module "orders" {
  source                 = "../../modules/dynamodb"
  name                   = "dynamodb-golden-production-orders"
  tags                   = local.tags
  partition_key          = "pk"
  sort_key               = "sk"
  billing_mode           = var.orders.billing_mode
  write_capacity         = var.orders.write_capacity
  read_capacity          = var.orders.read_capacity
  stream                 = var.orders.stream
  replica_regions        = var.orders.replica_regions
  point_in_time_recovery = true
  deletion_protection    = true
  kms_key_arn            = module.keys.key_arns["data"]
}

module "sessions" {
  source                 = "../../modules/dynamodb"
  name                   = "dynamodb-golden-production-sessions"
  tags                   = local.tags
  partition_key          = "session_id"
  sort_key               = null
  billing_mode           = var.sessions.billing_mode
  write_capacity         = var.sessions.write_capacity
  read_capacity          = var.sessions.read_capacity
  stream                 = var.sessions.stream
  replica_regions        = var.sessions.replica_regions
  point_in_time_recovery = true
  deletion_protection    = true
  kms_key_arn            = module.keys.key_arns["data"]
}

module "keys" {
  source   = "../../modules/kms"
  name     = "dynamodb-golden-production-keys"
  tags     = local.tags
  purposes = ["data", "logs"]
}
