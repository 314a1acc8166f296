'use strict';
// Errors: the docs' status table of every operation (through the emulator's faults), error
// fields, undecodable bodies, transport errors, timeouts and retries.

const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');

const {
  Clerk,
  ClerkBaseError,
  ClerkConnectionError,
  ClerkErrors,
  ClerkTimeoutError,
  ConnectionError,
  OPERATIONS,
  RequestTimeoutError,
  ResponseValidationError,
  SDKError,
} = require('clerk-backend');
const { Emulator } = require('clerk-backend/testing');
const TABLE = require('./error-table.js');
const { FAST_RETRIES, SECRET, camelArgs, freePort, loadVectors, startMock } = require('./helpers.js');

/** Valid arguments of each operation: those of its first wire vector. */
const SAMPLE = Object.fromEntries(loadVectors().map((v) => [v.operation, camelArgs(v.cases[0].args)]));

let emu;
let clerk;
let mock;

before(async () => {
  emu = new Emulator();
  clerk = emu.client({ retryConfig: null });
  mock = await startMock();
});
after(async () => {
  await emu.close();
  await mock.close();
});

async function failure(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('the call succeeded');
}

test('the error table covers every operation and matches the core', () => {
  assert.deepEqual(Object.keys(TABLE).sort(), OPERATIONS.map((op) => op.name).sort());
  for (const op of OPERATIONS) {
    assert.deepEqual([...op.clerkErrorStatuses].sort(), [...TABLE[op.name]].sort(), op.name);
  }
});

describe('the error table of each operation', () => {
  for (const op of OPERATIONS) {
    test(op.jsName, async () => {
      const listed = TABLE[op.name];
      for (const status of listed) {
        emu.fault({ status, retryAfter: 7 });
        const error = await failure(clerk.users[op.jsName](SAMPLE[op.name]));
        assert.ok(error instanceof ClerkErrors, `${op.jsName} ${status}: ${error}`);
        assert.ok(error instanceof ClerkBaseError && error instanceof Error);
        assert.equal(error.name, 'ClerkErrors');
        assert.equal(error.statusCode, status);
        assert.equal(error.retryAfter, 7);
        assert.equal(error.headers['retry-after'], '7');
        assert.match(error.headers['content-type'], /application\/json/);
        const body = JSON.parse(error.body);
        assert.equal(body.errors[0].code, 'emulator_fault');
        const [first] = error.data.errors;
        assert.equal(first.code, 'emulator_fault');
        assert.equal(first.message, body.errors[0].message);
        assert.equal(first.longMessage, body.errors[0].long_message);
        assert.equal(error.errors, error.data.errors);
        assert.equal(typeof error.clerkTraceId, 'string');
        assert.equal(error.clerkTraceId, body.clerk_trace_id);
        assert.equal(error.data.clerkTraceId, body.clerk_trace_id);
        assert.ok(error.message.includes(String(status)), error.message);
      }
      // Statuses the table does not list: SDKError, with the same response fields.
      const others = [418, 429, 502, 503].concat(listed.includes(500) ? [] : [500]);
      for (const status of others.filter((s) => !listed.includes(s))) {
        emu.fault({ status });
        const error = await failure(clerk.users[op.jsName](SAMPLE[op.name]));
        assert.ok(error instanceof SDKError, `${op.jsName} ${status}: ${error}`);
        assert.ok(!(error instanceof ClerkErrors));
        assert.equal(error.statusCode, status);
        assert.equal(error.retryAfter, undefined);
        assert.equal(JSON.parse(error.body).errors[0].code, 'emulator_fault');
      }
    });
  }
});

