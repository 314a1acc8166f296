'use strict';
// `users.listAll()` (every user, by cursor), pacing (`rateLimit`, `maxConcurrency`) and the
// `onAttempt` hook, against the emulator started in this process.

const assert = require('node:assert/strict');
const { after, before, beforeEach, test } = require('node:test');

const { Clerk, ClerkErrors } = require('clerk-backend');
const { Emulator } = require('clerk-backend/testing');

let emu;
before(() => {
  emu = new Emulator();
});
after(() => emu.close());
beforeEach(() => {
  emu.reset();
  emu.setRateLimit(null);
});

/** `n` users created one millisecond apart, oldest first. */
function loadUsers(n) {
  const users = Array.from({ length: n }, (_, i) => ({ id: `user_${String(i).padStart(5, '0')}`, createdAt: 1_700_000_000_000 + i }));
  emu.loadUsers(users);
  return users.map((u) => u.id);
}

async function collect(iterable) {
  const out = [];
  for await (const item of iterable) out.push(item);
  return out;
}

test('listAll yields every user in order, in pages of 500', async () => {
  const ids = loadUsers(1234);
  const clerk = emu.client();
  const before = emu.stats().requests;
  const seen = (await collect(clerk.users.listAll())).map((u) => u.id);
  assert.deepEqual(seen, [...ids].reverse());
  assert.equal(emu.stats().requests - before, 3, '1234 users at 500 a page');

  const newest = [...ids].reverse();
  const oldest = await collect(clerk.users.listAll({ orderBy: '+created_at', userId: newest.slice(0, 100), pageSize: 30 }));
  assert.deepEqual(oldest.map((u) => u.id), newest.slice(0, 100).reverse());
  assert.equal(typeof oldest[0].createdAt, 'number');
});

test('users created and deleted during the walk never cause a skip or a repeat', async () => {
  const ids = loadUsers(600);
  const clerk = emu.client();
  const seen = [];
  const deleted = new Set();
  let step = 0;
  for await (const user of clerk.users.listAll({ pageSize: 50 })) {
    seen.push(user.id);
    step += 1;
    if (step % 37 === 0) {
      await clerk.users.create({ firstName: 'New' });
      const victim = ids[Math.min(step, 599)];
      try {
        await clerk.users.delete({ userId: victim });
        deleted.add(victim);
      } catch (error) {
        assert.ok(error instanceof ClerkErrors);
      }
    }
  }
  assert.equal(new Set(seen).size, seen.length, 'a user was yielded twice');
  assert.deepEqual(ids.filter((id) => !seen.includes(id) && !deleted.has(id)), [], 'present throughout but skipped');
});

test('an early stop sends nothing more; an error comes after the users before it', async () => {
  loadUsers(30);
  const clerk = emu.client({ retryConfig: null });
  const before = emu.stats().requests;
  const first = [];
  for await (const user of clerk.users.listAll({ pageSize: 10 })) {
    first.push(user.id);
    if (first.length === 3) break;
  }
  assert.deepEqual(first, ['user_00029', 'user_00028', 'user_00027']);
  assert.equal(emu.stats().requests - before, 1);

  // Page 2 fails, and so does the request by creation time that follows a refused cursor.
  const walk = clerk.users.listAll({ pageSize: 10 })[Symbol.asyncIterator]();
  for (let i = 0; i < 10; i++) assert.equal((await walk.next()).done, false);
  const sent = emu.stats().requests;
  emu.fault({ status: 400, path: '/v1/users', count: 2 });
  await assert.rejects(walk.next(), (error) => error instanceof ClerkErrors && error.statusCode === 400);
  assert.equal(emu.stats().requests - sent, 2);
  assert.deepEqual(await walk.next(), { done: true, value: undefined });
});

/** A client whose `list` attempts' statuses go to `statuses`. */
function listWatchingClient(statuses) {
  return emu.client({ onAttempt: (e) => { if (e.operation === 'list') statuses.push(e.status); } });
}

