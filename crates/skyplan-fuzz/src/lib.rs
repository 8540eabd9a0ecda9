//! skyplan's fuzzing harness. Hostile inputs are made from valid ones: a
//! seed corpus (every template, every kind's golden plan, a bundled
//! catalog, a built bundle, the offer-file fixtures, a traffic CSV) is
//! mutated at one or more of its JSON nodes or CSV cells — a value replaced
//! by an extreme, a value of another type, a long or control-character
//! string, a node removed or an array element repeated — and the result is
//! run through every engine the way the CLI would. What counts as a finding:
//!
//! - a panic (proptest reports it with the smallest input that causes it);
//! - an error that does not name where (an empty path or message), or whose
//!   message carries a control character to the terminal;
//! - an accepted input that yields an impossible result (a negative cost,
//!   a total that is not the sum of its parts);
//! - a run longer than [`HANG_BOUND`].
//!
//! `cargo test -p skyplan-fuzz` runs [`cases`] cases per input kind (300 by
//! default; `SKYPLAN_FUZZ_CASES` sets it, `scripts/fuzz.sh` runs long ones).

pub mod mutate;
pub mod plans;

use std::time::Duration;

/// Longer than any engine takes on a valid input in a debug build: a run
/// over it is a hang.
pub const HANG_BOUND: Duration = Duration::from_secs(60);

/// Cases per input kind: `SKYPLAN_FUZZ_CASES`, else 300.
pub fn cases() -> u32 {
    std::env::var("SKYPLAN_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300)
}

/// What a message would make a terminal act on: a control character other
/// than the line breaks that separate its lines, or a mark that reorders
/// text.
pub fn control_character(text: &str) -> Option<char> {
    text.chars().find(|&c| (c.is_control() && c != '\n') || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
}

/// `f`'s result, a panic turned into a finding that quotes its message.
pub fn caught<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    // Quiet while the engines run: the default hook would print each
    // panic found along the way; proptest reports the smallest one.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(hook);
    result.unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "(no message)".into());
        Err(format!("panic: {message}"))
    })
}

/// The repository's root, where the seed corpus lives.
pub fn repository() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}
