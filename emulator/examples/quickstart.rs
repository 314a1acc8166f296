//! A tour of the users API against an in-process emulator: no account, no network.
//!
//! `cargo run -p clerk-emulator --example quickstart`

use clerk_backend::Clerk;
use clerk_backend::requests::{
    CountUsersRequest, CreateUserRequest, ListUsersRequest, UpdateMetadataRequest, VerifyPasswordRequest,
};
use clerk_emulator::{Config, Emulator};
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let emulator = Emulator::start(Config::default())?;
    println!("emulator listening on {}", emulator.url());

    let clerk = Clerk::builder("sk_test_quickstart")
        .server_url(emulator.api_url())
        .build()?;
    let users = clerk.users();

    for (first, last, email, plan) in [
        ("Ada", "Lovelace", "ada@example.com", "pro"),
        ("Grace", "Hopper", "grace@example.com", "free"),
        ("Alan", "Turing", "alan@example.com", "pro"),
    ] {
        let metadata = json!({ "plan": plan });
        let user = users
            .create(CreateUserRequest {
                email_address: vec![email.into()],
                first_name: first.into(),
                last_name: last.into(),
                password: format!("{first}-secret-password").into(),
                public_metadata: metadata.as_object().cloned(),
                ..Default::default()
            })
            .await?;
        println!("created  {} {first} {last} <{email}> plan={plan}", user.id);
    }

    let newest = users.list(ListUsersRequest::default()).await?;
    let names: Vec<&str> = newest.iter().filter_map(|u| u.first_name.as_deref()).collect();
    println!("list     newest first: {}", names.join(", "));

    let found = users
        .list(ListUsersRequest {
            query: Some("hopper".into()),
            ..Default::default()
        })
        .await?;
    let grace = found.first().ok_or("Grace not found")?;
    println!(
        "list     query=hopper -> {} ({})",
        grace.id, grace.email_addresses[0].email_address
    );

    let count = users.count(CountUsersRequest::default()).await?;
    println!("count    {} users", count.total_count);

    let upgraded = users
        .update_metadata(UpdateMetadataRequest {
            user_id: grace.id.clone(),
            public_metadata: json!({ "plan": "pro", "seats": 5 }).as_object().cloned(),
            ..Default::default()
        })
        .await?;
    println!(
        "metadata {} public_metadata={}",
        upgraded.id,
        serde_json::Value::Object(upgraded.public_metadata)
    );

    let banned = users.ban(grace.id.as_str()).await?;
    println!("ban      {} banned={}", banned.id, banned.banned);
    let banned_count = users
        .count(CountUsersRequest {
            banned: Some(true),
            ..Default::default()
        })
        .await?;
    println!("count    banned={}", banned_count.total_count);
    let unbanned = users.unban(grace.id.as_str()).await?;
    println!("unban    {} banned={}", unbanned.id, unbanned.banned);

    let verified = users
        .verify_password(VerifyPasswordRequest {
            user_id: grace.id.clone(),
            password: "Grace-secret-password".into(),
        })
        .await?;
    println!("verify   password verified={}", verified.verified);
    match users
        .verify_password(VerifyPasswordRequest {
            user_id: grace.id.clone(),
            password: "wrong password".into(),
        })
        .await
    {
        Err(e) => println!("verify   wrong password -> HTTP {}", e.status_code().unwrap_or(0)),
        Ok(_) => return Err("a wrong password was accepted".into()),
    }

    let deleted = users.delete(grace.id.as_str()).await?;
    println!(
        "delete   {} deleted={}",
        deleted.id.unwrap_or_default(),
        deleted.deleted
    );
    match users.get(grace.id.as_str()).await {
        Err(e) => println!("get      deleted user -> HTTP {}", e.status_code().unwrap_or(0)),
        Ok(_) => return Err("a deleted user was found".into()),
    }
    let count = users.count(CountUsersRequest::default()).await?;
    println!("count    {} users left", count.total_count);

    emulator.stop();
    Ok(())
}
