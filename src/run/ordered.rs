//! Files checked on the thread pool while the calling thread writes what is done, in
//! order, with a bounded number in flight.
//!
//! Checking a chunk of files and then writing it left the workers idle while the main
//! thread wrote, and one worker idle at the end of every chunk while the other finished
//! its last file. Here workers take the next item as soon as they are free, and the
//! calling thread (which owns the writer, not `Send`) takes results in order as they come.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard};

/// How many items may be checked ahead of the one being written: memory holds at most
/// this many results.
const WINDOW: usize = 128;

/// How many results the calling thread lets come in before it is woken: a wake-up is a
/// system call and a context switch that takes a core from a worker. At most `WINDOW`,
/// or the workers could wait for room while the calling thread waits for results.
const BATCH: usize = 32;

/// Runs `work` on every item on the thread pool and hands each result to `take` on the
/// calling thread, in the items' order. Stops handing out items after `take` fails, and
/// gives that failure. One or two items, or a pool of one thread, run on the calling
/// thread: a pool costs more than it saves for a pre-commit hook's file or two.
///
/// `work` must not use the pool itself: a worker waiting in a nested join could take up
/// another worker's loop and wait for room while its own item stays unfinished.
pub(super) fn for_each<T, R, E>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut take: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    // Asked first: asking the pool its size starts it.
    if items.len() <= 2 || rayon::current_num_threads() < 2 {
        return items.iter().try_for_each(|item| take(work(item)));
    }
    let workers = rayon::current_num_threads();
    let shared = Shared {
        state: Mutex::new(State {
            next: 0,
            taken: 0,
            ready: VecDeque::with_capacity(WINDOW),
            stop: false,
            wake_at: None,
            workers_waiting: 0,
        }),
        done: Condvar::new(),
        room: Condvar::new(),
    };
    rayon::in_place_scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|_| shared.work(items, &work));
        }
        // However this thread leaves (done, `take` failed, `take` panicked), the workers
        // must stop: the scope waits for them before it returns or raises a panic.
        let _stop = StopOnDrop(&shared);
        (0..items.len()).try_for_each(|_| match shared.next_result(items.len()) {
            Some(result) => take(result),
            // A worker panicked: the scope's end raises its panic.
            None => Ok(()),
        })
    })
}

/// What the workers and the calling thread share.
struct Shared<R> {
    state: Mutex<State<R>>,
    /// Signalled when the result the calling thread waits for is in.
    done: Condvar,
    /// Signalled when the window moves on, so a waiting worker may take an item.
    room: Condvar,
}

struct State<R> {
    /// The next item to hand to a worker.
    next: usize,
    /// How many results the calling thread has taken.
    taken: usize,
    /// Results from `taken` on, in order; `None` while an item is being checked.
    ready: VecDeque<Option<R>>,
    /// No more items are handed out: the calling thread is done (or `take` failed or
    /// panicked), or a worker panicked.
    stop: bool,
    /// While the calling thread waits on `done`: the item from which on a result wakes
    /// it, about a batch on from the one it waits for.
    wake_at: Option<usize>,
    /// How many workers wait on `room`.
    workers_waiting: usize,
}

impl<R> Shared<R> {
    /// The state, even after a worker panicked holding it: the panic is raised at the
    /// scope's end, and nothing here is left half-changed by one.
    fn lock(&self) -> MutexGuard<'_, State<R>> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A worker's loop: take the next item while the window has room, check it, put the
    /// result in its place.
    fn work<T>(&self, items: &[T], work: &impl Fn(&T) -> R) {
        // A panic in `work` must not leave the calling thread waiting for its result.
        let _guard = StopOnPanic(self);
        let mut state = self.lock();
        loop {
            while !state.stop && state.next < items.len() && state.next >= state.taken + WINDOW {
                state.workers_waiting += 1;
                state = self.room.wait(state).unwrap_or_else(|e| e.into_inner());
                state.workers_waiting -= 1;
            }
            if state.stop || state.next >= items.len() {
                return;
            }
            let index = state.next;
            state.next += 1;
            state.ready.push_back(None);
            drop(state);
            let result = work(&items[index]);
            state = self.lock();
            let slot = index - state.taken;
            state.ready[slot] = Some(result);
            if state.wake_at.is_some_and(|at| index >= at) {
                state.wake_at = None;
                self.done.notify_one();
            }
        }
    }

    /// The next result in order, once it is in; `None` if a worker panicked.
    fn next_result(&self, len: usize) -> Option<R> {
        let mut state = self.lock();
        loop {
            if let Some(Some(_)) = state.ready.front() {
                break;
            }
            if state.stop {
                return None;
            }
            // The last of the next batch still to come: its result, or any after it,
            // wakes this thread. One that is still to come always comes.
            let end = (state.taken + BATCH).min(len);
            let claimed = state.taken + state.ready.len();
            let at = if end > claimed {
                end - 1
            } else {
                let mut pending = state.ready.iter().take(end - state.taken);
                state.taken + pending.rposition(Option::is_none).unwrap_or(0)
            };
            state.wake_at = Some(at);
            state = self.done.wait(state).unwrap_or_else(|e| e.into_inner());
            state.wake_at = None;
        }
        let result = state.ready.pop_front().flatten();
        state.taken += 1;
        if state.workers_waiting > 0 {
            self.room.notify_one();
        }
        result
    }

