'use strict';
// The client: argument checks (TypeError naming the parameter, before any I/O), options,
// null/undefined semantics, secret redaction, CommonJS and ESM entries, panic containment.

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const util = require('node:util');
const { after, before, describe, test } = require('node:test');

const clerkBackend = require('clerk-backend');
const { Clerk, ClerkBaseError, ClerkErrors, ClerkInternalError } = clerkBackend;
const { Emulator } = require('clerk-backend/testing');
const { REPO, SECRET, startMock } = require('./helpers.js');

let mock;
let clerk;

before(async () => {
  mock = await startMock();
  clerk = new Clerk({ bearerAuth: SECRET, serverUrl: mock.base, retryConfig: null });
});
after(() => mock.close());

/** Rejects with a TypeError whose message matches `pattern`, and nothing was sent. */
async function rejectsType(promise, pattern, code) {
  mock.requests = [];
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof TypeError, `${error?.constructor?.name}: ${error?.message}`);
    assert.match(error.message, pattern);
    if (code) assert.equal(error.code, code);
    return true;
  });
  assert.equal(mock.requests.length, 0, 'nothing was sent');
}

describe('arguments', () => {
  test('an unknown parameter is a TypeError naming it (with a hint for snake_case)', async () => {
    await rejectsType(clerk.users.get({ user_id: 'user_1' }), /unknown parameter `user_id` \(did you mean `userId`\?\)/, 'ERR_INVALID_ARG_VALUE');
    await rejectsType(clerk.users.get({ userId: 'user_1', userIds: ['x'] }), /users\.get\(\): unknown parameter `userIds`/);
    await rejectsType(clerk.users.list({ emailAdress: ['a@b.c'] }), /unknown parameter `emailAdress`/);
    await rejectsType(clerk.users.getInstanceOrganizationMemberships({ userId: 'x' }), /unknown parameter `userId`/);
  });

  test('a value of the wrong type is a TypeError naming the parameter', async () => {
    await rejectsType(clerk.users.list({ limit: 'ten' }), /users\.list\(\): parameter `limit`: invalid type: string "ten"/, 'ERR_INVALID_ARG_TYPE');
    await rejectsType(clerk.users.list({ emailAddress: 'a@example.com' }), /parameter `emailAddress`: invalid type: string/);
    await rejectsType(clerk.users.list({ emailAddress: ['a', 1] }), /parameter `emailAddress\[1\]`/);
    await rejectsType(clerk.users.list({ banned: 'yes' }), /parameter `banned`/);
    await rejectsType(clerk.users.list({ limit: 1.5 }), /parameter `limit`/);
    await rejectsType(clerk.users.list({ limit: -1 }), /parameter `limit`/);
    await rejectsType(clerk.users.list({ limit: Number.NaN }), /`limit` must be a finite number/);
    // serde_json keeps numbers as their text (arbitrary_precision): serde names them `number`.
    await rejectsType(clerk.users.get({ userId: 42 }), /parameter `userId`: invalid type: number, expected a string/);
    await rejectsType(clerk.users.get({ userId: () => 'x' }), /`userId` must not be a function/);
    await rejectsType(clerk.users.create({ publicMetadata: 'x' }), /parameter `publicMetadata`/);
    await rejectsType(clerk.users.create({ publicMetadata: { a: Symbol('s') } }), /`publicMetadata\.a` must not be a symbol/);
    await rejectsType(clerk.users.adjustBillingCreditBalance({ userId: 'u', amount: 1, action: 'increase' }), /missing required parameter `idempotencyKey`/);
    await rejectsType(clerk.users.get({}), /users\.get\(\): missing required parameter `userId`/);
    await rejectsType(clerk.users.get(), /missing required parameter `userId`/);
    await rejectsType(clerk.users.get('user_1'), /the parameters must be an object, got a string/);
    await rejectsType(clerk.users.get([]), /the parameters must be an object, got an array/);
    await rejectsType(clerk.users.getOrganizationInvitations({ userId: 'u', status: 42 }), /parameter `status`/);
  });

  test('file must be { fileName, content, contentType? }', async () => {
    const set = (file) => clerk.users.setProfileImage({ userId: 'u', file });
    await rejectsType(set('a.png'), /parameter `file` must be an object/);
    await rejectsType(set({ fileName: 'a.png' }), /missing required parameter `file\.content`/);
    await rejectsType(set({ content: 'x' }), /missing required parameter `file\.fileName`/);
    await rejectsType(set({ fileName: 1, content: 'x' }), /`file\.fileName` must be a string/);
    await rejectsType(set({ fileName: 'a', content: 1 }), /`file\.content` must be a Buffer, Uint8Array, ArrayBuffer or string/);
    await rejectsType(set({ fileName: 'a', content: 'x', file_name: 'b' }), /unknown key of `file` `file_name` \(did you mean `fileName`\?\)/);
  });

  test('values the core refuses are a TypeError naming the parameter, before any I/O', async () => {
    const check = async (promise, parameter) => {
      mock.requests = [];
      await assert.rejects(promise, (error) => {
        assert.ok(error instanceof TypeError, String(error));
        assert.equal(error.code, 'ERR_INVALID_ARG_VALUE');
        assert.equal(error.parameter, parameter);
        assert.match(error.message, new RegExp(`invalid argument \`${parameter.replace('.', '\\.')}\``));
        return true;
      });
      assert.equal(mock.requests.length, 0);
    };
    await check(clerk.users.list({ limit: 501 }), 'limit');
    await check(clerk.users.bulkBan({ userIds: [] }), 'userIds');
    await check(clerk.users.get({ userId: '' }), 'userId');
    await check(clerk.users.get({ userId: '..' }), 'userId');
    await check(clerk.users.deletePasskey({ userId: 'u', passkeyIdentificationId: '' }), 'passkeyIdentificationId');
    await check(clerk.users.adjustBillingCreditBalance({ userId: 'u', amount: 0, action: 'increase', idempotencyKey: 'k' }), 'amount');
    await check(clerk.users.adjustBillingCreditBalance({ userId: 'u', amount: 5, action: 'double', idempotencyKey: 'k' }), 'action');
    await check(clerk.users.get({ userId: 'u' }, { timeoutMs: 0 }), 'timeoutMs');
    await check(clerk.users.get({ userId: 'u' }, { serverUrl: 'ftp://x' }), 'serverUrl');
    await check(clerk.users.get({ userId: 'u' }, { retries: { strategy: 'backoff', backoff: { exponent: 0.5 } } }), 'retries.backoff.exponent');
  });

  test('undefined is "not given", null is sent as null, metadata keys are kept as written', async () => {
    mock.respond({ status: 200, body: { id: 'user_1', object: 'user' } });
    await clerk.users.update({
      userId: 'user_1',
      firstName: undefined,
      lastName: null,
      publicMetadata: { camelKey: 1, snake_key: { innerKey: null }, dropped: undefined },
      legalAcceptedAt: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
    });
    const body = JSON.parse(mock.requests[0].body);
    assert.deepEqual(body, {
      last_name: null,
      public_metadata: { camelKey: 1, snake_key: { innerKey: null } },
      legal_accepted_at: '2024-01-02T03:04:05.000Z',
    });
    mock.respond({ status: 200, body: [] });
    await clerk.users.list({ emailAddress: null, limit: null, orderBy: undefined, query: 'a b' });
    assert.equal(mock.requests[0].query, 'query=a+b&offset=0&order_by=-created_at');
  });
});

