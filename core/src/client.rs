//! The client: configuration, the attempt loop with retries and timeouts, decoding.

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use http::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, RETRY_AFTER, USER_AGENT,
};
use serde::de::DeserializeOwned;
use tracing::Instrument;
use zeroize::{Zeroize, Zeroizing};

use crate::error::{ConnectionErrorKind, Error, HttpResponse, Result};
use crate::models::Lenient;
use crate::ops::OperationSpec;
use crate::pacing::{Pacer, RateLimit};
use crate::requests::Operation;
use crate::retry::{RetryConfig, is_retryable, parse_retry_after};
use crate::users::Users;
use crate::wire::{self, WireBody, WireRequest};

/// Clerk's production API.
pub const DEFAULT_SERVER_URL: &str = "https://api.clerk.com/v1";
/// The API version this client speaks, sent as `Clerk-API-Version`.
pub const DEFAULT_API_VERSION: &str = "2025-11-10";
/// Default timeout of one attempt.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default cap on a response body (64 MiB): a larger one is refused before it is read past it.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;
/// This crate's version, part of the `User-Agent`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

const API_VERSION_HEADER: &str = "clerk-api-version";

/// A secret key that never shows in `Debug`, `Display`, errors or logs, and is wiped from
/// memory when dropped.
#[derive(Clone)]
struct SecretKey(Zeroizing<String>);

/// The bytes of the `Authorization` header, shared by every request of a client (and its
/// clones) without copies, and wiped when the last of them is dropped. The HTTP stack's own
/// copy, written into its send buffer, is not this crate's to wipe.
struct SecretBytes(Vec<u8>);

impl AsRef<[u8]> for SecretBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Drop for SecretBytes {
    fn drop(&mut self) {
        self.0.zeroize();
        #[cfg(test)]
        tests::WIPED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// `Bearer <key>` as a sensitive header value whose bytes are wiped on drop.
fn authorization(key: &str) -> Result<HeaderValue> {
    let mut bytes = Zeroizing::new(Vec::with_capacity(7 + key.len()));
    bytes.extend_from_slice(b"Bearer ");
    bytes.extend_from_slice(key.as_bytes());
    let shared = Bytes::from_owner(SecretBytes(std::mem::take(&mut *bytes)));
    let mut value = HeaderValue::from_maybe_shared(shared)
        .map_err(|_| Error::invalid("secret_key", "must be printable ASCII"))?;
    value.set_sensitive(true);
    Ok(value)
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

/// What a client reports after each attempt of a call (see [`ClerkBuilder::on_attempt`]). It
/// never carries keys, bodies or metadata.
#[derive(Debug, Clone)]
pub struct AttemptEvent {
    /// The operation's Python name (`get_user` is `get`).
    pub operation: &'static str,
    pub method: &'static str,
    /// The path template (`/users/{user_id}`), not the path with IDs.
    pub path: &'static str,
    /// 1 for the first try.
    pub attempt: u32,
    /// The response's status, if a response came.
    pub status: Option<u16>,
    /// From sending to the end of the response (or the failure), pacing included.
    pub duration: Duration,
    /// The kind of failure (`ClerkErrors`, `SDKError`, `TimeoutError`, ...), if it failed.
    pub error: Option<&'static str>,
    /// Set when another attempt follows, after this wait.
    pub retry_in: Option<Duration>,
    /// Set when a 429 paused the whole (paced) client for this long.
    pub paused_for: Option<Duration>,
}

/// A function called with every [`AttemptEvent`]; it runs on the client's task and must not block.
pub type AttemptHook = Arc<dyn Fn(&AttemptEvent) + Send + Sync>;

/// Per-call overrides of the client's settings.
#[derive(Clone, Default)]
pub struct CallOptions {
    /// Replaces the client's retry configuration; `Some(RetryConfig::none())` makes one attempt.
    pub retries: Option<RetryConfig>,
    /// Replaces the server URL (one trailing `/` is ignored).
    pub server_url: Option<String>,
    /// Replaces the per-attempt timeout.
    pub timeout: Option<Duration>,
    /// Extra headers; they replace the client's headers of the same name.
    pub headers: Vec<(String, String)>,
    /// Replaces the client's cap on the size of a response body, in bytes.
    pub max_response_bytes: Option<u64>,
    /// Called after each attempt of this call, instead of the client's hook.
    pub on_attempt: Option<AttemptHook>,
}

impl fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let secret = name.eq_ignore_ascii_case("authorization");
                (name.as_str(), if secret { "<redacted>" } else { value.as_str() })
            })
            .collect();
        f.debug_struct("CallOptions")
            .field("retries", &self.retries)
            .field("server_url", &self.server_url)
            .field("timeout", &self.timeout)
            .field("headers", &headers)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("on_attempt", &self.on_attempt.is_some())
            .finish()
    }
}

