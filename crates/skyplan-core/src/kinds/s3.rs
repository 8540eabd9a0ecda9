//! S3: storage per class, requests, lifecycle transitions and
//! Intelligent-Tiering monitoring.
//!
//! Data written each month (`monthly_ingest_gb`) moves through the
//! lifecycle: it sits in standard until the first transition, then in each
//! transition's class until the next, and is deleted at expiry. With an
//! expiry that gives a steady state: a class holds ingest × the months its
//! window lasts. Without one the last class grows without bound, so it is
//! shown as it stands after one year (the line says so).

use crate::aws::OriginKind;
use super::kind::{Checking, ComponentKind, Tier, default_true, NoOwnPrices};
use crate::aws::S3Class;
use crate::model::problem::Problem;
use crate::model::quantity::Quantity;
use crate::model::schema::{field, optional, Field, Input};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use crate::cost::line::{Context, LineSpec};
use crate::pricing::PriceKey;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BucketEncryption {
    SseS3,
    SseKms,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    pub after_days: u32,
    pub storage_class: S3Class,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lifecycle {
    #[serde(default)]
    pub transitions: Vec<Transition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expire_after_days: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3Bucket {
    pub bucket: String,
    #[serde(default = "default_true")]
    pub versioning: bool,
    pub encryption: BucketEncryption,
    /// Data already stored, GB per storage class.
    #[serde(default)]
    pub storage_gb: BTreeMap<S3Class, Quantity>,
    /// New data written per month, GB. With a lifecycle that expires objects,
    /// it settles into a steady state across the lifecycle's classes.
    #[serde(default)]
    pub monthly_ingest_gb: Quantity,
    /// Average object size, MB: turns GB into object counts for request and
    /// transition charges.
    #[serde(default = "default_object_mb")]
    pub average_object_mb: Quantity,
    /// PUT/COPY/POST/LIST requests per month.
    #[serde(default)]
    pub write_requests: Quantity,
    /// GET/SELECT requests per month.
    #[serde(default)]
    pub read_requests: Quantity,
    #[serde(default)]
    pub lifecycle: Lifecycle,
}

fn default_object_mb() -> Quantity {
    Quantity::from_u32(1)
}

impl ComponentKind for S3Bucket {
    const LABEL: &'static str = "S3 bucket";
    const ICON: &'static str = "S3";
    const DEFAULT_TIER: Tier = Tier::Storage;
    const ALLOWED_TIERS: &'static [Tier] = &[Tier::Storage];
    const FIELDS: &'static [Field] = &[
        field("bucket", "Bucket name", Input::Text),
        optional("versioning", "Versioning", Input::Bool),
        field("encryption", "Encryption", Input::Choice(&["sse_s3", "sse_kms"])),
        optional("storage_gb", "Stored GB by class", Input::Json),
        optional("monthly_ingest_gb", "Written per month (GB)", Input::Amount),
        optional("average_object_mb", "Average object size (MB)", Input::Amount),
        optional("write_requests", "PUT/LIST requests per month", Input::Amount),
        optional("read_requests", "GET requests per month", Input::Amount),
        optional("lifecycle", "Lifecycle", Input::Json),
    ];
    const IN_VPC: bool = false;
    const MAX_NAME_LENGTH: usize = 63;
    type Price = NoOwnPrices;

    fn default_settings(id: &str) -> Value {
        json!({ "bucket": format!("{id}-bucket"), "encryption": "sse_s3" })
    }

    fn summary(&self) -> String {
        let stored: Decimal = self.storage_gb.values().map(|q| q.get()).sum();
        let rules = self.lifecycle.transitions.len() + usize::from(self.lifecycle.expire_after_days.is_some());
        format!("{} GB stored · +{} GB/mo · {rules} lifecycle rule{}", stored.normalize(), self.monthly_ingest_gb, if rules == 1 { "" } else { "s" })
    }

    fn check(&self, at: &Checking, problems: &mut Vec<Problem>) {
        let (bucket, path) = (self, at.path);
        if !is_bucket_name(&bucket.bucket) {
            problems.push(Problem::new(
                path("bucket"),
                format!("\"{}\" is not a valid bucket name; expected 3 to 63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit", bucket.bucket),
            ));
        }
        if bucket.average_object_mb.is_zero() {
            problems.push(Problem::new(path("average_object_mb"), "0 is not an object size; expected a size above 0 MB"));
        }
        let mut previous = 0;
        for (t, transition) in bucket.lifecycle.transitions.iter().enumerate() {
            let at = |field: &str| path(&format!("lifecycle.transitions[{t}].{field}"));
            if transition.storage_class == S3Class::Standard {
                problems.push(Problem::new(at("storage_class"), "objects cannot transition into standard; expected a colder class"));
            }
            if matches!(transition.storage_class, S3Class::StandardIa | S3Class::OneZoneIa) && transition.after_days < 30 {
                problems.push(Problem::new(at("after_days"), format!("{} is too early; S3 moves objects to {} after 30 days at the earliest", transition.after_days, transition.storage_class)));
            }
            if t > 0 && transition.after_days <= previous {
                problems.push(Problem::new(at("after_days"), format!("{} is not after the previous transition ({previous}); expected increasing days", transition.after_days)));
            }
            previous = transition.after_days;
        }
        if let Some(expire) = bucket.lifecycle.expire_after_days {
            if expire == 0 || (expire <= previous && !bucket.lifecycle.transitions.is_empty()) {
                problems.push(Problem::new(path("lifecycle.expire_after_days"), format!("{expire} is not after the last transition ({previous}); expected a later day")));
            }
        }
    }

    fn cost_lines(&self, context: &Context) -> Vec<LineSpec> {
        lines(self, context)
    }

    fn duplicated(&mut self) {
        self.bucket = format!("{}-copy", self.bucket).chars().take(63).collect();
    }

    fn scale_usage(&mut self, scale: &dyn Fn(Quantity) -> Quantity) {
        self.monthly_ingest_gb = scale(self.monthly_ingest_gb);
        self.read_requests = scale(self.read_requests);
        self.write_requests = scale(self.write_requests);
    }

    const ORIGIN: Option<OriginKind> = Some(OriginKind::Bucket);
}

fn is_bucket_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    (3..=63).contains(&bytes.len())
        && bytes.iter().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-'))
        && bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
        && !name.contains("..")
}

