'use strict';
// `npm pack` gives a tarball that installs into an empty project (no build there: it ships the
// addon built for this platform) and works: require, import, types, the emulator.

const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { after, test } = require('node:test');

const { REPO } = require('./helpers.js');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clerk-backend-pack-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const npm = (args, cwd) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });

test('npm pack, install into an empty project, use it there', () => {
  // The addon was built by `npm install` (prepare): pack what is there, without rebuilding.
  const packed = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], REPO));
  const files = packed[0].files.map((f) => f.path).sort();
  for (const needed of [
    'package.json',
    'bindings-node/index.js',
    'bindings-node/index.mjs',
    'bindings-node/index.d.ts',
    'bindings-node/errors.js',
    'bindings-node/testing.js',
    'bindings-node/testing.mjs',
    'bindings-node/testing.d.ts',
    'bindings-node/native.cjs',
  ]) {
    assert.ok(files.includes(needed), `the tarball has ${needed}: ${files.join(', ')}`);
  }
  assert.ok(files.some((f) => /^bindings-node\/clerk-backend\.[\w-]+\.node$/.test(f)), 'the tarball has the addon');
  assert.ok(!files.some((f) => f.startsWith('tests/') || f.startsWith('core/') || f.endsWith('.rs')), files.join(', '));
  const tarball = path.join(tmp, packed[0].filename);

  const project = path.join(tmp, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  npm(['install', '--offline', tarball], project);
  assert.ok(fs.existsSync(path.join(project, 'node_modules', 'clerk-backend', 'package.json')));

  fs.writeFileSync(
    path.join(project, 'main.cjs'),
    `
    const { Clerk, ClerkErrors } = require('clerk-backend');
    const { Emulator } = require('clerk-backend/testing');
    (async () => {
      const emu = new Emulator();
      const clerk = new Clerk({ bearerAuth: 'sk_test_consumer', serverUrl: emu.url });
      const user = await clerk.users.create({ firstName: 'Packed', emailAddress: ['p@example.com'] });
      const found = await clerk.users.list({ emailAddress: ['p@example.com'] });
      const err = await clerk.users.get({ userId: 'user_missing' }).catch((e) => e);
      await emu.close();
      console.log(JSON.stringify({ id: found[0].id === user.id, name: user.firstName, classed: err instanceof ClerkErrors }));
    })();
    `,
  );
  fs.writeFileSync(
    path.join(project, 'main.mjs'),
    `
    import { Clerk } from 'clerk-backend';
    import { Emulator } from 'clerk-backend/testing';
    const emu = await Emulator.start();
    const count = await new Clerk({ bearerAuth: 'sk_test_consumer', serverUrl: emu.url }).users.count();
    await emu.close();
    console.log(count.totalCount);
    `,
  );
  const cjs = spawnSync(process.execPath, ['main.cjs'], { cwd: project, encoding: 'utf8', timeout: 20_000 });
  assert.equal(cjs.status, 0, cjs.stderr);
  assert.deepEqual(JSON.parse(cjs.stdout), { id: true, name: 'Packed', classed: true });
  const esm = spawnSync(process.execPath, ['main.mjs'], { cwd: project, encoding: 'utf8', timeout: 20_000 });
  assert.equal(esm.status, 0, esm.stderr);
  assert.equal(esm.stdout.trim(), '0');

  // The shipped types, from node_modules, in a strict TypeScript project.
  fs.writeFileSync(
    path.join(project, 'check.mts'),
    `import { Clerk, type User } from 'clerk-backend';
     import { Emulator } from 'clerk-backend/testing';
     export async function f(): Promise<User[]> {
       const emu = new Emulator();
       return new Clerk({ bearerAuth: 'sk_test_x', serverUrl: emu.url }).users.list({ limit: 1 });
     }
    `,
  );
  const tsc = spawnSync(
    path.join(REPO, 'node_modules', '.bin', 'tsc'),
    ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', '', 'check.mts'],
    { cwd: project, encoding: 'utf8' },
  );
  assert.equal(tsc.status, 0, `${tsc.stdout}${tsc.stderr}`);
});