/// Builds a [`Clerk`].
pub struct ClerkBuilder {
    secret_key: SecretKey,
    server_url: String,
    retry_config: RetryConfig,
    timeout: Duration,
    api_version: String,
    headers: Vec<(String, String)>,
    language: Option<String>,
    http_client: Option<reqwest::Client>,
    max_response_bytes: u64,
    allow_insecure_http: bool,
    rate_limit: Option<RateLimit>,
    rate_limit_for_key: bool,
    max_concurrency: Option<usize>,
    on_attempt: Option<AttemptHook>,
}

impl fmt::Debug for ClerkBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClerkBuilder")
            .field("secret_key", &self.secret_key)
            .field("server_url", &self.server_url)
            .field("retry_config", &self.retry_config)
            .field("timeout", &self.timeout)
            .field("api_version", &self.api_version)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("rate_limit", &self.rate_limit)
            .field("max_concurrency", &self.max_concurrency)
            .finish_non_exhaustive()
    }
}

impl ClerkBuilder {
    /// Paces the client (and its clones): at most `rate.requests` calls sent in any window of
    /// `rate.per`; a 429 with `Retry-After` then pauses every call until it ends. Waiting counts
    /// against each attempt's timeout. Off by default.
    pub fn rate_limit(mut self, rate: RateLimit) -> Self {
        self.rate_limit = Some(rate);
        self
    }

    /// Paces the client at Clerk's documented limit for its key's instance (see
    /// [`RateLimit::for_secret_key`]); a key of neither kind is refused at `build`.
    pub fn rate_limit_for_key(mut self) -> Self {
        self.rate_limit_for_key = true;
        self
    }

    /// At most `max` calls of the client (and its clones) in flight; others wait their turn.
    pub fn max_concurrency(mut self, max: usize) -> Self {
        self.max_concurrency = Some(max);
        self
    }

    /// Called after every attempt of every call (see [`AttemptEvent`]), for logs and metrics.
    pub fn on_attempt(mut self, hook: AttemptHook) -> Self {
        self.on_attempt = Some(hook);
        self
    }

    /// Default `https://api.clerk.com/v1`; point it at the emulator or a proxy.
    pub fn server_url(mut self, url: impl Into<String>) -> Self {
        self.server_url = url.into();
        self
    }

    pub fn retry_config(mut self, retry_config: RetryConfig) -> Self {
        self.retry_config = retry_config;
        self
    }

