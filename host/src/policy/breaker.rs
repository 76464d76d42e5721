//! A circuit breaker per policy: after `failures` failures within `window`, stop calling
//! the policy for a backoff (doubling from `base_backoff` to `max_backoff`), then let one
//! evaluation through (half-open); a success closes it again.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Circuit breaker settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakerConfig {
    /// Failures within `window` that open the breaker.
    pub failures: u32,
    /// The sliding window failures are counted in.
    pub window: Duration,
    /// First backoff once open.
    pub base_backoff: Duration,
    /// Longest backoff.
    pub max_backoff: Duration,
}

impl Default for BreakerConfig {
    /// 5 failures in 1 minute; backoff 1 s doubling to 5 minutes.
    fn default() -> BreakerConfig {
        BreakerConfig {
            failures: 5,
            window: Duration::from_secs(60),
            base_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(300),
        }
    }
}

#[derive(Debug)]
struct State {
    recent: VecDeque<Instant>,
    open_until: Option<Instant>,
    backoff: Duration,
    trial_in_flight: bool,
    trips: u64,
}

/// The breaker.
#[derive(Debug)]
pub struct CircuitBreaker {
    cfg: BreakerConfig,
    state: Mutex<State>,
}

impl CircuitBreaker {
    /// A closed breaker.
    pub fn new(cfg: BreakerConfig) -> CircuitBreaker {
        CircuitBreaker {
            cfg,
            state: Mutex::new(State {
                recent: VecDeque::new(),
                open_until: None,
                backoff: cfg.base_backoff,
                trial_in_flight: false,
                trips: 0,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// `Ok` if the policy may be called now; `Err(retry_in)` while open.
    pub fn allow(&self) -> Result<(), Duration> {
        let now = Instant::now();
        let mut s = self.lock();
        match s.open_until {
            None => Ok(()),
            Some(until) if now < until => Err(until - now),
            Some(_) if s.trial_in_flight => Err(Duration::ZERO),
            Some(_) => {
                s.trial_in_flight = true;
                Ok(())
            }
        }
    }

    /// Records a successful evaluation (closes a half-open breaker).
    pub fn success(&self) {
        let mut s = self.lock();
        if s.open_until.is_some() {
            s.open_until = None;
            s.backoff = self.cfg.base_backoff;
            s.recent.clear();
        }
        s.trial_in_flight = false;
    }

    /// Records a failed evaluation.
    pub fn failure(&self) {
        let now = Instant::now();
        let mut s = self.lock();
        if s.open_until.is_some() {
            // The half-open trial failed: open again, longer.
            s.backoff = (s.backoff * 2).min(self.cfg.max_backoff);
            s.open_until = Some(now + s.backoff);
            s.trial_in_flight = false;
            s.trips += 1;
            return;
        }
        s.recent.push_back(now);
        while s
            .recent
            .front()
            .is_some_and(|t| now.duration_since(*t) > self.cfg.window)
        {
            s.recent.pop_front();
        }
        if s.recent.len() >= self.cfg.failures as usize {
            s.open_until = Some(now + s.backoff);
            s.trips += 1;
        }
    }

    /// True while open (including half-open).
    pub fn is_open(&self) -> bool {
        self.lock().open_until.is_some()
    }

    /// How many times the breaker opened.
    pub fn trips(&self) -> u64 {
        self.lock().trips
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_after_k_failures_and_half_opens() {
        let b = CircuitBreaker::new(BreakerConfig {
            failures: 3,
            window: Duration::from_secs(10),
            base_backoff: Duration::from_millis(20),
            max_backoff: Duration::from_millis(80),
        });
        for _ in 0..2 {
            assert!(b.allow().is_ok());
            b.failure();
        }
        assert!(!b.is_open());
        b.failure();
        assert!(b.is_open());
        assert!(b.allow().is_err());
        std::thread::sleep(Duration::from_millis(30));
        assert!(b.allow().is_ok(), "half-open trial");
        assert!(b.allow().is_err(), "only one trial at a time");
        b.failure();
        assert!(
            b.allow().unwrap_err() > Duration::from_millis(20),
            "backoff doubled"
        );
        std::thread::sleep(Duration::from_millis(50));
        assert!(b.allow().is_ok());
        b.success();
        assert!(!b.is_open());
        assert_eq!(b.trips(), 2);
    }
}
