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
 * through Node-API), with the integers to make BigInts when there are any (`{ json, exact }`),
 * or of `{ error }`; an argument of the wrong type or an unknown key throws a TypeError before
 * any I/O.
 */
async function run(client, op, params, options) {
  let signal;
  try {
    signal = options !== null && typeof options === 'object' ? options.signal : undefined;
  } catch (error) {
    throw unreadable(`users.${op}()`, error);
  }
  const reply = signal === undefined
    ? await client.call(op, params, options)
    : await cancellable(client, op, params, options, signal);
  if (typeof reply === 'string') return JSON.parse(reply);
  if (Array.isArray(reply)) return parseParts(reply);
  if (reply.exact !== undefined) {
    const value = typeof reply.json === 'string' ? JSON.parse(reply.json) : parseParts(reply.json);
    return errors.exactNumbers(value, reply.exact);
  }
  if (reply.cancelled) throw signal.reason;
  throw errors.fromPayload(reply.error);
}

/**
 * The TypeError for an options object whose getter or Proxy trap threw while it was read, as
 * the native core reports any argument it cannot read.
 */
function unreadable(context, thrown) {
  let text;
  try {
    text = `"${String(thrown).slice(0, 200)}"`;
  } catch {
    text = 'an exception';
  }
  const error = new TypeError(`${context}: the options could not be read: it threw ${text}`);
  error.code = 'ERR_INVALID_ARG_TYPE';
  return error;
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
  let rest;
  try {
    const { signal: _taken, ...others } = options;
    rest = others;
  } catch (error) {
    throw unreadable(`users.${op}()`, error);
  }
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

/** The operations of the core's table, as `{ name, jsName, response, params, clerkErrorStatuses }`. */
const OPERATIONS = Object.freeze(native.operations().map((op) => Object.freeze(op)));

/**
 * The users operations: one method per operation of the core's table (their types and docs are
 * in types.d.ts). Every method takes its parameters and `{ retries, serverUrl, timeoutMs,
 * httpHeaders, maxResponseBytes, signal }`.
 */
class Users {
  #client;

  constructor(client) {
    this.#client = client;
  }

  /**
   * Every user matching `params` (the filters of `list`), newest first (`orderBy: '+created_at'`:
   * oldest first), fetched `pageSize` (default 500, at most 500) a page by cursor as the iteration
   * goes: users created or deleted meanwhile never make it skip or repeat another. Each page is
   * retried like any call; an error rejects after the users before it; leaving the loop sends
   * nothing more. What cannot be walked by cursor (another `orderBy`, an `offset`) throws a
   * TypeError at once.
   *
   * Deleting the users as they come is safe: when a page's cursor (the previous page's last user)
   * is refused (any 4XX but 401, 403 and 429, as ClerkErrors or SDKError), the page is asked for once
   * more by creation time from that user's millisecond on, without yielding again the users the
   * previous page gave.
   */
  listAll(params, options) {
    let pageSize = native.DEFAULT_PAGE_SIZE;
    let filters = params;
    if (params !== null && typeof params === 'object' && !Array.isArray(params) && 'pageSize' in params) {
      ({ pageSize, ...filters } = params);
      // The core checks the range; anything beyond 32 bits would not reach it intact.
      if (!Number.isInteger(pageSize) || pageSize < 0 || pageSize > 0xffffffff) {
        const error = new TypeError(
          `users.listAll(): parameter \`pageSize\` must be an integer from 1 to ${native.MAX_PAGE_SIZE}`,
        );
        error.code = 'ERR_INVALID_ARG_TYPE';
        throw error;
      }
    }
    const pages = new native.UserPages(filters, pageSize);
    const client = this.#client;
    return {
      async *[Symbol.asyncIterator]() {
        for (let next = pages.nextParams(); next !== null; next = pages.nextParams()) {
          let page;
          try {
            page = await run(client, 'list', next, options);
          } catch (error) {
            const status = error instanceof errors.ClerkErrors || error instanceof errors.SDKError ? error.statusCode : undefined;
            if (typeof status === 'number' && pages.recover(status)) continue;
            throw error;
          }
          // After a refused cursor, the users the previous page gave are not yielded again.
          const skip = pages.advance(page.map((user) => user.id), page.length > 0 ? page[page.length - 1].createdAt : undefined);
          for (let at = 0; at < page.length; at++) {
            if (!skip.includes(at)) yield page[at];
          }
        }
      },
    };
  }

  static {
    for (const { jsName } of OPERATIONS) {
      // A method of the class body (it reads `#client`), named after its operation.
      const { [jsName]: method } = {
        async [jsName](params, options) {
          return await run(this.#client, jsName, params, options);
        },
      };
      Object.defineProperty(Users.prototype, jsName, { value: method, writable: true, configurable: true });
    }
  }
}

/**
 * A client for Clerk's Backend API users operations: one connection pool per instance.
 *
 * `new Clerk({ bearerAuth, serverUrl?, retryConfig?, timeoutMs?, apiVersion?, httpHeaders?, maxResponseBytes?,
 *   allowInsecureHttp?, rateLimit?, maxConcurrency?, onAttempt? })`.
 * `retryConfig`: not given, the default (backoff from 500 ms, 60 s in all); `null`, no retries.
 * `rateLimit`: `{ requests, perSeconds }` or `'auto'` (Clerk's documented limit for the key's
 * instance) paces every call of the client, and a 429 with `Retry-After` then pauses them all;
 * `maxConcurrency`: at most this many calls in flight; `onAttempt(event)`: called on the event
 * loop after each attempt (see `AttemptInfo` in index.d.ts). Pacing is off unless one is given.
 * The secret key is kept in native memory only: it is not a property of this object and never
 * shows in `util.inspect`, `JSON.stringify` or an error message.
 */
class Clerk {
  #native;

  constructor(options) {
    let config = options;
    let hook;
    let onAttempt;
    try {
      if (options !== null && typeof options === 'object' && !Array.isArray(options) && 'onAttempt' in options) {
        let rest;
        ({ onAttempt, ...rest } = options);
        config = rest;
      }
    } catch (error) {
      throw unreadable('new Clerk()', error);
    }
    if (onAttempt !== undefined && onAttempt !== null) {
      if (typeof onAttempt !== 'function') {
        const error = new TypeError('new Clerk(): option `onAttempt` must be a function');
        error.code = 'ERR_INVALID_ARG_TYPE';
        throw error;
      }
      // A throwing hook must not take the process down from the client's threads.
      hook = (event) => {
        try {
          onAttempt(event);
        } catch (error) {
          process.emitWarning(`clerk-backend: onAttempt threw: ${error}`);
        }
      };
    }
    this.#native = new native.NativeClient(config, hook);
    /** The users operations. */
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
