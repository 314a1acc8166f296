'use strict';
// The error classes of clerk-backend. The native core classifies every failure and hands back a
// plain payload (kind, message, statusCode, body, headers, retryAfter, data); `fromPayload`
// builds the matching class here, so that `instanceof` works and the classes live in one place.

/** Base of every error of this library; `statusCode`, `body` and `headers` are set when there was a response. */
class ClerkBaseError extends Error {
  /**
   * @param {string} message
   * @param {{ statusCode?: number, body?: string, headers?: Record<string, string>, retryAfter?: number, cause?: unknown }} [fields]
   */
  constructor(message, fields = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    /** HTTP status of the response, when there was one. */
    this.statusCode = fields.statusCode;
    /** The response body as text, when there was a response. */
    this.body = fields.body;
    /** The response headers (lowercase names), `{}` when there was no response. */
    this.headers = fields.headers ?? {};
    /** `Retry-After` of the response, in seconds, when it had one. */
    this.retryAfter = fields.retryAfter;
  }

  toJSON() {
    const out = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (value !== undefined) out[key] = value;
    }
    if (this.cause !== undefined) out.cause = String(this.cause);
    return out;
  }
}

/** A status that the operation's docs list for `ClerkErrors`, with a JSON error body. */
class ClerkErrors extends ClerkBaseError {
  /**
   * @param {string} message
   * @param {{ data?: { errors: Array<object>, meta?: Record<string, unknown>, clerkTraceId?: string | null } } & ConstructorParameters<typeof ClerkBaseError>[1]} [fields]
   */
  constructor(message, fields = {}) {
    super(message, fields);
    /** The parsed error body: `errors[i].{message, longMessage, code, meta}`, `meta`, `clerkTraceId`. */
    this.data = fields.data ?? { errors: [] };
    /** The request's trace ID; give it to Clerk's support. */
    this.clerkTraceId = this.data.clerkTraceId;
  }

  /** Shortcut for `data.errors`. */
  get errors() {
    return this.data.errors;
  }
}

/** Any other 4XX/5XX response. */
class SDKError extends ClerkBaseError {}

/** A success response whose body could not be decoded; `cause` says why. */
class ResponseValidationError extends ClerkBaseError {}

/** No response: the connection was refused, reset, or could not be set up (DNS, TLS). */
class ClerkConnectionError extends ClerkBaseError {}

/** No response within the timeout of an attempt. */
class ClerkTimeoutError extends ClerkBaseError {
  constructor(message, fields = {}) {
    super(message, fields);
    /** The per-attempt timeout that expired, in milliseconds. */
    this.timeoutMs = fields.timeoutMs;
  }
}

/** A bug inside the native code (a Rust panic), reported instead of crashing the process. */
class ClerkInternalError extends ClerkBaseError {}

const EXPORTED = {
  ClerkBaseError,
  ClerkErrors,
  SDKError,
  ResponseValidationError,
  ClerkConnectionError,
  ClerkTimeoutError,
  ClerkInternalError,
};

for (const cls of Object.values(EXPORTED)) {
  Object.defineProperty(cls.prototype, 'name', { value: cls.name, writable: true, configurable: true });
}

const CLASSES = {
  ClerkErrors,
  SDKError,
  ResponseValidationError,
  ConnectionError: ClerkConnectionError,
  TimeoutError: ClerkTimeoutError,
  InternalError: ClerkInternalError,
};

/**
 * `value` (a parsed result) with the integers `JSON.parse` would not read exactly made BigInts:
 * `exact` (JSON text from the native core) lists each as `[path, digits]`, the text holding the
 * digits as a string there.
 */
function exactNumbers(value, exact) {
  for (const [path, digits] of JSON.parse(exact)) {
    let holder = value;
    for (let i = 0; i < path.length - 1; i++) holder = holder[path[i]];
    holder[path[path.length - 1]] = BigInt(digits);
  }
  return value;
}

/** The error for a payload of the native core. */
function fromPayload(payload) {
  if (payload.kind === 'InvalidArgument') {
    // Refused before any I/O (an empty ID, `limit` out of range, ...): a TypeError, as for a
    // wrong argument type.
    const error = new TypeError(payload.message);
    error.code = 'ERR_INVALID_ARG_VALUE';
    error.parameter = payload.parameter;
    return error;
  }
  const Class = CLASSES[payload.kind] ?? ClerkBaseError;
  const fields = {
    statusCode: payload.statusCode,
    body: payload.body,
    headers: payload.headers,
    retryAfter: payload.retryAfter,
    data: payload.dataExact === undefined ? payload.data : exactNumbers(payload.data, payload.dataExact),
    timeoutMs: payload.timeoutMs,
  };
  if (payload.cause !== undefined) fields.cause = payload.cause;
  return new Class(payload.message, fields);
}

module.exports = { ...EXPORTED, fromPayload, exactNumbers };