    /// Timeout of each attempt (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// `Clerk-API-Version` (default `2025-11-10`).
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.api_version = version.into();
        self
    }

    /// A header sent with every request.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The host language named in the `User-Agent` (`rust` unless a binding sets it).
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// Use a preconfigured `reqwest::Client` (proxies, custom TLS roots, pool settings); the
    /// crate re-exports the reqwest it is built with as [`crate::reqwest`]. Build it with
    /// `redirect(reqwest::redirect::Policy::none())`: this client's own never follows redirects,
    /// a given one keeps its policy. Its TLS setup is its own: with reqwest's
    /// `rustls-no-provider`, install a rustls crypto provider before building it.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The largest response body accepted, in bytes (default 64 MiB); a larger one fails the
    /// call with [`Error::ResponseTooLarge`] before more than this is read.
    pub fn max_response_bytes(mut self, max: u64) -> Self {
        self.max_response_bytes = max;
        self
    }

    /// Allows `http://` server URLs to hosts other than loopback (127.0.0.0/8, `::1`,
    /// `localhost`), which send the secret key in cleartext. Off by default.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    pub fn build(self) -> Result<Clerk> {
        if self.secret_key.0.is_empty() {
            return Err(Error::invalid("secret_key", "must not be empty"));
        }
        let server_url = normalize_server_url(&self.server_url, self.allow_insecure_http)?;
        self.retry_config.validate()?;
        check_timeout(self.timeout)?;
        check_max_response_bytes(self.max_response_bytes)?;
        let rate_limit = if self.rate_limit_for_key {
            Some(RateLimit::for_secret_key(&self.secret_key.0).ok_or_else(|| {
                Error::invalid(
                    "rate_limit",
                    "Clerk's limit is known for sk_test_ and sk_live_ keys only: give a RateLimit",
                )
            })?)
        } else {
            self.rate_limit
        };
        if let Some(rate) = &rate_limit {
            rate.validate()?;
        }
        // The semaphore behind the cap holds at most MAX_PERMITS (and panics beyond).
        let most = tokio::sync::Semaphore::MAX_PERMITS;
        if let Some(max) = self.max_concurrency.filter(|max| !(1..=most).contains(max)) {
            return Err(Error::invalid(
                "max_concurrency",
                format!("must be between 1 and {most}, got {max}"),
            ));
        }

        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, authorization(&self.secret_key.0)?);
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let version = HeaderValue::try_from(&self.api_version)
            .map_err(|_| Error::invalid("api_version", "must be printable ASCII"))?;
        headers.insert(HeaderName::from_static(API_VERSION_HEADER), version);
        let language = self.language.as_deref().unwrap_or("rust");
        let agent = format!("clerk-backend/{VERSION} ({language})");
        let agent = HeaderValue::try_from(agent)
            .map_err(|_| Error::invalid("language", "must be printable ASCII"))?;
        headers.insert(USER_AGENT, agent);
        merge_headers(&mut headers, &self.headers)?;

        // The default HTTP client is made on first use: it loads the system's TLS roots, which
        // costs memory and time that a client never used (or built at import time) should not pay.
        let http = OnceLock::new();
        if let Some(client) = self.http_client {
            let _ = http.set(client);
        }
        Ok(Clerk {
            inner: Arc::new(Inner {
                http,
                server_url,
                retry_config: self.retry_config,
                timeout: self.timeout,
                headers,
                max_response_bytes: self.max_response_bytes,
                allow_insecure_http: self.allow_insecure_http,
                pacer: Pacer::new(rate_limit, self.max_concurrency),
                on_attempt: self.on_attempt,
            }),
        })
    }
}

fn default_http_client() -> Result<reqwest::Client> {
    let setup_failed = |message: String| Error::Connection {
        kind: ConnectionErrorKind::Connect,
        message: format!("could not set up the HTTP client: {message}"),
    };
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls_config().map_err(|e| setup_failed(e.to_string()))?)
        .pool_idle_timeout(Duration::from_secs(60))
        // A redirect would re-send the request, key and body included, to wherever the server
        // points (over plain http if it says so). The official SDKs do not follow them either.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| setup_failed(error_chain(&e)))
}

/// TLS with the application's process-wide rustls provider if it installed one (a FIPS build,
/// say), else ring on this client's own configuration: installing a process default here would
/// make the application's own `install_default` fail later. Certificates are checked by the
/// platform's verifier, as reqwest's default does.
fn tls_config() -> std::result::Result<rustls::ClientConfig, rustls::Error> {
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone())?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    // A preconfigured TLS setup gets no protocols from reqwest: offer HTTP/2 as its own would.
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

