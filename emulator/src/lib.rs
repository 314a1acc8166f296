//! `clerk-emulator`: a local, stateful, in-memory emulator of Clerk's users API.
//!
//! It serves every users operation on its real path under `/v1`, with Clerk's response
//! shapes and error bodies, plus emulator-only endpoints under `/emulator/v1` (reset, import,
//! export, fault injection, rate limit, instance settings, stats). Start it in-process for tests:
//!
//! ```no_run
//! use clerk_emulator::{Config, Emulator};
//!
//! let emulator = Emulator::start(Config::default()).expect("emulator starts");
//! let server_url = emulator.api_url(); // http://127.0.0.1:PORT/v1, for the client's server_url
//! # let _ = server_url;
//! emulator.reset();
//! emulator.stop();
//! ```

mod control;
mod digests;
mod error;
mod ids;
mod listing;
mod secrets;
mod settings;
mod store;
mod time;
mod users;

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, patch, post};
use clerk_backend::models::User;
use serde::{Deserialize, Serialize};
use tokio::sync::oneshot;

pub use control::{Fault, RateLimit};
pub use error::ApiError;
pub use settings::{Identifiers, InstanceSettings, PasswordRules, Requirement, UsernameRules, is_breached};
pub use store::Data;

/// Largest request body (profile images are the big ones).
const BODY_LIMIT: usize = 16 * 1024 * 1024;
/// How long `stop` lets in-flight requests finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// How to start an emulator.
#[derive(Debug, Clone)]
pub struct Config {
    /// Interface to bind; loopback by default.
    pub host: String,
    /// `0` picks a free port.
    pub port: u16,
    /// The only key accepted; when `None`, any `sk_test_...` key is.
    pub secret_key: Option<String>,
    /// Loaded at start.
    pub data: Option<Data>,
    /// The instance's settings (the data's `instance`, when it has one, comes after).
    pub instance: Option<InstanceSettings>,
    /// Limits `/v1` from the start.
    pub rate_limit: Option<RateLimit>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".into(),
            port: 0,
            secret_key: None,
            data: None,
            instance: None,
            rate_limit: None,
        }
    }
}

/// State shared by every request.
#[derive(Debug)]
pub(crate) struct Shared {
    store: RwLock<store::Store>,
    faults: Mutex<Vec<Fault>>,
    rate_limiter: Mutex<control::RateLimiter>,
    settings: RwLock<InstanceSettings>,
    counters: Counters,
    secret_key: Option<String>,
    /// `http://host:port`, for the image URLs the emulator serves itself.
    base_url: String,
}

impl Shared {
    // A panic while holding a lock cannot leave a half-applied change behind (handlers check
    // everything before they write), so a poisoned lock is still safe to use.
    fn read(&self) -> RwLockReadGuard<'_, store::Store> {
        self.store.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, store::Store> {
        self.store.write().unwrap_or_else(|e| e.into_inner())
    }

    fn lock_faults(&self) -> MutexGuard<'_, Vec<Fault>> {
        self.faults.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lock_rate_limiter(&self) -> MutexGuard<'_, control::RateLimiter> {
        self.rate_limiter.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn settings(&self) -> InstanceSettings {
        *self.settings.read().unwrap_or_else(|e| e.into_inner())
    }

    fn set_settings(&self, settings: InstanceSettings) {
        *self.settings.write().unwrap_or_else(|e| e.into_inner()) = settings;
    }

    fn default_image_url(&self) -> String {
        store::default_image_url(&self.base_url)
    }

    fn reset(&self) {
        *self.write() = store::Store::default();
        self.lock_faults().clear();
        self.lock_rate_limiter().clear();
        self.counters.clear();
    }

    /// Adds the data's objects; its `instance`, when given, replaces the settings.
    fn import(&self, mut data: Data) -> Result<Vec<User>, ApiError> {
        let settings = data.instance.take();
        let users = self.write().import(data, &self.base_url)?;
        if let Some(settings) = settings {
            self.set_settings(settings);
        }
        Ok(users)
    }

    fn export(&self) -> Data {
        let mut data = self.read().export();
        data.instance = Some(self.settings());
        data
    }

    /// Takes one use of the first fault matching the request.
    fn take_fault(&self, method: &str, path: &str) -> Option<Fault> {
        let mut faults = self.lock_faults();
        let index = faults.iter().position(|f| f.matches(method, path))?;
        let fault = faults[index].clone();
        faults[index].count -= 1;
        if faults[index].count == 0 {
            faults.remove(index);
        }
        Some(fault)
    }
}

/// What the emulator served since it started (or was reset), for tests that assert "no request
/// was rate-limited".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Requests to `/v1`, whatever their answer.
    pub requests: u64,
    /// 429s the rate limit served (injected faults are not counted here).
    pub rate_limited: u64,
    /// Requests answered (or delayed) by an injected fault.
    pub faulted: u64,
}

