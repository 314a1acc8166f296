//! `clerk.users()`: the operations of Clerk's users API, one method each (their docs are the
//! operation table's, checked by a test).

use std::sync::Arc;

use crate::client::{CallOptions, Clerk};
use crate::error::Result;
use crate::models::*;
use crate::requests::*;

/// The users operations of a [`Clerk`] client, optionally with per-call overrides.
#[derive(Clone, Debug)]
pub struct Users {
    clerk: Clerk,
    options: Option<Arc<CallOptions>>,
}

impl Users {
    pub(crate) fn new(clerk: Clerk) -> Self {
        Self { clerk, options: None }
    }

    async fn run<O: Operation>(&self, request: O) -> Result<O::Output> {
        self.clerk.execute(&request, self.options.as_deref()).await
    }

    /// Every user matching `request`'s filters, newest first (or oldest first with
    /// `order_by: "+created_at"`), fetched 500 a page by cursor as the stream is read: users
    /// created or deleted meanwhile never make it skip or repeat another. Each page is retried
    /// like any call; an error ends the stream after the users before it. Dropping the stream
    /// stops it. See [`UserPages`](crate::paging::UserPages) for what is refused.
    ///
    /// Deleting users as they are read is safe: when a page's cursor (the previous page's last
    /// user) is refused with a client error (any 4XX but 401, 403 and 429), the page is
    /// asked for once more by creation time from that user's millisecond on, and the users the
    /// previous page already gave are not yielded again.
    pub fn list_all(
        &self,
        request: impl Into<ListUsersRequest>,
    ) -> impl futures_core::Stream<Item = Result<User>> + Send + 'static {
        self.list_all_by(request, crate::paging::DEFAULT_PAGE_SIZE)
    }

    /// [`Users::list_all`] with `page_size` users a page (1 to 500).
    pub fn list_all_by(
        &self,
        request: impl Into<ListUsersRequest>,
        page_size: u32,
    ) -> impl futures_core::Stream<Item = Result<User>> + Send + 'static {
        use futures_util::stream::{self, StreamExt};
        let users = self.clone();
        let pages = crate::paging::UserPages::new(request.into(), page_size);
        stream::try_unfold((users, pages), |(users, pages)| async move {
            let mut pages = pages?;
            let page = loop {
                let Some(request) = pages.next_request().cloned() else {
                    return Ok(None);
                };
                match users.run(request).await {
                    Ok(page) => break page,
                    Err(error) if error.status_code().is_some_and(|status| pages.recover(status)) => {}
                    Err(error) => return Err(error),
                }
            };
            let ids: Vec<&str> = page.iter().map(|user| user.id.as_str()).collect();
            let skip = pages.advance(&ids, page.last().map(|user| user.created_at));
            let fresh = page
                .into_iter()
                .enumerate()
                .filter(move |(at, _)| !skip.contains(at))
                .map(|(_, user)| Ok(user));
            Ok(Some((stream::iter(fresh), (users, Ok(pages)))))
        })
        .map(|page: Result<_>| match page {
            Ok(users) => users.left_stream(),
            Err(error) => stream::iter([Err(error)]).right_stream(),
        })
        .flatten()
    }

    /// The same operations with per-call overrides (retries, server URL, timeout, headers).
    pub fn with_options(&self, options: CallOptions) -> Self {
        Self {
            clerk: self.clerk.clone(),
            options: Some(Arc::new(options)),
        }
    }

    /// List users, newest first unless `order_by` says otherwise.
    pub async fn list(&self, request: impl Into<ListUsersRequest>) -> Result<Vec<User>> {
        self.run(request.into()).await
    }

    /// Create a user.
    pub async fn create(&self, request: impl Into<CreateUserRequest>) -> Result<User> {
        self.run(request.into()).await
    }

    /// Count the users matching the same filters as `list`.
    pub async fn count(&self, request: impl Into<CountUsersRequest>) -> Result<TotalCount> {
        self.run(request.into()).await
    }

    /// Retrieve a user.
    pub async fn get(&self, request: impl Into<GetUserRequest>) -> Result<User> {
        self.run(request.into()).await
    }

    /// Update a user's attributes; null clears a field.
    pub async fn update(&self, request: impl Into<UpdateUserRequest>) -> Result<User> {
        self.run(request.into()).await
    }

    /// Delete a user.
    pub async fn delete(&self, request: impl Into<DeleteUserRequest>) -> Result<DeletedObject> {
        self.run(request.into()).await
    }

    /// Ban a user: revoke their sessions and block sign-in.
    pub async fn ban(&self, request: impl Into<BanUserRequest>) -> Result<User> {
        self.run(request.into()).await
    }

    /// Remove a user's ban.
    pub async fn unban(&self, request: impl Into<UnbanUserRequest>) -> Result<User> {
        self.run(request.into()).await
    }

    /// Ban up to 50 users.
    pub async fn bulk_ban(&self, request: impl Into<BulkBanRequest>) -> Result<Vec<User>> {
        self.run(request.into()).await
    }

    /// Unban up to 50 users.
    pub async fn bulk_unban(&self, request: impl Into<BulkUnbanRequest>) -> Result<Vec<User>> {
        self.run(request.into()).await
    }

    /// Lock a user until the lock expires.
    pub async fn lock(&self, request: impl Into<LockUserRequest>) -> Result<User> {
        self.run(request.into()).await
    }

    /// Remove a user's lock.
    pub async fn unlock(&self, request: impl Into<UnlockUserRequest>) -> Result<User> {
        self.run(request.into()).await
    }

    /// Upload a user's profile image.
    pub async fn set_profile_image(&self, request: impl Into<SetProfileImageRequest>) -> Result<User> {
        self.run(request.into()).await
    }

    /// Delete a user's profile image.
    pub async fn delete_profile_image(&self, request: impl Into<DeleteProfileImageRequest>) -> Result<User> {
        self.run(request.into()).await
    }

    /// Deep-merge metadata into a user's; null deletes a key.
    pub async fn update_metadata(&self, request: impl Into<UpdateMetadataRequest>) -> Result<User> {
        self.run(request.into()).await
    }

    /// Retrieve a user's billing subscription.
    pub async fn get_billing_subscription(
        &self,
        request: impl Into<GetBillingSubscriptionRequest>,
    ) -> Result<BillingSubscription> {
        self.run(request.into()).await
    }

    /// Retrieve a user's credit balance.
    pub async fn get_billing_credit_balance(
        &self,
        request: impl Into<GetBillingCreditBalanceRequest>,
    ) -> Result<CreditBalance> {
        self.run(request.into()).await
    }

    /// Increase or decrease a user's credit balance.
    pub async fn adjust_billing_credit_balance(
        &self,
        request: impl Into<AdjustBillingCreditBalanceRequest>,
    ) -> Result<CreditLedgerEntry> {
        self.run(request.into()).await
    }

    /// Retrieve the OAuth access tokens of a user for a provider: a list, or with `paginated` the
    /// page Clerk answers then.
    pub async fn get_o_auth_access_token(
        &self,
        request: impl Into<GetOAuthAccessTokenRequest>,
    ) -> Result<OAuthAccessTokens> {
        self.run(request.into()).await
    }

    /// A page of the user's organization memberships.
    pub async fn get_organization_memberships(
        &self,
        request: impl Into<GetOrganizationMembershipsRequest>,
    ) -> Result<OrganizationMemberships> {
        self.run(request.into()).await
    }

    /// A page of the user's organization invitations.
    pub async fn get_organization_invitations(
        &self,
        request: impl Into<GetOrganizationInvitationsRequest>,
    ) -> Result<OrganizationInvitations> {
        self.run(request.into()).await
    }

    /// Check a user's password (a wrong password is an error).
    pub async fn verify_password(
        &self,
        request: impl Into<VerifyPasswordRequest>,
    ) -> Result<VerifyPasswordResponse> {
        self.run(request.into()).await
    }

    /// Check a TOTP or backup code (a backup code is consumed).
    pub async fn verify_totp(&self, request: impl Into<VerifyTotpRequest>) -> Result<VerifyTotpResponse> {
        self.run(request.into()).await
    }

    /// Disable all of a user's MFA methods.
    pub async fn disable_mfa(&self, request: impl Into<DisableMfaRequest>) -> Result<UserIdResponse> {
        self.run(request.into()).await
    }

    /// Disable all of a user's backup codes.
    pub async fn delete_backup_codes(
        &self,
        request: impl Into<DeleteBackupCodesRequest>,
    ) -> Result<UserIdResponse> {
        self.run(request.into()).await
    }

    /// Delete a passkey of a user.
    pub async fn delete_passkey(&self, request: impl Into<DeletePasskeyRequest>) -> Result<DeletedObject> {
        self.run(request.into()).await
    }

    /// Delete a web3 wallet of a user.
    pub async fn delete_web3_wallet(
        &self,
        request: impl Into<DeleteWeb3WalletRequest>,
    ) -> Result<DeletedObject> {
        self.run(request.into()).await
    }

    /// Delete all of a user's TOTPs.
    pub async fn delete_totp(&self, request: impl Into<DeleteTotpRequest>) -> Result<UserIdResponse> {
        self.run(request.into()).await
    }

    /// Delete an external account of a user.
    pub async fn delete_external_account(
        &self,
        request: impl Into<DeleteExternalAccountRequest>,
    ) -> Result<DeletedObject> {
        self.run(request.into()).await
    }

    /// Mark a user's password as compromised.
    pub async fn set_password_compromised(
        &self,
        request: impl Into<SetPasswordCompromisedRequest>,
    ) -> Result<User> {
        self.run(request.into()).await
    }

    /// Clear the compromised mark of a user's password.
    pub async fn unset_password_compromised(
        &self,
        request: impl Into<UnsetPasswordCompromisedRequest>,
    ) -> Result<User> {
        self.run(request.into()).await
    }

    /// Every organization membership of the instance.
    pub async fn get_instance_organization_memberships(
        &self,
        request: impl Into<GetInstanceOrganizationMembershipsRequest>,
    ) -> Result<OrganizationMemberships> {
        self.run(request.into()).await
    }
}

#[cfg(test)]
mod tests {
    /// Each method's doc is its operation's line in the table, which every binding shows.
    #[test]
    fn method_docs_are_the_operation_table_docs() {
        let source = include_str!("users.rs");
        for op in crate::ops::OPERATIONS {
            let signature = format!("    pub async fn {}(", op.python_name);
            let at = source
                .find(&signature)
                .unwrap_or_else(|| panic!("no method {}", op.python_name));
            let doc: Vec<&str> = source[..at]
                .lines()
                .rev()
                .take_while(|line| line.trim_start().starts_with("///"))
                .map(|line| line.trim_start().trim_start_matches("///").trim())
                .collect();
            let doc: Vec<&str> = doc.into_iter().rev().collect();
            assert_eq!(doc.join(" "), op.doc, "the doc of Users::{}", op.python_name);
        }
    }
}