fn normalize_server_url(url: &str, allow_insecure_http: bool) -> Result<String> {
    let trimmed = url.strip_suffix('/').unwrap_or(url);
    let parsed = reqwest::Url::parse(trimmed)
        .map_err(|e| Error::invalid("server_url", format!("{url:?} is not a valid URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
        return Err(Error::invalid(
            "server_url",
            format!("{url:?} must be an http(s) URL with a host"),
        ));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(Error::invalid(
            "server_url",
            format!("{url:?} must not have a query or fragment"),
        ));
    }
    if parsed.scheme() == "http" && !allow_insecure_http && !is_loopback(&parsed) {
        let host = parsed.host_str().unwrap_or_default();
        return Err(Error::invalid(
            "server_url",
            format!(
                "plain http to {host} would send the secret key in cleartext: use https, or \
                 allow_insecure_http (only loopback hosts are allowed by default)"
            ),
        ));
    }
    Ok(trimmed.to_owned())
}

/// 127.0.0.0/8, `::1` (and IPv4-mapped loopback) or `localhost`.
fn is_loopback(url: &reqwest::Url) -> bool {
    let host = url.host_str().unwrap_or_default();
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    match bare.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(ip)) => ip.is_loopback(),
        Ok(std::net::IpAddr::V6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

fn check_max_response_bytes(max: u64) -> Result<()> {
    if max == 0 {
        return Err(Error::invalid("max_response_bytes", "must be greater than zero"));
    }
    Ok(())
}

fn check_timeout(timeout: Duration) -> Result<()> {
    if timeout.is_zero() {
        return Err(Error::invalid("timeout", "must be greater than zero"));
    }
    Ok(())
}

fn merge_headers(headers: &mut HeaderMap, extra: &[(String, String)]) -> Result<()> {
    if extra.len() > crate::limits::MAX_HEADERS {
        return Err(Error::invalid(
            "http_headers",
            format!(
                "at most {} headers can be set, got {}",
                crate::limits::MAX_HEADERS,
                extra.len()
            ),
        ));
    }
    for (name, value) in extra {
        let header = HeaderName::try_from(name.as_str())
            .map_err(|_| Error::invalid("http_headers", format!("{name:?} is not a valid header name")))?;
        let mut value = HeaderValue::try_from(value.as_str()).map_err(|_| {
            Error::invalid(
                "http_headers",
                format!("the value of {name:?} is not a valid header value"),
            )
        })?;
        if header == AUTHORIZATION {
            value.set_sensitive(true);
        }
        headers
            .try_insert(header, value)
            .map_err(|_| Error::invalid("http_headers", "too many headers for one request"))?;
    }
    Ok(())
}

struct Inner {
    http: OnceLock<reqwest::Client>,
    server_url: String,
    retry_config: RetryConfig,
    timeout: Duration,
    /// Authorization, Accept, Clerk-API-Version, User-Agent and the configured extras.
    headers: HeaderMap,
    max_response_bytes: u64,
    allow_insecure_http: bool,
    pacer: Pacer,
    on_attempt: Option<AttemptHook>,
}

/// The client. Cheap to clone (clones share one connection pool), `Send + Sync`.
#[derive(Clone)]
pub struct Clerk {
    inner: Arc<Inner>,
}

impl fmt::Debug for Clerk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Clerk")
            .field("secret_key", &SecretKey(Zeroizing::new(String::new())))
            .field("server_url", &self.inner.server_url)
            .field("retry_config", &self.inner.retry_config)
            .field("timeout", &self.inner.timeout)
            .field("max_response_bytes", &self.inner.max_response_bytes)
            .finish_non_exhaustive()
    }
}

/// A success response, before decoding.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl RawResponse {
    /// Decodes the body into the operation's result, or a `ResponseValidation` error.
    pub fn decode<T: DeserializeOwned + Lenient>(self) -> Result<T> {
        crate::models::decode(&self.body).map_err(|source| self.invalid(source))
    }

    /// Splits a list body (`list`, `bulk_ban`, ...) into its items without decoding them, for
    /// bindings that build host objects only for the items a caller reads. The shape is checked
    /// here (an array of objects); each item is decoded later with [`RawItems::decode`].
    pub fn into_items(self) -> Result<RawItems> {
        match RawItems::split(self.body.clone()) {
            Ok(items) => Ok(items),
            Err(source) => Err(self.invalid(source)),
        }
    }

    fn invalid(self, source: serde_json::Error) -> Error {
        Error::ResponseValidation {
            response: Box::new(HttpResponse {
                status: self.status,
                retry_after: None,
                body: String::from_utf8_lossy(&self.body).into_owned(),
                headers: self.headers,
            }),
            source,
        }
    }
}

