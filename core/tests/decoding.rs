//! Decoding of real-shaped responses: tolerant of new fields, new enum values, nulls and one
//! odd user; strict only about a body that is not JSON or of the wrong shape.

mod common;

use clerk_backend::models::{User, VerificationObject, VerificationStatus};
use clerk_backend::requests::ListUsersRequest;
use clerk_backend::{Error, Result};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

async fn list_returning(body: Value) -> Result<Vec<User>> {
    let (server, clerk) = common::mock_and_client().await;
    Mock::given(method("GET"))
        .and(path("/v1/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    clerk.users().list(ListUsersRequest::default()).await
}

/// Drops `null` members of objects, recursively: the models leave out optional fields that
/// were `null`, so a round trip is compared modulo those.
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

#[tokio::test]
async fn a_page_of_realistic_users_round_trips() {
    let page = common::fake_users(100);
    let users = list_returning(page.clone()).await.unwrap();
    assert_eq!(users.len(), 100);
    let first = &page[0];
    assert_eq!(users[0].id, first["id"].as_str().unwrap());
    assert_eq!(
        users[0].email_addresses[0].email_address,
        first["email_addresses"][0]["email_address"].as_str().unwrap()
    );
    assert_eq!(
        users[0].public_metadata,
        *first["public_metadata"].as_object().unwrap()
    );
    assert_eq!(users[0].created_at, first["created_at"].as_i64().unwrap());
    // Every field of every user comes back, and nothing is invented.
    let back = serde_json::to_value(&users).unwrap();
    assert_eq!(without_nulls(&back), without_nulls(&page));
    assert!(
        users.iter().all(|u| u.extra.is_empty()),
        "fake users use only known fields"
    );
}

#[tokio::test]
async fn a_500_user_page_decodes() {
    let users = list_returning(common::fake_users(500)).await.unwrap();
    assert_eq!(users.len(), 500);
    assert!(users.iter().all(|u| u.id.starts_with("user_")));
}

#[tokio::test]
async fn unknown_fields_and_enum_values_survive() {
    let mut page = common::fake_users(2);
    page[0]["favourite_colour"] = json!({"name": "teal"});
    let email = &mut page[0]["email_addresses"][0];
    email["verification"]["status"] = json!("pending_review");
    email["verification"]["object"] = json!("verification_carrier_pigeon");
    email["verification"]["strategy"] = json!("carrier_pigeon");
    email["brand_new"] = json!(1);
    let users = list_returning(page.clone()).await.unwrap();
    let user = &users[0];
    assert_eq!(user.extra["favourite_colour"], json!({"name": "teal"}));
    let verification = user.email_addresses[0].verification.as_ref().unwrap();
    assert_eq!(
        verification.status,
        VerificationStatus::Unknown("pending_review".into())
    );
    assert_eq!(
        verification.object,
        Some(VerificationObject::Unknown("verification_carrier_pigeon".into()))
    );
    assert_eq!(verification.strategy, "carrier_pigeon");
    assert_eq!(user.email_addresses[0].extra["brand_new"], json!(1));
    let back = serde_json::to_value(user).unwrap();
    assert_eq!(back["favourite_colour"], json!({"name": "teal"}));
    assert_eq!(
        back["email_addresses"][0]["verification"]["status"],
        "pending_review"
    );
}

#[tokio::test]
async fn null_or_missing_where_a_value_is_usual() {
    let mut page = common::fake_users(1);
    let user = page[0].as_object_mut().unwrap();
    user.insert("banned".into(), Value::Null);
    user.insert("email_addresses".into(), Value::Null);
    user.insert("public_metadata".into(), Value::Null);
    user.remove("created_at");
    user.remove("first_name");
    let users = list_returning(page).await.unwrap();
    assert!(!users[0].banned);
    assert!(users[0].email_addresses.is_empty());
    assert!(users[0].public_metadata.is_empty());
    assert_eq!(users[0].created_at, 0);
    assert_eq!(users[0].first_name, None);
}

#[tokio::test]
async fn one_odd_user_never_fails_the_list() {
    let mut page = common::fake_users(3);
    page[1]["banned"] = json!("yes");
    page[1]["phone_numbers"] = json!("none");
    page[1]["email_addresses"][0]["created_at"] = json!("2024-01-01");
    let users = list_returning(page.clone()).await.unwrap();
    assert_eq!(users.len(), 3);
    let odd = &users[1];
    assert_eq!(odd.id, page[1]["id"].as_str().unwrap());
    assert!(!odd.banned, "the typed field keeps its default");
    assert_eq!(odd.extra["banned"], json!("yes"), "the value is kept as sent");
    assert_eq!(odd.extra["phone_numbers"], json!("none"));
    assert_eq!(odd.email_addresses[0].extra["created_at"], json!("2024-01-01"));
    let back = serde_json::to_value(odd).unwrap();
    assert_eq!(back["banned"], json!("yes"), "written back once, as sent");
    assert_eq!(back["email_addresses"][0]["created_at"], json!("2024-01-01"));
    assert_eq!(users[0], serde_json::from_value::<User>(page[0].clone()).unwrap());
}

#[tokio::test]
async fn wrong_shape_is_a_validation_error() {
    for body in [json!({"data": []}), json!([1, 2]), json!("users")] {
        match list_returning(body.clone()).await {
            Err(Error::ResponseValidation { response, .. }) => {
                assert_eq!(response.status, 200);
                assert_eq!(response.body, body.to_string());
            }
            other => panic!("{body}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn odd_ids_stay_in_one_path_segment() {
    let (server, clerk) = common::mock_and_client().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&common::fake_users(1)[0]))
        .mount(&server)
        .await;
    let cases = [
        ("a/b", "/v1/users/a%2Fb"),
        ("a?x=1", "/v1/users/a%3Fx%3D1"),
        ("a#b", "/v1/users/a%23b"),
        ("ユーザー", "/v1/users/%E3%83%A6%E3%83%BC%E3%82%B6%E3%83%BC"),
        ("../ban", "/v1/users/..%2Fban"),
    ];
    for (id, _) in cases {
        clerk.users().get(id).await.unwrap();
    }
    let received = server.received_requests().await.unwrap();
    let seen: Vec<(String, Option<String>)> = received
        .iter()
        .map(|r| (r.url.path().to_owned(), r.url.query().map(str::to_owned)))
        .collect();
    let expected: Vec<(String, Option<String>)> = cases.iter().map(|(_, p)| (p.to_string(), None)).collect();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn empty_and_dot_ids_are_rejected_before_any_request() {
    let (server, clerk) = common::mock_and_client().await;
    match clerk.users().get("").await {
        Err(Error::InvalidArgument { parameter, message }) => {
            assert_eq!(parameter, "user_id");
            assert!(message.contains("empty"));
        }
        other => panic!("{other:?}"),
    }
    let passkey = clerk_backend::requests::DeletePasskeyRequest {
        user_id: "..".into(),
        passkey_identification_id: "pk_1".into(),
    };
    match clerk.users().delete_passkey(passkey).await {
        Err(Error::InvalidArgument { parameter, .. }) => assert_eq!(parameter, "user_id"),
        other => panic!("`..` would reach /v1/passkeys/pk_1: {other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn list_items_split_lazily_and_decode_one_by_one() {
    let (server, clerk) = common::mock_and_client().await;
    let mut page = common::fake_users(3);
    page[1]["banned"] = json!("yes");
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&page))
        .mount(&server)
        .await;
    let raw = clerk
        .execute_raw(&ListUsersRequest::default(), None)
        .await
        .unwrap();
    let items = raw.into_items().unwrap();
    assert_eq!(items.len(), 3);
    for (i, expected) in page.as_array().unwrap().iter().enumerate() {
        let as_sent: Value = serde_json::from_slice(items.raw(i)).unwrap();
        assert_eq!(&as_sent, expected);
        let user: User = items.decode(i).unwrap();
        assert_eq!(user.id, expected["id"].as_str().unwrap());
    }
    let odd: User = items.decode(1).unwrap();
    assert_eq!(odd.extra["banned"], json!("yes"));

    for (body, what) in [
        (json!({"data": []}), "object"),
        (json!([{"id": "u"}, 7]), "item 1"),
    ] {
        server.reset().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(&body))
            .mount(&server)
            .await;
        let raw = clerk
            .execute_raw(&ListUsersRequest::default(), None)
            .await
            .unwrap();
        match raw.into_items() {
            Err(Error::ResponseValidation { source, .. }) => {
                assert!(source.to_string().contains(what) || what == "object", "{source}")
            }
            other => panic!("{body}: {other:?}"),
        }
    }
}
