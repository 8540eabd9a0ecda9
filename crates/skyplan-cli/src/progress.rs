//! How apply and destroy show their progress: progress bars in a terminal
//! (one overall bar, a spinner per operation under way with its elapsed
//! time, each finished operation logged above the bars), plain lines
//! otherwise (CI logs, pipes, files), so logs stay readable.

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use skyplan_aws::engine::{Action, Progress};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// `--progress`: how apply and destroy report what they do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ProgressStyleChoice {
    /// Bars when stderr is a terminal (nothing else can draw them), plain lines otherwise.
    Auto,
    /// One line per operation started and finished, even in a terminal.
    Plain,
}

/// The reporter for `total` operations.
pub fn reporter(choice: ProgressStyleChoice, total: usize) -> Arc<dyn Progress> {
    let bars = choice == ProgressStyleChoice::Auto && std::io::stderr().is_terminal();
    if bars && total > 0 {
        Arc::new(Bars::new(total))
    } else {
        Arc::new(Lines {
            total,
            finished: AtomicUsize::new(0),
        })
    }
}

pub fn past(action: Action) -> &'static str {
    match action {
        Action::Create => "created",
        Action::Update => "updated",
        Action::Replace => "replaced",
        Action::Delete => "deleted",
        Action::NoOp => "unchanged",
    }
}

/// The line logged when an operation ends.
fn finished_line(n: usize, total: usize, address: &str, action: Action, result: Result<&str, &str>, elapsed: Duration) -> String {
    match result {
        Ok(id) => format!(
            "  [{n}/{total}] {} {address} ({id}) in {:.1} s",
            past(action),
            elapsed.as_secs_f64()
        ),
        Err(error) => format!("  [{n}/{total}] FAILED {} {address}: {error}", action.verb()),
    }
}

struct Lines {
    total: usize,
    finished: AtomicUsize,
}

impl Progress for Lines {
    fn started(&self, address: &str, action: Action) {
        eprintln!("  ... {} {address}", action.verb());
    }
    fn finished(&self, address: &str, action: Action, result: Result<&str, &str>, elapsed: Duration) {
        let n = self.finished.fetch_add(1, Ordering::SeqCst) + 1;
        eprintln!("{}", finished_line(n, self.total, address, action, result, elapsed));
    }
}

struct Bars {
    multi: MultiProgress,
    overall: ProgressBar,
    total: usize,
    finished: AtomicUsize,
    failed: AtomicUsize,
    running: Mutex<HashMap<String, ProgressBar>>,
}

impl Bars {
    fn new(total: usize) -> Bars {
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr_with_hz(10));
        let overall = multi.add(ProgressBar::new(total as u64));
        overall.set_style(
            ProgressStyle::with_template("{bar:40.green/white} {pos}/{len} {msg} [{elapsed}]")
                .expect("a valid template")
                .progress_chars("=> "),
        );
        overall.enable_steady_tick(Duration::from_millis(250));
        Bars {
            multi,
            overall,
            total,
            finished: AtomicUsize::new(0),
            failed: AtomicUsize::new(0),
            running: Mutex::new(HashMap::new()),
        }
    }

    fn running(&self) -> std::sync::MutexGuard<'_, HashMap<String, ProgressBar>> {
        // A panic elsewhere must not hide the progress of the rest.
        self.running.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Progress for Bars {
    fn started(&self, address: &str, action: Action) {
        let spinner = self.multi.insert_before(&self.overall, ProgressBar::new_spinner());
        spinner.set_style(
            ProgressStyle::with_template("  {spinner} {msg} [{elapsed}]").expect("a valid template"),
        );
        spinner.set_message(format!("{} {address}", action.verb()));
        spinner.enable_steady_tick(Duration::from_millis(120));
        self.running().insert(address.to_string(), spinner);
    }

    fn finished(&self, address: &str, action: Action, result: Result<&str, &str>, elapsed: Duration) {
        if let Some(spinner) = self.running().remove(address) {
            spinner.finish_and_clear();
            self.multi.remove(&spinner);
        }
        let n = self.finished.fetch_add(1, Ordering::SeqCst) + 1;
        if result.is_err() {
            self.failed.fetch_add(1, Ordering::SeqCst);
        }
        // println keeps the log above the bars (and prints nothing if hidden).
        let _ = self.multi.println(finished_line(n, self.total, address, action, result, elapsed));
        self.overall.inc(1);
        let failed = self.failed.load(Ordering::SeqCst);
        let running = self.running().len();
        self.overall.set_message(if failed > 0 {
            format!("done, {running} under way, {failed} failed")
        } else {
            format!("done, {running} under way")
        });
    }
}

impl Drop for Bars {
    fn drop(&mut self) {
        for (_, spinner) in self.running().drain() {
            spinner.finish_and_clear();
        }
        self.overall.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finished_lines_name_the_action_the_address_and_the_outcome() {
        let ok = finished_line(3, 107, "network.aws_vpc.this", Action::Create, Ok("vpc-1"), Duration::from_millis(1340));
        assert_eq!(ok, "  [3/107] created network.aws_vpc.this (vpc-1) in 1.3 s");
        let failed = finished_line(4, 107, "db.aws_db_instance.this", Action::Create, Err("access denied"), Duration::ZERO);
        assert_eq!(failed, "  [4/107] FAILED create db.aws_db_instance.this: access denied");
    }
}
