//! The client's walk over every user (`list_all`) and its pacing, against the emulator.

mod common;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clerk_backend::requests::*;
use clerk_backend::{AttemptEvent, Clerk, Error, RateLimit};
use clerk_emulator::{Emulator, Fault};
use common::*;
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{Value, json};

/// `n` users created one millisecond apart, oldest first.
fn load_users(emu: &Emulator, n: usize) -> Vec<String> {
    let users: Vec<Value> = (0..n)
        .map(|i| json!({"id": format!("user_{i:05}"), "created_at": 1_700_000_000_000_i64 + i as i64}))
        .collect();
    emu.state().import(data(json!({"users": users}))).expect("import");
    (0..n).map(|i| format!("user_{i:05}")).collect()
}

fn counting_client(emu: &Emulator, events: Arc<Mutex<Vec<AttemptEvent>>>) -> Clerk {
    Clerk::builder(KEY)
        .server_url(emu.api_url())
        .on_attempt(Arc::new(move |event: &AttemptEvent| {
            events.lock().unwrap().push(event.clone())
        }))
        .build()
        .expect("client")
}

#[tokio::test]
async fn list_all_yields_every_user_in_order_in_pages_of_500() {
    let emu = start();
    let mut ids = load_users(&emu, 1234);
    ids.reverse();
    let events = Arc::new(Mutex::new(Vec::new()));
    let clerk = counting_client(&emu, Arc::clone(&events));
    let seen: Vec<String> = clerk
        .users()
        .list_all(ListUsersRequest::default())
        .map_ok(|user| user.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(seen, ids);
    {
        let events = events.lock().unwrap();
        assert_eq!(events.len(), 3, "1234 users at 500 a page");
        assert!(
            events
                .iter()
                .all(|e| e.operation == "list" && e.status == Some(200))
        );
    }

    // Oldest first, 30 a page, with a filter (Clerk takes up to 100 values of one).
    let oldest: Vec<String> = clerk
        .users()
        .list_all_by(
            ListUsersRequest {
                order_by: Some("+created_at".into()),
                user_id: ids.iter().take(100).cloned().collect(),
                ..Default::default()
            },
            30,
        )
        .map_ok(|user| user.id)
        .try_collect()
        .await
        .unwrap();
    let mut expected: Vec<String> = ids.iter().take(100).cloned().collect();
    expected.reverse();
    assert_eq!(oldest, expected);
}

#[tokio::test]
async fn users_created_and_deleted_during_the_walk_never_cause_a_skip_or_a_repeat() {
    let emu = start();
    let ids = load_users(&emu, 600);
    let clerk = client(&emu);
    let mut walk = Box::pin(clerk.users().list_all_by(ListUsersRequest::default(), 50));
    let mut seen = Vec::new();
    let mut deleted = HashSet::new();
    let mut step = 0;
    while let Some(user) = walk.next().await {
        seen.push(user.unwrap().id);
        step += 1;
        if step % 37 == 0 {
            // A sign-up (newer than every user: it sorts before the walk's position) and the
            // deletion of a user the walk has not reached yet.
            clerk.users().create(CreateUserRequest::default()).await.unwrap();
            let victim = &ids[step.min(ids.len() - 1)];
            if clerk.users().delete(victim.as_str()).await.is_ok() {
                deleted.insert(victim.clone());
            }
        }
    }
    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "a user was yielded twice");
    for id in &ids {
        assert!(
            seen.contains(id) || deleted.contains(id),
            "{id} was present throughout but skipped"
        );
    }
}

#[tokio::test]
async fn an_early_stop_sends_nothing_more_and_an_error_comes_after_the_users_before_it() {
    let emu = start();
    load_users(&emu, 30);
    let events = Arc::new(Mutex::new(Vec::new()));
    let clerk = counting_client(&emu, Arc::clone(&events));
    let first: Vec<_> = clerk
        .users()
        .list_all_by(ListUsersRequest::default(), 10)
        .take(3)
        .collect()
        .await;
    assert_eq!(first.len(), 3);
    assert_eq!(
        events.lock().unwrap().len(),
        1,
        "only the first page was asked for"
    );

    // Page 2 fails for good (a 400 is not retried), and so does the request by creation time
    // that follows a refused cursor: the faults are set once page 1 is read.
    let events = Arc::new(Mutex::new(Vec::new()));
    let clerk = counting_client(&emu, Arc::clone(&events));
    let mut walk = Box::pin(clerk.users().list_all_by(ListUsersRequest::default(), 10));
    for _ in 0..10 {
        walk.next().await.unwrap().unwrap();
    }
    emu.state().add_fault(
        serde_json::from_value::<Fault>(json!({"path": "/v1/users", "status": 400, "count": 2})).unwrap(),
    );
    let error = walk.next().await.unwrap().unwrap_err();
    assert_eq!(error.status_code(), Some(400));
    assert!(walk.next().await.is_none(), "the walk ends at its error");
    let statuses: Vec<_> = events.lock().unwrap().iter().map(|e| e.status).collect();
    assert_eq!(statuses, [200, 400, 400].map(Some));
}

