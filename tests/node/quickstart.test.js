'use strict';
// examples/node/quickstart.mjs runs to the end against the embedded emulator.

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { test } = require('node:test');

const { REPO } = require('./helpers.js');

test('examples/node/quickstart.mjs', () => {
  const out = spawnSync(process.execPath, [path.join(REPO, 'examples', 'node', 'quickstart.mjs')], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(out.status, 0, out.stderr);
  assert.equal(out.stderr, '');
  const lines = out.stdout.trim().split('\n');
  assert.match(lines[0], /^emulator listening on http:\/\/127\.0\.0\.1:\d+\/v1$/);
  for (const expected of [
    /^created {2}user_\w+ Ada Lovelace <ada@example\.com> plan=pro$/,
    /^list {5}newest first: Alan, Grace, Ada$/,
    /^count {4}3 users$/,
    /^update {3}user_\w+ firstName="Amazing Grace" lastName="Hopper"$/,
    /^metadata user_\w+ publicMetadata=\{"plan":"pro","seats":5\}$/,
    /^ban {6}user_\w+ banned=true$/,
    /^verify {3}wrong password -> SDKError HTTP 422$/,
    /^retry {4}two 503s, then count=3$/,
    /^delete {3}user_\w+ deleted=true$/,
    /^get {6}deleted user -> HTTP 404 resource_not_found \(trace \w+\)$/,
    /^count {4}2 users left$/,
  ]) {
    assert.ok(lines.some((line) => expected.test(line)), `${expected} in:\n${out.stdout}`);
  }
});
