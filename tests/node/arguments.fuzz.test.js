'use strict';
// Property tests (fast-check) of argument conversion: JSON-shaped metadata is sent as
// JSON.stringify would send it (and BigInts of any size exactly); a bad value anywhere inside
// (NaN, an infinity, a BigInt of more than 4300 digits, a function, a symbol, a lone surrogate,
// a cycle, a sparse array's claimed length, nesting beyond serde_json's limit) is a TypeError naming the path to it, and nothing is sent;
// a value of the wrong kind for a typed parameter names it. Counts are bounded for CI
// (CLERK_FUZZ_EXAMPLES raises them); a failure prints the counterexample and the seed and path
// that replay it.

const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');
const fc = require('fast-check');

const { Clerk } = require('clerk-backend');
const { SECRET, startMock } = require('./helpers.js');

const RUNS = { numRuns: Number(process.env.CLERK_FUZZ_EXAMPLES ?? 150) };
// The metadata object is level 2 of the request body; serde_json reads 127 levels.
const DEEPEST_VALUE = 125;

let mock;
let clerk;

before(async () => {
  mock = await startMock();
  mock.respond({ status: 200, body: { id: 'user_1', object: 'user' } });
  clerk = new Clerk({ bearerAuth: SECRET, serverUrl: mock.base, retryConfig: null });
});
after(() => mock.close());

const leaf = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 12, unit: 'grapheme' }),
  fc.constant(undefined),
);
const { json } = fc.letrec((tie) => ({
  json: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('json'), { maxLength: 4 }),
  object: fc.dictionary(fc.string({ maxLength: 8, unit: 'grapheme' }), tie('json'), { maxKeys: 4 }),
}));
const metadata = fc.dictionary(fc.string({ maxLength: 8, unit: 'grapheme' }), json, { maxKeys: 5 });
// Keys of the containers a bad value is put in: their path is then plain to predict.
const key = fc.stringMatching(/^[a-z_][a-z0-9_]{0,5}$/);

/** Runs `call` and checks that it rejects with a TypeError whose message has `parts`. */
async function refused(call, ...parts) {
  mock.requests = [];
  let error;
  try {
    await call();
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof TypeError, `expected a TypeError, got ${error?.constructor?.name}: ${error?.message}`);
  for (const part of parts) assert.ok(error.message.includes(part), `${JSON.stringify(part)} not in: ${error.message}`);
  assert.equal(mock.requests.length, 0, 'nothing was sent');
}

const sparse = () => {
  const a = [];
  a.length = 2 ** 32 - 1;
  return a;
};

// [a bad value (made fresh), what the message says].
const badLeaf = fc.constantFrom(
  [() => NaN, 'must be a finite number'],
  [() => Infinity, 'must be a finite number'],
  [() => -Infinity, 'must be a finite number'],
  [() => 10n ** 4300n, 'BigInt too large to send'],
  [() => -(10n ** 4300n), 'BigInt too large to send'],
  [() => () => 1, 'must not be a function'],
  [() => Symbol('s'), 'must not be a symbol'],
  [() => new Uint8Array(1), 'must not be binary data'],
  [sparse, 'holds more than 1000000 values'],
  [() => 'a\ud800b', 'lone surrogate'],
  [() => '\udfff', 'lone surrogate'],
);

/** Metadata with one bad value (or a cycle) planted somewhere inside, and the path to it. */
const planted = fc
  .record({
    top: key,
    wrappers: fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('list'), base: fc.array(json, { maxLength: 3 }), at: fc.nat(3) }),
        fc.record({ kind: fc.constant('dict'), base: fc.dictionary(key, json, { maxKeys: 3 }), at: key }),
      ),
      { maxLength: 6 },
    ),
    bad: badLeaf,
    cycleAt: fc.option(fc.nat(5), { freq: 4 }),
    rest: fc.dictionary(key, json, { maxKeys: 3 }),
  })
  .map(({ top, wrappers, bad, cycleAt, rest }) => {
    let path = `publicMetadata.${top}`;
    const containers = wrappers.map((w) => {
      if (w.kind === 'list') {
        const list = w.base.slice();
        w.at = Math.min(w.at, list.length);
        path += `[${w.at}]`;
        return list;
      }
      const dict = { ...w.base };
      delete dict[w.at];
      path += `.${w.at}`;
      return dict;
    });
    const cycle = cycleAt !== null && containers.length > 0;
    let value = cycle ? containers[cycleAt % containers.length] : bad[0]();
    for (let i = wrappers.length - 1; i >= 0; i--) {
      if (wrappers[i].kind === 'list') containers[i].splice(wrappers[i].at, 0, value);
      else containers[i][wrappers[i].at] = value;
      value = containers[i];
    }
    const metadata = { ...rest };
    delete metadata[top];
    metadata[top] = value;
    return { metadata, path, says: cycle ? 'contains itself' : bad[1] };
  });

