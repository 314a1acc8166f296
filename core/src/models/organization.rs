//! Organization memberships and invitations of a user.

use super::Metadata;

model! {
    pub struct Organization as "OrganizationMembershipOrganization" {
        req object: String,
        req id: String,
        req name: String,
        req slug: String,
        opt image_url: Option<String>,
        req has_image: bool,
        opt members_count: Option<i64>,
        opt missing_member_with_elevated_permissions: Option<bool>,
        opt pending_invitations_count: Option<i64>,
        req max_allowed_memberships: i64,
        req admin_delete_enabled: bool,
        req public_metadata: Metadata,
        opt private_metadata: Option<Metadata>,
        opt created_by: Option<String>,
        req created_at: i64,
        req updated_at: i64,
        opt last_active_at: Option<i64>,
        opt role_set_key: Option<String>,
    }
}

model! {
    pub struct OrganizationMembershipPublicUserData {
        req user_id: String,
        nul first_name: Option<String>,
        nul last_name: Option<String>,
        /// Deprecated by Clerk: use `image_url`.
        nul profile_image_url: Option<String>,
        req image_url: String,
        req has_image: bool,
        opt identifier: Option<String>,
        opt username: Option<String>,
        opt banned: Option<bool>,
        opt deprovisioned: Option<bool>,
    }
}

model! {
    pub struct OrganizationMembership {
        req id: String,
        req object: String,
        req role: String,
        opt role_name: Option<String>,
        req permissions: Vec<String>,
        req public_metadata: Metadata,
        opt private_metadata: Option<Metadata>,
        req organization: Organization,
        opt public_user_data: Option<OrganizationMembershipPublicUserData>,
        req created_at: i64,
        req updated_at: i64,
    }
}

model! {
    /// A page of organization memberships, with the total over all pages.
    pub struct OrganizationMemberships {
        req data: Vec<OrganizationMembership>,
        req total_count: i64,
    }
}

open_enum! {
    /// The status of an organization invitation; also the `status` filter of `get_organization_invitations`.
    pub enum OrganizationInvitationStatus {
        Pending = "pending",
        Accepted = "accepted",
        Revoked = "revoked",
        Expired = "expired",
    }
}

model! {
    pub struct OrganizationInvitationPublicUserData {
        req user_id: String,
        nul first_name: Option<String>,
        nul last_name: Option<String>,
        req image_url: String,
        req has_image: bool,
        req identifier: String,
    }
}

model! {
    pub struct OrganizationInvitationPublicOrganizationData {
        req id: String,
        req name: String,
        req slug: String,
        opt image_url: Option<String>,
        req has_image: bool,
    }
}

model! {
    pub struct OrganizationInvitation as "OrganizationInvitationWithPublicOrganizationData" {
        req object: String,
        req id: String,
        req email_address: String,
        req role: String,
        req role_name: String,
        opt organization_id: Option<String>,
        nul inviter_id: Option<String>,
        nul public_inviter_data: Option<OrganizationInvitationPublicUserData>,
        opt status: Option<OrganizationInvitationStatus>,
        req public_metadata: Metadata,
        opt private_metadata: Option<Metadata>,
        nul url: Option<String>,
        nul expires_at: Option<i64>,
        req created_at: i64,
        req updated_at: i64,
        opt public_organization_data: Option<OrganizationInvitationPublicOrganizationData>,
    }
}

model! {
    /// A page of organization invitations, with the total over all pages.
    pub struct OrganizationInvitations as "OrganizationInvitationsWithPublicOrganizationData" {
        req data: Vec<OrganizationInvitation>,
        req total_count: i64,
    }
}
