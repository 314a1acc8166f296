//! Client-side pacing, opt-in: at most `requests` calls sent in any `per` window, shared by a
//! client and its clones; an optional cap on calls in flight; and a pause of the whole client
//! when Clerk answers 429 with `Retry-After`.
//!
//! The limiter keeps the send times of the last `requests` calls (a sliding log) rather than a
//! token bucket: a bucket may send nearly twice its rate across the edge of a server's fixed
//! window, the log never does. It waits on tokio's clock, so nothing blocks a thread.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
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

    /// The window the log is kept for: the given one and a margin, so that calls sent at the edge
    /// of a window do not land in one window of the server's.
    fn window(&self) -> Duration {
        self.per + self.per / 20
    }
}

/// What admits a call: a place among the calls in flight, held until the call ends.
#[derive(Debug)]
pub(crate) struct Admission {
    _in_flight: Option<OwnedSemaphorePermit>,
}

#[derive(Debug, Default)]
struct State {
    sent: VecDeque<Instant>,
    paused_until: Option<Instant>,
}

/// The pacing of one client and its clones.
#[derive(Debug)]
pub(crate) struct Pacer {
    rate: Option<RateLimit>,
    in_flight: Option<Arc<Semaphore>>,
    state: Mutex<State>,
}

impl Pacer {
    pub(crate) fn new(rate: Option<RateLimit>, max_concurrency: Option<usize>) -> Self {
        Self {
            rate,
            in_flight: max_concurrency.map(|n| Arc::new(Semaphore::new(n))),
            state: Mutex::new(State::default()),
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
    /// send time is recorded.
    pub(crate) async fn admit(&self) -> Admission {
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
            let wait = self.try_send(Instant::now());
            match wait {
                None => {
                    return Admission {
                        _in_flight: in_flight,
                    };
                }
                Some(until) => tokio::time::sleep_until(until).await,
            }
        }
    }

    /// Records a send at `now` and returns `None` if one is allowed, else the instant to try
    /// again.
    fn try_send(&self, now: Instant) -> Option<Instant> {
        let mut state = self.lock();
        if let Some(until) = state.paused_until {
            if until > now {
                return Some(until);
            }
            state.paused_until = None;
        }
        let rate = self.rate?;
        let window = rate.window();
        while state
            .sent
            .front()
            .is_some_and(|sent| now.duration_since(*sent) >= window)
        {
            state.sent.pop_front();
        }
        if state.sent.len() < rate.requests as usize {
            state.sent.push_back(now);
            return None;
        }
        state.sent.front().map(|oldest| *oldest + window)
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
        // 23 calls at 5 per 1.05 s: the last waits for four full windows.
        assert_eq!(sent[22], Duration::from_millis(4 * 1050));
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
        // The cancelled call took neither the place nor a send: the next call waits only for
        // the window of the first.
        let start = Instant::now();
        let _second = pacer.admit().await;
        assert_eq!(Instant::now() - start, Duration::from_millis(10_500 - 10));
    }

    #[test]
    fn the_preset_follows_the_key() {
        assert_eq!(RateLimit::for_secret_key("sk_live_x"), Some(PRODUCTION));
        assert_eq!(RateLimit::for_secret_key("sk_test_x"), Some(DEVELOPMENT));
        assert_eq!(RateLimit::for_secret_key("other"), None);
    }
}
