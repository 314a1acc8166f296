'use strict';
// Shared helpers of the Node tests: a recording HTTP mock on 127.0.0.1, the wire vectors, key
// case mapping, free ports.

const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
const SECRET = 'sk_test_node_secret_0123456789';

/** Keys whose values are user data: never renamed. */
const OPAQUE = new Set(['public_metadata', 'private_metadata', 'unsafe_metadata', 'meta']);

const toCamel = (key) => key.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const toSnake = (key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A result with camelCase keys, mapped back to the wire's snake_case (metadata untouched). */
function snakeKeys(value) {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, item] of Object.entries(value)) {
    const snake = toSnake(key);
    out[snake] = OPAQUE.has(snake) ? item : snakeKeys(item);
  }
  return out;
}

/** A vector's `args` as Node passes them: keys camelCased (and those of `file`), values untouched. */
function camelArgs(args) {
  const out = {};
  for (const [key, value] of Object.entries(args)) {
    if (key === 'file' && value && typeof value === 'object') {
      out.file = Object.fromEntries(Object.entries(value).map(([k, v]) => [toCamel(k), v]));
    } else {
      out[toCamel(key)] = value;
    }
  }
  return out;
}

/** Every vector file: `{ operation, cases }`, sorted by name. */
function loadVectors() {
  const dir = path.join(REPO, 'tests', 'vectors');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
}

/**
 * An HTTP server on 127.0.0.1 that records every request and answers from a script: responses
 * are served in order, the last one repeating. A response is `{ status, headers?, body?, raw?,
 * delayMs?, destroy? }`: `body` is sent as JSON, `raw` as is; `destroy` drops the connection.
 */
async function startMock() {
  const mock = {
    requests: [],
    responses: [{ status: 200, body: {} }],
    respond(...responses) {
      this.responses = responses;
      this.requests = [];
    },
  };
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const [pathname, query = ''] = req.url.split(/\?(.*)/s, 2);
      mock.requests.push({
        method: req.method,
        path: pathname,
        query,
        headers: req.headers,
        body: Buffer.concat(chunks),
        // Settles when the client's connection closes.
        socketClosed: new Promise((resolve) => req.socket.once('close', resolve)),
      });
      const index = Math.min(mock.requests.length - 1, mock.responses.length - 1);
      const response = mock.responses[index];
      const send = () => {
        if (response.destroy) {
          req.socket.destroy();
          return;
        }
        const data =
          response.raw !== undefined ? Buffer.from(response.raw) : Buffer.from(JSON.stringify(response.body ?? {}));
        const headers = { 'content-type': 'application/json', ...(response.headers ?? {}) };
        res.writeHead(response.status, { ...headers, 'content-length': data.length });
        res.end(data);
      };
      if (response.delayMs) setTimeout(send, response.delayMs);
      else send();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  mock.base = `http://127.0.0.1:${server.address().port}/v1`;
  mock.close = () =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return mock;
}

/** A port with nothing listening (connections to it are refused). */
async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Parts of a multipart body: `{ name, fileName, contentType, content }`. */
function multipartParts(body, boundary) {
  const parts = [];
  const text = body.toString('latin1');
  const chunks = text.split(`--${boundary}`).slice(1);
  for (let chunk of chunks) {
    if (chunk.startsWith('--')) break;
    if (chunk.startsWith('\r\n')) chunk = chunk.slice(2);
    if (chunk.endsWith('\r\n')) chunk = chunk.slice(0, -2);
    const split = chunk.indexOf('\r\n\r\n');
    const head = chunk.slice(0, split);
    const content = Buffer.from(chunk.slice(split + 4), 'latin1');
    const headers = {};
    for (const line of head.split('\r\n')) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const disposition = headers['content-disposition'] ?? '';
    parts.push({
      name: /\bname="([^"]*)"/.exec(disposition)?.[1] ?? null,
      fileName: /filename="([^"]*)"/.exec(disposition)?.[1] ?? null,
      contentType: headers['content-type'] ?? null,
      content,
    });
  }
  return parts;
}

/** Every key path of a JSON value, in order (checks the key order of a body). */
function keyPaths(value, at = '') {
  const out = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => out.push(...keyPaths(item, `${at}[${i}]`)));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.push(`${at}.${key}`);
      out.push(...keyPaths(item, `${at}.${key}`));
    }
  }
  return out;
}

/** Quick retries for tests. */
const FAST_RETRIES = {
  strategy: 'backoff',
  backoff: { initialInterval: 10, maxInterval: 50, exponent: 1.5, maxElapsedTime: 5000 },
  retryConnectionErrors: true,
};

module.exports = {
  REPO,
  SECRET,
  FAST_RETRIES,
  camelArgs,
  freePort,
  keyPaths,
  loadVectors,
  multipartParts,
  snakeKeys,
  startMock,
  toCamel,
  toSnake,
};
