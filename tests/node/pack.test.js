'use strict';
// The npm packages as they are published: the main package (JavaScript, types, the loader, no
// addon) and one package per platform (npm/<platform>: the addon alone), which the main package
// lists in its optionalDependencies. Here: the platform packages agree with package.json's napi
// targets, and the main tarball plus this machine's platform tarball install into an empty
// project with no build and work there (the quickstart, require, import, the types).

const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { after, test } = require('node:test');

const { parseTriple } = require('@napi-rs/cli');

const { REPO } = require('./helpers.js');

const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
const binaryName = manifest.napi.binaryName;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clerk-backend-pack-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** npm's own CLI script, run by this node: no shell, and the same on Windows (npm.cmd). */
function npmCli() {
  const candidates = [
    process.env.npm_execpath,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    path.join(path.dirname(process.execPath), 'node_modules', 'npm', 'bin', 'npm-cli.js'),
  ];
  const found = candidates.find((file) => file && /npm-cli\.js$/.test(file) && fs.existsSync(file));
  assert.ok(found, `npm-cli.js not found among ${candidates.join(', ')}`);
  return found;
}
const NPM_CLI = npmCli();

const npm = (args, cwd, env = process.env) =>
  execFileSync(process.execPath, [NPM_CLI, ...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    env: { ...env, npm_config_update_notifier: 'false' },
  });

/** The napi platform name of this machine (`linux-x64-gnu`, `darwin-arm64`, `win32-x64-msvc`...). */
function hostPlatform() {
  if (process.platform === 'linux') {
    const glibc = process.report.getReport().header.glibcVersionRuntime;
    return `linux-${process.arch}-${glibc ? 'gnu' : 'musl'}`;
  }
  if (process.platform === 'win32') return `win32-${process.arch}-msvc`;
  return `${process.platform}-${process.arch}`;
}

test('every napi target has its npm/<platform> package, listed in optionalDependencies', () => {
  const platforms = manifest.napi.targets.map((triple) => parseTriple(triple));
  assert.deepEqual(
    fs.readdirSync(path.join(REPO, 'npm')).sort(),
    platforms.map((t) => t.platformArchABI).sort(),
    'npm/ holds exactly the targets of package.json',
  );
  const expectedOptional = {};
  for (const target of platforms) {
    const dir = path.join(REPO, 'npm', target.platformArchABI);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const addon = `${binaryName}.${target.platformArchABI}.node`;
    assert.equal(pkg.name, `${manifest.name}-${target.platformArchABI}`);
    assert.equal(pkg.version, manifest.version, `${pkg.name} has the main package's version`);
    assert.deepEqual(pkg.os, [target.platform], pkg.name);
    assert.deepEqual(pkg.cpu, [target.arch], pkg.name);
    const libc = { gnu: ['glibc'], musl: ['musl'] }[target.abi];
    assert.deepEqual(pkg.libc, libc, `${pkg.name}: libc ${libc}`);
    assert.equal(pkg.main, addon);
    assert.deepEqual(pkg.files, [addon]);
    assert.equal(pkg.license, manifest.license);
    assert.deepEqual(pkg.engines, manifest.engines);
    assert.deepEqual(pkg.repository, manifest.repository);
    assert.equal(pkg.scripts, undefined, `${pkg.name} runs nothing at install`);
    assert.match(fs.readFileSync(path.join(dir, 'README.md'), 'utf8'), new RegExp(target.triple));
    expectedOptional[pkg.name] = manifest.version;
  }
  assert.deepEqual(manifest.optionalDependencies, expectedOptional);
  assert.ok(!manifest.files.some((f) => f.endsWith('.node')), `no addon in the main package's files: ${manifest.files}`);
});

