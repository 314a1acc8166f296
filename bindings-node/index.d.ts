// Type definitions of clerk-backend (the npm package): the client, the 32 users operations with
// their parameters and results, the options and the error classes.
//
// Results are plain objects with camelCase keys. Decoding is tolerant: fields this version does not
// know are kept on the objects (under their camelCase names), unknown enum values are kept as
// strings, and a missing field marked `?` is left out. The contents of metadata are user data and
// keep their keys exactly as stored.

/** Free-form JSON object: `publicMetadata`, `privateMetadata`, `unsafeMetadata`, an error's `meta`. */
export type Metadata = Record<string, unknown>;

/**
 * What a result object holds besides its fields: the keys the server sent whose camelCase name
 * is taken (`phoneNumber` sent to a `PhoneNumber`, which declares `phone_number`; the second of
 * `a_b` and `aB`), each under its exact spelling. They never fill the field whose name they
 * would take. Absent when there are none.
 */
export interface KeptApart {
  $collisions?: Record<string, unknown>;
}

/** Which kind of code `verifyTotp` accepted. */
export type TotpCodeType = "totp" | "backup_code" | (string & {});

/** The `object` of a verification; tells which kind of verification it is. */
export type VerificationObject = "verification_otp" | "verification_admin" | "verification_from_oauth" | "verification_ticket" | "verification_saml" | "verification_email_link" | "verification_scim" | "verification_web3" | "verification_passkey" | "verification_oauth" | "verification_google_one_tap" | (string & {});

/** The status of a verification (the union over every verification kind). */
export type VerificationStatus = "unverified" | "verified" | "failed" | "expired" | "transferable" | (string & {});

/** The status of an organization invitation; also the `status` filter of `getOrganizationInvitations`. */
export type OrganizationInvitationStatus = "pending" | "accepted" | "revoked" | "expired" | (string & {});

/** The status of a billing subscription. */
export type SubscriptionStatus = "active" | "past_due" | "canceled" | "ended" | "abandoned" | "incomplete" | (string & {});

/** The status of a subscription item. */
export type SubscriptionItemStatus = "active" | "canceled" | "expired" | "ended" | "past_due" | "upcoming" | "incomplete" | "abandoned" | (string & {});

/** The billing period of a subscription item. */
export type PlanPeriod = "month" | "annual" | (string & {});

export type PaymentType = "card" | "link" | "payer-credits" | (string & {});

export type PaymentMethodStatus = "active" | "disconnected" | (string & {});

/** Whether `adjustBillingCreditBalance` adds or removes credit. */
export type Action = "increase" | "decrease";

/** One entry of the `errors` array of a Clerk error response. */
export interface ClerkError {
  message: string;
  longMessage: string;
  /** Machine-readable code such as `resource_not_found` or `form_identifier_exists`. */
  code: string;
  meta?: Metadata;
}

/** The body of a Clerk error response. */
export interface ClerkErrorsBody {
  errors: ClerkError[];
  meta?: Metadata;
  /** The request's trace ID; give it to Clerk's support. */
  clerkTraceId?: string;
}

/** Returned by `count`. */
export interface TotalCount extends KeptApart {
  object: string;
  totalCount: number;
}

/** Returned by `delete` and the `delete*` operations that remove an object. */
export interface DeletedObject extends KeptApart {
  object: string;
  id?: string | null;
  slug?: string | null;
  deleted: boolean;
  externalId?: string | null;
}

/** Returned by `disableMfa`, `deleteBackupCodes` and `deleteTotp`. */
export interface UserIdResponse extends KeptApart {
  userId: string;
}

/** Returned by `verifyPassword`. */
export interface VerifyPasswordResponse extends KeptApart {
  verified: boolean;
}

/** Returned by `verifyTotp`. */
export interface VerifyTotpResponse extends KeptApart {
  verified: boolean;
  codeType?: TotpCodeType | null;
}

/** One OAuth access token; `getOAuthAccessToken` returns a list of them. */
export interface OAuthAccessToken extends KeptApart {
  object: string;
  externalAccountId: string;
  providerUserId: string;
  token: string;
  expiresAt: number | null;
  provider: string;
  publicMetadata: Metadata;
  label: string | null;
  scopes?: string[] | null;
  idToken?: string | null;
  tokenSecret?: string | null;
}

/** `getOAuthAccessToken` with `paginated: true`: the page Clerk answers then. */
export interface OAuthAccessTokenPage extends KeptApart {
  data: OAuthAccessToken[];
  totalCount: number;
}

/** A verification of an identifier or account. One type covers every kind of verification (`object` tells which); fields a kind does not have are `null` or absent. */
export interface Verification extends KeptApart {
  object?: VerificationObject | null;
  status: VerificationStatus;
  /** `email_code`, `phone_code`, `admin`, `oauth_google`, `from_oauth_github`, `passkey`, ... */
  strategy: string;
  attempts: number | null;
  expireAt: number | null;
  channel?: string | null;
  verifiedAtClient?: string | null;
  externalVerificationRedirectUrl?: string | null;
  error?: ClerkError | null;
  nonce?: string | null;
  message?: string | null;
}

/** A link from an identification to another one (for example an email address to the OAuth account it came from). */
export interface IdentificationLink extends KeptApart {
  /** `oauth_google`, `oauth_github`, ... */
  type: string;
  id: string;
}

export interface EmailAddress extends KeptApart {
  id?: string | null;
  object: string;
  emailAddress: string;
  reserved: boolean;
  verification: Verification | null;
  linkedTo: IdentificationLink[];
  matchesSsoConnection?: boolean | null;
  createdAt: number;
  updatedAt: number;
}

