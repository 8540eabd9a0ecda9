//! The one list of component kinds. Everything that depends on the set of
//! kinds (the `Kind` and `Spec` enums, parsing, dispatch to each kind's
//! description) is generated from it, so a kind added here and missing a
//! part anywhere fails to compile.

/// Calls `$callback! { [extra tokens] Variant = "plan name" => module::Settings, ... }`.
///
/// `for_each_kind!(my_macro)` or `for_each_kind!(my_macro $)`, where a
/// trailing `$` lets the callback define macros of its own. Other crates
/// declare their per-kind modules with it (`skyplan_core::for_each_kind!`),
/// so a kind's file missing there is a compile error too.
#[macro_export]
macro_rules! for_each_kind {
    ($callback:ident $($extra:tt)*) => {
        $callback! {
            [$($extra)*]
            Vpc = "vpc" => vpc::Vpc,
            Alb = "alb" => alb::Alb,
            Asg = "asg" => asg::Asg,
            Eks = "eks" => eks::Eks,
            Rds = "rds" => rds::Rds,
            Elasticache = "elasticache" => elasticache::ElastiCache,
            S3 = "s3" => s3::S3Bucket,
            Cloudfront = "cloudfront" => cloudfront::CloudFront,
            Waf = "waf" => waf::Waf,
            Cloudwatch = "cloudwatch" => cloudwatch::CloudWatch,
            Kms = "kms" => kms::Kms,
            Secrets = "secrets" => secrets::Secrets,
            DataTransfer = "data_transfer" => data_transfer::DataTransfer,
            Dynamodb = "dynamodb" => dynamodb::DynamoDb,
        }
    };
}
