'use strict';
// Replays every case of tests/vectors/*.json (format: tests/vectors/README.md) through the Node
// package: the request must reach a local HTTP server exactly as written, and the result, its
// keys mapped back to snake_case (metadata untouched), must equal `result`.

const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');

const { Clerk, OPERATIONS } = require('clerk-backend');
const { SECRET, camelArgs, keyPaths, loadVectors, multipartParts, snakeKeys, startMock } = require('./helpers.js');

const vectors = loadVectors();

test('there is a vector file for each operation', () => {
  assert.deepEqual(
    vectors.map((v) => v.operation).sort(),
    OPERATIONS.map((op) => op.name).sort(),
  );
});

function checkRequest(got, want) {
  assert.equal(got.method, want.method);
  assert.equal(got.path, want.path);
  assert.equal(got.query, want.query);
  assert.equal(got.headers.authorization, `Bearer ${SECRET}`);
  assert.equal(got.headers.accept, 'application/json');
  assert.equal(got.headers['clerk-api-version'], '2025-11-10');
  const agent = got.headers['user-agent'] ?? '';
  assert.ok(agent.startsWith('clerk-backend/') && agent.includes('(node)'), agent);
  const contentType = got.headers['content-type'];
  if (want.content_type === null) {
    assert.equal(contentType, undefined);
    assert.equal(got.body.length, 0);
  } else if (want.content_type === 'application/json') {
    assert.equal(contentType, 'application/json');
    const sent = JSON.parse(got.body.toString('utf8'));
    assert.deepEqual(sent, want.body);
    assert.deepEqual(keyPaths(sent), keyPaths(want.body), got.body.toString('utf8'));
  } else {
    assert.ok(contentType?.startsWith('multipart/form-data; boundary='), contentType);
    const parts = multipartParts(got.body, contentType.split('boundary=')[1]);
    assert.equal(parts.length, 1);
    const expected = want.multipart;
    assert.equal(parts[0].name, expected.name);
    assert.equal(parts[0].fileName, expected.file_name);
    assert.equal(parts[0].contentType, expected.content_type);
    assert.equal(parts[0].content.toString('utf8'), expected.content);
  }
}

/**
 * A vector's `result` (the decoded model written back, which leaves out optional fields it got as
 * null) as Node returns it: with every key the response sent as null.
 */
function withSentNulls(result, body) {
  if (Array.isArray(result) && Array.isArray(body)) return result.map((item, i) => withSentNulls(item, body[i]));
  if (result === null || typeof result !== 'object' || body === null || typeof body !== 'object') return result;
  const out = { ...result };
  for (const [key, value] of Object.entries(body)) {
    if (value === null && !(key in out)) out[key] = null;
    else if (key in out && !key.endsWith('metadata')) out[key] = withSentNulls(out[key], value);
  }
  return out;
}

describe('wire vectors', () => {
  let mock;
  let clerk;
  before(async () => {
    mock = await startMock();
    clerk = new Clerk({ bearerAuth: SECRET, serverUrl: mock.base, retryConfig: null });
  });
  after(() => mock.close());

  for (const { operation, cases } of vectors) {
    const jsName = OPERATIONS.find((op) => op.name === operation).jsName;
    for (const c of cases) {
      test(`${operation}: ${c.name}`, async () => {
        const { status, headers, body } = c.response;
        mock.respond({ status, headers: headers ?? {}, body });
        const result = await clerk.users[jsName](camelArgs(c.args));
        assert.equal(mock.requests.length, 1);
        checkRequest(mock.requests[0], c.request);
        assert.deepEqual(snakeKeys(result), withSentNulls(c.result, body));
      });
    }
  }

  test('file content may be a Buffer, a Uint8Array or an ArrayBuffer', async () => {
    const c = vectors.find((v) => v.operation === 'set_profile_image').cases[0];
    const bytes = Buffer.from(c.args.file.content, 'utf8');
    const views = [bytes, new Uint8Array(bytes), bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)];
    for (const content of views) {
      mock.respond({ status: 200, body: c.response.body });
      const args = camelArgs(c.args);
      await clerk.users.setProfileImage({ ...args, file: { ...args.file, content } });
      checkRequest(mock.requests[0], c.request);
    }
  });
});