/** Lets the queued `onAttempt` events in. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

test('deleting every user as it is yielded walks them all', async () => {
  const ids = loadUsers(30);
  const statuses = [];
  const clerk = listWatchingClient(statuses);
  const seen = [];
  for await (const user of clerk.users.listAll({ pageSize: 10 })) {
    await clerk.users.delete({ userId: user.id });
    seen.push(user.id);
  }
  assert.deepEqual(seen, [...ids].reverse(), 'every user once, newest first');
  assert.equal((await clerk.users.count()).totalCount, 0);
  await settle();
  // The emulator refused each later page's deleted cursor; the walk asked again by creation time.
  assert.deepEqual(statuses, [200, 422, 200, 422, 200, 422, 200]);
});

for (const orderBy of ['-created_at', '+created_at']) {
  test(`a re-anchored page never repeats users of the same millisecond (${orderBy})`, async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `user_${String(i).padStart(5, '0')}`);
    emu.loadUsers(ids.map((id, i) => ({ id, createdAt: 1_700_000_000_000 + Math.floor(i / 4) })));
    const statuses = [];
    const clerk = listWatchingClient(statuses);
    const seen = [];
    // Every other user is deleted as it comes: some pages end on a deleted user whose
    // millisecond they share with users they kept.
    for await (const user of clerk.users.listAll({ orderBy, pageSize: 10 })) {
      seen.push(user.id);
      if (seen.length % 2 === 0) await clerk.users.delete({ userId: user.id });
    }
    assert.deepEqual(seen, orderBy === '-created_at' ? [...ids].reverse() : ids, 'every user once, in order');
    assert.equal((await clerk.users.count()).totalCount, 15);
    await settle();
    assert.ok(statuses.includes(422), 'no page was re-anchored');
  });
}

test('a walk page that gets a 503 is retried and the walk goes on', async () => {
  const ids = loadUsers(30);
  const clerk = emu.client();
  const walk = clerk.users.listAll({ pageSize: 10 })[Symbol.asyncIterator]();
  const seen = [];
  for (let i = 0; i < 10; i++) seen.push((await walk.next()).value.id);
  emu.fault({ status: 503, retryAfter: 0, path: '/v1/users' });
  for (let next = await walk.next(); !next.done; next = await walk.next()) seen.push(next.value.id);
  assert.deepEqual(seen, [...ids].reverse());
  assert.equal(emu.stats().faulted, 1);
});

test('the page size is the core\'s', async () => {
  const native = require('../../bindings-node/native.cjs');
  assert.equal(native.DEFAULT_PAGE_SIZE, native.MAX_PAGE_SIZE);
  loadUsers(native.DEFAULT_PAGE_SIZE + 1);
  const clerk = emu.client();
  const before = emu.stats().requests;
  assert.equal((await collect(clerk.users.listAll())).length, native.DEFAULT_PAGE_SIZE + 1);
  assert.equal(emu.stats().requests - before, 2, 'one full page, then the rest');
  assert.throws(
    () => clerk.users.listAll({ pageSize: native.MAX_PAGE_SIZE + 1 }),
    (e) => e instanceof TypeError && e.message.includes(String(native.MAX_PAGE_SIZE)),
  );
});

test('what a cursor cannot walk is refused before any request', () => {
  const clerk = emu.client();
  const before = emu.stats().requests;
  assert.throws(() => clerk.users.listAll({ orderBy: '-last_sign_in_at' }), (e) => e instanceof TypeError && /orderBy|order_by/.test(e.message));
  assert.throws(() => clerk.users.listAll({ offset: 20 }), (e) => e instanceof TypeError && /offset/.test(e.message));
  assert.throws(() => clerk.users.listAll({ pageSize: 501 }), (e) => e instanceof TypeError && /page_?[sS]ize/.test(e.message));
  assert.throws(() => clerk.users.listAll({ pageSize: 'ten' }), TypeError);
  assert.throws(() => clerk.users.listAll({ pageSize: 2 ** 40 }), TypeError);
  assert.throws(() => clerk.users.listAll({ pageSize: NaN }), TypeError);
  assert.throws(() => new Clerk({ bearerAuth: 'sk_test_x', maxConcurrency: 2 ** 62 }), TypeError);
  assert.throws(() => clerk.users.listAll({ emial: ['a@b.c'] }), (e) => e instanceof TypeError && /emial/.test(e.message));
  assert.equal(emu.stats().requests, before);
});

test('a paced client stays under the emulator\'s limit', async () => {
  loadUsers(1);
  emu.setRateLimit('20/1s');
  const clerk = emu.client({ rateLimit: { requests: 20, perSeconds: 1 } });
  const before = emu.stats().rateLimited;
  const started = Date.now();
  const results = await Promise.allSettled(Array.from({ length: 120 }, () => clerk.users.get({ userId: 'user_00000' })));
  assert.deepEqual(results.filter((r) => r.status === 'rejected'), []);
  assert.equal(emu.stats().rateLimited, before);
  // Five windows of waiting at least (how much more is the benchmark's business).
  assert.ok(Date.now() - started >= 5000);
});

/** Waits (up to 10 s) until `check()` is true. */
async function until(check, what) {
  for (let i = 0; i < 1000; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`never: ${what}`);
}