/// The items of a JSON array body, located but not decoded.
#[derive(Debug, Clone)]
pub struct RawItems {
    body: Bytes,
    items: Vec<std::ops::Range<usize>>,
}

impl RawItems {
    fn split(body: Bytes) -> std::result::Result<Self, serde_json::Error> {
        use serde::de::Error as _;
        let raw: Vec<&serde_json::value::RawValue> = serde_json::from_slice(&body)?;
        let start = body.as_ptr() as usize;
        let mut items = Vec::with_capacity(raw.len());
        for (i, item) in raw.iter().enumerate() {
            let text = item.get();
            if !text.starts_with('{') {
                return Err(serde_json::Error::custom(format!("item {i} is not an object")));
            }
            let offset = text.as_ptr() as usize - start;
            items.push(offset..offset + text.len());
        }
        Ok(Self { body, items })
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The JSON text of item `index`.
    pub fn raw(&self, index: usize) -> &[u8] {
        &self.body[self.items[index].clone()]
    }

    /// Decodes item `index` as tolerantly as a whole response: an odd field never fails it.
    pub fn decode<T: DeserializeOwned + Lenient>(
        &self,
        index: usize,
    ) -> std::result::Result<T, serde_json::Error> {
        crate::models::decode(self.raw(index))
    }
}

impl Clerk {
    /// A client for Clerk's API with default settings.
    pub fn new(secret_key: impl Into<String>) -> Result<Self> {
        Self::builder(secret_key).build()
    }

    pub fn builder(secret_key: impl Into<String>) -> ClerkBuilder {
        ClerkBuilder {
            secret_key: SecretKey(Zeroizing::new(secret_key.into())),
            server_url: DEFAULT_SERVER_URL.to_owned(),
            retry_config: RetryConfig::default(),
            timeout: DEFAULT_TIMEOUT,
            api_version: DEFAULT_API_VERSION.to_owned(),
            headers: Vec::new(),
            language: None,
            http_client: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            allow_insecure_http: false,
            rate_limit: None,
            rate_limit_for_key: false,
            max_concurrency: None,
            on_attempt: None,
        }
    }

    /// The 32 users operations.
    pub fn users(&self) -> Users {
        Users::new(self.clone())
    }

    pub fn server_url(&self) -> &str {
        &self.inner.server_url
    }

    pub fn retry_config(&self) -> &RetryConfig {
        &self.inner.retry_config
    }

    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// The cap on a response body, in bytes.
    pub fn max_response_bytes(&self) -> u64 {
        self.inner.max_response_bytes
    }

    /// Runs an operation and decodes its result.
    pub async fn execute<O: Operation>(&self, op: &O, options: Option<&CallOptions>) -> Result<O::Output> {
        self.execute_raw(op, options).await?.decode()
    }

