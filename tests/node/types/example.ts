// A TypeScript program over the public types, checked with `tsc --noEmit --strict` (types.test.js).
// The `@ts-expect-error` lines must stay errors: they pin what the types refuse.

import {
  Clerk,
  ClerkBaseError,
  ClerkConnectionError,
  ClerkErrors,
  ClerkTimeoutError,
  OPERATIONS,
  ResponseValidationError,
  SDKError,
  VERSION,
  type AttemptInfo,
  type BillingSubscription,
  type ClerkError,
  type DeletedObject,
  type Metadata,
  type OAuthAccessToken,
  type OAuthAccessTokenPage,
  type OrganizationInvitations,
  type OrganizationMemberships,
  type RequestOptions,
  type RetryConfig,
  type TotalCount,
  type User,
  type UserIdResponse,
  type VerifyTotpResponse,
} from 'clerk-backend';
import { Emulator, type EmulatorData, type Fault } from 'clerk-backend/testing';

// No @types/node here: the package's types stand on their own.
declare const console: { log(...args: unknown[]): void };

// The app types its own metadata, as with @clerk/backend.
declare global {
  interface UserPublicMetadata {
    plan?: 'free' | 'pro';
  }
}

const retry: RetryConfig = {
  strategy: 'backoff',
  backoff: { initialInterval: 10, maxInterval: 100, exponent: 1.5, maxElapsedTime: 1000 },
  retryConnectionErrors: true,
};
const options: RequestOptions = { retries: null, serverUrl: 'http://127.0.0.1:1/v1', timeoutMs: 100, httpHeaders: { 'x-a': 'b' } };

// The shape of the DOM's and Node's AbortSignal (neither library is loaded here): a real
// signal must fit `options.signal`.
declare class DomLikeAbortSignal {
  readonly aborted: boolean;
  readonly reason: any;
  onabort: ((this: DomLikeAbortSignal, ev: unknown) => any) | null;
  throwIfAborted(): void;
  addEventListener(type: string, listener: ((ev: unknown) => any) | null, options?: boolean | { once?: boolean }): void;
  removeEventListener(type: string, listener: ((ev: unknown) => any) | null, options?: boolean | { capture?: boolean }): void;
  dispatchEvent(event: unknown): boolean;
}
declare const abortSignal: DomLikeAbortSignal;
const abortable: RequestOptions = { ...options, signal: abortSignal };
// @ts-expect-error: a signal is an object with `aborted` and the listener methods.
const notASignal: RequestOptions = { signal: true };

