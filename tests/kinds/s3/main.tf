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

module "s3" {
  source                       = "../../modules/s3"
  name                         = "s3-golden-production-s3"
  tags                         = local.tags
  bucket                       = var.s3.bucket
  versioning                   = var.s3.versioning
  sse_algorithm                = var.s3.sse_algorithm
  transitions                  = var.s3.transitions
  expire_after_days            = var.s3.expire_after_days
  kms_key_arn                  = null
  cloudfront_distribution_arns = []
}