for (const paced of [true, false]) {
  test(`a 429 pauses every call of a paced client (${paced ? 'paced' : 'unpaced'})`, async () => {
    loadUsers(2);
    const events = [];
    const clerk = emu.client({
      onAttempt: (event) => events.push(event),
      ...(paced ? { rateLimit: { requests: 1000, perSeconds: 1 } } : {}),
    });
    emu.fault({ status: 429, retryAfter: 2, path: '/v1/users/user_00000' });
    let firstDone = false;
    const first = clerk.users.get({ userId: 'user_00000' }).finally(() => { firstDone = true; });
    // Another call, once the first has been told to wait 2 s.
    await until(() => events.some((e) => e.status === 429), 'a 429');
    const started = performance.now();
    await clerk.users.get({ userId: 'user_00001' });
    const secondTook = performance.now() - started;
    const limited = events.find((e) => e.status === 429);
    if (paced) {
      assert.equal(limited.pausedForMs, 2000);
      // It waited out (nearly all of) the first call's pause.
      assert.ok(secondTook >= 1500, `${secondTook} ms`);
    } else {
      assert.equal(limited.pausedForMs, undefined);
      // It went at once: the first call is still waiting for its retry.
      assert.equal(firstDone, false, `the second call waited ${secondTook} ms`);
    }
    assert.equal((await first).id, 'user_00000');
  });
}

test('maxConcurrency caps the calls in flight', async () => {
  loadUsers(1);
  const clerk = emu.client({ maxConcurrency: 2 });
  emu.fault({ delayMs: 300, count: 6, path: '/v1/users/user_00000' });
  const started = performance.now();
  await Promise.all(Array.from({ length: 6 }, () => clerk.users.get({ userId: 'user_00000' })));
  // Two at a time: three rounds of 300 ms at least (all six at once would take one).
  assert.ok(performance.now() - started >= 890, `${performance.now() - started} ms`);
  assert.equal(emu.stats().faulted, 6);
});

test('a call aborted while waiting for its turn gives its place back', async () => {
  loadUsers(1);
  const clerk = emu.client({ maxConcurrency: 1 });
  emu.fault({ delayMs: 1000, path: '/v1/users/user_00000' });
  let firstDone = false;
  const first = clerk.users.get({ userId: 'user_00000' }).finally(() => { firstDone = true; });
  await until(() => emu.stats().requests === 1, 'the first call in flight');
  const controller = new AbortController();
  const waiting = clerk.users.get({ userId: 'user_00000' }, { signal: controller.signal });
  await new Promise((resolve) => setTimeout(resolve, 100));
  controller.abort();
  await assert.rejects(waiting, (error) => error.name === 'AbortError');
  assert.equal(firstDone, false);
  await first;
  // The aborted call took no place: the next one goes at once, and only it is sent.
  await clerk.users.get({ userId: 'user_00000' });
  assert.equal(emu.stats().requests, 2);
});

test('pacing options are checked', () => {
  assert.throws(() => new Clerk({ bearerAuth: 'not_a_clerk_key', rateLimit: 'auto' }), TypeError);
  assert.throws(() => new Clerk({ bearerAuth: 'sk_test_x', rateLimit: 'fast' }), TypeError);
  assert.throws(() => new Clerk({ bearerAuth: 'sk_test_x', rateLimit: { requests: 0, perSeconds: 1 } }), TypeError);
  assert.throws(() => new Clerk({ bearerAuth: 'sk_test_x', maxConcurrency: 0 }), TypeError);
  assert.throws(() => new Clerk({ bearerAuth: 'sk_test_x', onAttempt: 'log' }), TypeError);
  new Clerk({ bearerAuth: 'sk_test_x', rateLimit: 'auto', maxConcurrency: 8 });
});

test('onAttempt fires per attempt, with retries and no secret', async () => {
  loadUsers(1);
  const events = [];
  const clerk = emu.client({ onAttempt: (event) => events.push(event) });
  emu.fault({ status: 503, retryAfter: 0, path: '/v1/users/user_00000' });
  await clerk.users.get({ userId: 'user_00000' });
  // Events are queued to the event loop: let them in.
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(
    events.map((e) => [e.operation, e.method, e.path, e.status, e.attempt, e.retryInMs !== undefined]),
    [
      ['get', 'GET', '/users/{user_id}', 503, 1, true],
      ['get', 'GET', '/users/{user_id}', 200, 2, false],
    ],
  );
  assert.ok(events.every((e) => e.durationMs >= 0));
  assert.equal(events[0].error, 'SDKError');
  assert.ok(!JSON.stringify(events).includes('sk_test') && !JSON.stringify(events).includes('user_00000'));

  // A hook that throws is a warning, not a crash.
  const warnings = [];
  const onWarning = (warning) => warnings.push(String(warning));
  process.on('warning', onWarning);
  try {
    const throwing = emu.client({ onAttempt: () => { throw new Error('hook failed'); } });
    await throwing.users.get({ userId: 'user_00000' });
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.off('warning', onWarning);
  }
  assert.ok(warnings.some((w) => w.includes('hook failed')), warnings.join('\n'));
});
