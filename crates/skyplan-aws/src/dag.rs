//! Runs tasks over a dependency graph: each task after all its
//! dependencies succeeded, independent ones concurrently, at most
//! `parallelism` at a time. A failed task stops its dependents (reported as
//! skipped) while tasks already running finish.

use std::collections::BTreeSet;
use std::future::Future;
use tokio::task::JoinSet;

/// How a node ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome<E> {
    Done,
    Failed(E),
    /// Not run because this dependency (transitively) failed.
    Skipped {
        because: usize,
    },
}

/// Runs `task(i)` for every node `i` of `deps` (node → its dependencies),
/// in dependency order. `deps` must be acyclic.
pub async fn run<E, F, Fut>(deps: &[Vec<usize>], parallelism: usize, task: F) -> Vec<Outcome<E>>
where
    E: Send + 'static,
    F: Fn(usize) -> Fut,
    Fut: Future<Output = Result<(), E>> + Send + 'static,
{
    let n = deps.len();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut waiting: Vec<usize> = vec![0; n];
    for (i, ds) in deps.iter().enumerate() {
        let unique: BTreeSet<usize> = ds.iter().copied().filter(|&d| d != i).collect();
        waiting[i] = unique.len();
        for d in unique {
            dependents[d].push(i);
        }
    }
    let mut outcomes: Vec<Option<Outcome<E>>> = (0..n).map(|_| None).collect();
    let mut ready: BTreeSet<usize> = (0..n).filter(|&i| waiting[i] == 0).collect();
    let mut running = JoinSet::new();
    let parallelism = parallelism.max(1);
    loop {
        while running.len() < parallelism {
            let Some(next) = ready.pop_first() else { break };
            let fut = task(next);
            running.spawn(async move { (next, fut.await) });
        }
        let Some(joined) = running.join_next().await else { break };
        let (i, result) = joined.expect("engine tasks do not panic");
        match result {
            Ok(()) => {
                outcomes[i] = Some(Outcome::Done);
                for &d in &dependents[i] {
                    waiting[d] -= 1;
                    if waiting[d] == 0 && outcomes[d].is_none() {
                        ready.insert(d);
                    }
                }
            }
            Err(error) => {
                outcomes[i] = Some(Outcome::Failed(error));
                let mut stack = dependents[i].clone();
                while let Some(d) = stack.pop() {
                    if outcomes[d].is_none() {
                        outcomes[d] = Some(Outcome::Skipped { because: i });
                        ready.remove(&d);
                        stack.extend(dependents[d].iter().copied());
                    }
                }
            }
        }
    }
    outcomes
        .into_iter()
        .map(|o| o.expect("every node ends: the graph is acyclic"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[tokio::test]
    async fn order_parallelism_and_failure_propagation() {
        // 0 ← 1 ← 2, 0 ← 3, 4 alone; 1 fails.
        let deps = vec![vec![], vec![0], vec![1], vec![0], vec![]];
        let log = Arc::new(Mutex::new(Vec::new()));
        let outcomes = run(&deps, 2, |i| {
            let log = log.clone();
            async move {
                log.lock().unwrap().push(i);
                if i == 1 {
                    Err("boom")
                } else {
                    Ok(())
                }
            }
        })
        .await;
        assert_eq!(
            outcomes,
            vec![
                Outcome::Done,
                Outcome::Failed("boom"),
                Outcome::Skipped { because: 1 },
                Outcome::Done,
                Outcome::Done
            ]
        );
        let log = log.lock().unwrap();
        assert!(!log.contains(&2));
        let position = |x| log.iter().position(|&y| y == x).unwrap();
        assert!(position(0) < position(1) && position(0) < position(3));
    }

    #[tokio::test]
    async fn never_more_than_parallelism_at_once() {
        let deps: Vec<Vec<usize>> = vec![vec![]; 12];
        let current = Arc::new(Mutex::new((0usize, 0usize)));
        run(&deps, 3, |_| {
            let current = current.clone();
            async move {
                {
                    let mut c = current.lock().unwrap();
                    c.0 += 1;
                    c.1 = c.1.max(c.0);
                }
                tokio::task::yield_now().await;
                current.lock().unwrap().0 -= 1;
                Ok::<(), ()>(())
            }
        })
        .await;
        assert_eq!(current.lock().unwrap().1, 3);
    }
}
