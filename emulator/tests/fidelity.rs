//! Clerk's answers, row by row: each error the emulator shares with Clerk, with the status, the
//! `code` and the `meta` (`param_name`, or `param_names`) Clerk's error index gives it (the
//! table in `emulator/README.md` names the source of each). Raw HTTP, so that the body is seen
//! exactly as sent.

mod common;

use common::*;
use serde_json::{Value, json};

/// The answer to one request: status and JSON body.
struct Answer {
    status: u16,
    body: Value,
}

impl Answer {
    /// Asserts a Clerk error: status, code, and `meta.param_name` (or no `param_name`).
    #[track_caller]
    fn error(&self, status: u16, code: &str, param_name: Option<&str>) -> &Value {
        let error = &self.body["errors"][0];
        assert_eq!(
            (self.status, error["code"].as_str()),
            (status, Some(code)),
            "{}",
            self.body
        );
        assert!(self.body["clerk_trace_id"].is_string(), "{}", self.body);
        assert!(error["message"].is_string() && error["long_message"].is_string());
        match param_name {
            Some(name) => assert_eq!(error["meta"]["param_name"], name, "{}", self.body),
            None => assert!(error["meta"].get("param_name").is_none(), "{}", self.body),
        }
        error
    }

    #[track_caller]
    fn ok(&self) -> &Value {
        assert_eq!(self.status, 200, "{}", self.body);
        &self.body
    }
}

struct Api {
    emu: clerk_emulator::Emulator,
    http: reqwest::Client,
}

impl Api {
    fn new() -> Self {
        Self {
            emu: start(),
            http: http(),
        }
    }

    async fn send(&self, method: &str, path: &str, body: Option<String>, key: Option<&str>) -> Answer {
        let url = if path.starts_with("/emulator") {
            format!("{}{path}", self.emu.url())
        } else {
            format!("{}{path}", self.emu.api_url())
        };
        let mut request = self
            .http
            .request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), url);
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        if let Some(body) = body {
            request = request.header("content-type", "application/json").body(body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Answer { status, body }
    }

    async fn call(&self, method: &str, path: &str, body: Value) -> Answer {
        self.send(method, path, Some(body.to_string()), Some(KEY)).await
    }

    async fn get(&self, path: &str) -> Answer {
        self.send("GET", path, None, Some(KEY)).await
    }

    async fn create(&self, body: Value) -> Answer {
        self.call("POST", "/users", body).await
    }

    async fn instance(&self, settings: Value) -> Value {
        self.call("PUT", "/emulator/v1/instance", settings)
            .await
            .ok()
            .clone()
    }
}

#[tokio::test]
async fn breached_passwords_are_refused_unless_switched_off() {
    let api = Api::new();
    for password in ["password123", "Password123", "iloveyou", "qwerty123"] {
        let refused = api
            .create(json!({"email_address": ["a@example.com"], "password": password}))
            .await;
        let error = refused.error(422, "form_password_pwned", Some("password"));
        assert_eq!(
            error["long_message"],
            "Password has been found in an online data breach. For account safety, please use a different password."
        );
    }
    let user = api.create(json!({"password": "Secure*Pass4"})).await;
    let id = user.ok()["id"].as_str().unwrap().to_owned();
    api.call(
        "PATCH",
        &format!("/users/{id}"),
        json!({"password": "password123"}),
    )
    .await
    .error(422, "form_password_pwned", Some("password"));
    // skip_password_checks skips it, as it skips the length.
    api.create(json!({"password": "password123", "skip_password_checks": true}))
        .await
        .ok();
    // The instance setting turns it off.
    api.instance(json!({"password": {"reject_breached": false}}))
        .await;
    api.create(json!({"password": "password123"})).await.ok();
    api.call("PATCH", &format!("/users/{id}"), json!({"password": "iloveyou"}))
        .await
        .ok();
}