#[derive(Debug, Default)]
struct Counters {
    requests: AtomicU64,
    rate_limited: AtomicU64,
    faulted: AtomicU64,
}

impl Counters {
    fn snapshot(&self) -> Stats {
        Stats {
            requests: self.requests.load(Ordering::Relaxed),
            rate_limited: self.rate_limited.load(Ordering::Relaxed),
            faulted: self.faulted.load(Ordering::Relaxed),
        }
    }

    fn clear(&self) {
        self.requests.store(0, Ordering::Relaxed);
        self.rate_limited.store(0, Ordering::Relaxed);
        self.faulted.store(0, Ordering::Relaxed);
    }
}

/// A handle on an emulator's state, for serving it from an existing tokio runtime.
#[derive(Debug, Clone)]
pub struct EmulatorState {
    shared: Arc<Shared>,
}

impl EmulatorState {
    /// State for an emulator reachable at `base_url` (`http://127.0.0.1:PORT`).
    pub fn new(config: &Config, base_url: impl Into<String>) -> Result<Self, ApiError> {
        let state = Self {
            shared: Arc::new(Shared {
                store: RwLock::new(store::Store::default()),
                faults: Mutex::new(Vec::new()),
                rate_limiter: Mutex::new(control::RateLimiter::default()),
                settings: RwLock::new(config.instance.unwrap_or_default()),
                counters: Counters::default(),
                secret_key: config.secret_key.clone(),
                base_url: base_url.into(),
            }),
        };
        if let Some(data) = &config.data {
            state.shared.import(data.clone())?;
        }
        state.set_rate_limit(config.rate_limit);
        Ok(state)
    }

    /// Forgets every user, every loaded object and every pending fault (and the rate limit's
    /// counts and the stats; the limit itself and the instance's settings stay).
    pub fn reset(&self) {
        self.shared.reset();
    }

    /// Limits `/v1` to `limit.requests` per `limit.per_seconds` seconds per secret key (429
    /// with `Retry-After` beyond); `None` lifts it.
    pub fn set_rate_limit(&self, limit: Option<RateLimit>) {
        self.shared.lock_rate_limiter().set(limit);
    }

    /// The rate limit in force.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.shared.lock_rate_limiter().limit
    }

    /// The instance's settings in force.
    pub fn instance(&self) -> InstanceSettings {
        self.shared.settings()
    }

    /// Replaces the instance's settings (enforced by `create` and `update` from now on).
    pub fn set_instance(&self, settings: InstanceSettings) {
        self.shared.set_settings(settings);
    }

    /// What was served since the start or the last reset.
    pub fn stats(&self) -> Stats {
        self.shared.counters.snapshot()
    }

    /// Adds users and other objects (the format of `--data` files); returns the users added.
    pub fn import(&self, data: Data) -> Result<Vec<User>, ApiError> {
        self.shared.import(data)
    }

    /// Everything, in the format [`EmulatorState::import`] reads.
    pub fn export(&self) -> Data {
        self.shared.export()
    }

    /// Makes the next matching `/v1` requests fail.
    pub fn add_fault(&self, fault: Fault) {
        self.shared.lock_faults().push(fault);
    }

    /// The axum router: `/v1` (the API) and `/emulator/v1` (control).
    pub fn router(&self) -> Router {
        router(self.shared.clone())
    }
}