describe('error fields', () => {
  test('a listed status with a body that is not JSON is an SDKError', async () => {
    const c = new Clerk({ bearerAuth: SECRET, serverUrl: mock.base, retryConfig: null });
    mock.respond({ status: 404, headers: { 'content-type': 'text/html' }, raw: '<h1>Not Found</h1>' });
    const error = await failure(c.users.get({ userId: 'user_1' }));
    assert.ok(error instanceof SDKError);
    assert.equal(error.statusCode, 404);
    assert.equal(error.body, '<h1>Not Found</h1>');
    assert.equal(error.headers['content-type'], 'text/html');
  });

  test('ClerkErrors keeps meta, unknown fields and the trace ID of the body', async () => {
    const c = new Clerk({ bearerAuth: SECRET, serverUrl: mock.base, retryConfig: null });
    mock.respond({
      status: 422,
      headers: { 'retry-after': '2' },
      body: {
        errors: [
          {
            message: 'is taken',
            long_message: 'That email address is taken.',
            code: 'form_identifier_exists',
            meta: { param_name: 'email_address' },
          },
        ],
        meta: { some_key: 1 },
        clerk_trace_id: 'trace_123',
      },
    });
    const error = await failure(c.users.create({ emailAddress: ['a@example.com'] }));
    assert.ok(error instanceof ClerkErrors);
    assert.deepEqual(error.data, {
      errors: [
        {
          message: 'is taken',
          longMessage: 'That email address is taken.',
          code: 'form_identifier_exists',
          meta: { param_name: 'email_address' },
        },
      ],
      meta: { some_key: 1 },
      clerkTraceId: 'trace_123',
    });
    assert.equal(error.clerkTraceId, 'trace_123');
    assert.equal(error.retryAfter, 2);
    assert.match(error.message, /That email address is taken/);
    assert.match(error.message, /trace_123/);
    const json = JSON.parse(JSON.stringify(error));
    assert.equal(json.name, 'ClerkErrors');
    assert.equal(json.statusCode, 422);
    assert.equal(json.clerkTraceId, 'trace_123');
  });

  test('ClerkErrors data keeps keys sent as null and big numbers exactly, as results do', async () => {
    const c = new Clerk({ bearerAuth: SECRET, serverUrl: mock.base, retryConfig: null });
    const raw =
      '{"errors":[{"message":"m","long_message":"l","code":"c","meta":{"big":1e400,"huge":123456789012345678901234567890,' +
      '"neg":-1e400,"none":null,"snake_key":{"a_b":1}}},{"message":"n","long_message":null,"code":"d","meta":null}],' +
      '"meta":null,"clerk_trace_id":null,"extra_key":{"inner_key":null}}';
    mock.respond({ status: 422, headers: { 'content-type': 'application/json' }, raw });
    const error = await failure(c.users.create({ emailAddress: ['a@example.com'] }));
    assert.ok(error instanceof ClerkErrors, String(error));
    const [first, second] = error.data.errors;
    // Exactly, as a result reads them: BigInts where JSON.parse would round them.
    assert.equal(first.meta.big, 10n ** 400n);
    assert.equal(first.meta.neg, -(10n ** 400n));
    assert.equal(first.meta.huge, 123456789012345678901234567890n);
    assert.deepEqual(first.meta.snake_key, { a_b: 1 });
    assert.equal(first.meta.none, null);
    // Optional keys sent as null stay null; a required one takes its default, as in results.
    assert.ok('meta' in second && second.meta === null);
    assert.equal(second.longMessage, '');
    assert.ok('meta' in error.data && error.data.meta === null);
    assert.ok('clerkTraceId' in error.data && error.data.clerkTraceId === null);
    assert.deepEqual(error.data.extraKey, { innerKey: null });
    // The same body as a result's metadata reads the same.
    mock.respond({ status: 200, headers: { 'content-type': 'application/json' }, raw: `{"id":"user_1","public_metadata":${raw}}` });
    const user = await c.users.get({ userId: 'user_1' });
    assert.deepEqual(user.publicMetadata.errors[0].meta, first.meta);
  });

  test('a success body that is not JSON is a ResponseValidationError', async () => {
    emu.fault({ malformedJson: true });
    const error = await failure(clerk.users.get({ userId: 'user_1' }));
    assert.ok(error instanceof ResponseValidationError, String(error));
    assert.ok(error instanceof ClerkBaseError);
    assert.equal(error.statusCode, 200);
    assert.ok(error.body.startsWith('{"object": "user"'));
    assert.equal(typeof error.cause, 'string');
  });

  test('a success body of the wrong shape is a ResponseValidationError', async () => {
    const c = new Clerk({ bearerAuth: SECRET, serverUrl: mock.base, retryConfig: null });
    mock.respond({ status: 200, body: { not: 'a list' } });
    const error = await failure(c.users.list());
    assert.ok(error instanceof ResponseValidationError);
    assert.equal(error.body, '{"not":"a list"}');
  });

  test('unknown fields and enum values survive, camelCased outside metadata', async () => {
    const c = new Clerk({ bearerAuth: SECRET, serverUrl: mock.base, retryConfig: null });
    mock.respond({
      status: 200,
      body: {
        verified: true,
        code_type: 'passkey_code',
        brand_new_field: { inner_key: [1, { deep_key: null }] },
      },
    });
    const result = await c.users.verifyTotp({ userId: 'user_1', code: '123456' });
    assert.deepEqual(result, {
      verified: true,
      codeType: 'passkey_code',
      brandNewField: { innerKey: [1, { deepKey: null }] },
    });
  });
});