#[tokio::test]
async fn password_lengths() {
    let api = Api::new();
    let short = api.create(json!({"password": "short"})).await;
    let error = short.error(422, "form_password_length_too_short", Some("password"));
    assert_eq!(error["message"], "Passwords must be 8 characters or more.");
    api.create(json!({"password": "x".repeat(73)})).await.error(
        422,
        "form_password_length_too_long",
        Some("password"),
    );
    // 72 characters, but more than bcrypt's 72 bytes.
    api.create(json!({"password": "é".repeat(40)})).await.error(
        422,
        "form_password_size_in_bytes_exceeded",
        Some("password"),
    );
    api.instance(json!({"password": {"min_length": 12}})).await;
    let error = api.create(json!({"password": "Secure*Pass4x"})).await;
    error.ok();
    let short = api.create(json!({"password": "Secure*Pass"})).await;
    let error = short.error(422, "form_password_length_too_short", Some("password"));
    assert_eq!(error["message"], "Passwords must be 12 characters or more.");
}

#[tokio::test]
async fn required_and_switched_off_identifiers() {
    let api = Api::new();
    // The default is permissive: a user with nothing at all.
    api.create(json!({})).await.ok();

    api.instance(json!({"identifiers": {"email_address": "required", "username": "required"}}))
        .await;
    let missing = api.create(json!({"first_name": "Ada"})).await;
    let error = missing.error(422, "form_data_missing", None);
    assert_eq!(error["meta"]["param_names"], json!(["email_address", "username"]));
    assert_eq!(
        error["long_message"],
        r#"["email_address" "username"] data doesn't match user requirements set for this instance"#
    );
    let user = api
        .create(json!({"email_address": ["ada@example.com"], "username": "ada_l"}))
        .await;
    let id = user.ok()["id"].as_str().unwrap().to_owned();
    // A required username cannot be cleared.
    api.call("PATCH", &format!("/users/{id}"), json!({"username": null}))
        .await
        .error(422, "form_data_missing", None);

    api.instance(json!({"identifiers": {"phone_number": "off", "web3_wallet": "off", "username": "off"}}))
        .await;
    api.create(json!({"phone_number": ["+15555550100"]})).await.error(
        422,
        "form_param_unknown",
        Some("phone_number"),
    );
    api.create(json!({"web3_wallet": ["0x1111111111111111111111111111111111111111"]}))
        .await
        .error(422, "form_param_unknown", Some("web3_wallet"));
    api.create(json!({"username": "grace_h"}))
        .await
        .error(422, "form_param_unknown", Some("username"));
    api.call("PATCH", &format!("/users/{id}"), json!({"username": "grace_h"}))
        .await
        .error(422, "form_param_unknown", Some("username"));

    // A new Clerk application: an email address and a password.
    let settings = api.instance(json!({"preset": "new_application"})).await;
    assert_eq!(
        settings,
        json!({
            "identifiers": {"email_address": "required", "phone_number": "off", "username": "off", "web3_wallet": "off"},
            "password": {"required": true, "min_length": 8, "reject_breached": true},
            "username": {"min_length": 4, "max_length": 64},
        })
    );
    let error = api.create(json!({"email_address": ["b@example.com"]})).await;
    assert_eq!(
        error.error(422, "form_data_missing", None)["meta"]["param_names"],
        json!(["password"])
    );
    api.create(json!({"email_address": ["b@example.com"], "skip_password_requirement": true}))
        .await
        .ok();
    api.create(json!({"email_address": ["c@example.com"], "password": "Secure*Pass4"}))
        .await
        .ok();
}

