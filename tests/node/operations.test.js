'use strict';
// Every operation, called by name through the Node package against the emulator started in this
// process, with its result checked.

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');

const { Clerk, ClerkErrors, OPERATIONS } = require('clerk-backend');
const { Emulator } = require('clerk-backend/testing');

let emu;
let users;

before(() => {
  emu = new Emulator();
  users = emu.client({ retryConfig: null }).users;
});
after(() => emu.close());

/**
 * The operations of the table (`OPERATIONS`) missing from `called`, once the `onAttempt` events
 * still queued for the event loop have arrived (at most 2 s).
 */
async function notCalled(called) {
  const missing = () => OPERATIONS.map((op) => op.jsName).filter((name) => !called.has(name));
  const deadline = Date.now() + 2_000;
  while (missing().length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return missing();
}

/** Loaded data: objects only reachable by import (organizations, tokens, billing, passkeys). */
function loadFixtures() {
  return emu.importData({
    users: [
      {
        id: 'user_loaded',
        firstName: 'Loaded',
        emailAddresses: [{ emailAddress: 'loaded@example.com', reserved: false, linkedTo: [], verification: null }],
        passkeys: [{ id: 'idn_pk1', object: 'passkey', name: 'Laptop', lastUsedAt: 1, verification: null }],
        externalAccounts: [
          {
            object: 'external_account',
            id: 'eac_1',
            provider: 'oauth_google',
            identificationId: 'idn_g',
            providerUserId: 'g-123',
            approvedScopes: 'email',
            emailAddress: 'loaded@example.com',
            firstName: 'L',
            lastName: 'U',
            publicMetadata: {},
            createdAt: 1,
            updatedAt: 1,
            verification: null,
          },
        ],
        publicMetadata: { snake_key: { nested_key: 1 } },
        password: 'loaded-password',
        createdAt: 1700000000000,
      },
    ],
    organizationMemberships: [
      {
        id: 'orgmem_1',
        object: 'organization_membership',
        role: 'org:admin',
        permissions: [],
        publicMetadata: {},
        createdAt: 1,
        updatedAt: 1,
        organization: {
          object: 'organization',
          id: 'org_1',
          name: 'Acme',
          slug: 'acme',
          hasImage: false,
          maxAllowedMemberships: 5,
          adminDeleteEnabled: true,
          publicMetadata: {},
          createdAt: 1,
          updatedAt: 1,
        },
        publicUserData: {
          userId: 'user_loaded',
          firstName: 'Loaded',
          lastName: null,
          profileImageUrl: null,
          imageUrl: '',
          hasImage: false,
          identifier: 'loaded@example.com',
        },
      },
    ],
    organization_invitations: [
      {
        object: 'organization_invitation',
        id: 'orginv_1',
        email_address: 'loaded@example.com',
        role: 'org:member',
        role_name: 'Member',
        organization_id: 'org_1',
        inviter_id: null,
        public_inviter_data: null,
        status: 'pending',
        public_metadata: {},
        url: null,
        expires_at: null,
        created_at: 1,
        updated_at: 1,
      },
    ],
    oauthAccessTokens: [
      {
        userId: 'user_loaded',
        object: 'oauth_access_token',
        externalAccountId: 'eac_1',
        providerUserId: 'g-123',
        token: 'tok',
        expiresAt: null,
        provider: 'oauth_google',
        publicMetadata: {},
        label: null,
        scopes: ['email'],
      },
    ],
    billingSubscriptions: [
      {
        userId: 'user_loaded',
        object: 'commerce_subscription',
        id: 'csub_1',
        instanceId: 'ins_1',
        status: 'active',
        payerId: 'cpayer_1',
        createdAt: 1,
        updatedAt: 1,
        activeAt: 1,
        pastDueAt: null,
        subscriptionItems: [],
      },
    ],
  });
}

test('every operation, by name, against the emulator', async () => {
  // The operations each call reached, as the client reports them: a new operation fails the
  // check at the end until this test calls it.
  const called = new Set();
  const users = emu.client({ retryConfig: null, onAttempt: (event) => called.add(event.operation) }).users;

  // create
  const ada = await users.create({
    emailAddress: ['ada@example.com'],
    phoneNumber: ['+15555550100'],
    web3Wallet: ['0x1111111111111111111111111111111111111111'],
    username: 'ada_l',
    firstName: 'Ada',
    lastName: 'Lovelace',
    password: 'correct-horse',
    totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    backupCodes: ['backup-1', 'backup-2'],
    publicMetadata: { plan: 'pro', snake_case_key: { inner_key: [1, null] } },
  });
  assert.match(ada.id, /^user_/);
  assert.equal(ada.object, 'user');
  assert.equal(ada.firstName, 'Ada');
  assert.equal(ada.emailAddresses[0].emailAddress, 'ada@example.com');
  assert.equal(ada.primaryEmailAddressId, ada.emailAddresses[0].id);
  assert.ok(ada.passwordEnabled && ada.totpEnabled && ada.backupCodeEnabled && ada.twoFactorEnabled);
  assert.deepEqual(ada.publicMetadata, { plan: 'pro', snake_case_key: { inner_key: [1, null] } });
  assert.equal(typeof ada.createdAt, 'number');
  const bob = await users.create({ emailAddress: ['bob@example.com'], firstName: 'Bob' });

  // list, count, get
  const listed = await users.list();
  assert.deepEqual(
    listed.map((u) => u.id),
    [bob.id, ada.id],
  );
  const filtered = await users.list({ emailAddress: ['ada@example.com'], limit: 5 });
  assert.deepEqual(
    filtered.map((u) => u.id),
    [ada.id],
  );
  const count = await users.count();
  assert.deepEqual(count, { object: 'total_count', totalCount: 2 });
  const got = await users.get({ userId: ada.id });
  assert.deepEqual(got, ada);

  // update, updateMetadata
  const updated = await users.update({ userId: ada.id, lastName: null, locale: 'fr' });
  assert.equal(updated.firstName, 'Ada');
  assert.equal(updated.lastName, null);
  assert.equal(updated.locale, 'fr');
  const merged = await users.updateMetadata({ userId: ada.id, publicMetadata: { seats: 3, plan: null } });
  assert.deepEqual(merged.publicMetadata, { snake_case_key: { inner_key: [1, null] }, seats: 3 });

  // ban, unban, bulkBan, bulkUnban, lock, unlock
  assert.equal((await users.ban({ userId: bob.id })).banned, true);
  assert.equal((await users.unban({ userId: bob.id })).banned, false);
  const banned = await users.bulkBan({ userIds: [ada.id, bob.id] });
  assert.equal(banned.length, 2);
  assert.ok(banned.every((u) => u.banned));
  assert.equal((await users.count({ banned: true })).totalCount, 2);
  const unbanned = await users.bulkUnban({ userIds: [ada.id, bob.id] });
  assert.ok(unbanned.every((u) => !u.banned));
  const locked = await users.lock({ userId: bob.id });
  assert.equal(locked.locked, true);
  assert.ok(locked.lockoutExpiresInSeconds > 3500);
  const unlocked = await users.unlock({ userId: bob.id });
  assert.equal(unlocked.locked, false);
  assert.equal(unlocked.lockoutExpiresInSeconds, null);

  // profile image
  const png = Buffer.from('\x89PNG\r\n\x1a\nnot-really-a-png', 'latin1');
  const withImage = await users.setProfileImage({ userId: ada.id, file: { fileName: 'ada.png', content: png } });
  assert.equal(withImage.hasImage, true);
  const served = await fetch(withImage.imageUrl);
  assert.equal(served.headers.get('content-type'), 'image/png');
  assert.deepEqual(Buffer.from(await served.arrayBuffer()), png);
  const without = await users.deleteProfileImage({ userId: ada.id });
  assert.equal(without.hasImage, false);
  assert.notEqual(without.imageUrl, withImage.imageUrl);

  // billing
  await assert.rejects(users.getBillingSubscription({ userId: ada.id }), (e) => {
    assert.ok(e instanceof ClerkErrors);
    assert.equal(e.statusCode, 404);
    assert.equal(e.data.errors[0].code, 'resource_not_found');
    return true;
  });
  const balance = await users.getBillingCreditBalance({ userId: ada.id });
  assert.deepEqual(balance, { object: 'commerce_credit_balance', balance: null });
  const entry = await users.adjustBillingCreditBalance({
    userId: ada.id,
    amount: 1250,
    action: 'increase',
    idempotencyKey: 'k1',
  });
  assert.equal(entry.amount.amount, 1250);
  assert.equal(entry.amount.amountFormatted, '12.50');
  assert.equal(entry.amount.currency, 'USD');
  const again = await users.adjustBillingCreditBalance({
    userId: ada.id,
    amount: 1250,
    action: 'increase',
    idempotencyKey: 'k1',
  });
  assert.equal(again.id, entry.id, 'the idempotency key returns the first entry');
  const after = await users.getBillingCreditBalance({ userId: ada.id });
  assert.equal(after.balance.amount, 1250);

  // OAuth tokens, organizations (empty for a created user)
  assert.deepEqual(await users.getOAuthAccessToken({ userId: ada.id, provider: 'oauth_google' }), []);
  assert.deepEqual(await users.getOAuthAccessToken({ userId: ada.id, provider: 'oauth_google', paginated: true }), {
    data: [],
    totalCount: 0,
  });
  assert.deepEqual(await users.getOrganizationMemberships({ userId: ada.id }), { data: [], totalCount: 0 });
  assert.deepEqual(await users.getOrganizationInvitations({ userId: ada.id }), { data: [], totalCount: 0 });

  // passwords and MFA
  assert.deepEqual(await users.verifyPassword({ userId: ada.id, password: 'correct-horse' }), { verified: true });
  const totp = await users.verifyTotp({ userId: ada.id, code: 'backup-1' });
  assert.deepEqual(totp, { verified: true, codeType: 'backup_code' });
  const compromised = await users.setPasswordCompromised({ userId: ada.id, revokeAllSessions: true });
  assert.equal(compromised.id, ada.id);
  const cleared = await users.unsetPasswordCompromised({ userId: ada.id });
  assert.equal(cleared.id, ada.id);
  assert.deepEqual(await users.deleteTotp({ userId: ada.id }), { userId: ada.id });
  let now = await users.get({ userId: ada.id });
  assert.ok(!now.totpEnabled && now.backupCodeEnabled && now.twoFactorEnabled);
  assert.deepEqual(await users.deleteBackupCodes({ userId: ada.id }), { userId: ada.id });
  now = await users.get({ userId: ada.id });
  assert.ok(!now.backupCodeEnabled && !now.twoFactorEnabled);
  assert.equal(typeof now.mfaDisabledAt, 'number');
  assert.deepEqual(await users.disableMfa({ userId: ada.id }), { userId: ada.id });

  // identifications
  const walletId = ada.web3Wallets[0].id;
  const gone = await users.deleteWeb3Wallet({ userId: ada.id, web3WalletIdentificationId: walletId });
  assert.deepEqual(gone, { object: 'web3_wallet', id: walletId, deleted: true });
  assert.deepEqual((await users.get({ userId: ada.id })).web3Wallets, []);

  // Loaded data: organizations, invitations, tokens, subscription, passkey, external account.
  const loaded = loadFixtures();
  assert.equal(loaded.length, 1);
  assert.equal(loaded[0].id, 'user_loaded');
  assert.deepEqual(loaded[0].publicMetadata, { snake_key: { nested_key: 1 } });
  const memberships = await users.getOrganizationMemberships({ userId: 'user_loaded' });
  assert.equal(memberships.totalCount, 1);
  assert.equal(memberships.data[0].organization.id, 'org_1');
  assert.equal(memberships.data[0].publicUserData.userId, 'user_loaded');
  const instance = await users.getInstanceOrganizationMemberships({ orderBy: '-created_at', limit: 10 });
  assert.equal(instance.totalCount, 1);
  const invitations = await users.getOrganizationInvitations({ userId: 'user_loaded' });
  assert.equal(invitations.totalCount, 1);
  assert.equal(invitations.data[0].roleName, 'Member');
  const accepted = await users.getOrganizationInvitations({ userId: 'user_loaded', status: 'accepted' });
  assert.equal(accepted.totalCount, 0);
  const tokens = await users.getOAuthAccessToken({ userId: 'user_loaded', provider: 'oauth_google' });
  assert.equal(tokens.length, 1);
  assert.equal(tokens[0].token, 'tok');
  assert.deepEqual(tokens[0].scopes, ['email']);
  const sub = await users.getBillingSubscription({ userId: 'user_loaded' });
  assert.equal(sub.id, 'csub_1');
  assert.equal(sub.status, 'active');
  assert.deepEqual(sub.subscriptionItems, []);
  const passkey = await users.deletePasskey({ userId: 'user_loaded', passkeyIdentificationId: 'idn_pk1' });
  assert.equal(passkey.object, 'passkey');
  assert.equal(passkey.deleted, true);
  const account = await users.deleteExternalAccount({ userId: 'user_loaded', externalAccountId: 'eac_1' });
  assert.equal(account.object, 'external_account');
  assert.equal(account.deleted, true);
  const loadedNow = await users.get({ userId: 'user_loaded' });
  assert.deepEqual(loadedNow.passkeys, []);
  assert.deepEqual(loadedNow.externalAccounts, []);

  // delete
  const deleted = await users.delete({ userId: bob.id });
  assert.deepEqual(deleted, { object: 'user', id: bob.id, deleted: true });
  await assert.rejects(users.get({ userId: bob.id }), (e) => e instanceof ClerkErrors && e.statusCode === 404);

  const missing = await notCalled(called);
  assert.deepEqual(missing, [], `operations this test does not call: ${missing.join(', ')}`);
});

test('export gives a document that load reads back; reset forgets everything', async () => {
  emu.reset();
  loadFixtures();
  const doc = emu.exportData();
  assert.equal(doc.users.length, 1);
  assert.equal(doc.users[0].passwordHasher, 'bcrypt');
  assert.deepEqual(doc.users[0].publicMetadata, { snake_key: { nested_key: 1 } });
  assert.equal(doc.organizationMemberships.length, 1);
  emu.reset();
  assert.equal((await users.count()).totalCount, 0);
  emu.importData(doc);
  const back = await users.get({ userId: 'user_loaded' });
  assert.equal(back.firstName, 'Loaded');
  assert.deepEqual(back.publicMetadata, { snake_key: { nested_key: 1 } });
  assert.deepEqual(await users.verifyPassword({ userId: 'user_loaded', password: 'loaded-password' }), {
    verified: true,
  });
});

test('an emulator can be started with data and a secret key', async () => {
  const strict = await Emulator.start({ secretKey: 'sk_test_only_this', data: { users: [{ id: 'user_x', firstName: 'X' }] } });
  try {
    const user = await strict.client().users.get({ userId: 'user_x' });
    assert.equal(user.firstName, 'X');
    const wrong = new Clerk({ bearerAuth: 'sk_test_other', serverUrl: strict.url, retryConfig: null });
    await assert.rejects(wrong.users.get({ userId: 'user_x' }), (e) => e.statusCode === 401);
  } finally {
    await strict.close();
  }
  assert.equal(strict.closed, true);
  await strict.close();
});

test('faults can be listed and cleared; loadUsers takes a list of users', async () => {
  emu.reset();
  emu.fault({ status: 503, count: 2, method: 'GET', path: '/v1/users' });
  emu.fault({ delayMs: 10 });
  assert.deepEqual(await emu.pendingFaults(), [
    { status: 503, count: 2, method: 'GET', path: '/v1/users', malformedJson: false },
    { delayMs: 10, count: 1, malformedJson: false },
  ]);
  await emu.clearFaults();
  assert.deepEqual(await emu.pendingFaults(), []);
  assert.throws(() => emu.fault({ count: 1 }), (e) => e instanceof TypeError && /status/.test(e.message));
  assert.throws(() => emu.fault({ status: 700 }), (e) => e instanceof TypeError && /between 200 and 599/.test(e.message));
  assert.throws(() => emu.fault({ status: 503, count: 0 }), TypeError);
  assert.throws(() => emu.fault({ status: 503, statsu: 1 }), (e) => e instanceof TypeError && /unknown field `statsu`/.test(e.message));
  const added = emu.loadUsers([{ first_name: 'Snake', public_metadata: { keep_me: true } }, { firstName: 'Camel' }]);
  assert.deepEqual(
    added.map((u) => [u.firstName, u.publicMetadata]),
    [
      ['Snake', { keep_me: true }],
      ['Camel', {}],
    ],
  );
  assert.equal(emu.port, Number(new URL(emu.url).port));
  assert.equal(emu.url, `${emu.rootUrl}/v1`);
});
