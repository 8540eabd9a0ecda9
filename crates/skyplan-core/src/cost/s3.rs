//! S3: storage per class, requests, lifecycle transitions and
//! Intelligent-Tiering monitoring.
//!
//! Data written each month (`monthly_ingest_gb`) moves through the
//! lifecycle: it sits in standard until the first transition, then in each
//! transition's class until the next, and is deleted at expiry. With an
//! expiry that gives a steady state: a class holds ingest × the months its
//! window lasts. Without one the last class grows without bound, so it is
//! shown as it stands after one year (the line says so).

use super::{Context, LineSpec};
use crate::aws::S3Class;
use crate::model::S3Bucket;
use crate::pricing::PriceKey;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

const HORIZON_DAYS: u32 = 365;

pub fn lines(bucket: &S3Bucket, _context: &Context) -> Vec<LineSpec> {
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