#[tokio::test]
async fn usernames_follow_the_instances_rules() {
    let api = Api::new();
    let short = api.create(json!({"username": "ada"})).await;
    let error = short.error(422, "form_username_invalid_length", Some("username"));
    assert_eq!(
        error["message"],
        "Username must be between 4 and 64 characters long."
    );
    api.create(json!({"username": "a".repeat(65)})).await.error(
        422,
        "form_username_invalid_length",
        Some("username"),
    );
    for bad in ["ada lovelace", "ada!", "ada.l", "adä_l"] {
        api.create(json!({"username": bad})).await.error(
            422,
            "form_username_invalid_character",
            Some("username"),
        );
    }
    let user = api.create(json!({"username": "Ada_L-1"})).await;
    let id = user.ok()["id"].as_str().unwrap().to_owned();
    api.call("PATCH", &format!("/users/{id}"), json!({"username": "ab"}))
        .await
        .error(422, "form_username_invalid_length", Some("username"));
    api.instance(json!({"username": {"min_length": 2, "max_length": 5}}))
        .await;
    api.call("PATCH", &format!("/users/{id}"), json!({"username": "ab"}))
        .await
        .ok();
    let long = api.create(json!({"username": "abcdef"})).await;
    let error = long.error(422, "form_username_invalid_length", Some("username"));
    assert_eq!(
        error["message"],
        "Username must be between 2 and 5 characters long."
    );
}

#[tokio::test]
async fn identifier_formats() {
    let api = Api::new();
    for wallet in [
        "0x123",
        "not a wallet",
        "0xZZ11111111111111111111111111111111111111",
    ] {
        api.create(json!({"web3_wallet": [wallet]})).await.error(
            422,
            "form_param_format_invalid",
            Some("web3_wallet"),
        );
    }
    // Ethereum and Solana addresses.
    api.create(json!({"web3_wallet": [
        "0x1111111111111111111111111111111111111111",
        "7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV",
    ]}))
    .await
    .ok();
    let bad_email = api.create(json!({"email_address": ["not-an-email"]})).await;
    let error = bad_email.error(422, "form_param_format_invalid", Some("email_address"));
    assert_eq!(
        error["long_message"],
        "email_address must be a valid email address."
    );
    api.create(json!({"phone_number": ["555"]})).await.error(
        422,
        "form_param_format_invalid",
        Some("phone_number"),
    );
    // Taken identifiers: "That email address is taken. Please try another."
    api.create(json!({"email_address": ["ada@example.com"]}))
        .await
        .ok();
    let taken = api.create(json!({"email_address": ["ADA@example.com"]})).await;
    let error = taken.error(422, "form_identifier_exists", Some("email_address"));
    assert_eq!(
        error["message"],
        "That email address is taken. Please try another."
    );
}

#[tokio::test]
async fn verify_password_and_totp() {
    let api = Api::new();
    let ada = api
        .create(json!({
            "password": "Secure*Pass4",
            "totp_secret": "JBSWY3DPEHPK3PXP",
            "backup_codes": ["backup-one"],
        }))
        .await;
    let ada = ada.ok()["id"].as_str().unwrap().to_owned();
    let none = api.create(json!({})).await;
    let none = none.ok()["id"].as_str().unwrap().to_owned();

    let wrong = api
        .call(
            "POST",
            &format!("/users/{ada}/verify_password"),
            json!({"password": "nope"}),
        )
        .await;
    let error = wrong.error(422, "incorrect_password", None);
    assert_eq!(
        error["long_message"],
        "The provided password is not the one the user has set"
    );
    api.call(
        "POST",
        &format!("/users/{none}/verify_password"),
        json!({"password": "nope"}),
    )
    .await
    .error(400, "no_password_set", None);

    let totp_path = format!("/users/{ada}/verify_totp");
    let totp = |code: &str| api.call("POST", &totp_path, json!({"code": code}));
    let wrong_code = if totp_now("JBSWY3DPEHPK3PXP") == "000000" {
        "111111"
    } else {
        "000000"
    };
    totp(wrong_code).await.error(422, "totp_incorrect_code", None);
    totp("12345").await.error(422, "totp_invalid_length", None);
    totp("1234567").await.error(422, "totp_invalid_length", None);
    // A backup code is not 6 characters long, and is taken once.
    assert_eq!(totp("backup-one").await.ok()["code_type"], "backup_code");
    totp("backup-one").await.error(422, "totp_invalid_length", None);
    api.call(
        "POST",
        &format!("/users/{none}/verify_totp"),
        json!({"code": "123456"}),
    )
    .await
    .error(400, "totp_disabled", None);
}

