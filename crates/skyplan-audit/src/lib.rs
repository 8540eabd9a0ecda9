//! `skyplan audit` without the AWS calls: what an account's scan found
//! ([`inventory`]) against thresholds and the regions' pricing catalogs →
//! findings (idle instances, unattached volumes, unassociated addresses,
//! idle load balancers and databases, old snapshots), each with its cost now
//! and its saving, Reserved Instance / Savings Plan recommendations for the
//! steady instances (skyplan-sim's optimizer), totals, and the services that
//! could not be read ([`report`]).
//!
//! No IO and no clock (the scan's time is in the inventory); builds for
//! wasm32 so the web app opens the same [`AuditReport`] the CLI writes.

pub mod audit;
pub mod inventory;
pub mod report;

pub use audit::{audit, iso_utc, totals, Config};
pub use inventory::Inventory;
pub use report::{
    csv, table, AuditReport, Finding, FindingKind, Recommendation, ReportError, Thresholds, Window,
    REPORT_FORMAT_VERSION,
};
