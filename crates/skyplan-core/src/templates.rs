//! Built-in plan templates: the architectures users start from.

use crate::model::{parse_plan, Problems, ValidPlan};

pub struct Template {
    pub name: &'static str,
    pub summary: &'static str,
    pub json: &'static str,
}

pub const TEMPLATES: &[Template] = &[
    Template {
        name: "saas-3tier",
        summary: "CloudFront + WAF, ALB, web ASG, EKS, PostgreSQL Multi-AZ, Redis, S3; three AZs",
        json: include_str!("../templates/saas-3tier.json"),
    },
    Template {
        name: "static-site",
        summary: "S3 website behind CloudFront and WAF",
        json: include_str!("../templates/static-site.json"),
    },
    Template {
        name: "small-web-app",
        summary: "Single-AZ web app: ALB, two instances, PostgreSQL, S3",
        json: include_str!("../templates/small-web-app.json"),
    },
];

pub fn template(name: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.name == name)
}

impl Template {
    pub fn plan(&self) -> Result<ValidPlan, Problems> {
        parse_plan(self.json)
    }
}
