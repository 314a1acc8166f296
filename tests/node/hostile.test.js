'use strict';
// A hostile or broken server and hostile settings: odd Retry-After values, redirects, oversized
// bodies (every size rejects with a ClerkBaseError), numbers beyond what the models hold, plain
// http to other hosts, and the emulator's control endpoints.

const assert = require('node:assert/strict');
const http = require('node:http');
const { after, before, test } = require('node:test');

const { Clerk, ClerkBaseError, ResponseValidationError, SDKError } = require('clerk-backend');
const { Emulator } = require('clerk-backend/testing');
const { SECRET, startMock } = require('./helpers.js');

let mock;
before(async () => {
  mock = await startMock();
});
after(async () => {
  await mock.close();
});

const client = (options = {}) => new Clerk({ bearerAuth: SECRET, serverUrl: mock.base, retryConfig: null, ...options });

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

test('any Retry-After is an SDKError, never a crash', async () => {
  for (const value of ['1e20', '18446744073709551615', '1e400', '-1', 'NaN']) {
    mock.respond({ status: 404, headers: { 'retry-after': value }, raw: 'gone' });
    const error = await rejection(client().users.get({ userId: 'user_1' }));
    assert.ok(error instanceof SDKError, `${value}: ${error}`);
    assert.equal(error.statusCode, 404);
  }
});

test('redirects are not followed', async () => {
  const elsewhere = await startMock();
  try {
    const location = `${elsewhere.base}/users`;
    mock.respond({ status: 307, headers: { location }, raw: '' });
    const error = await rejection(
      client().users.create({ emailAddress: ['ada@example.com'], password: 'correct horse battery' }),
    );
    assert.ok(error instanceof SDKError, String(error));
    assert.equal(error.statusCode, 307);
    assert.equal(error.headers.location, location);
    assert.equal(elsewhere.requests.length, 0);
  } finally {
    await elsewhere.close();
  }
});

test('the response size cap, per client and per call', async () => {
  const body = JSON.stringify({ id: 'user_1', object: 'user' });
  mock.respond({ status: 200, raw: body });
  const small = client({ maxResponseBytes: body.length - 1 });
  const error = await rejection(small.users.get({ userId: 'user_1' }));
  assert.ok(error instanceof ResponseValidationError, String(error));
  assert.equal(error.statusCode, 200);
  assert.match(error.message, /maxResponseBytes|max_response_bytes/);
  assert.equal((await small.users.get({ userId: 'user_1' }, { maxResponseBytes: body.length })).id, 'user_1');
  const lower = await rejection(client().users.get({ userId: 'user_1' }, { maxResponseBytes: 10 }));
  assert.ok(lower instanceof ResponseValidationError);
  assert.throws(() => client({ maxResponseBytes: 0 }), TypeError);
});

test('a result too long for a JavaScript string rejects with a ClerkBaseError', async () => {
  // 600 MB of name: over V8's longest string, under a raised cap.
  const size = 600 * 1024 * 1024;
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"id":"user_1","first_name":"');
    const chunk = Buffer.alloc(16 * 1024 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!res.write(chunk)) return res.once('drain', pump);
      }
      res.end('"}');
    };
    pump();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const big = new Clerk({
      bearerAuth: SECRET,
      serverUrl: `http://127.0.0.1:${server.address().port}/v1`,
      retryConfig: null,
      maxResponseBytes: 1024 * 1024 * 1024,
    });
    const error = await rejection(big.users.get({ userId: 'user_1' }));
    assert.ok(error instanceof ClerkBaseError, `${error?.constructor?.name}: ${error}`);
    assert.ok(error instanceof ResponseValidationError);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('numbers JSON.parse would not read exactly are kept exactly, and sent back as the same numbers', async () => {
  const odd = `1${'0'.repeat(309)}.5`;
  const raw =
    '{"id":"user_1","object":"user","created_at":1e400,"updated_at":9223372036854775808,"banned":1e400,' +
    '"last_sign_in_at":9007199254740993,"public_metadata":{"big":1e400,"neg":-1.5e400,' +
    `"huge":123456789012345678901234567890,"n":7,"f":1.5,"safe":9007199254740991,"odd":${odd},` +
    '"long":1e5000,"list":[1e400,18446744073709551616]}}';
  mock.respond({ status: 200, raw });
  const user = await client().users.get({ userId: 'user_1' });
  assert.equal(user.id, 'user_1');
  // Kept as sent, as any value of another type than its field's is: exactly, as a BigInt.
  assert.equal(user.createdAt, 10n ** 400n);
  assert.equal(user.updatedAt, 9223372036854775808n);
  assert.equal(user.banned, 10n ** 400n);
  // A value its integer field holds is a number, as JSON.parse reads it.
  assert.equal(user.lastSignInAt, 9007199254740992);
  assert.deepEqual(user.publicMetadata, {
    big: 10n ** 400n,
    neg: -15n * 10n ** 399n,
    huge: 123456789012345678901234567890n,
    n: 7,
    f: 1.5,
    safe: 9007199254740991,
    // Not an integer, or more digits than a BigInt is made of: the number's text.
    odd,
    long: '1e+5000',
    list: [10n ** 400n, 18446744073709551616n],
  });
  // Written back, the BigInts are sent as the same numbers.
  mock.respond({ status: 200, raw });
  mock.requests = [];
  await client().users.updateMetadata({ userId: 'user_1', publicMetadata: user.publicMetadata });
  const sent = mock.requests[0].body.toString();
  assert.match(sent, /"big":10{400},"neg":-150{399},"huge":123456789012345678901234567890,"n":7,"f":1.5,/);
  assert.match(sent, /"list":\[10{400},18446744073709551616\]/);
});

test('plain http only to loopback unless allowInsecureHttp', async () => {
  for (const serverUrl of ['http://example.com/v1', 'http://10.0.0.1/v1']) {
    const host = new URL(serverUrl).hostname;
    assert.throws(
      () => new Clerk({ bearerAuth: SECRET, serverUrl }),
      (error) => error instanceof TypeError && error.message.includes(host) && error.message.includes('allowInsecureHttp'),
    );
    new Clerk({ bearerAuth: SECRET, serverUrl, allowInsecureHttp: true });
  }
  for (const serverUrl of ['http://127.0.0.1:1/v1', 'http://localhost:1/v1', 'http://[::1]:1/v1']) {
    new Clerk({ bearerAuth: SECRET, serverUrl });
  }
  mock.respond({ status: 200, body: { id: 'user_1' } });
  await assert.rejects(client().users.get({ userId: 'user_1' }, { serverUrl: 'http://example.com/v1' }), TypeError);
  assert.equal(mock.requests.length, 0);
});

test('the emulator guards its control endpoints', async () => {
  const emu = new Emulator({ secretKey: 'sk_test_only' });
  try {
    emu.loadUsers([{ firstName: 'Ada' }]);
    assert.deepEqual(await emu.pendingFaults(), []);
    assert.equal((await fetch(`${emu.rootUrl}/emulator/v1/export`)).status, 401);
    const textPost = await fetch(`${emu.rootUrl}/emulator/v1/reset`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: 'Bearer sk_test_only' },
      body: '{}',
    });
    assert.equal(textPost.status, 415);
    assert.equal(emu.exportData().users.length, 1);
  } finally {
    await emu.close();
  }
});
