'use strict';
// Results: the native core checks a body against its typed model and hands it back as JSON text
// with camelCase keys, which the facade parses. The objects hold every key as sent, key for key:
// nulls kept, unknown fields kept and camelCased (apart under `$collisions` when their name is
// taken), metadata and error `meta` untouched, numbers and strings as sent, plain objects
// whatever the keys.

const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');

const { Clerk } = require('clerk-backend');
const { SECRET, loadVectors, startMock } = require('./helpers.js');

/** Keys whose values are user data: their keys are never renamed. */
const OPAQUE = new Set(['public_metadata', 'private_metadata', 'unsafe_metadata', 'meta']);

/** The core's renaming: `_` then a lowercase ASCII letter, not first, becomes that letter in uppercase. */
function toCamel(key) {
  let out = '';
  for (let i = 0; i < key.length; i++) {
    if (key[i] === '_' && out.length > 0 && /[a-z]/.test(key[i + 1] ?? '')) {
      out += key[++i].toUpperCase();
    } else {
      out += key[i];
    }
  }
  return out;
}

/** A snake_case body as the client returns it: keys renamed, except below user data. */
function camelize(value) {
  if (Array.isArray(value)) return value.map(camelize);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, item] of Object.entries(value)) {
    out[toCamel(key)] = OPAQUE.has(key) ? item : camelize(item);
  }
  return out;
}

/** Every object and array in `value` is a plain one. */
function assertPlain(value, at = 'result') {
  if (Array.isArray(value)) {
    assert.equal(Object.getPrototypeOf(value), Array.prototype, at);
    value.forEach((item, i) => assertPlain(item, `${at}[${i}]`));
  } else if (value !== null && typeof value === 'object') {
    assert.equal(Object.getPrototypeOf(value), Object.prototype, at);
    for (const key of Object.keys(value)) assertPlain(value[key], `${at}.${key}`);
  }
}

/** A user as the model writes it back (the `result` of the `get` vector), with odd extras. */
function oddUser(index) {
  const user = structuredClone(loadVectors().find((v) => v.operation === 'get').cases[0].result);
  Object.assign(user, {
    id: `user_${index}`,
    public_metadata: { snake_key: { deep_key: [1, { x_y: null }] }, camelKey: 'kept', 'ключ_к': 'é' },
    private_metadata: {},
    unsafe_metadata: { '0': 'zero', '10': 'ten', '2': 'two', b: 1, a: 2 },
    brand_new_field: { inner_key: [1, { deep_key: null, meta: { keep_me: 1 } }], public_metadata: { a_b: 1 } },
    meta: { also_kept: true },
    already_camelCase: 1,
    _leading: 1,
    trailing_: 1,
    double__under: 1,
    foo_1: 1,
    'naïve_key': 'naïve',
    '': 'empty key',
  });
  return user;
}

let mock;
let clerk;
before(async () => {
  mock = await startMock();
  clerk = new Clerk({ bearerAuth: SECRET, serverUrl: mock.base, retryConfig: null });
});
after(() => mock.close());

