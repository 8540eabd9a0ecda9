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

module "cloudfront" {
  source = "../../modules/cloudfront"
  name   = "cloudfront-golden-production-cloudfront"
  tags   = local.tags
  s3_origins = {
    assets = module.assets.bucket_regional_domain_name
  }
  alb_origins    = {}
  default_origin = "assets"
  price_class    = var.cloudfront.price_class
  web_acl_arn    = null
}

module "assets" {
  source                       = "../../modules/s3"
  name                         = "cloudfront-golden-production-assets"
  tags                         = local.tags
  bucket                       = var.assets.bucket
  versioning                   = var.assets.versioning
  sse_algorithm                = var.assets.sse_algorithm
  transitions                  = var.assets.transitions
  expire_after_days            = var.assets.expire_after_days
  kms_key_arn                  = null
  cloudfront_distribution_arns = [module.cloudfront.distribution_arn]
}
