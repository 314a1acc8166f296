'use strict';
// Cancellation with `options.signal`, as `fetch` does it: an aborted signal rejects with its
// reason, before any I/O when already aborted, else by dropping the request in flight.

const assert = require('node:assert/strict');
const { getEventListeners } = require('node:events');
const { after, before, test } = require('node:test');

const { Clerk } = require('clerk-backend');
const { SECRET, startMock } = require('./helpers.js');

const COUNT = { object: 'total_count', total_count: 7 };

let mock;
let clerk;

before(async () => {
  mock = await startMock();
  clerk = new Clerk({ bearerAuth: SECRET, serverUrl: mock.base, retryConfig: null });
});

after(() => mock.close());

/** Settles with `promise`'s rejection, or fails when it resolves. */
async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

/** `promise`, or a failure after `ms`. */
function within(ms, promise, what) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

test('an already aborted signal rejects with its reason and sends nothing', async () => {
  mock.respond({ status: 200, body: COUNT });
  const controller = new AbortController();
  controller.abort();
  const error = await rejection(clerk.users.count({}, { signal: controller.signal }));
  assert.equal(error.name, 'AbortError');
  assert.equal(error, controller.signal.reason);
  assert.equal(mock.requests.length, 0);

  const reason = new Error('not needed any more');
  const other = new AbortController();
  other.abort(reason);
  assert.equal(await rejection(clerk.users.get({ userId: 'user_1' }, { signal: other.signal })), reason);
  assert.equal(mock.requests.length, 0);
});

test('aborting in flight rejects at once and drops the request', async () => {
  mock.respond({ status: 200, body: COUNT, delayMs: 5000 });
  const controller = new AbortController();
  const started = Date.now();
  const call = clerk.users.count({}, { signal: controller.signal });
  setTimeout(() => controller.abort(), 100);
  const error = await rejection(call);
  assert.equal(error.name, 'AbortError');
  assert.ok(Date.now() - started < 2500, `took ${Date.now() - started} ms`);
  assert.equal(mock.requests.length, 1);
  assert.equal(mock.requests[0].path, '/v1/users/count');
  await within(3000, mock.requests[0].socketClosed, 'the aborted request closes its connection');
});

test('AbortSignal.timeout rejects with a TimeoutError', async () => {
  mock.respond({ status: 200, body: COUNT, delayMs: 5000 });
  const error = await rejection(clerk.users.count({}, { signal: AbortSignal.timeout(100) }));
  assert.equal(error.name, 'TimeoutError');
});

test('aborting during a retry wait stops the retries', async () => {
  const patient = new Clerk({
    bearerAuth: SECRET,
    serverUrl: mock.base,
    retryConfig: { strategy: 'backoff', backoff: { initialInterval: 2000, maxInterval: 2000, exponent: 1, maxElapsedTime: 30000 } },
  });
  mock.respond({ status: 503, body: {} });
  const controller = new AbortController();
  const call = patient.users.count({}, { signal: controller.signal });
  setTimeout(() => controller.abort(), 300);
  const error = await rejection(call);
  assert.equal(error.name, 'AbortError');
  assert.equal(mock.requests.length, 1);
});

test('a signal that does not abort changes nothing, and is let go afterwards', async () => {
  mock.respond({ status: 200, body: COUNT });
  const controller = new AbortController();
  const count = await clerk.users.count({ query: 'ada' }, { signal: controller.signal, timeoutMs: 5000 });
  assert.deepEqual(count, { object: 'total_count', totalCount: 7 });
  assert.equal(mock.requests[0].query, 'query=ada');
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  // Aborting after the call settled has no effect.
  controller.abort();

  // A failed call lets go of it too, and errors are the usual ones.
  mock.respond({ status: 404, body: { errors: [{ message: 'm', long_message: 'l', code: 'resource_not_found' }] } });
  const error = await rejection(clerk.users.get({ userId: 'user_1' }, { signal: new AbortController().signal }));
  assert.equal(error.name, 'ClerkErrors');
  assert.equal(error.statusCode, 404);
});

test('the client keeps working after aborted calls', async () => {
  mock.respond({ status: 200, body: COUNT, delayMs: 3000 });
  const controllers = Array.from({ length: 20 }, () => new AbortController());
  const calls = controllers.map((c) => rejection(clerk.users.count({}, { signal: c.signal })));
  setTimeout(() => controllers.forEach((c) => c.abort()), 100);
  for (const error of await Promise.all(calls)) assert.equal(error.name, 'AbortError');
  mock.respond({ status: 200, body: COUNT });
  assert.deepEqual(await clerk.users.count(), { object: 'total_count', totalCount: 7 });
});

test('a signal of the wrong type is a TypeError naming it, before any I/O', async () => {
  mock.respond({ status: 200, body: COUNT });
  for (const signal of [true, {}, { aborted: false }, 'abort']) {
    const error = await rejection(clerk.users.count({}, { signal }));
    assert.ok(error instanceof TypeError, String(error));
    assert.equal(error.code, 'ERR_INVALID_ARG_TYPE');
    assert.match(error.message, /users\.count\(\): option `signal` must be an AbortSignal/);
  }
  // An unknown option's message lists `signal` among the known ones.
  const error = await rejection(clerk.users.count({}, { signl: 1 }));
  assert.ok(error instanceof TypeError);
  assert.match(error.message, /unknown option `signl`, expected one of .*`signal`/);
  assert.equal(mock.requests.length, 0);
});