#[tokio::test]
async fn deleting_every_user_as_it_is_yielded_walks_them_all() {
    let emu = start();
    let mut ids = load_users(&emu, 30);
    let events = Arc::new(Mutex::new(Vec::new()));
    let clerk = counting_client(&emu, Arc::clone(&events));
    let mut walk = Box::pin(clerk.users().list_all_by(ListUsersRequest::default(), 10));
    let mut seen = Vec::new();
    while let Some(user) = walk.next().await {
        let user = user.unwrap();
        clerk.users().delete(user.id.as_str()).await.unwrap();
        seen.push(user.id);
    }
    ids.reverse();
    assert_eq!(seen, ids, "every user once, newest first");
    let left = clerk.users().count(CountUsersRequest::default()).await.unwrap();
    assert_eq!(left.total_count, 0);
    // The emulator refused each page's deleted cursor; the walk asked again by creation time.
    let events = events.lock().unwrap();
    let lists: Vec<_> = events
        .iter()
        .filter(|e| e.operation == "list")
        .map(|e| e.status)
        .collect();
    assert_eq!(
        lists,
        [200, 422, 200, 422, 200, 422, 200].map(Some),
        "pages 2, 3 and the empty page 4 each re-anchored once"
    );
}

/// `n` users, `per_ms` created in each millisecond, oldest first.
fn load_users_sharing_milliseconds(emu: &Emulator, n: usize, per_ms: usize) -> Vec<String> {
    let users: Vec<Value> = (0..n)
        .map(|i| json!({"id": format!("user_{i:05}"), "created_at": 1_700_000_000_000_i64 + (i / per_ms) as i64}))
        .collect();
    emu.state().import(data(json!({"users": users}))).expect("import");
    (0..n).map(|i| format!("user_{i:05}")).collect()
}

#[tokio::test]
async fn a_re_anchored_page_never_repeats_users_of_the_same_millisecond() {
    let emu = start();
    for order in ["-created_at", "+created_at"] {
        emu.state().reset();
        let ids = load_users_sharing_milliseconds(&emu, 30, 4);
        let events = Arc::new(Mutex::new(Vec::new()));
        let clerk = counting_client(&emu, Arc::clone(&events));
        let request = ListUsersRequest {
            order_by: Some(order.into()),
            ..Default::default()
        };
        // Every other user is deleted as it is yielded: some pages end on a deleted user whose
        // millisecond the page shares with users it kept.
        let mut walk = Box::pin(clerk.users().list_all_by(request, 10));
        let (mut seen, mut deleted) = (Vec::new(), HashSet::new());
        while let Some(user) = walk.next().await {
            let id = user.unwrap().id;
            if seen.len() % 2 == 1 {
                clerk.users().delete(id.as_str()).await.unwrap();
                deleted.insert(id.clone());
            }
            seen.push(id);
        }
        let mut expected = ids;
        if order == "-created_at" {
            expected.reverse();
        }
        assert_eq!(seen, expected, "{order}: every user once, in order");
        assert_eq!(deleted.len(), 15);
        let refused = events
            .lock()
            .unwrap()
            .iter()
            .filter(|e| e.status == Some(422))
            .count();
        assert!(refused >= 1, "{order}: no page was re-anchored");
    }
}

#[tokio::test]
async fn a_walk_page_that_gets_a_503_is_retried_and_the_walk_goes_on() {
    let emu = start();
    let mut ids = load_users(&emu, 30);
    let events = Arc::new(Mutex::new(Vec::new()));
    let clerk = counting_client(&emu, Arc::clone(&events));
    let mut walk = Box::pin(clerk.users().list_all_by(ListUsersRequest::default(), 10));
    let mut seen = Vec::new();
    for _ in 0..10 {
        seen.push(walk.next().await.unwrap().unwrap().id);
    }
    emu.state().add_fault(
        serde_json::from_value::<Fault>(json!({"path": "/v1/users", "status": 503, "retry_after": 0}))
            .unwrap(),
    );
    while let Some(user) = walk.next().await {
        seen.push(user.unwrap().id);
    }
    ids.reverse();
    assert_eq!(seen, ids);
    let statuses: Vec<_> = events
        .lock()
        .unwrap()
        .iter()
        .map(|e| (e.status, e.attempt))
        .collect();
    assert_eq!(
        statuses,
        // Page 2 retried; page 3 full, so an empty page 4 ends the walk.
        [(200, 1), (503, 1), (200, 2), (200, 1), (200, 1)].map(|(s, a)| (Some(s), a))
    );
}

