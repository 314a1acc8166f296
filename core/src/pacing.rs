//! Client-side pacing, opt-in: at most `requests` calls in any `per` window, shared by a client
//! and its clones; an optional cap on calls in flight; and a pause of the whole client when Clerk
//! answers 429 with `Retry-After`.
//!
//! The limiter keeps a slot per recent call (a sliding log), freed `per` after the call's
//! response came, not after it was sent: a request reaches the server before its response comes
//! back, so two calls `per` apart by this clock are `per` apart on the server's too, whatever the
//! network or a busy machine does to the sending. (A token bucket may also send nearly twice
//! its rate across the edge of a server's fixed window; the log never does.) It waits on tokio's
//! clock, so nothing blocks a thread.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use crate::error::Error;

/// How fast a client may send: at most `requests` per `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub requests: u32,
    pub per: Duration,
}

/// Clerk's documented Backend API limits: 100 requests per 10 s on development instances,
/// 1000 per 10 s on production instances.
const DEVELOPMENT: RateLimit = RateLimit {
    requests: 100,
    per: Duration::from_secs(10),
};
const PRODUCTION: RateLimit = RateLimit {
    requests: 1000,
    per: Duration::from_secs(10),
};

impl RateLimit {
    pub fn new(requests: u32, per: Duration) -> Self {
        Self { requests, per }
    }

    /// Clerk's documented limit for the instance a secret key belongs to: `sk_test_` keys are
    /// development instances (100 per 10 s), `sk_live_` keys production ones (1000 per 10 s).
    pub fn for_secret_key(secret_key: &str) -> Option<Self> {
        if secret_key.starts_with("sk_live_") {
            Some(PRODUCTION)
        } else if secret_key.starts_with("sk_test_") {
            Some(DEVELOPMENT)
        } else {
            None
        }
    }

    pub(crate) fn validate(&self) -> Result<(), Error> {
        if self.requests == 0 || self.requests > 1_000_000 {
            return Err(Error::invalid(
                "rate_limit",
                format!("requests must be between 1 and 1000000, got {}", self.requests),
            ));
        }
        if self.per.is_zero() || self.per > Duration::from_secs(24 * 3600) {
            return Err(Error::invalid(
                "rate_limit",
                format!(
                    "the window must be more than 0 and at most a day, got {:?}",
                    self.per
                ),
            ));
        }
        Ok(())
    }
}

/// A call's slot in the log: in flight until `done`.
#[derive(Debug)]
struct Slot {
    ticket: u64,
    done: Option<Instant>,
}

#[derive(Debug, Default)]
struct State {
    slots: Vec<Slot>,
    next_ticket: u64,
    paused_until: Option<Instant>,
}

/// The pacing of one client and its clones.
#[derive(Debug)]
pub(crate) struct Pacer {
    rate: Option<RateLimit>,
    in_flight: Option<Arc<Semaphore>>,
    state: Mutex<State>,
    /// Woken when a call ends, for callers waiting on a log full of calls in flight.
    freed: Notify,
}

/// What admits a call: its slot in the log and its place among the calls in flight, both
/// released when it is dropped (after the response, or when the call is cancelled).
#[derive(Debug)]
pub(crate) struct Admission<'a> {
    pacer: &'a Pacer,
    ticket: Option<u64>,
    _in_flight: Option<OwnedSemaphorePermit>,
}

impl Drop for Admission<'_> {
    fn drop(&mut self) {
        if let Some(ticket) = self.ticket {
            let now = Instant::now();
            let mut state = self.pacer.lock();
            if let Some(slot) = state.slots.iter_mut().find(|slot| slot.ticket == ticket) {
                slot.done = Some(now);
            }
            drop(state);
            self.pacer.freed.notify_waiters();
        }
    }
}

/// Why a call may not go yet.
enum Wait {
    Until(Instant),
    /// Every slot is a call in flight: until one ends.
    ForACall,
}

impl Pacer {
    pub(crate) fn new(rate: Option<RateLimit>, max_concurrency: Option<usize>) -> Self {
        Self {
            rate,
            in_flight: max_concurrency.map(|n| Arc::new(Semaphore::new(n))),
            state: Mutex::new(State::default()),
            freed: Notify::new(),
        }
    }

    /// Whether calls go straight out (no limit, no cap): the common case, with no lock taken.
    pub(crate) fn is_off(&self) -> bool {
        self.rate.is_none() && self.in_flight.is_none()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is a log of instants: one left by a panicking holder is still sound.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Waits until the client may send one more call, without blocking a thread. Dropping the
    /// future before it completes takes nothing: the place in flight is given back, and no
    /// slot is taken.
    pub(crate) async fn admit(&self) -> Admission<'_> {
        let in_flight = match &self.in_flight {
            Some(semaphore) => Some(
                Arc::clone(semaphore)
                    .acquire_owned()
                    .await
                    .expect("the semaphore is never closed"),
            ),
            None => None,
        };
        loop {
            // Registered before the log is read, so that a call ending in between is not missed.
            let freed = self.freed.notified();
            tokio::pin!(freed);
            freed.as_mut().enable();
            match self.try_take(Instant::now()) {
                Ok(ticket) => {
                    return Admission {
                        pacer: self,
                        ticket,
                        _in_flight: in_flight,
                    };
                }
                Err(Wait::Until(until)) => {
                    tokio::select! {
                        () = tokio::time::sleep_until(until) => {}
                        () = &mut freed => {}
                    }
                }
                Err(Wait::ForACall) => freed.await,
            }
        }
    }

