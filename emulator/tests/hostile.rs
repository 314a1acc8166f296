//! The emulator against hostile callers: control endpoints guarded by the key and by JSON,
//! uploads that are not images, digests that would pin a core, credit overflow, and `stop()`
//! with a runaway hash in flight.

mod common;

use std::time::{Duration, Instant};

use clerk_backend::requests::*;
use clerk_backend::{Clerk, File, RetryConfig};
use clerk_emulator::{Config, Emulator};
use common::*;
use serde_json::{Value, json};

const SECRET: &str = "sk_test_only_this_one";

fn strict() -> Emulator {
    Emulator::start(Config {
        secret_key: Some(SECRET.into()),
        ..Config::default()
    })
    .unwrap()
}

fn strict_client(emu: &Emulator) -> Clerk {
    Clerk::builder(SECRET)
        .server_url(emu.api_url())
        .retry_config(RetryConfig::none())
        .build()
        .unwrap()
}

async fn body(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

async fn count(emu: &Emulator, clerk: &Clerk) -> i64 {
    let _ = emu;
    clerk
        .users()
        .count(CountUsersRequest::default())
        .await
        .unwrap()
        .total_count
}

#[tokio::test]
async fn control_endpoints_need_the_secret_key_when_one_is_set() {
    let emu = strict();
    let clerk = strict_client(&emu);
    clerk
        .users()
        .create(CreateUserRequest {
            email_address: vec!["ada@example.com".into()],
            ..Default::default()
        })
        .await
        .unwrap();
    let base = format!("{}/emulator/v1", emu.url());
    let json_post = |path: &str, auth: Option<&str>| {
        let mut request = http()
            .post(format!("{base}/{path}"))
            .header("content-type", "application/json")
            .body("{}");
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        request
    };
    for auth in [None, Some("Bearer sk_test_other"), Some("Bearer "), Some(SECRET)] {
        let mut export = http().get(format!("{base}/export"));
        let mut faults = http().get(format!("{base}/faults"));
        let mut clear = http().delete(format!("{base}/faults"));
        if let Some(auth) = auth {
            export = export.header("authorization", auth);
            faults = faults.header("authorization", auth);
            clear = clear.header("authorization", auth);
        }
        for request in [
            export,
            faults,
            clear,
            json_post("reset", auth),
            json_post("faults", auth),
        ] {
            let (status, error) = body(request.send().await.unwrap()).await;
            assert_eq!(status, 401, "{auth:?}: {error}");
            let code = if auth == Some("Bearer sk_test_other") {
                "clerk_key_invalid"
            } else {
                "authorization_header_format_invalid"
            };
            assert_eq!(error["errors"][0]["code"], code, "{auth:?}");
        }
    }
    assert_eq!(count(&emu, &clerk).await, 1, "nothing was reset");
    let bearer = format!("Bearer {SECRET}");
    let (status, exported) = body(
        http()
            .get(format!("{base}/export"))
            .header("authorization", &bearer)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(exported["users"].as_array().unwrap().len(), 1);
    let (status, _) = body(json_post("reset", Some(&bearer)).send().await.unwrap()).await;
    assert_eq!(status, 200);
    assert_eq!(count(&emu, &clerk).await, 0);
    // The readiness probe and the images stay open.
    let health = http().get(format!("{base}/health")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    let avatar = http().get(format!("{base}/images/default")).send().await.unwrap();
    assert_eq!(avatar.status(), 200);
    assert_eq!(avatar.headers()["x-content-type-options"], "nosniff");
}

#[tokio::test]
async fn control_requests_with_a_body_must_be_json() {
    let emu = start();
    let clerk = client(&emu);
    clerk
        .users()
        .create(CreateUserRequest {
            email_address: vec!["ada@example.com".into()],
            ..Default::default()
        })
        .await
        .unwrap();
    let base = format!("{}/emulator/v1", emu.url());
    // What a web page may send cross-origin without asking: text/plain, a form, or no body.
    for content_type in [
        Some("text/plain"),
        Some("text/plain;charset=UTF-8"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        None,
    ] {
        for (path, payload) in [
            ("reset", "{}".to_owned()),
            (
                "import",
                json!({"users": [{"first_name": "Mallory"}]}).to_string(),
            ),
            ("users", json!([{"first_name": "Mallory"}]).to_string()),
            ("faults", json!({"status": 500, "count": 100}).to_string()),
            ("rate_limit", json!({"requests": 1}).to_string()),
        ] {
            let mut request = http().post(format!("{base}/{path}")).body(payload);
            if let Some(content_type) = content_type {
                request = request.header("content-type", content_type);
            }
            let (status, error) = body(request.send().await.unwrap()).await;
            assert_eq!(status, 415, "{path} as {content_type:?}: {error}");
            assert_eq!(error["errors"][0]["code"], "request_body_invalid");
        }
    }
    assert_eq!(count(&emu, &clerk).await, 1, "nothing was reset or loaded");
    assert!(emu.state().rate_limit().is_none());
    let faults = http().get(format!("{base}/faults")).send().await.unwrap();
    assert_eq!(faults.text().await.unwrap(), "[]");
    let reset = http()
        .post(format!("{base}/reset"))
        .header("content-type", "application/json; charset=utf-8")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), 200);
    assert_eq!(count(&emu, &clerk).await, 0);
}

// ---------------------------------------------------------------------------------------------
// Profile images

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
const GIF: &[u8] = b"GIF89a\x01\0\x01\0\0\0\0;";
const JPEG: &[u8] = b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0";
const WEBP: &[u8] = b"RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0\x2f\0\0\0\x10\x07\x10\x11\x11\x88\x88\xfe\x07\0";

async fn upload(
    clerk: &Clerk,
    user_id: &str,
    file: File,
) -> Result<clerk_backend::models::User, clerk_backend::Error> {
    clerk
        .users()
        .set_profile_image(SetProfileImageRequest {
            user_id: user_id.into(),
            file: Some(file),
        })
        .await
}

#[tokio::test]
async fn uploads_must_be_images_and_are_served_with_their_sniffed_type() {
    let emu = start();
    let clerk = client(&emu);
    let user = clerk.users().create(CreateUserRequest::default()).await.unwrap();
    for (bytes, claimed, detected) in [
        (PNG, "text/html", "image/png"),
        (GIF, "image/png", "image/gif"),
        (JPEG, "application/octet-stream", "image/jpeg"),
        (WEBP, "image/webp", "image/webp"),
    ] {
        let mut file = File::new("avatar", bytes.to_vec());
        file.content_type = Some(claimed.into());
        let with_image = upload(&clerk, &user.id, file).await.unwrap();
        let served = http().get(with_image.image_url.unwrap()).send().await.unwrap();
        assert_eq!(served.headers()["content-type"], detected, "{claimed}");
        assert_eq!(served.headers()["x-content-type-options"], "nosniff");
        assert_eq!(served.bytes().await.unwrap().as_ref(), bytes);
    }
    let before = clerk.users().get(user.id.as_str()).await.unwrap().image_url;
    for (bytes, claimed) in [
        (
            &b"<html><script>alert(document.domain)</script></html>"[..],
            "image/png",
        ),
        (
            &b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"[..],
            "image/svg+xml",
        ),
        (&b"%PDF-1.4"[..], "image/png"),
        (&b"just text"[..], "text/plain"),
    ] {
        let mut file = File::new("avatar.png", bytes.to_vec());
        file.content_type = Some(claimed.into());
        let err = upload(&clerk, &user.id, file).await.unwrap_err();
        assert_eq!(
            status_and_code(&err),
            (400, "request_body_invalid".into()),
            "{claimed}"
        );
    }
    assert_eq!(
        clerk.users().get(user.id.as_str()).await.unwrap().image_url,
        before,
        "unchanged"
    );

    // Over 10 MB: 413 image_too_large; just under is fine.
    let mut big = PNG.to_vec();
    big.resize(10 * 1024 * 1024 + 1, 0);
    let err = upload(&clerk, &user.id, File::new("big.png", big.clone()))
        .await
        .unwrap_err();
    assert_eq!(status_and_code(&err), (413, "image_too_large".into()));
    big.pop();
    upload(&clerk, &user.id, File::new("big.png", big)).await.unwrap();

    // Imported images are held to the same rule.
    let html = json!({"users": [{"profile_image": {"content_type": "image/png", "data": "PGh0bWw+"}}]});
    let err = emu.state().import(data(html)).unwrap_err();
    assert_eq!(
        (err.status.as_u16(), err.code.as_str()),
        (400, "request_body_invalid")
    );
}

// ---------------------------------------------------------------------------------------------
// Costly digests

#[tokio::test]
async fn digests_above_the_cost_caps_are_refused() {
    let emu = start();
    let clerk = client(&emu);
    let salt = "FtZBS0M2+TcFvG+znVNPTQ";
    let hash = "3zqmrFj29hqF+cWRYDX0Oz8Gw3YwnUJVdUKPcY+absQ";
    let hex64 = "ab".repeat(64);
    for (hasher, digest) in [
        (
            "bcrypt",
            "$2b$31$FWHaf5Q/S8s8DLvpmqSxNOmGsSdf/4W9aFrgdoRSs.QDPZwX5xauS".to_owned(),
        ),
        (
            "bcrypt",
            "$2b$17$FWHaf5Q/S8s8DLvpmqSxNOmGsSdf/4W9aFrgdoRSs.QDPZwX5xauS".to_owned(),
        ),
        (
            "bcrypt_peppered",
            "$2b$31$hKlKi/Q8gIeS.siJqSSjnubqHDgRaXG9uAvFspBhwbXsIEzuve.B2$pepper".to_owned(),
        ),
        (
            "bcrypt_sha256_django",
            "bcrypt_sha256$$2b$31$cmdt.rI3Ygx30gA6uME4eOw7/oHiwwaX2/QT2c4.86KNr7qd85BB2".to_owned(),
        ),
        (
            "argon2id",
            format!("$argon2id$v=19$m=64,t=4294967295,p=1${salt}${hash}"),
        ),
        (
            "argon2i",
            format!("$argon2i$v=19$m=4194304,t=2,p=1${salt}${hash}"),
        ),
        ("argon2id", format!("$argon2id$v=19$m=64,t=2,p=255${salt}${hash}")),
        (
            "pbkdf2_sha256",
            format!("pbkdf2_sha256$4000000000$c2FsdA==${hash}"),
        ),
        // A huge output: 1,024 bytes of PBKDF2-SHA1 is 52 blocks of 1,000,000 iterations.
        (
            "pbkdf2_sha1",
            format!("pbkdf2_sha1$1000000$a1b2${}$1024", "ab".repeat(1024)),
        ),
        (
            "pbkdf2_sha512",
            format!("pbkdf2_sha512$1000$salt${}", "ab".repeat(100_000)),
        ),
        ("pbkdf2_sha1", format!("pbkdf2_sha1$9000000$a1b2${hex64}")),
        ("scrypt_werkzeug", format!("scrypt:1048576:8:1$salt${hex64}")),
        ("scrypt_werkzeug", format!("scrypt:16384:8:4096$salt${hex64}")),
        (
            "sha512_symfony",
            format!("sha512_symfony$4000000000$salt${}", "A".repeat(86) + "=="),
        ),
    ] {
        let started = Instant::now();
        let err = clerk
            .users()
            .create(CreateUserRequest {
                password_digest: digest.clone().into(),
                password_hasher: Some(hasher.into()),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_eq!(
            status_and_code(&err),
            (422, "form_password_digest_invalid_code".into()),
            "{hasher} {}",
            &digest[..digest.len().min(80)]
        );
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{hasher}: {:?}",
            started.elapsed()
        );
    }
    // Hashed backup codes too: each verify_totp would try them.
    let err = clerk
        .users()
        .create(CreateUserRequest {
            backup_codes: vec!["$2b$31$FWHaf5Q/S8s8DLvpmqSxNOmGsSdf/4W9aFrgdoRSs.QDPZwX5xauS".into()],
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        status_and_code(&err),
        (422, "form_password_digest_invalid_code".into())
    );
    let costly = json!({"users": [{"backup_codes": ["$2b$31$FWHaf5Q/S8s8DLvpmqSxNOmGsSdf/4W9aFrgdoRSs.QDPZwX5xauS"]}]});
    let err = emu.state().import(data(costly)).unwrap_err();
    assert_eq!(err.code, "form_password_digest_invalid_code");
    assert_eq!(count(&emu, &clerk).await, 0, "nothing was stored");
}

#[tokio::test]
async fn credit_balances_never_wrap() {
    let emu = start();
    let clerk = client(&emu);
    let user = clerk.users().create(CreateUserRequest::default()).await.unwrap();
    let adjust = |key: &str, amount: i64, action: Action| AdjustBillingCreditBalanceRequest {
        user_id: user.id.clone(),
        amount,
        action,
        idempotency_key: key.into(),
        ..Default::default()
    };
    clerk
        .users()
        .adjust_billing_credit_balance(adjust("a", i64::MAX, Action::Increase))
        .await
        .unwrap();
    let err = clerk
        .users()
        .adjust_billing_credit_balance(adjust("b", i64::MAX, Action::Increase))
        .await
        .unwrap_err();
    assert_eq!(status_and_code(&err), (422, "form_param_value_invalid".into()));
    let err = clerk
        .users()
        .adjust_billing_credit_balance(adjust("c", 1, Action::Increase))
        .await
        .unwrap_err();
    assert_eq!(status_and_code(&err).0, 422);
    let balance = clerk
        .users()
        .get_billing_credit_balance(user.id.as_str())
        .await
        .unwrap();
    assert_eq!(balance.balance.unwrap().amount, i64::MAX);
    // Down to the bottom and no further.
    clerk
        .users()
        .adjust_billing_credit_balance(adjust("d", i64::MAX, Action::Decrease))
        .await
        .unwrap();
    clerk
        .users()
        .adjust_billing_credit_balance(adjust("e", i64::MAX, Action::Decrease))
        .await
        .unwrap();
    let err = clerk
        .users()
        .adjust_billing_credit_balance(adjust("f", 2, Action::Decrease))
        .await
        .unwrap_err();
    assert_eq!(status_and_code(&err).0, 422);
}

// ---------------------------------------------------------------------------------------------
// Stopping

#[tokio::test]
async fn stop_never_waits_for_a_hash_in_flight() {
    let emu = start();
    let clerk = client(&emu);
    // At the iteration cap: seconds of SHA-512 (more in a debug build), on a blocking thread.
    let salt = "Xq3kP0zVb7";
    let digest = format!("sha512_symfony$10000000${salt}${}", "A".repeat(86) + "==");
    let user = clerk
        .users()
        .create(CreateUserRequest {
            password_digest: digest.into(),
            password_hasher: Some("sha512_symfony".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let verify = clerk.users().with_options(clerk_backend::CallOptions {
        retries: Some(RetryConfig::none()),
        ..Default::default()
    });
    let call = tokio::spawn(async move {
        verify
            .verify_password(VerifyPasswordRequest {
                user_id: user.id,
                password: "correct horse".into(),
            })
            .await
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    tokio::task::spawn_blocking(move || emu.stop()).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "stop waited {:?} for the hash",
        started.elapsed()
    );
    call.abort();
}