    /// Runs an operation and returns the success body undecoded (for bindings that decode
    /// straight into their own objects). Errors are classified as in [`Clerk::execute`].
    #[doc(hidden)]
    pub async fn execute_raw<O: Operation>(
        &self,
        op: &O,
        options: Option<&CallOptions>,
    ) -> Result<RawResponse> {
        let request = wire::encode(op)?;
        self.send(request, options).await
    }

    /// Sends an encoded request with retries.
    #[doc(hidden)]
    pub async fn send(&self, request: WireRequest, options: Option<&CallOptions>) -> Result<RawResponse> {
        let defaults = CallOptions::default();
        let options = options.unwrap_or(&defaults);
        let retry = options.retries.unwrap_or(self.inner.retry_config);
        retry.validate()?;
        let timeout = options.timeout.unwrap_or(self.inner.timeout);
        check_timeout(timeout)?;
        let base = match &options.server_url {
            Some(url) => normalize_server_url(url, self.inner.allow_insecure_http)?,
            None => self.inner.server_url.clone(),
        };
        let max_response_bytes = options
            .max_response_bytes
            .unwrap_or(self.inner.max_response_bytes);
        check_max_response_bytes(max_response_bytes)?;
        let url = reqwest::Url::parse(&format!("{base}{}", request.path_and_query))
            .map_err(|e| Error::invalid("server_url", e.to_string()))?;
        let mut headers = self.inner.headers.clone();
        merge_headers(&mut headers, &options.headers)?;

        let spec = request.spec;
        let hook = options.on_attempt.as_ref().or(self.inner.on_attempt.as_ref());
        let budget = Duration::from_millis(retry.backoff.max_elapsed_time);
        let started = Instant::now();
        let mut attempt: u32 = 1;
        loop {
            let span = tracing::debug_span!(
                "clerk_request",
                operation = spec.python_name,
                method = spec.method.as_str(),
                path = spec.path,
                attempt,
            );
            let attempt_started = Instant::now();
            let result = self
                .attempt(spec, &url, &headers, &request.body, timeout, max_response_bytes)
                .instrument(span)
                .await;
            let mut event = AttemptEvent {
                operation: spec.python_name,
                method: spec.method.as_str(),
                path: spec.path,
                attempt,
                status: match &result {
                    Ok(response) => Some(response.status),
                    Err(error) => error.status_code(),
                },
                duration: attempt_started.elapsed(),
                error: result.as_ref().err().map(Error::kind_name),
                retry_in: None,
                paused_for: None,
            };
            let error = match result {
                Ok(response) => {
                    notify(hook, &event);
                    return Ok(response);
                }
                Err(error) => error,
            };
            // Paced clients stop every call while Clerk asks them to wait (within reason).
            if let Some(after) = error
                .retry_after()
                .filter(|_| error.status_code() == Some(429) && !self.inner.pacer.is_off())
                .map(|after| after.min(crate::limits::MAX_PAUSE))
            {
                self.inner.pacer.pause(after);
                event.paused_for = Some(after);
                tracing::warn!(
                    operation = spec.python_name,
                    pause_ms = after.as_millis() as u64,
                    "rate limited: the client pauses"
                );
            }
            if !is_retryable(spec, &retry, &error) {
                notify(hook, &event);
                return Err(error);
            }
            // `Retry-After` sets the least wait: `Retry-After: 0` must not turn into a busy loop.
            // A wait beyond what is left of the budget (a server may send any value) ends the
            // retries at once rather than sleeping into a retry that could not start.
            let backoff = retry.delay(attempt - 1);
            let delay = error.retry_after().map_or(backoff, |after| after.max(backoff));
            if delay > budget.saturating_sub(started.elapsed()) {
                tracing::debug!(operation = spec.python_name, attempt, "retry budget exhausted");
                notify(hook, &event);
                return Err(error);
            }
            // The error's Display carries the response body: log its kind and status only.
            tracing::debug!(
                operation = spec.python_name,
                attempt,
                delay_ms = delay.as_millis() as u64,
                error = error.kind_name(),
                status = error.status_code(),
                "retrying"
            );
            event.retry_in = Some(delay);
            notify(hook, &event);
            tokio::time::sleep(delay).await;
            attempt = attempt.saturating_add(1);
        }
    }

