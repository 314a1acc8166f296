// A tour of clerk-backend for Node against the embedded emulator: no Clerk account, no network.
//
//   npm install                        # from the repository root (builds the addon; needs Rust)
//   node examples/node/quickstart.mjs
//
// `new Emulator()` runs the Rust emulator of Clerk's users API inside this process, on a free port
// of 127.0.0.1; the same code runs against Clerk once `serverUrl` is dropped and a real secret key
// is given.

import { Clerk, ClerkErrors, SDKError } from 'clerk-backend';
import { Emulator } from 'clerk-backend/testing';

const PEOPLE = [
  ['Ada', 'Lovelace', 'ada@example.com', 'pro'],
  ['Grace', 'Hopper', 'grace@example.com', 'free'],
  ['Alan', 'Turing', 'alan@example.com', 'pro'],
];

const emulator = new Emulator();
try {
  console.log(`emulator listening on ${emulator.url}`);
  const clerk = new Clerk({ bearerAuth: 'sk_test_quickstart', serverUrl: emulator.url });

  for (const [first, last, email, plan] of PEOPLE) {
    const user = await clerk.users.create({
      firstName: first,
      lastName: last,
      emailAddress: [email],
      password: `${first}-secret-password`,
      publicMetadata: { plan },
    });
    console.log(`created  ${user.id} ${first} ${last} <${email}> plan=${plan}`);
  }

  const users = await clerk.users.list({ limit: 10 });
  console.log(`list     newest first: ${users.map((u) => u.firstName).join(', ')}`);
  const [grace] = await clerk.users.list({ query: 'hopper' });
  console.log(`list     query=hopper -> ${grace.id} (${grace.emailAddresses[0].emailAddress})`);
  console.log(`count    ${(await clerk.users.count()).totalCount} users`);

  const updated = await clerk.users.update({ userId: grace.id, firstName: 'Amazing Grace' });
  console.log(`update   ${updated.id} firstName=${JSON.stringify(updated.firstName)} lastName=${JSON.stringify(updated.lastName)}`);
  const upgraded = await clerk.users.updateMetadata({ userId: grace.id, publicMetadata: { plan: 'pro', seats: 5 } });
  console.log(`metadata ${upgraded.id} publicMetadata=${JSON.stringify(upgraded.publicMetadata)}`);

  const banned = await clerk.users.ban({ userId: grace.id });
  console.log(`ban      ${banned.id} banned=${banned.banned}`);
  console.log(`count    banned=${(await clerk.users.count({ banned: true })).totalCount}`);
  const unbanned = await clerk.users.unban({ userId: grace.id });
  console.log(`unban    ${unbanned.id} banned=${unbanned.banned}`);

  const verified = await clerk.users.verifyPassword({ userId: grace.id, password: 'Grace-secret-password' });
  console.log(`verify   password verified=${verified.verified}`);
  try {
    await clerk.users.verifyPassword({ userId: grace.id, password: 'wrong password' });
    throw new Error('a wrong password was accepted');
  } catch (error) {
    // verifyPassword's docs table: ClerkErrors only for 500, so a 4XX is an SDKError.
    if (!(error instanceof SDKError)) throw error;
    console.log(`verify   wrong password -> ${error.name} HTTP ${error.statusCode}`);
  }

  // Two injected 503s: the client retries them (here with a short backoff).
  emulator.fault({ status: 503, count: 2 });
  const quick = { strategy: 'backoff', backoff: { initialInterval: 50, maxInterval: 500, exponent: 1.5, maxElapsedTime: 5000 } };
  console.log(`retry    two 503s, then count=${(await clerk.users.count({}, { retries: quick })).totalCount}`);

  // Promises: many requests in flight at once, on one connection pool, off the event loop.
  const fetched = await Promise.all(users.map((u) => clerk.users.get({ userId: u.id })));
  console.log(`async    fetched ${fetched.length} users concurrently: ${fetched.map((u) => u.firstName).join(', ')}`);

  const deleted = await clerk.users.delete({ userId: grace.id });
  console.log(`delete   ${deleted.id} deleted=${deleted.deleted}`);
  try {
    await clerk.users.get({ userId: grace.id });
    throw new Error('a deleted user was found');
  } catch (error) {
    if (!(error instanceof ClerkErrors)) throw error;
    const [first] = error.data.errors;
    console.log(`get      deleted user -> HTTP ${error.statusCode} ${first.code} (trace ${error.clerkTraceId})`);
  }
  console.log(`count    ${(await clerk.users.count()).totalCount} users left`);
} finally {
  await emulator.close();
}
