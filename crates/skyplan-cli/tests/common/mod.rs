//! What the CLI's test files share: running the real binary.

#![allow(dead_code)] // each test file uses its own part

use std::path::Path;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// `skyplan ARGS`; a panic is a failure whatever the exit code.
pub fn run(args: &[&str]) -> Run {
    let output = assert_cmd::Command::cargo_bin("skyplan").unwrap().args(args).output().unwrap();
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "skyplan {args:?} panicked: {}", run.stderr);
    run
}

/// A built-in template written by `skyplan template show` into `dir`; its path.
pub fn template_file(dir: &Path, name: &str) -> String {
    let shown = run(&["template", "show", name]);
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, shown.stdout).unwrap();
    path.to_string_lossy().into_owned()
}

/// saas-3tier in `dir`.
pub fn saas(dir: &Path) -> String {
    template_file(dir, "saas-3tier")
}

/// A port for a test server (moto) to listen on. Below Linux's ephemeral
/// range (32768–60999), so no outgoing connection of a parallel test holds
/// it between this check and the server's bind, which a port from
/// `bind(":0")` cannot promise; distinct for every call in a process, and
/// spread by the process id across runs.
pub fn server_port() -> u16 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    loop {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let port = 20_000 + (std::process::id().wrapping_mul(97).wrapping_add(n) % 12_000) as u16;
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
        assert!(n < 12_000, "no free port from 20000 to 31999");
    }
}
