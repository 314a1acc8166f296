'use strict';
// The error table of each operation, transcribed from the reference docs
// (shared/reference/users-sdk-docs.txt): the statuses that raise `models.ClerkErrors`. Every other
// 4XX/5XX raises `SDKError`. Written by hand so that the tests check the core's table against
// the docs, not against itself.

module.exports = {
  list: [400, 401, 422],
  create: [400, 401, 403, 422],
  count: [422],
  get: [400, 401, 404],
  update: [400, 401, 404, 409, 422],
  delete: [400, 401, 404],
  ban: [402],
  unban: [402],
  bulk_ban: [400, 402],
  bulk_unban: [400, 402],
  lock: [403],
  unlock: [403],
  set_profile_image: [400, 401, 404],
  delete_profile_image: [404],
  update_metadata: [400, 401, 404, 422],
  get_billing_subscription: [400, 401, 403, 404, 422, 500],
  get_billing_credit_balance: [400, 401, 403, 404, 422, 500],
  adjust_billing_credit_balance: [400, 401, 403, 404, 409, 422, 500],
  get_o_auth_access_token: [400, 404, 422],
  get_organization_memberships: [403],
  get_organization_invitations: [400, 403, 404],
  verify_password: [500],
  verify_totp: [500],
  disable_mfa: [404, 500],
  delete_backup_codes: [404, 500],
  delete_passkey: [403, 404, 500],
  delete_web3_wallet: [400, 403, 404, 500],
  delete_totp: [404, 500],
  delete_external_account: [400, 403, 404, 500],
  set_password_compromised: [400, 401, 403, 404, 422],
  unset_password_compromised: [400, 401, 403, 404, 422],
  get_instance_organization_memberships: [400, 401, 422, 500],
};
