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
  name                 = "eks-golden-production-network"
  tags                 = local.tags
  cidr                 = var.network.cidr
  availability_zones   = var.network.availability_zones
  public_subnet_count  = var.network.public_subnet_count
  private_subnet_count = var.network.private_subnet_count
  subnet_newbits       = var.network.subnet_newbits
  nat_gateways         = var.network.nat_gateways
  kms_key_arn          = null
}

module "eks" {
  source             = "../../modules/eks"
  name               = "eks-golden-production-eks"
  tags               = local.tags
  vpc_id             = module.network.vpc_id
  subnet_ids         = module.network.private_subnet_ids
  kubernetes_version = var.eks.kubernetes_version
  node_groups        = var.eks.node_groups
  create_kms_key     = true
  kms_key_arn        = null
  logs_kms_key_arn   = null
  schedule           = null
  ingress            = {}
  egress = {
    internet_https = {
      port        = 443
      cidr_ipv4   = "0.0.0.0/0"
      description = "HTTPS to AWS APIs and package repositories"
    }
  }
  s3_bucket_arns  = []
  s3_kms_key_arns = []
}
