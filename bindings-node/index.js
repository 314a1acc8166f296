'use strict';
// clerk-backend for Node: the users API of Clerk's Backend API on a Rust core.
//
//   const { Clerk } = require('clerk-backend');
//   const clerk = new Clerk({ bearerAuth: process.env.CLERK_SECRET_KEY });
//   const users = await clerk.users.list({ emailAddress: ['ada@example.com'] });
//
// Each method only hands its arguments to the native core (bindings-node/src), which checks them,
// encodes the request, sends it with retries on its own threads and decodes the result; see `run`.

const util = require('node:util');
const native = require('./native.cjs');
const errors = require('./errors.js');

/**
 * Runs one operation: the native call returns a Promise of the result as JSON text, its keys
 * already camelCased (V8's JSON.parse builds the objects much faster than native code can
 * through Node-API), or of `{ error }`; an argument of the wrong type or an unknown key throws a
 * TypeError before any I/O.
 */
async function run(client, op, params, options) {
  const signal = options !== null && typeof options === 'object' ? options.signal : undefined;
  const reply = signal === undefined
    ? await client.call(op, params, options)
    : await cancellable(client, op, params, options, signal);
  if (typeof reply === 'string') return JSON.parse(reply);
  if (Array.isArray(reply)) return parseParts(reply);
  if (reply.cancelled) throw signal.reason;
  throw errors.fromPayload(reply.error);
}

/**
 * A call with `options.signal`: like `fetch`, an aborted signal rejects with its `reason` (an
 * `AbortError` unless given), before any I/O when it is already aborted; otherwise the native
 * call is cancelled (its request dropped) when the signal aborts.
 */
