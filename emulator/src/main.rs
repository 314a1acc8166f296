//! `clerk-emulator --host 127.0.0.1 --port 0 [--secret-key KEY] [--data FILE] [--rate-limit N[/Ss]]
//! [--instance PRESET|FILE]`

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use clerk_emulator::{Config, Data, EmulatorState, InstanceSettings, RateLimit, base_url, serve};
use tokio::sync::oneshot;

/// How long a shutdown lets requests in flight finish before the server stops anyway.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// A local, stateful emulator of Clerk's users API.
#[derive(Debug, Parser)]
#[command(name = "clerk-emulator", version)]
struct Args {
    /// Interface to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on; 0 picks a free one (printed on the first line of output).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Accept only this secret key (default: any `sk_test_...` key).
    #[arg(long, env = "CLERK_EMULATOR_SECRET_KEY")]
    secret_key: Option<String>,
    /// JSON data file: loaded at start when it exists, written back on SIGINT / SIGTERM.
    #[arg(long)]
    data: Option<PathBuf>,
    /// Answer 429 (with Retry-After) beyond N requests per 10 s per secret key, as Clerk
    /// does; `N/Ss` sets another window (`5/1s`).
    #[arg(long, value_name = "N[/Ss]")]
    rate_limit: Option<RateLimit>,
    /// The instance's settings: a preset (`permissive`, the default, or `new_application`) or a
    /// JSON file such as `{"identifiers": {"email_address": "required"}}`.
    #[arg(long, value_name = "PRESET|FILE")]
    instance: Option<String>,
}

fn instance(spec: &str) -> Result<InstanceSettings, String> {
    if let Ok(settings) = InstanceSettings::preset(spec) {
        return Ok(settings);
    }
    let bytes = std::fs::read(spec).map_err(|e| format!("{spec}: not a preset, and {e}"))?;
    let document: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| format!("{spec}: {e}"))?;
    InstanceSettings::from_document(&document).map_err(|e| format!("{spec}: {}", e.long_message))
}

fn load(path: &Path) -> Result<Option<Data>, String> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// Writes to a temporary file, then renames it over `path`, so a crash never leaves half a file.
fn save(path: &Path, data: &Data) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    let bytes = serde_json::to_vec_pretty(data).map_err(std::io::Error::other)?;
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("clerk-emulator: {e}");
            return ExitCode::FAILURE;
        }
    };
    let code = runtime.block_on(run(args));
    // A password verification still running on a blocking thread is not waited for.
    runtime.shutdown_background();
    code
}

async fn run(args: Args) -> ExitCode {
    let instance = match args.instance.as_deref().map(instance).transpose() {
        Ok(instance) => instance,
        Err(e) => {
            eprintln!("clerk-emulator: --instance {e}");
            return ExitCode::FAILURE;
        }
    };
    let data = match args.data.as_deref().map(load).transpose() {
        Ok(data) => data.flatten(),
        Err(e) => {
            eprintln!("clerk-emulator: cannot load data: {e}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind((args.host.as_str(), args.port)).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!(
                "clerk-emulator: cannot listen on {}:{}: {e}",
                args.host, args.port
            );
            return ExitCode::FAILURE;
        }
    };
    let url = match listener.local_addr() {
        Ok(addr) => base_url(addr),
        Err(e) => {
            eprintln!("clerk-emulator: {e}");
            return ExitCode::FAILURE;
        }
    };
    let config = Config {
        host: args.host.clone(),
        port: args.port,
        secret_key: args.secret_key.clone(),
        data,
        instance,
        rate_limit: args.rate_limit,
    };
    let state = match EmulatorState::new(&config, url.clone()) {
        Ok(state) => state,
        Err(e) => {
            eprintln!("clerk-emulator: cannot load data: {}", e.long_message);
            return ExitCode::FAILURE;
        }
    };
    println!("listening on {url}");
    let _ = std::io::stdout().flush();
    // On a signal, requests in flight get SHUTDOWN_GRACE to finish (a slow client or a delay
    // fault could hold the server open for ever); then it stops, and the data is saved.
    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    let server = tokio::spawn(serve(listener, state.clone(), async {
        let _ = stop_rx.await;
    }));
    tokio::pin!(server);
    tokio::select! {
        result = &mut server => return served(result),
        () = shutdown_signal() => {}
    }
    let _ = stop_tx.send(());
    match tokio::time::timeout(SHUTDOWN_GRACE, &mut server).await {
        Ok(result) => {
            if served(result) == ExitCode::FAILURE {
                return ExitCode::FAILURE;
            }
        }
        Err(_) => {
            server.abort();
            eprintln!(
                "clerk-emulator: requests still open after {} s, stopping anyway",
                SHUTDOWN_GRACE.as_secs()
            );
        }
    }
    if let Some(path) = &args.data
        && let Err(e) = save(path, &state.export())
    {
        eprintln!("clerk-emulator: cannot write {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// The exit code for the server's end (an error of its own is reported).
fn served(result: Result<std::io::Result<()>, tokio::task::JoinError>) -> ExitCode {
    match result {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("clerk-emulator: {e}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("clerk-emulator: {e}");
            ExitCode::FAILURE
        }
    }
}
