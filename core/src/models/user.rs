//! `User` and the types nested in it (schema of `bapi-2026-05-12.yml`).

use super::{ClerkError, Metadata, OrganizationMembership};

open_enum! {
    /// The `object` of a verification; tells which kind of verification it is.
    pub enum VerificationObject {
        Otp = "verification_otp",
        Admin = "verification_admin",
        FromOauth = "verification_from_oauth",
        Ticket = "verification_ticket",
        Saml = "verification_saml",
        EmailLink = "verification_email_link",
        Scim = "verification_scim",
        Web3 = "verification_web3",
        Passkey = "verification_passkey",
        Oauth = "verification_oauth",
        GoogleOneTap = "verification_google_one_tap",
    }
}

open_enum! {
    /// The status of a verification (the union over every verification kind).
    pub enum VerificationStatus {
        Unverified = "unverified",
        Verified = "verified",
        Failed = "failed",
        Expired = "expired",
        Transferable = "transferable",
    }
}

model! {
    /// A verification of an identifier or account. One type covers every kind of verification
    /// (`object` tells which); fields a kind does not have are `None`.
    pub struct Verification kinds by "object" {
        "verification_otp" => "VerificationOTP",
        "verification_admin" => "VerificationAdmin",
        "verification_from_oauth" => "VerificationFromOauth",
        "verification_ticket" => "VerificationTicket",
        "verification_saml" => "VerificationSAML",
        "verification_email_link" => "VerificationEmailLink",
        "verification_scim" => "VerificationSCIM",
        "verification_web3" => "VerificationWeb3",
        "verification_passkey" => "VerificationPasskey",
        "verification_oauth" => "VerificationOauth",
        "verification_google_one_tap" => "VerificationGoogleOneTap",
    } {
        opt object: Option<VerificationObject>,
        req status: VerificationStatus,
        /// `email_code`, `phone_code`, `admin`, `oauth_google`, `from_oauth_github`, `passkey`, ...
        req strategy: String,
        nul attempts: Option<i64>,
        nul expire_at: Option<i64>,
        opt channel: Option<String>,
        opt verified_at_client: Option<String>,
        opt external_verification_redirect_url: Option<String>,
        opt error: Option<ClerkError>,
        opt nonce: Option<String>,
        opt message: Option<String>,
    }
}

model! {
    /// A link from an identification to another one (for example an email address to the OAuth account it came from).
    pub struct IdentificationLink {
        /// `oauth_google`, `oauth_github`, ...
        req link_type = "type": String,
        req id: String,
    }
}

model! {
    pub struct EmailAddress {
        opt id: Option<String>,
        req object: String,
        req email_address: String,
        req reserved: bool,
        nul verification: Option<Verification>,
        req linked_to: Vec<IdentificationLink>,
        opt matches_sso_connection: Option<bool>,
        req created_at: i64,
        req updated_at: i64,
    }
}

model! {
    pub struct PhoneNumber {
        opt id: Option<String>,
        req object: String,
        req phone_number: String,
        opt reserved_for_second_factor: Option<bool>,
        opt default_second_factor: Option<bool>,
        req reserved: bool,
        nul verification: Option<Verification>,
        req linked_to: Vec<IdentificationLink>,
        opt backup_codes: Option<Vec<String>>,
        req created_at: i64,
        req updated_at: i64,
    }
}

model! {
    pub struct Web3Wallet {
        opt id: Option<String>,
        req object: String,
        req web3_wallet: String,
        nul verification: Option<Verification>,
        req created_at: i64,
        req updated_at: i64,
    }
}

model! {
    pub struct Passkey {
        opt id: Option<String>,
        req object: String,
        req name: String,
        req last_used_at: i64,
        nul verification: Option<Verification>,
    }
}

model! {
    /// An OAuth account connected to the user (Google, GitHub, ...).
    pub struct ExternalAccount as "ExternalAccountWithVerification" {
        /// `external_account`, `facebook_account` or `google_account`.
        req object: String,
        req id: String,
        req provider: String,
        req identification_id: String,
        req provider_user_id: String,
        req approved_scopes: String,
        req email_address: String,
        opt email_address_verified: Option<bool>,
        req first_name: String,
        req last_name: String,
        /// Deprecated by Clerk: use `image_url`.
        opt avatar_url: Option<String>,
        opt image_url: Option<String>,
        opt username: Option<String>,
        opt phone_number: Option<String>,
        req public_metadata: Metadata,
        opt label: Option<String>,
        req created_at: i64,
        req updated_at: i64,
        nul verification: Option<Verification>,
    }
}

