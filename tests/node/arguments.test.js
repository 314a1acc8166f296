'use strict';
// Hostile arguments: cycles, deep nesting, sparse arrays, NaN and infinities, integers beyond
// 64 bits, throwing getters. Each is a TypeError naming the parameter, before any request is
// sent; none crashes the process or pins its loop, and nothing is sent other than as written.

const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');

const { Clerk } = require('clerk-backend');
const { Emulator } = require('clerk-backend/testing');
const { SECRET, startMock } = require('./helpers.js');

// The request body {"public_metadata": ...} is one level; serde_json reads at most 127.
const DEEPEST_METADATA = 126;
const USER = { id: 'user_1', object: 'user' };

let mock;
let clerk;

before(async () => {
  mock = await startMock();
  clerk = new Clerk({ bearerAuth: SECRET, serverUrl: mock.base, retryConfig: null });
});
after(() => mock.close());

/** An object nested `levels` deep (1: `{ k: 0 }`). */
function nested(levels) {
  let value = 0;
  for (let i = 0; i < levels; i++) value = { k: value };
  return value;
}

/** `promise` rejects (or `fn` throws) a TypeError matching `pattern`, and nothing was sent. */
async function refused(promise, pattern) {
  mock.requests = [];
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof TypeError, `${error?.constructor?.name}: ${error?.message}`);
    assert.match(error.message, pattern);
    return true;
  });
  assert.equal(mock.requests.length, 0, 'nothing was sent');
}

const update = (metadata) => clerk.users.updateMetadata({ userId: 'user_1', ...metadata });