describe('transport errors and timeouts', () => {
  test('a refused connection is a ClerkConnectionError', async () => {
    const port = await freePort();
    const c = new Clerk({ bearerAuth: SECRET, serverUrl: `http://127.0.0.1:${port}/v1`, retryConfig: null });
    const error = await failure(c.users.get({ userId: 'user_1' }));
    assert.ok(error instanceof ClerkConnectionError, String(error));
    assert.ok(error instanceof ConnectionError);
    assert.ok(error instanceof ClerkBaseError);
    assert.equal(error.name, 'ClerkConnectionError');
    assert.equal(error.statusCode, undefined);
    assert.deepEqual(error.headers, {});
    assert.ok(!error.message.includes(SECRET));
  });

  test('a connection closed without a response is a ClerkConnectionError', async () => {
    emu.fault({ dropConnection: true });
    const error = await failure(clerk.users.get({ userId: 'user_1' }));
    assert.ok(error instanceof ClerkConnectionError, String(error));
  });

  test('no response within timeoutMs is a ClerkTimeoutError (client and per call)', async () => {
    const slow = emu.client({ retryConfig: null, timeoutMs: 150 });
    emu.fault({ delayMs: 1000 });
    let started = Date.now();
    let error = await failure(slow.users.list());
    assert.ok(error instanceof ClerkTimeoutError, String(error));
    assert.ok(error instanceof RequestTimeoutError);
    assert.equal(error.timeoutMs, 150);
    assert.ok(Date.now() - started < 900);

    emu.fault({ delayMs: 1000 });
    started = Date.now();
    error = await failure(clerk.users.list({}, { timeoutMs: 100 }));
    assert.ok(error instanceof ClerkTimeoutError);
    assert.equal(error.timeoutMs, 100);
    assert.ok(Date.now() - started < 900);
  });
});

