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
        let result = (0..items.len()).try_for_each(|_| match shared.next_result(items.len()) {
            Some(result) => take(result),
            // A worker panicked: the scope's end raises its panic.
            None => Ok(()),
        });
        shared.stop();
        result
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
    /// No more items are handed out: `take` failed, or a worker panicked.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_order_whatever_order_they_are_done_in() {
        let items: Vec<u64> = (0..500).collect();
        let mut seen = Vec::new();
        // Early items take longest, so later ones are done first.
        let result: Result<(), ()> = for_each(
            &items,
            |&i| {
                std::thread::sleep(std::time::Duration::from_micros((500 - i) % 7 * 50));
                i * 2
            },
            |r| {
                seen.push(r);
                Ok(())
            },
        );
        assert_eq!(result, Ok(()));
        assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn a_failed_take_stops_the_run_and_is_given() {
        let items: Vec<usize> = (0..10_000).collect();
        let checked = std::sync::atomic::AtomicUsize::new(0);
        let mut taken = 0;
        let result = for_each(
            &items,
            |&i| {
                checked.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                i
            },
            |i| {
                taken += 1;
                if i == 100 { Err("closed") } else { Ok(()) }
            },
        );
        assert_eq!(result, Err("closed"));
        assert_eq!(taken, 101);
        // Workers stop within a window of the failure, not at the end of the items.
        assert!(checked.into_inner() <= 101 + WINDOW + rayon::current_num_threads());
    }

    #[test]
    fn a_panic_in_a_worker_reaches_the_caller_and_nothing_hangs() {
        let items: Vec<usize> = (0..1_000).collect();
        let outcome = std::panic::catch_unwind(|| {
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
}
