//! `cargo run -p sandbox`: serves the PRO v2 sandbox on a local address until Ctrl-C.
//!
//! The address comes from `--addr` or `SANDBOX_ADDR` (default `127.0.0.1:8080`), the API
//! keys from `--api-key` (repeatable) or `SANDBOX_API_KEYS` (comma-separated); without
//! keys the sandbox accepts the demo key, which it prints with the base URL. Every account
//! starts with the demo objects unless `--no-demo-data` is given.

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Parser;
use sandbox::{Config, app};

/// A local, in-memory Sorted PRO v2 sandbox.
#[derive(Debug, Parser)]
#[command(name = "sandbox", version, about)]
struct Args {
    /// The address to listen on; port 0 picks a free port.
    #[arg(long, env = "SANDBOX_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// An API key to accept; each key is an account that sees only its own objects.
    /// Repeat the flag for several keys (or separate them with commas). Without any, the
    /// demo key is accepted.
    #[arg(long = "api-key", env = "SANDBOX_API_KEYS", value_delimiter = ',')]
    api_keys: Vec<String>,
    /// The base URL that `_links` in answers point at; by default `http://` and the
    /// address listened on.
    #[arg(long, env = "SANDBOX_BASE_URL")]
    base_url: Option<String>,
    /// Start every account empty, without the demo shipments and group.
    #[arg(long)]
    no_demo_data: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let listener = match tokio::net::TcpListener::bind(args.addr).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("sandbox: cannot listen on {}: {error}", args.addr);
            return ExitCode::FAILURE;
        }
    };
    let local = listener.local_addr().unwrap_or(args.addr);
    let base_url = args.base_url.unwrap_or_else(|| format!("http://{local}"));
    let config = Config::new(args.api_keys, base_url.clone()).with_demo_data(!args.no_demo_data);
    let keys = config.effective_keys();
    println!("PRO v2 sandbox listening on {base_url}");
    for key in &keys {
        println!("API key: {key}");
    }
    println!(
        "Try: curl -H 'x-api-key: {}' -H 'x-api-version: 1.1' '{base_url}/shipments?custom_reference=ORDER-100234'",
        keys[0]
    );
    println!("Press Ctrl-C to stop.");
    let served = axum::serve(listener, app(config))
        .with_graceful_shutdown(shutdown())
        .await;
    match served {
        Ok(()) => {
            println!("sandbox stopped");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("sandbox: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Resolves on Ctrl-C, or on SIGTERM where there is one.
async fn shutdown() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
