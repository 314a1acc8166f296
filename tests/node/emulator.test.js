'use strict';
// clerk-backend/testing's Emulator: instance settings, a tight rate limit and its stats, and
// Clerk's error codes as the Node client classifies them.

const assert = require('node:assert/strict');
const { after, test } = require('node:test');

const { ClerkErrors, SDKError } = require('clerk-backend');
const { Emulator } = require('clerk-backend/testing');

const emu = new Emulator();
const clerk = emu.client({ retryConfig: null });
after(() => emu.close());

const permissive = {
  identifiers: { emailAddress: 'optional', phoneNumber: 'optional', username: 'optional', web3Wallet: 'optional' },
  password: { required: false, minLength: 8, rejectBreached: true },
  username: { minLength: 4, maxLength: 64 },
};

test('instance settings: presets, partial settings, Clerk codes on create', async () => {
  emu.reset();
  emu.setInstance('permissive');
  assert.deepEqual(emu.instance(), permissive);

  await assert.rejects(clerk.users.create({ emailAddress: ['ada@example.com'], password: 'password123' }), (e) => {
    assert.ok(e instanceof ClerkErrors);
    assert.equal(e.statusCode, 422);
    assert.equal(e.data.errors[0].code, 'form_password_pwned');
    assert.deepEqual(e.data.errors[0].meta, { param_name: 'password' });
    return true;
  });
  await assert.rejects(clerk.users.create({ username: 'ada' }), (e) => e.data.errors[0].code === 'form_username_invalid_length');

  const newApp = emu.setInstance('new_application');
  assert.deepEqual(newApp.identifiers, { emailAddress: 'required', phoneNumber: 'off', username: 'off', web3Wallet: 'off' });
  assert.equal(newApp.password.required, true);
  await assert.rejects(clerk.users.create({ firstName: 'Nobody' }), (e) => {
    assert.equal(e.data.errors[0].code, 'form_data_missing');
    assert.deepEqual(e.data.errors[0].meta, { param_names: ['email_address', 'password'] });
    return true;
  });
  await assert.rejects(
    clerk.users.create({ emailAddress: ['p@example.com'], password: 'Secure*Pass4', phoneNumber: ['+15555550100'] }),
    (e) => e.data.errors[0].code === 'form_param_unknown' && e.data.errors[0].meta.param_name === 'phone_number',
  );
  assert.equal((await clerk.users.create({ emailAddress: ['p@example.com'], password: 'Secure*Pass4' })).passwordEnabled, true);

  // camelCase or snake_case keys; keys left out keep the preset's values; reset keeps them.
  const set = emu.setInstance({ preset: 'permissive', password: { rejectBreached: false }, username: { min_length: 2 } });
  assert.deepEqual(set, { ...permissive, password: { ...permissive.password, rejectBreached: false }, username: { minLength: 2, maxLength: 64 } });
  emu.reset();
  assert.equal(emu.instance().password.rejectBreached, false);
  assert.equal((await clerk.users.create({ username: 'ab', password: 'password123' })).username, 'ab');
  assert.equal(emu.exportData().instance.password.rejectBreached, false);

  assert.throws(() => emu.setInstance({ identifiers: { phone: 'off' } }), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE', message: /identifiers\.phone/ });
  assert.throws(() => emu.setInstance('locked_down'), { code: 'ERR_INVALID_ARG_VALUE', message: /preset/ });
  assert.throws(() => emu.setInstance(42), { code: 'ERR_INVALID_ARG_TYPE' });
  emu.setInstance('permissive');

  const other = new Emulator({ instance: 'new_application', data: { instance: { identifiers: { username: 'required' } } } });
  try {
    // The data's settings come last.
    assert.equal(other.instance().identifiers.username, 'required');
    assert.equal(other.instance().identifiers.emailAddress, 'optional');
  } finally {
    await other.close();
  }
});

test('a tight rate limit, counted in stats()', async () => {
  emu.reset();
  emu.setRateLimit('20/1s');
  assert.deepEqual(emu.getRateLimit(), { requests: 20, perSeconds: 1 });
  emu.setRateLimit('3/60s');
  assert.deepEqual(emu.stats(), { requests: 0, rateLimited: 0, faulted: 0 });
  for (let i = 0; i < 3; i++) await clerk.users.count({});
  for (let i = 0; i < 2; i++) {
    await assert.rejects(clerk.users.count({}), (e) => e instanceof SDKError && e.statusCode === 429);
  }
  assert.deepEqual(emu.stats(), { requests: 5, rateLimited: 2, faulted: 0 });
  emu.setRateLimit(null);
  assert.equal(emu.getRateLimit(), null);
  emu.fault({ status: 503 });
  await assert.rejects(clerk.users.count({}), (e) => e.statusCode === 503);
  assert.deepEqual(emu.stats(), { requests: 6, rateLimited: 2, faulted: 1 });
  emu.rateLimit({ requests: 5, perSeconds: 2 });
  assert.deepEqual(emu.getRateLimit(), { requests: 5, perSeconds: 2 });
  emu.reset();
  assert.deepEqual(emu.stats(), { requests: 0, rateLimited: 0, faulted: 0 });
  assert.throws(() => emu.setRateLimit('lots'), { code: 'ERR_INVALID_ARG_VALUE', message: /rate limit/ });
  assert.throws(() => emu.setRateLimit('0/1s'), { code: 'ERR_INVALID_ARG_VALUE' });
  assert.throws(() => emu.setRateLimit(5), { code: 'ERR_INVALID_ARG_TYPE' });
  emu.setRateLimit(null);

  const limited = new Emulator({ rateLimit: '1/60s' });
  try {
    assert.deepEqual(limited.getRateLimit(), { requests: 1, perSeconds: 60 });
  } finally {
    await limited.close();
  }
});

test("Clerk's codes of verify_password and verify_totp, as SDKError", async () => {
  emu.reset();
  const user = await clerk.users.create({ password: 'Secure*Pass4', totpSecret: 'JBSWY3DPEHPK3PXP' });
  await assert.rejects(clerk.users.verifyPassword({ userId: user.id, password: 'nope' }), (e) => {
    assert.ok(e instanceof SDKError && !(e instanceof ClerkErrors));
    assert.equal(e.statusCode, 422);
    assert.equal(JSON.parse(e.body).errors[0].code, 'incorrect_password');
    return true;
  });
  await assert.rejects(clerk.users.verifyTotp({ userId: user.id, code: '12345' }), (e) => {
    assert.equal(JSON.parse(e.body).errors[0].code, 'totp_invalid_length');
    return true;
  });
  await assert.rejects(clerk.users.get({ userId: 'user_missing' }), (e) => {
    assert.equal(e.data.errors[0].longMessage, 'No user was found with id user_missing');
    return true;
  });
});
