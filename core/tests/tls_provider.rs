//! The client sets up TLS on its own configuration: a call installs no process-wide rustls
//! provider, so the application can still choose its own afterwards. (Its own binary: the
//! process default is global, and no other test here may install one.)

mod common;

use clerk_backend::Clerk;
use clerk_backend::requests::CountUsersRequest;
use common::SECRET;
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_call_leaves_the_process_wide_crypto_provider_to_the_application() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"object": "total_count", "total_count": 3})),
        )
        .mount(&server)
        .await;
    let clerk = Clerk::builder(SECRET)
        .server_url(format!("{}/v1", server.uri()))
        .build()
        .unwrap();
    // The first call builds the HTTP client and its TLS configuration.
    let count = clerk.users().count(CountUsersRequest::default()).await.unwrap();
    assert_eq!(count.total_count, 3);

    assert!(rustls::crypto::CryptoProvider::get_default().is_none());
    assert!(
        rustls::crypto::ring::default_provider().install_default().is_ok(),
        "the application can install its provider after the client's first call"
    );
    // A client made after that uses the application's provider and still works.
    let after = Clerk::builder(SECRET)
        .server_url(format!("{}/v1", server.uri()))
        .build()
        .unwrap();
    assert_eq!(
        after
            .users()
            .count(CountUsersRequest::default())
            .await
            .unwrap()
            .total_count,
        3
    );
}
