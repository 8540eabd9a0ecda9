//! The browser app's entry point.

mod app;
mod catalog_loader;
mod view_model;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