fn totp_now(secret: &str) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.into()).to_bytes().unwrap();
    totp_rs::TOTP::new_unchecked(totp_rs::Algorithm::SHA1, 6, 1, 30, bytes)
        .generate_current()
        .unwrap()
}

#[tokio::test]
async fn request_bodies() {
    let api = Api::new();
    for body in ["{not json", "[1, 2]", "\"text\""] {
        let answer = api.send("POST", "/users", Some(body.into()), Some(KEY)).await;
        answer.error(400, "request_body_invalid", None);
    }
    let typed = api.create(json!({"first_name": 5})).await;
    let error = typed.error(422, "form_param_type_invalid", Some("first_name"));
    assert_eq!(error["long_message"], "`first_name` must be a `string`.");
    api.create(json!({"email_address": "one@example.com"}))
        .await
        .error(422, "form_param_type_invalid", Some("email_address"));
    api.create(json!({"skip_password_checks": "yes"})).await.error(
        422,
        "form_param_type_invalid",
        Some("skip_password_checks"),
    );
    for name in ["public_metadata", "private_metadata", "unsafe_metadata"] {
        let answer = api.create(json!({name: "not an object"})).await;
        answer.error(422, "form_param_value_invalid", Some(name));
        let user = api.create(json!({})).await;
        let id = user.ok()["id"].as_str().unwrap().to_owned();
        api.call("PATCH", &format!("/users/{id}/metadata"), json!({name: [1]}))
            .await
            .error(422, "form_param_value_invalid", Some(name));
    }
    let error = api.create(json!({"public_metadata": 1})).await;
    assert_eq!(
        error.error(422, "form_param_value_invalid", Some("public_metadata"))["message"],
        r#"Public metadata must be a valid key-value object. To reset the public metadata, use an empty object ("{}")."#
    );
    api.create(json!({"frist_name": "typo"}))
        .await
        .error(422, "form_param_unknown", Some("frist_name"));
    for name in ["created_at", "legal_accepted_at"] {
        api.create(json!({name: "yesterday"}))
            .await
            .error(422, "form_param_invalid_time", Some(name));
    }
    api.create(json!({"totp_secret": "not base32 !"}))
        .await
        .error(422, "invalid_totp_secret_code", None);
}

#[tokio::test]
async fn password_digests() {
    let api = Api::new();
    let malformed = api
        .create(json!({"password_digest": "not-hex", "password_hasher": "sha256"}))
        .await;
    let error = malformed.error(422, "form_password_digest_invalid_code", Some("password_digest"));
    assert_eq!(
        error["message"],
        "The provided password_digest is not a valid sha256 password hash."
    );
    api.create(json!({"password_digest": "abc", "password_hasher": "rot13"}))
        .await
        .error(422, "form_param_value_invalid", Some("password_hasher"));
    api.create(json!({"password_digest": "abc"})).await.error(
        422,
        "form_param_missing",
        Some("password_hasher"),
    );
    // md5_phpass, listed in the spec: phpass's portable (MD5) digests.
    let user = api
        .create(json!({
            "password_digest": "$P$6btyZUHup3/WrJxthzWpShMm0Mk68S.",
            "password_hasher": "md5_phpass",
        }))
        .await;
    let id = user.ok()["id"].as_str().unwrap().to_owned();
    let verified = api
        .call(
            "POST",
            &format!("/users/{id}/verify_password"),
            json!({"password": "correct horse"}),
        )
        .await;
    assert_eq!(verified.ok()["verified"], true);
}

