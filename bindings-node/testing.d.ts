// Type definitions of clerk-backend/testing: the Rust emulator of Clerk's users API, in-process.

import type {
  BillingSubscription,
  Clerk,
  ClerkOptions,
  CreditLedgerEntry,
  OAuthAccessToken,
  OrganizationInvitation,
  OrganizationMembership,
  User,
} from './index';

/** `T` with every field optional, all the way down (what the emulator fills in when missing). */
export type DeepPartial<T> = T extends ReadonlyArray<infer U>
  ? Array<DeepPartial<U>>
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/**
 * A user to load: any fields of `User` (IDs, timestamps and identification IDs are filled in when
 * missing; the first identification of each kind becomes primary), plus its secrets.
 */
export type EmulatorUser = DeepPartial<User> & {
  /** Plain; hashed on load. */
  password?: string;
  /** With `passwordHasher` (`bcrypt`). */
  passwordDigest?: string;
  passwordHasher?: string;
  passwordCompromised?: boolean;
  /** Base32 TOTP secret. */
  totpSecret?: string;
  backupCodes?: string[];
};

/**
 * A data document (the format of the emulator's `--data` files). Keys may be camelCase, as here,
 * or snake_case as in the files; metadata contents are kept as given.
 */
export interface EmulatorData {
  users?: EmulatorUser[];
  /** Linked to users by `publicUserData.userId`. */
  organizationMemberships?: Array<DeepPartial<OrganizationMembership>>;
  /** Linked to users by `emailAddress`. */
  organizationInvitations?: Array<DeepPartial<OrganizationInvitation>>;
  oauthAccessTokens?: Array<DeepPartial<OAuthAccessToken> & { userId: string }>;
  billingSubscriptions?: Array<DeepPartial<BillingSubscription> & { userId: string }>;
  billingCredits?: Array<DeepPartial<CreditLedgerEntry> & { userId: string; idempotencyKey?: string }>;
  /** Replaces the instance's settings when loaded. */
  instance?: InstanceSettingsInput;
}

/** What `exportData()` returns: every collection, users with their secrets (password digests, never plain passwords). */
export interface EmulatorExport {
  users: Array<User & Omit<EmulatorUser, keyof User>>;
  organizationMemberships: OrganizationMembership[];
  organizationInvitations: OrganizationInvitation[];
  oauthAccessTokens: Array<OAuthAccessToken & { userId: string }>;
  billingSubscriptions: Array<BillingSubscription & { userId: string }>;
  billingCredits: Array<CreditLedgerEntry & { userId: string; idempotencyKey: string }>;
  instance: InstanceSettings;
}

/** `new Emulator(options)`. */
export interface EmulatorOptions {
  /** Interface to bind (default `127.0.0.1`). */
  host?: string;
  /** `0` (the default) picks a free port. */
  port?: number;
  /** The only key accepted; by default any `sk_test_...` key is. */
  secretKey?: string;
  /** Loaded at start: a data document. */
  data?: EmulatorData;
  /** The instance's settings from the start, or a preset's name. */
  instance?: InstanceSettingsInput | InstancePreset;
  /** A rate limit from the start: `{ requests, perSeconds }` or `'20/1s'`. */
  rateLimit?: RateLimit | string;
}

/** Whether a user must have an identifier, may have it, or cannot. */
export type Requirement = 'required' | 'optional' | 'off';

/** The presets: every identifier optional and no password required, or a new Clerk application's defaults (an email address and a password, the rest off). */
export type InstancePreset = 'permissive' | 'new_application';

/** The instance's settings, as a Clerk dashboard sets them. */
export interface InstanceSettings {
  identifiers: { emailAddress: Requirement; phoneNumber: Requirement; username: Requirement; web3Wallet: Requirement };
  /** `rejectBreached`: passwords found in data breaches are refused (`form_password_pwned`). */
  password: { required: boolean; minLength: number; rejectBreached: boolean };
  username: { minLength: number; maxLength: number };
}

