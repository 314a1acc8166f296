//! `clerk.users()`: the 32 operations of Clerk's users API.

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

macro_rules! operations {
    ($( $(#[$meta:meta])* $name:ident($request:ty) -> $output:ty; )*) => {
        $(
            $(#[$meta])*
            pub async fn $name(&self, request: impl Into<$request>) -> Result<$output> {
                let request: $request = request.into();
                self.clerk.execute(&request, self.options.as_deref()).await
            }
        )*
    };
}

impl Users {
    pub(crate) fn new(clerk: Clerk) -> Self {
        Self { clerk, options: None }
    }

    /// The same operations with per-call overrides (retries, server URL, timeout, headers).
    pub fn with_options(&self, options: CallOptions) -> Self {
        Self {
            clerk: self.clerk.clone(),
            options: Some(Arc::new(options)),
        }
    }

    operations! {
        /// List users, newest first by default.
        list(ListUsersRequest) -> Vec<User>;
        /// Create a user; email addresses and phone numbers given are marked verified.
        create(CreateUserRequest) -> User;
        /// Count the users matching the same filters as `list`.
        count(CountUsersRequest) -> TotalCount;
        /// Retrieve a user.
        get(GetUserRequest) -> User;
        /// Update a user's attributes.
        update(UpdateUserRequest) -> User;
        /// Delete a user.
        delete(DeleteUserRequest) -> DeletedObject;
        /// Ban a user: revoke their sessions and block sign-in.
        ban(BanUserRequest) -> User;
        /// Remove a user's ban.
        unban(UnbanUserRequest) -> User;
        /// Ban up to 50 users.
        bulk_ban(BulkBanRequest) -> Vec<User>;
        /// Unban up to 50 users.
        bulk_unban(BulkUnbanRequest) -> Vec<User>;
        /// Lock a user until the lock expires.
        lock(LockUserRequest) -> User;
        /// Remove a user's lock.
        unlock(UnlockUserRequest) -> User;
        /// Upload a user's profile image.
        set_profile_image(SetProfileImageRequest) -> User;
        /// Delete a user's profile image.
        delete_profile_image(DeleteProfileImageRequest) -> User;
        /// Deep-merge metadata into a user's; `null` deletes a key.
        update_metadata(UpdateMetadataRequest) -> User;
        /// Retrieve a user's billing subscription.
        get_billing_subscription(GetBillingSubscriptionRequest) -> BillingSubscription;
        /// Retrieve a user's credit balance.
        get_billing_credit_balance(GetBillingCreditBalanceRequest) -> CreditBalance;
        /// Increase or decrease a user's credit balance.
        adjust_billing_credit_balance(AdjustBillingCreditBalanceRequest) -> CreditLedgerEntry;
        /// Retrieve the OAuth access tokens of a user for a provider.
        get_o_auth_access_token(GetOAuthAccessTokenRequest) -> Vec<OAuthAccessToken>;
        /// A page of the user's organization memberships.
        get_organization_memberships(GetOrganizationMembershipsRequest) -> OrganizationMemberships;
        /// A page of the user's organization invitations.
        get_organization_invitations(GetOrganizationInvitationsRequest) -> OrganizationInvitations;
        /// Check a user's password (a wrong password is a 422 error).
        verify_password(VerifyPasswordRequest) -> VerifyPasswordResponse;
        /// Check a TOTP or backup code (a backup code is consumed).
        verify_totp(VerifyTotpRequest) -> VerifyTotpResponse;
        /// Disable all of a user's MFA methods.
        disable_mfa(DisableMfaRequest) -> UserIdResponse;
        /// Disable all of a user's backup codes.
        delete_backup_codes(DeleteBackupCodesRequest) -> UserIdResponse;
        /// Delete a passkey of a user.
        delete_passkey(DeletePasskeyRequest) -> DeletedObject;
        /// Delete a web3 wallet of a user.
        delete_web3_wallet(DeleteWeb3WalletRequest) -> DeletedObject;
        /// Delete all of a user's TOTPs.
        delete_totp(DeleteTotpRequest) -> UserIdResponse;
        /// Delete an external account of a user.
        delete_external_account(DeleteExternalAccountRequest) -> DeletedObject;
        /// Mark a user's password as compromised.
        set_password_compromised(SetPasswordCompromisedRequest) -> User;
        /// Clear the compromised mark of a user's password.
        unset_password_compromised(UnsetPasswordCompromisedRequest) -> User;
        /// Every organization membership of the instance.
        get_instance_organization_memberships(GetInstanceOrganizationMembershipsRequest) -> OrganizationMemberships;
    }
}