export async function tour(secret: string): Promise<void> {
  const clerk = new Clerk({ bearerAuth: secret, retryConfig: retry, timeoutMs: 5000 });
  const none = new Clerk({ bearerAuth: secret, retryConfig: null, serverUrl: clerk.serverUrl });

  const paced = new Clerk({
    bearerAuth: secret,
    rateLimit: { requests: 100, perSeconds: 10 },
    maxConcurrency: 8,
    onAttempt: (event: AttemptInfo) => console.log(event.operation, event.status, event.durationMs, event.retryInMs),
  });
  const auto = new Clerk({ bearerAuth: secret, rateLimit: 'auto' });
  for await (const user of paced.users.listAll({ banned: false, pageSize: 100 })) {
    const id: string = user.id;
    console.log(id);
  }
  // @ts-expect-error: listAll pages by cursor, not by offset
  auto.users.listAll({ offset: 10 });
  // @ts-expect-error: rateLimit is { requests, perSeconds } or 'auto'
  new Clerk({ bearerAuth: secret, rateLimit: 100 });

  const users: User[] = await clerk.users.list({ emailAddress: ['ada@example.com'], limit: 20, orderBy: '-created_at' });
  const first: User | undefined = users[0];
  const email: string | undefined = first?.emailAddresses[0]?.emailAddress;
  const name: string | null | undefined = first?.firstName;
  const plan: 'free' | 'pro' | undefined = first?.publicMetadata.plan;
  // @ts-expect-error: the app declared `plan` as 'free' | 'pro'
  const wrongPlan: number | undefined = first?.publicMetadata.plan;
  const otherKey: unknown = first?.publicMetadata['anything'];
  // Absent when Clerk left it out, null when Clerk sent null.
  const locale: string | null | undefined = first?.locale;
  // @ts-expect-error: an optional field may be null
  const strictLocale: string | undefined = first?.locale;
  const apart: Record<string, unknown> | undefined = first?.$collisions;
  const status = first?.emailAddresses[0]?.verification?.status;
  if (status === 'verified' || status === 'some_future_status') console.log(status);
  console.log(email, name, plan, locale, strictLocale, apart);

  const count: TotalCount = await clerk.users.count({ banned: true });
  const total: number = count.totalCount;
  const ada: User = await clerk.users.create({
    emailAddress: ['ada@example.com'],
    firstName: 'Ada',
    lastName: null,
    publicMetadata: { plan: 'pro', nested: { any_key: [1, 'two', null] } },
    legalAcceptedAt: new Date(),
  });
  await clerk.users.get({ userId: ada.id }, options);
  await clerk.users.count({}, abortable);
  void notASignal;
  await clerk.users.update({ userId: ada.id, lastName: null, backupCodes: null });
  const deleted: DeletedObject = await clerk.users.delete({ userId: ada.id });
  const banned: User[] = await clerk.users.bulkBan({ userIds: [ada.id] });
  await clerk.users.bulkUnban({ userIds: [ada.id] });
  await clerk.users.ban({ userId: ada.id });
  await clerk.users.unban({ userId: ada.id });
  await clerk.users.lock({ userId: ada.id });
  await clerk.users.unlock({ userId: ada.id });
  await clerk.users.setProfileImage({ userId: ada.id, file: { fileName: 'a.png', content: new Uint8Array([1, 2]) } });
  await clerk.users.setProfileImage({ userId: ada.id, file: { fileName: 'a.txt', content: 'text', contentType: 'text/plain' } });
  await clerk.users.deleteProfileImage({ userId: ada.id });
  const meta: Metadata = (await clerk.users.updateMetadata({ userId: ada.id, privateMetadata: { a: null } })).publicMetadata;
  const sub: BillingSubscription = await clerk.users.getBillingSubscription({ userId: ada.id });
  const items: number = sub.subscriptionItems.length;
  const balance = await clerk.users.getBillingCreditBalance({ userId: ada.id });
  const amount: number | undefined = balance.balance?.amount;
  const entry = await clerk.users.adjustBillingCreditBalance({ userId: ada.id, amount: 100, action: 'decrease', idempotencyKey: 'k' });
  const formatted: string = entry.amount.amountFormatted;
  const tokens: OAuthAccessToken[] = await clerk.users.getOAuthAccessToken({ userId: ada.id, provider: 'oauth_google' });
  const tokenPage: OAuthAccessTokenPage = await clerk.users.getOAuthAccessToken({ userId: ada.id, provider: 'oauth_google', paginated: true });
  const pageTotal: number = tokenPage.totalCount;
  const memberships: OrganizationMemberships = await clerk.users.getOrganizationMemberships({ userId: ada.id, limit: 5 });
  const orgName: string | undefined = memberships.data[0]?.organization.name;
  const invitations: OrganizationInvitations = await clerk.users.getOrganizationInvitations({ userId: ada.id, status: 'pending' });
  const verified: boolean = (await clerk.users.verifyPassword({ userId: ada.id, password: 'pw' })).verified;
  const totp: VerifyTotpResponse = await clerk.users.verifyTotp({ userId: ada.id, code: '123456' });
  const ids: UserIdResponse[] = [
    await clerk.users.disableMfa({ userId: ada.id }),
    await clerk.users.deleteBackupCodes({ userId: ada.id }),
    await clerk.users.deleteTotp({ userId: ada.id }),
  ];
  await clerk.users.deletePasskey({ userId: ada.id, passkeyIdentificationId: 'idn_1' });
  await clerk.users.deleteWeb3Wallet({ userId: ada.id, web3WalletIdentificationId: 'idn_2' });
  await clerk.users.deleteExternalAccount({ userId: ada.id, externalAccountId: 'eac_1' });
  await clerk.users.setPasswordCompromised({ userId: ada.id, revokeAllSessions: true });
  await clerk.users.unsetPasswordCompromised({ userId: ada.id });
  await none.users.getInstanceOrganizationMemberships();
  await none.users.getInstanceOrganizationMemberships({ orderBy: '+created_at', limit: 10, offset: 0 });
  console.log(total, deleted.deleted, banned.length, meta, items, amount, formatted, tokens, pageTotal, orgName, invitations, verified, totp.codeType, ids, VERSION, OPERATIONS[0]?.jsName);

  // @ts-expect-error: userId is required
  await clerk.users.get({});
  // @ts-expect-error: unknown parameter (the snake_case name)
  await clerk.users.get({ user_id: 'x' });
  // @ts-expect-error: wrong type
  await clerk.users.list({ limit: '10' });
  // @ts-expect-error: emailAddress is a list
  await clerk.users.list({ emailAddress: 'a@example.com' });
  // @ts-expect-error: action is increase or decrease
  await clerk.users.adjustBillingCreditBalance({ userId: 'u', amount: 1, action: 'double', idempotencyKey: 'k' });
  // @ts-expect-error: unknown option
  await clerk.users.list({}, { timeout: 5 });
  // @ts-expect-error: unknown method
  await clerk.users.getUser({ userId: 'x' });
  // @ts-expect-error: bearerAuth is required
  new Clerk({ serverUrl: 'http://localhost' });
  // @ts-expect-error: a retry strategy is backoff or none
  new Clerk({ bearerAuth: secret, retryConfig: { strategy: 'sometimes' } });
  // @ts-expect-error: results are typed: no such field
  console.log(ada.fristName);
}