/** Settings to set: keys left out keep the values of `preset` (`'permissive'` unless given). */
export interface InstanceSettingsInput {
  preset?: InstancePreset;
  identifiers?: Partial<InstanceSettings['identifiers']>;
  password?: Partial<InstanceSettings['password']>;
  username?: Partial<InstanceSettings['username']>;
}

/** What the emulator served since it started or was reset. */
export interface EmulatorStats {
  /** Requests to the API, whatever their answer. */
  requests: number;
  /** 429s of the rate limit (not of injected faults). */
  rateLimited: number;
  /** Requests answered by an injected fault. */
  faulted: number;
}

/**
 * Makes the next `count` (default 1) matching `/v1` requests fail: wait `delayMs`, then close the
 * connection without a response (`dropConnection`), answer `status` with a Clerk error body (code
 * `emulator_fault`, `Retry-After: retryAfter` when given), or a truncated JSON body
 * (`malformedJson`); with none of these, the request is then served normally.
 */
export interface Fault {
  status?: number;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
  delayMs?: number;
  malformedJson?: boolean;
  dropConnection?: boolean;
  count?: number;
  /** `GET`, `POST`, ...; any method when absent. */
  method?: string;
  /** A path prefix such as `/v1/users` (the `/v1` may be left out); any path when absent. */
  path?: string;
}

/** At most `requests` requests per `perSeconds` (default 10) seconds for each secret key. */
export interface RateLimit {
  requests: number;
  perSeconds?: number;
}

/**
 * A local, stateful, in-memory Clerk users API (the `clerk-emulator` crate) serving on a
 * background thread of this process: every operation on its real path, Clerk's error bodies.
 */
export declare class Emulator {
  constructor(options?: EmulatorOptions);
  /** The same as `new Emulator(options)`, as a Promise. */
  static start(options?: EmulatorOptions): Promise<Emulator>;
  /** The API base, `http://127.0.0.1:PORT/v1`: give it to `new Clerk({ serverUrl })`. */
  readonly url: string;
  /** `http://127.0.0.1:PORT`; the emulator's own endpoints are under `/emulator/v1`. */
  readonly rootUrl: string;
  readonly port: number;
  /** Whether `close()` was called. */
  readonly closed: boolean;
  /** A `Clerk` pointed at this emulator (with its key unless `bearerAuth` is given). */
  client(options?: Partial<ClerkOptions>): Clerk;
  /** Forgets every user, every loaded object and every pending fault. */
  reset(): void;
  /** Adds users (objects as the API returns them, every field optional, plus their secrets); returns them as the API shows them. */
  loadUsers(users: EmulatorUser[]): User[];
  /** Adds the objects of a data document; returns the users added. */
  importData(data: EmulatorData): User[];
  /** Everything, as a data document that `importData` reads back. */
  exportData(): EmulatorExport;
  /** Queues a fault. */
  fault(fault: Fault): void;
  /** The faults not used up yet (with the uses they have left in `count`). */
  pendingFaults(): Promise<Fault[]>;
  /** Drops every pending fault (`reset()` does too, along with the data). */
  clearFaults(): Promise<void>;
  /** Limits the API as Clerk does (429 with `Retry-After` beyond the limit): `{ requests, perSeconds }` or `'20/1s'`; `null` lifts it. */
  setRateLimit(limit: RateLimit | string | null): void;
  /** The same as `setRateLimit(limit)`. */
  rateLimit(limit: RateLimit | string | null): void;
  /** The rate limit in force, or `null`. */
  getRateLimit(): Required<RateLimit> | null;
  /** Requests served, rate-limited and faulted since the start or the last `reset()`. */
  stats(): EmulatorStats;
  /** Sets the instance's settings (enforced by `create` and `update`); returns those now in force. */
  setInstance(settings: InstanceSettingsInput | InstancePreset): InstanceSettings;
  /** The instance's settings in force. */
  instance(): InstanceSettings;
  /** Stops serving; in-flight requests get a short grace period. Safe to call twice. */
  close(): Promise<void>;
  toJSON(): { url: string; closed: boolean };
}
