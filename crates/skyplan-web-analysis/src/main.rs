//! The analysis module's entry: wasm-bindgen's loader runs `main` once the
//! module is instantiated; the page then calls the `mount` export.

#[cfg(target_arch = "wasm32")]
pub use skyplan_web_analysis::entry::{mount, update};

fn main() {
    console_error_panic_hook::set_once();
}