export function handle(error: unknown): string {
  if (error instanceof ClerkErrors) {
    const first: ClerkError | undefined = error.data.errors[0];
    const trace: string | null | undefined = error.clerkTraceId;
    const status: number = error.statusCode;
    return `${status} ${first?.code} ${first?.longMessage} ${first?.meta?.['param_name']} ${trace} ${error.data.meta}`;
  }
  if (error instanceof SDKError) return `${error.statusCode} ${error.body} ${error.headers['content-type']} ${error.retryAfter}`;
  if (error instanceof ResponseValidationError) return `${error.statusCode} ${String(error.cause)}`;
  if (error instanceof ClerkTimeoutError) return `timeout ${error.timeoutMs}`;
  if (error instanceof ClerkConnectionError) return 'connection';
  if (error instanceof ClerkBaseError) return error.message;
  if (error instanceof TypeError) return error.message;
  return String(error);
}

export async function withEmulator(): Promise<number> {
  const data: EmulatorData = {
    users: [{ id: 'user_1', firstName: 'Ada', emailAddresses: [{ emailAddress: 'ada@example.com' }], password: 'pw' }],
    oauthAccessTokens: [{ userId: 'user_1', token: 'tok', provider: 'oauth_google' }],
  };
  const emu = await Emulator.start({ data });
  const fault: Fault = { status: 503, count: 2, path: '/v1/users' };
  emu.fault(fault);
  emu.rateLimit({ requests: 100 });
  emu.rateLimit(null);
  const loaded: User[] = emu.loadUsers([{ firstName: 'Grace' }]);
  const exported = emu.exportData();
  const clerk = emu.client({ retryConfig: { strategy: 'none' } });
  const count = await clerk.users.count();
  emu.reset();
  await emu.close();
  console.log(emu.url, emu.rootUrl, emu.port, emu.closed, loaded.length, exported.users[0]?.id);
  return count.totalCount;
}