async function cancellable(client, op, params, options, signal) {
  if (!(signal instanceof AbortSignal)) {
    const error = new TypeError(`users.${op}(): option \`signal\` must be an AbortSignal`);
    error.code = 'ERR_INVALID_ARG_TYPE';
    throw error;
  }
  signal.throwIfAborted();
  const { signal: _taken, ...rest } = options;
  const token = new native.CancelToken();
  const cancel = () => token.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    return await client.call(op, params, rest, token);
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

/**
 * A long array comes as the texts of arrays of its items, in order, each small enough for V8 to
 * allocate cheaply (a string over 128 KiB costs a fresh memory mapping).
 */
function parseParts(parts) {
  const items = JSON.parse(parts[0]);
  for (let i = 1; i < parts.length; i++) {
    for (const item of JSON.parse(parts[i])) items.push(item);
  }
  return items;
}

/** The 32 users operations. Every method takes its parameters and `{ retries, serverUrl, timeoutMs, httpHeaders, maxResponseBytes, signal }`. */
class Users {
  #client;

  constructor(client) {
    this.#client = client;
  }

  /** List all users, newest first unless `orderBy` says otherwise. */
  async list(params, options) {
    return await run(this.#client, 'list', params, options);
  }

  /** Create a new user. */
  async create(params, options) {
    return await run(this.#client, 'create', params, options);
  }

  /** Count the users matching the same filters as `list`. */
  async count(params, options) {
    return await run(this.#client, 'count', params, options);
  }

  /** Retrieve a user. */
  async get(params, options) {
    return await run(this.#client, 'get', params, options);
  }

  /** Update a user's attributes; `null` clears a field. */
  async update(params, options) {
    return await run(this.#client, 'update', params, options);
  }

  /** Delete a user. */
  async delete(params, options) {
    return await run(this.#client, 'delete', params, options);
  }

  /** Ban a user: revoke their sessions and block sign-in. */
  async ban(params, options) {
    return await run(this.#client, 'ban', params, options);
  }

  /** Remove a user's ban. */
  async unban(params, options) {
    return await run(this.#client, 'unban', params, options);
  }

  /** Ban up to 50 users. */
  async bulkBan(params, options) {
    return await run(this.#client, 'bulkBan', params, options);
  }

  /** Unban up to 50 users. */
  async bulkUnban(params, options) {
    return await run(this.#client, 'bulkUnban', params, options);
  }

  /** Lock a user until the lock expires. */
  async lock(params, options) {
    return await run(this.#client, 'lock', params, options);
  }

  /** Remove a user's lock. */
  async unlock(params, options) {
    return await run(this.#client, 'unlock', params, options);
  }

  /** Upload a user's profile image (`file: { fileName, content, contentType? }`). */
  async setProfileImage(params, options) {
    return await run(this.#client, 'setProfileImage', params, options);
  }

  /** Delete a user's profile image. */
  async deleteProfileImage(params, options) {
    return await run(this.#client, 'deleteProfileImage', params, options);
  }

  /** Deep-merge metadata into a user's; `null` deletes a key. */
  async updateMetadata(params, options) {
    return await run(this.#client, 'updateMetadata', params, options);
  }

  /** Retrieve a user's billing subscription. */
  async getBillingSubscription(params, options) {
    return await run(this.#client, 'getBillingSubscription', params, options);
  }

  /** Retrieve a user's credit balance. */
  async getBillingCreditBalance(params, options) {
    return await run(this.#client, 'getBillingCreditBalance', params, options);
  }

  /** Increase or decrease a user's credit balance (idempotent per `idempotencyKey`). */
  async adjustBillingCreditBalance(params, options) {
    return await run(this.#client, 'adjustBillingCreditBalance', params, options);
  }

  /** Retrieve the OAuth access tokens of a user for a provider. */
  async getOAuthAccessToken(params, options) {
    return await run(this.#client, 'getOAuthAccessToken', params, options);
  }

  /** A page of the user's organization memberships. */
  async getOrganizationMemberships(params, options) {
    return await run(this.#client, 'getOrganizationMemberships', params, options);
  }

  /** A page of the user's organization invitations. */
  async getOrganizationInvitations(params, options) {
    return await run(this.#client, 'getOrganizationInvitations', params, options);
  }

  /** Check a user's password (a wrong password is an error). */
  async verifyPassword(params, options) {
    return await run(this.#client, 'verifyPassword', params, options);
  }

  /** Check a TOTP or backup code (a backup code is consumed). */
  async verifyTotp(params, options) {
    return await run(this.#client, 'verifyTotp', params, options);
  }

  /** Disable all of a user's MFA methods. */
  async disableMfa(params, options) {
    return await run(this.#client, 'disableMfa', params, options);
  }

  /** Disable all of a user's backup codes. */
  async deleteBackupCodes(params, options) {
    return await run(this.#client, 'deleteBackupCodes', params, options);
  }

  /** Delete a passkey of a user. */
  async deletePasskey(params, options) {
    return await run(this.#client, 'deletePasskey', params, options);
  }

  /** Delete a web3 wallet of a user. */
  async deleteWeb3Wallet(params, options) {
    return await run(this.#client, 'deleteWeb3Wallet', params, options);
  }

  /** Delete all of a user's TOTPs. */
  async deleteTotp(params, options) {
    return await run(this.#client, 'deleteTotp', params, options);
  }

  /** Delete an external account of a user. */
  async deleteExternalAccount(params, options) {
    return await run(this.#client, 'deleteExternalAccount', params, options);
  }

  /** Mark a user's password as compromised. */
  async setPasswordCompromised(params, options) {
    return await run(this.#client, 'setPasswordCompromised', params, options);
  }

  /** Clear the compromised mark of a user's password. */
  async unsetPasswordCompromised(params, options) {
    return await run(this.#client, 'unsetPasswordCompromised', params, options);
  }

  /** Every organization membership of the instance. */
  async getInstanceOrganizationMemberships(params, options) {
    return await run(this.#client, 'getInstanceOrganizationMemberships', params, options);
  }
}

/**
 * A client for Clerk's Backend API users operations: one connection pool per instance.
 *
 * `new Clerk({ bearerAuth, serverUrl?, retryConfig?, timeoutMs?, apiVersion?, httpHeaders?, maxResponseBytes?,
 *   allowInsecureHttp? })`.
 * `retryConfig`: not given, the default (backoff from 500 ms, 60 s in all); `null`, no retries.
 * The secret key is kept in native memory only: it is not a property of this object and never
 * shows in `util.inspect`, `JSON.stringify` or an error message.
 */
class Clerk {
  #native;

  constructor(options) {
    this.#native = new native.NativeClient(options);
    /** The 32 users operations. */
    this.users = new Users(this.#native);
  }

  /** The server URL calls go to (`https://api.clerk.com/v1` unless `serverUrl` was given). */
  get serverUrl() {
    return this.#native.serverUrl;
  }

  toJSON() {
    return { serverUrl: this.serverUrl, bearerAuth: '<redacted>' };
  }

  [util.inspect.custom](depth, options, inspect) {
    return `Clerk ${inspect(this.toJSON(), options)}`;
  }
}

/** The 32 operations as `{ name, jsName, response, params, clerkErrorStatuses }`, from the core's one table. */
const OPERATIONS = Object.freeze(native.operations().map((op) => Object.freeze(op)));

module.exports = {
  Clerk,
  Users,
  ClerkBaseError: errors.ClerkBaseError,
  ClerkErrors: errors.ClerkErrors,
  SDKError: errors.SDKError,
  ResponseValidationError: errors.ResponseValidationError,
  ClerkConnectionError: errors.ClerkConnectionError,
  ClerkTimeoutError: errors.ClerkTimeoutError,
  ClerkInternalError: errors.ClerkInternalError,
  // The names of the official SDK's TypeScript flavour, for code moving over.
  ConnectionError: errors.ClerkConnectionError,
  RequestTimeoutError: errors.ClerkTimeoutError,
  OPERATIONS,
  VERSION: native.version(),
};
