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