fn router(shared: Arc<Shared>) -> Router {
    let api = Router::new()
        .route("/users", get(users::list).post(users::create))
        .route("/users/count", get(users::count))
        .route("/users/ban", post(users::bulk_ban))
        .route("/users/unban", post(users::bulk_unban))
        .route(
            "/users/{user_id}",
            get(users::get).patch(users::update).delete(users::delete),
        )
        .route("/users/{user_id}/ban", post(users::ban))
        .route("/users/{user_id}/unban", post(users::unban))
        .route("/users/{user_id}/lock", post(users::lock))
        .route("/users/{user_id}/unlock", post(users::unlock))
        .route(
            "/users/{user_id}/profile_image",
            post(users::set_profile_image).delete(users::delete_profile_image),
        )
        .route("/users/{user_id}/metadata", patch(users::update_metadata))
        .route(
            "/users/{user_id}/billing/subscription",
            get(users::billing_subscription),
        )
        .route(
            "/users/{user_id}/billing/credits",
            get(users::billing_credits).post(users::adjust_billing_credits),
        )
        .route(
            "/users/{user_id}/oauth_access_tokens/{provider}",
            get(users::oauth_access_tokens),
        )
        .route(
            "/users/{user_id}/organization_memberships",
            get(users::organization_memberships),
        )
        .route(
            "/users/{user_id}/organization_invitations",
            get(users::organization_invitations),
        )
        .route("/users/{user_id}/verify_password", post(users::verify_password))
        .route("/users/{user_id}/verify_totp", post(users::verify_totp))
        .route("/users/{user_id}/mfa", delete(users::disable_mfa))
        .route("/users/{user_id}/backup_code", delete(users::delete_backup_codes))
        .route("/users/{user_id}/totp", delete(users::delete_totp))
        .route(
            "/users/{user_id}/passkeys/{passkey_identification_id}",
            delete(users::delete_passkey),
        )
        .route(
            "/users/{user_id}/web3_wallets/{web3_wallet_identification_id}",
            delete(users::delete_web3_wallet),
        )
        .route(
            "/users/{user_id}/external_accounts/{external_account_id}",
            delete(users::delete_external_account),
        )
        .route(
            "/users/{user_id}/password/set_compromised",
            post(users::set_password_compromised),
        )
        .route(
            "/users/{user_id}/password/unset_compromised",
            post(users::unset_password_compromised),
        )
        .route(
            "/organization_memberships",
            get(users::instance_organization_memberships),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            control::guard,
        ));

    let control = Router::new()
        .route("/reset", post(control::reset))
        .route("/export", get(control::export))
        .route("/import", post(control::import))
        .route("/users", post(control::load_users))
        .route(
            "/faults",
            get(control::list_faults)
                .post(control::add_fault)
                .delete(control::clear_faults),
        )
        .route(
            "/instance",
            get(control::get_instance)
                .put(control::set_instance)
                .post(control::set_instance),
        )
        .route("/stats", get(control::stats).delete(control::clear_stats))
        .route(
            "/rate_limit",
            get(control::get_rate_limit)
                .put(control::set_rate_limit)
                .post(control::set_rate_limit)
                .delete(control::clear_rate_limit),
        )
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            control::control_guard,
        ));
    // Open to anyone: a readiness probe, and the image URLs users' `image_url` point at.
    let emulator = Router::new()
        .route("/health", get(control::health))
        .route("/images/default", get(control::default_image))
        .route("/images/{user_id}/{version}", get(control::image))
        .merge(control);

    Router::new()
        .nest("/v1", api)
        .nest("/emulator/v1", emulator)
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(shared)
}

async fn not_found() -> ApiError {
    ApiError::not_found("Resource")
}

/// Serves `state` on `listener` until `shutdown` completes (for use inside a tokio runtime).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: EmulatorState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    axum::serve(listener, state.router())
        .with_graceful_shutdown(shutdown)
        .await
}

/// The `http://host:port` at which `addr` is reached (an unspecified address is reached on loopback).
pub fn base_url(addr: SocketAddr) -> String {
    let ip = if addr.ip().is_unspecified() {
        match addr {
            SocketAddr::V4(_) => "127.0.0.1".to_owned(),
            SocketAddr::V6(_) => "[::1]".to_owned(),
        }
    } else if addr.is_ipv6() {
        format!("[{}]", addr.ip())
    } else {
        addr.ip().to_string()
    };
    format!("http://{ip}:{}", addr.port())
}

/// An emulator running on a background thread with its own tokio runtime. Stops on drop.
#[derive(Debug)]
pub struct Emulator {
    url: String,
    state: EmulatorState,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Emulator {
    /// Binds `config.host:config.port` and serves on a background thread.
    pub fn start(config: Config) -> io::Result<Emulator> {
        let listener = std::net::TcpListener::bind((config.host.as_str(), config.port))?;
        listener.set_nonblocking(true)?;
        let url = base_url(listener.local_addr()?);
        let state = EmulatorState::new(&config, url.clone())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.long_message.clone()))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let served = state.clone();
        let thread = std::thread::Builder::new()
            .name("clerk-emulator".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    let (grace_tx, grace_rx) = oneshot::channel::<()>();
                    let server = tokio::spawn(serve(listener, served, async {
                        let _ = grace_rx.await;
                    }));
                    // Stop on `stop()`, and also when the handle is dropped (the sender goes away).
                    let _ = stop_rx.await;
                    let _ = grace_tx.send(());
                    let _ = tokio::time::timeout(SHUTDOWN_GRACE, server).await;
                });
                // Dropping a runtime waits for its blocking tasks (password hashing): one still
                // running, however long its digest takes, is left to finish on its own.
                runtime.shutdown_background();
            })?;
        Ok(Emulator {
            url,
            state,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// `http://127.0.0.1:PORT/v1`: the client's `server_url`.
    pub fn api_url(&self) -> String {
        format!("{}/v1", self.url)
    }

    pub fn state(&self) -> &EmulatorState {
        &self.state
    }

    /// Forgets every user, every loaded object and every pending fault.
    pub fn reset(&self) {
        self.state.reset();
    }

    /// Stops serving and waits for the background thread to end.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.shutdown();
    }
}