#[tokio::test]
async fn profile_images() {
    let api = Api::new();
    let user = api.create(json!({})).await;
    let id = user.ok()["id"].as_str().unwrap().to_owned();
    let upload = |bytes: Vec<u8>| {
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name("avatar.png")
            .mime_str("image/png")
            .unwrap();
        api.http
            .post(format!("{}/users/{id}/profile_image", api.emu.api_url()))
            .bearer_auth(KEY)
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
    };
    let answer = |response: reqwest::Response| async move {
        let status = response.status().as_u16();
        Answer {
            status,
            body: serde_json::from_str(&response.text().await.unwrap()).unwrap(),
        }
    };
    let html = answer(upload(b"<html>hi</html>".to_vec()).await.unwrap()).await;
    let error = html.error(400, "request_body_invalid", None);
    assert!(
        error["long_message"]
            .as_str()
            .unwrap()
            .starts_with("'text/html' images")
    );
    let text = answer(upload(b"just text".to_vec()).await.unwrap()).await;
    let error = text.error(400, "request_body_invalid", None);
    assert_eq!(
        error["long_message"],
        "'text/plain; charset=utf-8' images are not currently supported. Please consult the API documentation for more information."
    );
    let pdf = answer(upload(b"%PDF-1.4 ...".to_vec()).await.unwrap()).await;
    pdf.error(400, "request_body_invalid", None);
    let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
    big.resize(10 * 1024 * 1024 + 1, 0);
    let too_large = answer(upload(big).await.unwrap()).await;
    too_large.error(413, "image_too_large", None);
    // No file part at all.
    let empty_form = api
        .http
        .post(format!("{}/users/{id}/profile_image", api.emu.api_url()))
        .bearer_auth(KEY)
        .multipart(reqwest::multipart::Form::new().text("other", "x"))
        .send()
        .await
        .unwrap();
    answer(empty_form).await.error(400, "form_param_missing", None);
}

#[tokio::test]
async fn lists_bulk_keys_and_missing_users() {
    let api = Api::new();
    let many: Vec<String> = (0..101)
        .map(|i| format!("email_address=u{i}@example.com"))
        .collect();
    api.get(&format!("/users?{}", many.join("&"))).await.error(
        422,
        "form_param_duplicate",
        Some("email_address"),
    );
    api.get(&format!("/users/count?{}", many.join("&"))).await.error(
        422,
        "form_param_duplicate",
        Some("email_address"),
    );
    api.get(&format!("/users?{}", many[..100].join("&"))).await.ok();

    let ids: Vec<String> = (0..51).map(|i| format!("user_{i}")).collect();
    for path in ["/users/ban", "/users/unban"] {
        let answer = api.call("POST", path, json!({"user_ids": ids})).await;
        let error = answer.error(400, "bulk_size_exceeded", None);
        assert_eq!(
            error["long_message"],
            "Parameters exceed the maximum allowed bulk processing size of 50."
        );
    }

    let wrong_key = api.send("GET", "/users", None, Some("sk_test_")).await;
    wrong_key.error(401, "clerk_key_invalid", None);
    api.send("GET", "/users", None, Some("sk_live_x"))
        .await
        .error(401, "clerk_key_invalid", None);
    api.send("GET", "/users", None, None)
        .await
        .error(401, "authorization_header_format_invalid", None);

    let missing = api.get("/users/user_missing").await;
    let error = missing.error(404, "resource_not_found", None);
    assert_eq!(error["long_message"], "No user was found with id user_missing");
    let user = api.create(json!({})).await;
    let id = user.ok()["id"].as_str().unwrap().to_owned();
    api.call("DELETE", &format!("/users/{id}/passkeys/idn_nope"), json!({}))
        .await
        .error(404, "resource_not_found", None);
}

#[tokio::test]
async fn too_many_requests() {
    let api = Api::new();
    api.call("PUT", "/emulator/v1/rate_limit", json!("1/60s"))
        .await
        .ok();
    api.get("/users").await.ok();
    let limited = api.get("/users").await;
    let error = limited.error(429, "too_many_requests", None);
    assert_eq!(error["long_message"], "Too many requests, retry later");
}
