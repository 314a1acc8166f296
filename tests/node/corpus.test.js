'use strict';
// The corpus of response bodies in the shapes Clerk sends (tests/corpus, each with its source):
// every body, served by a local server and read through a real call, comes back with every key
// as sent (camelCased outside user data), nulls kept, metadata untouched, and only defaults of
// fields the server left out added; by the one-pass path and by the other alike.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { after, before, test } = require('node:test');

const { Clerk, OPERATIONS } = require('clerk-backend');
const { REPO, SECRET, startMock, toCamel } = require('./helpers.js');

const DIR = path.join(REPO, 'tests', 'corpus');
const INDEX = JSON.parse(fs.readFileSync(path.join(DIR, 'index.json'), 'utf8'));
const AWAITING = INDEX.awaiting_a_real_body.operations;
const OPAQUE = new Set(['public_metadata', 'private_metadata', 'unsafe_metadata', 'meta']);
const DEFAULTS = [null, false, 0, '', [], {}];

/** Parameters enough for each operation the corpus uses. */
const PARAMS = { userId: 'user_1', provider: 'oauth_google', password: 'p', code: '1' };
const UNSCOPED = new Set(['list', 'count', 'get_instance_organization_memberships']);

function paramsFor(op) {
  if (UNSCOPED.has(op.name)) return {};
  return Object.fromEntries(op.params.filter((p) => p in PARAMS).map((p) => [p, PARAMS[p]]));
}

/** `got` holds every key of `sent` (renamed), with its value; anything else it holds is a default. */
function assertFaithful(got, sent, at) {
  if (Array.isArray(sent)) {
    assert.ok(Array.isArray(got), at);
    assert.equal(got.length, sent.length, at);
    sent.forEach((item, i) => assertFaithful(got[i], item, `${at}[${i}]`));
    return;
  }
  if (sent === null || typeof sent !== 'object') {
    assert.equal(got, sent, at);
    return;
  }
  assert.equal(typeof got, 'object', at);
  const expected = new Set();
  const apart = got.$collisions ?? {};
  for (const [key, value] of Object.entries(sent)) {
    // A key whose camelCase name is taken is kept apart under its exact spelling.
    if (Object.hasOwn(apart, key)) {
      expected.add('$collisions');
      assertFaithful(apart[key], value, `${at}.$collisions.${key}`);
      continue;
    }
    const name = toCamel(key);
    expected.add(name);
    assert.ok(Object.hasOwn(got, name), `${at}.${name} is missing`);
    if (OPAQUE.has(key)) assert.deepEqual(got[name], value, `${at}.${name}`);
    else assertFaithful(got[name], value, `${at}.${name}`);
  }
  for (const [name, value] of Object.entries(got)) {
    if (expected.has(name)) continue;
    assert.ok(
      DEFAULTS.some((d) => JSON.stringify(d) === JSON.stringify(value)),
      `${at}.${name} = ${JSON.stringify(value)} was not sent and is not a default`,
    );
  }
}

let mock;
let clerk;
before(async () => {
  mock = await startMock();
  clerk = new Clerk({ bearerAuth: SECRET, serverUrl: mock.base, retryConfig: null });
});
after(() => mock.close());

test('the corpus names its sources and covers the shapes that broke strict SDKs', () => {
  assert.ok(INDEX.bodies.length >= 25, `${INDEX.bodies.length} bodies`);
  for (const entry of INDEX.bodies) {
    assert.match(entry.source, /^https:\/\/github\.com\//, entry.file);
    assert.ok(fs.existsSync(path.join(DIR, entry.file)), entry.file);
  }
  const text = INDEX.bodies.map((e) => fs.readFileSync(path.join(DIR, e.file), 'utf8')).join('\n');
  for (const strategy of ['admin', 'saml', 'ticket', 'email_link', 'from_oauth_google', 'from_oauth_microsoft', 'phone_code', 'web3_metamask_signature']) {
    assert.ok(text.includes(`"strategy": "${strategy}"`), strategy);
  }
});

/** The result types of an operation, from the table (`Vec<X> | XPage`): `{ list, object }`. */
function resultTypes(operation) {
  const op = OPERATIONS.find((o) => o.name === operation);
  assert.ok(op, operation);
  const types = {};
  for (const type of op.response.split(' | ')) {
    const item = /^Vec<(.+)>$/.exec(type);
    if (item) types.list = `${item[1]}[]`;
    else types.object = type;
  }
  return types;
}

test('every result type of the operation table has a corpus body, but those awaiting a real one', () => {
  const all = new Set(OPERATIONS.flatMap((op) => Object.values(resultTypes(op.name))));
  const covered = new Set();
  for (const entry of INDEX.bodies) {
    const body = JSON.parse(fs.readFileSync(path.join(DIR, entry.file), 'utf8'));
    const type = resultTypes(entry.operation)[Array.isArray(body) ? 'list' : 'object'];
    assert.ok(type, `${entry.file}: not a result of ${entry.operation}`);
    covered.add(type);
  }
  const awaiting = new Set(AWAITING.map((entry) => resultTypes(entry.operation).object));
  assert.deepEqual([...awaiting].filter((type) => covered.has(type)), [], 'these have a corpus body now');
  assert.deepEqual([...all].filter((type) => !covered.has(type)).sort(), [...awaiting].sort());
});

for (const entry of INDEX.bodies) {
  test(`corpus: ${entry.file} (${entry.operation})`, async () => {
    const op = OPERATIONS.find((o) => o.name === entry.operation);
    assert.ok(op, entry.operation);
    const raw = fs.readFileSync(path.join(DIR, entry.file), 'utf8');
    const sent = JSON.parse(raw);
    // An escape in a key takes the body off the one-pass path.
    const escaped = raw.replace(/"(id|object|data|user_id)"/, (_, key) => `"\\u00${key.charCodeAt(0).toString(16)}${key.slice(1)}"`);
    assert.notEqual(escaped, raw);
    const results = [];
    for (const body of [raw, escaped]) {
      mock.respond({ status: 200, raw: body });
      const result = await clerk.users[op.jsName](paramsFor(op));
      assertFaithful(result, sent, entry.file);
      results.push(result);
    }
    assert.deepEqual(results[0], results[1]);
  });
}
