// Type definitions of clerk-backend (the npm package): the client, its options and the error
// classes. The results, the parameters and the `Users` class are generated from the core into
// types.d.ts (`cargo run -p clerk-codegen`) and re-exported here.
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

/** A date-time sent as RFC 3339: a string, or a `Date` (sent as its ISO string). */
export type DateTimeInput = string | Date;

/** A file to upload. */
export interface ProfileImageFile {
  fileName: string;
  /** The bytes (a Buffer, any typed array or an ArrayBuffer), or a string sent as UTF-8. */
  content: Uint8Array | ArrayBufferView | ArrayBuffer | string;
  /** Guessed from `fileName` when not given, else `application/octet-stream`. */
  contentType?: string | null;
}

export * from './types';
import type { ClerkError, ClerkErrorsBody, Users } from './types';

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
  /**
   * Paces the client: at most `requests` calls in any window of `perSeconds`, shared by every
   * call; a 429 with `Retry-After` then pauses the whole client. `'auto'`: Clerk's documented
   * limit for the key's instance (100 per 10 s for `sk_test_` keys, 1000 per 10 s for `sk_live_`).
   * Waiting counts against each attempt's timeout. Off by default.
   */
  rateLimit?: { requests: number; perSeconds: number } | 'auto';
  /** At most this many calls in flight; the others wait their turn. */
  maxConcurrency?: number;
  /**
   * Called after each attempt of every call, on the event loop, for logs and metrics (a hook
   * that throws is reported with `process.emitWarning`).
   */
  onAttempt?: (event: AttemptInfo) => void;
}

/** What `onAttempt` receives. It never carries keys, bodies or metadata. */
export interface AttemptInfo {
  /** The operation's method name (`getOAuthAccessToken`). */
  operation: string;
  method: string;
  /** The path template (`/users/{user_id}`), not the path with IDs. */
  path: string;
  /** 1 for the first try. */
  attempt: number;
  /** The response's status, when a response came. */
  status?: number;
  durationMs: number;
  /** The error class's name when the attempt failed (`ClerkErrors`, `SDKError`, ...). */
  error?: string;
  /** Set when another attempt follows, after this many milliseconds. */
  retryInMs?: number;
  /** Set when a 429 paused the whole (paced) client for this many milliseconds. */
  pausedForMs?: number;
}

// ---------------------------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------------------------

/**
 * A client for Clerk's Backend API users operations: one connection pool per instance. Calls run
 * on native threads and never block the event loop. The secret key never shows in
 * `util.inspect`, `JSON.stringify` or an error message.
 */
export declare class Clerk {
  constructor(options: ClerkOptions);
  /** The users operations. */
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
  clerkTraceId: string | null | undefined;
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

/** Every operation, in the order of the reference docs. */
export declare const OPERATIONS: readonly OperationInfo[];

/** The library's version. */
export declare const VERSION: string;