describe('results', () => {
  test('a user: every field camelCased outside user data, unknown ones included', async () => {
    const body = oddUser(1);
    mock.respond({ status: 200, body });
    const user = await clerk.users.get({ userId: 'user_1' });
    assert.deepEqual(user, camelize(body));
    assertPlain(user);
    assert.deepEqual(user.publicMetadata, body.public_metadata);
    assert.deepEqual(user.unsafeMetadata, body.unsafe_metadata);
    assert.deepEqual(user.brandNewField, { innerKey: [1, { deepKey: null, meta: { keep_me: 1 } }], publicMetadata: { a_b: 1 } });
    assert.deepEqual(user.meta, { also_kept: true });
    for (const key of ['alreadyCamelCase', '_leading', 'trailing_', 'double_Under', 'foo_1', 'naïveKey', '']) {
      assert.ok(Object.hasOwn(user, key), key);
    }
    // Keys in the body's order.
    const keys = Object.keys(user);
    assert.deepEqual(keys.slice(0, 3), ['id', 'object', 'externalId']);
    assert.deepEqual(keys.slice(-3), ['foo_1', 'naïveKey', '']);
  });

  test('fields of an unexpected type are kept as sent; missing ones get the model default', async () => {
    // A value of another type sends the body through the model's tolerant decode.
    mock.respond({
      status: 200,
      raw: '{"id":"user_1","first_name":5,"banned":"yes","email_addresses":{"x_y":1},"public_metadata":{"a_b":1}}',
    });
    const odd = await clerk.users.get({ userId: 'user_1' });
    assert.equal(odd.id, 'user_1');
    assert.equal(odd.firstName, 5);
    assert.equal(odd.banned, 'yes');
    assert.deepEqual(odd.emailAddresses, { xY: 1 });
    assert.deepEqual(odd.publicMetadata, { a_b: 1 });
    assert.equal(odd.locked, false);
    assert.equal(odd.lastName, null);

    // The same fields, well typed, and the same defaults.
    mock.respond({ status: 200, raw: '{"id":"user_1","first_name":"Ada","banned":true,"locked":null}' });
    const plain = await clerk.users.get({ userId: 'user_1' });
    assert.equal(plain.firstName, 'Ada');
    assert.equal(plain.banned, true);
    assert.equal(plain.locked, false);
    assert.equal(plain.lastName, null);
    assert.deepEqual(plain.emailAddresses, []);
    assert.deepEqual(plain.publicMetadata, {});
    assert.deepEqual(Object.keys(odd).sort(), Object.keys(plain).sort());
  });

  test('keys sent as null stay null; a field whose type has no null holds its default', async () => {
    const body = {
      id: 'user_1',
      locale: null,
      private_metadata: null,
      password_last_updated_at: null,
      profile_image_url: null,
      banned: null,
      email_addresses: [{ id: 'idn_1', verification: { status: 'verified', strategy: 'admin', verified_at_client: null } }],
      brand_new: null,
    };
    // The one-pass path, then the other (an escape in a key sends the body there).
    for (const raw of [JSON.stringify(body), JSON.stringify(body).replace('"brand_new"', '"brand\\u005fnew"')]) {
      mock.respond({ status: 200, raw });
      const user = await clerk.users.get({ userId: 'user_1' });
      for (const key of ['locale', 'privateMetadata', 'passwordLastUpdatedAt', 'profileImageUrl', 'brandNew', 'lastName']) {
        assert.ok(Object.hasOwn(user, key) && user[key] === null, key);
      }
      assert.equal(user.emailAddresses[0].verification.verifiedAtClient, null);
      assert.ok(Object.hasOwn(user.emailAddresses[0].verification, 'verifiedAtClient'));
      assert.equal(user.banned, false);
      assert.deepEqual(user.phoneNumbers, []);
      assert.ok(!Object.hasOwn(user, 'imageUrl'), 'an optional field not sent stays absent');
    }
  });

  test('a key whose camelCase name is taken is kept apart under $collisions, never in the field', async () => {
    const body = {
      id: 'user_1',
      phone_numbers: [{ id: 'idn_2', object: 'phone_number', phoneNumber: '+15550100', reserved: false }],
      firstName: 'Not the first name',
      x_y: 1,
      xY: 2,
      $collisions: 'sent by the server',
    };
    mock.respond({ status: 200, body });
    const user = await clerk.users.get({ userId: 'user_1' });
    const [phone] = user.phoneNumbers;
    assert.equal(phone.phoneNumber, '');
    assert.deepEqual(phone.$collisions, { phoneNumber: '+15550100' });
    assert.equal(user.firstName, null);
    assert.equal(user.xY, 1);
    assert.deepEqual(user.$collisions, { firstName: 'Not the first name', xY: 2, $collisions: 'sent by the server' });
    // Without a collision there is no $collisions.
    mock.respond({ status: 200, body: { id: 'user_1', phone_numbers: [{ phone_number: '+1' }] } });
    const plain = await clerk.users.get({ userId: 'user_1' });
    assert.ok(!Object.hasOwn(plain, '$collisions') && !Object.hasOwn(plain.phoneNumbers[0], '$collisions'));
  });

  test('a page of 100 users', async () => {
    const body = Array.from({ length: 100 }, (_, i) => oddUser(i));
    mock.respond({ status: 200, body });
    const users = await clerk.users.list({ limit: 100 });
    assert.equal(users.length, 100);
    assert.deepEqual(users, camelize(body));
    assertPlain(users);
  });

  test('numbers are JavaScript numbers as JSON.parse reads them, but integers it would round: BigInts', async () => {
    const raw =
      '{"verified":true,"big":9007199254740993,"max":18446744073709551615,"min":-9223372036854775808,' +
      '"safe":9007199254740991,"float":0.1,"huge":1e300,"tiny":5e-324,"negative_zero":-0.0,"integral_float":3.0,' +
      '"timestamp":1700000000000}';
    mock.respond({ status: 200, raw });
    const result = await clerk.users.verifyPassword({ userId: 'user_1', password: 'p' });
    assert.deepEqual(result, {
      verified: true,
      big: 9007199254740993n,
      max: 18446744073709551615n,
      min: -9223372036854775808n,
      safe: 9007199254740991,
      float: 0.1,
      huge: 1e300,
      tiny: 5e-324,
      negativeZero: -0,
      integralFloat: 3,
      timestamp: 1700000000000,
    });
    assert.ok(Object.is(result.negativeZero, -0));
  });

  test('strings come back as sent, whatever their characters', async () => {
    const text = 'héllo 😀 \u2028 \u2029 \u0000 \u001f \u007f "quoted" \\ / 中文 \ud83d\ude00';
    mock.respond({
      status: 200,
      body: { verified: true, text, public_metadata: { [text]: text }, [`k_0${text}`]: text },
    });
    const result = await clerk.users.verifyPassword({ userId: 'user_1', password: 'p' });
    assert.equal(result.text, text);
    assert.deepEqual(result.publicMetadata, { [text]: text });
    assert.equal(result[`k_0${text}`], text);
  });

  test('a __proto__ key is an own property, the prototype stays Object.prototype', async () => {
    mock.respond({
      status: 200,
      raw: '{"id":"user_1","public_metadata":{"__proto__":{"is_admin":true},"b":1},"unsafe_metadata":{"__proto__":1}}',
    });
    const user = await clerk.users.get({ userId: 'user_1' });
    assert.equal(Object.getPrototypeOf(user.publicMetadata), Object.prototype);
    assert.ok(Object.hasOwn(user.publicMetadata, '__proto__'));
    assert.deepEqual(Object.keys(user.publicMetadata), ['__proto__', 'b']);
    assert.equal(user.publicMetadata.is_admin, undefined);
    assert.deepEqual(JSON.parse(JSON.stringify(user.publicMetadata)), JSON.parse('{"__proto__":{"is_admin":true},"b":1}'));
    assert.ok(Object.hasOwn(user.unsafeMetadata, '__proto__'));
  });

  test('results that are not objects: an empty page, a count', async () => {
    mock.respond({ status: 200, raw: '[]' });
    assert.deepEqual(await clerk.users.list(), []);
    mock.respond({ status: 200, raw: '{"object":"total_count","total_count":12345678901234,"x_y":{"a_b":1}}' });
    assert.deepEqual(await clerk.users.count(), { object: 'total_count', totalCount: 12345678901234, xY: { aB: 1 } });
  });

  test('every call gets its own objects', async () => {
    mock.respond({ status: 200, body: oddUser(1) });
    const [a, b] = await Promise.all([clerk.users.get({ userId: 'user_1' }), clerk.users.get({ userId: 'user_1' })]);
    assert.deepEqual(a, b);
    assert.notEqual(a, b);
    assert.notEqual(a.publicMetadata, b.publicMetadata);
  });
});