    /// Hands out no more items, and wakes everyone who waits.
    fn stop(&self) {
        self.lock().stop = true;
        self.room.notify_all();
        self.done.notify_all();
    }
}

/// Stops the run when a worker unwinds.
struct StopOnPanic<'a, R>(&'a Shared<R>);

impl<R> Drop for StopOnPanic<'_, R> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stop();
        }
    }
}

/// Stops the run when the calling thread leaves, however it leaves.
struct StopOnDrop<'a, R>(&'a Shared<R>);

impl<R> Drop for StopOnDrop<'_, R> {
    fn drop(&mut self) {
        self.0.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;
    use std::time::Duration;

    /// Runs `f` on a pool of four threads (so the parallel path runs on any machine):
    /// what it gives, or its panic. Fails the test rather than hang if `f` does not end
    /// within a minute.
    fn on_four_threads<T: Send + 'static>(
        f: impl FnOnce() -> T + Send + 'static,
    ) -> std::thread::Result<T> {
        let (sent, got) = mpsc::channel();
        std::thread::spawn(move || {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(4).build();
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                pool.expect("a pool of four").install(f)
            }));
            let _ = sent.send(outcome);
        });
        got.recv_timeout(Duration::from_secs(60))
            .expect("the run ends")
    }

    #[test]
    fn results_come_in_order() {
        let seen = on_four_threads(|| {
            let items: Vec<u64> = (0..2_000).collect();
            let mut seen = Vec::new();
            let result: Result<(), ()> = for_each(
                &items,
                |&i| {
                    // Within each run of seven, earlier items take longer: later ones
                    // are often done first.
                    std::thread::sleep(Duration::from_micros((6 - i % 7) * 40));
                    i * 2
                },
                |r| {
                    seen.push(r);
                    Ok(())
                },
            );
            assert_eq!(result, Ok(()));
            seen
        });
        assert_eq!(
            seen.unwrap(),
            (0..2_000).map(|i| i * 2).collect::<Vec<u64>>()
        );
    }

    #[test]
    fn no_more_than_a_window_is_checked_ahead_of_a_slow_writer() {
        let most_ahead = on_four_threads(|| {
            let items: Vec<usize> = (0..1_000).collect();
            let (started, taken) = (AtomicUsize::new(0), AtomicUsize::new(0));
            let most_ahead = AtomicUsize::new(0);
            let result: Result<(), ()> = for_each(
                &items,
                |&i| {
                    let ahead =
                        started.fetch_add(1, Ordering::SeqCst) + 1 - taken.load(Ordering::SeqCst);
                    most_ahead.fetch_max(ahead, Ordering::SeqCst);
                    i
                },
                |_| {
                    std::thread::sleep(Duration::from_micros(50));
                    taken.fetch_add(1, Ordering::SeqCst);
                    Ok(())
                },
            );
            assert_eq!(result, Ok(()));
            most_ahead.into_inner()
        });
        let most_ahead = most_ahead.unwrap();
        // The workers do run ahead, but no further than the window past the result
        // being written.
        assert!(
            most_ahead > 1 && most_ahead <= WINDOW + 1,
            "{most_ahead} in flight"
        );
    }

    #[test]
    fn a_failed_take_stops_the_run_and_is_given() {
        let (result, taken, checked) = on_four_threads(|| {
            let items: Vec<usize> = (0..10_000).collect();
            let checked = AtomicUsize::new(0);
            let mut taken = 0;
            let result = for_each(
                &items,
                |&i| {
                    checked.fetch_add(1, Ordering::SeqCst);
                    i
                },
                |i| {
                    taken += 1;
                    if i == 100 { Err("closed") } else { Ok(()) }
                },
            );
            (result, taken, checked.into_inner())
        })
        .unwrap();
        assert_eq!(result, Err("closed"));
        assert_eq!(taken, 101);
        // Workers stop within a window of the failure, not at the end of the items.
        assert!(checked <= 101 + WINDOW, "{checked} items were checked");
    }

    #[test]
    fn a_panic_in_a_worker_reaches_the_caller() {
        let outcome = on_four_threads(|| {
            let items: Vec<usize> = (0..1_000).collect();
            for_each(
                &items,
                |&i| {
                    assert!(i != 300, "boom");
                    i
                },
                |_| Ok::<(), ()>(()),
            )
        });
        assert!(outcome.is_err());
    }

    #[test]
    fn a_panic_in_take_reaches_the_caller() {
        let outcome = on_four_threads(|| {
            let items: Vec<usize> = (0..1_000).collect();
            for_each(
                &items,
                |&i| i,
                |i| {
                    assert!(i != 10, "boom");
                    Ok::<(), ()>(())
                },
            )
        });
        assert!(outcome.is_err());
    }
}
