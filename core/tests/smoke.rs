mod common;

use wiremock::matchers::any;
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn every_operation_can_be_called() {
    let (server, clerk) = common::mock_and_client().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    for spec in clerk_backend::ops::OPERATIONS {
        let args = common::minimal_args(spec.python_name);
        let result = common::call(&clerk.users(), spec.python_name, args).await;
        // `{}` is not a list: the operations that return only lists must refuse it.
        assert_eq!(
            result.is_err(),
            spec.response
                .split(" | ")
                .all(|result| result.starts_with("Vec<")),
            "{}: {result:?}",
            spec.python_name
        );
    }
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        clerk_backend::ops::OPERATIONS.len()
    );
}

#[test]
fn client_and_futures_are_send_and_sync() {
    fn send_sync<T: Send + Sync + Clone + 'static>(_: &T) {}
    fn send<F: std::future::Future + Send + 'static>(_: F) {}
    let clerk = common::client_for("http://127.0.0.1:9", clerk_backend::RetryConfig::none());
    send_sync(&clerk);
    send_sync(&clerk.users());
    // Bindings spawn these futures on a multi-threaded runtime.
    let users = clerk.users();
    send(async move {
        users
            .list(clerk_backend::requests::ListUsersRequest::default())
            .await
    });
    let users = clerk.users();
    send(async move { users.get("user_1").await });
}

#[test]
fn debug_output_names_settings_but_not_the_key() {
    let clerk = common::client_for("http://127.0.0.1:9", clerk_backend::RetryConfig::none());
    let debug = format!("{clerk:?}");
    assert!(debug.contains("http://127.0.0.1:9/v1"), "{debug}");
    assert!(!debug.contains(common::SECRET), "{debug}");
}