    /// Waits until the client's pacing admits one more attempt; the wait counts against the
    /// attempt's timeout, of which the rest is returned with the admission (held until the
    /// attempt ends).
    async fn admit(&self, timeout: Duration) -> Result<(Option<crate::pacing::Admission<'_>>, Duration)> {
        let pacer = &self.inner.pacer;
        if pacer.is_off() {
            return Ok((None, timeout));
        }
        let timed_out = Error::Timeout {
            timeout,
            maybe_sent: false,
        };
        let waiting = Instant::now();
        let Ok(admission) = tokio::time::timeout(timeout, pacer.admit()).await else {
            return Err(timed_out);
        };
        let left = timeout.saturating_sub(waiting.elapsed());
        if left.is_zero() {
            return Err(timed_out);
        }
        Ok((Some(admission), left))
    }

    /// The HTTP client: the one given to the builder, else the default one, made on first use.
    fn http(&self) -> Result<&reqwest::Client> {
        if let Some(client) = self.inner.http.get() {
            return Ok(client);
        }
        let client = default_http_client()?;
        Ok(self.inner.http.get_or_init(|| client))
    }

    async fn attempt(
        &self,
        spec: &'static OperationSpec,
        url: &reqwest::Url,
        headers: &HeaderMap,
        body: &Option<WireBody>,
        timeout: Duration,
        max_response_bytes: u64,
    ) -> Result<RawResponse> {
        let (_admission, timeout) = self.admit(timeout).await?;
        let method = match spec.method {
            crate::ops::HttpMethod::Get => reqwest::Method::GET,
            crate::ops::HttpMethod::Post => reqwest::Method::POST,
            crate::ops::HttpMethod::Patch => reqwest::Method::PATCH,
            crate::ops::HttpMethod::Delete => reqwest::Method::DELETE,
        };
        let mut builder = self
            .http()?
            .request(method, url.clone())
            .headers(headers.clone())
            .timeout(timeout);
        match body {
            None => {}
            Some(WireBody::Json(bytes)) => {
                builder = builder
                    .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                    .body(bytes.clone());
            }
            Some(WireBody::Multipart(file)) => builder = builder.multipart(multipart_form(file.as_ref())?),
        }
        let started = Instant::now();
        let response = builder.send().await.map_err(|e| transport_error(&e, timeout))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = read_body(response, max_response_bytes, timeout)
            .await?
            .map_err(|()| Error::ResponseTooLarge {
                response: Box::new(HttpResponse {
                    status,
                    headers: headers.clone(),
                    body: String::new(),
                    retry_after: None,
                }),
                limit: max_response_bytes,
            })?;
        tracing::debug!(
            status,
            duration_ms = started.elapsed().as_millis() as u64,
            "clerk response"
        );
        if (200..300).contains(&status) {
            return Ok(RawResponse {
                status,
                headers,
                body,
            });
        }
        let retry_after = headers
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, SystemTime::now()));
        Err(Error::from_status(
            spec,
            HttpResponse {
                status,
                headers,
                body: String::from_utf8_lossy(&body).into_owned(),
                retry_after,
            },
        ))
    }
}

fn notify(hook: Option<&AttemptHook>, event: &AttemptEvent) {
    if let Some(hook) = hook {
        hook(event);
    }
}