describe('retries', () => {
  let c;
  before(() => {
    c = new Clerk({ bearerAuth: SECRET, serverUrl: mock.base, retryConfig: FAST_RETRIES });
  });

  test('5XX and 429 are retried until a success', async () => {
    mock.respond({ status: 503, body: {} }, { status: 429, body: {} }, { status: 502, body: {} }, { status: 200, body: { verified: true } });
    const result = await c.users.verifyPassword({ userId: 'user_1', password: 'x' });
    assert.deepEqual(result, { verified: true });
    assert.equal(mock.requests.length, 4);
  });

  test('retries: null makes one attempt; per-call retries replace the client config', async () => {
    mock.respond({ status: 503, body: {} }, { status: 200, body: { verified: true } });
    const error = await failure(c.users.verifyPassword({ userId: 'user_1', password: 'x' }, { retries: null }));
    assert.ok(error instanceof SDKError);
    assert.equal(mock.requests.length, 1);

    const none = new Clerk({ bearerAuth: SECRET, serverUrl: mock.base, retryConfig: null });
    mock.respond({ status: 503, body: {} }, { status: 200, body: { verified: true } });
    await failure(none.users.verifyPassword({ userId: 'user_1', password: 'x' }));
    assert.equal(mock.requests.length, 1);
    mock.respond({ status: 503, body: {} }, { status: 200, body: { verified: true } });
    const ok = await none.users.verifyPassword({ userId: 'user_1', password: 'x' }, { retries: FAST_RETRIES });
    assert.deepEqual(ok, { verified: true });
    assert.equal(mock.requests.length, 2);

    mock.respond({ status: 503, body: {} }, { status: 200, body: { verified: true } });
    await failure(c.users.verifyPassword({ userId: 'user_1', password: 'x' }, { retries: { strategy: 'none' } }));
    assert.equal(mock.requests.length, 1);
  });

  test('a create is not repeated after a 500 (it may have been applied), but is after a 503', async () => {
    mock.respond({ status: 500, body: {} }, { status: 200, body: { id: 'user_1' } });
    const error = await failure(c.users.create({ firstName: 'A' }));
    assert.ok(error instanceof SDKError);
    assert.equal(mock.requests.length, 1);
    mock.respond({ status: 503, body: {} }, { status: 200, body: { id: 'user_1', object: 'user' } });
    const user = await c.users.create({ firstName: 'A' });
    assert.equal(user.id, 'user_1');
    assert.equal(mock.requests.length, 2);
  });

  test('Retry-After is honoured', async () => {
    emu.fault({ status: 429, retryAfter: 1, path: '/v1/users/count' });
    const retrying = emu.client({ retryConfig: FAST_RETRIES });
    const started = Date.now();
    const count = await retrying.users.count();
    assert.equal(count.totalCount, 0);
    assert.ok(Date.now() - started >= 950, `retried after ${Date.now() - started} ms`);
  });

  test('faults through the emulator: retried 503s, then the user', async () => {
    const retrying = emu.client({ retryConfig: FAST_RETRIES });
    const user = await retrying.users.create({ firstName: 'Retry' });
    emu.fault({ status: 503, count: 2, method: 'GET', path: `/users/${user.id}` });
    const got = await retrying.users.get({ userId: user.id });
    assert.equal(got.firstName, 'Retry');
  });

  test('the last error comes back when the retry budget is spent', async () => {
    const brief = new Clerk({
      bearerAuth: SECRET,
      serverUrl: mock.base,
      retryConfig: { strategy: 'backoff', backoff: { initialInterval: 20, maxInterval: 40, maxElapsedTime: 300 } },
    });
    mock.respond({ status: 503, headers: { 'retry-after': '0' }, body: { errors: [] } });
    const started = Date.now();
    const error = await failure(brief.users.get({ userId: 'user_1' }));
    assert.ok(error instanceof SDKError);
    assert.equal(error.statusCode, 503);
    assert.equal(error.retryAfter, 0);
    assert.ok(mock.requests.length >= 3, `${mock.requests.length} attempts`);
    assert.ok(Date.now() - started < 2000);
  });

  test('connection errors are retried unless retryConnectionErrors is false', async () => {
    const port = await freePort();
    const serverUrl = `http://127.0.0.1:${port}/v1`;
    const retrying = new Clerk({
      bearerAuth: SECRET,
      serverUrl,
      retryConfig: { strategy: 'backoff', backoff: { initialInterval: 50, maxInterval: 50, maxElapsedTime: 400 } },
    });
    let started = Date.now();
    let error = await failure(retrying.users.get({ userId: 'user_1' }));
    assert.ok(error instanceof ClerkConnectionError);
    assert.ok(Date.now() - started >= 100, 'retried for a while');

    const once = new Clerk({
      bearerAuth: SECRET,
      serverUrl,
      retryConfig: { ...FAST_RETRIES, backoff: { initialInterval: 500, maxElapsedTime: 5000 }, retryConnectionErrors: false },
    });
    started = Date.now();
    error = await failure(once.users.get({ userId: 'user_1' }));
    assert.ok(error instanceof ClerkConnectionError);
    assert.ok(Date.now() - started < 400, 'not retried');
  });

  test('the emulator rate limit answers 429 with Retry-After, and a retrying client waits it out', async () => {
    emu.reset();
    emu.rateLimit({ requests: 2, perSeconds: 1 });
    try {
      await clerk.users.count();
      await clerk.users.count();
      const error = await failure(clerk.users.count());
      assert.ok(error instanceof SDKError, String(error));
      assert.equal(error.statusCode, 429);
      assert.ok(error.retryAfter >= 1);
      const retrying = emu.client({ retryConfig: FAST_RETRIES });
      assert.equal((await retrying.users.count()).totalCount, 0);
    } finally {
      emu.rateLimit(null);
    }
  });
});
