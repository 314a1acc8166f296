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
        let args = common::minimal_args(spec.name);
        let result = common::call(&clerk.users(), spec.name, args).await;
        // `{}` is not a list: the four list-returning operations must refuse it.
        assert_eq!(
            result.is_err(),
            spec.response.starts_with("Vec<"),
            "{}: {result:?}",
            spec.name
        );
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 32);
}
