// The ESM entry: `import { Clerk } from 'clerk-backend'` from an ES module.
import clerkBackend, { Clerk, ClerkErrors, type User } from 'clerk-backend';
import { Emulator } from 'clerk-backend/testing';

export async function main(): Promise<string | null> {
  const emu = new Emulator();
  const clerk: Clerk = emu.client();
  const user: User = await clerk.users.create({ firstName: 'Ada' });
  const same: typeof Clerk = clerkBackend.Clerk;
  await emu.close();
  return same === Clerk && !(user instanceof ClerkErrors) ? user.firstName : null;
}
