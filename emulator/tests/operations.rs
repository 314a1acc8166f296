//! Every operation, through the `clerk-backend` client, against the emulator.

mod common;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use clerk_backend::models::{OAuthAccessTokens, TotpCodeType};
use clerk_backend::ops::OPERATIONS;
use clerk_backend::requests::*;
use clerk_backend::{AttemptEvent, Nullable};
use common::*;
use serde_json::{Value, json};

/// Every operation's method + path template reaches a handler (not the 404 / 405 fallback).
#[tokio::test]
async fn every_operation_is_routed() {
    let emu = start();
    let http = http();
    for op in OPERATIONS {
        let mut path = op.path.to_owned();
        for param in op.path_params {
            path = path.replace(&format!("{{{param}}}"), "user_missing");
        }
        let method = reqwest::Method::from_bytes(op.method.as_str().as_bytes()).unwrap();
        let response = http
            .request(method, format!("{}{path}", emu.api_url()))
            .bearer_auth(KEY)
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
        assert_ne!(
            body["errors"][0]["long_message"],
            "Resource not found",
            "{} {} is not routed",
            op.method.as_str(),
            op.path
        );
        assert_ne!(status, 405, "{} {}", op.method.as_str(), op.path);
    }
}

#[tokio::test]
async fn every_operation() {
    let emu = start();
    // The operations each call reached, as the client reports them: a new operation fails the
    // check at the end until this test calls it.
    let called = Arc::new(Mutex::new(BTreeSet::new()));
    let record = called.clone();
    let clerk = builder(&emu)
        .on_attempt(Arc::new(move |event: &AttemptEvent| {
            record.lock().unwrap().insert(event.operation);
        }))
        .build()
        .unwrap();
    let users = clerk.users();

    // create
    let ada = users
        .create(CreateUserRequest {
            email_address: vec!["ada@example.com".into()],
            phone_number: vec!["+15555550100".into()],
            web3_wallet: vec!["0x1111111111111111111111111111111111111111".into()],
            username: "ada_l".into(),
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            password: "correct-horse".into(),
            totp_secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".into(),
            backup_codes: vec!["backup-1".into(), "backup-2".into()],
            public_metadata: metadata(json!({"plan": "pro"})),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(ada.id.starts_with("user_"));
    assert_eq!(ada.object, "user");
    assert!(ada.password_enabled && ada.totp_enabled && ada.backup_code_enabled && ada.two_factor_enabled);
    let bob = users
        .create(CreateUserRequest {
            email_address: vec!["bob@example.com".into()],
            first_name: "Bob".into(),
            ..Default::default()
        })
        .await
        .unwrap();

    // list, count, get
    let listed = users.list(ListUsersRequest::default()).await.unwrap();
    assert_eq!(
        listed.iter().map(|u| u.id.as_str()).collect::<Vec<_>>(),
        [bob.id.as_str(), ada.id.as_str()]
    );
    let count = users.count(CountUsersRequest::default()).await.unwrap();
    assert_eq!((count.object.as_str(), count.total_count), ("total_count", 2));
    let got = users.get(ada.id.as_str()).await.unwrap();
    assert_eq!(got, ada);

    // update, update_metadata
    let updated = users
        .update(UpdateUserRequest {
            last_name: Nullable::Null,
            locale: "fr".into(),
            ..UpdateUserRequest::new(ada.id.as_str())
        })
        .await
        .unwrap();
    assert_eq!(
        (updated.first_name.as_deref(), updated.last_name.as_deref()),
        (Some("Ada"), None)
    );
    assert_eq!(updated.locale.as_deref(), Some("fr"));
    let merged = users
        .update_metadata(UpdateMetadataRequest {
            user_id: ada.id.clone(),
            public_metadata: metadata(json!({"seats": 3})),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        Value::Object(merged.public_metadata),
        json!({"plan": "pro", "seats": 3})
    );

    // ban, unban, bulk_ban, bulk_unban, lock, unlock
    assert!(users.ban(bob.id.as_str()).await.unwrap().banned);
    assert!(!users.unban(bob.id.as_str()).await.unwrap().banned);
    let banned = users
        .bulk_ban(BulkBanRequest {
            user_ids: vec![ada.id.clone(), bob.id.clone()],
        })
        .await
        .unwrap();
    assert!(banned.len() == 2 && banned.iter().all(|u| u.banned));
    let unbanned = users
        .bulk_unban(BulkUnbanRequest {
            user_ids: vec![ada.id.clone(), bob.id.clone()],
        })
        .await
        .unwrap();
    assert!(unbanned.len() == 2 && unbanned.iter().all(|u| !u.banned));
    let locked = users.lock(bob.id.as_str()).await.unwrap();
    assert!(locked.locked);
    assert!(locked.lockout_expires_in_seconds.is_some_and(|s| s > 3500));
    let unlocked = users.unlock(bob.id.as_str()).await.unwrap();
    assert!(!unlocked.locked && unlocked.lockout_expires_in_seconds.is_none());

    // profile image
    let png = b"\x89PNG\r\n\x1a\nnot-really-a-png".to_vec();
    let with_image = users
        .set_profile_image(SetProfileImageRequest {
            user_id: ada.id.clone(),
            file: Some(clerk_backend::File::new("ada.png", png.clone())),
        })
        .await
        .unwrap();
    assert!(with_image.has_image);
    let image_url = with_image.image_url.clone().unwrap();
    let served = http().get(&image_url).send().await.unwrap();
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.bytes().await.unwrap().as_ref(), png.as_slice());
    let without = users.delete_profile_image(ada.id.as_str()).await.unwrap();
    assert!(!without.has_image);
    assert_ne!(without.image_url.as_deref(), Some(image_url.as_str()));

    // billing
    let sub = users.get_billing_subscription(ada.id.as_str()).await.unwrap_err();
    assert_eq!(status_and_code(&sub), (404, "resource_not_found".into()));
    let balance = users.get_billing_credit_balance(ada.id.as_str()).await.unwrap();
    assert_eq!(balance.object, "commerce_credit_balance");
    assert!(balance.balance.is_none());
    let entry = users
        .adjust_billing_credit_balance(AdjustBillingCreditBalanceRequest {
            user_id: ada.id.clone(),
            amount: 1250,
            action: Action::Increase,
            idempotency_key: "k1".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(entry.amount.amount, 1250);
    assert_eq!(entry.amount.amount_formatted, "12.50");
    assert_eq!(entry.amount.currency, "USD");

    // OAuth tokens, organizations
    let tokens = users
        .get_o_auth_access_token(GetOAuthAccessTokenRequest::new(ada.id.as_str(), "oauth_google"))
        .await
        .unwrap();
    assert_eq!(tokens, OAuthAccessTokens::List(Vec::new()));
    let page = users
        .get_o_auth_access_token(GetOAuthAccessTokenRequest {
            paginated: Some(true),
            ..GetOAuthAccessTokenRequest::new(ada.id.as_str(), "oauth_google")
        })
        .await
        .unwrap();
    let OAuthAccessTokens::Page(page) = page else {
        panic!("paginated: expected a page, got {page:?}")
    };
    assert_eq!((page.data.len(), page.total_count), (0, 0));
    let memberships = users.get_organization_memberships(ada.id.as_str()).await.unwrap();
    assert_eq!((memberships.data.len(), memberships.total_count), (0, 0));
    let invitations = users.get_organization_invitations(ada.id.as_str()).await.unwrap();
    assert_eq!((invitations.data.len(), invitations.total_count), (0, 0));
    let all = users
        .get_instance_organization_memberships(GetInstanceOrganizationMembershipsRequest::default())
        .await
        .unwrap();
    assert_eq!(all.total_count, 0);

    // passwords and MFA
    let ok = users
        .verify_password(VerifyPasswordRequest {
            user_id: ada.id.clone(),
            password: "correct-horse".into(),
        })
        .await
        .unwrap();
    assert!(ok.verified);
    let totp = users
        .verify_totp(VerifyTotpRequest {
            user_id: ada.id.clone(),
            code: "backup-1".into(),
        })
        .await
        .unwrap();
    assert_eq!(totp.code_type, Some(TotpCodeType::BackupCode));
    let compromised = users.set_password_compromised(ada.id.as_str()).await.unwrap();
    assert_eq!(compromised.id, ada.id);
    let cleared = users.unset_password_compromised(ada.id.as_str()).await.unwrap();
    assert_eq!(cleared.id, ada.id);
    assert_eq!(users.delete_totp(ada.id.as_str()).await.unwrap().user_id, ada.id);
    let after = users.get(ada.id.as_str()).await.unwrap();
    assert!(!after.totp_enabled && after.backup_code_enabled && after.two_factor_enabled);
    assert_eq!(
        users.delete_backup_codes(ada.id.as_str()).await.unwrap().user_id,
        ada.id
    );
    let after = users.get(ada.id.as_str()).await.unwrap();
    assert!(!after.backup_code_enabled && !after.two_factor_enabled);
    assert!(after.mfa_disabled_at.is_some());
    assert_eq!(users.disable_mfa(ada.id.as_str()).await.unwrap().user_id, ada.id);

    // identifications
    let wallet_id = ada.web3_wallets[0].id.clone().unwrap();
    let gone = users
        .delete_web3_wallet(DeleteWeb3WalletRequest {
            user_id: ada.id.clone(),
            web3_wallet_identification_id: wallet_id.clone(),
        })
        .await
        .unwrap();
    assert_eq!(
        (gone.object.as_str(), gone.id.as_deref(), gone.deleted),
        ("web3_wallet", Some(wallet_id.as_str()), true)
    );
    assert!(users.get(ada.id.as_str()).await.unwrap().web3_wallets.is_empty());
    let err = users
        .delete_passkey(DeletePasskeyRequest {
            user_id: ada.id.clone(),
            passkey_identification_id: "idn_nope".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(status_and_code(&err), (404, "resource_not_found".into()));
    let err = users
        .delete_external_account(DeleteExternalAccountRequest {
            user_id: ada.id.clone(),
            external_account_id: "eac_nope".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(status_and_code(&err), (404, "resource_not_found".into()));

    // delete
    let deleted = users.delete(bob.id.as_str()).await.unwrap();
    assert_eq!(
        (deleted.object.as_str(), deleted.id.as_deref(), deleted.deleted),
        ("user", Some(bob.id.as_str()), true)
    );
    let err = users.get(bob.id.as_str()).await.unwrap_err();
    assert_eq!(status_and_code(&err), (404, "resource_not_found".into()));

    let called = called.lock().unwrap();
    let missing: Vec<&str> = OPERATIONS
        .iter()
        .map(|op| op.python_name)
        .filter(|name| !called.contains(name))
        .collect();
    assert!(
        missing.is_empty(),
        "operations this test does not call: {missing:?}"
    );
}
