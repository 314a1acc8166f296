// The official-SDK oracle for Node: Clerk's own `@clerk/backend` (3.x, installed by `run` into
// target/oracle-node) runs a users lifecycle against the emulator binary. The SDK turns every
// response into its own classes (`User`, `OrganizationMembership`, ...) and every error into a
// `ClerkAPIResponseError` (status, code, paramName, clerkTraceId): a missing field, a wrong shape
// or a body it cannot read fails a check.
//
//   CLERK_ORACLE_NODE_MODULES  the folder holding node_modules/@clerk/backend (required)
//   CLERK_EMULATOR_URL         an emulator already running (it is reset first), or
//   CLERK_EMULATOR_BIN         the binary to start (default target/debug/clerk-emulator)

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createHmac } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const modules = process.env.CLERK_ORACLE_NODE_MODULES;
if (!modules) throw new Error('CLERK_ORACLE_NODE_MODULES is not set: run emulator/tests/oracle/run');
const require = createRequire(join(resolve(modules), 'package.json'));
const { createClerkClient } = require('@clerk/backend');
const { isClerkAPIResponseError } = require('@clerk/backend/errors');
const SDK_VERSION = require('@clerk/backend/package.json').version;

const KEY = 'sk_test_node_oracle';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXP';
const PASSWORD = 'correct horse battery'; // user_example_ada's, in the data file
// A 1x1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** RFC 6238: SHA1, 30 s, 6 digits. */
function totpNow(secret) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000)));
  const digest = createHmac('sha1', key).update(counter).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const code = (digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}

async function startEmulator() {
  if (process.env.CLERK_EMULATOR_URL) return { url: process.env.CLERK_EMULATOR_URL.replace(/\/$/, ''), child: null };
  const binary = process.env.CLERK_EMULATOR_BIN ?? join(root, 'target/debug/clerk-emulator');
  const child = spawn(binary, ['--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise((ok, fail) => {
    lines.once('line', ok);
    child.once('exit', (code) => fail(new Error(`the emulator exited (${code}) before listening`)));
  });
  if (!first.startsWith('listening on ')) throw new Error(`the emulator did not start: ${first}`);
  return { url: first.slice('listening on '.length), child };
}

const passed = [];
const failed = [];
const proven = new Set();

async function check(name, method, fn) {
  try {
    const result = await fn();
    if (method) proven.add(method);
    passed.push(name);
    console.log(`ok   ${name}`);
    return result;
  } catch (error) {
    failed.push(name);
    const detail = isClerkAPIResponseError(error)
      ? `${error.status} ${JSON.stringify(error.errors)}`
      : (error?.stack ?? String(error));
    console.log(`FAIL ${name}\n      ${detail.split('\n').join('\n      ')}`);
    return undefined;
  }
}

