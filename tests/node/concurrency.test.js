'use strict';
// Calls run on native threads: 1,000 concurrent calls through one client, an event loop that
// keeps turning while calls wait on the network, and a process that exits on its own.

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { after, before, test } = require('node:test');

const { Emulator } = require('clerk-backend/testing');
const { REPO, startMock } = require('./helpers.js');

let emu;
before(() => {
  emu = new Emulator();
});
after(() => emu.close());

/** Largest gap between ticks of a 5 ms interval while `work` runs. */
async function maxTickGap(work) {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 5);
  try {
    return { result: await work(), worst: () => worst };
  } finally {
    clearInterval(timer);
  }
}

test('1,000 concurrent calls through one client', async () => {
  const clerk = emu.client({ retryConfig: null });
  const created = await Promise.all(
    Array.from({ length: 20 }, (_, i) => clerk.users.create({ firstName: `User${i}`, emailAddress: [`u${i}@example.com`] })),
  );
  const started = performance.now();
  const { result, worst } = await maxTickGap(() =>
    Promise.all(
      Array.from({ length: 1000 }, (_, i) => {
        const user = created[i % created.length];
        return i % 2 ? clerk.users.get({ userId: user.id }) : clerk.users.count({ emailAddress: [`u${i % 20}@example.com`] });
      }),
    ),
  );
  const elapsed = performance.now() - started;
  assert.equal(result.length, 1000);
  result.forEach((value, i) => {
    if (i % 2) assert.equal(value.id, created[i % created.length].id);
    else assert.deepEqual(value, { object: 'total_count', totalCount: 1 });
  });
  // The event loop only converts results; it never waits on I/O.
  assert.ok(worst() < 500, `the event loop stalled for ${worst().toFixed(0)} ms`);
  console.log(`1,000 calls in ${elapsed.toFixed(0)} ms; longest event-loop gap ${worst().toFixed(0)} ms`);
});

test('the event loop keeps turning while calls wait on a slow server', async () => {
  const mock = await startMock();
  try {
    const { Clerk } = require('clerk-backend');
    const clerk = new Clerk({ bearerAuth: 'sk_test_x', serverUrl: mock.base, retryConfig: null });
    mock.respond({ status: 200, body: { object: 'total_count', total_count: 1 }, delayMs: 400 });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const results = await Promise.all(Array.from({ length: 50 }, () => clerk.users.count()));
    clearInterval(timer);
    assert.equal(results.length, 50);
    assert.ok(ticks >= 20, `only ${ticks} ticks in 400 ms`);
  } finally {
    await mock.close();
  }
});

/** Runs `code` in a fresh Node process from the repository root. */
function runNode(code, timeout = 20_000) {
  const started = Date.now();
  const out = spawnSync(process.execPath, ['-e', code], { cwd: REPO, encoding: 'utf8', timeout });
  return { ...out, ms: Date.now() - started };
}

test('the process exits cleanly after calls, with the client still referenced', () => {
  const out = runNode(`
    const { Emulator } = require('clerk-backend/testing');
    const emu = new Emulator();
    const clerk = emu.client();
    globalThis.keep = clerk;
    (async () => {
      await clerk.users.create({ firstName: 'A' });
      const all = await Promise.all(Array.from({ length: 100 }, () => clerk.users.list()));
      console.log('done', all.length);
      await emu.close();
    })();
  `);
  assert.equal(out.status, 0, out.stderr);
  assert.equal(out.stdout.trim(), 'done 100');
  assert.equal(out.stderr, '');
  assert.ok(out.ms < 10_000, `took ${out.ms} ms`);
});

test('the process exits cleanly without closing the emulator or dropping the client', () => {
  const out = runNode(`
    const { Emulator } = require('clerk-backend/testing');
    const emu = new Emulator();
    emu.client().users.count().then((c) => console.log('count', c.totalCount));
  `);
  assert.equal(out.status, 0, out.stderr);
  assert.equal(out.stdout.trim(), 'count 0');
  assert.equal(out.stderr, '');
});

test('the process exits cleanly when the client is dropped and collected', () => {
  const out = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '-e',
      `
      const { Emulator } = require('clerk-backend/testing');
      const emu = new Emulator();
      (async () => {
        for (let i = 0; i < 20; i++) {
          const clerk = emu.client();
          await clerk.users.count();
        }
        globalThis.gc();
        await new Promise((r) => setTimeout(r, 50));
        globalThis.gc();
        await emu.close();
        console.log('ok');
      })();
    `,
    ],
    { cwd: REPO, encoding: 'utf8', timeout: 20_000 },
  );
  assert.equal(out.status, 0, out.stderr);
  assert.equal(out.stdout.trim(), 'ok');
});

test('process.exit with calls in flight ends the process at once', () => {
  const out = runNode(`
    const { Emulator } = require('clerk-backend/testing');
    const emu = new Emulator();
    emu.fault({ delayMs: 5000, count: 10 });
    const clerk = emu.client();
    for (let i = 0; i < 10; i++) clerk.users.list().catch(() => {});
    setTimeout(() => process.exit(3), 100);
  `);
  assert.equal(out.status, 3, out.stderr);
  assert.ok(out.ms < 5000, `took ${out.ms} ms`);
});

test('a pending call keeps the process alive until it settles', () => {
  const out = runNode(`
    const { Emulator } = require('clerk-backend/testing');
    const emu = new Emulator();
    emu.fault({ delayMs: 300 });
    emu.client().users.count().then((c) => console.log('settled', c.totalCount));
  `);
  assert.equal(out.status, 0, out.stderr);
  assert.equal(out.stdout.trim(), 'settled 0');
});
