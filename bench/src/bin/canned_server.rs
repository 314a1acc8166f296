//! A Clerk API stand-in that answers from pre-encoded bodies, so the server is never what a
//! benchmark measures. `GET /_stats` reports its own CPU time, to show it.
//!
//! canned_server --fixtures DIR [--port 0]   (DIR holds users100.json, users10.json, user.json)

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;

struct Bodies {
    page100: Bytes,
    page10: Bytes,
    user: Bytes,
    count: Bytes,
}

fn json(body: &Bytes) -> Response {
    ([(CONTENT_TYPE, "application/json")], body.clone()).into_response()
}

#[derive(serde::Deserialize)]
struct Page {
    limit: Option<usize>,
}

async fn list(State(b): State<Arc<Bodies>>, Query(page): Query<Page>) -> Response {
    json(if page.limit == Some(10) {
        &b.page10
    } else {
        &b.page100
    })
}

async fn user(State(b): State<Arc<Bodies>>) -> Response {
    json(&b.user)
}

/// Reads the request body before answering: a body left unread makes the server close the
/// connection, and the client's next request on it fails.
async fn create(State(b): State<Arc<Bodies>>, body: Bytes) -> Response {
    drop(body);
    json(&b.user)
}

async fn count(State(b): State<Arc<Bodies>>) -> Response {
    json(&b.count)
}

async fn stats() -> Response {
    let body = serde_json::json!({
        "cpu_ms": clerk_bench::cpu_time().as_secs_f64() * 1e3,
        "peak_rss_kib": clerk_bench::peak_rss_kib(),
    });
    ([(CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let (mut dir, mut port) = (String::from("."), 0u16);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--fixtures" => dir = args.next().expect("--fixtures DIR"),
            "--port" => port = args.next().expect("--port N").parse().expect("port number"),
            other => panic!("unknown argument {other}"),
        }
    }
    let read = |name: &str| Bytes::from(std::fs::read(format!("{dir}/{name}")).expect(name));
    let bodies = Arc::new(Bodies {
        page100: read("users100.json"),
        page10: read("users10.json"),
        user: read("user.json"),
        count: Bytes::from_static(br#"{"object":"total_count","total_count":100}"#),
    });
    let app = Router::new()
        .route("/v1/users", get(list).post(create))
        .route("/v1/users/count", get(count))
        .route("/v1/users/{id}", get(user))
        .route("/_stats", get(stats))
        .with_state(bodies);
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port)))
        .await
        .unwrap();
    println!("listening on http://{}", listener.local_addr().unwrap());
    axum::serve(listener, app).await.unwrap();
}