const HORIZON_DAYS: u32 = 365;

fn lines(bucket: &S3Bucket, _context: &Context) -> Vec<LineSpec> {
    let days_per_month = Decimal::from(365) / Decimal::from(12);
    let mut stored: BTreeMap<S3Class, Decimal> = bucket.storage_gb.iter().map(|(c, q)| (*c, q.get())).collect();
    let mut notes: BTreeMap<S3Class, String> = BTreeMap::new();
    let ingest = bucket.monthly_ingest_gb.get();
    if !ingest.is_zero() {
        let end = bucket.lifecycle.expire_after_days.unwrap_or(HORIZON_DAYS);
        let mut class = S3Class::Standard;
        let mut start = 0;
        let boundaries = bucket.lifecycle.transitions.iter().map(|t| (t.after_days, Some(t.storage_class))).chain([(end, None)]);
        for (until, next) in boundaries {
            let days = until.min(end).saturating_sub(start);
            if days > 0 {
                *stored.entry(class).or_default() += ingest * Decimal::from(days) / days_per_month;
                let held = if bucket.lifecycle.expire_after_days.is_none() && next.is_none() {
                    format!("days {start}–{until} of {} GB/month written; no expiry, so shown after one year", bucket.monthly_ingest_gb)
                } else {
                    format!("days {start}–{until} of {} GB/month written", bucket.monthly_ingest_gb)
                };
                notes.insert(class, held);
            }
            match next {
                Some(next_class) => {
                    class = next_class;
                    start = until;
                }
                None => break,
            }
        }
    }

    let objects_per_gb = Decimal::from(1024) / bucket.average_object_mb.get();
    let mut lines = Vec::new();
    for (class, gb) in &stored {
        let mut line = LineSpec::key(format!("Storage {class}"), *gb, "GB-months", PriceKey::S3StorageGbMonth(*class));
        if let Some(note) = notes.get(class) {
            line = line.note(note.clone());
        }
        lines.push(line);
        if *class == S3Class::IntelligentTiering {
            lines.push(LineSpec::key(
                "Intelligent-Tiering monitoring",
                *gb * objects_per_gb / Decimal::ONE_THOUSAND,
                "1k objects",
                PriceKey::S3MonitoringPer1kObjects,
            ));
        }
    }
    let thousand = Decimal::ONE_THOUSAND;
    lines.push(LineSpec::key("PUT/COPY/POST/LIST requests", bucket.write_requests.get() / thousand, "1k requests", PriceKey::S3WriteRequestsPer1k(S3Class::Standard)));
    lines.push(LineSpec::key("GET/SELECT requests", bucket.read_requests.get() / thousand, "1k requests", PriceKey::S3ReadRequestsPer1k(S3Class::Standard)));
    for transition in &bucket.lifecycle.transitions {
        if bucket.lifecycle.expire_after_days.is_some_and(|expire| expire <= transition.after_days) {
            continue;
        }
        lines.push(
            LineSpec::key(
                format!("Lifecycle transitions to {}", transition.storage_class),
                ingest * objects_per_gb / thousand,
                "1k requests",
                PriceKey::S3TransitionRequestsPer1k(transition.storage_class),
            )
            .note(format!("one request per object; objects of {} MB average", bucket.average_object_mb)),
        );
    }
    lines
}