describe('hostile arguments', () => {
  test('an object or array that contains itself is a TypeError naming where', async () => {
    const d = {};
    d.d = d;
    await refused(update({ publicMetadata: d }), /`publicMetadata\.d` contains itself/);
    const loop = [1];
    loop.push(loop);
    await refused(update({ privateMetadata: { x: loop } }), /`privateMetadata\.x\[1\]` contains itself/);
    // Shared (not cyclic) parts are fine and sent as written.
    const part = { a: 1 };
    mock.respond({ status: 200, body: USER });
    await update({ publicMetadata: { x: part, y: [part, part] } });
    assert.deepEqual(JSON.parse(mock.requests[0].body).public_metadata, { x: { a: 1 }, y: [{ a: 1 }, { a: 1 }] });
  });

  test('nesting 5,000 deep is a TypeError, not a stack overflow', async () => {
    await refused(update({ publicMetadata: nested(5000) }), /`publicMetadata(\.k)+.*` is nested too deeply/);
    let deep = [];
    for (let i = 0; i < 5000; i++) deep = [deep];
    await refused(update({ unsafeMetadata: { a: deep } }), /nested too deeply/);
  });

  test('the nesting limit is what serde_json reads', async () => {
    const emu = new Emulator();
    try {
      const client = emu.client();
      const user = await client.users.create({ firstName: 'Deep' });
      const deepest = nested(DEEPEST_METADATA);
      const updated = await client.users.updateMetadata({ userId: user.id, publicMetadata: deepest });
      assert.deepEqual(updated.publicMetadata, deepest);
      await assert.rejects(
        client.users.updateMetadata({ userId: user.id, publicMetadata: nested(DEEPEST_METADATA + 1) }),
        (error) => error instanceof TypeError && /nested too deeply/.test(error.message),
      );
      assert.deepEqual((await client.users.get({ userId: user.id })).publicMetadata, deepest);
    } finally {
      await emu.close();
    }
  });

  test('a sparse array is not read by the length it claims', async () => {
    const sparse = [];
    sparse.length = 2 ** 32 - 1;
    const started = Date.now();
    await refused(update({ publicMetadata: { a: sparse } }), /`publicMetadata\.a` holds more than 1000000 values/);
    await refused(clerk.users.list({ emailAddress: sparse }), /`emailAddress` holds more than/);
    assert.ok(Date.now() - started < 5000, 'not pinned');
    // A few holes are sent as JSON.stringify sends them: null.
    const holes = [1];
    holes[3] = 4;
    mock.respond({ status: 200, body: USER });
    await update({ publicMetadata: { holes } });
    assert.deepEqual(JSON.parse(mock.requests[0].body).public_metadata, { holes: [1, null, null, 4] });
  });

  test('a structure that shares its parts cannot expand without bound', async () => {
    let x = [0];
    for (let i = 0; i < 60; i++) x = [x, x];
    await refused(update({ publicMetadata: { x } }), /holds more than 1000000 values/);
  });

  test('NaN and infinities are TypeErrors naming where', async () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      await refused(update({ publicMetadata: { score: bad } }), /`publicMetadata\.score` must be a finite number/);
      await refused(update({ unsafeMetadata: { a: [1, bad] } }), /`unsafeMetadata\.a\[1\]` must be a finite number/);
    }
    await refused(clerk.users.list({ limit: NaN }), /`limit` must be a finite number/);
  });

  test('integers out of range are refused, never wrapped or rounded', async () => {
    await refused(update({ publicMetadata: { n: 2n ** 64n } }), /`publicMetadata\.n` is a BigInt out of range/);
    await refused(update({ publicMetadata: { n: -(2n ** 63n) - 1n } }), /BigInt out of range/);
    // serde_json (arbitrary_precision) says "invalid number" for a number its target cannot hold.
    await refused(clerk.users.list({ limit: 2 ** 32 }), /parameter `limit`: invalid (value: integer `4294967296`|number)/);
    await refused(clerk.users.list({ limit: 2 ** 53 + 2 }), /parameter `limit`/);
    await refused(clerk.users.list({ lastActiveAtBefore: 2 ** 70 }), /parameter `lastActiveAtBefore`/);
    await refused(clerk.users.list({ lastActiveAtBefore: 2n ** 63n }), /parameter `lastActiveAtBefore`/);
    // The edges of 64 bits are sent exactly.
    mock.respond({ status: 200, body: USER });
    await update({ publicMetadata: { max: 2n ** 64n - 1n, min: -(2n ** 63n), zero: 0n, safe: 2 ** 53 - 1 } });
    const raw = mock.requests[0].body.toString();
    assert.match(raw, /"max":18446744073709551615/);
    assert.match(raw, /"min":-9223372036854775808/);
    assert.match(raw, /"zero":0,"safe":9007199254740991/);
  });

  test('a getter or Proxy trap that throws, or an odd value, is a TypeError naming where', async () => {
    const throwing = {
      get x() {
        throw new Error('boom');
      },
    };
    await refused(update({ publicMetadata: throwing }), /`publicMetadata\.x` could not be read: it threw "Error: boom"/);
    const trap = new Proxy({}, { ownKeys: () => { throw new RangeError('trap'); } });
    await refused(update({ publicMetadata: { p: trap } }), /`publicMetadata\.p` could not be read: it threw "RangeError: trap"/);
    const nasty = { toString: () => { throw new Error('again'); } };
    await refused(update({ publicMetadata: { get y() { throw nasty; } } }), /`publicMetadata\.y` could not be read: it threw an exception/);
    await refused(update({ publicMetadata: { f: () => 1 } }), /`publicMetadata\.f` must not be a function/);
    await refused(update({ publicMetadata: { s: Symbol('s') } }), /must not be a symbol/);
    // The client still works.
    mock.respond({ status: 200, body: USER });
    assert.equal((await clerk.users.get({ userId: 'user_1' })).id, 'user_1');
  });

  test('a string with a lone surrogate is refused, not sent as U+FFFD (nor its key dropped)', async () => {
    await refused(update({ publicMetadata: { a: 'x\ud800y' } }), /`publicMetadata\.a` is not well-formed Unicode/);
    await refused(update({ publicMetadata: { ['k\udc00']: 1 } }), /`publicMetadata` is not well-formed Unicode/);
    await refused(clerk.users.update({ userId: 'user_1', firstName: '\ud800' }), /`firstName` is not well-formed Unicode/);
    // U+FFFD itself, and astral characters, are sent as written.
    mock.respond({ status: 200, body: USER });
    await update({ publicMetadata: { '\ufffd😀': 'a\ufffd😀' } });
    assert.deepEqual(JSON.parse(mock.requests[0].body).public_metadata, { '\ufffd😀': 'a\ufffd😀' });
  });

  test('options: cyclic or deep headers are a TypeError, in calls and in new Clerk()', async () => {
    const cyclic = { a: 'b' };
    cyclic.self = cyclic;
    await refused(clerk.users.get({ userId: 'user_1' }, { httpHeaders: cyclic }), /`httpHeaders\.self` contains itself/);
    await refused(clerk.users.get({ userId: 'user_1' }, { httpHeaders: { x: nested(5000) } }), /nested too deeply/);
    await refused(clerk.users.get({ userId: 'user_1' }, { timeoutMs: NaN }), /`timeoutMs` must be a finite number/);
    assert.throws(
      () => new Clerk({ bearerAuth: SECRET, httpHeaders: cyclic }),
      (error) => error instanceof TypeError && /new Clerk\(\): `httpHeaders\.self` contains itself/.test(error.message),
    );
    const config = { bearerAuth: SECRET };
    config.self = config;
    assert.throws(() => new Clerk(config), (error) => error instanceof TypeError && /contains itself/.test(error.message));
  });

  test('the emulator reads its inputs with the same limits', async () => {
    const emu = new Emulator();
    try {
      const user = { firstName: 'Ada' };
      user.publicMetadata = { self: user };
      assert.throws(() => emu.loadUsers([user]), (error) => error instanceof TypeError && /contains itself/.test(error.message));
      assert.deepEqual(await emu.client().users.list(), []);
    } finally {
      await emu.close();
    }
  });
});
