//! The web app's web worker. The engines that are heavy and not
//! interactive (the Terraform export and the plan bundle) live in a wasm
//! module of their own, which the page fetches the first time the user
//! exports; the first page loads without them (issue 3's size target).
//!
//! - [`protocol`]: the messages the app and the worker exchange, shared by
//!   both (the app depends on this crate without its `engines` feature).
//! - [`run`] (feature `engines`): one request → its reply and file bytes.
//!   Pure, no IO: tested natively against the engines it calls.
//! - `src/main.rs`: the worker's entry point in the browser, which only
//!   moves messages between the page and [`run`].

pub mod protocol;

#[cfg(feature = "engines")]
mod jobs;

#[cfg(feature = "engines")]
pub use jobs::run;