model! {
    pub struct SamlAccountConnection as "SamlConnection" {
        req id: String,
        req name: String,
        /// Deprecated by Clerk: use `domains`.
        opt domain: Option<String>,
        opt domains: Option<Vec<String>>,
        req active: bool,
        req provider: String,
        req sync_user_attributes: bool,
        opt allow_subdomains: Option<bool>,
        opt allow_idp_initiated: Option<bool>,
        opt disable_additional_identifications: Option<bool>,
        req created_at: i64,
        req updated_at: i64,
    }
}

model! {
    pub struct SamlAccount as "SAMLAccount" {
        req id: String,
        req object: String,
        req provider: String,
        req active: bool,
        req email_address: String,
        opt first_name: Option<String>,
        opt last_name: Option<String>,
        opt provider_user_id: Option<String>,
        opt last_authenticated_at: Option<i64>,
        opt public_metadata: Option<Metadata>,
        nul verification: Option<Verification>,
        opt saml_connection: Option<SamlAccountConnection>,
    }
}

model! {
    pub struct EnterpriseAccountConnection as "EnterpriseConnection" {
        req id: String,
        req protocol: String,
        req provider: String,
        req name: String,
        nul logo_public_url: Option<String>,
        /// Deprecated by Clerk: use `domains`.
        opt domain: Option<String>,
        opt domains: Option<Vec<String>>,
        req active: bool,
        req sync_user_attributes: bool,
        req allow_subdomains: bool,
        req allow_idp_initiated: bool,
        req disable_additional_identifications: bool,
        req created_at: i64,
        req updated_at: i64,
    }
}

model! {
    pub struct EnterpriseAccount {
        req id: String,
        req object: String,
        /// `oauth` or `saml`.
        opt protocol: Option<String>,
        req provider: String,
        req active: bool,
        req email_address: String,
        opt first_name: Option<String>,
        opt last_name: Option<String>,
        opt provider_user_id: Option<String>,
        opt enterprise_connection_id: Option<String>,
        opt public_metadata: Option<Metadata>,
        nul verification: Option<Verification>,
        opt enterprise_connection: Option<EnterpriseAccountConnection>,
        opt last_authenticated_at: Option<i64>,
    }
}

model! {
    pub struct ScimUserMetadata {
        req directory_id: String,
        opt directory_enabled: Option<bool>,
        nul external_id: Option<String>,
    }
}

model! {
    /// A user of a Clerk instance. Timestamps are Unix milliseconds.
    pub struct User {
        req id: String,
        req object: String,
        nul external_id: Option<String>,
        nul primary_email_address_id: Option<String>,
        nul primary_phone_number_id: Option<String>,
        nul primary_web3_wallet_id: Option<String>,
        nul username: Option<String>,
        nul first_name: Option<String>,
        nul last_name: Option<String>,
        opt locale: Option<String>,
        /// Deprecated by Clerk: use `image_url`.
        opt profile_image_url: Option<String>,
        opt image_url: Option<String>,
        req has_image: bool,
        req public_metadata: Metadata,
        opt private_metadata: Option<Metadata>,
        opt unsafe_metadata: Option<Metadata>,
        req email_addresses: Vec<EmailAddress>,
        req phone_numbers: Vec<PhoneNumber>,
        req web3_wallets: Vec<Web3Wallet>,
        req passkeys: Vec<Passkey>,
        req password_enabled: bool,
        req two_factor_enabled: bool,
        req totp_enabled: bool,
        req backup_code_enabled: bool,
        nul mfa_enabled_at: Option<i64>,
        nul mfa_disabled_at: Option<i64>,
        opt password_last_updated_at: Option<i64>,
        req external_accounts: Vec<ExternalAccount>,
        req saml_accounts: Vec<SamlAccount>,
        req enterprise_accounts: Vec<EnterpriseAccount>,
        opt organization_memberships: Option<Vec<OrganizationMembership>>,
        nul last_sign_in_at: Option<i64>,
        req banned: bool,
        req locked: bool,
        opt deprovisioned: Option<bool>,
        nul lockout_expires_in_seconds: Option<i64>,
        nul verification_attempts_remaining: Option<i64>,
        req updated_at: i64,
        req created_at: i64,
        req delete_self_enabled: bool,
        req create_organization_enabled: bool,
        opt create_organizations_limit: Option<i64>,
        nul last_active_at: Option<i64>,
        nul legal_accepted_at: Option<i64>,
        opt bypass_client_trust: Option<bool>,
        opt scim: Option<ScimUserMetadata>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::shape::{Shape, Shaped};

    #[test]
    fn every_kind_of_verification_is_a_known_object() {
        let Shape::Model(model) = <Verification as Shaped>::SHAPE else {
            panic!("not a model")
        };
        let kinds = model.kinds.as_ref().expect("verification kinds");
        assert_eq!(kinds.field, "object");
        for (value, _) in kinds.kinds {
            assert!(
                !matches!(VerificationObject::from(*value), VerificationObject::Unknown(_)),
                "{value}"
            );
        }
        assert_eq!(kinds.kinds.len(), 11);
    }
}