test('the main tarball and this platform\'s tarball install into an empty project with no build, and work there', () => {
  const platform = hostPlatform();
  const platformName = `${manifest.name}-${platform}`;
  const addonFile = `${binaryName}.${platform}.node`;
  const builtAddon = path.join(REPO, 'bindings-node', addonFile);
  assert.ok(fs.existsSync(builtAddon), `${builtAddon} is built (npm install at the root builds it)`);

  // The main package, packed as is (the addon was built by `npm install`: no rebuild here).
  const packed = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], REPO));
  const files = packed[0].files.map((f) => f.path).sort();
  for (const needed of [
    'package.json',
    'LICENSE',
    'bindings-node/index.js',
    'bindings-node/index.mjs',
    'bindings-node/index.d.ts',
    'bindings-node/errors.js',
    'bindings-node/testing.js',
    'bindings-node/testing.mjs',
    'bindings-node/testing.d.ts',
    'bindings-node/native.cjs',
  ]) {
    assert.ok(files.includes(needed), `the main tarball has ${needed}: ${files.join(', ')}`);
  }
  assert.deepEqual(files.filter((f) => f.endsWith('.node')), [], 'the main tarball carries no addon');
  assert.ok(!files.some((f) => f.startsWith('tests/') || f.startsWith('npm/') || f.endsWith('.rs')), files.join(', '));
  const mainTarball = path.join(tmp, packed[0].filename);

  // npm/<platform> as the release assembles it: the built addon and the licence copied in.
  const platformDir = path.join(tmp, 'platform-package');
  fs.cpSync(path.join(REPO, 'npm', platform), platformDir, { recursive: true });
  fs.copyFileSync(builtAddon, path.join(platformDir, addonFile));
  fs.copyFileSync(path.join(REPO, 'LICENSE'), path.join(platformDir, 'LICENSE'));
  const platformPacked = JSON.parse(npm(['pack', '--json', '--pack-destination', tmp], platformDir));
  assert.deepEqual(
    platformPacked[0].files.map((f) => f.path).sort(),
    [addonFile, 'LICENSE', 'README.md', 'package.json'].sort(),
  );
  const platformTarball = path.join(tmp, platformPacked[0].filename);

  // No build: the install runs with nothing but node (and npm through it) on PATH, no cargo,
  // offline (the other platforms' optional packages cannot be fetched, and are skipped).
  const project = path.join(tmp, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  const bare = { ...process.env };
  const pathKeys = Object.keys(bare).filter((key) => key.toUpperCase() === 'PATH'); // `Path` on Windows
  for (const key of pathKeys) delete bare[key];
  bare[pathKeys[0] || 'PATH'] = path.dirname(process.execPath);
  npm(['install', '--offline', mainTarball, platformTarball], project, bare);
  const installed = path.join(project, 'node_modules');
  assert.ok(fs.existsSync(path.join(installed, platformName, addonFile)), `${platformName} is installed`);
  assert.deepEqual(
    fs.readdirSync(path.join(installed, manifest.name, 'bindings-node')).filter((f) => f.endsWith('.node')),
    [],
  );
  const lock = JSON.parse(fs.readFileSync(path.join(project, 'package-lock.json'), 'utf8'));
  assert.deepEqual(lock.packages[`node_modules/${manifest.name}`].optionalDependencies, manifest.optionalDependencies);

  const run = (args) => spawnSync(process.execPath, args, { cwd: project, encoding: 'utf8', timeout: 30_000, env: bare });

  // The loader takes the addon from the platform package.
  const which = run([
    '-e',
    "require('clerk-backend'); console.log(JSON.stringify(Object.keys(require.cache).filter((f) => f.endsWith('.node'))))",
  ]);
  assert.equal(which.status, 0, which.stderr);
  assert.deepEqual(JSON.parse(which.stdout), [fs.realpathSync(path.join(installed, platformName, addonFile))]);

  // examples/node/quickstart.mjs, unchanged, from the project.
  fs.copyFileSync(path.join(REPO, 'examples', 'node', 'quickstart.mjs'), path.join(project, 'quickstart.mjs'));
  const quickstart = run(['quickstart.mjs']);
  assert.equal(quickstart.status, 0, quickstart.stderr);
  assert.equal(quickstart.stderr, '');
  for (const expected of [
    /^emulator listening on http:\/\/127\.0\.0\.1:\d+\/v1$/m,
    /^list {5}newest first: Alan, Grace, Ada$/m,
    /^retry {4}two 503s, then count=3$/m,
    /^get {6}deleted user -> HTTP 404 resource_not_found \(trace \w+\)$/m,
    /^count {4}2 users left$/m,
  ]) {
    assert.match(quickstart.stdout, expected);
  }

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
  const cjs = run(['main.cjs']);
  assert.equal(cjs.status, 0, cjs.stderr);
  assert.deepEqual(JSON.parse(cjs.stdout), { id: true, name: 'Packed', classed: true });

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
  const tsc = run([
    path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'),
    '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', '', 'check.mts',
  ]);
  assert.equal(tsc.status, 0, `${tsc.stdout}${tsc.stderr}`);
});