function equal(got, expected, what = 'value') {
  if (JSON.stringify(got) !== JSON.stringify(expected)) {
    throw new Error(`${what}: got ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
  }
  return got;
}

/** An instance of the SDK's class `name` (bundled as `_User`, ...; the classes are not exported). */
function isA(object, name) {
  const actual = object?.constructor?.name ?? typeof object;
  if (actual.replace(/^_/, '') !== name) throw new Error(`an instance of ${actual}, expected ${name}`);
}

/** The call must reject with a ClerkAPIResponseError of `status`, `code` and `paramName`. */
async function expectError(name, status, code, paramName, fn) {
  await check(name, null, async () => {
    try {
      await fn();
    } catch (error) {
      if (!isClerkAPIResponseError(error)) throw error;
      equal(error.status, status, 'status');
      equal(error.errors[0].code, code, 'code');
      equal(error.errors[0].meta?.paramName, paramName, 'meta.paramName');
      if (!/^[0-9a-f]{32}$/.test(error.clerkTraceId)) throw new Error(`clerkTraceId ${error.clerkTraceId}`);
      if (!error.errors[0].longMessage) throw new Error('no longMessage');
      return;
    }
    throw new Error(`expected ${status} ${code}, the call succeeded`);
  });
}

async function control(url, method, path, body = {}) {
  const response = await fetch(`${url}/emulator/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: method === 'GET' ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${method} ${path}: HTTP ${response.status}`);
  return response.json();
}

async function run(url) {
  await control(url, 'POST', '/reset');
  await control(url, 'PUT', '/instance', { preset: 'permissive' });
  await control(url, 'POST', '/import', JSON.parse(readFileSync(join(root, 'emulator/examples/data.json'), 'utf8')));
  const clerk = createClerkClient({ secretKey: KEY, apiUrl: url });
  const users = clerk.users;
  const ada = 'user_example_ada';

  // --- create, read, list, update
  const grace = await check('createUser', 'createUser', async () => {
    const user = await users.createUser({
      emailAddress: ['grace@node-oracle.test'],
      phoneNumber: ['+15555550199'],
      username: 'grace_h',
      firstName: 'Grace',
      lastName: 'Hopper',
      password: 'Secure*Pass4',
      totpSecret: TOTP_SECRET,
      backupCodes: ['backup-node-1'],
      publicMetadata: { role: 'admin' },
      privateMetadata: { internal: 7 },
    });
    isA(user, 'User');
    equal([user.firstName, user.username, user.passwordEnabled, user.totpEnabled], ['Grace', 'grace_h', true, true]);
    equal(user.primaryEmailAddress?.emailAddress, 'grace@node-oracle.test', 'primaryEmailAddress');
    equal(user.publicMetadata, { role: 'admin' }, 'publicMetadata');
    return user;
  });
  const graceId = grace?.id ?? 'user_missing';
  await check('getUser', 'getUser', async () => {
    const user = await users.getUser(ada);
    equal([user.id, user.username, user.emailAddresses.length], [ada, 'ada_lovelace', 2]);
    equal(user.externalAccounts.length, 2, 'externalAccounts');
    equal(user.web3Wallets.map((w) => w.id), ['idn_ada_wallet', 'idn_ada_wallet2'], 'web3Wallets');
  });
  await check('getUserList (filters, order, totalCount)', 'getUserList', async () => {
    const page = await users.getUserList({
      emailAddress: ['ada@example.com', 'grace@node-oracle.test'],
      orderBy: '+created_at',
      limit: 10,
    });
    equal(page.totalCount, 2, 'totalCount');
    page.data.forEach((u) => isA(u, 'User'));
    equal(page.data.length, 2, 'users');
  });
  await check('getCount', 'getCount', async () => equal(await users.getCount({ username: ['grace_h'] }), 1));
  await check('updateUser', 'updateUser', async () => {
    const user = await users.updateUser(graceId, { firstName: 'Grace B.', username: 'grace_b', deleteSelfEnabled: false });
    equal([user.firstName, user.username, user.deleteSelfEnabled], ['Grace B.', 'grace_b', false]);
  });
  await check('updateUserMetadata (deep merge)', 'updateUserMetadata', async () => {
    const user = await users.updateUserMetadata(ada, { publicMetadata: { nested: { b: 2 }, plan: null } });
    equal(user.publicMetadata, { nested: { a: 1, b: 2 } }, 'publicMetadata');
  });

  // --- ban, lock, image
  await check('banUser / unbanUser', 'banUser', async () => {
    equal((await users.banUser(graceId)).banned, true);
    equal((await users.unbanUser(graceId)).banned, false);
  });
  await check('lockUser / unlockUser', 'lockUser', async () => {
    equal((await users.lockUser(graceId)).locked, true);
    equal((await users.unlockUser(graceId)).locked, false);
  });
  await check('updateUserProfileImage (served back)', 'updateUserProfileImage', async () => {
    const user = await users.updateUserProfileImage(graceId, { file: new Blob([PNG], { type: 'image/png' }) });
    equal(user.hasImage, true, 'hasImage');
    const served = await fetch(user.imageUrl);
    equal([served.status, served.headers.get('content-type')], [200, 'image/png']);
    equal(Buffer.from(await served.arrayBuffer()).equals(PNG), true, 'bytes');
  });
  await check('deleteUserProfileImage', 'deleteUserProfileImage', async () =>
    equal((await users.deleteUserProfileImage(graceId)).hasImage, false),
  );

  // --- organizations, OAuth
  await check('getOrganizationMembershipList', 'getOrganizationMembershipList', async () => {
    const page = await users.getOrganizationMembershipList({ userId: ada, limit: 10 });
    equal(page.totalCount, 2, 'totalCount');
    isA(page.data[0], 'OrganizationMembership');
  });
  await check('getOrganizationInvitationList', 'getOrganizationInvitationList', async () => {
    const page = await users.getOrganizationInvitationList({ userId: ada, status: 'pending' });
    equal(page.totalCount, 1, 'totalCount');
  });
  await check('getUserOauthAccessToken (a page)', 'getUserOauthAccessToken', async () => {
    const page = await users.getUserOauthAccessToken(ada, 'google');
    equal(page.totalCount, 1, 'totalCount');
    equal(page.data[0].provider, 'oauth_google', 'provider');
  });

  // --- passwords and MFA
  await check('verifyPassword', 'verifyPassword', async () =>
    equal((await users.verifyPassword({ userId: ada, password: PASSWORD })).verified, true),
  );
  await check('verifyTOTP (TOTP code, backup code)', 'verifyTOTP', async () => {
    const totp = await users.verifyTOTP({ userId: ada, code: totpNow(TOTP_SECRET) });
    equal([totp.verified, totp.code_type], [true, 'totp']);
    const backup = await users.verifyTOTP({ userId: ada, code: 'backup-one' });
    equal([backup.verified, backup.code_type], [true, 'backup_code']);
  });
  await expectError('verifyTOTP: code of 5 digits -> 422', 422, 'totp_invalid_length', undefined, () =>
    users.verifyTOTP({ userId: ada, code: '12345' }),
  );
  await check('setPasswordCompromised / unsetPasswordCompromised', 'setPasswordCompromised', async () => {
    await users.setPasswordCompromised(ada, { revokeAllSessions: false });
    await users.unsetPasswordCompromised(ada);
  });
  await check('deleteUserBackupCodes / deleteUserTOTP / disableUserMFA', 'disableUserMFA', async () => {
    equal((await users.deleteUserBackupCodes(graceId)).user_id, graceId);
    equal((await users.deleteUserTOTP(graceId)).user_id, graceId);
    equal((await users.disableUserMFA(ada)).user_id, ada);
    const after = await users.getUser(ada);
    equal([after.totpEnabled, after.twoFactorEnabled], [false, false]);
  });
  await check('deleteUserPasskey / deleteUserWeb3Wallet / deleteUserExternalAccount', 'deleteUserPasskey', async () => {
    await users.deleteUserPasskey({ userId: ada, passkeyIdentificationId: 'idn_ada_passkey' });
    await users.deleteUserWeb3Wallet({ userId: ada, web3WalletIdentificationId: 'idn_ada_wallet2' });
    await users.deleteUserExternalAccount({ userId: ada, externalAccountId: 'eac_ada_github' });
    const after = await users.getUser(ada);
    equal([after.web3Wallets.length, after.externalAccounts.length], [1, 1]);
  });

  // --- Clerk's errors, as the SDK reads them
  await expectError('getUser: unknown user -> 404', 404, 'resource_not_found', undefined, () => users.getUser('user_nope'));
  await expectError('createUser: taken email -> 422', 422, 'form_identifier_exists', 'email_address', () =>
    users.createUser({ emailAddress: ['ada@example.com'] }),
  );
  await expectError('createUser: breached password -> 422', 422, 'form_password_pwned', 'password', () =>
    users.createUser({ emailAddress: ['pwned@node-oracle.test'], password: 'password123' }),
  );
  await expectError('createUser: short password -> 422', 422, 'form_password_length_too_short', 'password', () =>
    users.createUser({ password: 'short' }),
  );
  await expectError('createUser: short username -> 422', 422, 'form_username_invalid_length', 'username', () =>
    users.createUser({ username: 'ab' }),
  );
  await expectError('createUser: metadata not an object -> 422', 422, 'form_param_value_invalid', 'public_metadata', () =>
    users.createUser({ publicMetadata: 'plain text' }),
  );
  await expectError('verifyPassword: wrong password -> 422', 422, 'incorrect_password', undefined, () =>
    users.verifyPassword({ userId: graceId, password: 'wrong password' }),
  );
  await expectError('verifyTOTP: no TOTP -> 400', 400, 'totp_disabled', undefined, () =>
    users.verifyTOTP({ userId: 'user_example_grace', code: '123456' }),
  );
  await expectError('updateUserProfileImage: not an image -> 400', 400, 'request_body_invalid', undefined, () =>
    users.updateUserProfileImage(graceId, { file: new Blob(['<html></html>'], { type: 'image/png' }) }),
  );
  await control(url, 'PUT', '/instance', { preset: 'new_application' });
  await expectError('createUser: a new application wants an email address -> 422', 422, 'form_data_missing', undefined, () =>
    users.createUser({ firstName: 'Nobody' }),
  );
  await expectError('createUser: phone numbers are off -> 422', 422, 'form_param_unknown', 'phone_number', () =>
    users.createUser({ emailAddress: ['p@node-oracle.test'], password: 'Secure*Pass4', phoneNumber: ['+15555550142'] }),
  );
  await control(url, 'PUT', '/instance', { preset: 'permissive' });
  await check('a wrong key -> 401 clerk_key_invalid', null, async () => {
    const stranger = createClerkClient({ secretKey: 'sk_live_not_the_emulators', apiUrl: url });
    try {
      await stranger.users.getUser(ada);
    } catch (error) {
      equal([error.status, error.errors[0].code], [401, 'clerk_key_invalid']);
      return;
    }
    throw new Error('expected a 401');
  });
  await control(url, 'PUT', '/rate_limit', '1/60s');
  await users.getCount();
  await check('rate limit -> 429 with retryAfter, counted in /stats', null, async () => {
    try {
      await users.getCount();
    } catch (error) {
      equal([error.status, error.errors[0].code], [429, 'too_many_requests']);
      if (!(error.retryAfter >= 1)) throw new Error(`retryAfter ${error.retryAfter}`);
      equal((await control(url, 'GET', '/stats')).rate_limited, 1, 'rate_limited');
      return;
    }
    throw new Error('expected a 429');
  });
  await control(url, 'DELETE', '/rate_limit');

  // --- delete last
  await check('deleteUser', 'deleteUser', async () => equal((await users.deleteUser(graceId)).deleted, true));
  await expectError('deleteUser: twice -> 404', 404, 'resource_not_found', undefined, () => users.deleteUser(graceId));
}

const started = Date.now();
const { url, child } = await startEmulator();
try {
  await run(url);
} finally {
  child?.kill('SIGTERM');
}
console.log();
console.log(`@clerk/backend ${SDK_VERSION}: ${proven.size} users methods proven against the emulator`);
console.log(`took ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`node-oracle: ${passed.length} passed, ${failed.length} failed`);
process.exitCode = failed.length ? 1 : 0;
