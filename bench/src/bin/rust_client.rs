//! Rust client scenarios: clerk-backend against the floor (raw reqwest + serde_json), in one
//! process, against the canned server. Prints one JSON line per (client, scenario, round).
//!
//! rust_client --url http://127.0.0.1:PORT --calls 200 --rounds 5

use std::time::Instant;

use clerk_backend::Clerk;
use clerk_backend::models::User;
use clerk_backend::requests::{CreateUserRequest, ListUsersRequest};
use futures_util::stream::{self, StreamExt};
use serde_json::{Value, json};

const KEY: &str = "sk_test_bench";
const IN_FLIGHT: usize = 32;

struct Raw {
    http: reqwest::Client,
    base: String,
}

impl Raw {
    async fn get(&self, path: &str) -> Value {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .header("authorization", format!("Bearer {KEY}"))
            .header("accept", "application/json")
            .header("clerk-api-version", "2025-11-10")
            .send()
            .await
            .unwrap();
        let bytes = response.bytes().await.unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    async fn post(&self, path: &str, body: &Value) -> Value {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .header("authorization", format!("Bearer {KEY}"))
            .header("accept", "application/json")
            .header("clerk-api-version", "2025-11-10")
            .header("content-type", "application/json")
            .body(serde_json::to_vec(body).unwrap())
            .send()
            .await
            .unwrap();
        serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
    }
}

fn create_body() -> Value {
    json!({
        "external_id": "ext-id-001", "first_name": "John", "last_name": "Doe", "locale": "en",
        "email_address": ["john.doe@example.com"], "phone_number": ["+12345678901"],
        "username": "johndoe123", "password": "Secure*Pass4", "skip_password_checks": false,
        "public_metadata": {"role": "user"}, "private_metadata": {"internal_id": "789"},
        "unsafe_metadata": {"preferences": {"theme": "dark"}}, "delete_self_enabled": true,
        "created_at": "2023-03-15T07:15:20.902Z",
    })
}

/// What an application listing users reads of each: `id`, `first_name`, the first email address
/// and `public_metadata` (a typed model has them decoded already; the reads keep it honest).
fn read_four(users: &[clerk_backend::models::User]) {
    for user in users {
        std::hint::black_box((
            &user.id,
            &user.first_name,
            user.email_addresses.first().map(|e| &e.email_address),
            user.public_metadata.len(),
        ));
    }
}

fn read_four_values(users: &Value) {
    for user in users.as_array().into_iter().flatten() {
        std::hint::black_box((
            &user["id"],
            &user["first_name"],
            &user["email_addresses"][0]["email_address"],
            user["public_metadata"].as_object().map(|m| m.len()),
        ));
    }
}

/// Reads every field of a user, nested ones, metadata and unknown fields included, as code that
/// uses all of it would (the `get` scenario): the model is walked through its own `Serialize`, so
/// a field the core adds is read too. `read_value` walks the floor's `serde_json::Value` the same
/// way.
fn read_user(user: &User) {
    serde_json::to_writer(std::io::sink(), user).expect("a user serializes");
}

fn read_value(value: &Value) {
    serde_json::to_writer(std::io::sink(), value).expect("a JSON value serializes");
}

fn list100() -> ListUsersRequest {
    ListUsersRequest {
        limit: Some(100),
        ..Default::default()
    }
}

/// Runs `calls` calls with `in_flight` of them at a time; returns (CPU ms per call, calls per second).
async fn measure<F, Fut>(calls: usize, in_flight: usize, call: F) -> (f64, f64)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let (cpu, wall) = (clerk_bench::cpu_time(), Instant::now());
    stream::iter(0..calls)
        .for_each_concurrent(in_flight, |_| call())
        .await;
    let cpu_ms = (clerk_bench::cpu_time() - cpu).as_secs_f64() * 1e3 / calls as f64;
    (cpu_ms, calls as f64 / wall.elapsed().as_secs_f64())
}

fn report(client: &str, scenario: &str, round: usize, calls: usize, (cpu_ms, per_sec): (f64, f64)) {
    let line = json!({
        "language": "rust", "client": client, "scenario": scenario, "round": round, "calls": calls,
        "cpu_ms_per_call": cpu_ms, "calls_per_sec": per_sec, "peak_rss_kib": clerk_bench::peak_rss_kib(),
    });
    println!("{line}");
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let (mut url, mut calls, mut rounds) = (String::new(), 200usize, 5usize);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--url" => url = args.next().expect("--url URL"),
            "--calls" => calls = args.next().expect("--calls N").parse().expect("number"),
            "--rounds" => rounds = args.next().expect("--rounds N").parse().expect("number"),
            other => panic!("unknown argument {other}"),
        }
    }
    // The floor's reqwest client needs a TLS crypto provider, as clerk-backend's own does.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let clerk = Clerk::builder(KEY)
        .server_url(format!("{url}/v1"))
        .build()
        .unwrap();
    let users = clerk.users();
    let raw = Raw {
        http: reqwest::Client::new(),
        base: format!("{url}/v1"),
    };
    let create = create_body();
    let create_request: CreateUserRequest = serde_json::from_value(create.clone()).unwrap();

    // Warm the connection pools once.
    users.list(list100()).await.unwrap();
    raw.get("/users?limit=100").await;

    for round in 0..rounds {
        let m = measure(calls, 1, || async {
            read_four(&users.list(list100()).await.unwrap())
        })
        .await;
        report("clerk-backend", "list100", round, calls, m);
        let m = measure(calls, 1, || async {
            read_four_values(&raw.get("/users?limit=100&offset=0").await)
        })
        .await;
        report("reqwest+serde_json", "list100", round, calls, m);

        let m = measure(calls * 5, 1, || async {
            read_user(&users.get("user_1").await.unwrap())
        })
        .await;
        report("clerk-backend", "get", round, calls * 5, m);
        let m = measure(calls * 5, 1, || async {
            read_value(&raw.get("/users/user_1").await)
        })
        .await;
        report("reqwest+serde_json", "get", round, calls * 5, m);

        let m = measure(calls, IN_FLIGHT, || async {
            read_four(&users.list(list100()).await.unwrap())
        })
        .await;
        report("clerk-backend", "list100_32_in_flight", round, calls, m);
        let m = measure(calls, IN_FLIGHT, || async {
            read_four_values(&raw.get("/users?limit=100&offset=0").await)
        })
        .await;
        report("reqwest+serde_json", "list100_32_in_flight", round, calls, m);

        let m = measure(calls * 5, 1, || async {
            drop(users.create(create_request.clone()).await.unwrap())
        })
        .await;
        report("clerk-backend", "create", round, calls * 5, m);
        let m = measure(calls * 5, 1, || async { drop(raw.post("/users", &create).await) }).await;
        report("reqwest+serde_json", "create", round, calls * 5, m);
    }
}