    /// Takes a slot at `now` (none without a rate), or says how long to wait.
    fn try_take(&self, now: Instant) -> Result<Option<u64>, Wait> {
        let mut state = self.lock();
        if let Some(until) = state.paused_until {
            if until > now {
                return Err(Wait::Until(until));
            }
            state.paused_until = None;
        }
        let Some(rate) = self.rate else {
            return Ok(None);
        };
        state
            .slots
            .retain(|slot| slot.done.is_none_or(|done| now.duration_since(done) < rate.per));
        if state.slots.len() < rate.requests as usize {
            let ticket = state.next_ticket;
            state.next_ticket = state.next_ticket.wrapping_add(1);
            state.slots.push(Slot { ticket, done: None });
            return Ok(Some(ticket));
        }
        match state.slots.iter().filter_map(|slot| slot.done).min() {
            Some(first_done) => Err(Wait::Until(first_done + rate.per)),
            None => Err(Wait::ForACall),
        }
    }

    /// Pauses every call of the client for `delay` (a 429's `Retry-After`); a longer pause
    /// already in force stays.
    pub(crate) fn pause(&self, delay: Duration) {
        let Some(until) = Instant::now().checked_add(delay) else {
            return;
        };
        let mut state = self.lock();
        if state.paused_until.is_none_or(|current| current < until) {
            state.paused_until = Some(until);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn never_more_than_the_limit_in_any_window() {
        let pacer = Arc::new(Pacer::new(Some(RateLimit::new(5, Duration::from_secs(1))), None));
        let start = Instant::now();
        let mut sent = Vec::new();
        for _ in 0..23 {
            let _admitted = pacer.admit().await;
            sent.push(Instant::now().duration_since(start));
        }
        for (i, at) in sent.iter().enumerate() {
            let in_window = sent[i..]
                .iter()
                .filter(|later| **later - *at < Duration::from_secs(1))
                .count();
            assert!(in_window <= 5, "{in_window} calls within a second of {at:?}");
        }
        // 23 calls at 5 a second, each over at once: the last waits for four full windows.
        assert_eq!(sent[22], Duration::from_secs(4));
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_holds_every_call_until_it_ends() {
        let pacer = Pacer::new(None, None);
        pacer.pause(Duration::from_secs(3));
        pacer.pause(Duration::from_secs(1));
        let start = Instant::now();
        let _admitted = pacer.admit().await;
        assert_eq!(Instant::now() - start, Duration::from_secs(3));
    }

    #[tokio::test(start_paused = true)]
    async fn a_cancelled_wait_gives_its_place_back() {
        let pacer = Arc::new(Pacer::new(
            Some(RateLimit::new(1, Duration::from_secs(10))),
            Some(1),
        ));
        let first = pacer.admit().await;
        // Waits for the place in flight, then is cancelled.
        let waiting = tokio::time::timeout(Duration::from_millis(10), pacer.admit()).await;
        assert!(waiting.is_err());
        drop(first);
        // The cancelled call took neither the place nor a slot: the next call waits only for
        // the window of the first, which ended when it was dropped.
        let start = Instant::now();
        let _second = pacer.admit().await;
        assert_eq!(Instant::now() - start, Duration::from_secs(10));
    }

    #[tokio::test(start_paused = true)]
    async fn a_slot_is_freed_a_window_after_its_response_not_its_sending() {
        let pacer = Arc::new(Pacer::new(Some(RateLimit::new(1, Duration::from_secs(1))), None));
        let start = Instant::now();
        let slow = pacer.admit().await;
        // The response takes 3 s: the next call goes a second after it, not after the sending.
        let next = {
            let pacer = Arc::clone(&pacer);
            tokio::spawn(async move {
                let _admitted = pacer.admit().await;
                Instant::now()
            })
        };
        tokio::time::sleep(Duration::from_secs(3)).await;
        drop(slow);
        assert_eq!(next.await.unwrap() - start, Duration::from_secs(4));
    }

    #[test]
    fn the_preset_follows_the_key() {
        assert_eq!(RateLimit::for_secret_key("sk_live_x"), Some(PRODUCTION));
        assert_eq!(RateLimit::for_secret_key("sk_test_x"), Some(DEVELOPMENT));
        assert_eq!(RateLimit::for_secret_key("other"), None);
    }
}