export interface PhoneNumber extends KeptApart {
  id?: string | null;
  object: string;
  phoneNumber: string;
  reservedForSecondFactor?: boolean | null;
  defaultSecondFactor?: boolean | null;
  reserved: boolean;
  verification: Verification | null;
  linkedTo: IdentificationLink[];
  backupCodes?: string[] | null;
  createdAt: number;
  updatedAt: number;
}

export interface Web3Wallet extends KeptApart {
  id?: string | null;
  object: string;
  web3Wallet: string;
  verification: Verification | null;
  createdAt: number;
  updatedAt: number;
}

export interface Passkey extends KeptApart {
  id?: string | null;
  object: string;
  name: string;
  lastUsedAt: number;
  verification: Verification | null;
}

/** An OAuth account connected to the user (Google, GitHub, ...). */
export interface ExternalAccount extends KeptApart {
  /** `external_account`, `facebook_account` or `google_account`. */
  object: string;
  id: string;
  provider: string;
  identificationId: string;
  providerUserId: string;
  approvedScopes: string;
  emailAddress: string;
  emailAddressVerified?: boolean | null;
  firstName: string;
  lastName: string;
  /** Deprecated by Clerk: use `imageUrl`. */
  avatarUrl?: string | null;
  imageUrl?: string | null;
  username?: string | null;
  phoneNumber?: string | null;
  publicMetadata: Metadata;
  label?: string | null;
  createdAt: number;
  updatedAt: number;
  verification: Verification | null;
}

export interface SamlAccountConnection extends KeptApart {
  id: string;
  name: string;
  /** Deprecated by Clerk: use `domains`. */
  domain?: string | null;
  domains?: string[] | null;
  active: boolean;
  provider: string;
  syncUserAttributes: boolean;
  allowSubdomains?: boolean | null;
  allowIdpInitiated?: boolean | null;
  disableAdditionalIdentifications?: boolean | null;
  createdAt: number;
  updatedAt: number;
}

export interface SamlAccount extends KeptApart {
  id: string;
  object: string;
  provider: string;
  active: boolean;
  emailAddress: string;
  firstName?: string | null;
  lastName?: string | null;
  providerUserId?: string | null;
  lastAuthenticatedAt?: number | null;
  publicMetadata?: Metadata | null;
  verification: Verification | null;
  samlConnection?: SamlAccountConnection | null;
}