describe('argument conversion (fast-check)', () => {
  test('JSON-shaped metadata is sent as JSON.stringify would send it', async () => {
    await fc.assert(
      fc.asyncProperty(metadata, async (value) => {
        mock.requests = [];
        await clerk.users.updateMetadata({ userId: 'user_1', publicMetadata: value });
        assert.equal(mock.requests.length, 1);
        const sent = JSON.parse(mock.requests[0].body).public_metadata;
        assert.deepStrictEqual(sent, JSON.parse(JSON.stringify(value)));
      }),
      RUNS,
    );
  });

  test('a BigInt of any size is sent exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.bigInt({ min: -(10n ** 300n), max: 10n ** 300n }), async (n) => {
        mock.requests = [];
        await clerk.users.updateMetadata({ userId: 'user_1', publicMetadata: { n, list: [n] } });
        assert.equal(mock.requests.length, 1);
        const raw = mock.requests[0].body.toString();
        assert.ok(raw.includes(`"public_metadata":{"n":${n},"list":[${n}]}`), raw);
      }),
      RUNS,
    );
  });

  test('a bad value anywhere is a TypeError naming its path', async () => {
    await fc.assert(
      fc.asyncProperty(planted, async ({ metadata: value, path, says }) => {
        await refused(() => clerk.users.updateMetadata({ userId: 'user_1', publicMetadata: value }), `\`${path}\``, says);
      }),
      RUNS,
    );
  });

  test('nesting is accepted exactly as deep as serde_json reads', async () => {
    const shape = fc.record({ levels: fc.nat(400), lists: fc.array(fc.boolean(), { minLength: 400, maxLength: 400 }) });
    await fc.assert(
      fc.asyncProperty(shape, async ({ levels, lists }) => {
        let value = 1;
        for (let i = 0; i < levels; i++) value = lists[i] ? [value] : { k: value };
        const call = () => clerk.users.updateMetadata({ userId: 'user_1', publicMetadata: { v: value } });
        if (levels <= DEEPEST_VALUE) {
          mock.requests = [];
          await call();
          assert.deepStrictEqual(JSON.parse(mock.requests[0].body).public_metadata.v, value);
        } else {
          await refused(call, '`publicMetadata.v', 'is nested too deeply');
        }
      }),
      RUNS,
    );
  });

  test('a value of the wrong kind for a typed parameter names it', async () => {
    const anything = fc.oneof(json, badLeaf.map(([make]) => make()), fc.bigInt());
    const wrong = {
      limit: anything.filter((v) => !(Number.isInteger(v) && v >= 0 && v < 2 ** 32) && typeof v !== 'bigint' && v != null),
      banned: anything.filter((v) => typeof v !== 'boolean' && v != null),
      orderBy: anything.filter((v) => typeof v !== 'string' && v != null),
      lastActiveAtBefore: anything.filter((v) => !Number.isSafeInteger(v) && typeof v !== 'bigint' && v != null),
      // (A sparse array's `every` would visit its 2 ** 32 - 1 indices: its length says enough.)
      emailAddress: anything.filter(
        (v) => v != null && !(Array.isArray(v) && v.length < 100 && v.every((x) => typeof x === 'string')),
      ),
    };
    const cases = fc.constantFrom(...Object.keys(wrong)).chain((name) => fc.tuple(fc.constant(name), wrong[name]));
    await fc.assert(
      fc.asyncProperty(cases, async ([name, value]) => {
        await refused(() => clerk.users.list({ [name]: value }), `\`${name}`);
      }),
      RUNS,
    );
  });
});
