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

  const walk = clerk.users.listAll({ pageSize: 10 })[Symbol.asyncIterator]();
  for (let i = 0; i < 10; i++) assert.equal((await walk.next()).done, false);
  emu.fault({ status: 400, path: '/v1/users' });
  await assert.rejects(walk.next(), (error) => error instanceof ClerkErrors && error.statusCode === 400);
  assert.deepEqual(await walk.next(), { done: true, value: undefined });
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
