'use strict';
// clerk-backend/testing: the Rust emulator of Clerk's users API, in this process.
//
//   const { Emulator } = require('clerk-backend/testing');
//   const emu = new Emulator();               // a free port on 127.0.0.1
//   const clerk = emu.client();               // a Clerk pointed at it (serverUrl: emu.url)
//   ...
//   await emu.close();
//
// The names follow clerk_backend.testing.Emulator of the Python package, camelCased.

const native = require('./native.cjs');
const { Clerk } = require('./index.js');

/** The key `client()` uses when the emulator accepts any `sk_test_...` key. */
const DEFAULT_KEY = 'sk_test_emulator';

/**
 * A local, stateful, in-memory Clerk users API (the `clerk-emulator` crate) serving on a
 * background thread of this process. `options`: `{ host?, port?, secretKey?, data?, instance?,
 * rateLimit? }`; `port: 0` (the default) picks a free port, `secretKey` makes it accept that key
 * only, `data` is loaded at start (a data document), `instance` sets the instance's settings (or
 * a preset's name), `rateLimit` limits the API from the start (`'20/1s'`).
 */
class Emulator {
  #native;
  #secretKey;

  constructor(options = {}) {
    if (native.NativeEmulator === undefined) {
      throw new Error('this build of clerk-backend has no emulator (built without the `emulator` feature)');
    }
    this.#native = new native.NativeEmulator(options);
    this.#secretKey = options?.secretKey ?? DEFAULT_KEY;
  }

  /** Starts an emulator; the same as `new Emulator(options)`, as a Promise. */
  static async start(options) {
    return new Emulator(options);
  }

  /** The API base, `http://127.0.0.1:PORT/v1`: give it to `new Clerk({ serverUrl })`. */
  get url() {
    return this.#native.apiUrl;
  }

  /** `http://127.0.0.1:PORT`; the emulator's own endpoints are under `/emulator/v1`. */
  get rootUrl() {
    return this.#native.url;
  }

  get port() {
    return Number(new URL(this.#native.url).port);
  }

  /** Whether `close()` was called. */
  get closed() {
    return this.#native.closed;
  }

  /** A `Clerk` pointed at this emulator; `options` are those of `new Clerk` (all optional here). */
  client(options = {}) {
    return new Clerk({ bearerAuth: this.#secretKey, serverUrl: this.url, ...options });
  }

  /** Forgets every user, every loaded object and every pending fault. */
  reset() {
    this.#native.reset();
  }

  /**
   * Adds users: objects as the API returns them (every field optional; IDs and timestamps are
   * filled in), plus `password`, `passwordDigest` + `passwordHasher`, `totpSecret`,
   * `backupCodes`. Keys may be camelCase or snake_case; metadata contents are kept as given.
   * Returns the users added, as the API shows them.
   */
  loadUsers(users) {
    if (!Array.isArray(users)) throw new TypeError('loadUsers(): expected an array of users');
    return this.#native.load({ users });
  }

  /**
   * Adds the objects of a data document `{ users, organizationMemberships,
   * organizationInvitations, oauthAccessTokens, billingSubscriptions, billingCredits }` (the
   * format of the emulator's `--data` files; keys in camelCase or snake_case). Returns the users
   * added.
   */
  importData(data) {
    return this.#native.load(data);
  }

  /** Everything, as a data document (camelCase keys) that `importData` reads back. */
  exportData() {
    return this.#native.export();
  }

  /**
   * Makes the next matching requests fail: `{ status?, retryAfter?, delayMs?, malformedJson?,
   * dropConnection?, count?, method?, path? }`. `path` is a prefix such as `/v1/users` (or
   * `/users`); `count` defaults to 1.
   */
  fault(fault) {
    this.#native.fault(fault);
  }

  /**
   * Limits the API to `requests` per `perSeconds` (default 10) seconds per secret key, as Clerk
   * does: beyond it, 429 with `Retry-After`. `'20/1s'` says both at once; `null` lifts the limit.
   * `stats()` counts the 429s served.
   */
  setRateLimit(limit) {
    this.#native.setRateLimit(limit ?? null);
  }

  /** The same as `setRateLimit(limit)`. */
  rateLimit(limit) {
    this.setRateLimit(limit);
  }

  /** The rate limit in force, `{ requests, perSeconds }`, or `null`. */
  getRateLimit() {
    return this.#native.currentRateLimit();
  }

  /**
   * What was served since the start (or the last `reset()`): `{ requests, rateLimited, faulted }`
   * (`rateLimited`: the 429s of the rate limit; `faulted`: requests answered by a fault).
   */
  stats() {
    return this.#native.stats();
  }

  /**
   * Sets the instance's settings, enforced by `create` and `update` with Clerk's codes: a preset's
   * name (`'permissive'`, the default, or `'new_application'`) or `{ preset?, identifiers?,
   * password?, username? }`, whose keys left out keep the preset's values. `reset()` keeps them.
   * Returns the settings now in force.
   */
  setInstance(settings) {
    return this.#native.setInstance(settings);
  }

  /** The instance's settings in force. */
  instance() {
    return this.#native.instance();
  }

  /** The faults not used up yet (with the uses they have left in `count`). */
  async pendingFaults() {
    return (await this.#control('GET', 'faults')).map(camelKeys);
  }

  /** Drops every pending fault (`reset()` does too, along with the data). */
  async clearFaults() {
    await this.#control('DELETE', 'faults');
  }

  // The emulator's library has no Rust API to list or clear faults: its control endpoints
  // (on loopback) do it.
  async #control(method, endpoint) {
    if (this.closed) throw new Error('the emulator has been closed');
    // With a key, the control endpoints need it as the API does.
    const headers = { authorization: `Bearer ${this.#secretKey}` };
    const response = await fetch(`${this.rootUrl}/emulator/v1/${endpoint}`, { method, headers });
    if (!response.ok) throw new Error(`emulator control ${method} ${endpoint}: HTTP ${response.status}`);
    return response.json();
  }

  /** Stops serving; in-flight requests get a short grace period. Safe to call twice. */
  async close() {
    await this.#native.close();
  }

  async [Symbol.asyncDispose]() {
    await this.close();
  }

  toJSON() {
    return { url: this.url, closed: this.closed };
  }
}

/** `{ delay_ms: 1 }` -> `{ delayMs: 1 }` (faults hold no user data). */
function camelKeys(object) {
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c) => c.toUpperCase()), v]));
}

module.exports = { Emulator };
