'use strict';
// Hostile arguments: cycles, deep nesting, sparse arrays, NaN and infinities, integers beyond
// 64 bits, throwing getters and Proxy traps, too many headers, small Worker stacks. Each is a TypeError naming the parameter, before any request is
// sent; none crashes the process or pins its loop, and nothing is sent other than as written.

const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');
const { Worker } = require('node:worker_threads');

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

/** The TypeError `promise` rejects with, nothing having been sent. */
async function rejection(promise) {
  let caught;
  await refused(
    promise.catch((error) => {
      caught = error;
      throw error;
    }),
    /./,
  );
  return caught;
}

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
    // Metadata holds any JSON number: a BigInt is sent exactly, whatever its size.
    mock.respond({ status: 200, body: USER });
    mock.requests = [];
    await update({ publicMetadata: { above: 2n ** 64n, below: -(2n ** 63n) - 1n, huge: 10n ** 400n + 1n } });
    const sent = mock.requests[0].body.toString();
    assert.match(sent, /"above":18446744073709551616,"below":-9223372036854775809,"huge":10{399}1\}/);
    // Up to 4,300 digits, as Python's int reads by default.
    await refused(update({ publicMetadata: { n: 10n ** 4300n } }), /`publicMetadata\.n` is a BigInt too large to send \(more than 4300 digits\)/);
    mock.requests = [];
    await update({ publicMetadata: { n: 10n ** 4299n } });
    assert.equal(mock.requests.length, 1);
    // A parameter names itself and says what is wrong with the number.
    await refused(clerk.users.list({ lastActiveAtBefore: 2n ** 70n + 1n }), /parameter `lastActiveAtBefore`: the integer 1180591620717411303425 is out of the 64-bit range/);
    await refused(clerk.users.list({ limit: 2 ** 32 }), /parameter `limit`: the integer 4294967296 is out of this parameter's range/);
    await refused(clerk.users.list({ offset: -1 }), /parameter `offset`: the integer -1 is out of this parameter's range/);
    await refused(clerk.users.list({ limit: 2 ** 53 + 2 }), /parameter `limit`: 9007199254740994 is beyond ±2\^53.*pass a BigInt/);
    await refused(clerk.users.list({ limit: 1.5 }), /parameter `limit`: must be an integer, got 1.5/);
    const outside = /the integer -?\d+ is out of the 64-bit range \(from -9223372036854775808 to 9223372036854775807\)/;
    for (const value of [2 ** 70, -(2 ** 70), 2n ** 63n, 2n ** 64n - 1n]) {
      const error = await rejection(clerk.users.list({ lastActiveAtBefore: value }));
      assert.match(error.message, /parameter `lastActiveAtBefore`: /);
      assert.match(error.message, outside);
      assert.doesNotMatch(error.message, /invalid number/);
    }
    await refused(clerk.users.list({ lastActiveAtBefore: 2n ** 63n }), /`lastActiveAtBefore`: the integer 9223372036854775808 is out/);
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

  test('parameters whose getter or Proxy trap throws are a TypeError naming them', async () => {
    const code = (pattern) => (error) => {
      assert.ok(error instanceof TypeError, `${error?.constructor?.name}: ${error?.message}`);
      assert.equal(error.code, 'ERR_INVALID_ARG_TYPE');
      assert.match(error.message, pattern);
      return true;
    };
    mock.requests = [];
    const getter = new Proxy({ userId: 'user_1' }, { get: () => { throw new Error('boom'); } });
    await assert.rejects(clerk.users.get(getter), code(/^users\.get\(\): parameter `userId` could not be read: it threw "Error: boom"$/));
    const keys = new Proxy({}, { ownKeys: () => { throw new RangeError('no keys'); } });
    await assert.rejects(clerk.users.get(keys), code(/^users\.get\(\): the parameters could not be read: it threw "RangeError: no keys"$/));
    const file = new Proxy({ fileName: 'a.png', content: 'x' }, { get: () => { throw new Error('file'); } });
    await assert.rejects(
      clerk.users.setProfileImage({ userId: 'user_1', file }),
      code(/parameter `file\.fileName` could not be read: it threw "Error: file"/),
    );
    // Options, in a call and in new Clerk().
    const options = new Proxy({}, { get: () => { throw new Error('options'); } });
    await assert.rejects(clerk.users.get({ userId: 'user_1' }, options), code(/^users\.get\(\): the options could not be read: it threw "Error: options"$/));
    const signalKeys = new Proxy({ signal: new AbortController().signal }, { ownKeys: () => { throw new Error('keys'); } });
    await assert.rejects(clerk.users.get({ userId: 'user_1' }, signalKeys), code(/the options could not be read: it threw "Error: keys"/));
    const config = new Proxy({ bearerAuth: SECRET }, { has: () => { throw new Error('has'); } });
    assert.throws(() => new Clerk(config), code(/^new Clerk\(\): the options could not be read: it threw "Error: has"$/));
    const nasty = { toString: () => { throw new Error('again'); } };
    const thrower = new Proxy({ userId: 'user_1' }, { get: () => { throw nasty; } });
    await assert.rejects(clerk.users.get(thrower), code(/parameter `userId` could not be read: it threw an exception/));
    assert.equal(mock.requests.length, 0, 'nothing was sent');
    // The client still works.
    mock.respond({ status: 200, body: USER });
    assert.equal((await clerk.users.get({ userId: 'user_1' })).id, 'user_1');
  });

  test('more than 1,000 httpHeaders are a TypeError naming them, in calls and in new Clerk()', async () => {
    const many = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`x-header-${i}`, 'v']));
    mock.requests = [];
    await assert.rejects(clerk.users.get({ userId: 'user_1' }, { httpHeaders: many }), (error) => {
      assert.ok(error instanceof TypeError, `${error?.constructor?.name}: ${error?.message}`);
      assert.equal(error.code, 'ERR_INVALID_ARG_VALUE');
      assert.equal(error.parameter, 'httpHeaders');
      assert.match(error.message, /invalid argument `httpHeaders`: at most 1000 headers can be set, got 1001/);
      return true;
    });
    assert.throws(
      () => new Clerk({ bearerAuth: SECRET, serverUrl: mock.base, httpHeaders: many }),
      (error) =>
        error instanceof TypeError &&
        error.code === 'ERR_INVALID_ARG_VALUE' &&
        /^new Clerk\(\): invalid argument `httpHeaders`: at most 1000 headers can be set, got 1001$/.test(error.message),
    );
    assert.equal(mock.requests.length, 0, 'nothing was sent');
    // 1,000 is the limit, not past it.
    delete many['x-header-0'];
    new Clerk({ bearerAuth: SECRET, serverUrl: mock.base, httpHeaders: many });
  });

  test('deep values in a Worker with a small stack', async () => {
    // Worker threads may be given small stacks: arguments as deep as serde_json reads (and past
    // it), results and error bodies as deep as a server sends them, without a crash.
    mock.respond(
      { status: 200, body: USER },
      { status: 200, raw: `{"id":"user_1","public_metadata":${'{"k":'.repeat(126)}1${'}'.repeat(126)}}` },
      {
        status: 404,
        raw: `{"errors":[{"message":"m","long_message":"l","code":"c","meta":${'{"k":'.repeat(120)}7${'}'.repeat(120)}}]}`,
      },
    );
    mock.requests = [];
    const script = `
      const { parentPort, workerData } = require('node:worker_threads');
      const { Clerk, ClerkErrors } = require(workerData.module);
      const clerk = new Clerk({ bearerAuth: workerData.secret, serverUrl: workerData.base, retryConfig: null });
      const nested = (levels) => { let value = 0; for (let i = 0; i < levels; i++) value = { k: value }; return value; };
      const depth = (value) => { let levels = 0; while (value !== null && typeof value === 'object') { value = value.k; levels++; } return levels; };
      (async () => {
        const out = {};
        out.sent = (await clerk.users.updateMetadata({ userId: 'user_1', publicMetadata: nested(workerData.deepest) })).id;
        for (const levels of [workerData.deepest + 1, 100000]) {
          try {
            await clerk.users.updateMetadata({ userId: 'user_1', publicMetadata: nested(levels) });
          } catch (error) {
            out[levels] = error instanceof TypeError && /nested too deeply/.test(error.message);
          }
        }
        out.result = depth((await clerk.users.get({ userId: 'user_1' })).publicMetadata);
        try {
          await clerk.users.get({ userId: 'user_1' });
        } catch (error) {
          out.error = error instanceof ClerkErrors && depth(error.data.errors[0].meta);
        }
        parentPort.postMessage(out);
      })().catch((error) => parentPort.postMessage({ failed: String(error) }));
    `;
    const worker = new Worker(script, {
      eval: true,
      workerData: { module: require.resolve('clerk-backend'), secret: SECRET, base: mock.base, deepest: DEEPEST_METADATA },
      resourceLimits: { stackSizeMb: 0.5 },
    });
    const out = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the worker exited with ${code}`)));
    });
    await worker.terminate();
    assert.deepEqual(out, { sent: 'user_1', [DEEPEST_METADATA + 1]: true, 100000: true, result: 126, error: 120 });
    assert.equal(mock.requests.length, 3);
    assert.deepEqual(JSON.parse(mock.requests[0].body).public_metadata, nested(DEEPEST_METADATA));
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

  test('a Proxy of an array is read as the array it is, and refused where an object belongs', async () => {
    mock.respond({ status: 200, body: USER });
    const traps = [];
    const proxied = new Proxy([1, { a_b: 2 }, 'x'], {
      get(target, key, receiver) {
        traps.push(key);
        return Reflect.get(target, key, receiver);
      },
    });
    await update({ publicMetadata: { list: proxied, empty: new Proxy([], {}) } });
    assert.deepEqual(JSON.parse(mock.requests[0].body).public_metadata, { list: [1, { a_b: 2 }, 'x'], empty: [] });
    assert.ok(traps.includes('length'), 'its length is read through the proxy');
    mock.respond({ status: 200, body: [] });
    await clerk.users.list({ emailAddress: new Proxy(['a@example.com'], {}) });
    assert.equal(mock.requests[0].query, 'email_address=a%40example.com&limit=10&offset=0&order_by=-created_at');
    // Where an object is expected, as a plain array is.
    const array = new Proxy([1], {});
    await refused(update({ publicMetadata: [1] }), /`publicMetadata`/);
    await refused(update({ publicMetadata: array }), /`publicMetadata`: invalid type: sequence/);
    await refused(clerk.users.get(array), /users\.get\(\): the parameters must be an object, got an array/);
    await refused(clerk.users.get({ userId: 'user_1' }, array), /the options must be an object, got an array/);
    await refused(clerk.users.get({ userId: 'user_1' }, []), /the options must be an object, got an array/);
    await refused(
      clerk.users.setProfileImage({ userId: 'user_1', file: array }),
      /parameter `file` must be an object \{ fileName, content, contentType\? \}, got an array/,
    );
    assert.throws(
      () => new Clerk(new Proxy([], {})),
      (error) => error instanceof TypeError && /new Clerk\(\): the options must be an object, got an array/.test(error.message),
    );
    // A proxy claiming an impossible length is refused before anything is read.
    const huge = new Proxy([], { get: (target, key) => (key === 'length' ? 2 ** 40 : Reflect.get(target, key)) });
    await refused(update({ publicMetadata: { huge } }), /`publicMetadata\.huge` is an array whose length is not valid/);
    const sparse = new Proxy([], { get: (target, key) => (key === 'length' ? 2 ** 32 - 1 : undefined) });
    await refused(update({ publicMetadata: { sparse } }), /`publicMetadata\.sparse` holds more than 1000000 values/);
  });

  test('metadata keyed like serde_json internals is sent as written', async () => {
    // serde_json (arbitrary_precision) carries numbers as such one-key maps: the core reads
    // metadata literally, so these stay objects.
    const publicMetadata = {
      a: { '$serde_json::private::Number': '1' },
      b: [{ '$serde_json::private::Number': 'x', c: 1 }],
      r: { '$serde_json::private::RawValue': '[1]' },
    };
    mock.respond({ status: 200, body: { ...USER, public_metadata: publicMetadata } });
    const user = await update({ publicMetadata });
    assert.deepEqual(JSON.parse(mock.requests[0].body).public_metadata, publicMetadata);
    assert.deepEqual(user.publicMetadata, publicMetadata);
  });

  test('a file name, type or text content with a lone surrogate is refused, not sent as U+FFFD', async () => {
    const set = (file) => clerk.users.setProfileImage({ userId: 'user_1', file });
    await refused(set({ fileName: 'a\ud800.png', content: 'x' }), /`file\.fileName` is not well-formed Unicode/);
    await refused(set({ fileName: 'a.png', content: 'x', contentType: 'image/\udc00' }), /`file\.contentType` is not well-formed Unicode/);
    await refused(set({ fileName: 'a.png', content: 'x\ud83d' }), /`file\.content` is not well-formed Unicode/);
    // U+FFFD itself is a character like any other.
    mock.respond({ status: 200, body: USER });
    await set({ fileName: 'a\ufffd.png', content: Buffer.from('png') });
    assert.equal(mock.requests.length, 1);
    assert.match(mock.requests[0].body.toString('latin1'), /filename="a(\xef\xbf\xbd|%EF%BF%BD)\.png"/);
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