describe('options', () => {
  test('unknown or mistyped options are a TypeError naming them', async () => {
    await rejectsType(clerk.users.get({ userId: 'u' }, { timeout: 5 }), /users\.get\(\): unknown option `timeout`, expected one of `retries`, `serverUrl`, `timeoutMs`, `httpHeaders`, `maxResponseBytes`, `signal`/);
    await rejectsType(clerk.users.get({ userId: 'u' }, { timeoutMs: '5' }), /option `timeoutMs`: invalid type/);
    await rejectsType(clerk.users.get({ userId: 'u' }, { httpHeaders: { a: 1 } }), /option `httpHeaders\.a`/);
    await rejectsType(clerk.users.get({ userId: 'u' }, { retries: { strategy: 'sometimes' } }), /`retries\.strategy` must be "backoff" or "none"/);
    await rejectsType(clerk.users.get({ userId: 'u' }, { retries: { strategy: 'backoff', backof: {} } }), /unknown option `retries\.backof`, expected/);
    await rejectsType(clerk.users.get({ userId: 'u' }, 'fast'), /the options must be an object/);
  });

  test('serverUrl and httpHeaders per call', async () => {
    const elsewhere = new Clerk({ bearerAuth: SECRET, serverUrl: 'http://127.0.0.1:9/v1', retryConfig: null, httpHeaders: { 'x-client': 'a' } });
    mock.respond({ status: 200, body: { object: 'total_count', total_count: 3 } });
    const count = await elsewhere.users.count({}, { serverUrl: `${mock.base}/`, httpHeaders: { 'x-call': 'b' } });
    assert.deepEqual(count, { object: 'total_count', totalCount: 3 });
    const [request] = mock.requests;
    assert.equal(request.path, '/v1/users/count');
    assert.equal(request.headers['x-client'], 'a');
    assert.equal(request.headers['x-call'], 'b');
  });

  test('the client options are checked', () => {
    const throwsType = (fn, pattern) =>
      assert.throws(fn, (error) => error instanceof TypeError && pattern.test(error.message));
    throwsType(() => new Clerk(), /expected an options object with `bearerAuth`/);
    throwsType(() => new Clerk({}), /missing field `bearerAuth`/);
    throwsType(() => new Clerk({ bearerAuth: SECRET, timeout: 1 }), /new Clerk\(\): unknown option `timeout`, expected one of `bearerAuth`/);
    throwsType(() => new Clerk({ bearerAuth: '' }), /invalid argument `bearerAuth`: must not be empty/);
    throwsType(() => new Clerk({ bearerAuth: SECRET, serverUrl: 'nope' }), /invalid argument `serverUrl`/);
    throwsType(() => new Clerk({ bearerAuth: SECRET, timeoutMs: 0 }), /invalid argument `timeoutMs`/);
    throwsType(() => new Clerk({ bearerAuth: SECRET, retryConfig: { strategy: 'backoff', backoff: { initialInterval: 10, maxInterval: 5 } } }), /`retryConfig\.backoff\.initialInterval`/);
    const fine = new Clerk({ bearerAuth: SECRET, serverUrl: 'http://localhost:1/v1/' });
    assert.equal(fine.serverUrl, 'http://localhost:1/v1');
  });
});

