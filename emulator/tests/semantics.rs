//! Clerk's semantics that an integration test relies on.

mod common;

use clerk_backend::Nullable;
use clerk_backend::models::TotpCodeType;
use clerk_backend::requests::*;
use common::*;
use serde_json::{Value, json};

fn with_email(email: &str) -> CreateUserRequest {
    CreateUserRequest {
        email_address: vec![email.into()],
        ..Default::default()
    }
}

#[tokio::test]
async fn create_checks_uniqueness_passwords_and_keeps_attributes() {
    let emu = start();
    let users = client(&emu).users();
    let first = users
        .create(CreateUserRequest {
            email_address: vec!["a@example.com".into(), "a2@example.com".into()],
            phone_number: vec!["+15555550100".into(), "+15555550101".into()],
            web3_wallet: vec!["0xAbC0000000000000000000000000000000000001".into()],
            username: "Alice".into(),
            external_id: "ext-1".into(),
            password: "long-enough".into(),
            private_metadata: metadata(json!({"secret": 1})),
            unsafe_metadata: metadata(json!({"theme": "dark"})),
            created_at: "2020-01-02T03:04:05.678Z".into(),
            legal_accepted_at: "2021-01-01T00:00:00+01:00".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(first.created_at, 1_577_934_245_678);
    assert_eq!(first.legal_accepted_at, Some(1_609_455_600_000));
    assert_eq!(first.username.as_deref(), Some("alice"));
    assert_eq!(first.primary_email_address_id, first.email_addresses[0].id);
    assert_eq!(first.primary_phone_number_id, first.phone_numbers[0].id);
    assert_eq!(first.primary_web3_wallet_id, first.web3_wallets[0].id);
    assert!(
        first
            .email_addresses
            .iter()
            .all(|e| e.id.as_deref().is_some_and(|id| id.starts_with("idn_")))
    );
    let verification = first.email_addresses[0].verification.as_ref().unwrap();
    assert_eq!(verification.status.as_str(), "verified");
    assert_eq!(
        Value::Object(first.private_metadata.clone().unwrap()),
        json!({"secret": 1})
    );
    assert_eq!(
        Value::Object(first.unsafe_metadata.clone().unwrap()),
        json!({"theme": "dark"})
    );

    let taken = [
        with_email("A@EXAMPLE.com"),
        CreateUserRequest {
            phone_number: vec!["+15555550101".into()],
            ..Default::default()
        },
        CreateUserRequest {
            web3_wallet: vec!["0xabc0000000000000000000000000000000000001".into()],
            ..Default::default()
        },
        CreateUserRequest {
            username: "ALICE".into(),
            ..Default::default()
        },
        CreateUserRequest {
            external_id: "ext-1".into(),
            ..Default::default()
        },
    ];
    for request in taken {
        let err = users.create(request).await.unwrap_err();
        assert_eq!(status_and_code(&err), (422, "form_identifier_exists".into()));
    }

    let short = users
        .create(CreateUserRequest {
            password: "short".into(),
            ..with_email("b@example.com")
        })
        .await
        .unwrap_err();
    assert_eq!(
        status_and_code(&short),
        (422, "form_password_length_too_short".into())
    );
    let skipped = users
        .create(CreateUserRequest {
            password: "short".into(),
            skip_password_checks: true.into(),
            ..with_email("b@example.com")
        })
        .await
        .unwrap();
    assert!(skipped.password_enabled);

    let bad_date = users
        .create(CreateUserRequest {
            created_at: "yesterday".into(),
            ..with_email("c@example.com")
        })
        .await
        .unwrap_err();
    assert_eq!(
        status_and_code(&bad_date),
        (422, "form_param_invalid_time".into())
    );
    assert_eq!(
        users
            .count(CountUsersRequest::default())
            .await
            .unwrap()
            .total_count,
        2
    );
}

#[tokio::test]
async fn password_digest_is_verifiable() {
    let emu = start();
    let users = client(&emu).users();
    let digest = bcrypt::hash("imported-pass", 4).unwrap();
    let user = users
        .create(CreateUserRequest {
            password_digest: digest.into(),
            password_hasher: Some("bcrypt".into()),
            ..with_email("digest@example.com")
        })
        .await
        .unwrap();
    let verify = |password: &str| {
        users.verify_password(VerifyPasswordRequest {
            user_id: user.id.clone(),
            password: password.into(),
        })
    };
    assert!(verify("imported-pass").await.unwrap().verified);
    assert_eq!(
        status_and_code(&verify("nope").await.unwrap_err()),
        (422, "incorrect_password".into())
    );

    let no_password = users.create(with_email("none@example.com")).await.unwrap();
    let err = users
        .verify_password(VerifyPasswordRequest {
            user_id: no_password.id.clone(),
            password: "whatever1".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.status_code(), Some(400));
    let err = users
        .verify_password(VerifyPasswordRequest {
            user_id: "user_missing".into(),
            password: "whatever1".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.status_code(), Some(404));
    // A digest must be in its hasher's format.
    let malformed = users
        .create(CreateUserRequest {
            password_digest: "$argon2id$v=19$m=16,t=2,p=1$c2FsdHNhbHQ$aGFzaA".into(),
            password_hasher: Some("argon2id".into()),
            ..with_email("argon@example.com")
        })
        .await
        .unwrap_err();
    assert_eq!(
        status_and_code(&malformed),
        (422, "form_password_digest_invalid_code".into())
    );
    // Hashers that are not Clerk's, and Clerk's that the emulator cannot verify: 422.
    for hasher in ["rot13", "awscognito"] {
        let refused = users
            .create(CreateUserRequest {
                password_digest: "abc".into(),
                password_hasher: Some(hasher.into()),
                ..with_email("hasher@example.com")
            })
            .await
            .unwrap_err();
        assert_eq!(
            status_and_code(&refused),
            (422, "form_param_value_invalid".into()),
            "{hasher}"
        );
    }
    let missing = users
        .create(CreateUserRequest {
            password_digest: "abc".into(),
            ..with_email("hasher@example.com")
        })
        .await
        .unwrap_err();
    assert_eq!(status_and_code(&missing), (422, "form_param_missing".into()));
}

/// Digests made by other implementations (Python's hashlib, argon2-cffi, passlib, Werkzeug's
/// `generate_password_hash`, Symfony's `MessageDigestPasswordHasher`; Firebase's scrypt in Python's
/// hashlib and `cryptography`, with the signer key and salt separator of Firebase's example).
const DIGESTS: &[(&str, &str)] = &[
    (
        "argon2i",
        r"$argon2i$v=19$m=64,t=2,p=1$FtZBS0M2+TcFvG+znVNPTQ$3zqmrFj29hqF+cWRYDX0Oz8Gw3YwnUJVdUKPcY+absQ",
    ),
    (
        "argon2id",
        r"$argon2id$v=19$m=64,t=2,p=2$RRkeJsq4bb9idkt3L47Vvw$JOlARJC66wRk7LrnQTDPz5yftIdQrlLtOjj1CrRSXzE",
    ),
    (
        "pbkdf2_sha256",
        r"pbkdf2_sha256$1200$MDEyMzQ1Njc4OWFiY2RlZg==$aCG4tQGUV+nhBFCGnfDHLhxUG3YEIh8hLILMSPQCWow=",
    ),
    (
        "pbkdf2_sha256_django",
        r"pbkdf2_sha256$1200$oAsZ1aMw3Dr0$rpfdrhP3M0FVW3tI4W56OfdqfYXZlSdvHwVmbFXqcZY=",
    ),
    (
        "sha256",
        r"4104d36f8da2c254349f85836793ebe029e0c957063a34c91c2e9203187b5631",
    ),
    ("md5", r"3cb4e732631f47e6eb961f34554b7cde"),
    (
        "pbkdf2_sha512",
        r"pbkdf2_sha512$1000$0123456789abcdef$38cd0502822a0952b5b16b710e27df56505e8ed2dafa4b384cfef526279cc2e499086f222db9e52043ce328557fa2d81db0912c6343c091191f4e90d1ae20f31",
    ),
    (
        "pbkdf2_sha512_hex",
        r"pbkdf2_sha512_hex$1000$30313233343536373839616263646566$38cd0502822a0952b5b16b710e27df56505e8ed2dafa4b384cfef526279cc2e499086f222db9e52043ce328557fa2d81db0912c6343c091191f4e90d1ae20f31",
    ),
    ("phpass", r"$P$6btyZUHup3/WrJxthzWpShMm0Mk68S."),
    (
        "scrypt_firebase",
        r"Jt/VZAbMZTVTbrwk2vFw5IiVnTA7PHSovBjhZQc7uusxn06w2VxZsGm5PYUZv7+u5oR7kLx3W4LlYZo0lMEGgA==$JB0XOIOrh7bELw==$jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==$Bw==$8$10",
    ),
    (
        "scrypt_werkzeug",
        r"scrypt:1024:8:1$PPcxYHFUr7FMIdHz$1caf4702d0014fe683560250453b77e2651a372293410587f420a122890ac1f198fa6f5043887c1cfd8a7bea342007c6745f7fb90bc59ddd52dc2488d4c761a9",
    ),
    (
        "sha512_symfony",
        r"sha512_symfony$5000$Xq3kP0zVb7$U/ScVmEBC9blnGEqrxwB4UmlSKrIpgTVbsQAqBQau2mGem6/439pYoE5F5VWUsu92+RgavjFt1GBH1GSTHtbWw==",
    ),
];

/// A digest not in its hasher's format, or too costly to verify: 422 naming the format.
#[tokio::test]
async fn malformed_or_too_costly_digests_are_refused_with_their_format() {
    let emu = start();
    let users = client(&emu).users();
    for (i, (hasher, digest, format)) in [
        (
            "scrypt_firebase",
            "aGFzaA==$c2FsdA==$a2V5$Bw==$8",
            "<hash>$<salt>$<signer key>$<salt separator>$<rounds>$<memory cost>",
        ),
        (
            "scrypt_firebase",
            "aGFzaA==$c2FsdA==$a2V5a2V5$Bw==$8$15",
            "memory cost from 1 to 14",
        ),
        (
            "scrypt_werkzeug",
            "pbkdf2:sha256:600000$salt$abcd",
            "scrypt:<N>:<r>:<p>$<salt>$<hash>",
        ),
        (
            "scrypt_werkzeug",
            &format!("scrypt:4194304:8:1$salt${}", "ab".repeat(64)),
            "scrypt N=4194304, r=8, p=1 needs more than 268435456 bytes",
        ),
        (
            "sha512_symfony",
            "sha512_symfony$5000$salt$not-base64!",
            "sha512_symfony$<iterations>$<salt>$<hash>",
        ),
        (
            "sha512_symfony",
            &format!("sha512_symfony$99999999$salt${}", "A".repeat(86) + "=="),
            "99999999 iterations is above 10000000",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let err = users
            .create(CreateUserRequest {
                password_digest: digest.into(),
                password_hasher: Some(hasher.into()),
                ..with_email(&format!("malformed{i}@example.com"))
            })
            .await
            .unwrap_err();
        // Well formed but above the cost caps: Clerk's code for a digest it refuses.
        // Malformed or above the cost caps: Clerk's code for a digest it refuses.
        let costly = format.contains("above") || format.contains("more than");
        assert_eq!(
            status_and_code(&err),
            (422, "form_password_digest_invalid_code".into()),
            "{hasher}: {digest}"
        );
        let body: Value = serde_json::from_str(&err.response().unwrap().body).unwrap();
        let long_message = body["errors"][0]["long_message"].as_str().unwrap();
        assert!(
            (costly || long_message.contains(&format!("not a valid {hasher} digest")))
                && long_message.contains(format),
            "{hasher}: {long_message}"
        );
        assert_eq!(body["errors"][0]["meta"]["param_name"], "password_digest");
    }
}

#[tokio::test]
async fn digests_of_every_hasher_verify_after_create_update_and_import() {
    let emu = start();
    let users = client(&emu).users();
    let verify = |user_id: String, password: &'static str| {
        users.verify_password(VerifyPasswordRequest {
            user_id,
            password: password.into(),
        })
    };
    for (i, (hasher, digest)) in DIGESTS.iter().enumerate() {
        let user = users
            .create(CreateUserRequest {
                password_digest: (*digest).into(),
                password_hasher: Some((*hasher).into()),
                ..with_email(&format!("digest{i}@example.com"))
            })
            .await
            .unwrap_or_else(|e| panic!("{hasher}: {e}"));
        assert!(user.password_enabled, "{hasher}");
        assert!(
            verify(user.id.clone(), "correct horse").await.unwrap().verified,
            "{hasher}"
        );
        let wrong = verify(user.id.clone(), "wrong horse").await.unwrap_err();
        assert_eq!(
            status_and_code(&wrong),
            (422, "incorrect_password".into()),
            "{hasher}"
        );
    }

    // update: a digest replaces the password, and a plain password replaces the digest.
    let user = users
        .create(CreateUserRequest {
            password: "first-password".into(),
            ..with_email("update@example.com")
        })
        .await
        .unwrap();
    users
        .update(UpdateUserRequest {
            password_digest: Some(DIGESTS[1].1.into()),
            password_hasher: Some(DIGESTS[1].0.into()),
            ..UpdateUserRequest::new(user.id.as_str())
        })
        .await
        .unwrap();
    assert!(verify(user.id.clone(), "correct horse").await.unwrap().verified);
    assert!(verify(user.id.clone(), "first-password").await.is_err());
    let bad = users
        .update(UpdateUserRequest {
            password_digest: Some("not-hex".into()),
            password_hasher: Some("sha256".into()),
            ..UpdateUserRequest::new(user.id.as_str())
        })
        .await
        .unwrap_err();
    assert_eq!(
        status_and_code(&bad),
        (422, "form_password_digest_invalid_code".into())
    );
    assert!(
        verify(user.id.clone(), "correct horse").await.unwrap().verified,
        "a refused update changes nothing"
    );

    // Import and export carry the digest and its hasher.
    let imported = emu
        .state()
        .import(data(json!({"users": [{
            "id": "user_imported",
            "email_addresses": [{"email_address": "imported@example.com"}],
            "password_digest": DIGESTS[2].1,
            "password_hasher": DIGESTS[2].0,
        }]})))
        .unwrap();
    assert!(imported[0].password_enabled);
    assert!(
        verify("user_imported".into(), "correct horse")
            .await
            .unwrap()
            .verified
    );
    let exported = serde_json::to_value(emu.state().export()).unwrap();
    let entry = exported["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "user_imported")
        .unwrap();
    assert_eq!(entry["password_hasher"], DIGESTS[2].0);
    assert_eq!(entry["password_digest"], DIGESTS[2].1);
    let refused = emu.state().import(data(json!({"users": [{
        "password_digest": "abc", "password_hasher": "argon2id",
    }]})));
    assert_eq!(refused.unwrap_err().code, "form_password_digest_invalid_code");
}

#[tokio::test]
async fn update_is_partial_and_checked() {
    let emu = start();
    let users = client(&emu).users();
    let other = users
        .create(CreateUserRequest {
            username: "taken".into(),
            ..with_email("other@example.com")
        })
        .await
        .unwrap();
    let user = users
        .create(CreateUserRequest {
            email_address: vec!["one@example.com".into(), "two@example.com".into()],
            first_name: "First".into(),
            last_name: "Last".into(),
            username: "mine".into(),
            external_id: "x1".into(),
            ..Default::default()
        })
        .await
        .unwrap();

    let updated = users
        .update(UpdateUserRequest {
            first_name: "New".into(),
            external_id: Nullable::Null,
            username: "".into(),
            primary_email_address_id: user.email_addresses[1].id.clone().unwrap().into(),
            password: "new-password".into(),
            ..UpdateUserRequest::new(user.id.as_str())
        })
        .await
        .unwrap();
    assert_eq!(updated.first_name.as_deref(), Some("New"));
    assert_eq!(
        updated.last_name.as_deref(),
        Some("Last"),
        "fields not sent are kept"
    );
    assert_eq!(updated.external_id, None);
    assert_eq!(updated.username, None);
    assert_eq!(updated.primary_email_address_id, user.email_addresses[1].id);
    assert!(updated.password_enabled);
    assert!(updated.updated_at >= user.updated_at);
    let verified = users
        .verify_password(VerifyPasswordRequest {
            user_id: user.id.clone(),
            password: "new-password".into(),
        })
        .await
        .unwrap();
    assert!(verified.verified);

    let foreign = users
        .update(UpdateUserRequest {
            primary_email_address_id: other.email_addresses[0].id.clone().unwrap().into(),
            first_name: "Changed".into(),
            ..UpdateUserRequest::new(user.id.as_str())
        })
        .await
        .unwrap_err();
    assert_eq!(
        status_and_code(&foreign),
        (422, "form_param_value_invalid".into())
    );
    assert_eq!(
        users.get(user.id.as_str()).await.unwrap().first_name.as_deref(),
        Some("New"),
        "a refused update changes nothing"
    );

    let taken = users
        .update(UpdateUserRequest {
            username: "TAKEN".into(),
            ..UpdateUserRequest::new(user.id.as_str())
        })
        .await
        .unwrap_err();
    assert_eq!(status_and_code(&taken), (422, "form_identifier_exists".into()));
    let missing = users
        .update(UpdateUserRequest::new("user_missing"))
        .await
        .unwrap_err();
    assert_eq!(status_and_code(&missing), (404, "resource_not_found".into()));
}

#[tokio::test]
async fn update_metadata_merges_deeply_and_null_deletes() {
    let emu = start();
    let users = client(&emu).users();
    let user = users
        .create(CreateUserRequest {
            public_metadata: metadata(json!({"a": {"b": {"c": 1, "d": 2}, "e": 3}, "f": 4})),
            private_metadata: metadata(json!({"keep": true})),
            ..with_email("meta@example.com")
        })
        .await
        .unwrap();
    let merged = users
        .update_metadata(UpdateMetadataRequest {
            user_id: user.id.clone(),
            public_metadata: metadata(
                json!({"a": {"b": {"c": 10, "d": null, "x": {"y": 1}}}, "f": null, "g": [1]}),
            ),
            private_metadata: metadata(json!({"added": "yes"})),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        Value::Object(merged.public_metadata),
        json!({"a": {"b": {"c": 10, "x": {"y": 1}}, "e": 3}, "g": [1]})
    );
    assert_eq!(
        Value::Object(merged.private_metadata.unwrap()),
        json!({"keep": true, "added": "yes"})
    );
    assert_eq!(Value::Object(merged.unsafe_metadata.unwrap()), json!({}));
}

#[tokio::test]
async fn list_filters_order_and_pages() {
    let emu = start();
    let users = client(&emu).users();
    let mut ids = Vec::new();
    for (i, (first, last)) in [
        ("Carol", "Zed"),
        ("alice", "Young"),
        ("Bob", "Xavier"),
        ("Dave", "Walker"),
    ]
    .into_iter()
    .enumerate()
    {
        let user = users
            .create(CreateUserRequest {
                email_address: vec![format!("{}@example{i}.com", first.to_lowercase())],
                phone_number: vec![format!("+1555555010{i}")],
                username: format!("{}_user", first.to_lowercase()).into(),
                first_name: first.into(),
                last_name: last.into(),
                external_id: format!("ext-{i}").into(),
                created_at: format!("2024-01-0{}T00:00:00Z", i + 1).into(),
                ..Default::default()
            })
            .await
            .unwrap();
        ids.push(user.id);
    }
    users.ban(ids[3].as_str()).await.unwrap();
    let names = |list: Vec<clerk_backend::models::User>| -> Vec<String> {
        list.into_iter()
            .map(|u| u.first_name.unwrap_or_default())
            .collect()
    };
    let list = |request: ListUsersRequest| users.list(request);

    // Default order: newest first.
    assert_eq!(
        names(list(ListUsersRequest::default()).await.unwrap()),
        ["Dave", "Bob", "alice", "Carol"]
    );
    let by_first = ListUsersRequest {
        order_by: Some("+first_name".into()),
        ..Default::default()
    };
    assert_eq!(
        names(list(by_first).await.unwrap()),
        ["alice", "Bob", "Carol", "Dave"]
    );
    let by_last_desc = ListUsersRequest {
        order_by: Some("-last_name".into()),
        limit: Some(2),
        offset: Some(1),
        ..Default::default()
    };
    assert_eq!(names(list(by_last_desc).await.unwrap()), ["alice", "Bob"]);

    let cases: Vec<(ListUsersRequest, Vec<&str>)> = vec![
        (
            ListUsersRequest {
                email_address: vec!["BOB@example2.com".into(), "dave@example3.com".into()],
                ..Default::default()
            },
            vec!["Dave", "Bob"],
        ),
        (
            ListUsersRequest {
                phone_number: vec!["+15555550100".into()],
                ..Default::default()
            },
            vec!["Carol"],
        ),
        (
            ListUsersRequest {
                username: vec!["alice_user".into()],
                ..Default::default()
            },
            vec!["alice"],
        ),
        (
            ListUsersRequest {
                external_id: vec!["-ext-0".into(), "-ext-1".into()],
                ..Default::default()
            },
            vec!["Dave", "Bob"],
        ),
        (
            ListUsersRequest {
                user_id: vec![format!("+{}", ids[1])],
                ..Default::default()
            },
            vec!["alice"],
        ),
        (
            ListUsersRequest {
                query: Some("XAV".into()),
                ..Default::default()
            },
            vec!["Bob"],
        ),
        (
            ListUsersRequest {
                query: Some("example3".into()),
                ..Default::default()
            },
            vec!["Dave"],
        ),
        (
            ListUsersRequest {
                email_address_query: Some("ALICE@".into()),
                ..Default::default()
            },
            vec!["alice"],
        ),
        (
            ListUsersRequest {
                phone_number_query: Some("0102".into()),
                ..Default::default()
            },
            vec!["Bob"],
        ),
        (
            ListUsersRequest {
                username_query: Some("car".into()),
                ..Default::default()
            },
            vec!["Carol"],
        ),
        (
            ListUsersRequest {
                name_query: Some("bob xav".into()),
                ..Default::default()
            },
            vec!["Bob"],
        ),
        (
            ListUsersRequest {
                banned: Some(true),
                ..Default::default()
            },
            vec!["Dave"],
        ),
        (
            ListUsersRequest {
                created_at_after: Some(1_704_153_600_000),
                created_at_before: Some(1_704_326_400_000),
                ..Default::default()
            },
            vec!["Bob"],
        ),
        (
            ListUsersRequest {
                last_active_at_after: Some(0),
                ..Default::default()
            },
            vec![],
        ),
        (
            ListUsersRequest {
                organization_id: vec!["org_1".into()],
                ..Default::default()
            },
            vec![],
        ),
    ];
    for (request, expected) in cases {
        let debug = format!("{request:?}");
        assert_eq!(names(list(request).await.unwrap()), expected, "{debug}");
    }
    let count = users
        .count(CountUsersRequest {
            banned: Some(false),
            query: Some("example".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(count.total_count, 3);

    // Cursor pagination over created_at.
    let page = list(ListUsersRequest {
        limit: Some(2),
        starting_after: Some(ids[2].clone()),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(names(page), ["alice", "Carol"]);

    // Out of range and unknown ordering: 422.
    let http = http();
    for query in [
        "limit=0",
        "limit=501",
        "offset=-1",
        "order_by=password",
        "limit=x",
        "provider=oauth_google",
    ] {
        let response = http
            .get(format!("{}/users?{query}", emu.api_url()))
            .bearer_auth(KEY)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422, "{query}");
        let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
        assert!(
            body["errors"][0]["code"]
                .as_str()
                .unwrap()
                .starts_with("form_param"),
            "{query}: {body}"
        );
    }
}

#[tokio::test]
async fn bans_locks_and_bulk_limits() {
    let emu = start();
    let users = client(&emu).users();
    let user = users.create(with_email("ban@example.com")).await.unwrap();
    let count_banned = || {
        users.count(CountUsersRequest {
            banned: Some(true),
            ..Default::default()
        })
    };
    users.ban(user.id.as_str()).await.unwrap();
    assert_eq!(count_banned().await.unwrap().total_count, 1);
    users.unban(user.id.as_str()).await.unwrap();
    assert_eq!(count_banned().await.unwrap().total_count, 0);
    let err = users.ban("user_missing").await.unwrap_err();
    assert_eq!(err.status_code(), Some(404));

    // 51 IDs: refused by the emulator (sent raw: the client refuses them before any I/O).
    let ids: Vec<String> = (0..51).map(|i| format!("user_{i}")).collect();
    let response = http()
        .post(format!("{}/users/ban", emu.api_url()))
        .bearer_auth(KEY)
        .header("content-type", "application/json")
        .body(json!({ "user_ids": ids }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);

    let locked = users.lock(user.id.as_str()).await.unwrap();
    assert!(locked.locked);
    assert_eq!(locked.verification_attempts_remaining, Some(0));
    assert!(users.get(user.id.as_str()).await.unwrap().locked);
    let unlocked = users.unlock(user.id.as_str()).await.unwrap();
    assert!(!unlocked.locked);
}

fn totp_now(secret: &str) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.into()).to_bytes().unwrap();
    let totp = totp_rs::TOTP::new_unchecked(totp_rs::Algorithm::SHA1, 6, 1, 30, bytes);
    totp.generate_current().unwrap()
}

#[tokio::test]
async fn totp_and_backup_codes() {
    let emu = start();
    let users = client(&emu).users();
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    let hashed = bcrypt::hash("hashed-code", 4).unwrap();
    let user = users
        .create(CreateUserRequest {
            totp_secret: secret.into(),
            backup_codes: vec!["plain-code".into(), hashed],
            ..with_email("mfa@example.com")
        })
        .await
        .unwrap();
    assert!(user.mfa_enabled_at.is_some());
    let verify = |code: String| {
        users.verify_totp(VerifyTotpRequest {
            user_id: user.id.clone(),
            code,
        })
    };
    let code = totp_now(secret);
    let ok = verify(code.clone()).await.unwrap();
    assert!(ok.verified);
    assert_eq!(ok.code_type, Some(TotpCodeType::Totp));
    assert_eq!(
        verify(code).await.unwrap_err().status_code(),
        Some(422),
        "a TOTP code works once"
    );
    assert_eq!(
        verify("000000x".into()).await.unwrap_err().status_code(),
        Some(422)
    );
    for code in ["plain-code", "hashed-code"] {
        assert_eq!(
            verify(code.into()).await.unwrap().code_type,
            Some(TotpCodeType::BackupCode)
        );
        assert_eq!(
            verify(code.into()).await.unwrap_err().status_code(),
            Some(422),
            "{code} is consumed"
        );
    }
    let after = users.get(user.id.as_str()).await.unwrap();
    assert!(after.totp_enabled && !after.backup_code_enabled);

    users.disable_mfa(user.id.as_str()).await.unwrap();
    let after = users.get(user.id.as_str()).await.unwrap();
    assert!(!after.totp_enabled && !after.two_factor_enabled && after.mfa_disabled_at.is_some());
    assert_eq!(
        verify(totp_now(secret)).await.unwrap_err().status_code(),
        Some(400)
    );
    assert_eq!(
        users.delete_totp("user_missing").await.unwrap_err().status_code(),
        Some(404)
    );
}

#[tokio::test]
async fn billing_credits_are_a_ledger() {
    let emu = start();
    let users = client(&emu).users();
    let user = users.create(with_email("pay@example.com")).await.unwrap();
    let adjust = |amount: i64, action: Action, key: &str| {
        users.adjust_billing_credit_balance(AdjustBillingCreditBalanceRequest {
            user_id: user.id.clone(),
            amount,
            action,
            idempotency_key: key.into(),
            note: Some("test".into()),
            ..Default::default()
        })
    };
    let first = adjust(1000, Action::Increase, "a").await.unwrap();
    let again = adjust(1000, Action::Increase, "a").await.unwrap();
    assert_eq!(first, again, "the same key returns the original entry");
    let decrease = adjust(250, Action::Decrease, "b").await.unwrap();
    assert_eq!(decrease.amount.amount, -250);
    let balance = users.get_billing_credit_balance(user.id.as_str()).await.unwrap();
    let money = balance.balance.unwrap();
    assert_eq!(
        (
            money.amount,
            money.amount_formatted.as_str(),
            money.currency_symbol.as_str()
        ),
        (750, "7.50", "$")
    );
    assert!(first.created_at.ends_with('Z'));

    let response = http()
        .post(format!("{}/users/{}/billing/credits", emu.api_url(), user.id))
        .bearer_auth(KEY)
        .header("content-type", "application/json")
        .body(r#"{"amount": 0, "action": "increase", "idempotency_key": "z"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let err = users
        .get_billing_credit_balance("user_missing")
        .await
        .unwrap_err();
    assert_eq!(err.status_code(), Some(404));
}

#[tokio::test]
async fn loaded_data_is_served() {
    let emu = start();
    let users = client(&emu).users();
    let loaded = emu
        .state()
        .import(data(json!({
            "users": [{
                "id": "user_loaded",
                "first_name": "Loaded",
                "email_addresses": [{"email_address": "loaded@example.com", "reserved": false, "linked_to": [],
                    "verification": null, "created_at": 1, "updated_at": 1}],
                "passkeys": [{"id": "idn_pk1", "object": "passkey", "name": "Laptop", "last_used_at": 1, "verification": null}],
                "external_accounts": [{"object": "external_account", "id": "eac_1", "provider": "oauth_google",
                    "identification_id": "idn_g", "provider_user_id": "g-123", "approved_scopes": "email",
                    "email_address": "loaded@example.com", "first_name": "L", "last_name": "U",
                    "public_metadata": {}, "created_at": 1, "updated_at": 1, "verification": null}],
                "password": "loaded-password",
                "created_at": 1700000000000_i64
            }],
            "organization_memberships": [{
                "id": "orgmem_1", "object": "organization_membership", "role": "org:admin", "permissions": [],
                "public_metadata": {}, "created_at": 1, "updated_at": 1,
                "organization": {"object": "organization", "id": "org_1", "name": "Acme", "slug": "acme",
                    "has_image": false, "max_allowed_memberships": 5, "admin_delete_enabled": true,
                    "public_metadata": {}, "created_at": 1, "updated_at": 1},
                "public_user_data": {"user_id": "user_loaded", "first_name": "Loaded", "last_name": null,
                    "profile_image_url": null, "image_url": "", "has_image": false, "identifier": "loaded@example.com"}
            }],
            "organization_invitations": [{
                "object": "organization_invitation", "id": "orginv_1", "email_address": "loaded@example.com",
                "role": "org:member", "role_name": "Member", "organization_id": "org_1", "inviter_id": null,
                "public_inviter_data": null, "status": "pending", "public_metadata": {}, "url": null,
                "expires_at": null, "created_at": 1, "updated_at": 1
            }],
            "oauth_access_tokens": [{
                "user_id": "user_loaded", "object": "oauth_access_token", "external_account_id": "eac_1",
                "provider_user_id": "g-123", "token": "tok", "expires_at": null, "provider": "oauth_google",
                "public_metadata": {}, "label": null, "scopes": ["email"]
            }],
            "billing_subscriptions": [{
                "user_id": "user_loaded", "object": "commerce_subscription", "id": "csub_1", "instance_id": "ins_1",
                "status": "active", "payer_id": "cpayer_1", "created_at": 1, "updated_at": 1, "active_at": 1,
                "past_due_at": null, "subscription_items": []
            }]
        })))
        .unwrap();
    assert_eq!(loaded.len(), 1);

    let user = users.get("user_loaded").await.unwrap();
    assert_eq!(user.created_at, 1_700_000_000_000);
    assert!(user.password_enabled);
    assert!(user.primary_email_address_id.is_some());
    let verified = users
        .verify_password(VerifyPasswordRequest {
            user_id: "user_loaded".into(),
            password: "loaded-password".into(),
        })
        .await
        .unwrap();
    assert!(verified.verified);

    let memberships = users.get_organization_memberships("user_loaded").await.unwrap();
    assert_eq!(
        (
            memberships.total_count,
            memberships.data[0].organization.id.as_str()
        ),
        (1, "org_1")
    );
    let instance = users
        .get_instance_organization_memberships(GetInstanceOrganizationMembershipsRequest::default())
        .await
        .unwrap();
    assert_eq!(instance.total_count, 1);
    let by_org = users
        .list(ListUsersRequest {
            organization_id: vec!["org_1".into()],
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(by_org.len(), 1);
    let by_provider = users
        .count(CountUsersRequest {
            provider: Some("oauth_google".into()),
            provider_user_id: vec!["g-123".into()],
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(by_provider.total_count, 1);

    let invitations = users.get_organization_invitations("user_loaded").await.unwrap();
    assert_eq!(invitations.total_count, 1);
    let accepted = users
        .get_organization_invitations(GetOrganizationInvitationsRequest {
            status: Some("accepted".into()),
            ..GetOrganizationInvitationsRequest::new("user_loaded")
        })
        .await
        .unwrap();
    assert_eq!(accepted.total_count, 0);

    let tokens = users
        .get_o_auth_access_token(GetOAuthAccessTokenRequest::new("user_loaded", "oauth_google"))
        .await
        .unwrap();
    assert_eq!(tokens.tokens()[0].token, "tok");
    let sub = users.get_billing_subscription("user_loaded").await.unwrap();
    assert_eq!(sub.id, "csub_1");

    let gone = users
        .delete_passkey(DeletePasskeyRequest {
            user_id: "user_loaded".into(),
            passkey_identification_id: "idn_pk1".into(),
        })
        .await
        .unwrap();
    assert_eq!((gone.object.as_str(), gone.deleted), ("passkey", true));
    let gone = users
        .delete_external_account(DeleteExternalAccountRequest {
            user_id: "user_loaded".into(),
            external_account_id: "eac_1".into(),
        })
        .await
        .unwrap();
    assert_eq!((gone.object.as_str(), gone.deleted), ("external_account", true));
    let user = users.get("user_loaded").await.unwrap();
    assert!(user.passkeys.is_empty() && user.external_accounts.is_empty());

    // Export gives back what import reads.
    let exported = emu.state().export();
    assert_eq!(exported.users.len(), 1);
    assert_eq!(exported.users[0]["password_hasher"], "bcrypt");
    emu.reset();
    assert_eq!(
        users
            .count(CountUsersRequest::default())
            .await
            .unwrap()
            .total_count,
        0
    );
    emu.state().import(exported).unwrap();
    assert_eq!(
        users.get("user_loaded").await.unwrap().first_name.as_deref(),
        Some("Loaded")
    );
}