export interface EnterpriseAccountConnection extends KeptApart {
  id: string;
  protocol: string;
  provider: string;
  name: string;
  logoPublicUrl: string | null;
  /** Deprecated by Clerk: use `domains`. */
  domain?: string | null;
  domains?: string[] | null;
  active: boolean;
  syncUserAttributes: boolean;
  allowSubdomains: boolean;
  allowIdpInitiated: boolean;
  disableAdditionalIdentifications: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface EnterpriseAccount extends KeptApart {
  id: string;
  object: string;
  /** `oauth` or `saml`. */
  protocol?: string | null;
  provider: string;
  active: boolean;
  emailAddress: string;
  firstName?: string | null;
  lastName?: string | null;
  providerUserId?: string | null;
  enterpriseConnectionId?: string | null;
  publicMetadata?: Metadata | null;
  verification: Verification | null;
  enterpriseConnection?: EnterpriseAccountConnection | null;
  lastAuthenticatedAt?: number | null;
}

export interface ScimUserMetadata extends KeptApart {
  directoryId: string;
  directoryEnabled?: boolean | null;
  externalId: string | null;
}

/** A user of a Clerk instance. Timestamps are Unix milliseconds. */
export interface User extends KeptApart {
  id: string;
  object: string;
  externalId: string | null;
  primaryEmailAddressId: string | null;
  primaryPhoneNumberId: string | null;
  primaryWeb3WalletId: string | null;
  username: string | null;
  firstName: string | null;
  lastName: string | null;
  locale?: string | null;
  /** Deprecated by Clerk: use `imageUrl`. */
  profileImageUrl?: string | null;
  imageUrl?: string | null;
  hasImage: boolean;
  publicMetadata: Metadata;
  privateMetadata?: Metadata | null;
  unsafeMetadata?: Metadata | null;
  emailAddresses: EmailAddress[];
  phoneNumbers: PhoneNumber[];
  web3Wallets: Web3Wallet[];
  passkeys: Passkey[];
  passwordEnabled: boolean;
  twoFactorEnabled: boolean;
  totpEnabled: boolean;
  backupCodeEnabled: boolean;
  mfaEnabledAt: number | null;
  mfaDisabledAt: number | null;
  passwordLastUpdatedAt?: number | null;
  externalAccounts: ExternalAccount[];
  samlAccounts: SamlAccount[];
  enterpriseAccounts: EnterpriseAccount[];
  organizationMemberships?: OrganizationMembership[] | null;
  lastSignInAt: number | null;
  banned: boolean;
  locked: boolean;
  deprovisioned?: boolean | null;
  lockoutExpiresInSeconds: number | null;
  verificationAttemptsRemaining: number | null;
  updatedAt: number;
  createdAt: number;
  deleteSelfEnabled: boolean;
  createOrganizationEnabled: boolean;
  createOrganizationsLimit?: number | null;
  lastActiveAt: number | null;
  legalAcceptedAt: number | null;
  bypassClientTrust?: boolean | null;
  scim?: ScimUserMetadata | null;
}

export interface Organization extends KeptApart {
  object: string;
  id: string;
  name: string;
  slug: string;
  imageUrl?: string | null;
  hasImage: boolean;
  membersCount?: number | null;
  missingMemberWithElevatedPermissions?: boolean | null;
  pendingInvitationsCount?: number | null;
  maxAllowedMemberships: number;
  adminDeleteEnabled: boolean;
  publicMetadata: Metadata;
  privateMetadata?: Metadata | null;
  createdBy?: string | null;
  createdAt: number;
  updatedAt: number;
  lastActiveAt?: number | null;
  roleSetKey?: string | null;
}

export interface OrganizationMembershipPublicUserData extends KeptApart {
  userId: string;
  firstName: string | null;
  lastName: string | null;
  /** Deprecated by Clerk: use `imageUrl`. */
  profileImageUrl: string | null;
  imageUrl: string;
  hasImage: boolean;
  identifier?: string | null;
  username?: string | null;
  banned?: boolean | null;
  deprovisioned?: boolean | null;
}

export interface OrganizationMembership extends KeptApart {
  id: string;
  object: string;
  role: string;
  roleName?: string | null;
  permissions: string[];
  publicMetadata: Metadata;
  privateMetadata?: Metadata | null;
  organization: Organization;
  publicUserData?: OrganizationMembershipPublicUserData | null;
  createdAt: number;
  updatedAt: number;
}

/** A page of organization memberships, with the total over all pages. */
export interface OrganizationMemberships extends KeptApart {
  data: OrganizationMembership[];
  totalCount: number;
}

export interface OrganizationInvitationPublicUserData extends KeptApart {
  userId: string;
  firstName: string | null;
  lastName: string | null;
  imageUrl: string;
  hasImage: boolean;
  identifier: string;
}

export interface OrganizationInvitationPublicOrganizationData extends KeptApart {
  id: string;
  name: string;
  slug: string;
  imageUrl?: string | null;
  hasImage: boolean;
}

export interface OrganizationInvitation extends KeptApart {
  object: string;
  id: string;
  emailAddress: string;
  role: string;
  roleName: string;
  organizationId?: string | null;
  inviterId: string | null;
  publicInviterData: OrganizationInvitationPublicUserData | null;
  status?: OrganizationInvitationStatus | null;
  publicMetadata: Metadata;
  privateMetadata?: Metadata | null;
  url: string | null;
  expiresAt: number | null;
  createdAt: number;
  updatedAt: number;
  publicOrganizationData?: OrganizationInvitationPublicOrganizationData | null;
}

/** A page of organization invitations, with the total over all pages. */
export interface OrganizationInvitations extends KeptApart {
  data: OrganizationInvitation[];
  totalCount: number;
}

/** An amount of money, in the currency's smallest unit. */
export interface Money extends KeptApart {
  amount: number;
  amountFormatted: string;
  currency: string;
  currencySymbol: string;
}

/** Returned by `getBillingCreditBalance`; `balance` is `null` when the payer never had credits. */
export interface CreditBalance extends KeptApart {
  object: string;
  balance: Money | null;
}

/** Returned by `adjustBillingCreditBalance`: the ledger entry of the adjustment. */
export interface CreditLedgerEntry extends KeptApart {
  object: string;
  id: string;
  payerId: string;
  amount: Money;
  sourceType: string;
  sourceId: string;
  note?: string | null;
  /** RFC 3339 date-time. */
  createdAt: string;
}

/** Returned by `getBillingSubscription`. */
export interface BillingSubscription extends KeptApart {
  object: string;
  id: string;
  instanceId: string;
  status: SubscriptionStatus;
  payerId: string;
  createdAt: number;
  updatedAt: number;
  activeAt: number | null;
  pastDueAt: number | null;
  subscriptionItems: SubscriptionItem[];
  nextPayment?: SubscriptionNextPayment | null;
  eligibleForFreeTrial?: boolean | null;
}

/** The next scheduled payment of a subscription. */
export interface SubscriptionNextPayment extends KeptApart {
  date: number;
  /** The base plan fee only; `totals.grandTotal` includes per-unit charges. */
  amount: Money;
  perUnitTotals?: PerUnitTotal[] | null;
  totals?: Totals | null;
}

/** One plan subscribed to, within a subscription. */
export interface SubscriptionItem extends KeptApart {
  object: string;
  id: string;
  instanceId: string;
  status: SubscriptionItemStatus;
  /** Only in payment attempt events. */
  credit?: SubscriptionCredit | null;
  credits?: Credits | null;
  planId: string | null;
  priceId?: string | null;
  plan?: Plan | null;
  planPeriod: PlanPeriod;
  paymentMethod?: PaymentMethod | null;
  lifetimePaid?: Money | null;
  nextPayment?: SubscriptionItemNextPayment | null;
  payerId: string;
  payer?: Payer | null;
  isFreeTrial: boolean;
  periodStart: number;
  periodEnd: number | null;
  /** `YYYY-MM-DD`. */
  prorationDate?: string | null;
  canceledAt: number | null;
  pastDueAt: number | null;
  endedAt: number | null;
  createdAt?: number | null;
  updatedAt?: number | null;
  seats?: SubscriptionItemSeats | null;
  totals?: Totals | null;
}

/** The credit of a subscription item. */
export interface SubscriptionCredit extends KeptApart {
  amount?: Money | null;
  cycleRemainingPercent?: number | null;
}

/** A breakdown of the credits applied. */
export interface Credits extends KeptApart {
  proration: ProrationCreditDetail | null;
  payer: PayerCredit | null;
  total: Money;
}

/** Credit for the unused part of the billing cycle. */
export interface ProrationCreditDetail extends KeptApart {
  amount: Money;
  cycleDaysRemaining: number;
  cycleDaysTotal: number;
  cycleRemainingPercent: number;
}

/** Credit taken from the payer's credit balance. */
export interface PayerCredit extends KeptApart {
  remainingBalance: Money;
  appliedAmount: Money;
}

/** A billing plan. */
export interface Plan extends KeptApart {
  object: string;
  id: string;
  name: string;
  fee: Money | null;
  annualMonthlyFee: Money | null;
  annualFee: Money | null;
  description: string | null;
  /** Deprecated by Clerk. */
  productId: string;
  isDefault: boolean;
  isRecurring: boolean;
  publiclyVisible: boolean;
  hasBaseFee: boolean;
  /** `user` or `org`. */
  forPayerType: string;
  slug: string;
  avatarUrl: string | null;
  features?: Feature[] | null;
  freeTrialEnabled: boolean;
  freeTrialDays: number | null;
  unitPrices?: PlanUnitPrice[] | null;
}

/** A feature included in a plan. */
export interface Feature extends KeptApart {
  object: string;
  id: string;
  name: string;
  description: string | null;
  slug: string;
  avatarUrl: string | null;
}

/** Tiered per-unit pricing of a plan (for example, seats). */
export interface PlanUnitPrice extends KeptApart {
  name: string;
  blockSize: number;
  tiers: PlanUnitPriceTier[];
}

export interface PlanUnitPriceTier extends KeptApart {
  /** Inclusive. */
  startsAtBlock: number;
  /** Inclusive; `null` means unlimited. */
  endsAfterBlock?: number | null;
  feePerBlock: Money;
}

export interface PaymentMethod extends KeptApart {
  object: string;
  id: string;
  payerId: string;
  paymentType: PaymentType;
  isDefault?: boolean | null;
  gateway: string;
  gatewayExternalId: string;
  gatewayExternalAccountId: string | null;
  last4: string | null;
  status: PaymentMethodStatus;
  walletType?: string | null;
  cardType: string | null;
  expiryYear?: number | null;
  expiryMonth?: number | null;
  createdAt?: number | null;
  updatedAt?: number | null;
  isRemovable?: boolean | null;
}

/** The next payment of a subscription item. */
export interface SubscriptionItemNextPayment extends KeptApart {
  /** The base plan fee only; `totals.grandTotal` includes per-unit charges. */
  amount?: Money | null;
  date?: number | null;
  perUnitTotals?: PerUnitTotal[] | null;
  totals?: Totals | null;
}

/** Computed totals of one billable unit (for example, seats). */
export interface PerUnitTotal extends KeptApart {
  name: string;
  blockSize: number;
  tiers: PerUnitTotalTier[];
}

export interface PerUnitTotalTier extends KeptApart {
  /** Units billed in this tier; `null` means unlimited. */
  quantity?: number | null;
  feePerBlock: Money;
  total: Money;
}

/** A breakdown of an amount billed. */
export interface Totals extends KeptApart {
  subtotal: Money;
  baseFee: Money;
  taxTotal: Money;
  grandTotal: Money;
  perUnitTotals?: PerUnitTotal[] | null;
  credits?: Credits | null;
  discounts?: Discounts | null;
}

export interface Discounts extends KeptApart {
  proration: ProrationDiscount | null;
  total: Money;
}

/** Discount for the part of the billing cycle already passed. */
export interface ProrationDiscount extends KeptApart {
  amount: Money;
  cycleDaysPassed: number;
  cycleDaysTotal: number;
  cyclePassedPercent: number;
}

/** The user or organization that pays for a subscription. */
export interface Payer extends KeptApart {
  object: string;
  id: string;
  instanceId: string;
  userId?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  organizationId?: string | null;
  organizationName?: string | null;
  imageUrl?: string | null;
  creditsBalance?: Money | null;
  createdAt?: number | null;
  updatedAt?: number | null;
}

/** Seat-based billing of a subscription item. */
export interface SubscriptionItemSeats extends KeptApart {
  /** `null` means unlimited. */
  quantity: number | null;
  tiers?: PerUnitTotalTier[] | null;
}


// ---------------------------------------------------------------------------------------------
// Parameters. A parameter left out (or `undefined`) is not sent. On the parameters typed
// `... | null`, an explicit `null` is sent as `null` in a JSON body (PATCH semantics: `update`
// with `lastName: null` clears the name); for lists and query parameters `null` means "not given".
// A key the operation does not know, or a value of the wrong type, rejects with a `TypeError`
// naming it, before any I/O.
// ---------------------------------------------------------------------------------------------

/** A date-time sent as RFC 3339: a string, or a `Date` (sent as its ISO string). */
export type DateTimeInput = string | Date;

/** How `list` can be ordered: a field with `+` (ascending) or `-` (descending). */
export type UserOrderBy =
  | '+created_at' | '-created_at' | '+updated_at' | '-updated_at'
  | '+email_address' | '-email_address' | '+web3wallet' | '-web3wallet'
  | '+first_name' | '-first_name' | '+last_name' | '-last_name'
  | '+phone_number' | '-phone_number' | '+username' | '-username'
  | '+last_active_at' | '-last_active_at' | '+last_sign_in_at' | '-last_sign_in_at'
  | (string & {});

/** The filters shared by `list` and `count`. */
export interface UserFilters {
  /** Only users with one of these email addresses. */
  emailAddress?: string[] | null;
  phoneNumber?: string[] | null;
  /** Prefix with `+` or `-` to include or exclude. */
  externalId?: string[] | null;
  username?: string[] | null;
  web3Wallet?: string[] | null;
  /** Prefix with `+` or `-` to include or exclude. */
  userId?: string[] | null;
  /** Prefix with `+` or `-` to include or exclude. */
  organizationId?: string[] | null;
  /** Partial match over identifiers, user IDs and names. */
  query?: string | null;
  emailAddressQuery?: string | null;
  phoneNumberQuery?: string | null;
  usernameQuery?: string | null;
  nameQuery?: string | null;
  banned?: boolean | null;
  /** Unix milliseconds. */
  lastActiveAtBefore?: number | null;
  /** Unix milliseconds. */
  lastActiveAtAfter?: number | null;
  /** @deprecated Use `lastActiveAtAfter`. Unix milliseconds. */
  lastActiveAtSince?: number | null;
  /** Unix milliseconds. */
  createdAtBefore?: number | null;
  /** Unix milliseconds. */
  createdAtAfter?: number | null;
  /** Unix milliseconds. */
  lastSignInAtBefore?: number | null;
  /** Unix milliseconds. */
  lastSignInAtAfter?: number | null;
  /** Must be given together with `providerUserId`. */
  provider?: string | null;
  providerUserId?: string[] | null;
}

/** `list`. Sends `limit=10`, `offset=0` and `order_by=-created_at` unless given (`null` leaves one out). */
export interface ListUsersParams extends UserFilters {
  /** 1 to 500; default 10. */
  limit?: number | null;
  /** Default 0. */
  offset?: number | null;
  /** Cursor: the `id` of the last user of the previous page (only with `created_at` ordering). */
  startingAfter?: string | null;
  /** Default `-created_at`. */
  orderBy?: UserOrderBy | null;
}

/** `count`: the same filters as `list`. */
export interface CountUsersParams extends UserFilters {}

/** `create`. Every field is optional; what is not given is left out of the body. */
export interface CreateUserParams {
  externalId?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  locale?: string | null;
  /** The first one becomes the primary email address. */
  emailAddress?: string[] | null;
  /** `verified` (the default) or `reserved`, one per email address. */
  emailAddressIdentificationStatus?: string[] | null;
  /** The first one becomes the primary phone number. */
  phoneNumber?: string[] | null;
  /** `verified` (the default) or `reserved`, one per phone number. */
  phoneNumberIdentificationStatus?: string[] | null;
  web3Wallet?: string[] | null;
  username?: string | null;
  password?: string | null;
  passwordDigest?: string | null;
  /** `bcrypt`, `argon2id`, `pbkdf2_sha256`, ... (see Clerk's docs). */
  passwordHasher?: string | null;
  skipPasswordChecks?: boolean | null;
  skipPasswordRequirement?: boolean | null;
  totpSecret?: string | null;
  backupCodes?: string[] | null;
  publicMetadata?: Metadata | null;
  privateMetadata?: Metadata | null;
  unsafeMetadata?: Metadata | null;
  deleteSelfEnabled?: boolean | null;
  legalAcceptedAt?: DateTimeInput | null;
  skipLegalChecks?: boolean | null;
  skipUserRequirement?: boolean | null;
  createOrganizationEnabled?: boolean | null;
  createOrganizationsLimit?: number | null;
  createdAt?: DateTimeInput | null;
  bypassClientTrust?: boolean | null;
  banned?: boolean | null;
  locked?: boolean | null;
}

/** The parameters of the operations that take only the user's ID. */
export interface UserIdParams {
  userId: string;
}

export type GetUserParams = UserIdParams;
export type DeleteUserParams = UserIdParams;
export type BanUserParams = UserIdParams;
export type UnbanUserParams = UserIdParams;
export type LockUserParams = UserIdParams;
export type UnlockUserParams = UserIdParams;
export type DeleteProfileImageParams = UserIdParams;
export type GetBillingSubscriptionParams = UserIdParams;
export type GetBillingCreditBalanceParams = UserIdParams;
export type DisableMfaParams = UserIdParams;
export type DeleteBackupCodesParams = UserIdParams;
export type DeleteTotpParams = UserIdParams;
export type UnsetPasswordCompromisedParams = UserIdParams;

/** `update`: a partial update; `null` clears a field. */
export interface UpdateUserParams {
  userId: string;
  externalId?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  locale?: string | null;
  primaryEmailAddressId?: string | null;
  notifyPrimaryEmailAddressChanged?: boolean | null;
  primaryPhoneNumberId?: string | null;
  primaryWeb3WalletId?: string | null;
  username?: string | null;
  profileImageId?: string | null;
  password?: string | null;
  passwordDigest?: string | null;
  passwordHasher?: string | null;
  skipPasswordChecks?: boolean | null;
  signOutOfOtherSessions?: boolean | null;
  totpSecret?: string | null;
  backupCodes?: string[] | null;
  /** Replaces the whole object (use `updateMetadata` to merge). */
  publicMetadata?: Metadata | null;
  privateMetadata?: Metadata | null;
  unsafeMetadata?: Metadata | null;
  deleteSelfEnabled?: boolean | null;
  createOrganizationEnabled?: boolean | null;
  legalAcceptedAt?: DateTimeInput | null;
  skipLegalChecks?: boolean | null;
  createOrganizationsLimit?: number | null;
  createdAt?: DateTimeInput | null;
  bypassClientTrust?: boolean | null;
}

/** `bulkBan`: 1 to 50 user IDs. */
export interface BulkBanParams {
  userIds: string[];
}

/** `bulkUnban`: 1 to 50 user IDs. */
export interface BulkUnbanParams {
  userIds: string[];
}

/** A file to upload. */
export interface ProfileImageFile {
  fileName: string;
  /** The bytes (a Buffer, any typed array or an ArrayBuffer), or a string sent as UTF-8. */
  content: Uint8Array | ArrayBufferView | ArrayBuffer | string;
  /** Guessed from `fileName` when not given, else `application/octet-stream`. */
  contentType?: string | null;
}

/** `setProfileImage`: uploads `file` as `multipart/form-data`. */
export interface SetProfileImageParams {
  userId: string;
  file?: ProfileImageFile | null;
}

/** `updateMetadata`: deep-merges each given object into the user's; `null` inside deletes a key. */
export interface UpdateMetadataParams {
  userId: string;
  publicMetadata?: Metadata | null;
  privateMetadata?: Metadata | null;
  unsafeMetadata?: Metadata | null;
}

/** `adjustBillingCreditBalance`. Safe to retry: the idempotency key makes a repeat return the original entry. */
export interface AdjustBillingCreditBalanceParams {
  userId: string;
  /** In cents; greater than zero. */
  amount: number;
  action: Action;
  idempotencyKey: string;
  /** Defaults to USD on Clerk's side. */
  currency?: string | null;
  note?: string | null;
}

/** `getOAuthAccessToken`. */
export interface GetOAuthAccessTokenParams {
  userId: string;
  /** `oauth_google`, `oauth_github`, ... */
  provider: string;
  paginated?: boolean | null;
  /** 1 to 500; default 10. */
  limit?: number | null;
  /** Default 0. */
  offset?: number | null;
}

/** `getOrganizationMemberships`. */
export interface GetOrganizationMembershipsParams {
  userId: string;
  /** 1 to 500; default 10. */
  limit?: number | null;
  /** Default 0. */
  offset?: number | null;
}

/** The `status` filter of `getOrganizationInvitations`. */
export type OrganizationInvitationStatusFilter = 'pending' | 'accepted' | 'revoked' | 'expired';

/** `getOrganizationInvitations`. */
export interface GetOrganizationInvitationsParams {
  userId: string;
  /** 1 to 500; default 10. */
  limit?: number | null;
  /** Default 0. */
  offset?: number | null;
  status?: OrganizationInvitationStatusFilter | null;
}

/** `verifyPassword`. */
export interface VerifyPasswordParams {
  userId: string;
  password: string;
}

/** `verifyTotp`: a TOTP code or a backup code (which it consumes). */
export interface VerifyTotpParams {
  userId: string;
  code: string;
}

/** `deletePasskey`. */
export interface DeletePasskeyParams {
  userId: string;
  passkeyIdentificationId: string;
}

/** `deleteWeb3Wallet`. */
export interface DeleteWeb3WalletParams {
  userId: string;
  web3WalletIdentificationId: string;
}

/** `deleteExternalAccount`. */
export interface DeleteExternalAccountParams {
  userId: string;
  externalAccountId: string;
}

/** `setPasswordCompromised`. */
export interface SetPasswordCompromisedParams {
  userId: string;
  revokeAllSessions?: boolean | null;
}

/** How `getInstanceOrganizationMemberships` can be ordered. */
export type MembershipOrderBy =
  | '+phone_number' | '-phone_number' | '+email_address' | '-email_address'
  | '+created_at' | '-created_at' | '+first_name' | '-first_name'
  | '+last_name' | '-last_name' | '+username' | '-username'
  | (string & {});

/** `getInstanceOrganizationMemberships`: every membership of the instance. */
export interface GetInstanceOrganizationMembershipsParams {
  orderBy?: MembershipOrderBy | null;
  /** 1 to 500; default 10. */
  limit?: number | null;
  /** Default 0. */
  offset?: number | null;
}

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

/** Exponential backoff, in milliseconds; a field left out keeps its default. */
export interface BackoffStrategy {
  /** Delay before the first retry (default 500). */
  initialInterval?: number;
  /** Longest delay between two tries (default 60000). */
  maxInterval?: number;
  /** Factor applied to the delay after each try (default 1.5). */
  exponent?: number;
  /** Budget for the whole call, first try included (default 60000). */
  maxElapsedTime?: number;
}

/**
 * When and how to retry. Retried: 429, 5XX and (with `retryConnectionErrors`, the default)
 * connection errors and timeouts. A write that may already have been applied (`create`,
 * `verifyTotp`) is repeated only when it surely was not. `Retry-After` is honoured.
 */
export type RetryConfig =
  | { strategy: 'none' }
  | { strategy: 'backoff'; backoff?: BackoffStrategy; retryConnectionErrors?: boolean };

/** The second argument of every operation: overrides of the client's settings for one call. */
export interface RequestOptions {
  /** Replaces the client's retry configuration; `null` makes one attempt. */
  retries?: RetryConfig | null;
  /** Replaces the server URL (one trailing `/` is ignored). */
  serverUrl?: string;
  /** Timeout of each attempt, in milliseconds. */
  timeoutMs?: number;
  /** Extra headers; they replace the client's headers of the same name. */
  httpHeaders?: Record<string, string>;
  /** Replaces the client's cap on a response body, in bytes. */
  maxResponseBytes?: number;
  /**
   * Aborts the call, as with `fetch`: the promise rejects with `signal.reason` (an `AbortError`
   * unless another reason was given) and the request is dropped, or never sent when the signal
   * was already aborted. A write aborted in flight may still have been applied.
   */
  signal?: AbortSignalLike;
}

/**
 * An `AbortSignal` (`AbortController#signal`, `AbortSignal.timeout(ms)`), described by its shape
 * so that these types need neither the DOM library nor `@types/node`.
 */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** `new Clerk(options)`. */
export interface ClerkOptions {
  /** The secret key (`sk_live_...` / `sk_test_...`). Kept in native memory only. */
  bearerAuth: string;
  /** Default `https://api.clerk.com/v1`; point it at the emulator or a proxy. */
  serverUrl?: string;
  /** Not given: the default (backoff from 500 ms, 60 s in all); `null`: no retries. */
  retryConfig?: RetryConfig | null;
  /** Timeout of each attempt in milliseconds (default 30000). */
  timeoutMs?: number;
  /** `Clerk-API-Version` (default `2025-11-10`). */
  apiVersion?: string;
  /** Headers sent with every request. */
  httpHeaders?: Record<string, string>;
  /**
   * The largest response body accepted, in bytes (default 64 MiB); a larger one rejects with a
   * `ResponseValidationError` before more of it is read.
   */
  maxResponseBytes?: number;
  /**
   * Allows `http://` server URLs to hosts other than loopback (127.0.0.0/8, `::1`,
   * `localhost`), which send the secret key in cleartext. Default `false`.
   */
  allowInsecureHttp?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------------------------

/** The 32 users operations of Clerk's Backend API. */
export declare class Users {
  private constructor();
  /** List all users, newest first unless `orderBy` says otherwise. */
  list(params?: ListUsersParams, options?: RequestOptions): Promise<User[]>;
  /** Create a new user. */
  create(params: CreateUserParams, options?: RequestOptions): Promise<User>;
  /** Count the users matching the same filters as `list`. */
  count(params?: CountUsersParams, options?: RequestOptions): Promise<TotalCount>;
  /** Retrieve a user. */
  get(params: GetUserParams, options?: RequestOptions): Promise<User>;
  /** Update a user's attributes; `null` clears a field. */
  update(params: UpdateUserParams, options?: RequestOptions): Promise<User>;
  /** Delete a user. */
  delete(params: DeleteUserParams, options?: RequestOptions): Promise<DeletedObject>;
  /** Ban a user: revoke their sessions and block sign-in. */
  ban(params: BanUserParams, options?: RequestOptions): Promise<User>;
  /** Remove a user's ban. */
  unban(params: UnbanUserParams, options?: RequestOptions): Promise<User>;
  /** Ban up to 50 users. */
  bulkBan(params: BulkBanParams, options?: RequestOptions): Promise<User[]>;
  /** Unban up to 50 users. */
  bulkUnban(params: BulkUnbanParams, options?: RequestOptions): Promise<User[]>;
  /** Lock a user until the lock expires. */
  lock(params: LockUserParams, options?: RequestOptions): Promise<User>;
  /** Remove a user's lock. */
  unlock(params: UnlockUserParams, options?: RequestOptions): Promise<User>;
  /** Upload a user's profile image. */
  setProfileImage(params: SetProfileImageParams, options?: RequestOptions): Promise<User>;
  /** Delete a user's profile image. */
  deleteProfileImage(params: DeleteProfileImageParams, options?: RequestOptions): Promise<User>;
  /** Deep-merge metadata into a user's; `null` deletes a key. */
  updateMetadata(params: UpdateMetadataParams, options?: RequestOptions): Promise<User>;
  /** Retrieve a user's billing subscription. */
  getBillingSubscription(params: GetBillingSubscriptionParams, options?: RequestOptions): Promise<BillingSubscription>;
  /** Retrieve a user's credit balance. */
  getBillingCreditBalance(params: GetBillingCreditBalanceParams, options?: RequestOptions): Promise<CreditBalance>;
  /** Increase or decrease a user's credit balance. */
  adjustBillingCreditBalance(
    params: AdjustBillingCreditBalanceParams,
    options?: RequestOptions,
  ): Promise<CreditLedgerEntry>;
  /** Retrieve the OAuth access tokens of a user for a provider: a list, or with `paginated: true`
   * the page Clerk answers then (`data`, `totalCount`). */
  getOAuthAccessToken(
    params: GetOAuthAccessTokenParams & { paginated: true },
    options?: RequestOptions,
  ): Promise<OAuthAccessTokenPage>;
  getOAuthAccessToken(
    params: GetOAuthAccessTokenParams & { paginated?: false | null },
    options?: RequestOptions,
  ): Promise<OAuthAccessToken[]>;
  getOAuthAccessToken(
    params: GetOAuthAccessTokenParams,
    options?: RequestOptions,
  ): Promise<OAuthAccessToken[] | OAuthAccessTokenPage>;
  /** A page of the user's organization memberships. */
  getOrganizationMemberships(
    params: GetOrganizationMembershipsParams,
    options?: RequestOptions,
  ): Promise<OrganizationMemberships>;
  /** A page of the user's organization invitations. */
  getOrganizationInvitations(
    params: GetOrganizationInvitationsParams,
    options?: RequestOptions,
  ): Promise<OrganizationInvitations>;
  /** Check a user's password (a wrong password rejects). */
  verifyPassword(params: VerifyPasswordParams, options?: RequestOptions): Promise<VerifyPasswordResponse>;
  /** Check a TOTP or backup code (a backup code is consumed). */
  verifyTotp(params: VerifyTotpParams, options?: RequestOptions): Promise<VerifyTotpResponse>;
  /** Disable all of a user's MFA methods. */
  disableMfa(params: DisableMfaParams, options?: RequestOptions): Promise<UserIdResponse>;
  /** Disable all of a user's backup codes. */
  deleteBackupCodes(params: DeleteBackupCodesParams, options?: RequestOptions): Promise<UserIdResponse>;
  /** Delete a passkey of a user. */
  deletePasskey(params: DeletePasskeyParams, options?: RequestOptions): Promise<DeletedObject>;
  /** Delete a web3 wallet of a user. */
  deleteWeb3Wallet(params: DeleteWeb3WalletParams, options?: RequestOptions): Promise<DeletedObject>;
  /** Delete all of a user's TOTPs. */
  deleteTotp(params: DeleteTotpParams, options?: RequestOptions): Promise<UserIdResponse>;
  /** Delete an external account of a user. */
  deleteExternalAccount(params: DeleteExternalAccountParams, options?: RequestOptions): Promise<DeletedObject>;
  /** Mark a user's password as compromised. */
  setPasswordCompromised(params: SetPasswordCompromisedParams, options?: RequestOptions): Promise<User>;
  /** Clear the compromised mark of a user's password. */
  unsetPasswordCompromised(params: UnsetPasswordCompromisedParams, options?: RequestOptions): Promise<User>;
  /** Every organization membership of the instance. */
  getInstanceOrganizationMemberships(
    params?: GetInstanceOrganizationMembershipsParams,
    options?: RequestOptions,
  ): Promise<OrganizationMemberships>;
}

/**
 * A client for Clerk's Backend API users operations: one connection pool per instance. Calls run
 * on native threads and never block the event loop. The secret key never shows in
 * `util.inspect`, `JSON.stringify` or an error message.
 */
export declare class Clerk {
  constructor(options: ClerkOptions);
  /** The 32 users operations. */
  readonly users: Users;
  /** The server URL calls go to. */
  readonly serverUrl: string;
  toJSON(): { serverUrl: string; bearerAuth: '<redacted>' };
}

// ---------------------------------------------------------------------------------------------
// Errors. Every failure of a call rejects with one of these classes, except arguments refused
// before any I/O, which reject with a `TypeError` (`code` `ERR_INVALID_ARG_TYPE` or
// `ERR_INVALID_ARG_VALUE`) naming the parameter.
// ---------------------------------------------------------------------------------------------

/** What the error classes are built from. */
export interface ErrorFields {
  statusCode?: number;
  body?: string;
  headers?: Record<string, string>;
  retryAfter?: number;
  cause?: unknown;
}

/** Base of every error of this library. */
export declare class ClerkBaseError extends Error {
  constructor(message: string, fields?: ErrorFields);
  /** HTTP status of the response, when there was one. */
  statusCode: number | undefined;
  /** The response body as text, when there was a response. */
  body: string | undefined;
  /** The response headers (lowercase names); `{}` when there was no response. */
  headers: Record<string, string>;
  /** `Retry-After` of the response in seconds, when it had one. */
  retryAfter: number | undefined;
  toJSON(): Record<string, unknown>;
}

/** The parsed body of a `ClerkErrors` response. */
export type ClerkErrorsData = ClerkErrorsBody;

/** A status that the operation's docs list for `ClerkErrors`, with a JSON error body. */
export declare class ClerkErrors extends ClerkBaseError {
  constructor(message: string, fields?: ErrorFields & { data?: ClerkErrorsData });
  statusCode: number;
  body: string;
  /** `errors[i].{message, longMessage, code, meta}`, `meta`, `clerkTraceId`. */
  data: ClerkErrorsData;
  /** The request's trace ID; give it to Clerk's support. */
  clerkTraceId: string | undefined;
  /** Shortcut for `data.errors`. */
  readonly errors: ClerkError[];
}

/** Any other 4XX/5XX response. */
export declare class SDKError extends ClerkBaseError {
  statusCode: number;
  body: string;
}

/** A success response whose body could not be decoded; `cause` says why. */
export declare class ResponseValidationError extends ClerkBaseError {
  statusCode: number;
  body: string;
}

/** No response: the connection was refused, reset, or could not be set up (DNS, TLS). */
export declare class ClerkConnectionError extends ClerkBaseError {}

/** No response within the timeout of an attempt. */
export declare class ClerkTimeoutError extends ClerkBaseError {
  constructor(message: string, fields?: ErrorFields & { timeoutMs?: number });
  /** The per-attempt timeout that expired, in milliseconds. */
  timeoutMs: number | undefined;
}

/** A bug inside the native code (a Rust panic), reported instead of crashing the process. */
export declare class ClerkInternalError extends ClerkBaseError {}

/** The name of `ClerkConnectionError` in the official SDK's TypeScript flavour. */
export declare const ConnectionError: typeof ClerkConnectionError;
export type ConnectionError = ClerkConnectionError;
/** The name of `ClerkTimeoutError` in the official SDK's TypeScript flavour. */
export declare const RequestTimeoutError: typeof ClerkTimeoutError;
export type RequestTimeoutError = ClerkTimeoutError;

/** One operation of the core's table. */
export interface OperationInfo {
  /** Python name (`get_o_auth_access_token`). */
  readonly name: string;
  /** Node method name (`getOAuthAccessToken`). */
  readonly jsName: string;
  /** The result model (`User`, `Vec<User>`, ...). */
  readonly response: string;
  /** The parameters, by their JavaScript names. */
  readonly params: readonly string[];
  /** Statuses that reject with `ClerkErrors` (when the body is JSON). */
  readonly clerkErrorStatuses: readonly number[];
}

/** The 32 operations, in the order of the reference docs. */
export declare const OPERATIONS: readonly OperationInfo[];

/** The library's version. */
export declare const VERSION: string;