describe('the secret key', () => {
  test('never shows in util.inspect, JSON.stringify, keys or messages', async () => {
    const c = new Clerk({ bearerAuth: SECRET, serverUrl: mock.base, retryConfig: null });
    assert.ok(!util.inspect(c, { depth: 10, showHidden: true }).includes(SECRET));
    assert.ok(!util.inspect(c.users, { depth: 10, showHidden: true }).includes(SECRET));
    assert.ok(!JSON.stringify(c).includes(SECRET));
    assert.match(util.inspect(c), /bearerAuth: '<redacted>'/);
    assert.deepEqual(Object.keys(c), ['users']);
    mock.respond({ status: 401, body: { errors: [{ message: 'bad key', long_message: 'bad key', code: 'authentication_invalid' }] } });
    const error = await c.users.get({ userId: 'u' }).catch((e) => e);
    assert.ok(error instanceof ClerkErrors);
    for (const text of [error.message, error.stack, util.inspect(error, { depth: 10 }), JSON.stringify(error)]) {
      assert.ok(!text.includes(SECRET), text);
    }
    const typed = await c.users.get({ userId: 'u' }, { timeoutMs: 'x' }).catch((e) => e);
    assert.ok(!typed.message.includes(SECRET));
    const built = (() => {
      try {
        new Clerk({ bearerAuth: SECRET, serverUrl: 'bad url' });
      } catch (e) {
        return e;
      }
    })();
    assert.ok(!built.message.includes(SECRET));
  });
});

describe('entries', () => {
  test('ESM import gives the same classes as require', async () => {
    const esm = await import('clerk-backend');
    assert.equal(esm.Clerk, Clerk);
    assert.equal(esm.ClerkErrors, ClerkErrors);
    assert.equal(esm.default, clerkBackend);
    const testing = await import('clerk-backend/testing');
    assert.equal(testing.Emulator, Emulator);
  });

  test('OPERATIONS and VERSION', () => {
    assert.deepEqual(clerkBackend.OPERATIONS.map((op) => op.name), Object.keys(require('./error-table.js')));
    assert.match(clerkBackend.VERSION, /^\d+\.\d+\.\d+/);
    const pkg = require(path.join(REPO, 'package.json'));
    assert.equal(clerkBackend.VERSION, pkg.version, 'package.json and the crate have one version');
    for (const op of clerkBackend.OPERATIONS) {
      assert.equal(typeof clerk.users[op.jsName], 'function', op.jsName);
    }
  });

  test('every method of Users is one of the operations, or listAll', () => {
    const methods = Object.getOwnPropertyNames(clerkBackend.Users.prototype).filter((m) => m !== 'constructor');
    assert.deepEqual(methods.sort(), [...clerkBackend.OPERATIONS.map((op) => op.jsName), 'listAll'].sort());
  });
});

describe('panics', () => {
  // In a child process: a panic must not abort it, and the hook's report stays out of this output.
  test('a panic in native code throws or rejects a JS error; the process lives on', () => {
    const out = spawnSync(
      process.execPath,
      [
        '-e',
        `
        const native = require('./bindings-node/native.cjs');
        const { fromPayload } = require('./bindings-node/errors.js');
        const { ClerkInternalError } = require('clerk-backend');
        const results = [];
        for (let i = 0; i < 2; i++) {
          try {
            native._panicForTests(false);
            results.push('no error');
          } catch (e) {
            results.push(e instanceof Error && /deliberate panic for tests/.test(e.message) ? 'thrown' : String(e));
          }
        }
        native._panicForTests(true).then((reply) => {
          const error = fromPayload(reply.error);
          results.push(error instanceof ClerkInternalError && /internal error in clerk-backend .*deliberate panic/.test(error.message) ? 'rejected' : String(error));
          console.log(results.join(' '));
        });
        `,
      ],
      { cwd: REPO, encoding: 'utf8', timeout: 20_000, env: { ...process.env, RUST_BACKTRACE: '0' } },
    );
    assert.equal(out.status, 0, out.stderr);
    assert.equal(out.stdout.trim(), 'thrown thrown rejected');
    assert.match(out.stderr, /deliberate panic for tests/);
  });
});