/// The body, or `Err(())` when it is larger than `limit`: refused by its `Content-Length` before
/// any of it is read, else counted as it streams in and dropped (with the connection) once past
/// the limit.
async fn read_body(
    mut response: reqwest::Response,
    limit: u64,
    timeout: Duration,
) -> Result<std::result::Result<Bytes, ()>> {
    if response.content_length().is_some_and(|length| length > limit) {
        return Ok(Err(()));
    }
    let mut first: Option<Bytes> = None;
    let mut rest = BytesMut::new();
    let mut total: u64 = 0;
    while let Some(chunk) = response.chunk().await.map_err(|e| transport_error(&e, timeout))? {
        total = total.saturating_add(chunk.len() as u64);
        if total > limit {
            return Ok(Err(()));
        }
        // The usual body arrives in one chunk: kept as it is, without a copy.
        match &first {
            None => first = Some(chunk),
            Some(head) => {
                if rest.is_empty() {
                    rest.extend_from_slice(head);
                }
                rest.extend_from_slice(&chunk);
            }
        }
    }
    Ok(Ok(if rest.is_empty() {
        first.unwrap_or_default()
    } else {
        rest.freeze()
    }))
}

fn multipart_form(file: Option<&crate::requests::File>) -> Result<reqwest::multipart::Form> {
    let form = reqwest::multipart::Form::new();
    let Some(file) = file else {
        return Ok(form);
    };
    let part = reqwest::multipart::Part::bytes(file.content.clone())
        .file_name(file.file_name.clone())
        .mime_str(&file.mime_type())
        .map_err(|_| {
            Error::invalid(
                "file.content_type",
                format!("{:?} is not a valid content type", file.mime_type()),
            )
        })?;
    Ok(form.part("file", part))
}

/// The message of an error and its sources, e.g. "error sending request: tcp connect error: Connection refused".
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut out = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = cause.source();
    }
    out
}

fn transport_error(error: &reqwest::Error, timeout: Duration) -> Error {
    if error.is_timeout() {
        return Error::Timeout {
            timeout,
            maybe_sent: !error.is_connect(),
        };
    }
    let kind = if error.is_connect() {
        ConnectionErrorKind::Connect
    } else {
        ConnectionErrorKind::Transfer
    };
    Error::Connection {
        kind,
        message: error_chain(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// How many `SecretBytes` were wiped (dropped).
    pub(super) static WIPED: AtomicUsize = AtomicUsize::new(0);

    #[test]
    fn pacing_settings_out_of_range_are_invalid_arguments_not_panics() {
        for max in [0, usize::MAX] {
            let error = Clerk::builder("sk_test_x")
                .max_concurrency(max)
                .build()
                .unwrap_err();
            assert!(
                matches!(&error, Error::InvalidArgument { parameter, .. } if parameter == "max_concurrency"),
                "{error:?}"
            );
        }
        let error = Clerk::builder("sk_test_x")
            .rate_limit(RateLimit::new(10, Duration::ZERO))
            .build()
            .unwrap_err();
        assert!(matches!(&error, Error::InvalidArgument { parameter, .. } if parameter == "rate_limit"));
        let error = Clerk::builder("not_a_key")
            .rate_limit_for_key()
            .build()
            .unwrap_err();
        assert!(matches!(&error, Error::InvalidArgument { parameter, .. } if parameter == "rate_limit"));
    }

    #[test]
    fn the_key_is_wiped_when_the_last_clone_of_the_client_goes() {
        let clerk = Clerk::new("sk_test_wipe_me").unwrap();
        let clone = clerk.clone();
        let before = WIPED.load(Ordering::SeqCst);
        drop(clerk);
        assert_eq!(WIPED.load(Ordering::SeqCst), before, "a clone still uses it");
        let sent = clone.inner.headers.get(AUTHORIZATION).unwrap().clone();
        drop(clone);
        assert_eq!(
            WIPED.load(Ordering::SeqCst),
            before,
            "a request in flight still uses it"
        );
        assert_eq!(sent.as_bytes(), b"Bearer sk_test_wipe_me");
        assert!(sent.is_sensitive());
        drop(sent);
        assert_eq!(WIPED.load(Ordering::SeqCst), before + 1);
    }
}