#[tokio::test]
async fn what_a_cursor_cannot_walk_is_refused_before_any_request() {
    let emu = start();
    let events = Arc::new(Mutex::new(Vec::new()));
    let clerk = counting_client(&emu, Arc::clone(&events));
    let refused: Vec<_> = clerk
        .users()
        .list_all(ListUsersRequest {
            order_by: Some("-last_sign_in_at".into()),
            ..Default::default()
        })
        .collect()
        .await;
    assert!(
        matches!(&refused[..], [Err(Error::InvalidArgument { parameter, .. })] if parameter == "order_by")
    );
    assert!(events.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_paced_client_stays_under_the_emulator_s_limit() {
    let emu = start();
    load_users(&emu, 1);
    emu.state().set_rate_limit(Some("20/1s".parse().unwrap()));
    let clerk = Clerk::builder(KEY)
        .server_url(emu.api_url())
        .rate_limit(RateLimit::new(20, Duration::from_secs(1)))
        .build()
        .unwrap();
    let served_before = emu.state().stats();
    let started = std::time::Instant::now();
    let calls = (0..120).map(|_| {
        let clerk = clerk.clone();
        async move { clerk.users().get("user_00000").await }
    });
    let results = futures_util::future::join_all(calls).await;
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(
        emu.state().stats().rate_limited,
        served_before.rate_limited,
        "429s served"
    );
    // 120 calls at 20 a second: five full windows of waiting, at least.
    assert!(
        started.elapsed() >= Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

/// Waits (up to 10 s) until `events` holds an attempt that got `status`.
async fn attempt_with_status(events: &Mutex<Vec<AttemptEvent>>, status: u16) -> AttemptEvent {
    for _ in 0..1000 {
        if let Some(event) = events.lock().unwrap().iter().find(|e| e.status == Some(status)) {
            return event.clone();
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("no attempt got {status}");
}

#[tokio::test]
async fn a_429_pauses_every_call_of_a_paced_client() {
    let emu = start();
    load_users(&emu, 2);
    for paced in [true, false] {
        let events = Arc::new(Mutex::new(Vec::new()));
        let hook_events = Arc::clone(&events);
        let mut builder = Clerk::builder(KEY).server_url(emu.api_url()).on_attempt(Arc::new(
            move |event: &AttemptEvent| hook_events.lock().unwrap().push(event.clone()),
        ));
        if paced {
            builder = builder.rate_limit(RateLimit::new(1000, Duration::from_secs(1)));
        }
        let clerk = builder.build().unwrap();
        emu.state().add_fault(
            serde_json::from_value::<Fault>(
                json!({"path": "/v1/users/user_00000", "status": 429, "retry_after": 2}),
            )
            .unwrap(),
        );
        let first = tokio::spawn({
            let clerk = clerk.clone();
            async move { clerk.users().get("user_00000").await }
        });
        let limited = attempt_with_status(&events, 429).await;
        // Another call, once the first has been told to wait 2 s.
        let started = std::time::Instant::now();
        clerk.users().get("user_00001").await.unwrap();
        let second_took = started.elapsed();
        if paced {
            assert_eq!(limited.paused_for, Some(Duration::from_secs(2)));
            // It waited out (nearly all of) the first call's pause.
            assert!(second_took >= Duration::from_millis(1500), "{second_took:?}");
        } else {
            assert_eq!(limited.paused_for, None);
            // It went at once: the first call is still waiting for its retry.
            assert!(!first.is_finished(), "the second call waited {second_took:?}");
        }
        assert!(limited.retry_in.is_some());
        assert_eq!(first.await.unwrap().unwrap().id, "user_00000");
    }
}

#[tokio::test]
async fn max_concurrency_caps_the_calls_in_flight() {
    let emu = start();
    load_users(&emu, 1);
    let clerk = Clerk::builder(KEY)
        .server_url(emu.api_url())
        .max_concurrency(2)
        .build()
        .unwrap();
    // Each of the six calls takes 300 ms at the server.
    emu.state().add_fault(
        serde_json::from_value::<Fault>(json!({"path": "/v1/users/user_00000", "delay_ms": 300, "count": 6}))
            .unwrap(),
    );
    let started = std::time::Instant::now();
    let users = clerk.users();
    let calls = (0..6).map(|_| users.get("user_00000"));
    let results = futures_util::future::join_all(calls).await;
    assert!(results.iter().all(Result::is_ok));
    // Two at a time: three rounds of 300 ms at least (all six at once would take one).
    assert!(
        started.elapsed() >= Duration::from_millis(890),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(emu.state().stats().faulted, 6, "each call was delayed");
}

#[tokio::test]
async fn waiting_for_pacing_counts_against_the_timeout() {
    let emu = start();
    load_users(&emu, 1);
    let clerk = Clerk::builder(KEY)
        .server_url(emu.api_url())
        .rate_limit(RateLimit::new(1, Duration::from_secs(60)))
        .timeout(Duration::from_millis(200))
        .retry_config(clerk_backend::RetryConfig::none())
        .build()
        .unwrap();
    clerk.users().get("user_00000").await.unwrap();
    let started = std::time::Instant::now();
    let error = clerk.users().get("user_00000").await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Timeout {
                maybe_sent: false,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(emu.state().stats().requests, 1, "the second call was never sent");
}
